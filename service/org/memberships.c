/* /v1/members/{id}/memberships: a member's primary and participating affiliations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/org.h"
#include "yinhui/org_body.h"
#include "yinhui/org_rules.h"
#include "yinhui/reach.h"

/* GET /v1/members/{id}/memberships: every membership of the member, oldest first. */
void memberships_list(struct req *r)
{
    struct member m;
    struct membership *rows = NULL;
    size_t n = 0;
    int64_t id = 0;
    if (!member_of_path_or_reply(r, &id, &m)) {
        return;
    }
    enum yh_err err = memberships_db_list(r->db, r->claims.office, id, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(items, membership_json(&rows[i]));
    }
    free(rows);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}

/* The body of POST /v1/members/{id}/memberships. */
struct membership_body {
    int64_t branch_id;
    char kind[16];
    char on[11]; /* "": today */
};
static const char *const kinds[] = {"primary", "participating", NULL};
static const struct field membership_fields[] = {
    FIELD_ID("branch_id", struct membership_body, branch_id, 0),
    FIELD_ENUM("kind", struct membership_body, kind, kinds, 0),
    FIELD_DATE("started_on", struct membership_body, on, 0),
};

/* Reads the body into b (started_on defaulting to today); false when it has replied. */
static bool membership_body_or_reply(struct req *r, struct membership_body *b)
{
    struct verrs v = {0};
    char today[11];
    if (!body_known_or_reply(r, membership_fields, ARRAY_LEN(membership_fields)) ||
        !org_body_read_or_reply(r, membership_fields, ARRAY_LEN(membership_fields), b, true, &v)) {
        return false;
    }
    if (v.n == 0 && b->branch_id == 0) {
        verr_add(&v, "branch_id", "is required");
    }
    if (v.n == 0 && !b->kind[0]) {
        verr_add(&v, "kind", "is required");
    }
    today_cn(today);
    if (!b->on[0]) {
        memcpy(b->on, today, sizeof(b->on));
    } else if (strcmp(b->on, today) > 0) {
        verr_add(&v, "started_on", "is in the future");
    }
    return verrs_ok_or_reply(r, &v);
}

/* Locks member id and checks that it may take membership b, inside the unit of work
 * begun with outcome err: false when it has replied (and rolled back), with a 422 for
 * the branch, a 409, or the error. */
static bool membership_allowed_or_reply(struct req *r, enum yh_err err, int64_t id,
                                        const struct membership_body *b)
{
    struct member m;
    struct branch br;
    const char *refusal = NULL, *conflict = NULL;
    if (err == YH_OK) {
        err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    }
    if (err == YH_OK) {
        /* the branch row lock orders a move in against a change of the branch's nature
         * (branches.c nature_change_check), so no formal member lands in a branch that
         * has just become temporary; an absent branch is the refusal below */
        enum yh_err lock =
            strcmp(b->kind, "primary") == 0 ? branches_db_lock(r->db, r->claims.office, b->branch_id) : YH_OK;
        err = lock == YH_OK || lock == YH_ERR_NOT_FOUND
                  ? branches_db_get(r->db, r->claims.office, b->branch_id, &br)
                  : lock;
        refusal = err == YH_ERR_NOT_FOUND ? "no such branch in this office"
                  : err == YH_OK          ? membership_target_refusal(&br, &m, b->kind)
                                          : NULL;
        err = err == YH_ERR_NOT_FOUND ? YH_OK : err;
    }
    if (err == YH_OK && refusal == NULL && strcmp(m.status, "active") != 0) {
        conflict = "the member is not active";
    } else if (err == YH_OK && refusal == NULL && strcmp(b->kind, "primary") == 0 &&
               m.branch_id == b->branch_id) {
        conflict = "this is already the member's primary branch";
    }
    if (err == YH_OK && refusal == NULL && conflict == NULL) {
        return true;
    }
    db_rollback(r->db);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such member" : NULL, NULL);
    } else if (refusal != NULL) {
        struct verrs v = {0};
        verr_add(&v, "branch_id", refusal);
        verrs_ok_or_reply(r, &v);
    } else {
        reply_problem(r, YH_ERR_CONFLICT, conflict, NULL);
    }
    return false;
}

