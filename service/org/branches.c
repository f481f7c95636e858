/* /v1/branches: party organisations of an office, one by one, and their rosters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/branch_json.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/members_db.h"
#include "yinhui/org.h"
#include "yinhui/org_body.h"
#include "yinhui/org_rules.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/relocation.h"

static const char *const levels[] = {"committee", "general_branch", "branch", NULL};
static const char *const natures[] = {"regular", "functional", "temporary", NULL};
static const char *const host_types[] = {
    "work_unit", "community", "retirement_home", "university_class", "activity_team", "association", NULL};
static const char *const demo_levels[] = {"county", "prefecture", "province", NULL};
static const char *const seat_roles[] = {
    "secretary", "deputy_secretary", "organisation", "propaganda", "discipline", "committee_member", NULL};

#define COMMITTEE_MAX 15

/* Reads the branch with its committee and builds the full JSON (caller owns). */
static enum yh_err branch_full_json(struct req *r, int64_t id, cJSON **out)
{
    struct branch b;
    struct committee_seat *seats = NULL;
    size_t n = 0;
    enum yh_err err = branches_db_get(r->db, r->claims.office, id, &b);
    if (err == YH_OK) {
        err = branches_db_committee(r->db, r->claims.office, id, &seats, &n);
    }
    if (err == YH_OK) {
        *out = branch_json(&b, seats, n, true);
    }
    free(seats);
    return err;
}

/* Reads demonstration ({level, year} or null) into b; errors named
 * "demonstration.<field>" go to v. */
static void demonstration_take(struct req *r, struct branch *b, struct verrs *v)
{
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(r->json, "demonstration");
    int64_t year = 0;
    if (d == NULL) {
        return;
    }
    if (cJSON_IsNull(d)) {
        b->demo_level[0] = '\0';
        b->demo_year = 0;
        return;
    }
    if (!cJSON_IsObject(d)) {
        verr_add(v, "demonstration", "must be an object {level, year} or null");
        return;
    }
    static const char *const fields[] = {"level", "year", NULL};
    struct verrs inner = {0};
    json_check_fields(d, fields, &inner);
    json_take_enum(d, "level", false, demo_levels, b->demo_level, sizeof(b->demo_level), &inner);
    json_get_int(d, "year", true, 1990, 2100, &year, NULL, &inner);
    if (!b->demo_level[0] && inner.n == 0) {
        verr_add(&inner, "level", "is required");
    }
    for (int i = 0; i < inner.n; i++) {
        char f[64];
        snprintf(f, sizeof(f), "demonstration.%s", inner.e[i].field);
        verr_add(v, f, inner.e[i].message);
    }
    b->demo_year = year;
}

/* Parses committee into seats (up to COMMITTEE_MAX). Returns the count, -1 when absent. */
static int committee_take(struct req *r, struct committee_seat *seats, struct verrs *v)
{
    static const char *const fields[] = {"member_id", "role", NULL};
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(r->json, "committee");
    const cJSON *it = NULL;
    int n = 0, secretaries = 0;
    if (c == NULL) {
        return -1;
    }
    if (!cJSON_IsArray(c) || cJSON_GetArraySize(c) > COMMITTEE_MAX) {
        verr_add(v, "committee", "must be an array of at most 15 {member_id, role}");
        return 0;
    }
    cJSON_ArrayForEach(it, c)
    {
        struct verrs inner = {0};
        struct committee_seat *s = &seats[n];
        char f[64];
        memset(s, 0, sizeof(*s));
        if (!cJSON_IsObject(it)) {
            verr_add(&inner, "", "must be an object {member_id, role}");
        } else {
            json_check_fields(it, fields, &inner);
            json_take_id(it, "member_id", false, &s->member_id, &inner);
            json_take_enum(it, "role", false, seat_roles, s->role, sizeof(s->role), &inner);
            if (inner.n == 0 && (s->member_id == 0 || !s->role[0])) {
                verr_add(&inner, s->member_id == 0 ? "member_id" : "role", "is required");
            }
        }
        for (int k = 0; k < n && inner.n == 0; k++) {
            if (seats[k].member_id == s->member_id) {
                verr_add(&inner, "member_id", "appears twice in the committee");
            }
        }
        secretaries += strcmp(s->role, "secretary") == 0;
        for (int i = 0; i < inner.n; i++) {
            snprintf(f, sizeof(f), "committee[%d]%s%s", n, inner.e[i].field[0] ? "." : "", inner.e[i].field);
            verr_add(v, f, inner.e[i].message);
        }
        n++;
    }
    if (secretaries > 1) {
        verr_add(v, "committee", "may have one secretary only");
    }
    return n;
}

