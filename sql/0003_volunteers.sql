-- Silver volunteers: teams, volunteers, needs (点单/派单/接单), events, sign-ups with a
-- waitlist, check-in, hours, the points ledger (红色存折) and honours.

ALTER TABLE offices ADD COLUMN points_per_hour INT UNSIGNED NOT NULL DEFAULT 10 AFTER liaison_cap;

CREATE TABLE volunteer_teams (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  name        VARCHAR(100) NOT NULL,
  speciality  ENUM('medical','lecturing','culture','civic_order','legal','environment','care','other') NOT NULL,
  leader_id   BIGINT UNSIGNED NULL,   -- a volunteer
  founded_on  DATE         NULL,
  active      TINYINT(1)   NOT NULL DEFAULT 1,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_teams_name (office_code, name),
  CONSTRAINT fk_teams_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A person is registered once per office: by member record, or (non-members) by the
-- HMAC of the phone number. The phone is sealed like members' personal data.
CREATE TABLE volunteers (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code    CHAR(6)      NOT NULL,
  member_id      BIGINT UNSIGNED NULL,
  name           VARCHAR(50)  NOT NULL,
  phone_enc      VARBINARY(128) NULL,
  phone_hmac     BINARY(32)   NULL,
  gender         ENUM('male','female') NULL,
  birth_year     SMALLINT UNSIGNED NULL,
  skills         VARCHAR(400) NOT NULL DEFAULT '',   -- comma-separated tags, also in volunteer_skills
  weekdays       TINYINT UNSIGNED NOT NULL DEFAULT 127, -- bit 0 Monday .. bit 6 Sunday
  day_parts      TINYINT UNSIGNED NOT NULL DEFAULT 7,   -- bit 0 morning, 1 afternoon, 2 evening
  status         ENUM('active','inactive') NOT NULL DEFAULT 'active',
  points_balance INT NOT NULL DEFAULT 0,
  version        INT UNSIGNED NOT NULL DEFAULT 1,
  created_at     DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at     DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_volunteers_member (office_code, member_id),
  UNIQUE KEY ux_volunteers_phone (office_code, phone_hmac),
  KEY ix_volunteers_office (office_code, status, id),
  CONSTRAINT ck_points_nonnegative CHECK (points_balance >= 0),
  CONSTRAINT fk_volunteers_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_volunteers_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE volunteer_skills (
  volunteer_id BIGINT UNSIGNED NOT NULL,
  office_code  CHAR(6)     NOT NULL,
  skill        VARCHAR(40) NOT NULL,
  PRIMARY KEY (volunteer_id, skill),
  KEY ix_skills_office (office_code, skill, volunteer_id),
  CONSTRAINT fk_skills_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE team_members (
  team_id      BIGINT UNSIGNED NOT NULL,
  volunteer_id BIGINT UNSIGNED NOT NULL,
  role         ENUM('leader','member') NOT NULL DEFAULT 'member',
  joined_on    DATE NOT NULL,
  PRIMARY KEY (team_id, volunteer_id),
  KEY ix_team_members_volunteer (volunteer_id),
  CONSTRAINT fk_tm_team FOREIGN KEY (team_id) REFERENCES volunteer_teams (id),
  CONSTRAINT fk_tm_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteers (id)
) ENGINE=InnoDB;

CREATE TABLE volunteer_events (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  title       VARCHAR(100) NOT NULL,
  description VARCHAR(2000) NULL,
  team_id     BIGINT UNSIGNED NULL,
  need_id     BIGINT UNSIGNED NULL,
  starts_at   DATETIME     NOT NULL,  -- China time (+08:00)
  ends_at     DATETIME     NOT NULL,
  place       VARCHAR(200) NOT NULL,
  capacity    INT UNSIGNED NOT NULL,
  skills      VARCHAR(400) NOT NULL DEFAULT '',
  status      ENUM('draft','open','closed','done','cancelled') NOT NULL DEFAULT 'draft',
  posted_by   VARCHAR(80)  NOT NULL,  -- account:<id> or client:<client_id>
  confirmed   INT UNSIGNED NOT NULL DEFAULT 0,  -- confirmed sign-ups (kept under the event row lock)
  waitlisted  INT UNSIGNED NOT NULL DEFAULT 0,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_events_office (office_code, status, starts_at, id),
  KEY ix_events_office_id (office_code, id),
  CONSTRAINT ck_events_time CHECK (ends_at > starts_at),
  CONSTRAINT ck_events_capacity CHECK (confirmed <= capacity),
  CONSTRAINT fk_events_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_events_team FOREIGN KEY (team_id) REFERENCES volunteer_teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Residents' and departments' requests: requested -> dispatched (staff, to a team) ->
-- accepted (the team takes it: an event opens) -> done, or cancelled.
CREATE TABLE volunteer_needs (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  title       VARCHAR(100) NOT NULL,
  description VARCHAR(2000) NULL,
  requester   VARCHAR(100) NOT NULL,
  contact     VARCHAR(100) NULL,
  starts_at   DATETIME     NOT NULL,
  ends_at     DATETIME     NOT NULL,
  place       VARCHAR(200) NOT NULL,
  capacity    INT UNSIGNED NOT NULL,
  skills      VARCHAR(400) NOT NULL DEFAULT '',
  status      ENUM('requested','dispatched','accepted','done','cancelled') NOT NULL DEFAULT 'requested',
  team_id     BIGINT UNSIGNED NULL,
  event_id    BIGINT UNSIGNED NULL,
  posted_by   VARCHAR(80)  NOT NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_needs_office (office_code, status, id),
  CONSTRAINT ck_needs_time CHECK (ends_at > starts_at),
  CONSTRAINT fk_needs_team FOREIGN KEY (team_id) REFERENCES volunteer_teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One open sign-up per volunteer and event (open_key NULL once cancelled).
CREATE TABLE volunteer_signups (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code    CHAR(6)     NOT NULL,
  event_id       BIGINT UNSIGNED NOT NULL,
  volunteer_id   BIGINT UNSIGNED NOT NULL,
  status         ENUM('confirmed','waitlisted','cancelled') NOT NULL,
  checked_in_at  DATETIME    NULL,
  checked_out_at DATETIME    NULL,
  created_at     DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at     DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  open_key       VARCHAR(48) AS (IF(status <> 'cancelled', CONCAT(event_id, ':', volunteer_id), NULL)) PERSISTENT,
  UNIQUE KEY ux_signups_open (open_key),
  KEY ix_signups_event (event_id, status, id),
  KEY ix_signups_volunteer (volunteer_id, status),
  CONSTRAINT fk_signups_event FOREIGN KEY (event_id) REFERENCES volunteer_events (id),
  CONSTRAINT fk_signups_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteers (id)
) ENGINE=InnoDB;

-- Service time: from check-in/out (confirmed at once) or claimed by the volunteer and
-- confirmed or rejected by staff.
CREATE TABLE volunteer_hours (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code  CHAR(6)      NOT NULL,
  volunteer_id BIGINT UNSIGNED NOT NULL,
  event_id     BIGINT UNSIGNED NOT NULL,
  team_id      BIGINT UNSIGNED NULL,
  minutes      INT UNSIGNED NOT NULL,
  source       ENUM('checkin','claim') NOT NULL,
  status       ENUM('pending','confirmed','rejected') NOT NULL,
  note         VARCHAR(200) NULL,
  served_on    DATE         NOT NULL,
  decided_by   VARCHAR(80)  NULL,
  decided_at   DATETIME(3)  NULL,
  created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_hours_once (volunteer_id, event_id, source),
  KEY ix_hours_office (office_code, status, served_on),
  KEY ix_hours_volunteer (volunteer_id, status),
  CONSTRAINT fk_hours_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteers (id),
  CONSTRAINT fk_hours_event FOREIGN KEY (event_id) REFERENCES volunteer_events (id)
) ENGINE=InnoDB;

-- The points ledger is append-only: every entry stays, the balance after it is kept.
CREATE TABLE points_ledger (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code   CHAR(6)      NOT NULL,
  volunteer_id  BIGINT UNSIGNED NOT NULL,
  delta         INT          NOT NULL,
  kind          ENUM('earn','redeem') NOT NULL,
  hours_id      BIGINT UNSIGNED NULL,
  note          VARCHAR(200) NULL,
  balance_after INT          NOT NULL,
  created_by    VARCHAR(80)  NOT NULL,
  created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_ledger_hours (hours_id),
  KEY ix_ledger_volunteer (volunteer_id, id),
  CONSTRAINT ck_ledger_balance CHECK (balance_after >= 0),
  CONSTRAINT fk_ledger_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE volunteer_honours (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code  CHAR(6)      NOT NULL,
  year         SMALLINT UNSIGNED NOT NULL,
  title        ENUM('most_beautiful_volunteer','most_beautiful_team') NOT NULL,
  volunteer_id BIGINT UNSIGNED NULL,
  team_id      BIGINT UNSIGNED NULL,
  citation     VARCHAR(500) NULL,
  created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_honours_once (office_code, year, title, volunteer_id, team_id),
  KEY ix_honours_office (office_code, year),
  CONSTRAINT fk_vh_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteers (id),
  CONSTRAINT fk_vh_team FOREIGN KEY (team_id) REFERENCES volunteer_teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
