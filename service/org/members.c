/* /v1/members: members of an office, their personal data (sealed, masked by default),
 * lifecycle and lookup by ID number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/typed_rows.h"
#include "yinhui/org.h"
#include "yinhui/org_body.h"
#include "yinhui/org_rules.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/relocation.h"
#include "yinhui/transfers.h"
#include "yinhui/treatment.h"
#include "yinhui/treatment_db.h"

/* m as JSON (masked unless full; caller owns), or NULL when it has replied: a full view
 * is audited in its own statement first and refused when the audit row cannot be
 * written. */
static cJSON *member_json_or_reply(struct req *r, const struct member *m, bool full)
{
    char today[11];
    today_cn(today);
    if (full) {
        enum yh_err err = req_audit(r, "member.read_pii", "member", m->id);
        if (err != YH_OK) {
            reply_problem(r, err, "the read could not be audited", NULL);
            return NULL;
        }
    }
    cJSON *j = member_json(&r->app->cfg, m, full, today);
    if (j == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, "a personal value could not be decrypted", NULL);
    }
    return j;
}

/* Replies status with m (masked unless full), as member_json_or_reply. */
static void reply_member(struct req *r, int status, const struct member *m, bool full)
{
    cJSON *j = member_json_or_reply(r, m, full);
    if (j != NULL) {
        reply_json_take(r, status, j);
    }
}

/* commit_or_reply for a member write, naming a duplicate ID number as such. */
static bool member_commit_or_reply(struct req *r, enum yh_err err)
{
    if (err == YH_ERR_CONFLICT) {
        db_rollback(r->db);
        reply_problem(r, err, "a member with this ID number exists in this office", NULL);
        return false;
    }
    return commit_or_reply(r, err, "member");
}

bool member_of_path_or_reply(struct req *r, int64_t *id, struct member *m)
{
    if (!id_param_or_reply(r, id) || !member_reachable_or_reply(r, *id)) {
        return false;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, *id, m);
    if (err != YH_OK) {
        reply_error(r, err, "member");
        return false;
    }
    return true;
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
    if (err == YH_OK) {
        /* a new member holds no other membership yet */
        struct member none = {0};
        const char *refusal = membership_target_refusal(&b, &none, "primary");
        if (refusal != NULL) {
            verr_add(v, field, refusal);
        }
    }
    return err;
}

/* Adds to v when the body gives a treatment level that is not one of the office's. */
static enum yh_err treatment_check(struct req *r, const struct member *m, struct verrs *v)
{
    struct treatment_level *l = NULL;
    size_t n = 0;
    if (!m->treatment_level[0] || cJSON_GetObjectItemCaseSensitive(r->json, "treatment_level") == NULL) {
        return YH_OK;
    }
    enum yh_err err = treatment_levels_db_all(r->db, r->claims.office, &l, &n);
    if (err == YH_OK && !treatment_level_usable(l, n, m->treatment_level)) {
        verr_add(v, "treatment_level",
                 "is not one of the office's treatment levels (GET /v1/treatment-levels)");
    }
    free(l);
    return err;
}

/* The fields a member body may set; create also opens the primary membership (branch_id). */
#define MEMBER_BODY_FIELDS                                                                                   \
    "name", "gender", "birth_date", "id_number", "phone", "address", "residence_code", "joined_on",          \
        "category", "work_unit", "health", "notes", "hardship", "lunar_birthday", "full_member_on",          \
        "party_probation_until", "medal_ineligible_reason", "treatment_level", "former_position",            \
        "nearby_consent", "managed_with_unit", "managed_with_branch"
static const char *const create_fields[] = {MEMBER_BODY_FIELDS, "branch_id", NULL};

/* Reads and validates a new member (m, p and its primary branch) from the body, then
 * seals p into m. False when it has replied. */
