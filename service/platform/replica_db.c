/* The replica's heartbeat row (migration 0060), for the monitor in replica.c. */
#include "yinhui/replica.h"

#include "yinhui/db.h"

enum yh_err replica_db_beat(struct db *primary)
{
    /* every process writes it: one writer failing does not make the replica look behind */
    return db_exec(primary,
                   "INSERT INTO replica_heartbeat (id, ts) VALUES (1, NOW(6)) "
                   "ON DUPLICATE KEY UPDATE ts = VALUES(ts)",
                   NULL, 0, NULL, NULL, NULL);
}

enum yh_err replica_db_lag(struct db *replica, bool *have, int64_t *lag_ms)
{
    struct db_rows rows;
    enum yh_err err = db_exec(
        replica, "SELECT TIMESTAMPDIFF(MICROSECOND, ts, NOW(6)) DIV 1000 FROM replica_heartbeat WHERE id = 1",
        NULL, 0, &rows, NULL, NULL);
    *have = false;
    *lag_ms = -1;
    if (err != YH_OK) {
        return err;
    }
    *have = rows.nrows == 1 && db_str(&rows, 0, 0) != NULL;
    *lag_ms = *have ? db_i64(&rows, 0, 0) : -1;
    db_rows_free(&rows);
    return YH_OK;
}
