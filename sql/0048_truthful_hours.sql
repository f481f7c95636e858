-- Issue 16, truthful hours (h1): a correction moves a volunteer's points by the difference
-- it makes, through the append-only ledger, as its own kind (the correction entry's id in
-- hours_id, so one ledger row per correction).
ALTER TABLE points_ledger
  MODIFY COLUMN kind ENUM('earn','redeem','adjust') NOT NULL;

-- Sign-ups still checked in (checked in, not out, confirmed): the event's id, else NULL.
-- The automatic check-out (vhours_auto_checkout) reads them through this index instead
-- of scanning every sign-up; few rows are in it at any time.
ALTER TABLE volunteer_signups
  ADD COLUMN open_checkin BIGINT UNSIGNED AS (IF(checked_in_at IS NOT NULL AND checked_out_at IS NULL
                                                 AND status = 'confirmed', event_id, NULL)) PERSISTENT,
  ADD KEY ix_signups_open_checkin (open_checkin);
