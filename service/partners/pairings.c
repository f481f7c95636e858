/* /v1/organisations/{id}/branches and /v1/branches/{id}/partners: the branches an
 * organisation is paired with (多联一, seed 001: a branch paired with several
 * departments; 联建结对, seed 002), from since to until. Ending a pairing keeps it, so
 * the history stays; an organisation and a branch have one open pairing at a time (a
 * unique key, so two concurrent requests cannot both open one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/page.h"
#include "yinhui/partners.h"
#include "yinhui/partners_db.h"
#include "yinhui/reach.h"

struct pairing_body {
    int64_t branch_id;
    char since[11], until[11];
    char note[801];
};
static const struct field pairing_fields[] = {
    FIELD_ID("branch_id", struct pairing_body, branch_id, FF_REQUIRED),
    FIELD_DATE("since", struct pairing_body, since, FF_REQUIRED),
    FIELD_TEXT("note", struct pairing_body, note, PAIRING_NOTE_MAX, FF_NULLABLE),
};
static const struct field end_fields[] = {
    FIELD_DATE("until", struct pairing_body, until, 0),
};
static const char *const states[] = {"open", "ended", NULL};

/* Replies status with pairing id (201: with its Location under organisation org). */
static void reply_pairing(struct req *r, int status, int64_t org, int64_t id)
{
    struct db_rows rows;
    char coll[64];
    enum yh_err err = pairings_db_row(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_error(r, err, "pairing");
        return;
    }
    cJSON *j = view_row(&rows, 0, &pairing_view);
    db_rows_free(&rows);
    snprintf(coll, sizeof(coll), "/v1/organisations/%lld/branches", (long long)org);
    if (status == 201) {
        reply_created_take(r, coll, id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* Replies a page of pairings by f (?state=, ?limit=, ?cursor= read here), cached under
 * scope ("org:<id>" or "branch:<id>"); exists runs on a miss and replies 404 itself. */
static void pairings_page(struct req *r, struct pairing_filter *f, const char *scope,
                          bool (*exists)(struct req *r, int64_t id), int64_t id)
{
    struct db_rows rows;
    struct cache_stamp stamp;
    bool have_stamp = false;
    char after[24], key[128];
    if (!page_params_or_reply(r, "pairings", &f->limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "state", states, &f->state)) {
        return;
    }
    snprintf(key, sizeof(key), "pairings:%s:%s:%d:%s", scope, f->state ? f->state : "", f->limit, after);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp) || !exists(r, id)) {
        return;
    }
    f->before = after[0] ? strtoll(after, NULL, 10) : 0;
    enum yh_err err = pairings_db_list(r->db, r->claims.office, f, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp,
                         page_of_view(r, "pairings", &rows, f->limit, &pairing_view));
}

/* Organisation id of the caller's office into *o (locked when for_update). False when it
 * has replied 404. */
static bool org_or_reply(struct req *r, int64_t id, bool for_update, struct organisation *o)
{
    enum yh_err err = orgs_db_get(r->db, r->claims.office, id, for_update, o);
    if (err != YH_OK) {
        reply_error(r, err, "organisation");
        return false;
    }
    return true;
}

static bool org_exists(struct req *r, int64_t id)
{
    struct organisation o;
    return org_or_reply(r, id, false, &o);
}

static bool branch_exists(struct req *r, int64_t id)
{
    struct branch b;
    enum yh_err err = branches_db_get(r->db, r->claims.office, id, &b);
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return false;
    }
    return true;
}

/* GET /v1/organisations/{id}/branches?state=: its pairings, newest first (cached). */
void pairings_list(struct req *r)
{
    struct pairing_filter f = {0};
    char scope[32];
    if (!id_param_or_reply(r, &f.organisation_id)) {
        return;
    }
    snprintf(scope, sizeof(scope), "org:%lld", (long long)f.organisation_id);
    pairings_page(r, &f, scope, org_exists, f.organisation_id);
}

/* GET /v1/branches/{id}/partners?state=: the organisations a branch is paired with, for
 * staff and that branch's secretary (members do not see the office's partners). */
void pairings_of_branch(struct req *r)
{
    struct pairing_filter f = {0};
    char scope[32];
    if (req_is_member(r) || req_is_relative(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "a branch's partners are for staff and its secretary", NULL);
        return;
    }
    if (!id_param_or_reply(r, &f.branch_id) || !branch_reachable_or_reply(r, f.branch_id)) {
        return;
    }
    snprintf(scope, sizeof(scope), "branch:%lld", (long long)f.branch_id);
    pairings_page(r, &f, scope, branch_exists, f.branch_id);
}

