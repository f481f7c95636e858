-- Guides and contact points (issue 15; seed 000: 39 staff each linked to 5-10 temporary
-- branches, leaders each taking two demonstration branches; seed 002: 党建指导员 and
-- 书记工作室; seed 004: 联系点 with one-to-one guidance). A staff account (role admin) of
-- the office is linked to the branches it guides; a link ends (ended_on) and stays as
-- history. README, Guides and contact points.
CREATE TABLE branch_guides (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code     CHAR(6)          NOT NULL,
  branch_id       BIGINT UNSIGNED  NOT NULL,
  account_id      BIGINT UNSIGNED  NOT NULL,
  role            ENUM('guide','contact_point','studio') NOT NULL,
  started_on      DATE             NOT NULL,
  ended_on        DATE             NULL,      -- NULL: guiding now
  last_contact_on DATE             NULL,      -- the latest contact of this guide with the branch
  created_by      VARCHAR(80)      NOT NULL,
  version         INT UNSIGNED     NOT NULL DEFAULT 1,
  created_at      DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  -- the day the overdue rule counts from: the last contact, or the link's start when none
  since_on        DATE AS (IFNULL(last_contact_on, started_on)) PERSISTENT,
  -- one open link per account and branch (NULL once ended, and NULLs never collide)
  open_key        TINYINT AS (IF(ended_on IS NULL, 1, NULL)) PERSISTENT,
  UNIQUE KEY ux_guides_open (branch_id, account_id, open_key),
  -- the overdue list: office first, open links, oldest first (national scale: one range)
  KEY ix_guides_due (office_code, ended_on, since_on, id),
  KEY ix_guides_branch (office_code, branch_id, ended_on),
  KEY ix_guides_account (office_code, account_id, ended_on),
  CONSTRAINT fk_guides_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT fk_guides_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT fk_guides_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A guide's contacts with a branch (visits, calls, lectures given, meetings), with the
-- problem found if any. Summary, problem and follow-up notes are free text that may name
-- members (a guide reports who is ill, who is in hardship): sealed at rest like visit
-- notes, opened only with reveal=true and pii:read, audited.
CREATE TABLE guide_contacts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code   CHAR(6)          NOT NULL,
  branch_id     BIGINT UNSIGNED  NOT NULL,
  account_id    BIGINT UNSIGNED  NOT NULL,   -- the guide
  kind          ENUM('visit','call','lecture','meeting','other') NOT NULL,
  contact_on    DATE             NOT NULL,
  summary_enc   VARBINARY(4200)  NOT NULL,   -- 1..1000 characters, sealed
  problem_enc   VARBINARY(4200)  NULL,       -- up to 1000 characters, sealed
  problem_state ENUM('none','open','resolved') NOT NULL DEFAULT 'none',
  resolved_on   DATE             NULL,
  recorded_by   VARCHAR(80)      NOT NULL,
  version       INT UNSIGNED     NOT NULL DEFAULT 1,
  created_at    DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_gcontacts_branch (office_code, branch_id, id),
  KEY ix_gcontacts_account (office_code, account_id, id),
  KEY ix_gcontacts_problems (office_code, problem_state, id),
  CONSTRAINT fk_gcontacts_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT fk_gcontacts_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT fk_gcontacts_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The follow-ups of a problem found (history; the contact's problem_state follows the last).
CREATE TABLE guide_follow_ups (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)          NOT NULL,
  contact_id  BIGINT UNSIGNED  NOT NULL,
  note_enc    VARBINARY(4200)  NOT NULL,     -- 1..1000 characters, sealed
  resolved    TINYINT(1)       NOT NULL,
  followed_on DATE             NOT NULL,
  created_by  VARCHAR(80)      NOT NULL,
  created_at  DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_gfollow_contact (office_code, contact_id, id),
  CONSTRAINT fk_gfollow_contact FOREIGN KEY (contact_id) REFERENCES guide_contacts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The office's rule: a guide contacts each branch it guides at least every this many days
-- (the seeds' branches meet monthly: 003 每月定期开展支部活动, 000's temporary branches weekly;
-- a monthly contact keeps the guide at their meetings). PATCH /v1/offices/{code}.
ALTER TABLE offices ADD COLUMN guide_contact_days SMALLINT UNSIGNED NOT NULL DEFAULT 30 AFTER hospital_visit_days;
