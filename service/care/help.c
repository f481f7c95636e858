/* /v1/help-requests: urgent help (急事快办). A member files for itself in the app, a
 * relative for the member it acts for, a secretary for a member of its branch, staff or an
 * integration (a hotline) for any member of the office. The deadlines are fixed when filed
 * from the category's rule (help_rules.c). Description, location and resolution are sealed;
 * they are shown to the member's own accounts, otherwise only with ?reveal=true and
 * pii:read, and every showing is audited. Assigning and the rest of the flow are
 * help_flow's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/help.h"
#include "yinhui/help_db.h"
#include "yinhui/typed_rows.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"

static const char *const urgencies[] = {"normal", "urgent", NULL};
static const char *const channels[] = {"phone", "app", "relative", "secretary", NULL};

/* ---- one request as JSON ---- */

/* Opens sealed value v (n bytes; 0: none) into j's member name (null when none). */
static enum yh_err sealed_json(struct req *r, const unsigned char *v, size_t n, const char *name, cJSON *j)
{
    struct buf b = {0};
    if (n == 0) {
        cJSON_AddNullToObject(j, name);
        return YH_OK;
    }
    if (pii_open(&r->app->cfg, v, n, &b) != 0) {
        buf_free(&b);
        return YH_ERR_INTERNAL;
    }
    cJSON_AddStringToObject(j, name, b.data ? b.data : "");
    buf_free(&b);
    return YH_OK;
}

/* Adds the texts to j: opened when shown (the showing audited), else null with sealed
 * true. */
static enum yh_err texts_json(struct req *r, int64_t id, const struct help_sealed *s, bool show, cJSON *j)
{
    enum yh_err err = YH_OK;
    if (!show) {
        cJSON_AddNullToObject(j, "description");
        cJSON_AddNullToObject(j, "location");
        cJSON_AddNullToObject(j, "resolution");
    } else {
        err = req_audit(r, "help_request.read_texts", "help_request", id);
        if (err == YH_OK) {
            err = sealed_json(r, s->description, s->description_len, "description", j);
        }
        if (err == YH_OK) {
            err = sealed_json(r, s->location, s->location_len, "location", j);
        }
        if (err == YH_OK) {
            err = sealed_json(r, s->resolution, s->resolution_len, "resolution", j);
        }
    }
    cJSON_AddBoolToObject(j, "sealed", !show);
    return err;
}

/* The account id of an account's token (0 for a client's). */
static int64_t caller_account(const struct req *r)
{
    int64_t id = 0;
    return strncmp(r->claims.sub, "account:", 8) == 0 && id_parse(r->claims.sub + 8, &id) ? id : 0;
}

/* Whether the caller sees request q: staff and clients the office's, a member or relative
 * its member's, a secretary its branch's members', an assignee its own. */
static enum yh_err request_visible(struct req *r, const struct help_request *q, bool *visible)
{
    int64_t acting = req_acting_member(r);
    *visible =
        req_whole_office(r) || (acting != 0 && q->member_id == acting) ||
        (!req_is_relative(r) && r->claims.member_id != 0 && q->assignee_member_id == r->claims.member_id) ||
        (caller_account(r) != 0 && q->assignee_account_id == caller_account(r));
    if (!*visible && req_is_secretary(r) && r->claims.branch_id != 0) {
        return members_db_in_branch(r->db, r->claims.office, q->member_id, r->claims.branch_id, visible);
    }
    return YH_OK;
}

/* Request id as the caller sees it (NOT_FOUND when it does not), with its log; the texts
 * shown when show, or when own_clear and the caller is the member's own account or the
 * assigned member. *out on
 * YH_OK. */