static bool member_new_or_reply(struct req *r, const char *today, struct member *m, struct member_plain *p,
                                int64_t *branch_id)
{
    struct verrs v = {0};
    enum yh_err err = YH_OK;
    if (!req_fields_or_reply(r, create_fields)) {
        return false;
    }
    snprintf(m->office, sizeof(m->office), "%s", r->claims.office);
    member_apply(r->json, r->claims.office, today, m, p, &v);
    member_require(r->json, m, p, &v);
    json_take_id(r->json, "branch_id", true, branch_id, &v);
    if (v.n == 0 && *branch_id) {
        err = primary_branch_check(r, *branch_id, "branch_id", &v);
    }
    const char *why = relocation_managed_with_refusal(m->category, *branch_id, m->managed_with_unit,
                                                      m->managed_with_branch);
    if (why != NULL) {
        verr_add(&v, "managed_with_unit", why); /* h2: 混编 only without a branch here */
    }
    if (err == YH_OK) {
        err = treatment_check(r, m, &v);
    }
    if (!checks_ok_or_reply(r, err, &v)) {
        return false;
    }
    if (member_seal(&r->app->cfg, m, p) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return false;
    }
    return true;
}

/* POST /v1/members: 201 with the new member (masked), in its primary branch when
 * branch_id is given. */
void members_create(struct req *r)
{
    struct member m = {0};
    struct member_plain p = {0};
    char today[11];
    int64_t branch_id = 0, id = 0, ms_id = 0;

    today_cn(today);
    if (!member_new_or_reply(r, today, &m, &p, &branch_id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
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
    if (!member_commit_or_reply(r, err)) {
        return;
    }
    cJSON *body = member_json_or_reply(r, &m, false);
    if (body != NULL) {
        reply_created_take(r, "/v1/members", id, body);
    }
}

/* GET /v1/members/{id}: the member, masked unless ?reveal=true (audited). */
void members_get(struct req *r)
{
    struct member m;
    struct cache_stamp stamp;
    bool have_stamp = false, ok = true;
    char key[48], today[11];
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
    /* the view's party standing is as of today: a cached one lives for the day only */
    today_cn(today);
    snprintf(key, sizeof(key), "m:%lld:%s", (long long)id, today);
    if (cacheable && req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, id, &m);
    if (err != YH_OK) {
        reply_error(r, err, "member");
        return;
    }
    if (!cacheable) {
        reply_member(r, 200, &m, full);
        return;
    }
    cJSON *j = member_json_or_reply(r, &m, false);
    if (j != NULL) {
        req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, j);
    }
}

static const char *const patch_fields[] = {MEMBER_BODY_FIELDS, NULL};

/* h2 (issue 15): 混编 of a stored member; 409 naming the rule when its formal branch is
 * here, 422 for a branch name without its unit or an in-service member. */
static bool managed_with_ok_or_reply(struct req *r, const struct member *m)
{
    const char *why = relocation_managed_with_refusal(m->category, m->branch_id, m->managed_with_unit,
                                                      m->managed_with_branch);
    if (why == NULL) {
        return true;
    }
    if (relocation_managed_with_refusal(m->category, 0, m->managed_with_unit, m->managed_with_branch) ==
        NULL) {
        reply_problem(r, YH_ERR_CONFLICT, why, NULL);
        return false;
    }
    struct verrs v = {0};
    verr_add(&v, "managed_with_unit", why);
    return verrs_ok_or_reply(r, &v);
}

/* Reads stored member id into m, applies the body and seals what changed; false when
 * it has replied. */
static bool member_changes_or_reply(struct req *r, int64_t id, struct member *m)
{
    struct member_plain p = {0};
    struct verrs v = {0};
    char today[11];
    enum yh_err err = members_db_get(r->db, r->claims.office, id, m);
    if (err != YH_OK) {
        reply_error(r, err, "member");
        return false;
    }
    today_cn(today);
    member_apply(r->json, r->claims.office, today, m, &p, &v);
    err = treatment_check(r, m, &v);
    if (!checks_ok_or_reply(r, err, &v) || !managed_with_ok_or_reply(r, m)) {
        return false;
    }
    bool in_hospital = false;
    err = p.health_set ? members_db_in_hospital(r->db, r->claims.office, id, &in_hospital) : YH_OK;
    if (err != YH_OK || in_hospital) {
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT,
                      err != YH_OK
                          ? NULL
                          : "the member is in hospital: health follows the open hospital stay "
                            "and changes with its discharge (POST /v1/hospital-stays/{id}/discharge)",
                      NULL);
        return false;
    }
    if (member_seal(&r->app->cfg, m, &p) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return false;
    }
    return true;
}

