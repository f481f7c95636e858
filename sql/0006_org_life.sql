-- Organisational life (三会一课, theme party days, study), attendance per expected
-- member, the office's compliance rule, and monthly party dues.

CREATE TABLE activities (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)       NOT NULL,
  kind        ENUM('member_meeting','committee_meeting','group_meeting','lecture','theme_day','study','other') NOT NULL,
  title       VARCHAR(100)  NOT NULL,
  held_at     DATETIME      NOT NULL,  -- China time
  place       VARCHAR(200)  NULL,
  host        VARCHAR(100)  NULL,
  summary     VARCHAR(4000) NULL,
  attachments VARCHAR(2000) NOT NULL DEFAULT '',  -- URLs or file ids, one per line (no files stored)
  created_by  VARCHAR(80)   NOT NULL,
  version     INT UNSIGNED  NOT NULL DEFAULT 1,
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_activities_office (office_code, held_at, id),
  CONSTRAINT fk_activities_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One branch, or several for a joint activity.
CREATE TABLE activity_branches (
  activity_id BIGINT UNSIGNED NOT NULL,
  branch_id   BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (activity_id, branch_id),
  KEY ix_ab_branch (branch_id, activity_id),
  CONSTRAINT fk_ab_activity FOREIGN KEY (activity_id) REFERENCES activities (id),
  CONSTRAINT fk_ab_branch FOREIGN KEY (branch_id) REFERENCES branches (id)
) ENGINE=InnoDB;

-- Attendance lives in org_life_attendance (0002), which coverage already reads.
ALTER TABLE org_life_attendance
  ADD COLUMN activity_id  BIGINT UNSIGNED NULL AFTER office_code,
  ADD COLUMN reason       VARCHAR(200) NULL,
  ADD COLUMN asked_by     VARCHAR(100) NULL,   -- a relative may ask leave for an old member
  ADD COLUMN delivered_by VARCHAR(100) NULL,   -- 送学上门: who took the study to the member
  ADD COLUMN delivered_on DATE NULL,
  ADD UNIQUE KEY ux_attendance_once (activity_id, member_id);

-- The office's rule for 三会一课: how often each kind must happen per branch.
CREATE TABLE org_life_rules (
  office_code CHAR(6) NOT NULL,
  kind        ENUM('member_meeting','committee_meeting','group_meeting','lecture','theme_day','study','other') NOT NULL,
  period      ENUM('month','quarter','year') NOT NULL,
  times       TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (office_code, kind),
  CONSTRAINT fk_rules_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB;

-- Monthly party dues in fen; one record per member and month.
CREATE TABLE dues (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  month       CHAR(7)      NOT NULL,   -- YYYY-MM
  amount_fen  INT UNSIGNED NOT NULL,
  paid_on     DATE         NOT NULL,
  paid_by     ENUM('self','proxy') NOT NULL DEFAULT 'self',
  proxy_name  VARCHAR(100) NULL,
  channel     ENUM('cash','wechat','alipay','bank','other') NOT NULL,
  created_by  VARCHAR(80)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_dues_month (member_id, month),
  KEY ix_dues_office (office_code, month),
  CONSTRAINT fk_dues_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
