-- Issue 16, points with limits: an office caps the points a volunteer earns in a day and
-- in a year (volunteer_settings.points_day_cap / points_year_cap, 0047; NULL: no cap).
--   earned_on  the day (China time) the points were credited: the day a cap counts them
--              in. NULL for entries that are not earnings (redemptions), which no cap
--              limits. The day credited rather than the day served: a cap limits what
--              the ledger adds in a day, so a batch of old claims confirmed at once (the
--              "hour padding" the rules guard against) cannot pass it by naming past
--              days, and the ledger alone knows what a day already holds.
--   capped     points the entry earned but a cap withheld (delta is what was credited;
--              delta + capped what the hours were worth); 0 when none was withheld
--   capped_by  which cap withheld them (the tighter one when both would)
ALTER TABLE points_ledger
  ADD COLUMN capped    INT UNSIGNED NOT NULL DEFAULT 0 AFTER delta,
  ADD COLUMN capped_by ENUM('day','year') NULL AFTER capped,
  ADD COLUMN earned_on DATE NULL AFTER kind,
  ADD KEY ix_ledger_earned (volunteer_id, earned_on);

-- the earnings already there: the day they were written (the service's sessions, the
-- migrations' too, are in China time, +08:00)
UPDATE points_ledger SET earned_on = DATE(created_at) WHERE kind = 'earn';