/* Checks committee members exist, are active in this office and are formal members
 * (an open primary membership) of this branch: a seat shows its holder's phone on the
 * service cards of the branch's members, so no one can be seated from elsewhere. */
static enum yh_err committee_check(struct req *r, int64_t branch_id, const struct committee_seat *seats,
                                   int n, struct verrs *v)
{
    for (int i = 0; i < n; i++) {
        struct member m;
        char f[64];
        bool formal = false;
        snprintf(f, sizeof(f), "committee[%d].member_id", i);
        enum yh_err err = members_db_get(r->db, r->claims.office, seats[i].member_id, &m);
        if (err == YH_ERR_NOT_FOUND || (err == YH_OK && strcmp(m.status, "active") != 0)) {
            verr_add(v, f, "is not an active member of this office");
            continue;
        }
        if (err == YH_OK && branch_id != 0) {
            err = memberships_db_is_primary(r->db, r->claims.office, seats[i].member_id, branch_id, &formal);
        }
        if (err != YH_OK) {
            return err;
        }
        if (!formal) {
            verr_add(v, f, "is not a formal member (primary membership) of this branch");
        }
    }
    return YH_OK;
}

/* Parent rules: in this office, open, of a higher level, not the branch itself or
 * below it (with strictly falling levels a cycle cannot form, but say so plainly). */
static enum yh_err parent_check(struct req *r, const struct branch *b, struct verrs *v)
{
    struct branch p;
    enum yh_err err;
    if (b->parent_id == 0) {
        return YH_OK;
    }
    if (b->parent_id == b->id) {
        verr_add(v, "parent_id", "a branch cannot be its own parent");
        return YH_OK;
    }
    err = branches_db_get(r->db, r->claims.office, b->parent_id, &p);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, "parent_id", "no such branch in this office");
        return YH_OK;
    }
    if (err != YH_OK) {
        return err;
    }
    for (int64_t up = p.parent_id, depth = 0; up != 0 && depth < 16; depth++) {
        struct branch a;
        if (up == b->id) {
            verr_add(v, "parent_id", "would make a cycle in the organisation tree");
            return YH_OK;
        }
        if (branches_db_get(r->db, r->claims.office, up, &a) != YH_OK) {
            break;
        }
        up = a.parent_id;
    }
    if (p.dissolved_on[0]) {
        verr_add(v, "parent_id", "the parent organisation is dissolved");
    } else if (branch_level_rank(p.level) <= branch_level_rank(b->level)) {
        verr_add(v, "parent_id",
                 "the parent must be of a higher level (committee > general_branch > branch)");
    }
    return YH_OK;
}

/* The body of POST /v1/branches and PATCH /v1/branches/{id}, read into struct branch;
 * demonstration and committee are objects that demonstration_take and committee_take
 * read. */
