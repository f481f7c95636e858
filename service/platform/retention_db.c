/* The retention job's SQL (the worker thread is in retention.c). What it deletes, and when:
 *   idempotency_keys  24 h after the request started (the replay window; the stored
 *                     responses are sealed meanwhile)
 *   refresh_tokens    once expired (a refresh after that is refused anyway)
 *   revoked_tokens    once the access token has expired, plus the allowed clock skew
 *   login_throttle    once the throttling window has passed
 *   deliveries        delivered ones YH_WEBHOOK_RETENTION_DAYS after delivery, dead ones that
 *                     long after their deadline
 *   outbox            payloads older than YH_WEBHOOK_RETENTION_DAYS with no delivery left
 *   outbox_daily      daily markers older than YH_WEBHOOK_RETENTION_DAYS
 * First it dead-letters the deliveries a paused webhook held past their deadline.
 * Each table is pruned in batches (short transactions, no long row locks). The ages are
 * compared with the database's NOW(3), the clock the rules that use these rows read.
 * One run at a time across every process: MariaDB's GET_LOCK, held by the running
 * connection (released by the server if that connection dies). */
#include "yinhui/retention.h"

#include <stddef.h>

#define BATCH 1000

/* Runs a DELETE ... LIMIT BATCH (its parameters p) until fewer rows go. */
static enum yh_err prune(struct db *db, const char *sql, const struct db_param *p, size_t n, uint64_t *count)
{
    for (;;) {
        uint64_t affected = 0;
        enum yh_err err = db_exec(db, sql, p, n, NULL, &affected, NULL);
        if (err != YH_OK) {
            return err;
        }
        *count += affected;
        if (affected < BATCH) {
            return YH_OK;
        }
    }
}

/* What each run prunes, in order: the statement, which parameters it takes and where
 * its count goes (then the daily markers: prune_daily). */
enum prune_params { PP_NONE, PP_SKEW, PP_WINDOW, PP_DAYS };
static const struct {
    const char *sql;
    enum prune_params params;
    size_t count_at;
} prunes[] = {
    {"DELETE FROM idempotency_keys WHERE started_at < NOW(3) - INTERVAL 24 HOUR LIMIT 1000", PP_NONE,
     offsetof(struct retention_counts, idempotency)},
    {"DELETE FROM refresh_tokens WHERE expires_at < NOW(3) LIMIT 1000", PP_NONE,
     offsetof(struct retention_counts, refresh)},
    {"DELETE FROM revoked_tokens WHERE expires_at < NOW(3) - INTERVAL ? SECOND LIMIT 1000", PP_SKEW,
     offsetof(struct retention_counts, revoked)},
    {"DELETE FROM login_throttle WHERE window_start < NOW(3) - INTERVAL ? SECOND LIMIT 1000", PP_WINDOW,
     offsetof(struct retention_counts, throttle)},
    /* a paused webhook holds its deliveries (the workers claim none of them), until their
     * deadline: then they are dead letters like any other (redeliver queues one again), so
     * that what every worker reads at each poll (pending and due) does not grow for as
     * long as a hook stays paused; through ix_deliveries_deadline (sql/0061). Before the
     * deletes, which take dead ones only YH_WEBHOOK_RETENTION_DAYS after their deadline. */
    {"UPDATE deliveries SET state = 'dead', last_error = IFNULL(last_error, 'deadline passed while the webhook "
     "was paused'), lease = NULL, locked_until = NULL WHERE state = 'pending' AND deadline < NOW(3) AND "
     "(locked_until IS NULL OR locked_until < NOW(3)) AND webhook_id IN (SELECT id FROM webhooks WHERE active "
     "= 0) LIMIT 1000",
     PP_NONE, offsetof(struct retention_counts, held)},
    /* the delivered and the dead each through its own key (sql/0061): one statement with
     * both under an OR read every delivered row by the state alone */
    {"DELETE FROM deliveries WHERE state = 'delivered' AND delivered_at < NOW(3) - INTERVAL ? DAY LIMIT 1000",
     PP_DAYS, offsetof(struct retention_counts, deliveries)},
    {"DELETE FROM deliveries WHERE state = 'dead' AND deadline < NOW(3) - INTERVAL ? DAY AND locked_until IS "
     "NULL LIMIT 1000",
     PP_DAYS, offsetof(struct retention_counts, deliveries)},
    {"DELETE FROM outbox WHERE created_at < NOW(3) - INTERVAL ? DAY AND NOT EXISTS "
     "(SELECT 1 FROM deliveries d WHERE d.outbox_id = outbox.id) LIMIT 1000",
     PP_DAYS, offsetof(struct retention_counts, outbox)},
};

