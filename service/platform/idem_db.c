#include "yinhui/idem_db.h"

#include <stdio.h>
#include <string.h>

enum yh_err idem_db_claim(struct db *db, const char *office, const char *principal,
                          const char *key, const unsigned char hash[32])
{
    static const char sql[] = "INSERT INTO idempotency_keys (office_code, principal, idem_key, request_hash, state) "
                              "VALUES (?, ?, ?, ?, 'running')";
    struct db_param p[] = {P_STR(office), P_STR(principal), P_STR(key), P_BLOB(hash, 32)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err idem_db_get(struct db *db, const char *office, const char *principal,
                        const char *key, struct idem_row *row)
{
    static const char sql[] = "SELECT request_hash, state = 'done', TIMESTAMPDIFF(SECOND, started_at, NOW(3)), "
                              "status, location, content_type, body FROM idempotency_keys "
                              "WHERE office_code = ? AND principal = ? AND idem_key = ?";
    struct db_param p[] = {P_STR(office), P_STR(principal), P_STR(key)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows == 0 || db_len(&rows, 0, 0) != 32) {
        db_rows_free(&rows);
        return YH_ERR_NOT_FOUND;
    }
    memcpy(row->hash, db_str(&rows, 0, 0), 32);
    row->done = db_i64(&rows, 0, 1) != 0;
    row->age_s = db_i64(&rows, 0, 2);
    row->status = (int)db_i64(&rows, 0, 3);
    snprintf(row->location, sizeof(row->location), "%s", db_str(&rows, 0, 4) ? db_str(&rows, 0, 4) : "");
    snprintf(row->content_type, sizeof(row->content_type), "%s", db_str(&rows, 0, 5) ? db_str(&rows, 0, 5) : "");
    if (db_str(&rows, 0, 6) != NULL) {
        buf_append(&row->body, db_str(&rows, 0, 6), db_len(&rows, 0, 6));
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err idem_db_take_over(struct db *db, const char *office, const char *principal,
                              const char *key, const unsigned char hash[32], bool *taken)
{
    static const char sql[] =
        "UPDATE idempotency_keys SET request_hash = ?, state = 'running', status = NULL, location = NULL, "
        "content_type = NULL, body = NULL, started_at = NOW(3) WHERE office_code = ? AND principal = ? "
        "AND idem_key = ? AND (started_at < NOW(3) - INTERVAL 24 HOUR "
        "OR (state = 'running' AND started_at < NOW(3) - INTERVAL 60 SECOND))";
    struct db_param p[] = {P_BLOB(hash, 32), P_STR(office), P_STR(principal), P_STR(key)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    *taken = affected == 1;
    return err;
}

enum yh_err idem_db_finish(struct db *db, const char *office, const char *principal,
                           const char *key, int status, const char *location,
                           const char *content_type, const char *body, size_t len)
{
    static const char sql[] = "UPDATE idempotency_keys SET state = 'done', status = ?, location = ?, "
                              "content_type = ?, body = ? WHERE office_code = ? AND principal = ? AND idem_key = ?";
    struct db_param p[] = {P_I64(status), location ? P_STR(location) : P_NULL,
                           content_type ? P_STR(content_type) : P_NULL, P_BLOB(body ? body : "", len),
                           P_STR(office), P_STR(principal), P_STR(key)};
    return db_exec(db, sql, p, 7, NULL, NULL, NULL);
}

enum yh_err idem_db_release(struct db *db, const char *office, const char *principal,
                            const char *key)
{
    static const char sql[] = "DELETE FROM idempotency_keys WHERE office_code = ? AND principal = ? "
                              "AND idem_key = ? AND state = 'running'";
    struct db_param p[] = {P_STR(office), P_STR(principal), P_STR(key)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}