static const struct field branch_fields[] = {
    FIELD_TEXT("name", struct branch, name, 100, FF_REQUIRED),
    FIELD_ENUM("level", struct branch, level, levels, FF_REQUIRED),
    FIELD_ENUM("nature", struct branch, nature, natures, FF_REQUIRED),
    FIELD_ENUM("host_type", struct branch, host_type, host_types, FF_REQUIRED),
    FIELD_TEXT("host_name", struct branch, host_name, 100, FF_NULLABLE),
    FIELD_ID("parent_id", struct branch, parent_id, FF_NULLABLE),
    FIELD_DATE("founded_on", struct branch, founded_on, FF_NULLABLE),
    FIELD_TEXT("address", struct branch, address, 200, FF_NULLABLE),
    FIELD_TEXT("location_code", struct branch, location_code, 6, FF_NULLABLE), /* h2 */
    FIELD_OTHER("demonstration", 0),
    FIELD_OTHER("committee", 0),
};

/* The checks that read other rows: parent, committee seats, and (for a stored branch)
 * a level above its sub-organisations. Adds to v; returns a db error. */
static enum yh_err branch_links_check(struct req *r, const struct branch *b,
                                      const struct committee_seat *seats, int nseats, struct verrs *v)
{
    int child_rank = 0;
    enum yh_err err = parent_check(r, b, v);
    if (err == YH_OK && v->n == 0 && nseats > 0) {
        err = committee_check(r, b->id, seats, nseats, v);
    }
    if (err == YH_OK && v->n == 0 && b->id != 0) {
        err = branches_db_max_child_rank(r->db, r->claims.office, b->id, &child_rank);
        if (err == YH_OK && child_rank >= branch_level_rank(b->level)) {
            verr_add(v, "level", "must stay higher than the level of its sub-organisations");
        }
    }
    return err;
}

/* Applies the body to b (create: empty, patch: stored) and validates the result.
 * Returns false when it has replied. *nseats is -1 when committee was not given. */
static bool branch_take_or_reply(struct req *r, struct branch *b, struct committee_seat *seats, int *nseats)
{
    struct verrs v = {0};
    enum yh_err err = YH_OK;
    if (!org_body_read_or_reply(r, branch_fields, ARRAY_LEN(branch_fields), b, b->id == 0, &v)) {
        return false;
    }
    demonstration_take(r, b, &v);
    if (b->location_code[0] && relocation_code_refusal(b->location_code) != NULL) {
        verr_add(&v, "location_code", relocation_code_refusal(b->location_code));
    }
    *nseats = committee_take(r, seats, &v);
    if (v.n == 0) {
        err = branch_links_check(r, b, seats, *nseats, &v);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, &v);
}

/* Ends a branch write begun with db_begin (err: its outcome so far): reads the branch
 * back in the same unit of work, commits and replies with it, 201 with Location when
 * created. */
static void branch_write_reply(struct req *r, enum yh_err err, int64_t id, bool created)
{
    cJSON *body = NULL;
    if (err == YH_OK) {
        err = branch_full_json(r, id, &body);
    }
    if (!commit_or_reply(r, err, "branch")) {
        cJSON_Delete(body);
        return;
    }
    if (created) {
        reply_created_take(r, "/v1/branches", id, body);
    } else {
        reply_json_take(r, 200, body);
    }
}

/* POST /v1/branches: 201 with the new branch and its committee. */
void branches_create(struct req *r)
{
    struct branch b = {0};
    struct committee_seat seats[COMMITTEE_MAX];
    int nseats = -1;
    int64_t id = 0;

    if (!body_known_or_reply(r, branch_fields, ARRAY_LEN(branch_fields)) ||
        !branch_take_or_reply(r, &b, seats, &nseats)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = branches_db_insert(r->db, r->claims.office, &b, &id);
    }
    if (err == YH_OK && nseats > 0) {
        err = branches_db_set_committee(r->db, id, seats, (size_t)nseats);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.create", "branch", id);
    }
    branch_write_reply(r, err, id, true);
}

/* Office staff set where a branch stands; its secretary edits the rest. False when it
 * has replied 403. */
