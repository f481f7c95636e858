-- 两优一先 (优秀共产党员 excellent_member, 优秀党务工作者 excellent_worker, 先进基层党组织
-- advanced_org), recommended level by level each year before 七一 (seed 002). An office
-- opens its round for a year with the quotas of its level; nominations go up county →
-- prefecture → province by the stages and decisions of the evaluation flow (三级联创,
-- sql/0009); each level publishes a notice (公示) before naming; objections received
-- during it are recorded sealed and resolved; naming writes the honour (honours).

-- quota_*: how many of each kind the office may name at its level in the year.
-- send_*: how many of each kind each office directly below may send up to it (0: none).
CREATE TABLE excellence_rounds (
  id           BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code  CHAR(6)           NOT NULL,
  year         SMALLINT UNSIGNED NOT NULL,
  level        ENUM('county','prefecture','province') NOT NULL,
  quota_member SMALLINT UNSIGNED NOT NULL,
  quota_worker SMALLINT UNSIGNED NOT NULL,
  quota_org    SMALLINT UNSIGNED NOT NULL,
  send_member  SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  send_worker  SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  send_org     SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  notice_days  TINYINT UNSIGNED  NOT NULL DEFAULT 5,   -- working days (Mon–Fri) of 公示, at least 5
  version      INT UNSIGNED      NOT NULL DEFAULT 1,
  created_by   VARCHAR(80)       NOT NULL,
  created_at   DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_excellence_rounds_year (office_code, year),
  CONSTRAINT fk_excellence_rounds_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One nomination per subject, year and kind (ux_excellence_subject, also under
-- concurrent double submits). office_code is the nominee's office; stage, state and
-- named_level as in evaluations, plus withdrawn (an objection upheld). record: the
-- nominee's record when nominated (standing, honours, organisational life, dues, posts;
-- the branch's demonstration status), JSON, no sealed values in it: birth date and work
-- unit are shown masked unless revealed, as the member record does.
CREATE TABLE excellence_nominations (
  id              BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code     CHAR(6)           NOT NULL,
  year            SMALLINT UNSIGNED NOT NULL,
  kind            ENUM('excellent_member','excellent_worker','advanced_org') NOT NULL,
  member_id       BIGINT UNSIGNED   NULL,
  branch_id       BIGINT UNSIGNED   NULL,
  subject_id      BIGINT UNSIGNED AS (IFNULL(member_id, branch_id)) PERSISTENT,
  nominated_by    ENUM('branch','office') NOT NULL,
  by_branch_id    BIGINT UNSIGNED   NULL,
  deeds           VARCHAR(2000)     NOT NULL,              -- 主要事迹, as the notice shows it
  record          TEXT              NOT NULL,
  stage           ENUM('county','prefecture','province') NOT NULL DEFAULT 'county',
  state           ENUM('pending','named','not_named','withdrawn') NOT NULL DEFAULT 'pending',
  named_level     ENUM('county','prefecture','province') NULL,
  notice_from     DATE              NULL,                  -- 公示 at the current stage
  notice_until    DATE              NULL,
  version         INT UNSIGNED      NOT NULL DEFAULT 1,
  created_by      VARCHAR(80)       NOT NULL,
  created_at      DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_excellence_subject (year, kind, subject_id),
  KEY ix_excellence_office (office_code, year, id),
  KEY ix_excellence_stage (year, stage, office_code, id),
  KEY ix_excellence_kind (year, kind, office_code),           -- the quota counts of an area
  CONSTRAINT fk_excellence_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_excellence_member FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT fk_excellence_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT ck_excellence_subject CHECK ((kind = 'advanced_org') = (branch_id IS NOT NULL AND member_id IS NULL)
                                          AND (kind = 'advanced_org' OR member_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every step, by whom and at which office.
CREATE TABLE excellence_steps (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  nomination_id BIGINT UNSIGNED NOT NULL,
  action        ENUM('nominated','notice','objection','upheld','dismissed','name','not_name','nominate') NOT NULL,
  stage         ENUM('county','prefecture','province') NOT NULL,
  office_code   CHAR(6)         NOT NULL,
  actor         VARCHAR(80)     NOT NULL,
  reason        VARCHAR(500)    NULL,
  at            DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_excellence_steps (nomination_id, id),
  CONSTRAINT fk_excellence_steps FOREIGN KEY (nomination_id) REFERENCES excellence_nominations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Objections (异议) received during a notice, recorded by the office holding it. The text
-- may name people: sealed (text_enc, pii_seal), shown only when revealed.
CREATE TABLE excellence_objections (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  nomination_id BIGINT UNSIGNED NOT NULL,
  office_code   CHAR(6)         NOT NULL,
  stage         ENUM('county','prefecture','province') NOT NULL,
  received_on   DATE            NOT NULL,
  text_enc      VARBINARY(8300) NOT NULL,
  state         ENUM('open','upheld','dismissed') NOT NULL DEFAULT 'open',
  resolution    VARCHAR(500)    NULL,
  created_by    VARCHAR(80)     NOT NULL,
  created_at    DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  resolved_by   VARCHAR(80)     NULL,
  resolved_at   DATETIME(3)     NULL,
  KEY ix_excellence_objections (nomination_id, state, id),
  CONSTRAINT fk_excellence_objections FOREIGN KEY (nomination_id) REFERENCES excellence_nominations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
