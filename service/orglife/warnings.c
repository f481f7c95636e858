/* The 自行脱党 early warning (党章 art. 9): GET /v1/org-life/lapse-warnings lists the
 * active, formally affiliated members with LAPSE_WARN_MONTHS or more consecutive months
 * up to this one without organisational life or without dues; PUT/GET
 * /v1/members/{id}/lapse-reason record and read the proper reason (illness, homebound
 * care, ...) that excuses them; the daily member.lapse_warning event goes out when a
 * run reaches LAPSE_EVENT_MONTHS. Only the branch meeting removes a name: the service
 * never does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/lapse.h"
#include "yinhui/lapse_db.h"
#include "yinhui/members_db.h"
#include "yinhui/orglife.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"

/* members read per query of the daily event pass */
#define LAPSE_EVENTS_PAGE 1000

/* The run of one kind for m up to current ({months, since, level}); NULL below min. */
static cJSON *run_json(const char *last, const char *start, const char *current, int min, int *months)
{
    char since[8];
    int n = lapse_months(last, start, current, since);
    if (n > *months) {
        *months = n;
    }
    if (n < min) {
        return NULL;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "months", n);
    cJSON_AddStringToObject(j, "since", since);
    cJSON_AddStringToObject(j, "level", lapse_level(n));
    return j;
}

/* One member of the list: who, the runs (organisational life, dues) that reach the
 * warning, the longest run's level, and the proper reason when one is recorded. */
static cJSON *warning_json(const struct lapse_member *m, const char *current)
{
    int months = 0;
    char life_last[8], dues_last[8];
    cJSON *j = fm_to_json(lapse_member_map, lapse_member_map_n, m);
    /* only months without proper reason count: the reason's months break the runs */
    lapse_last_with_reason(m->last_life, m->reason_since, m->reason_until, current, life_last);
    lapse_last_with_reason(m->last_dues, m->reason_since, m->reason_until, current, dues_last);
    cJSON *life = run_json(life_last, m->start, current, LAPSE_WARN_MONTHS, &months);
    cJSON *dues = m->pays_dues ? run_json(dues_last, m->start, current, LAPSE_WARN_MONTHS, &months) : NULL;
    cJSON_AddItemToObject(j, "org_life", life ? life : cJSON_CreateNull());
    cJSON_AddItemToObject(j, "dues", dues ? dues : cJSON_CreateNull());
    cJSON_AddNumberToObject(j, "months", months);
    /* an excused member's runs may stay below the warning: no level then */
    cJSON_AddItemToObject(j, "level",
                          months >= LAPSE_WARN_MONTHS ? cJSON_CreateString(lapse_level(months))
                                                      : cJSON_CreateNull());
    /* listed (include_excused) only because a reason's months broke its runs */
    bool excused = m->reason_kind[0] && months < LAPSE_WARN_MONTHS;
    cJSON_AddBoolToObject(j, "excused", excused);
    if (m->reason_kind[0]) {
        cJSON *r = cJSON_AddObjectToObject(j, "reason");
        cJSON_AddStringToObject(r, "kind", m->reason_kind);
        cJSON_AddStringToObject(r, "since", m->reason_since);
        if (m->reason_until[0]) {
            cJSON_AddStringToObject(r, "until", m->reason_until);
        } else {
            cJSON_AddNullToObject(r, "until");
        }
        cJSON_AddStringToObject(r, "recorded_by", m->reason_by);
    } else {
        cJSON_AddNullToObject(j, "reason");
    }
    return j;
}

/* Reads the list's filters into q (branch, kind, include_excused, page); a secretary is
 * confined to its branch. False when it has replied. */
static bool warnings_query_or_reply(struct req *r, struct lapse_query *q, char *after, size_t afterlen)
{
    static const char *const kinds[] = {"org_life", "dues", NULL};
    static const char *const bools[] = {"true", "false", NULL};
    const char *excused = NULL;
    if (!query_id_or_reply(r, "branch", &q->branch) || !query_enum_or_reply(r, "kind", kinds, &q->kind) ||
        !query_enum_or_reply(r, "include_excused", bools, &excused) ||
        !page_params_or_reply(r, "lapse", &q->limit, after, afterlen)) {
        return false;
    }
    q->with_excused = excused != NULL && strcmp(excused, "true") == 0;
    q->after = after[0] ? strtoll(after, NULL, 10) : 0;
    if (!branch_scope_or_reply(r, &q->branch)) {
        return false;
    }
    if (!req_is_secretary(r) && q->branch != 0) {
        /* a branch of the caller's office (names never leave it); any other: 404 */
        char office[7];
        enum yh_err err = lapse_db_branch_office(r->db, q->branch, office);
        if (err == YH_OK && strcmp(office, r->claims.office) != 0) {
            err = YH_ERR_NOT_FOUND;
        }
        if (err != YH_OK) {
            reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such branch" : NULL, NULL);
            return false;
        }
    }
    return true;
}

