/* An office's webhooks and their deliveries (the worker's SQL is in outbox_db.c). */
#include "yinhui/webhooks_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/json_out.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

enum yh_err webhooks_db_insert(struct db *db, const char *office, const char *url, const void *secret_enc,
                               size_t n, const char *events, const char *by, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO webhooks (office_code, url, secret_enc, events, created_by) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(url), P_BLOB(secret_enc, n), P_STR(events), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

#define HOOK_COLS "id, url, events, active, version, created_by, " SQL_TS("created_at")
const struct fm webhook_map[] = {
    FM(FM_ID, "id", struct webhook, id),
    FM(FM_STR, "url", struct webhook, url),
    FM(FM_STR, NULL, struct webhook, events),
    FM(FM_BOOL, "active", struct webhook, active),
    FM(FM_INT, "version", struct webhook, version),
    FM(FM_STR, "created_by", struct webhook, created_by),
    FM(FM_STR, "created_at", struct webhook, created_at),
};
const size_t webhook_map_n = ARRAY_LEN(webhook_map);

enum yh_err webhooks_db_list(struct db *db, const char *office, struct webhook **out, size_t *n)
{
    static const char sql[] =
        "SELECT " HOOK_COLS " FROM webhooks WHERE office_code = ? ORDER BY id LIMIT 100";
    struct db_param p[] = {P_STR(office)};
    return FM_ALL(db, sql, p, 1, webhook_map, webhook_map_n, out, n);
}

enum yh_err webhooks_db_get(struct db *db, const char *office, int64_t id, struct webhook *w)
{
    static const char sql[] = "SELECT " HOOK_COLS " FROM webhooks WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, webhook_map, webhook_map_n, w);
}

enum yh_err webhooks_db_update(struct db *db, const char *office, const struct webhook *w, int64_t version)
{
    static const char sql[] =
        "UPDATE webhooks SET url = ?, events = ?, active = ?, version = version + 1 WHERE "
        "office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM webhooks WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(w->url), P_STR(w->events), P_I64(w->active),
                           P_STR(office), P_I64(w->id),     P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 6, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, w->id);
}

static const struct jcol delivery_cols[] = {
    {"id", JC_ID},          {"event_id", JC_STR},     {"type", JC_STR},      {"state", JC_STR},
    {"attempts", JC_INT},   {"next_at", JC_STR},      {"deadline", JC_STR},  {"last_status", JC_INT},
    {"last_error", JC_STR}, {"delivered_at", JC_STR}, {"created_at", JC_STR}};
const struct view deliveries_view = VIEW(delivery_cols);

enum yh_err deliveries_db_list(struct db *db, const char *office, int64_t webhook_id, const char *state,
                               int64_t before, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT d.id, o.event_id, o.type, d.state, d.attempts, " SQL_TS("d.next_at") ", " SQL_TS(
            "d.deadline") ", d.last_status, "
                          "d.last_error, " SQL_TS("d.delivered_at") ", " SQL_TS(
                              "o.created_at") " FROM deliveries d JOIN outbox o ON o.id = "
                                              "d.outbox_id WHERE d.office_code = ? AND d.webhook_id = ? AND "
                                              "(? IS NULL OR d.state = ?) AND (? = 0 OR d.id < ?) "
                                              "ORDER BY d.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office),
                           P_I64(webhook_id),
                           state ? P_STR(state) : P_NULL,
                           state ? P_STR(state) : P_NULL,
                           P_I64(before),
                           P_I64(before),
                           P_I64(limit + 1)};
    return view_fetch(db, &deliveries_view, sql, p, 7, false, rows);
}

enum yh_err deliveries_db_redeliver(struct db *db, const char *office, int64_t id, int64_t ttl_s)
{
    static const char sql[] =
        "UPDATE deliveries SET state = 'pending', next_at = NOW(3), deadline = NOW(3) + INTERVAL ? "
        "SECOND, lease = NULL, locked_until = NULL WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_I64(ttl_s), P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}