/* PATCH /v1/members/{id} (If-Match): merge-patch by staff; members read only. */
void members_patch(struct req *r)
{
    struct member m;
    int64_t id = 0, version = 0;

    if (!id_param_or_reply(r, &id) || !member_reachable_or_reply(r, id) ||
        !req_fields_or_reply(r, patch_fields) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "members read their record; staff change it", NULL);
        return;
    }
    if (!member_changes_or_reply(r, id, &m)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_update(r->db, &m, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "member.update", "member", id);
    }
    if (err == YH_OK) {
        err = members_db_get(r->db, r->claims.office, id, &m);
    }
    if (member_commit_or_reply(r, err)) {
        reply_member(r, 200, &m, false);
    }
}

/* The body of POST /v1/members/lookup: the ID number, checked by idno_check. */
static const struct field lookup_fields[] = {
    FIELD_OTHER("id_number", FF_REQUIRED),
};

/* Reads the body's ID number into its HMAC h; false when it has replied. */
static bool lookup_hmac_or_reply(struct req *r, unsigned char h[32])
{
    struct verrs v = {0};
    const char *idno = NULL;
    char norm[19], birth[11];
    bool female;
    char unread = 0; /* FT_OTHER fields write nothing */
    if (!body_read_or_reply(r, lookup_fields, ARRAY_LEN(lookup_fields), &unread, false, NULL)) {
        return false;
    }
    if (json_get_string(r->json, "id_number", true, 18, &idno, &v)) {
        enum idno_err e = idno_check(idno, norm, birth, &female);
        if (e != IDNO_OK) {
            verr_add(&v, "id_number", idno_message(e));
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return false;
    }
    pii_idno_hmac(&r->app->cfg, norm, h);
    return true;
}

/* POST /v1/members/lookup: the office's member with the body's ID number (audited). */
void members_lookup(struct req *r)
{
    struct member m;
    unsigned char h[32];
    bool ok = true;
    bool full = reveal_requested(r, &ok);

    if (!ok || !lookup_hmac_or_reply(r, h)) {
        return;
    }
    enum yh_err err = members_db_by_hmac(r->db, r->claims.office, h, &m);
    if (err == YH_OK) {
        err = req_audit(r, "member.lookup", "member", m.id);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no member with this ID number in this office" : NULL,
                      NULL);
        return;
    }
    reply_member(r, 200, &m, full);
}

/* The body of POST /v1/members/{id}/transfer: the date (transferred_on; "": today) and
 * where the relationship goes. A death is recorded by POST /v1/members/{id}/death
 * (service/care/aftercare.c), which closes the member through members_db_close too. */
struct close_body {
    char on[11];
    char to[401];
};
static const struct field transfer_fields[] = {
    FIELD_DATE("transferred_on", struct close_body, on, 0),
    FIELD_TEXT("to", struct close_body, to, 100, 0),
};

/* Reads the body of a close (transfer when fields is transfer_fields) into c, the date
 * defaulting to today; false when it has replied. */
static bool close_body_or_reply(struct req *r, const struct field *fields, size_t n, struct close_body *c)
{
    struct verrs v = {0};
    char today[11];
    today_cn(today);
    if (!org_body_read_or_reply(r, fields, n, c, false, &v)) {
        return false;
    }
    if (fields == transfer_fields && cJSON_GetObjectItemCaseSensitive(r->json, "to") == NULL) {
        verr_add(&v, "to", "is required: where the member's relationship goes");
    }
    if (c->on[0] && strcmp(c->on, today) > 0) {
        verr_add(&v, fields[0].name, "is in the future");
    }
    if (!c->on[0]) {
        memcpy(c->on, today, sizeof(c->on));
    }
    return verrs_ok_or_reply(r, &v);
}

