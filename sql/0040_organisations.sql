-- The office's associations (涉老社团: 老干部协会, 老年体协, 诗词楹联学会 …) and partner
-- organisations (多联一, seed 001: the organisation department, the party school, the
-- 直属机关工委, the health and civil-affairs bureaus; seed 002: the hospital, the library).
-- Issue 15: partners pair with branches and agree yearly joint activities; venues are
-- booked by associations and partners as well as by branches and volunteer teams.
CREATE TABLE organisations (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code  CHAR(6)      NOT NULL,
  kind         ENUM('association','partner') NOT NULL,
  -- partners only: what kind of body it is
  partner_type ENUM('department','party_school','hospital','library','school','enterprise','community','other') NULL,
  name         VARCHAR(100) NOT NULL,
  contact      VARCHAR(60)  NULL,   -- the office's contact person there (a role or a name, not a member)
  notes        VARCHAR(500) NULL,
  active       TINYINT(1)   NOT NULL DEFAULT 1,
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_organisations_name (office_code, name),
  KEY ix_organisations_kind (office_code, kind, id),
  CONSTRAINT fk_organisations_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT ck_organisations_type CHECK ((kind = 'partner') = (partner_type IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
