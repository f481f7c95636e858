/* /v1/members: members of an office, their personal data (sealed, masked by default),
 * lifecycle and lookup by ID number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/org.h"
#include "yinhui/http.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"

/* Replies with m (masked unless full); audits a full read in its own statement and
 * refuses to show the values when the audit row cannot be written. */
static void reply_member(struct req *r, int status, const struct member *m, bool full)
{
    char today[11];
    today_cn(today);
    if (full) {
        enum yh_err err = req_audit(r, "member.read_pii", "member", m->id);
        if (err != YH_OK) {
            reply_problem(r, err, "the read could not be audited", NULL);
            return;
        }
    }
    cJSON *j = member_json(&r->app->cfg, m, full, today);
    if (j == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, "a personal value could not be decrypted", NULL);
        return;
    }
    reply_json_take(r, status, j);
}

static const char *conflict_detail(enum yh_err err)
{
    return err == YH_ERR_CONFLICT ? "a member with this ID number exists in this office" : NULL;
}

/* Checks branch_id names an open branch of the office that may hold primary members. */
static enum yh_err primary_branch_check(struct req *r, int64_t branch_id, const char *field, struct verrs *v)
{
    struct branch b;
    enum yh_err err = branches_db_get(r->db, r->claims.office, branch_id, &b);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, field, "no such branch in this office");
        return YH_OK;
    }
    if (err == YH_OK && b.dissolved_on[0]) {
        verr_add(v, field, "the branch is dissolved");
    }
    return err;
}

static const char *const create_fields[] = {"name",    "gender",   "birth_date", "id_number", "phone",
                                            "address", "residence_code", "joined_on", "category", "work_unit",
                                            "health",  "notes",    "branch_id",  "hardship", NULL};

