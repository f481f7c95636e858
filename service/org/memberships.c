/* /v1/members/{id}/memberships, pairing (结对) and the service card (亲情服务卡). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/org.h"
#include "yinhui/json_out.h"
#include "yinhui/http.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/pii.h"

static cJSON *membership_json(const struct membership *ms)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", ms->id);
    json_add_id(j, "member_id", ms->member_id);
    json_add_id(j, "branch_id", ms->branch_id);
    cJSON_AddStringToObject(j, "branch_name", ms->branch_name);
    cJSON_AddStringToObject(j, "kind", ms->kind);
    cJSON_AddStringToObject(j, "started_on", ms->started_on);
    if (ms->ended_on[0]) {
        cJSON_AddStringToObject(j, "ended_on", ms->ended_on);
    } else {
        cJSON_AddNullToObject(j, "ended_on");
    }
    if (ms->end_reason[0]) {
        cJSON_AddStringToObject(j, "end_reason", ms->end_reason);
    } else {
        cJSON_AddNullToObject(j, "end_reason");
    }
    return j;
}

/* Reads the member of path {id} the caller may see; false when it has replied. */
static bool member_of_path_or_reply(struct req *r, int64_t *id, struct member *m)
{
    if (!id_param_or_reply(r, id) || !member_reachable_or_reply(r, *id)) {
        return false;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, *id, m);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such member" : NULL, NULL);
        return false;
    }
    return true;
}

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

static const char *const add_fields[] = {"branch_id", "kind", "started_on", NULL};

/* Checks the target branch for kind; adds to v or returns a db error. */
static enum yh_err target_check(struct req *r, const struct member *m, int64_t branch_id, const char *kind,
                                struct verrs *v)
{
    struct branch b;
    enum yh_err err = branches_db_get(r->db, r->claims.office, branch_id, &b);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, "branch_id", "no such branch in this office");
        return YH_OK;
    }
    if (err != YH_OK) {
        return err;
    }
    if (b.dissolved_on[0]) {
        verr_add(v, "branch_id", "the branch is dissolved");
    } else if (strcmp(kind, "participating") == 0 && strcmp(b.nature, "regular") == 0) {
        verr_add(v, "branch_id", "participation is in functional or temporary branches; a regular branch holds primary members");
    } else if (strcmp(kind, "participating") == 0 && m->branch_id == branch_id) {
        verr_add(v, "branch_id", "this is the member's primary branch");
    }
    return YH_OK;
}

void memberships_add(struct req *r)
{
    static const char *const kinds[] = {"primary", "participating", NULL};
    struct member m;
    struct membership ms;
    struct verrs v = {0};
    char kind[16] = "", on[11] = "", today[11];
    int64_t id = 0, branch_id = 0, ms_id = 0;
    enum yh_err err;

    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, add_fields)) {
        return;
    }
    json_take_id(r->json, "branch_id", false, &branch_id, &v);
    json_take_enum(r->json, "kind", false, kinds, kind, sizeof(kind), &v);
    json_take_date(r->json, "started_on", false, on, &v);
    if (v.n == 0 && branch_id == 0) {
        verr_add(&v, "branch_id", "is required");
    }
    if (v.n == 0 && !kind[0]) {
        verr_add(&v, "kind", "is required");
    }
    today_cn(today);
    if (!on[0]) {
        memcpy(on, today, sizeof(on));
    } else if (strcmp(on, today) > 0) {
        verr_add(&v, "started_on", "is in the future");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    /* the member row lock serialises changes of one member's affiliations */
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    }
    if (err == YH_OK) {
        err = target_check(r, &m, branch_id, kind, &v);
    }
    if (err == YH_OK && v.n > 0) {
        db_rollback(r->db);
        verrs_ok_or_reply(r, &v);
        return;
    }
    const char *conflict = NULL;
    if (err == YH_OK && strcmp(m.status, "active") != 0) {
        conflict = "the member is not active";
    } else if (err == YH_OK && strcmp(kind, "primary") == 0 && m.branch_id == branch_id) {
        conflict = "this is already the member's primary branch";
    }
    if (conflict != NULL) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, conflict, NULL);
        return;
    }
    if (err == YH_OK) {
        err = strcmp(kind, "primary") == 0
                  ? memberships_db_move_primary(r->db, r->claims.office, id, branch_id, on, &ms_id)
                  : memberships_db_add(r->db, r->claims.office, id, branch_id, kind, on, &ms_id);
    }
    if (err == YH_OK) {
        err = req_audit(r, strcmp(kind, "primary") == 0 ? "membership.move_primary" : "membership.add",
                        "membership", ms_id);
    }
    if (err == YH_OK) {
        err = memberships_db_get(r->db, r->claims.office, id, ms_id, &ms);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_NOT_FOUND  ? "no such member"
                      : err == YH_ERR_CONFLICT ? "the member already takes part in this branch"
                                               : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    char loc[80];
    snprintf(loc, sizeof(loc), "/v1/members/%lld/memberships/%lld", (long long)id, (long long)ms_id);
    reply_header(r, "Location", loc);
    reply_json_take(r, 201, membership_json(&ms));
}