static bool branch_staff_fields_or_reply(struct req *r)
{
    if (req_is_secretary(r) && (cJSON_GetObjectItemCaseSensitive(r->json, "parent_id") ||
                                cJSON_GetObjectItemCaseSensitive(r->json, "level") ||
                                cJSON_GetObjectItemCaseSensitive(r->json, "demonstration"))) {
        reply_problem(r, YH_ERR_FORBIDDEN, "level, parent and demonstration status are set by office staff",
                      NULL);
        return false;
    }
    return true;
}

/* Locks branch b (patched to a new nature) and reads its formal members again: CONFLICT
 * with the reason in why when they would lose their 组织关系. Inside the caller's unit
 * of work. */
static enum yh_err nature_change_check(struct req *r, const struct branch *b, char *why, size_t len)
{
    struct branch now;
    enum yh_err err = branches_db_lock(r->db, r->claims.office, b->id);
    if (err == YH_OK) {
        err = branches_db_get(r->db, r->claims.office, b->id, &now);
    }
    if (err == YH_OK && !branch_nature_change_allowed(&now, b->nature, why, len)) {
        err = YH_ERR_CONFLICT;
    }
    return err;
}

/* PATCH /v1/branches/{id} (If-Match): merge-patch of the stored branch; a committee
 * given replaces the seats. */
void branches_patch(struct req *r)
{
    struct branch b;
    struct committee_seat seats[COMMITTEE_MAX];
    int nseats = -1;
    int64_t id = 0, version = 0;
    enum yh_err err;

    if (!id_param_or_reply(r, &id) || !branch_reachable_or_reply(r, id) ||
        !body_known_or_reply(r, branch_fields, ARRAY_LEN(branch_fields)) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    err = branches_db_get(r->db, r->claims.office, id, &b);
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return;
    }
    char was[sizeof(b.nature)], why[300] = "";
    memcpy(was, b.nature, sizeof(was));
    if (!branch_staff_fields_or_reply(r) || !branch_take_or_reply(r, &b, seats, &nseats)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK && strcmp(was, b.nature) != 0) {
        err = nature_change_check(r, &b, why, sizeof(why));
    }
    if (err == YH_OK) {
        err = branches_db_update(r->db, r->claims.office, &b, version);
    }
    if (err == YH_OK && nseats >= 0) {
        err = branches_db_set_committee(r->db, id, seats, (size_t)nseats);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.update", "branch", id);
    }
    if (why[0]) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, why, NULL);
        return;
    }
    branch_write_reply(r, err, id, false);
}

/* The body of POST /v1/branches/{id}/dissolve. */
struct dissolve_body {
    char on[11]; /* "": today */
};
static const struct field dissolve_fields[] = {
    FIELD_DATE("dissolved_on", struct dissolve_body, on, 0),
};

/* Locks branch id and decides whether it may be dissolved: CONFLICT with the reason in
 * msg when not, NOT_FOUND, or a db error. Inside the caller's unit of work. */
static enum yh_err dissolve_check(struct req *r, int64_t id, char *msg, size_t len)
{
    struct branch b;
    int64_t children = 0;
    enum yh_err err = branches_db_lock(r->db, r->claims.office, id);
    if (err == YH_OK) {
        err = branches_db_get(r->db, r->claims.office, id, &b);
    }
    if (err == YH_OK) {
        err = branches_db_count_children(r->db, r->claims.office, id, &children);
    }
    if (err == YH_OK && !branch_may_dissolve(&b, children, msg, len)) {
        err = YH_ERR_CONFLICT;
    }
    return err;
}

/* POST /v1/branches/{id}/dissolve (If-Match): dissolves an empty branch (409 with the
 * reason otherwise) and ends its participating memberships. */