static enum yh_err request_full_json(struct req *r, int64_t id, bool show, bool own_clear, cJSON **out)
{
    struct help_request q;
    struct help_sealed *s = calloc(1, sizeof(*s)); /* 5 KB: worker stacks are small */
    struct db_rows log;
    bool visible = false;
    enum yh_err err = s == NULL ? YH_ERR_INTERNAL : help_db_get(r->db, r->claims.office, id, &q, s);
    if (err == YH_OK) {
        err = request_visible(r, &q, &visible);
    }
    if (err == YH_OK && !visible) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err == YH_OK) {
        err = help_db_log(r->db, r->claims.office, id, &log);
    }
    if (err != YH_OK) {
        free(s);
        return err;
    }
    cJSON *j = help_request_json(&q);
    /* the member's own accounts, and the member assigned to do it (it must know what and
     * where: a liaison or committee member holds no pii:read); audited either way */
    bool own = own_clear && ((req_acting_member(r) != 0 && req_acting_member(r) == q.member_id) ||
                             (!req_is_relative(r) && r->claims.member_id != 0 &&
                              q.assignee_member_id == r->claims.member_id));
    err = texts_json(r, id, s, show || own, j);
    cJSON_AddItemToObject(j, "log", view_rows(&log, log.nrows, &help_log_view));
    db_rows_free(&log);
    free(s);
    if (err != YH_OK) {
        cJSON_Delete(j);
        return err;
    }
    *out = j;
    return YH_OK;
}

/* ---- filing ---- */

/* The body of POST /v1/help-requests; member_id, description and location are read by
 * hand (who may name a member depends on the caller; the texts are multi-line). */
static bool staff_only(const struct req *r)
{
    return req_is_staff(r);
}
static const struct field create_fields[] = {
    FIELD_OTHER("member_id", 0),
    FIELD_TEXT("category", struct help_request, category, 24, FF_REQUIRED),
    FIELD_OTHER("description", 0), /* required: text_take says so */
    FIELD_OTHER("location", 0),
    FIELD_ENUM("urgency", struct help_request, urgency, urgencies, 0),
    {"channel", FT_ENUM, 0, offsetof(struct help_request, channel),
     sizeof(((struct help_request *)0)->channel), 0, 0, channels, staff_only},
};

/* The channel a request comes by when the body does not say: the caller's role. */
static const char *default_channel(const struct req *r)
{
    return req_is_member(r)      ? "app"
           : req_is_relative(r)  ? "relative"
           : req_is_secretary(r) ? "secretary"
                                 : "phone";
}

/* Reads a text (1..max characters when required; absent or null when not) into *out. */
static void text_take(const struct req *r, const char *name, bool required, size_t max, const char **out,
                      struct verrs *v)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->json, name);
    *out = NULL;
    if (!required && cJSON_IsNull(it)) {
        return;
    }
    if (json_get_string(r->json, name, required, max, out, v) && *out != NULL && (*out)[0] == '\0') {
        verr_add(v, name, "must not be empty");
        *out = NULL;
    }
}

/* The member the request is for into q->member_id: a member's or relative's own (another
 * one's id is 404), otherwise the body's, which the caller must reach. False when it has
 * replied. */
static bool request_member_or_reply(struct req *r, struct help_request *q, struct verrs *v)
{
    int64_t acting = req_acting_member(r);
    json_take_id(r->json, "member_id", false, &q->member_id, v);
    if (v->n != 0) {
        return true;
    }
    if (acting != 0 && q->member_id != 0 && q->member_id != acting) {
        reply_problem(r, YH_ERR_NOT_FOUND, "no such member", NULL);
        return false;
    }
    if (acting != 0) {
        q->member_id = acting;
        return true;
    }
    if (q->member_id == 0) {
        verr_add(v, "member_id", "is required (the member the request is for)");
        return true;
    }
    return member_reachable_or_reply(r, q->member_id);
}

/* Checks the member is an active one of the office (404; 409 naming the rule) and the
 * category an active one of the office (422), and fixes the deadlines by its rule. */
