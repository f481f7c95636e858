/* Login throttling: the login_throttle table, one row a key with its window and count. */
#include "yinhui/throttle_db.h"

enum yh_err throttle_db_wait(struct db *db, const char *key, int64_t max, int64_t window_s,
                             int64_t *retry_after)
{
    static const char sql[] =
        "SELECT " THROTTLE_WAIT_COLS " FROM login_throttle WHERE k = ? AND " THROTTLE_LIVE;
    struct db_param p[] = {P_I64(window_s), P_STR(key), P_I64(window_s)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    *retry_after = 0;
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows > 0 && db_i64(&rows, 0, 0) >= max) {
        *retry_after = db_i64(&rows, 0, 1);
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err throttle_db_take(struct db *db, const char *key, int64_t window_s, int64_t *count)
{
    /* one statement counts the attempt and hands back the new count (LAST_INSERT_ID(x)
     * is what mysql_stmt_insert_id reports), so concurrent attempts each see their own */
    static const char sql[] =
        "INSERT INTO login_throttle (k, window_start, failures) VALUES (?, NOW(3), LAST_INSERT_ID(1)) "
        "ON DUPLICATE KEY UPDATE failures = LAST_INSERT_ID(IF(window_start + INTERVAL ? SECOND > NOW(3), "
        "failures + 1, 1)), window_start = IF(window_start + INTERVAL ? SECOND > NOW(3), window_start, "
        "NOW(3))";
    struct db_param p[] = {P_STR(key), P_I64(window_s), P_I64(window_s)};
    uint64_t n = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, NULL, &n);
    *count = (int64_t)n;
    return err;
}

enum yh_err throttle_db_refund(struct db *db, const char *key)
{
    static const char sql[] =
        "UPDATE login_throttle SET failures = failures - 1 WHERE k = ? AND failures > 0";
    struct db_param p[] = {P_STR(key)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}

enum yh_err throttle_db_fail(struct db *db, const char *key, int64_t window_s)
{
    /* a failure counts as an attempt does; only the count goes unread */
    int64_t count = 0;
    return throttle_db_take(db, key, window_s, &count);
}

enum yh_err throttle_db_clear(struct db *db, const char *key, const char *refund)
{
    /* one statement for both keys: the cleared row stays with no failures and a window
     * long past, which every statement here takes as no row at all (the next attempt
     * starts a new window), until retention deletes it */
    static const char sql[] =
        "UPDATE login_throttle SET failures = IF(k = ?, 0, failures - 1), "
        "window_start = IF(k = ?, '2000-01-01', window_start) WHERE k = ? OR (k = ? AND failures > 0)";
    const char *r = refund != NULL ? refund : "";
    struct db_param p[] = {P_STR(key), P_STR(key), P_STR(key), P_STR(r)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}