void branches_dissolve(struct req *r)
{
    struct dissolve_body body = {""};
    int64_t id = 0, version = 0;
    char msg[160];

    if (!id_param_or_reply(r, &id) ||
        !body_known_or_reply(r, dissolve_fields, ARRAY_LEN(dissolve_fields)) ||
        !req_if_match_or_reply(r, &version) ||
        !body_read_or_reply(r, dissolve_fields, ARRAY_LEN(dissolve_fields), &body, false, NULL)) {
        return;
    }
    if (!body.on[0]) {
        today_cn(body.on);
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = dissolve_check(r, id, msg, sizeof(msg));
    }
    if (err == YH_ERR_CONFLICT) {
        db_rollback(r->db);
        reply_problem(r, err, msg, NULL);
        return;
    }
    if (err == YH_OK) {
        err = branches_db_dissolve(r->db, r->claims.office, id, body.on, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.dissolve", "branch", id);
    }
    branch_write_reply(r, err, id, false);
}

/* GET /v1/branches/{id}: the branch with its committee (cached per office). */
void branches_get(struct req *r)
{
    struct cache_stamp stamp;
    bool have_stamp = false;
    char key[32];
    int64_t id = 0;
    cJSON *body = NULL;

    if (!id_param_or_reply(r, &id) || !branch_reachable_or_reply(r, id)) {
        return;
    }
    snprintf(key, sizeof(key), "b:%lld", (long long)id);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = branch_full_json(r, id, &body);
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* Builds the list filter from the query; false when it has replied 400. */
static bool branch_filter_or_reply(struct req *r, struct branch_filter *f)
{
    static const char *const states[] = {"active", "dissolved", "all", NULL};
    static const char *const located[] = {"elsewhere", "here", NULL};
    if (!query_enum_or_reply(r, "level", levels, &f->level) ||
        !query_enum_or_reply(r, "nature", natures, &f->nature) ||
        !query_enum_or_reply(r, "host_type", host_types, &f->host_type) ||
        !query_enum_or_reply(r, "demonstration", demo_levels, &f->demo_level) ||
        !query_enum_or_reply(r, "state", states, &f->state) ||
        !query_enum_or_reply(r, "located", located, &f->located) ||
        !query_id_or_reply(r, "parent", &f->parent_id)) {
        return false;
    }
    f->name_contains = query_get(&r->q, "name");
    f->only_id = req_is_secretary(r) ? r->claims.branch_id : 0;
    return true;
}

/* The page of the first limit of the n rows fetched (limit + 1 at most), with a
 * cursor when there were more. */
static cJSON *branch_page(struct req *r, const struct branch *rows, size_t n, int limit)
{
    char last[24];
    cJSON *items = cJSON_CreateArray();
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, branch_json(&rows[i], NULL, 0, false));
    }
    snprintf(last, sizeof(last), "%lld", shown ? (long long)rows[shown - 1].id : 0LL);
    return page_body(r, "branches", items, n > shown ? last : NULL);
}

/* GET /v1/branches: a page of the office's branches by the query's filters (a
 * secretary sees its own branch only). */
void branches_list(struct req *r)
{
    struct branch_filter f = {0};
    struct branch *rows = NULL;
    size_t n = 0;
    char after[24];

    if (!page_params_or_reply(r, "branches", &f.limit, after, sizeof(after)) ||
        !branch_filter_or_reply(r, &f)) {
        return;
    }
    f.after_id = after[0] ? strtoll(after, NULL, 10) : 0;
    enum yh_err err = branches_db_list(r->db, r->claims.office, &f, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, branch_page(r, rows, n, f.limit));
    free(rows);
}

/* GET /v1/branches/{id}/members: a page of the branch's open memberships of both kinds. */
void branches_roster(struct req *r)
{
    struct branch b;
    struct db_rows rows;
    int64_t id = 0;
    int limit = 0;
    char after[24];

    if (!id_param_or_reply(r, &id) || !branch_reachable_or_reply(r, id) ||
        !page_params_or_reply(r, "roster", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = branches_db_get(r->db, r->claims.office, id, &b);
    if (err == YH_OK) {
        err = memberships_db_roster(r->db, r->claims.office, id, after[0] ? strtoll(after, NULL, 10) : 0,
                                    limit, &rows);
    }
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return;
    }
    reply_json_take(r, 200, page_of_view(r, "roster", &rows, limit, &memberships_roster_view));
}
