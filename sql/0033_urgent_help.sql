-- Urgent help (急事快办, seed 001: "水坏不过夜，电坏不过天"): the office's categories with
-- their response and resolution deadlines, the requests and their history.

-- A relative's account acts for one member (accounts.member_id), in the app.
ALTER TABLE accounts MODIFY role ENUM('admin','secretary','member','relative') NOT NULL;

-- Categories: rows of office 000000 are the defaults; an office's own row of the same code
-- overrides one (its deadlines, its name, or retired = 1 to drop it); an office may add codes.
-- respond_hours NULL: a response the same day (by 24:00 China time of the day filed).
CREATE TABLE help_categories (
  office_code   CHAR(6)      NOT NULL,
  code          VARCHAR(24)  NOT NULL,
  name          VARCHAR(60)  NOT NULL,
  respond_hours SMALLINT UNSIGNED NULL,
  resolve_hours SMALLINT UNSIGNED NOT NULL,
  retired       TINYINT(1)   NOT NULL DEFAULT 0,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  PRIMARY KEY (office_code, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO help_categories (office_code, code, name, respond_hours, resolve_hours) VALUES
  ('000000', 'water', '水', NULL, 24),
  ('000000', 'electricity', '电', NULL, 24),
  ('000000', 'medicine', '买药', NULL, 24),
  ('000000', 'bills', '缴费', 24, 72),
  ('000000', 'housekeeping', '家政护工', 24, 72),
  ('000000', 'escort', '陪同就医', NULL, 24),
  ('000000', 'other', '其他', 24, 72);

-- description, location and resolution are sealed like members' personal data (pii.h):
-- they describe homes, health and family troubles. Deadlines are fixed when filed, from
-- the category's rule then in force. Times are China time.
CREATE TABLE help_requests (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code     CHAR(6)       NOT NULL,
  member_id       BIGINT UNSIGNED NOT NULL,
  category        VARCHAR(24)   NOT NULL,
  urgency         ENUM('normal','urgent') NOT NULL DEFAULT 'normal',
  channel         ENUM('app','relative','secretary','phone') NOT NULL,
  description_enc VARBINARY(2100) NOT NULL,
  location_enc    VARBINARY(700)  NULL,
  status          ENUM('open','assigned','accepted','resolved','confirmed','cancelled') NOT NULL DEFAULT 'open',
  filed_by        VARCHAR(80)   NOT NULL,
  filed_at        DATETIME      NOT NULL,
  respond_by      DATETIME      NOT NULL,
  resolve_by      DATETIME      NOT NULL,
  assignee_kind   ENUM('liaison','committee','staff','team') NULL,
  assignee_member_id  BIGINT UNSIGNED NULL,
  assignee_account_id BIGINT UNSIGNED NULL,
  assignee_team_id    BIGINT UNSIGNED NULL,
  need_id         BIGINT UNSIGNED NULL,
  assigned_at     DATETIME      NULL,
  accepted_at     DATETIME      NULL,
  resolved_at     DATETIME      NULL,
  resolution_enc  VARBINARY(2100) NULL,
  confirmed_at    DATETIME      NULL,
  satisfaction    TINYINT UNSIGNED NULL,
  cancelled_at    DATETIME      NULL,
  cancel_reason   VARCHAR(200)  NULL,
  escalated_at    DATETIME      NULL,
  version         INT UNSIGNED  NOT NULL DEFAULT 1,
  created_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_help_status (office_code, status, id),
  KEY ix_help_member (office_code, member_id, id),
  KEY ix_help_filed (office_code, filed_at, id),
  KEY ix_help_resolve_by (office_code, status, resolve_by),
  KEY ix_help_assignee_member (office_code, assignee_member_id, status, id),
  KEY ix_help_assignee_account (office_code, assignee_account_id, status, id),
  KEY ix_help_assignee_team (office_code, assignee_team_id, status, id),
  CONSTRAINT fk_help_member FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT fk_help_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What happened to a request, in order: filed, assigned, accepted, resolved, confirmed,
-- cancelled, escalated. actor is the token's sub ("account:<id>", "client:<id>", "system").
CREATE TABLE help_request_log (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  request_id  BIGINT UNSIGNED NOT NULL,
  action      ENUM('filed','assigned','accepted','resolved','confirmed','cancelled','escalated') NOT NULL,
  actor       VARCHAR(80)  NOT NULL,
  at          DATETIME     NOT NULL,
  KEY ix_help_log (office_code, request_id, id),
  CONSTRAINT fk_help_log_request FOREIGN KEY (request_id) REFERENCES help_requests (id)
) ENGINE=InnoDB;
