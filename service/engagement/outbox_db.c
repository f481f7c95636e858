/* The outbox's store: events and their deliveries, claims under a lease, outcomes, and
 * the daily care.visit_due marker (see outbox.c for the worker that drives them). */
#include "yinhui/outbox_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum yh_err outbox_db_publish(struct db *db, const char *office, const char *event_id, const char *type,
                              const char *payload, int64_t ttl_s)
{
    static const char ins[] = "INSERT INTO outbox (office_code, event_id, type, payload) VALUES (?, ?, ?, ?)";
    static const char fan[] =
        "INSERT INTO deliveries (outbox_id, webhook_id, office_code, next_at, deadline) SELECT ?, id, "
        "office_code, NOW(3), NOW(3) + INTERVAL ? SECOND FROM webhooks WHERE office_code = ? AND "
        "active = 1 AND FIND_IN_SET(?, events)";
    struct db_param p[] = {P_STR(office), P_STR(event_id), P_STR(type), P_STR(payload)};
    uint64_t oid = 0;
    enum yh_err err = db_exec(db, ins, p, 4, NULL, NULL, &oid);
    if (err == YH_OK) {
        struct db_param q[] = {P_I64(oid), P_I64(ttl_s), P_STR(office), P_STR(type)};
        err = db_exec(db, fan, q, 4, NULL, NULL, NULL);
    }
    return err;
}

/* A statement on one claimed delivery, tried again if MariaDB refuses it once (a lock
 * wait or deadlock with a concurrent claim): an outcome must not be lost. */
static enum yh_err exec_retry(struct db *db, const char *sql, const struct db_param *p, size_t n,
                              uint64_t *affected)
{
    enum yh_err err = YH_ERR_INTERNAL;
    for (int i = 0; i < 3 && err != YH_OK; i++) {
        if (i > 0) {
            usleep(20000 * (useconds_t)i);
        }
        err = db_exec(db, sql, p, n, NULL, affected, NULL);
    }
    return err;
}