/* The daily markers past their age, found by a plain read and deleted by key. Not one
 * DELETE ... WHERE day < ...: the table's key starts with the office, so that statement
 * scans it all, and under REPEATABLE READ it locks each row and gap it passes until it
 * ends; meeting a marker that a daily pass holds while it publishes, it waited, and every
 * other office's pass waited on it (or deadlocked with it). */
static enum yh_err prune_daily(struct db *db, int64_t days)
{
    static const char old[] =
        "SELECT office_code, kind, DATE_FORMAT(day, '%Y-%m-%d') FROM outbox_daily WHERE "
        "day < CURRENT_DATE() - INTERVAL ? DAY LIMIT 1000";
    static const char del[] = "DELETE FROM outbox_daily WHERE office_code = ? AND kind = ? AND day = ?";
    for (;;) {
        struct db_param p[] = {P_I64(days)};
        struct db_rows rows;
        enum yh_err err = db_exec(db, old, p, 1, &rows, NULL, NULL);
        if (err != YH_OK) {
            return err;
        }
        size_t n = rows.nrows;
        for (size_t i = 0; err == YH_OK && i < n; i++) {
            struct db_param k[] = {P_STR(db_str(&rows, i, 0)), P_STR(db_str(&rows, i, 1)),
                                   P_STR(db_str(&rows, i, 2))};
            err = db_exec(db, del, k, 3, NULL, NULL, NULL);
        }
        db_rows_free(&rows);
        if (err != YH_OK || n < BATCH) {
            return err;
        }
    }
}

/* Every prune in order; stops at the first error. */
static enum yh_err prune_all(struct db *db, const struct config *cfg, struct retention_counts *c)
{
    int64_t days = cfg->webhook_retention_days;
    for (size_t i = 0; i < sizeof(prunes) / sizeof(prunes[0]); i++) {
        struct db_param p[1] = {P_I64(days)};
        size_t n = prunes[i].params == PP_NONE ? 0 : 1;
        if (prunes[i].params == PP_SKEW) {
            p[0] = P_I64(cfg->clock_skew_s + 60);
        } else if (prunes[i].params == PP_WINDOW) {
            p[0] = P_I64(cfg->login_window_s);
        }
        uint64_t *count = (uint64_t *)(void *)((char *)c + prunes[i].count_at);
        enum yh_err err = prune(db, prunes[i].sql, p, n, count);
        if (err != YH_OK) {
            return err;
        }
    }
    return prune_daily(db, days);
}

enum yh_err retention_run(struct db *db, const struct config *cfg, struct retention_counts *out)
{
    static const char lock[] = "SELECT GET_LOCK('yinhui.retention', 0)";
    static const char unlock[] = "SELECT RELEASE_LOCK('yinhui.retention')";
    struct db_rows rows;
    struct retention_counts c = {0};
    enum yh_err err = db_exec_row(db, lock, NULL, 0, &rows);
    if (err != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    bool mine = db_i64(&rows, 0, 0) == 1;
    db_rows_free(&rows);
    if (!mine) {
        return YH_ERR_CONFLICT;
    }
    err = prune_all(db, cfg, &c);
    if (db_exec(db, unlock, NULL, 0, &rows, NULL, NULL) == YH_OK) {
        db_rows_free(&rows);
    }
    if (out != NULL) {
        *out = c;
    }
    return err == YH_OK ? YH_OK : YH_ERR_UNAVAILABLE;
}
