-- Issue 15, associations and partners (service/partners/): the branches an organisation
-- (0040) is paired with (多联一, seed 001; 联建结对, seed 002) and the joint activities
-- agreed with it each year (共建: one a year with each partner in seed 001) and whether
-- each took place.

-- Names differing only in an emoji must stay apart: utf8mb4_unicode_ci weighs every
-- character outside the BMP alike, the 520 collation tells them apart (and still
-- ignores case and width, so "ABC" and "ａｂｃ" remain one name).
ALTER TABLE organisations
  MODIFY name VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci NOT NULL;

-- A pairing of an organisation with a branch of the office, from since to until (its
-- last day; NULL: open). Ending keeps the row, so the history stays; one open pairing
-- per organisation and branch, held by a unique key on a generated column.
CREATE TABLE organisation_branches (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code     CHAR(6)      NOT NULL,
  organisation_id BIGINT UNSIGNED NOT NULL,
  branch_id       BIGINT UNSIGNED NOT NULL,
  since           DATE         NOT NULL,
  until           DATE         NULL,
  note            VARCHAR(200) NULL,
  created_by      VARCHAR(80)  NOT NULL,
  ended_by        VARCHAR(80)  NULL,
  created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  open_flag       TINYINT GENERATED ALWAYS AS (IF(until IS NULL, 1, NULL)) VIRTUAL,
  UNIQUE KEY ux_org_branches_open (organisation_id, branch_id, open_flag),
  KEY ix_org_branches_org (office_code, organisation_id, id),
  KEY ix_org_branches_branch (office_code, branch_id, id),
  CONSTRAINT fk_org_branches_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT fk_org_branches_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT ck_org_branches_dates CHECK (until IS NULL OR until >= since)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A joint activity agreed with an organisation for a year: planned for a month (and
-- maybe a day of it), then held (on a day, people served) or not held (a reason);
-- optionally the office's own activity record of it (orglife activities).
CREATE TABLE joint_activities (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code     CHAR(6)      NOT NULL,
  organisation_id BIGINT UNSIGNED NOT NULL,
  year            SMALLINT UNSIGNED NOT NULL,
  title           VARCHAR(100) NOT NULL,
  kind            ENUM('lecture','training','health_check','health_talk','reading','visit','care_service',
                       'cultural','sports','other') NOT NULL,
  planned_month   TINYINT UNSIGNED NOT NULL,
  planned_on      DATE         NULL,
  status          ENUM('agreed','held','not_held') NOT NULL DEFAULT 'agreed',
  held_on         DATE         NULL,
  people_served   INT UNSIGNED NULL,
  reason          VARCHAR(200) NULL,
  activity_id     BIGINT UNSIGNED NULL,
  notes           VARCHAR(500) NULL,
  created_by      VARCHAR(80)  NOT NULL,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_joint_org_year (office_code, organisation_id, year, id),
  KEY ix_joint_year (office_code, year, organisation_id),
  CONSTRAINT fk_joint_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT fk_joint_activity FOREIGN KEY (activity_id) REFERENCES activities (id),
  CONSTRAINT ck_joint_month CHECK (planned_month BETWEEN 1 AND 12),
  CONSTRAINT ck_joint_outcome CHECK ((status = 'held') = (held_on IS NOT NULL)
                                     AND (status = 'not_held') = (reason IS NOT NULL)
                                     AND (people_served IS NULL OR status = 'held'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The paired branches taking part in a joint activity.
CREATE TABLE joint_activity_branches (
  joint_activity_id BIGINT UNSIGNED NOT NULL,
  branch_id         BIGINT UNSIGNED NOT NULL,
  office_code       CHAR(6) NOT NULL,
  PRIMARY KEY (joint_activity_id, branch_id),
  KEY ix_joint_branches_branch (office_code, branch_id),
  CONSTRAINT fk_joint_branches_joint FOREIGN KEY (joint_activity_id) REFERENCES joint_activities (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_joint_branches_branch FOREIGN KEY (branch_id) REFERENCES branches (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
