-- Issue 16 (h5): recurring volunteer events and needs posted by members and relatives.

-- A weekly or monthly series: each occurrence is its own volunteer event (with its own
-- sign-ups) pointing back here by volunteer_events.series_id. Editing the series changes
-- its future occurrences only; past ones stay as they were.
CREATE TABLE volunteer_event_series (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code      CHAR(6)       NOT NULL,
  title            VARCHAR(100)  NOT NULL,
  description      VARCHAR(2000) NULL,
  team_id          BIGINT UNSIGNED NULL,
  place            VARCHAR(200)  NOT NULL,
  capacity         INT UNSIGNED  NOT NULL,
  skills           VARCHAR(400)  NOT NULL DEFAULT '',
  start_time       CHAR(5)       NOT NULL,  -- HH:MM, China time
  duration_minutes INT UNSIGNED  NOT NULL,
  recurrence       ENUM('weekly','monthly') NOT NULL,
  weekday          TINYINT UNSIGNED NULL,   -- weekly: 1 Monday .. 7 Sunday
  month_day        TINYINT UNSIGNED NULL,   -- monthly: 1..31 (a shorter month: its last day)
  from_date        DATE          NOT NULL,
  to_date          DATE          NOT NULL,
  status           ENUM('active','cancelled') NOT NULL DEFAULT 'active',
  posted_by        VARCHAR(80)   NOT NULL,
  version          INT UNSIGNED  NOT NULL DEFAULT 1,
  created_at       DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at       DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_vseries_office (office_code, id),
  CONSTRAINT ck_vseries_dates CHECK (to_date >= from_date),
  CONSTRAINT fk_vseries_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_vseries_team FOREIGN KEY (team_id) REFERENCES volunteer_teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE volunteer_events ADD COLUMN series_id BIGINT UNSIGNED NULL,
  ADD KEY ix_events_series (office_code, series_id, starts_at, id),
  ADD CONSTRAINT fk_events_series FOREIGN KEY (series_id) REFERENCES volunteer_event_series (id);

-- A need a member (or a relative for the member) posted from the app: member_id names
-- the member it is for (NULL: posted by staff, a department or an integration). Its
-- contact is the member's own record (sealed there): the app takes no free-text contact,
-- which would sit here in clear.
ALTER TABLE volunteer_needs ADD COLUMN member_id BIGINT UNSIGNED NULL,
  ADD KEY ix_needs_member (office_code, member_id, id);
