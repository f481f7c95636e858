/* Webhooks, the outbox and deliveries. */
#include <stdio.h>
#include <string.h>

#include "yinhui/outbox.h"

enum yh_err webhooks_db_insert(struct db *db, const char *office, const char *url, const void *secret_enc, size_t n,
                               const char *events, const char *by, int64_t *id)
{
    static const char sql[] = "INSERT INTO webhooks (office_code, url, secret_enc, events, created_by) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(url), P_BLOB(secret_enc, n), P_STR(events), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

#define HOOK_COLS "id, url, events, active, version, created_by, " SQL_TS("created_at")

enum yh_err webhooks_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT " HOOK_COLS " FROM webhooks WHERE office_code = ? ORDER BY id LIMIT 100";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err webhooks_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " HOOK_COLS " FROM webhooks WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err webhooks_db_update(struct db *db, const char *office, int64_t id, int64_t version, const char *url,
                               const char *events, int active)
{
    static const char sql[] = "UPDATE webhooks SET url = ?, events = ?, active = ?, version = version + 1 WHERE "
                              "office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM webhooks WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(url), P_STR(events), P_I64(active), P_STR(office), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 6, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

enum yh_err deliveries_db_list(struct db *db, const char *office, int64_t webhook_id, const char *state, int64_t before,
                               int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT d.id, o.event_id, o.type, d.state, d.attempts, " SQL_TS("d.next_at") ", " SQL_TS("d.deadline") ", d.last_status, "
        "d.last_error, " SQL_TS("d.delivered_at") ", " SQL_TS("o.created_at") " FROM deliveries d JOIN outbox o ON o.id = "
        "d.outbox_id WHERE d.office_code = ? AND d.webhook_id = ? AND (? IS NULL OR d.state = ?) AND (? = 0 OR d.id < ?) "
        "ORDER BY d.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office),  P_I64(webhook_id), state ? P_STR(state) : P_NULL, state ? P_STR(state) : P_NULL,
                           P_I64(before), P_I64(before),      P_I64(limit + 1)};
    return db_exec(db, sql, p, 7, rows, NULL, NULL);
}

enum yh_err deliveries_db_redeliver(struct db *db, const char *office, int64_t id, int64_t ttl_s)
{
    static const char sql[] = "UPDATE deliveries SET state = 'pending', next_at = NOW(3), deadline = NOW(3) + INTERVAL ? "
                              "SECOND, lease = NULL, locked_until = NULL WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_I64(ttl_s), P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}