static bool request_check_or_reply(struct req *r, struct help_request *q)
{
    struct member m;
    struct help_category c;
    struct verrs v = {0};
    enum yh_err err = members_db_get(r->db, r->claims.office, q->member_id, &m);
    if (err != YH_OK) {
        reply_error(r, err, "member");
        return false;
    }
    if (strcmp(m.status, "active") != 0) {
        char msg[120];
        snprintf(msg, sizeof(msg), "urgent help is for active members: this member is %s", m.status);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return false;
    }
    err = help_categories_db_get(r->db, r->claims.office, q->category, &c);
    if (err == YH_ERR_NOT_FOUND || (err == YH_OK && c.retired)) {
        verr_add(&v, "category", "is no active help category of this office (see /v1/help-categories)");
        return verrs_ok_or_reply(r, &v);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    int64_t now = now_s(), respond = 0, resolve = 0;
    help_deadlines(now, c.respond_hours, c.resolve_hours, &respond, &resolve);
    time_cn(now, q->filed_at);
    time_cn(respond, q->respond_by);
    time_cn(resolve, q->resolve_by);
    return true;
}

/* Seals text (NULL: none) into dst[cap], *len. False when it has replied. */
static bool seal_or_reply(struct req *r, const char *text, unsigned char *dst, size_t cap, size_t *len)
{
    struct buf b = {0};
    *len = 0;
    if (text == NULL) {
        return true;
    }
    bool ok = pii_seal(&r->app->cfg, text, &b) == 0 && b.len <= cap;
    if (ok) {
        memcpy(dst, b.data, b.len);
        *len = b.len;
    } else {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
    }
    buf_free(&b);
    return ok;
}

/* Reads and checks the body into q and the sealed texts into s. False when it has
 * replied. */
static bool request_read_or_reply(struct req *r, struct help_request *q, struct help_sealed *s)
{
    struct verrs v = {0};
    const char *description = NULL, *location = NULL;
    snprintf(q->urgency, sizeof(q->urgency), "normal");
    snprintf(q->channel, sizeof(q->channel), "%s", default_channel(r));
    body_read(r, create_fields, ARRAY_LEN(create_fields), q, true, NULL, &v);
    text_take(r, "description", true, HELP_DESCRIPTION_MAX, &description, &v);
    text_take(r, "location", false, HELP_LOCATION_MAX, &location, &v);
    if (!request_member_or_reply(r, q, &v) || !verrs_ok_or_reply(r, &v) || !request_check_or_reply(r, q)) {
        return false;
    }
    return seal_or_reply(r, description, s->description, sizeof(s->description), &s->description_len) &&
           seal_or_reply(r, location, s->location, sizeof(s->location), &s->location_len);
}

/* Writes request q (texts s) with its log row, its audit row and help_request.created
 * (ids only) in one transaction; *id gets its id. */
static enum yh_err request_write(struct req *r, const struct help_request *q, const struct help_sealed *s,
                                 int64_t *id)
{
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = help_db_insert(r->db, r->claims.office, q, s, r->claims.sub, id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "help_request.create", "help_request", *id);
    }
    if (err == YH_OK) {
        char data[200];
        snprintf(data, sizeof(data),
                 "{\"id\":\"%lld\",\"member_id\":\"%lld\",\"category\":\"%s\",\"urgency\":\"%s\"}",
                 (long long)*id, (long long)q->member_id, q->category, q->urgency);
        err = outbox_publish(r->db, &r->app->cfg, r->claims.office, "help_request.created", data);
    }
    return err;
}

/* POST /v1/help-requests (Idempotency-Key): files a request; 201 + Location, the texts
 * sealed in the reply (and its replay). */
void help_requests_create(struct req *r)
{
    struct help_request q = {0};
    struct help_sealed *s = NULL;
    int64_t id = 0;
    cJSON *j = NULL;
    if (!body_known_or_reply(r, create_fields, ARRAY_LEN(create_fields))) {
        return;
    }
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (request_read_or_reply(r, &q, s) && commit_or_reply(r, request_write(r, &q, s, &id), "help request")) {
        enum yh_err err = request_full_json(r, id, false, false, &j);
        if (err == YH_OK) {
            reply_created_take(r, "/v1/help-requests", id, j);
        } else {
            reply_problem(r, err, NULL, NULL);
        }
    }
    free(s);
}

/* ---- reading ---- */

/* ?reveal for the caller: the member's own accounts see their texts anyway (only the
 * value is checked); others need pii:read. False when it has replied. */
static bool reveal_or_reply(struct req *r, bool *reveal)
{
    bool ok = true;
    const char *v = query_get(&r->q, "reveal");
    if (req_acting_member(r) != 0 && v != NULL && strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
        struct verrs e = {0};
        verr_add(&e, "reveal", "must be true or false");
        reply_problem(r, YH_ERR_BAD_REQUEST, "reveal must be true or false", &e);
        return false;
    }
    *reveal = req_acting_member(r) == 0 && reveal_requested(r, &ok);
    return ok;
}

/* GET /v1/help-requests/{id}[?reveal=true]: the request, its deadlines, assignee,
 * satisfaction and log. */
