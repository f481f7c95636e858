-- Issue 16 review (B3): when a sign-up got its place (China time, the service's clock),
-- so a volunteer confirmed after the event began (signed up on the day) is never marked a
-- no-show. NULL for the sign-ups confirmed before this column: they count as confirmed in
-- time, as they were read until now.
ALTER TABLE volunteer_signups
  ADD COLUMN confirmed_at DATETIME NULL AFTER status;
