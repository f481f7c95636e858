-- Safety and fit (issue 16; 《志愿服务条例》 art. 15: tasks fit the volunteer's age, skills
-- and health; art. 17: risky activities need accident insurance arranged first).
--   min_age / max_age   NULL: no bound (age in full years on the event's day, China time)
--   health_allowed      the members' health levels that may sign up ('' : any)
--   intensity           physical intensity (NULL: not stated); vigorous asks health 'able'
--   skills_required     1: the volunteer must hold one of the event's skills (else wanted only)
--   risky, insurance_arranged, insurance_note: a risky event opens only when insured
ALTER TABLE volunteer_events
  ADD COLUMN min_age TINYINT UNSIGNED NULL AFTER skills,
  ADD COLUMN max_age TINYINT UNSIGNED NULL AFTER min_age,
  ADD COLUMN health_allowed SET('able','frail','homebound','hospitalised') NOT NULL DEFAULT '' AFTER max_age,
  ADD COLUMN intensity ENUM('light','moderate','vigorous') NULL AFTER health_allowed,
  ADD COLUMN skills_required TINYINT(1) NOT NULL DEFAULT 0 AFTER intensity,
  ADD COLUMN risky TINYINT(1) NOT NULL DEFAULT 0 AFTER skills_required,
  ADD COLUMN insurance_arranged TINYINT(1) NOT NULL DEFAULT 0 AFTER risky,
  ADD COLUMN insurance_note VARCHAR(200) NULL AFTER insurance_arranged,
  ADD CONSTRAINT ck_events_ages CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age),
  ADD CONSTRAINT ck_events_insured CHECK (risky = 0 OR insurance_arranged = 1 OR status <> 'open');
