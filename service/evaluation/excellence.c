/* 两优一先 rounds: /v1/excellence-rounds. Each office opens its round for a year at its
 * own level (county, prefecture, province) with its quotas — how many of each kind it
 * may name — and, above the county, how many of each kind each office directly below
 * may send up to it. The round's notice (公示) publishes the nominations pending at its
 * level; its list shows names, units and deeds, as a public notice does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/evaluation.h"
#include "yinhui/excellence.h"
#include "yinhui/excellence_db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define EXC_QUOTA_MAX 1000

/* {excellent_member, excellent_worker, advanced_org} of three numbers. Caller owns it. */
static cJSON *kinds_json(int64_t member, int64_t worker, int64_t org)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "excellent_member", (double)member);
    cJSON_AddNumberToObject(j, "excellent_worker", (double)worker);
    cJSON_AddNumberToObject(j, "advanced_org", (double)org);
    return j;
}

static cJSON *round_json(const struct exc_round *x)
{
    cJSON *j = fm_to_json(exc_round_map, exc_round_map_n, x);
    cJSON_AddItemToObject(j, "quotas", kinds_json(x->quota_member, x->quota_worker, x->quota_org));
    cJSON_AddItemToObject(j, "send_up", kinds_json(x->send_member, x->send_worker, x->send_org));
    return j;
}

static cJSON *round_row_json(const void *row)
{
    return round_json(row);
}

/* The round's quota of kind (send: what each office below may send up). */
int64_t exc_round_quota(const struct exc_round *x, const char *kind, bool send)
{
    if (strcmp(kind, "excellent_member") == 0) {
        return send ? x->send_member : x->quota_member;
    }
    if (strcmp(kind, "excellent_worker") == 0) {
        return send ? x->send_worker : x->quota_worker;
    }
    return send ? x->send_org : x->quota_org;
}

/* Reads the object name ({excellent_member, excellent_worker, advanced_org}, each 0 to
 * EXC_QUOTA_MAX; all required when required) into out[3]. */
static void kinds_take(const cJSON *body, const char *name, bool required, int64_t out[3], struct verrs *v)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(body, name);
    char f[64];
    if (o == NULL && !required) {
        return;
    }
    if (!cJSON_IsObject(o)) {
        verr_add(v, name, "must be an object {excellent_member, excellent_worker, advanced_org}");
        return;
    }
    struct verrs e = {0};
    json_check_fields(o, exc_kinds, &e);
    for (int i = 0; exc_kinds[i]; i++) {
        json_get_int(o, exc_kinds[i], required, 0, EXC_QUOTA_MAX, &out[i], NULL, &e);
    }
    for (int k = 0; k < e.n; k++) {
        snprintf(f, sizeof(f), "%s.%s", name, e.e[k].field);
        verr_add(v, f, e.e[k].message);
    }
}

/* The body of POST /v1/excellence-rounds; quotas and send_up are read by kinds_take. */
static const struct field round_fields[] = {
    FIELD_INT("year", struct exc_round, year, 2000, 2100, FF_REQUIRED),
    FIELD_OTHER("quotas", FF_REQUIRED),
    FIELD_OTHER("send_up", 0),
    FIELD_INT("notice_days", struct exc_round, notice_days, EXC_NOTICE_MIN, EXC_NOTICE_MAX, 0),
};