void help_requests_get(struct req *r)
{
    int64_t id = 0;
    bool reveal = false;
    cJSON *j = NULL;
    if (!reveal_or_reply(r, &reveal) || !id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = request_full_json(r, id, reveal, true, &j);
    if (err != YH_OK) {
        reply_error(r, err, "help request");
        return;
    }
    reply_json_take(r, 200, j);
}

/* A page of requests (rows[0..n), fetched with limit + 1) as the list's body; frees rows. */
static cJSON *request_row_json(const void *row)
{
    return help_request_json(row);
}

static cJSON *requests_page(struct req *r, const char *tag, struct help_request *rows, size_t n, int limit)
{
    cJSON *page = typed_page(r, tag, rows, n, sizeof(*rows), limit, request_row_json, typed_key_id);
    free(rows);
    return page;
}

/* The list's cache key: whose list (the office's, a branch's, a member's) and the
 * canonical query. */
static void list_key(const struct req *r, const struct help_filter *f, char out[96])
{
    struct buf b = {0};
    unsigned char h[32];
    char hex[65];
    for (int i = 0; i < r->q.n; i++) {
        buf_printf(&b, "%s=%s&", r->q.name[i], r->q.value[i]);
    }
    sha256(b.data ? b.data : "", b.len, h);
    hex_encode(h, 16, hex);
    snprintf(out, 96, "help:%lld:%lld:%.32s", (long long)(req_whole_office(r) ? 0 : f->member_id),
             (long long)f->branch_id, hex);
    buf_free(&b);
}

/* The list's filters for the caller: a member's or relative's own requests only, a
 * secretary's branch's, the office's for staff and clients. False when it has replied. */
static bool list_filter_or_reply(struct req *r, struct help_filter *f, char *after, size_t afterlen)
{
    static const char *const statuses[] = {"open",     "unassigned", "assigned",  "accepted",
                                           "resolved", "confirmed",  "cancelled", NULL};
    int64_t acting = req_acting_member(r);
    if (!page_params_or_reply(r, "help-requests", &f->limit, after, afterlen) ||
        !query_enum_or_reply(r, "status", statuses, &f->status) ||
        !query_id_or_reply(r, "member", &f->member_id)) {
        return false;
    }
    /* open: not yet resolved, confirmed or cancelled; unassigned: the status open itself */
    f->open_only = f->status != NULL && strcmp(f->status, "open") == 0;
    f->status = f->open_only                                                ? NULL
                : f->status != NULL && strcmp(f->status, "unassigned") == 0 ? "open"
                                                                            : f->status;
    f->category = query_get(&r->q, "category");
    if (acting != 0 && f->member_id != 0 && f->member_id != acting) {
        reply_problem(r, YH_ERR_NOT_FOUND, "no such member", NULL);
        return false;
    }
    if (acting != 0) {
        f->member_id = acting;
    } else if (!req_whole_office(r) && !req_is_secretary(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "no list of help requests for this caller", NULL);
        return false;
    }
    f->before = after[0] ? strtoll(after, NULL, 10) : 0;
    return branch_scope_or_reply(r, &f->branch_id);
}

/* GET /v1/help-requests?status=&category=&member=: newest first, texts sealed; the app's
 * "my requests" for a member or relative. Cached per whose list and query. */
void help_requests_list(struct req *r)
{
    struct help_filter f = {0};
    struct help_request *rows = NULL;
    struct cache_stamp stamp;
    bool have_stamp = false;
    char after[24], key[96];
    size_t n = 0;
    if (!list_filter_or_reply(r, &f, after, sizeof(after))) {
        return;
    }
    list_key(r, &f, key);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = help_db_list(r->db, r->claims.office, &f, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp,
                         requests_page(r, "help-requests", rows, n, f.limit));
}

/* GET /v1/help-requests/assigned: the caller's assignments, newest first, texts sealed:
 * as an assignee member (a member's or secretary's own record), as a staff account, and
 * those of the volunteer teams it leads. */
void help_requests_assigned(struct req *r)
{
    struct help_request *rows = NULL;
    char after[24];
    int limit = 0;
    size_t n = 0;
    if (req_is_relative(r) || req_is_client(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "requests are assigned to members and staff accounts", NULL);
        return;
    }
    if (!page_params_or_reply(r, "assigned", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = help_db_assigned(r->db, r->claims.office, r->claims.member_id, caller_account(r),
                                       after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, requests_page(r, "assigned", rows, n, limit));
}