/* Locks the active member id at version: CONFLICT with msg when it is no longer
 * active, PRECONDITION, NOT_FOUND, or a db error. */
static enum yh_err close_check(struct req *r, int64_t id, int64_t version, char *msg, size_t len)
{
    struct member m;
    enum yh_err err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    if (err == YH_OK && m.version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK && strcmp(m.status, "active") != 0) {
        snprintf(msg, len, "the member is %s since %s", m.status, m.status_on);
        err = YH_ERR_CONFLICT;
    }
    int64_t tid = 0;
    /* read after the member's lock, which a transfer's start takes too */
    err = err == YH_OK ? transfers_db_pending_of(r->db, id, &tid) : err;
    if (err == YH_OK && tid != 0) {
        snprintf(msg, len,
                 "transfer %lld of this member is pending: it is accepted, refused or cancelled (POST "
                 "/v1/transfers/%lld/cancel) before the record is closed as transferred out",
                 (long long)tid, (long long)tid);
        err = YH_ERR_CONFLICT;
    }
    return err;
}

/* Closes an active member (to status, audited as action; the transfer)
 * on a date from the body declared by fields. */
static void close_member(struct req *r, const char *status, const char *action, const struct field *fields,
                         size_t nfields)
{
    struct member m;
    struct close_body c = {"", ""};
    int64_t id = 0, version = 0;
    char msg[256];

    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, fields, nfields) ||
        !req_if_match_or_reply(r, &version) || !close_body_or_reply(r, fields, nfields, &c)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = close_check(r, id, version, msg, sizeof(msg));
    }
    if (err == YH_ERR_CONFLICT) {
        db_rollback(r->db);
        reply_problem(r, err, msg, NULL);
        return;
    }
    if (err == YH_OK) {
        err = members_db_close(r->db, r->claims.office, id, status, c.on, c.to[0] ? c.to : NULL);
    }
    if (err == YH_OK) {
        err = req_audit(r, action, "member", id);
    }
    if (err == YH_OK) {
        err = members_db_get(r->db, r->claims.office, id, &m);
    }
    if (commit_or_reply(r, err, "member")) {
        reply_member(r, 200, &m, false);
    }
}

/* POST /v1/members/{id}/transfer (If-Match): the relationship goes elsewhere. */
void members_transfer(struct req *r)
{
    close_member(r, "transferred_out", "member.transfer", transfer_fields, ARRAY_LEN(transfer_fields));
}

/* A division code prefix of 2, 4 or 6 digits (?residence=). */
static bool digits_prefix_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 2 && n != 4 && n != 6) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

