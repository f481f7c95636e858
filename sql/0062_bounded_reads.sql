-- Keys for reads that read far more rows than they return at a national deployment, each
-- found by EXPLAIN (notes of this change; tests/integration/test_bounded_reads.c measures
-- what each reads with MariaDB's handler counters):
--   volunteer_hours by team: a team's service minutes (TEAM_COLS, every team read and
--     every row of the team list) scanned the whole national table, once per team;
--   org_life_attendance by office and day: the study report's sessions of one quarter
--     read the office's attendance of every year (tens of thousands of rows a county);
--   audit_log by office and target, and by office and actor: the audit trail filtered by
--     a record or a user walked the office's whole log backwards until it found a page;
--   office_keys by not_after: the public JWKS and the key reload read every key ever
--     issued (retired keys are kept) to return the live ones;
--   help_requests and visits by office and id: their newest-first lists read and sorted
--     all of the office's rows for every page.
-- NOCOPY, LOCK=NONE: the keys are built while writes go on (sql/0059); on the national
-- attendance and audit tables that takes a while, reads and writes are not held.
ALTER TABLE volunteer_hours ADD KEY ix_hours_team (team_id, status), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE org_life_attendance ADD KEY ix_attendance_office_day (office_code, held_on, status, member_id, activity_id),
  ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE audit_log ADD KEY ix_audit_target (office_code, target, id), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE audit_log ADD KEY ix_audit_actor (office_code, actor, id), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE office_keys ADD KEY ix_keys_live (not_after), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE help_requests ADD KEY ix_help_office_id (office_code, id), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE visits ADD KEY ix_visits_office_id (office_code, id), ALGORITHM=NOCOPY, LOCK=NONE;
