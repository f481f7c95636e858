-- Issue 16, reminders and attendance.
--
-- Reminders: a confirmed volunteer hears of an event N days before it, for each N of the
-- office's volunteer_settings.reminder_days (default 7 and 1), through the outbox
-- (volunteer_event.reminder). remind_on is the China day a sign-up is next looked at by
-- the reminder pass (NULL: nothing more to send): a new sign-up is looked at at once, and
-- each look either sends the due reminder or puts the next look off to the day the next
-- one falls due, so the pass reads only the sign-ups that need it (ix_signups_remind).
-- volunteer_reminders holds one row per sign-up and offset, written in the transaction of
-- the event's publication: a reminder goes out once, however many processes run the pass.
--
-- Attendance: attendance_confirmed_at is when the volunteer said it will come (after a
-- reminder); no_show_at marks a confirmed volunteer who never checked in when staff
-- closed the event as done; staff may undo a wrong mark, with a reason (no_show_undo_*).
ALTER TABLE volunteer_signups
  ADD COLUMN attendance_confirmed_at DATETIME     NULL AFTER checked_out_at,
  ADD COLUMN no_show_at              DATETIME     NULL AFTER attendance_confirmed_at,
  ADD COLUMN no_show_undone_at       DATETIME     NULL AFTER no_show_at,
  ADD COLUMN no_show_undone_by       VARCHAR(80)  NULL AFTER no_show_undone_at,
  ADD COLUMN no_show_undo_reason     VARCHAR(200) NULL AFTER no_show_undone_by,
  ADD COLUMN remind_on               DATE         NULL DEFAULT '2000-01-01' AFTER no_show_undo_reason,
  ADD KEY ix_signups_remind (status, remind_on),
  ADD KEY ix_signups_noshow (volunteer_id, no_show_at);

-- sign-ups of events already under way, over or called off have nothing more to hear
UPDATE volunteer_signups s JOIN volunteer_events e ON e.id = s.event_id
  SET s.remind_on = NULL
  WHERE s.status = 'cancelled' OR e.status NOT IN ('open', 'closed')
     OR e.starts_at <= UTC_TIMESTAMP() + INTERVAL 8 HOUR;

-- an event moved to another time: its sign-ups are looked at again (the reminders already
-- sent stay sent: the unique key below)
CREATE TRIGGER tr_vevents_remind AFTER UPDATE ON volunteer_events FOR EACH ROW
BEGIN
  IF NEW.starts_at <> OLD.starts_at THEN
    UPDATE volunteer_signups SET remind_on = '2000-01-01' WHERE event_id = NEW.id AND status = 'confirmed';
  END IF;
END;

CREATE TABLE volunteer_reminders (
  id          BIGINT UNSIGNED  NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)          NOT NULL,
  event_id    BIGINT UNSIGNED  NOT NULL,
  signup_id   BIGINT UNSIGNED  NOT NULL,
  days_before SMALLINT UNSIGNED NOT NULL,
  sent_at     DATETIME         NOT NULL,  -- China time
  UNIQUE KEY ux_vreminders_once (signup_id, days_before),
  KEY ix_vreminders_event (office_code, event_id, id),
  CONSTRAINT fk_vreminders_signup FOREIGN KEY (signup_id) REFERENCES volunteer_signups (id),
  CONSTRAINT fk_vreminders_event FOREIGN KEY (event_id) REFERENCES volunteer_events (id)
) ENGINE=InnoDB;
