-- Issue 16, groundwork: volunteer numbers and truthful hours.
--
-- A volunteer number (志愿者编号) per volunteer, unique in the country: the office code and
-- a sequence of that office, 13 digits ("5328010000123"). It identifies a volunteer outside
-- the office (certificates, the verification page, webhook payloads); the ID number never
-- does. Every insert gets one, whichever path writes the row (the API, the demo generator):
-- a trigger takes the office's next number from volunteer_numbers, whose row it locks until
-- the inserting transaction ends, so two volunteers never share one.
CREATE TABLE volunteer_numbers (
  office_code CHAR(6)      NOT NULL PRIMARY KEY,
  last        INT UNSIGNED NOT NULL
) ENGINE=InnoDB;

ALTER TABLE volunteers ADD COLUMN volunteer_no CHAR(13) NULL AFTER office_code;

-- the volunteers already there, numbered in the order they were registered
UPDATE volunteers v
  JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY office_code ORDER BY id) rn FROM volunteers) r ON r.id = v.id
  SET v.volunteer_no = CONCAT(v.office_code, LPAD(r.rn, 7, '0'));
INSERT INTO volunteer_numbers (office_code, last)
  SELECT office_code, COUNT(*) FROM volunteers GROUP BY office_code;

ALTER TABLE volunteers ADD UNIQUE KEY ux_volunteers_no (volunteer_no);

CREATE TRIGGER tr_volunteers_no BEFORE INSERT ON volunteers FOR EACH ROW
BEGIN
  IF NEW.volunteer_no IS NULL THEN
    INSERT INTO volunteer_numbers (office_code, last) VALUES (NEW.office_code, 1)
      ON DUPLICATE KEY UPDATE last = last + 1;
    SET NEW.volunteer_no = CONCAT(NEW.office_code,
                                  LPAD((SELECT last FROM volunteer_numbers WHERE office_code = NEW.office_code), 7, '0'));
  END IF;
END;

-- Truthful hours (谁记录谁证明; records are never deleted — a correction is a new entry).
-- source says how an entry was made:
--   checkin        the volunteer checked in and out with the event's code
--   attendance     staff marked the volunteer in and out (carries a reason)
--   claim          claimed by the volunteer, confirmed or rejected by staff
--   staff          entered by staff without check-in (carries a reason)
--   correction     corrects the entry corrects_id: its minutes replace that entry's
--                  (0 strikes it out); carries a reason
--   auto_checkout  left checked in: checked out by the service after the event's end and
--                  a margin, pending staff review (not credited until confirmed)
-- entered_by is who made an entry by hand (account:<id>); reason why.
-- An entry COUNTS when it is confirmed and no entry corrects it (see VHOURS_COUNTED in
-- include/yinhui/volunteers_db.h); a chain of corrections leaves its last link counting.
-- Time entries (checkin, attendance, auto_checkout) are one per volunteer and event, and
-- so are claims; staff entries and corrections are not limited; an entry is corrected
-- at most once (the next correction corrects the correction).
ALTER TABLE volunteer_hours
  MODIFY COLUMN source ENUM('checkin','attendance','claim','staff','correction','auto_checkout') NOT NULL,
  ADD COLUMN corrects_id BIGINT UNSIGNED NULL AFTER source,
  ADD COLUMN reason      VARCHAR(200) NULL AFTER note,
  ADD COLUMN entered_by  VARCHAR(80)  NULL AFTER reason,
  ADD COLUMN once_key    VARCHAR(48) AS (CASE
      WHEN source IN ('checkin','attendance','auto_checkout') THEN CONCAT(volunteer_id, ':', event_id, ':t')
      WHEN source = 'claim' THEN CONCAT(volunteer_id, ':', event_id, ':c')
      ELSE NULL END) PERSISTENT,
  ADD CONSTRAINT fk_hours_corrects FOREIGN KEY (corrects_id) REFERENCES volunteer_hours (id);
ALTER TABLE volunteer_hours
  DROP KEY ux_hours_once,
  ADD UNIQUE KEY ux_hours_once (once_key),
  ADD UNIQUE KEY ux_hours_corrects (corrects_id),
  ADD KEY ix_hours_entered (office_code, entered_by, created_at);

-- An office's volunteer settings (GET/PATCH /v1/volunteer-settings); no row: the defaults.
--   reminder_days            days before an event its reminders go out, comma-separated
--   checkout_margin_minutes  after an event's end, volunteers still checked in are checked
--                            out by the service and flagged for review
--   points_day_cap / points_year_cap  points a volunteer may earn in a day / a year
--                            (China time); NULL: no cap
--   cert_responsible / cert_contact   the responsible person and contact a certificate
--                            (志愿服务记录证明) names for the issuing office
CREATE TABLE volunteer_settings (
  office_code             CHAR(6)      NOT NULL PRIMARY KEY,
  reminder_days           VARCHAR(20)  NOT NULL DEFAULT '7,1',
  checkout_margin_minutes SMALLINT UNSIGNED NOT NULL DEFAULT 60,
  points_day_cap          INT UNSIGNED NULL,
  points_year_cap         INT UNSIGNED NULL,
  cert_responsible        VARCHAR(50)  NULL,
  cert_contact            VARCHAR(50)  NULL,
  version                 INT UNSIGNED NOT NULL DEFAULT 1,
  updated_at              DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_vsettings_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