/* The offices under the caller's (a prefecture or province) as [{office_code, members}]:
 * how many of their members the list holds, never who (SECURITY.md: oversight reads
 * figures). NULL for a county. */
static enum yh_err offices_json(struct req *r, const struct lapse_query *q, cJSON **out)
{
    struct lapse_query c = *q;
    struct lapse_count *rows = NULL;
    size_t n = 0;
    char prefix[7];
    *out = NULL;
    if (gbt2260_prefix_len(r->claims.office) >= 6) {
        return YH_OK;
    }
    snprintf(prefix, sizeof(prefix), "%.*s", (int)gbt2260_prefix_len(r->claims.office), r->claims.office);
    c.prefix = prefix;
    enum yh_err err = lapse_db_counts(r->db, &c, r->claims.office, &rows, &n);
    if (err != YH_OK) {
        return err;
    }
    *out = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "office_code", rows[i].office);
        cJSON_AddNumberToObject(o, "members", (double)rows[i].members);
        cJSON_AddItemToArray(*out, o);
    }
    free(rows);
    return YH_OK;
}

/* GET /v1/org-life/lapse-warnings: the members of the caller's office whose run reaches
 * LAPSE_WARN_MONTHS (a prefecture or province also gets how many each office under it
 * has, without names), by member id,
 * with ?branch=, ?kind=, ?include_excused=true (members with a proper reason, hidden
 * otherwise) and paging. Cached per day and query; attendance, dues and reason writes
 * invalidate it (commit_or_reply / req_invalidate of the office and its ancestors). */
void lapse_warnings(struct req *r)
{
    struct lapse_query q = {.threshold = LAPSE_WARN_MONTHS};
    struct lapse_member *rows = NULL;
    struct cache_stamp stamp;
    bool have_stamp = false;
    size_t n = 0;
    char after[24], now[20], current[8], key[128];
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the early-warning list is for staff and secretaries", NULL);
        return;
    }
    if (!warnings_query_or_reply(r, &q, after, sizeof(after))) {
        return;
    }
    time_cn(now_s(), now);
    lapse_month_at(now_s(), current);
    q.prefix = r->claims.office;
    q.now = now;
    q.current = current;
    int limit = q.limit;
    q.limit = limit + 1;
    snprintf(key, sizeof(key), "lapse:%.10s:%lld:%s:%d:%d:%lld", now, (long long)q.branch,
             q.kind ? q.kind : "", q.with_excused, limit, (long long)q.after);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    cJSON *offices = NULL;
    enum yh_err err = lapse_db_members(r->db, &q, &rows, &n);
    if (err == YH_OK && q.after == 0 && q.branch == 0) {
        err = offices_json(r, &q, &offices);
    }
    if (err != YH_OK) {
        free(rows);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, warning_json(&rows[i], current));
    }
    char last[24];
    snprintf(last, sizeof(last), "%lld", shown ? (long long)rows[shown - 1].member_id : 0LL);
    free(rows);
    cJSON *body = page_body(r, "lapse", items, n > shown ? last : NULL);
    cJSON_AddStringToObject(body, "month", current);
    if (offices != NULL) {
        cJSON_AddItemToObject(body, "offices", offices);
    }
    cJSON_AddNumberToObject(body, "warn_months", LAPSE_WARN_MONTHS);
    cJSON_AddNumberToObject(body, "article_months", LAPSE_ARTICLE_MONTHS);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* The body of PUT /v1/members/{id}/lapse-reason. */
struct reason_body {
    char kind[16];
    char note[501 * 4];
    char since[8];
    char until[8];
};
static const struct field reason_fields[] = {
    FIELD_ENUM("kind", struct reason_body, kind, lapse_reason_kinds, FF_REQUIRED),
    FIELD_TEXT("note", struct reason_body, note, 500, FF_NULLABLE),
    FIELD_TEXT("since", struct reason_body, since, 7, FF_REQUIRED),
    FIELD_TEXT("until", struct reason_body, until, 7, FF_NULLABLE),
};