/* Ends a membership write: commits and replies with ms, or replies with the problem
 * (what names the resource a 404 is about). False when it has replied a problem. */
static bool membership_commit_or_reply(struct req *r, enum yh_err err, const char *what)
{
    if (err == YH_ERR_CONFLICT) {
        db_rollback(r->db);
        reply_problem(r, err, "the member already takes part in this branch", NULL);
        return false;
    }
    return commit_or_reply(r, err, what);
}

/* POST /v1/members/{id}/memberships: a participating membership, or a move of the
 * primary one; 201 with Location. */
void memberships_add(struct req *r)
{
    struct membership_body b = {0};
    struct membership ms;
    int64_t id = 0, ms_id = 0;
    char coll[48];

    if (!id_param_or_reply(r, &id) || !membership_body_or_reply(r, &b)) {
        return;
    }
    bool primary = strcmp(b.kind, "primary") == 0;
    /* the member row lock serialises changes of one member's affiliations */
    if (!membership_allowed_or_reply(r, db_begin(r->db), id, &b)) {
        return;
    }
    enum yh_err err =
        primary ? memberships_db_move_primary(r->db, r->claims.office, id, b.branch_id, b.on, &ms_id)
                : memberships_db_add(r->db, r->claims.office, id, b.branch_id, b.kind, b.on, &ms_id);
    if (err == YH_OK) {
        err = req_audit(r, primary ? "membership.move_primary" : "membership.add", "membership", ms_id);
    }
    if (err == YH_OK) {
        err = memberships_db_get(r->db, r->claims.office, id, ms_id, &ms);
    }
    if (!membership_commit_or_reply(r, err, "member")) {
        return;
    }
    snprintf(coll, sizeof(coll), "/v1/members/%lld/memberships", (long long)id);
    reply_created_take(r, coll, ms_id, membership_json(&ms));
}

/* Parses path parameter {mid}; 400 naming it otherwise. */
static bool mid_param_or_reply(struct req *r, int64_t *mid)
{
    if (!id_parse(path_param(&r->pp, "mid"), mid)) {
        struct verrs e = {0};
        verr_add(&e, "mid", "must be a positive integer");
        reply_problem(r, YH_ERR_BAD_REQUEST, "mid must be a positive integer", &e);
        return false;
    }
    return true;
}

/* Locks member id and reads its membership mid, which must be an open participating
 * one: CONFLICT with the reason in *why, NOT_FOUND, or a db error. */
static enum yh_err membership_end_check(struct req *r, int64_t id, int64_t mid, const char **why)
{
    struct member m;
    struct membership ms;
    enum yh_err err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    if (err == YH_OK) {
        err = memberships_db_get(r->db, r->claims.office, id, mid, &ms);
    }
    if (err == YH_OK && (strcmp(ms.kind, "primary") == 0 || ms.ended_on[0])) {
        *why = ms.ended_on[0] ? "the membership has already ended"
                              : "a primary affiliation is moved (POST a new primary), not ended";
        err = YH_ERR_CONFLICT;
    }
    return err;
}

/* DELETE /v1/members/{id}/memberships/{mid}: ends an open participating membership. */
void memberships_end(struct req *r)
{
    struct membership ms;
    int64_t id = 0, mid = 0;
    const char *why = NULL;
    char today[11];

    if (!id_param_or_reply(r, &id) || !mid_param_or_reply(r, &mid)) {
        return;
    }
    today_cn(today);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = membership_end_check(r, id, mid, &why);
    }
    if (why != NULL) {
        db_rollback(r->db);
        reply_problem(r, err, why, NULL);
        return;
    }
    if (err == YH_OK) {
        err = memberships_db_end(r->db, r->claims.office, mid, today, "ended");
    }
    if (err == YH_OK) {
        err = req_audit(r, "membership.end", "membership", mid);
    }
    if (err == YH_OK) {
        err = memberships_db_get(r->db, r->claims.office, id, mid, &ms);
    }
    if (commit_or_reply(r, err, "membership")) {
        reply_json_take(r, 200, membership_json(&ms));
    }
}