/* Reads the body into x at the caller's level. False when it has replied. */
static bool round_read_or_reply(struct req *r, struct exc_round *x)
{
    struct verrs v = {0};
    int64_t q[3] = {0}, s[3] = {0};
    int rank = eval_caller_rank(r);
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    x->notice_days = EXC_NOTICE_MIN;
    body_read(r, round_fields, ARRAY_LEN(round_fields), x, true, NULL, &v);
    kinds_take(r->json, "quotas", true, q, &v);
    if (cJSON_GetObjectItemCaseSensitive(r->json, "send_up") && rank <= 1) {
        verr_add(&v, "send_up", "a county has no offices below it to send up to it");
    } else {
        kinds_take(r->json, "send_up", false, s, &v);
    }
    if (rank == 0) {
        verr_add(&v, "year", "only a county, prefecture or province office opens a round");
    }
    snprintf(x->office, sizeof(x->office), "%s", r->claims.office);
    snprintf(x->level, sizeof(x->level), "%s", rank > 0 ? eval_stages[rank - 1] : "county");
    x->quota_member = q[0], x->quota_worker = q[1], x->quota_org = q[2];
    x->send_member = s[0], x->send_worker = s[1], x->send_org = s[2];
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/excellence-rounds {year, quotas, send_up, notice_days}: one round per office
 * and year. */
void exc_rounds_create(struct req *r)
{
    struct exc_round x = {0}, got = {0};
    int64_t id = 0;
    if (!round_read_or_reply(r, &x)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = exc_db_round_insert(r->db, &x, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "excellence.round_create", "excellence_round", id);
    }
    if (!commit_or_reply_conflict(r, err, "round", "the office has already opened its round for that year")) {
        return;
    }
    err = exc_db_round_get(r->db, r->claims.office, id, &got);
    if (err != YH_OK) {
        reply_error(r, err, "round");
        return;
    }
    reply_created_take(r, "/v1/excellence-rounds", id, round_json(&got));
}

/* GET /v1/excellence-rounds: the office's rounds, newest first. */
void exc_rounds_list(struct req *r)
{
    struct exc_round *rows = NULL;
    size_t n = 0;
    char after[24];
    int limit;
    if (!page_params_or_reply(r, "excellence-rounds", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = exc_db_rounds_list(r->db, r->claims.office, after[0] ? strtoll(after, NULL, 10) : 0,
                                         limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *page =
        typed_page(r, "excellence-rounds", rows, n, sizeof(*rows), limit, round_row_json, typed_key_id);
    free(rows);
    reply_json_take(r, 200, page);
}

/* Adds {kind: n} of the nominations named at the round's level in its area to j as
 * "named", and, below the province, what the office has sent up and may send
 * ("sent_up", "send_quota": null when the higher office has no round). */
static enum yh_err round_usage(struct req *r, const struct exc_round *x, cJSON *j)
{
    struct eval_scope s = eval_scope_of(r);
    int rank = eval_stage_rank(x->level);
    int64_t named[3] = {0}, sent[3] = {0};
    struct exc_round up = {0};
    enum yh_err err = YH_OK;
    for (int i = 0; err == YH_OK && exc_kinds[i]; i++) {
        err = exc_db_named_count(r->db, s.prefix, x->year, exc_kinds[i], rank, &named[i]);
        if (err == YH_OK) {
            err = exc_db_sent_count(r->db, s.prefix, x->year, exc_kinds[i], rank, &sent[i]);
        }
    }
    enum yh_err uerr = err == YH_OK ? exc_db_parent_round(r->db, x->office, x->year, &up) : err;
    if (uerr != YH_OK && uerr != YH_ERR_NOT_FOUND) {
        return uerr;
    }
    cJSON_AddItemToObject(j, "named", kinds_json(named[0], named[1], named[2]));
    cJSON_AddItemToObject(j, "sent_up", kinds_json(sent[0], sent[1], sent[2]));
    if (uerr == YH_OK) {
        cJSON_AddItemToObject(j, "send_quota", kinds_json(up.send_member, up.send_worker, up.send_org));
    } else {
        cJSON_AddNullToObject(j, "send_quota");
    }
    return YH_OK;
}

/* GET /v1/excellence-rounds/{id}: the round with what is used of its quotas. */
void exc_rounds_get(struct req *r)
{
    struct exc_round x = {0};
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = exc_db_round_get(r->db, r->claims.office, id, &x);
    cJSON *j = err == YH_OK ? round_json(&x) : NULL;
    if (err == YH_OK) {
        err = round_usage(r, &x, j);
    }
    if (err != YH_OK) {
        cJSON_Delete(j);
        reply_error(r, err, "round");
        return;
    }
    reply_json_take(r, 200, j);
}

/* The body of POST /v1/excellence-rounds/{id}/notice. */
struct notice_body {
    char from[11];
};
static const struct field notice_fields[] = {
    FIELD_DATE("from", struct notice_body, from, 0),
};

/* POST /v1/excellence-rounds/{id}/notice {from}: publishes the notice (公示) of every
 * nomination pending at the round's level that has none yet, from `from` (today by
 * default, not earlier) for the round's notice_days working days. 409 when there is
 * nothing to publish. */
void exc_rounds_notice(struct req *r)
{
    struct exc_round x = {0};
    struct notice_body b = {0};
    struct eval_scope s = eval_scope_of(r);
    int64_t id = 0, started = 0;
    char today[11], first[11], last[11];
    today_cn(today);
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, notice_fields, ARRAY_LEN(notice_fields), &b, true, NULL)) {
        return;
    }
    if (b.from[0] && strcmp(b.from, today) < 0) {
        struct verrs v = {0};
        verr_add(&v, "from", "a notice cannot start in the past");
        verrs_ok_or_reply(r, &v);
        return;
    }
    enum yh_err err = exc_db_round_get(r->db, r->claims.office, id, &x);
    if (err != YH_OK) {
        reply_error(r, err, "round");
        return;
    }
    exc_notice_first(b.from[0] ? b.from : today, first);
    exc_notice_last(first, (int)x.notice_days, last);
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = exc_db_notice_start(r->db, &s, x.year, x.level, first, last, r->claims.sub, &started);
    }
    if (err == YH_OK && started == 0) {
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = req_audit(r, "excellence.notice", "excellence_round", id);
    }
    if (!commit_or_reply_conflict(r, err, "round",
                                  "no pending nomination at this level is waiting for its notice (公示)")) {
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "notice_from", first);
    cJSON_AddStringToObject(j, "notice_until", last);
    cJSON_AddNumberToObject(j, "working_days", (double)x.notice_days);
    cJSON_AddNumberToObject(j, "nominations", (double)started);
    reply_json_take(r, 200, j);
}

/* One line of the published notice: kind, name, unit, deeds and the notice's dates. */
static cJSON *notice_line(const struct exc_nom *n)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "nomination_id", n->id);
    cJSON_AddStringToObject(j, "kind", n->kind);
    cJSON_AddStringToObject(j, "title", exc_honour_title(n->kind));
    cJSON_AddStringToObject(j, "name", n->subject_name);
    cJSON_AddStringToObject(j, "unit", n->unit);
    cJSON_AddStringToObject(j, "deeds", n->deeds);
    cJSON_AddStringToObject(j, "notice_from", n->notice_from);
    cJSON_AddStringToObject(j, "notice_until", n->notice_until);
    return j;
}

/* GET /v1/excellence-rounds/{id}/notice: the published list (公示名单) of the round's
 * level: the nominations pending in notice, with names and units only. */
void exc_rounds_notice_list(struct req *r)
{
    struct exc_round x = {0};
    struct exc_nom *rows = NULL;
    struct eval_scope s = eval_scope_of(r);
    size_t n = 0;
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = exc_db_round_get(r->db, r->claims.office, id, &x);
    if (err == YH_OK) {
        err = exc_db_notice_list(r->db, &s, x.year, x.level, &rows, &n);
    }
    if (err != YH_OK) {
        reply_error(r, err, "round");
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "year", (double)x.year);
    cJSON_AddStringToObject(j, "level", x.level);
    cJSON *items = cJSON_AddArrayToObject(j, "items");
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(items, notice_line(&rows[i]));
    }
    free(rows);
    reply_json_take(r, 200, j);
}