/* Up to max office codes from column 0 of sql's rows (params p, n). */
static enum yh_err office_codes(struct db *db, const char *sql, const struct db_param *p, size_t np,
                                char (*offices)[7], size_t max, size_t *n)
{
    struct db_rows rows;
    *n = 0;
    enum yh_err err = db_exec(db, sql, p, np, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    for (size_t i = 0; i < rows.nrows && *n < max; i++) {
        DB_CP(offices[(*n)++], db_str(&rows, i, 0));
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err outbox_db_due_offices(struct db *db, char (*offices)[7], size_t max, size_t *n)
{
    static const char sql[] =
        "SELECT d.office_code FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id AND "
        "w.active = 1 LEFT JOIN delivery_turns t ON t.office_code = d.office_code WHERE d.state "
        "= 'pending' AND d.next_at <= NOW(3) AND (d.locked_until IS NULL OR d.locked_until < "
        "NOW(3)) GROUP BY d.office_code ORDER BY MIN(t.served_at), d.office_code LIMIT 16";
    return office_codes(db, sql, NULL, 0, offices, max, n);
}

/* Inside the claim's transaction, with the office's turn row locked: *full when the
 * office has office_max deliveries in flight. */
static enum yh_err office_full(struct db *db, const char *office, int64_t office_max, bool *full)
{
    static const char lock[] = "SELECT served_at FROM delivery_turns WHERE office_code = ? FOR UPDATE";
    static const char inflight[] =
        "SELECT COUNT(*) FROM deliveries WHERE office_code = ? AND state = 'pending' AND "
        "lease IS NOT NULL AND locked_until >= NOW(3)";
    struct db_param o[] = {P_STR(office)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, lock, o, 1, &rows, NULL, NULL);
    if (err == YH_OK) {
        db_rows_free(&rows);
        err = db_exec(db, inflight, o, 1, &rows, NULL, NULL);
    }
    if (err == YH_OK) {
        *full = db_i64(&rows, 0, 0) >= office_max;
        db_rows_free(&rows);
    }
    return err;
}

/* Takes one of office's due deliveries under lease; *claimed 1 when it did. */
static enum yh_err claim_due(struct db *db, const char *office, const char *lease, int64_t lease_s,
                             uint64_t *claimed)
{
    /* the due rows are found by a plain read, then one is taken by its primary key with
     * the conditions checked again: a claim locks that row only, in the same order as
     * the outcome's update (a range-locking UPDATE ... ORDER BY deadlocked with it) */
    static const char due[] =
        "SELECT d.id FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.active = 1 WHERE "
        "d.office_code = ? AND d.state = 'pending' AND d.next_at <= NOW(3) AND (d.locked_until IS "
        "NULL OR d.locked_until < NOW(3)) ORDER BY d.next_at LIMIT 4";
    static const char claim[] =
        "UPDATE deliveries SET lease = ?, locked_until = NOW(3) + INTERVAL ? SECOND WHERE id = ? "
        "AND state = 'pending' AND (locked_until IS NULL OR locked_until < NOW(3))";
    struct db_param o[] = {P_STR(office)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, due, o, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    for (size_t i = 0; err == YH_OK && *claimed == 0 && i < rows.nrows; i++) {
        struct db_param c[] = {P_STR(lease), P_I64(lease_s), P_I64(db_i64(&rows, i, 0))};
        err = db_exec(db, claim, c, 3, NULL, claimed, NULL);
    }
    db_rows_free(&rows);
    return err;
}

/* The office's turn row is locked for the count and the claim, so concurrent claimers
 * (threads or processes) cannot both take the last slot; served_at moves the office to
 * the back of the round. */
int outbox_db_claim(struct db *db, const char *office, const char *lease, int64_t lease_s, int64_t office_max)
{
    static const char turn[] = "INSERT IGNORE INTO delivery_turns (office_code) VALUES (?)";
    static const char served[] = "UPDATE delivery_turns SET served_at = NOW(6) WHERE office_code = ?";
    struct db_param o[] = {P_STR(office)};
    uint64_t claimed = 0;
    bool full = false;
    if (db_exec(db, turn, o, 1, NULL, NULL, NULL) != YH_OK) {
        return -1;
    }
    enum yh_err err = db_begin(db);
    if (err == YH_OK) {
        err = office_full(db, office, office_max, &full);
    }
    if (err == YH_OK && !full) {
        err = claim_due(db, office, lease, lease_s, &claimed);
    }
    if (err == YH_OK && claimed == 1) {
        err = db_exec(db, served, o, 1, NULL, NULL, NULL);
    }
    if (err == YH_OK && claimed == 0) {
        db_rollback(db);
        return 0;
    }
    return db_finish(db, err) == YH_OK ? 1 : -1;
}

/* strdup of a cell (NULL as ""); NULL only when out of memory. */
static char *cell_dup(const struct db_rows *rows, size_t i, size_t col)
{
    const char *s = db_str(rows, i, col);
    return strdup(s ? s : "");
}

enum yh_err outbox_db_claimed(struct db *db, const char *lease, struct outbox_claim **out, size_t *n)
{
    static const char sql[] =
        "SELECT d.id, d.attempts, w.url, w.secret_enc, o.event_id, o.type, o.payload, "
        "d.deadline < NOW(3) FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN outbox "
        "o ON o.id = d.outbox_id WHERE d.lease = ?";
    struct db_param q[] = {P_STR(lease)};
    struct db_rows rows;
    struct outbox_claim *c = NULL;
    *out = NULL;
    *n = 0;
    enum yh_err err = db_exec(db, sql, q, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    c = calloc(rows.nrows + 1, sizeof(*c));
    for (size_t i = 0; c != NULL && i < rows.nrows; i++) {
        c[i].id = db_i64(&rows, i, 0);
        c[i].attempts = db_i64(&rows, i, 1);
        c[i].url = cell_dup(&rows, i, 2);
        buf_append(&c[i].secret_enc, db_str(&rows, i, 3) ? db_str(&rows, i, 3) : "", db_len(&rows, i, 3));
        DB_CP(c[i].event_id, db_str(&rows, i, 4));
        DB_CP(c[i].type, db_str(&rows, i, 5));
        c[i].payload = cell_dup(&rows, i, 6);
        c[i].expired = db_i64(&rows, i, 7) != 0;
        if (c[i].url == NULL || c[i].payload == NULL) {
            err = YH_ERR_INTERNAL;
        }
    }
    size_t got = rows.nrows;
    db_rows_free(&rows);
    if (c == NULL || err != YH_OK) {
        outbox_db_claims_free(c, got);
        return YH_ERR_INTERNAL;
    }
    *out = c;
    *n = got;
    return YH_OK;
}

void outbox_db_claims_free(struct outbox_claim *c, size_t n)
{
    if (c == NULL) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        free(c[i].url);
        free(c[i].payload);
        buf_free(&c[i].secret_enc);
    }
    free(c);
}

enum yh_err outbox_db_renew(struct db *db, int64_t id, const char *lease, int64_t lease_s, uint64_t *renewed)
{
    static const char sql[] =
        "UPDATE deliveries SET locked_until = NOW(3) + INTERVAL ? SECOND WHERE id = ? AND lease = ? "
        "AND state = 'pending'";
    struct db_param p[] = {P_I64(lease_s), P_I64(id), P_STR(lease)};
    return exec_retry(db, sql, p, 3, renewed);
}

enum yh_err outbox_db_delivered(struct db *db, int64_t id, const char *lease, int64_t status)
{
    static const char sql[] =
        "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, last_status = ?, "
        "last_error = NULL, delivered_at = NOW(3), lease = NULL, locked_until = NULL WHERE id = ? "
        "AND lease = ?";
    struct db_param p[] = {P_I64(status), P_I64(id), P_STR(lease)};
    return exec_retry(db, sql, p, 3, NULL);
}

enum yh_err outbox_db_failed(struct db *db, int64_t id, const char *lease, int64_t status, const char *error,
                             int64_t delay_ms)
{
    static const char sql[] =
        "UPDATE deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, next_at = "
        "NOW(3) + INTERVAL ? * 1000 MICROSECOND, state = IF(NOW(3) + INTERVAL ? * 1000 "
        "MICROSECOND > deadline, 'dead', 'pending'), lease = NULL, locked_until = NULL WHERE id = "
        "? AND lease = ?";
    char e[200];
    snprintf(e, sizeof(e), "%s", error ? error : "");
    struct db_param p[] = {status > 0 ? P_I64(status) : P_NULL,
                           P_STR(e),
                           P_I64(delay_ms),
                           P_I64(delay_ms),
                           P_I64(id),
                           P_STR(lease)};
    return exec_retry(db, sql, p, 6, NULL);
}

enum yh_err outbox_db_expire(struct db *db, int64_t id, const char *lease)
{
    static const char sql[] =
        "UPDATE deliveries SET state = 'dead', last_error = IFNULL(last_error, 'deadline passed'), "
        "lease = NULL, locked_until = NULL WHERE id = ? AND lease = ?";
    struct db_param p[] = {P_I64(id), P_STR(lease)};
    return exec_retry(db, sql, p, 2, NULL);
}

enum yh_err outbox_db_visit_due_offices(struct db *db, const char *day, char (*offices)[7], size_t max,
                                        size_t *n)
{
    static const char sql[] =
        "SELECT DISTINCT w.office_code FROM webhooks w LEFT JOIN outbox_daily d ON d.office_code "
        "= w.office_code AND d.kind = 'care.visit_due' AND d.day = ? WHERE w.active = 1 AND "
        "FIND_IN_SET('care.visit_due', w.events) AND d.office_code IS NULL LIMIT 100";
    struct db_param p[] = {P_STR(day)};
    return office_codes(db, sql, p, 1, offices, max, n);
}

enum yh_err outbox_db_mark_visit_due(struct db *db, const char *office, const char *day, uint64_t *won)
{
    static const char sql[] =
        "INSERT IGNORE INTO outbox_daily (office_code, kind, day) VALUES (?, 'care.visit_due', ?)";
    struct db_param q[] = {P_STR(office), P_STR(day)};
    return db_exec(db, sql, q, 2, NULL, won, NULL);
}

enum yh_err outbox_db_open_branches(struct db *db, const char *office, int64_t **ids, size_t *n)
{
    static const char sql[] =
        "SELECT id FROM branches WHERE office_code = ? AND dissolved_on IS NULL AND level = "
        "'branch' ORDER BY id LIMIT 5000";
    struct db_param o[] = {P_STR(office)};
    struct db_rows rows;
    *ids = NULL;
    *n = 0;
    enum yh_err err = db_exec(db, sql, o, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *ids = calloc(rows.nrows + 1, sizeof(**ids));
    for (size_t i = 0; *ids != NULL && i < rows.nrows; i++) {
        (*ids)[i] = db_i64(&rows, i, 0);
    }
    *n = *ids != NULL ? rows.nrows : 0;
    db_rows_free(&rows);
    return *ids != NULL ? YH_OK : YH_ERR_INTERNAL;
}