/* GET /v1/organisations/{id}/branches/{pid}. */
void pairings_get(struct req *r)
{
    struct pairing p;
    int64_t org = 0, id = 0;
    if (!id_param_or_reply(r, &org) || !path_id_or_reply(r, "pid", &id)) {
        return;
    }
    enum yh_err err = pairings_db_get(r->db, r->claims.office, org, id, &p);
    if (err != YH_OK) {
        reply_error(r, err, "pairing");
        return;
    }
    reply_pairing(r, 200, org, id);
}

/* Reads a new pairing's body into b: an open branch of the office (422 naming branch_id
 * otherwise, another office's too), since not in the future. False when it has replied. */
static bool pairing_body_or_reply(struct req *r, struct pairing_body *b)
{
    struct verrs v = {0};
    struct branch br;
    char today[11];
    if (!body_read_or_reply(r, pairing_fields, ARRAY_LEN(pairing_fields), b, true, NULL)) {
        return false;
    }
    today_cn(today);
    enum yh_err err = branches_db_get(r->db, r->claims.office, b->branch_id, &br);
    if (err == YH_ERR_NOT_FOUND || (err == YH_OK && br.dissolved_on[0])) {
        verr_add(&v, "branch_id", "is no open branch of this office");
        err = YH_OK;
    }
    const char *why = pairing_since_refusal(b->since, today);
    if (why != NULL) {
        verr_add(&v, "since", why);
    }
    return checks_ok_or_reply(r, err, &v);
}

/* POST /v1/organisations/{id}/branches {branch_id, since, note?}: pairs the organisation
 * (active) with a branch; 409 when they are paired already or the organisation is retired. */
void pairings_create(struct req *r)
{
    struct organisation o;
    struct pairing_body b = {0};
    int64_t org = 0, id = 0;
    char msg[160] = "the organisation and the branch are paired already: one open pairing at a time";
    if (!id_param_or_reply(r, &org) || !body_known_or_reply(r, pairing_fields, ARRAY_LEN(pairing_fields)) ||
        !org_or_reply(r, org, false, &o) || !pairing_body_or_reply(r, &b)) {
        return;
    }
    struct pairing p = {.organisation_id = org, .branch_id = b.branch_id};
    memcpy(p.since, b.since, sizeof(p.since));
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = orgs_db_get(r->db, r->claims.office, org, true, &o);
    }
    if (err == YH_OK && !o.active) {
        snprintf(msg, sizeof(msg), "the organisation is retired (active false): no new pairings");
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = pairings_db_insert(r->db, r->claims.office, &p, b.note, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "organisation.pair", "organisation_branch", id);
    }
    if (commit_or_reply_conflict(r, err, "organisation", msg)) {
        reply_pairing(r, 201, org, id);
    }
}

/* POST /v1/organisations/{id}/branches/{pid}/end {until?}: ends the pairing on until
 * (default today; not before since, not in the future); the row stays as history. 409
 * when it has ended already. */
void pairings_end(struct req *r)
{
    struct pairing p;
    struct pairing_body b = {0};
    struct verrs v = {0};
    int64_t org = 0, id = 0;
    char today[11], msg[96];
    if (!id_param_or_reply(r, &org) || !path_id_or_reply(r, "pid", &id) ||
        !body_read_or_reply(r, end_fields, ARRAY_LEN(end_fields), &b, false, NULL)) {
        return;
    }
    enum yh_err err = pairings_db_get(r->db, r->claims.office, org, id, &p);
    if (err != YH_OK) {
        reply_error(r, err, "pairing");
        return;
    }
    today_cn(today);
    if (!b.until[0]) {
        memcpy(b.until, today, sizeof(b.until));
    }
    const char *why = pairing_end_refusal(p.since, b.until, today);
    if (why != NULL) {
        verr_add(&v, "until", why);
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    snprintf(msg, sizeof(msg), "the pairing has ended%s%s: a pairing ends once", p.until[0] ? " on " : "",
             p.until);
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = pairings_db_end(r->db, r->claims.office, id, b.until, r->claims.sub);
    }
    if (err == YH_OK) {
        err = req_audit(r, "organisation.unpair", "organisation_branch", id);
    }
    if (commit_or_reply_conflict(r, err, "pairing", msg)) {
        reply_pairing(r, 200, org, id);
    }
}
