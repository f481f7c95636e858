-- Care visits (四必访, 五必访两服务), the holiday table and honours (两优一先, 光荣在党50年).

ALTER TABLE members ADD COLUMN hardship TINYINT(1) NOT NULL DEFAULT 0 AFTER liaison_id;

CREATE TABLE visit_reasons (
  office_code CHAR(6)     NOT NULL,
  code        VARCHAR(24) NOT NULL,
  name        VARCHAR(60) NOT NULL,
  retired     TINYINT(1)  NOT NULL DEFAULT 0,
  PRIMARY KEY (office_code, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Notes are sealed like members' personal data: they describe health and family troubles.
CREATE TABLE visits (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)       NOT NULL,
  reason      VARCHAR(24)   NOT NULL,
  visited_on  DATE          NOT NULL,
  visitors    VARCHAR(200)  NOT NULL,
  gift_fen    INT UNSIGNED  NOT NULL DEFAULT 0,
  notes_enc   VARBINARY(4200) NULL,
  follow_up   TINYINT(1)    NOT NULL DEFAULT 0,
  created_by  VARCHAR(80)   NOT NULL,
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_visits_office (office_code, visited_on, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE visit_members (
  visit_id    BIGINT UNSIGNED NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  office_code CHAR(6) NOT NULL,
  reason      VARCHAR(24) NOT NULL,
  visited_on  DATE NOT NULL,
  PRIMARY KEY (visit_id, member_id),
  KEY ix_vm_member (office_code, member_id, reason, visited_on),
  CONSTRAINT fk_vm_visit FOREIGN KEY (visit_id) REFERENCES visits (id),
  CONSTRAINT fk_vm_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB;

-- Major holidays by year. Rows of office 000000 are the defaults every office uses
-- unless it has its own for that year.
CREATE TABLE holidays (
  office_code CHAR(6)     NOT NULL,
  year        SMALLINT UNSIGNED NOT NULL,
  code        VARCHAR(24) NOT NULL,
  name        VARCHAR(60) NOT NULL,
  day         DATE        NOT NULL,
  PRIMARY KEY (office_code, year, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO holidays (office_code, year, code, name, day) VALUES
  ('000000', 2025, 'spring_festival', '春节', '2025-01-29'), ('000000', 2025, 'double_ninth', '重阳节', '2025-10-29'),
  ('000000', 2026, 'spring_festival', '春节', '2026-02-17'), ('000000', 2026, 'double_ninth', '重阳节', '2026-10-18'),
  ('000000', 2027, 'spring_festival', '春节', '2027-02-06'), ('000000', 2027, 'double_ninth', '重阳节', '2027-10-08'),
  ('000000', 2028, 'spring_festival', '春节', '2028-01-26'), ('000000', 2028, 'double_ninth', '重阳节', '2028-10-26');

CREATE TABLE honours (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  kind        ENUM('excellent_member','excellent_worker','advanced_organisation','most_beautiful_volunteer',
                   'most_beautiful_team','fifty_years','other') NOT NULL,
  title       VARCHAR(100) NULL,
  level       ENUM('county','prefecture','province','national') NOT NULL,
  year        SMALLINT UNSIGNED NOT NULL,
  member_id   BIGINT UNSIGNED NULL,
  branch_id   BIGINT UNSIGNED NULL,
  team_id     BIGINT UNSIGNED NULL,
  created_by  VARCHAR(80)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  fifty_key   BIGINT UNSIGNED AS (IF(kind = 'fifty_years', member_id, NULL)) PERSISTENT,
  UNIQUE KEY ux_honours_fifty (fifty_key),
  KEY ix_honours_office (office_code, year, kind),
  CONSTRAINT fk_honours_member FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT fk_honours_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT fk_honours_team FOREIGN KEY (team_id) REFERENCES volunteer_teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