/* Reads and checks the reason's body into b: months "YYYY-MM", since not after this
 * month, until not before since, a note for "other". False when it has replied. */
static bool reason_body_or_reply(struct req *r, struct reason_body *b)
{
    struct verrs v = {0};
    char current[8];
    lapse_month_at(now_s(), current);
    body_read(r, reason_fields, ARRAY_LEN(reason_fields), b, true, NULL, &v);
    if (v.n == 0 && lapse_month_index(b->since) < 0) {
        verr_add(&v, "since", "must be a month YYYY-MM");
    } else if (v.n == 0 && lapse_month_index(b->since) > lapse_month_index(current)) {
        verr_add(&v, "since", "is after this month");
    }
    if (v.n == 0 && b->until[0] && lapse_month_index(b->until) < 0) {
        verr_add(&v, "until", "must be a month YYYY-MM");
    } else if (v.n == 0 && b->until[0] && lapse_month_index(b->until) < lapse_month_index(b->since)) {
        verr_add(&v, "until", "is before since");
    }
    if (v.n == 0 && strcmp(b->kind, "other") == 0 && !b->note[0]) {
        verr_add(&v, "note", "is required to say what the other proper reason is");
    }
    return verrs_ok_or_reply(r, &v);
}

/* Replies with member id's reason; its note opened (and the read audited) when
 * reveal, else null with has_note. */
static void reason_reply(struct req *r, int64_t id, bool reveal)
{
    struct lapse_reason rec = {0};
    struct buf sealed = {0}, note = {0};
    enum yh_err err = lapse_db_reason_get(r->db, r->claims.office, id, &rec, &sealed);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no reason is recorded for this member" : NULL, NULL);
        return;
    }
    bool has_note = sealed.len > 0;
    if (reveal && has_note && pii_open(&r->app->cfg, sealed.data, sealed.len, &note) != 0) {
        err = YH_ERR_INTERNAL;
    }
    buf_free(&sealed);
    if (err == YH_OK && reveal) {
        err = req_audit(r, "member.lapse_reason_read", "member", id);
    }
    if (err != YH_OK) {
        buf_free(&note);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = fm_to_json(lapse_reason_map, lapse_reason_map_n, &rec);
    cJSON_AddBoolToObject(j, "has_note", has_note);
    if (reveal && note.data) {
        cJSON_AddStringToObject(j, "note", note.data);
    } else {
        cJSON_AddNullToObject(j, "note");
    }
    buf_free(&note);
    reply_json_take(r, 200, j);
}

/* Replies 404 and returns false unless member id is the caller's to reach: of the
 * caller's office (member_reachable_or_reply confines secretaries and members, not the
 * office). */
static bool reason_member_or_reply(struct req *r, int64_t id)
{
    struct member m;
    enum yh_err err = members_db_get(r->db, r->claims.office, id, &m);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such member" : NULL, NULL);
        return false;
    }
    return member_reachable_or_reply(r, id);
}

/* PUT /v1/members/{id}/lapse-reason {kind, note, since, until}: records the proper
 * reason (replacing the previous one), who recorded it and when; the note is sealed. */
void lapse_reason_put(struct req *r)
{
    struct reason_body b = {0};
    struct lapse_reason rec = {0};
    struct buf sealed = {0};
    char now[20];
    int64_t id = 0;
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "a proper reason is recorded by staff or the secretary", NULL);
        return;
    }
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, reason_fields, ARRAY_LEN(reason_fields)) ||
        !reason_member_or_reply(r, id) || !reason_body_or_reply(r, &b)) {
        return;
    }
    rec.member_id = id;
    snprintf(rec.kind, sizeof(rec.kind), "%s", b.kind);
    snprintf(rec.since, sizeof(rec.since), "%s", b.since);
    snprintf(rec.until, sizeof(rec.until), "%s", b.until);
    snprintf(rec.recorded_by, sizeof(rec.recorded_by), "%s", r->claims.sub);
    time_cn(now_s(), now);
    snprintf(rec.recorded_at, sizeof(rec.recorded_at), "%s", now);
    enum yh_err err = b.note[0] && pii_seal(&r->app->cfg, b.note, &sealed) != 0 ? YH_ERR_INTERNAL : YH_OK;
    if (err == YH_OK) {
        err = db_begin(r->db);
    }
    if (err == YH_OK) {
        err = lapse_db_reason_put(r->db, r->claims.office, &rec, &sealed);
    }
    if (err == YH_OK) {
        err = req_audit(r, "member.lapse_reason", "member", id);
    }
    buf_free(&sealed);
    if (commit_or_reply(r, err, "member")) {
        reason_reply(r, id, false);
    }
}