void members_create(struct req *r)
{
    struct member m;
    struct member_plain p;
    struct verrs v = {0};
    char today[11];
    int64_t branch_id = 0, id = 0, ms_id = 0;
    enum yh_err err = YH_OK;

    if (!req_fields_or_reply(r, create_fields)) {
        return;
    }
    memset(&m, 0, sizeof(m));
    memset(&p, 0, sizeof(p));
    snprintf(m.office, sizeof(m.office), "%s", r->claims.office);
    today_cn(today);
    member_apply(r->json, r->claims.office, today, &m, &p, &v);
    member_require(r->json, &m, &p, &v);
    json_take_id(r->json, "branch_id", true, &branch_id, &v);
    if (v.n == 0 && branch_id) {
        err = primary_branch_check(r, branch_id, "branch_id", &v);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    if (member_seal(&r->app->cfg, &m, &p) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_insert(r->db, &m, &id);
    }
    if (err == YH_OK && branch_id) {
        err = memberships_db_move_primary(r->db, r->claims.office, id, branch_id,
                                          m.joined_on[0] ? m.joined_on : today, &ms_id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "member.create", "member", id);
    }
    if (err == YH_OK) {
        err = members_db_get(r->db, r->claims.office, id, &m);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, conflict_detail(err), NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    char loc[48];
    snprintf(loc, sizeof(loc), "/v1/members/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_member(r, 201, &m, false);
}

void members_get(struct req *r)
{
    struct member m;
    struct cache_stamp stamp;
    bool have_stamp = false, ok = true;
    char key[32];
    int64_t id = 0;
    bool full;

    if (!id_param_or_reply(r, &id)) {
        return;
    }
    full = reveal_requested(r, &ok);
    if (!ok || !member_reachable_or_reply(r, id)) {
        return;
    }
    /* masked views of whole-office callers are cached; full views are audited per read */
    bool cacheable = !full && req_whole_office(r);
    snprintf(key, sizeof(key), "m:%lld", (long long)id);
    if (cacheable && req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, id, &m);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such member" : NULL, NULL);
        return;
    }
    if (!cacheable) {
        reply_member(r, 200, &m, full);
        return;
    }
    char today[11];
    today_cn(today);
    cJSON *j = member_json(&r->app->cfg, &m, false, today);
    if (j == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, "a personal value could not be decrypted", NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, j);
}

static const char *const patch_fields[] = {"name",     "gender",   "birth_date", "id_number", "phone",
                                           "address",  "residence_code", "joined_on", "category", "work_unit",
                                           "health",   "notes",    "hardship", NULL};

void members_patch(struct req *r)
{
    struct member m;
    struct member_plain p;
    struct verrs v = {0};
    char today[11];
    int64_t id = 0, version = 0;

    if (!id_param_or_reply(r, &id) || !member_reachable_or_reply(r, id) || !req_fields_or_reply(r, patch_fields) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "members read their record; staff change it", NULL);
        return;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, id, &m);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such member" : NULL, NULL);
        return;
    }
    memset(&p, 0, sizeof(p));
    today_cn(today);
    member_apply(r->json, r->claims.office, today, &m, &p, &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    if (member_seal(&r->app->cfg, &m, &p) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_update(r->db, &m, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "member.update", "member", id);
    }
    if (err == YH_OK) {
        err = members_db_get(r->db, r->claims.office, id, &m);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_PRECONDITION ? "the member changed since you read it" : conflict_detail(err),
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_member(r, 200, &m, false);
}

static const char *const lookup_fields[] = {"id_number", NULL};

void members_lookup(struct req *r)
{
    struct member m;
    struct verrs v = {0};
    const char *idno = NULL;
    char norm[19], birth[11];
    unsigned char h[32];
    bool female, ok = true;
    bool full = reveal_requested(r, &ok);

    if (!ok || !req_fields_or_reply(r, lookup_fields)) {
        return;
    }
    if (json_get_string(r->json, "id_number", true, 18, &idno, &v)) {
        enum idno_err e = idno_check(idno, norm, birth, &female);
        if (e != IDNO_OK) {
            verr_add(&v, "id_number", idno_message(e));
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    pii_idno_hmac(&r->app->cfg, norm, h);
    enum yh_err err = members_db_by_hmac(r->db, r->claims.office, h, &m);
    if (err == YH_OK) {
        err = req_audit(r, "member.lookup", "member", m.id);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no member with this ID number in this office" : NULL, NULL);
        return;
    }
    reply_member(r, 200, &m, full);
}

/* Shared by transfer and death: closes an active member on a date. */
static void close_member(struct req *r, const char *status, const char *date_field, const char *to_field)
{
    static const char *const transfer_fields[] = {"transferred_on", "to", NULL};
    static const char *const death_fields[] = {"died_on", NULL};
    struct member m;
    struct verrs v = {0};
    char on[11] = "", today[11], to[401] = "";
    int64_t id = 0, version = 0;
    enum yh_err err;

    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, to_field ? transfer_fields : death_fields) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    today_cn(today);
    json_take_date(r->json, date_field, false, on, &v);
    if (to_field && json_take_text(r->json, to_field, false, 100, to, sizeof(to), &v) && !to[0]) {
        verr_add(&v, to_field, "is required: where the member's relationship goes");
    }
    if (on[0] && strcmp(on, today) > 0) {
        verr_add(&v, date_field, "is in the future");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    if (!on[0]) {
        memcpy(on, today, sizeof(on));
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    }
    if (err == YH_OK && m.version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK && strcmp(m.status, "active") != 0) {
        db_rollback(r->db);
        char msg[96];
        snprintf(msg, sizeof(msg), "the member is %s since %s", m.status, m.status_on);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    if (err == YH_OK) {
        err = members_db_close(r->db, r->claims.office, id, status, on, to[0] ? to : NULL);
    }
    if (err == YH_OK) {
        err = req_audit(r, strcmp(status, "deceased") == 0 ? "member.deceased" : "member.transfer", "member", id);
    }
    if (err == YH_OK) {
        err = members_db_get(r->db, r->claims.office, id, &m);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_NOT_FOUND      ? "no such member"
                      : err == YH_ERR_PRECONDITION ? "the member changed since you read it"
                                                   : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_member(r, 200, &m, false);
}

void members_transfer(struct req *r)
{
    close_member(r, "transferred_out", "transferred_on", "to");
}

void members_deceased(struct req *r)
{
    close_member(r, "deceased", "died_on", NULL);
}

/* Builds the list filter from the query; false when it has replied 400. */
static bool member_filter_or_reply(struct req *r, struct member_filter *f)
{
    static const char *const categories[] = {"lixiu", "retired", "in_service", NULL};
    static const char *const healths[] = {"able", "frail", "homebound", "hospitalised", NULL};
    static const char *const statuses[] = {"active", "transferred_out", "deceased", "all", NULL};
    static const char *const bools[] = {"true", "false", NULL};
    const char *health = NULL, *relocated = NULL;
    struct verrs e = {0};

    f->relocated = -1;
    if (!query_id_or_reply(r, "branch", &f->branch_id) || !query_enum_or_reply(r, "category", categories, &f->category) ||
        !query_enum_or_reply(r, "health", healths, &health) || !query_enum_or_reply(r, "status", statuses, &f->status) ||
        !query_enum_or_reply(r, "relocated", bools, &relocated)) {
        return false;
    }
    if (health) {
        f->has_health = true;
        pii_blind_idx(&r->app->cfg, "health", r->claims.office, health, f->health_idx);
    }
    if (relocated) {
        f->relocated = strcmp(relocated, "true") == 0;
    }
    f->joined_before = query_get(&r->q, "joined_before");
    f->joined_after = query_get(&r->q, "joined_after");
    if (f->joined_before && !date_valid(f->joined_before)) {
        verr_add(&e, "joined_before", "must be a date YYYY-MM-DD");
    }
    if (f->joined_after && !date_valid(f->joined_after)) {
        verr_add(&e, "joined_after", "must be a date YYYY-MM-DD");
    }
    f->name_contains = query_get(&r->q, "name");
    if (f->name_contains && (f->name_contains[0] == '\0' || utf8_len(f->name_contains) > 50)) {
        verr_add(&e, "name", "must be 1 to 50 characters");
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return false;
    }
    return true;
}

/* Turns ?age_min/age_max into birth-date bounds written to before/after. */
static bool age_range_or_reply(struct req *r, struct member_filter *f, char before[11], char after[11])
{
    const char *names[] = {"age_min", "age_max"};
    char today[11];
    today_cn(today);
    for (int i = 0; i < 2; i++) {
        const char *s = query_get(&r->q, names[i]);
        char *end = NULL;
        long a;
        if (s == NULL) {
            continue;
        }
        a = strtol(s, &end, 10);
        if (end == s || *end != '\0' || a < 0 || a > 130) {
            struct verrs e = {0};
            verr_add(&e, names[i], "must be an integer from 0 to 130");
            reply_problem(r, YH_ERR_BAD_REQUEST, "age must be an integer from 0 to 130", &e);
            return false;
        }
        /* ages in whole calendar years (this year minus the birth year), as masked views
         * show the birth year only: a bound that moved on each birthday would tell the
         * birth date to anyone who asks day after day.
         * age >= a <=> born in or before year Y - a; age <= a <=> born after year Y - a - 1 */
        int y = atoi(today) - (int)a - i;
        char *d = i == 0 ? before : after;
        snprintf(d, 11, "%04u-12-31", (unsigned)(y < 1 ? 1 : y) % 10000u);
        if (i == 0) {
            f->born_before = d;
        } else {
            f->born_after = d;
        }
    }
    return true;
}

/* The cache key of a list: its canonical query. */
static void list_key(const struct req *r, const char *prefix, char out[48])
{
    struct buf b = {0};
    unsigned char h[32];
    char hex[65];
    for (int i = 0; i < r->q.n; i++) {
        buf_printf(&b, "%s=%s&", r->q.name[i], r->q.value[i]);
    }
    sha256(b.data ? b.data : "", b.len, h);
    hex_encode(h, 16, hex);
    snprintf(out, 48, "%s:%.32s", prefix, hex);
    buf_free(&b);
}

/* Lists members by f and replies (cached for whole-office callers). */
static void member_list_reply(struct req *r, struct member_filter *f, const char *tag)
{
    struct member *rows = NULL;
    struct cache_stamp stamp;
    bool have_stamp = false;
    char key[48], today[11], last[24];
    size_t n = 0;

    list_key(r, tag, key);
    if (req_whole_office(r) && req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = members_db_list(r->db, r->claims.office, f, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    today_cn(today);
    cJSON *items = cJSON_CreateArray();
    size_t shown = n > (size_t)f->limit ? (size_t)f->limit : n;
    for (size_t i = 0; i < shown; i++) {
        cJSON *j = member_json(&r->app->cfg, &rows[i], false, today);
        if (j == NULL) {
            cJSON_Delete(items);
            free(rows);
            reply_problem(r, YH_ERR_INTERNAL, "a personal value could not be decrypted", NULL);
            return;
        }
        cJSON_AddItemToArray(items, j);
    }
    snprintf(last, sizeof(last), "%lld", shown ? (long long)rows[shown - 1].id : 0LL);
    free(rows);
    cJSON *body = page_body(r, tag, items, n > shown ? last : NULL);
    if (have_stamp) {
        req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
    } else {
        reply_json_take(r, 200, body);
    }
}

void members_list(struct req *r)
{
    struct member_filter f = {0};
    char after[24], born_before[11], born_after[11];

    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "members read their own record only", NULL);
        return;
    }
    if (!page_params_or_reply(r, "members", &f.limit, after, sizeof(after)) || !member_filter_or_reply(r, &f) ||
        !age_range_or_reply(r, &f, born_before, born_after)) {
        return;
    }
    if (req_is_secretary(r)) {
        if (f.branch_id != 0 && f.branch_id != r->claims.branch_id) {
            reply_problem(r, YH_ERR_NOT_FOUND, "no such branch", NULL);
            return;
        }
        f.branch_id = r->claims.branch_id ? r->claims.branch_id : -1;
    }
    f.after_id = after[0] ? strtoll(after, NULL, 10) : 0;
    member_list_reply(r, &f, "members");
}

void members_unpaired(struct req *r)
{
    struct member_filter f = {0};
    char after[24];
    if (!page_params_or_reply(r, "unpaired", &f.limit, after, sizeof(after))) {
        return;
    }
    f.relocated = -1;
    f.unpaired = true;
    f.after_id = after[0] ? strtoll(after, NULL, 10) : 0;
    member_list_reply(r, &f, "unpaired");
}
