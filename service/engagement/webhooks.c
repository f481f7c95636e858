/* /v1/webhooks: an office's notification endpoints (office staff with clients:write),
 * their deliveries, and redelivery. The secret is shown once, at creation; it is sealed
 * at rest because the worker needs it back to sign. URLs must be https and resolve only
 * to public addresses unless YH_WEBHOOK_ALLOW_PRIVATE (development) is set; the worker
 * checks the address again before every connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/engagement.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/net.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/util.h"

static cJSON *hook_json(const struct db_rows *rows, size_t i)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", db_i64(rows, i, 0));
    cJSON_AddStringToObject(j, "url", db_str(rows, i, 1));
    cJSON *ev = cJSON_AddArrayToObject(j, "events");
    const char *p = db_str(rows, i, 2);
    while (p && *p) {
        size_t n = strcspn(p, ",");
        char t[48];
        snprintf(t, sizeof(t), "%.*s", (int)(n < 47 ? n : 47), p);
        cJSON_AddItemToArray(ev, cJSON_CreateString(t));
        p += n;
        p += *p == ',';
    }
    cJSON_AddBoolToObject(j, "active", db_i64(rows, i, 3) != 0);
    cJSON_AddNumberToObject(j, "version", (double)db_i64(rows, i, 4));
    cJSON_AddStringToObject(j, "created_by", db_str(rows, i, 5));
    cJSON_AddStringToObject(j, "created_at", db_str(rows, i, 6));
    return j;
}

/* url: parsed, https unless development, resolving only to allowed addresses. No
 * connection is made here. */
static void url_take(struct req *r, const char *url, struct verrs *v)
{
    struct url u;
    struct sockaddr_storage addr;
    socklen_t alen;
    const char *why = NULL;
    if (!url_parse(url, &u, &why)) {
        verr_add(v, "url", why);
    } else if (!u.https && !r->app->cfg.webhook_allow_private) {
        verr_add(v, "url", "must be https");
    } else if (!url_resolve_checked(&u, r->app->cfg.webhook_allow_private, &addr, &alen, &why)) {
        verr_add(v, "url", why);
    }
}

/* events: 1 to 10 known types, each once, joined with commas into out. */
static void events_take(const cJSON *ev, char *out, size_t outlen, struct verrs *v)
{
    const cJSON *it = NULL;
    size_t used = 0;
    out[0] = '\0';
    if (!cJSON_IsArray(ev) || cJSON_GetArraySize(ev) < 1 || cJSON_GetArraySize(ev) > 10) {
        verr_add(v, "events", "must be an array of 1 to 10 event types");
        return;
    }
    cJSON_ArrayForEach(it, ev)
    {
        bool known = false;
        for (int k = 0; cJSON_IsString(it) && outbox_event_types[k]; k++) {
            known = known || strcmp(outbox_event_types[k], it->valuestring) == 0;
        }
        if (!known) {
            verr_add(v, "events", "holds an unknown event type");
            return;
        }
        char probe[64];
        snprintf(probe, sizeof(probe), ",%s,", it->valuestring);
        char have[600];
        snprintf(have, sizeof(have), ",%s,", out);
        if (strstr(have, probe)) {
            verr_add(v, "events", "names a type twice");
            return;
        }
        used += (size_t)snprintf(out + used, outlen - used, "%s%s", used ? "," : "", it->valuestring);
    }
}

void webhooks_list(struct req *r)
{
    struct db_rows rows;
    enum yh_err err = webhooks_db_list(r->db, r->claims.office, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < rows.nrows; i++) {
        cJSON_AddItemToArray(items, hook_json(&rows, i));
    }
    db_rows_free(&rows);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}