void memberships_end(struct req *r)
{
    struct membership ms;
    const char *mid_s = path_param(&r->pp, "mid");
    int64_t id = 0, mid = 0;
    char today[11];
    enum yh_err err;

    if (!id_param_or_reply(r, &id)) {
        return;
    }
    if (!id_parse(mid_s, &mid)) {
        struct verrs e = {0};
        verr_add(&e, "mid", "must be a positive integer");
        reply_problem(r, YH_ERR_BAD_REQUEST, "mid must be a positive integer", &e);
        return;
    }
    today_cn(today);
    err = db_begin(r->db);
    if (err == YH_OK) {
        struct member m;
        err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    }
    if (err == YH_OK) {
        err = memberships_db_get(r->db, r->claims.office, id, mid, &ms);
    }
    if (err == YH_OK && (strcmp(ms.kind, "primary") == 0 || ms.ended_on[0])) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT,
                      ms.ended_on[0] ? "the membership has already ended"
                                     : "a primary affiliation is moved (POST a new primary), not ended",
                      NULL);
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
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such membership" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_json_take(r, 200, membership_json(&ms));
}

static const char *const liaison_fields[] = {"liaison_id", NULL};

void members_liaison_put(struct req *r)
{
    struct member m, l;
    struct verrs v = {0};
    int64_t id = 0, liaison_id = 0, paired = 0, cap = 30;
    char msg[160];
    enum yh_err err;

    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, liaison_fields)) {
        return;
    }
    json_take_id(r->json, "liaison_id", false, &liaison_id, &v);
    if (v.n == 0 && liaison_id == 0) {
        verr_add(&v, "liaison_id", "is required");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    }
    if (err == YH_OK) {
        /* locks the liaison row: concurrent pairings to one liaison count one at a time */
        err = members_db_count_paired(r->db, r->claims.office, liaison_id, &paired);
    }
    if (err == YH_OK) {
        err = members_db_get(r->db, r->claims.office, liaison_id, &l);
        if (err == YH_ERR_NOT_FOUND) {
            err = YH_OK;
            verr_add(&v, "liaison_id", "no such member in this office");
        }
    }
    if (err == YH_OK) {
        err = offices_db_liaison_cap(r->db, r->claims.office, &cap);
    }
    msg[0] = '\0';
    if (err == YH_OK && v.n == 0) {
        if (strcmp(l.category, "in_service") != 0 || strcmp(l.status, "active") != 0) {
            verr_add(&v, "liaison_id", "a liaison is an active in-service member (在职)");
        } else if (strcmp(m.category, "in_service") == 0) {
            verr_add(&v, "liaison_id", "liaisons are paired with retired members, not in-service ones");
        } else if (strcmp(m.status, "active") != 0) {
            snprintf(msg, sizeof(msg), "the member is not active");
        } else if (m.liaison_id == liaison_id) {
            snprintf(msg, sizeof(msg), "the member is already paired with this liaison");
        } else if (paired >= cap) {
            snprintf(msg, sizeof(msg), "the liaison already looks after %lld members (cap %lld)", (long long)paired,
                     (long long)cap);
        }
    }
    if (err != YH_OK || v.n > 0 || msg[0]) {
        db_rollback(r->db);
        if (err != YH_OK) {
            reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such member" : NULL, NULL);
        } else if (v.n > 0) {
            verrs_ok_or_reply(r, &v);
        } else {
            reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        }
        return;
    }
    err = members_db_set_liaison(r->db, r->claims.office, id, liaison_id);
    if (err == YH_OK) {
        err = req_audit(r, "member.pair", "member", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "member_id", id);
    json_add_id(j, "liaison_id", liaison_id);
    cJSON_AddStringToObject(j, "liaison_name", l.name);
    cJSON_AddNumberToObject(j, "liaison_paired", (double)(paired + 1));
    cJSON_AddNumberToObject(j, "cap", (double)cap);
    reply_json_take(r, 200, j);
}