/* GET /v1/members/{id}/lapse-reason[?reveal=true]: the reason; the note (it may name an
 * illness) only revealed, with pii:read, and audited. */
void lapse_reason_get(struct req *r)
{
    int64_t id = 0;
    bool ok = true;
    if (!id_param_or_reply(r, &id) || !reason_member_or_reply(r, id)) {
        return;
    }
    bool reveal = reveal_requested(r, &ok);
    if (ok) {
        reason_reply(r, id, reveal);
    }
}

/* Publishes the events of members m[0..n) of office: one per kind whose run reached
 * LAPSE_EVENT_MONTHS and was not announced before (the run's first month names the
 * episode). The data carry ids, the kind and the months, never a name. */
static enum yh_err publish_members(struct db *db, const struct config *cfg, const char *office,
                                   const char *current, const struct lapse_member *rows, size_t n)
{
    enum yh_err err = YH_OK;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        const struct lapse_member *m = &rows[i];
        const char *kinds[] = {"org_life", "dues"};
        char life_last[8], dues_last[8];
        lapse_last_with_reason(m->last_life, m->reason_since, m->reason_until, current, life_last);
        lapse_last_with_reason(m->last_dues, m->reason_since, m->reason_until, current, dues_last);
        const char *lasts[] = {life_last, m->pays_dues ? dues_last : NULL};
        for (size_t k = 0; err == YH_OK && k < 2; k++) {
            char since[8], data[256];
            uint64_t first = 0;
            int months = lasts[k] ? lapse_months(lasts[k], m->start, current, since) : 0;
            if (months < LAPSE_EVENT_MONTHS) {
                continue;
            }
            err = lapse_db_mark_event(db, office, m->member_id, kinds[k], since, &first);
            if (err == YH_OK && first == 1) {
                snprintf(data, sizeof(data),
                         "{\"member_id\":\"%lld\",\"branch_id\":\"%lld\",\"kind\":\"%s\",\"months\":%d,"
                         "\"since\":\"%s\",\"level\":\"%s\"}",
                         (long long)m->member_id, (long long)m->branch_id, kinds[k], months, since,
                         lapse_level(months));
                err = outbox_publish(db, cfg, office, "member.lapse_warning", data);
            }
        }
    }
    return err;
}

/* Publishes office's member.lapse_warning events inside one transaction with the day's
 * marker (so one process publishes them), for every member not excused by a proper
 * reason, page by page. */
static void publish_office(struct db *db, const struct config *cfg, const char *office, const char *now,
                           const char *day, const char *current)
{
    struct lapse_query q = {.prefix = office,
                            .now = now,
                            .current = current,
                            .threshold = LAPSE_EVENT_MONTHS,
                            .limit = LAPSE_EVENTS_PAGE};
    uint64_t won = 0;
    size_t n = 0;
    enum yh_err err = db_begin(db);
    if (err == YH_OK) {
        err = lapse_db_mark_day(db, office, day, &won);
    }
    do {
        struct lapse_member *rows = NULL;
        n = 0;
        if (err == YH_OK && won == 1) {
            err = lapse_db_members(db, &q, &rows, &n);
        }
        if (err == YH_OK && n > 0) {
            err = publish_members(db, cfg, office, current, rows, n);
            q.after = rows[n - 1].member_id;
        }
        free(rows);
    } while (err == YH_OK && n == (size_t)q.limit);
    db_finish(db, err);
}

void lapse_publish_due(struct db *db, const struct config *cfg)
{
    char now[20], day[11], current[8], offices[100][7];
    size_t n = 0;
    time_cn(now_s(), now);
    snprintf(day, sizeof(day), "%.10s", now);
    lapse_month_at(now_s(), current);
    if (lapse_db_due_offices(db, day, offices, 100, &n) != YH_OK) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        publish_office(db, cfg, offices[i], now, day, current);
    }
}
