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
#include "yinhui/body.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/engagement.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/json_in.h"
#include "yinhui/net.h"
#include "yinhui/outbox.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/util.h"
#include "yinhui/webhooks_db.h"

/* The webhook at row as the API shows it (events as an array); the caller owns the
 * result. */
static cJSON *hook_json(const void *row)
{
    const struct webhook *w = row;
    cJSON *j = fm_to_json(webhook_map, webhook_map_n, w);
    cJSON_AddItemToObject(j, "events", json_split(w->events, ',', 47));
    return j;
}

/* The bodies: url and events are read by url_take and events_take (url as given, an
 * array of types), active by body_read. */
static const struct field hook_fields[] = {
    FIELD_OTHER("url", 0),
    FIELD_OTHER("events", 0),
    FIELD_BOOL("active", struct webhook, active, 0),
};
/* On create, only url and events. */
#define HOOK_CREATE_FIELDS 2

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

/* GET /v1/webhooks: the office's webhooks, without their secrets. */
void webhooks_list(struct req *r)
{
    struct webhook *hooks = NULL;
    size_t n = 0;
    enum yh_err err = webhooks_db_list(r->db, r->claims.office, &hooks, &n);
    engagement_items_reply(r, err, hooks, n, sizeof(*hooks), hook_json);
    free(hooks);
}

/* A fresh secret: 64 hex digits into secret, sealed into *sealed. false on failure. */
static bool secret_make(struct req *r, char secret[65], struct buf *sealed)
{
    unsigned char rnd[32];
    if (random_bytes(rnd, sizeof(rnd)) != 0) {
        return false;
    }
    hex_encode(rnd, sizeof(rnd), secret);
    return pii_seal(&r->app->cfg, secret, sealed) == 0;
}

/* The create body: url (borrowed from the body) and events, checked. */
static bool hook_body_or_reply(struct req *r, const char **url, char events[600])
{
    struct verrs v = {0};
    if (!body_known_or_reply(r, hook_fields, HOOK_CREATE_FIELDS)) {
        return false;
    }
    if (json_get_string(r->json, "url", true, 500, url, &v)) {
        url_take(r, *url, &v);
    }
    events_take(cJSON_GetObjectItemCaseSensitive(r->json, "events"), events, 600, &v);
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/webhooks {url, events}: 201 with the secret, shown this once. */
void webhooks_create(struct req *r)
{
    const char *url = NULL;
    char events[600], secret[65];
    struct buf sealed = {0};
    struct webhook w;
    int64_t id = 0;
    if (!hook_body_or_reply(r, &url, events)) {
        return;
    }
    if (!secret_make(r, secret, &sealed)) {
        buf_free(&sealed);
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = webhooks_db_insert(r->db, r->claims.office, url, sealed.data, sealed.len, events, r->claims.sub,
                                 &id);
    }
    buf_free(&sealed);
    if (err == YH_OK) {
        err = req_audit(r, "webhook.create", "webhook", id);
    }
    if (!commit_or_reply(r, err, "webhook")) {
        return;
    }
    err = webhooks_db_get(r->db, r->claims.office, id, &w);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = hook_json(&w);
    cJSON_AddStringToObject(j, "secret", secret); /* shown once */
    reply_header(r, "Cache-Control", "no-store");
    reply_created_take(r, "/v1/webhooks", id, j);
}

/* Webhook id of the caller's office into *w (404 otherwise). */
static bool hook_get_or_reply(struct req *r, int64_t id, struct webhook *w)
{
    enum yh_err err = webhooks_db_get(r->db, r->claims.office, id, w);
    if (err != YH_OK) {
        reply_error(r, err, "webhook");
        return false;
    }
    return true;
}

/* GET /v1/webhooks/{id} */
void webhooks_get(struct req *r)
{
    struct webhook w;
    int64_t id = 0;
    if (id_param_or_reply(r, &id) && hook_get_or_reply(r, id, &w)) {
        reply_json_take(r, 200, hook_json(&w));
    }
}

/* Merges the patch body into w (url, events, active); false after a 422. */
static bool hook_patch_or_reply(struct req *r, struct webhook *w)
{
    struct verrs v = {0};
    const char *url = NULL;
    if (json_get_string(r->json, "url", false, 500, &url, &v) && url) {
        url_take(r, url, &v);
        snprintf(w->url, sizeof(w->url), "%s", url);
    }
    if (cJSON_GetObjectItemCaseSensitive(r->json, "events")) {
        events_take(cJSON_GetObjectItemCaseSensitive(r->json, "events"), w->events, sizeof(w->events), &v);
    }
    body_read(r, hook_fields, ARRAY_LEN(hook_fields), w, false, NULL, &v);
    return verrs_ok_or_reply(r, &v);
}

/* PATCH /v1/webhooks/{id} {url?, events?, active?} with If-Match. */
void webhooks_patch(struct req *r)
{
    struct webhook w;
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, hook_fields, ARRAY_LEN(hook_fields)) ||
        !req_if_match_or_reply(r, &version) || !hook_get_or_reply(r, id, &w) || !hook_patch_or_reply(r, &w)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = webhooks_db_update(r->db, r->claims.office, &w, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "webhook.update", "webhook", w.id);
    }
    if (!commit_or_reply(r, err, "webhook")) {
        return;
    }
    err = webhooks_db_get(r->db, r->claims.office, w.id, &w);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, hook_json(&w));
}