void members_liaison_delete(struct req *r)
{
    struct member m;
    int64_t id = 0;
    enum yh_err err;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    }
    if (err == YH_OK && m.liaison_id == 0) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "the member is not paired", NULL);
        return;
    }
    if (err == YH_OK) {
        err = members_db_set_liaison(r->db, r->claims.office, id, 0);
    }
    if (err == YH_OK) {
        err = req_audit(r, "member.unpair", "member", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such member" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_empty(r, 204);
}

/* {member_id, name, phone} of contact id. The phone is full when full (the card is for
 * calling them) and masked otherwise; *shown is set to the contact id when a full phone
 * went out. */
static enum yh_err contact_json(struct req *r, int64_t id, bool full, cJSON *parent, const char *name,
                                int64_t *shown)
{
    struct member c;
    struct member_plain p;
    char masked[32];
    if (id == 0) {
        cJSON_AddNullToObject(parent, name);
        return YH_OK;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, id, &c);
    if (err != YH_OK) {
        return err;
    }
    if (member_open(&r->app->cfg, &c, &p) != 0) {
        return YH_ERR_INTERNAL;
    }
    cJSON *j = cJSON_AddObjectToObject(parent, name);
    json_add_id(j, "member_id", c.id);
    cJSON_AddStringToObject(j, "name", c.name);
    if (!p.phone[0]) {
        cJSON_AddNullToObject(j, "phone");
    } else if (full) {
        cJSON_AddStringToObject(j, "phone", p.phone);
        *shown = c.id;
    } else {
        mask_phone(p.phone, masked, sizeof(masked));
        cJSON_AddStringToObject(j, "phone", masked);
    }
    return YH_OK;
}

/* GET /v1/members/{id}/service-card: the member's branch, secretary and liaison. Full
 * phones go to the member the card belongs to (its token's member claim) and, with
 * ?reveal=true, to pii:read; everyone else sees them masked. Besides the card's own
 * audit row, a member.phone_shown row names each contact whose full phone was shown. */
void members_service_card(struct req *r)
{
    struct member m;
    int64_t id = 0, secretary = 0, shown[2] = {0, 0};
    bool ok = true;
    bool reveal = reveal_requested(r, &ok);
    if (!ok || !member_of_path_or_reply(r, &id, &m)) {
        return;
    }
    bool full = reveal || (r->claims.member_id != 0 && r->claims.member_id == id);
    enum yh_err err = m.branch_id ? branches_db_secretary(r->db, m.branch_id, &secretary) : YH_OK;
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "member_id", m.id);
    cJSON_AddStringToObject(j, "member_name", m.name);
    if (m.branch_id) {
        cJSON *b = cJSON_AddObjectToObject(j, "branch");
        json_add_id(b, "id", m.branch_id);
        cJSON_AddStringToObject(b, "name", m.branch_name);
    } else {
        cJSON_AddNullToObject(j, "branch");
    }
    if (err == YH_OK) {
        err = contact_json(r, secretary, full, j, "secretary", &shown[0]);
    }
    if (err == YH_OK) {
        err = contact_json(r, m.liaison_id, full, j, "liaison", &shown[1]);
    }
    cJSON_AddStringToObject(j, "pii", full ? "full" : "masked");
    /* the card read, searchable by its member; then one row per contact whose full phone
     * went out, searchable by that contact (same request id) */
    if (err == YH_OK) {
        err = db_begin(r->db);
        if (err == YH_OK) {
            err = req_audit(r, "member.service_card", "member", id);
        }
        for (int i = 0; i < 2 && err == YH_OK; i++) {
            if (shown[i] != 0 && (i == 0 || shown[1] != shown[0])) {
                err = req_audit(r, "member.phone_shown", "member", shown[i]);
            }
        }
        err = db_finish(r->db, err);
    }
    if (err != YH_OK) {
        cJSON_Delete(j);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}