/* Builds the list filter from the query; false when it has replied 400. */
static bool member_filter_or_reply(struct req *r, struct member_filter *f, struct pinyin_query *pq)
{
    static const char *const categories[] = {"lixiu", "retired", "in_service", NULL};
    static const char *const healths[] = {"able", "frail", "homebound", "hospitalised", NULL};
    static const char *const statuses[] = {"active", "transferred_out", "deceased", "all", NULL};
    static const char *const bools[] = {"true", "false", NULL};
    const char *health = NULL, *relocated = NULL;
    struct verrs e = {0};

    f->relocated = -1;
    if (!query_id_or_reply(r, "branch", &f->branch_id) ||
        !query_enum_or_reply(r, "category", categories, &f->category) ||
        !query_enum_or_reply(r, "health", healths, &health) ||
        !query_enum_or_reply(r, "status", statuses, &f->status) ||
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
    f->joined_before = org_query_date(r, "joined_before", &e);
    f->joined_after = org_query_date(r, "joined_after", &e);
    const char *name = query_get(&r->q, "name");
    f->residence = query_get(&r->q, "residence"); /* h2: a division code prefix */
    if (f->residence && !digits_prefix_valid(f->residence)) {
        verr_add(&e, "residence", "must be a GB/T 2260 division code or its first 2 or 4 digits");
    }
    f->treatment_level = query_get(&r->q, "treatment_level");
    if (f->treatment_level && !treatment_code_valid(f->treatment_level)) {
        verr_add(&e, "treatment_level", "must be a treatment level code");
    }
    if (name && !search_text_ok(name)) {
        verr_add(&e, "name", "must be 1 to 50 characters, without control characters");
    } else if (name && pinyin_query_of(name, pq)) {
        f->name_query = pq;
    } else if (name) {
        reply_problem(r, YH_ERR_INTERNAL, "the name search is unavailable", NULL);
        return false;
    }
    return org_query_ok_or_reply(r, &e);
}

/* Turns ?age_min/age_max into birth-date bounds written to before/after. */
static bool age_range_or_reply(struct req *r, struct member_filter *f, char before[11], char after[11])
{
    const char *names[] = {"age_min", "age_max"};
    char today[11];
    today_cn(today);
    for (int i = 0; i < 2; i++) {
        long a = -1;
        if (!org_query_int_or_reply(r, names[i], "age", 0, 130, &a)) {
            return false;
        }
        if (a < 0) {
            continue; /* not given */
        }
        member_age_bound(today, a, i == 1, i == 0 ? before : after);
        if (i == 0) {
            f->born_before = before;
        } else {
            f->born_after = after;
        }
    }
    return true;
}

/* The cache key of a list: its canonical query and the day (the rows' party standing is
 * as of today). */
static void list_key(const struct req *r, const char *prefix, char out[48])
{
    struct buf b = {0};
    unsigned char h[32];
    char hex[65], today[11];
    today_cn(today);
    buf_printf(&b, "%s&", today);
    for (int i = 0; i < r->q.n; i++) {
        buf_printf(&b, "%s=%s&", r->q.name[i], r->q.value[i]);
    }
    sha256(b.data ? b.data : "", b.len, h);
    hex_encode(h, 16, hex);
    snprintf(out, 48, "%s:%.32s", prefix, hex);
    buf_free(&b);
}

/* What a page of members shows: masked, with standing as of today. */
struct member_page {
    const struct config *cfg;
    char today[11];
};

static cJSON *member_page_json(const void *row, void *ctx)
{
    const struct member_page *p = ctx;
    return member_json(p->cfg, row, false, p->today);
}

/* Lists members by f and replies (cached for whole-office callers). */
static void member_list_reply(struct req *r, struct member_filter *f, const char *tag)
{
    struct member *rows = NULL;
    struct cache_stamp stamp;
    bool have_stamp = false;
    char key[48];
    size_t n = 0;

    list_key(r, tag, key);
    if (req_whole_office(r) && req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    /* a list may be a moment stale: the replica serves it (req_read_db) */
    enum yh_err err = members_db_list(req_read_db(r), r->claims.office, f, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    struct member_page ctx = {&r->app->cfg, ""};
    today_cn(ctx.today);
    cJSON *body =
        typed_page_ctx(r, tag, rows, n, sizeof(*rows), f->limit, member_page_json, &ctx, typed_key_id);
    free(rows);
    if (body == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, "a personal value could not be decrypted", NULL);
        return;
    }
    if (have_stamp) {
        req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
    } else {
        reply_json_take(r, 200, body);
    }
}

/* GET /v1/members: a page of members by the query's filters (a secretary's within
 * its branch). */
void members_list(struct req *r)
{
    struct member_filter f = {0};
    struct pinyin_query pq;
    char after[24], born_before[11], born_after[11];

    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "members read their own record only", NULL);
        return;
    }
    if (!page_params_or_reply(r, "members", &f.limit, after, sizeof(after)) ||
        !member_filter_or_reply(r, &f, &pq) || !age_range_or_reply(r, &f, born_before, born_after)) {
        return;
    }
    if (!branch_scope_or_reply(r, &f.branch_id)) {
        return;
    }
    f.after_id = after[0] ? strtoll(after, NULL, 10) : 0;
    member_list_reply(r, &f, "members");
}

/* GET /v1/members/unpaired: a page of retired members without a liaison. */
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
