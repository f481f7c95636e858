-- Hospital stays (住院登记): admission and discharge of a member, the hospital and ward
-- sealed like members' address (pii.h), and the member's health before admission, sealed,
-- so the discharge can restore it. The member's health follows the stays (README,
-- Hospital stays). Visits made during a stay are linked by date: visit_members rows of
-- the member with visited_on from admitted_on to discharged_on (no column on visits).

CREATE TABLE hospital_stays (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code       CHAR(6)          NOT NULL,
  member_id         BIGINT UNSIGNED  NOT NULL,
  admitted_on       DATE             NOT NULL,
  discharged_on     DATE             NULL,      -- NULL: in hospital now
  hospital_enc      VARBINARY(500)   NOT NULL,  -- 1..100 characters, sealed
  ward_enc          VARBINARY(300)   NULL,      -- up to 50 characters, sealed
  health_before_enc VARBINARY(64)    NOT NULL,  -- the member's sealed health before admission
  created_by        VARCHAR(80)      NOT NULL,
  discharged_by     VARCHAR(80)      NULL,
  version           INT UNSIGNED     NOT NULL DEFAULT 1,
  created_at        DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at        DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  -- at most one open stay per member (NULL once discharged, and NULLs never collide)
  open_key          BIGINT UNSIGNED AS (IF(discharged_on IS NULL, member_id, NULL)) PERSISTENT,
  UNIQUE KEY ux_stays_open (open_key),
  KEY ix_stays_office (office_code, id),
  KEY ix_stays_current (office_code, discharged_on, id),
  KEY ix_stays_member (office_code, member_id, admitted_on),
  KEY ix_stays_admitted (office_code, admitted_on),
  CONSTRAINT fk_stays_member FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT fk_stays_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The office's rule for hospital visits (四必访: 生病住院必访, seeds 000 and 001): a member
-- in hospital is due a visit within this many days of admission, and again this many days
-- after the last one. GET /v1/care/due?hospital_days= still overrides it.
ALTER TABLE offices ADD COLUMN hospital_visit_days TINYINT UNSIGNED NOT NULL DEFAULT 7 AFTER survey_min_responses;