void webhooks_create(struct req *r)
{
    static const char *const fields[] = {"url", "events", NULL};
    const char *url = NULL;
    char events[600], secret[65], loc[48];
    unsigned char rnd[32];
    struct verrs v = {0};
    struct buf sealed = {0};
    struct db_rows rows;
    int64_t id = 0;
    if (!req_fields_or_reply(r, fields)) {
        return;
    }
    if (json_get_string(r->json, "url", true, 500, &url, &v)) {
        url_take(r, url, &v);
    }
    events_take(cJSON_GetObjectItemCaseSensitive(r->json, "events"), events, sizeof(events), &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    if (random_bytes(rnd, sizeof(rnd)) != 0 || (hex_encode(rnd, sizeof(rnd), secret), 0) ||
        pii_seal(&r->app->cfg, secret, &sealed) != 0) {
        buf_free(&sealed);
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = webhooks_db_insert(r->db, r->claims.office, url, sealed.data, sealed.len, events, r->claims.sub, &id);
    }
    buf_free(&sealed);
    if (err == YH_OK) {
        err = req_audit(r, "webhook.create", "webhook", id);
    }
    err = db_finish(r->db, err);
    if (err == YH_OK) {
        err = webhooks_db_get(r->db, r->claims.office, id, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = hook_json(&rows, 0);
    db_rows_free(&rows);
    cJSON_AddStringToObject(j, "secret", secret); /* shown once */
    snprintf(loc, sizeof(loc), "/v1/webhooks/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_header(r, "Cache-Control", "no-store");
    reply_json_take(r, 201, j);
}

void webhooks_get(struct req *r)
{
    struct db_rows rows;
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = webhooks_db_get(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such webhook" : NULL, NULL);
        return;
    }
    cJSON *j = hook_json(&rows, 0);
    db_rows_free(&rows);
    reply_json_take(r, 200, j);
}

void webhooks_patch(struct req *r)
{
    static const char *const fields[] = {"url", "events", "active", NULL};
    struct db_rows rows;
    struct verrs v = {0};
    int64_t id = 0, version = 0;
    char url[501], events[600];
    bool active = true, present = false;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, fields) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = webhooks_db_get(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such webhook" : NULL, NULL);
        return;
    }
    snprintf(url, sizeof(url), "%s", db_str(&rows, 0, 1));
    snprintf(events, sizeof(events), "%s", db_str(&rows, 0, 2));
    active = db_i64(&rows, 0, 3) != 0;
    db_rows_free(&rows);
    const char *nurl = NULL;
    if (json_get_string(r->json, "url", false, 500, &nurl, &v) && nurl) {
        url_take(r, nurl, &v);
        snprintf(url, sizeof(url), "%s", nurl);
    }
    if (cJSON_GetObjectItemCaseSensitive(r->json, "events")) {
        events_take(cJSON_GetObjectItemCaseSensitive(r->json, "events"), events, sizeof(events), &v);
    }
    bool a = active;
    json_get_bool(r->json, "active", false, &a, &present, &v);
    if (present) {
        active = a;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = webhooks_db_update(r->db, r->claims.office, id, version, url, events, active);
    }
    if (err == YH_OK) {
        err = req_audit(r, "webhook.update", "webhook", id);
    }
    err = db_finish(r->db, err);
    if (err == YH_OK) {
        err = webhooks_db_get(r->db, r->claims.office, id, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the webhook changed since you read it" : NULL, NULL);
        return;
    }
    cJSON *j = hook_json(&rows, 0);
    db_rows_free(&rows);
    reply_json_take(r, 200, j);
}

void webhooks_deliveries(struct req *r)
{
    static const char *const states[] = {"pending", "delivered", "dead", NULL};
    static const struct jcol cols[] = {{"id", JC_ID},           {"event_id", JC_STR},   {"type", JC_STR},
                                       {"state", JC_STR},       {"attempts", JC_INT},   {"next_at", JC_STR},
                                       {"deadline", JC_STR},    {"last_status", JC_INT}, {"last_error", JC_STR},
                                       {"delivered_at", JC_STR}, {"created_at", JC_STR}};
    struct db_rows rows;
    const char *state = NULL;
    int64_t id = 0;
    int limit;
    char after[24];
    if (!id_param_or_reply(r, &id) || !page_params_or_reply(r, "deliveries", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "state", states, &state)) {
        return;
    }
    enum yh_err err = webhooks_db_get(r->db, r->claims.office, id, &rows);
    if (err == YH_OK) {
        db_rows_free(&rows);
        err = deliveries_db_list(r->db, r->claims.office, id, state, after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such webhook" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, page_of_rows(r, "deliveries", &rows, limit, cols));
}

void webhooks_redeliver(struct req *r)
{
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = deliveries_db_redeliver(r->db, r->claims.office, id, r->app->cfg.webhook_ttl_s);
    }
    if (err == YH_OK) {
        err = req_audit(r, "webhook.redeliver", "delivery", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such delivery" : NULL, NULL);
        return;
    }
    reply_empty(r, 202);
}
