-- Keys for the retention job's statements (service/platform/retention_db.c), so that each
-- reads only the rows past their age. Without them the outbox's DELETE (by created_at),
-- login_throttle's (by window_start) and the delivered and dead deliveries' (state, then
-- delivered_at or deadline) scanned their whole table, and the last batch of every run,
-- which finds fewer than its LIMIT, always did; under REPEATABLE READ such a DELETE locks
-- every row and gap it passes until it ends, so the events written meanwhile (an insert
-- at the end of the outbox) and the deliveries' workers waited on it. The daily markers'
-- plain read (by day) scanned outbox_daily, whose key starts with the office.
-- NOCOPY, LOCK=NONE: writes go on while a key is built (sql/0059).
ALTER TABLE outbox ADD KEY ix_outbox_created (created_at), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE login_throttle ADD KEY ix_throttle_window (window_start), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE deliveries ADD KEY ix_deliveries_delivered (state, delivered_at), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE deliveries ADD KEY ix_deliveries_deadline (state, deadline), ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE outbox_daily ADD KEY ix_outbox_daily_day (day), ALGORITHM=NOCOPY, LOCK=NONE;
