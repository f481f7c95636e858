-- Accident insurance (《志愿服务条例》 art. 17) is needed while a risky event may still be
-- held, not only while sign-ups are open: a closed event (sign-ups closed, event to come)
-- is held all the same. 0050's check tested status 'open' only, so closing an open
-- insured event and then clearing insurance_arranged passed. Risky closed events without
-- insurance (possible since 0050) go back to draft: they cannot be held as they are, and
-- staff reopen them once insured (their sign-ups stay).
UPDATE volunteer_events SET status = 'draft', version = version + 1
 WHERE risky = 1 AND insurance_arranged = 0 AND status = 'closed';
ALTER TABLE volunteer_events
  DROP CONSTRAINT ck_events_insured,
  ADD CONSTRAINT ck_events_insured CHECK (risky = 0 OR insurance_arranged = 1 OR status NOT IN ('open', 'closed'));
