/* /v1/branches: party organisations of an office, their tree, roster and coverage. */
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
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/terms_db.h"

static const char *const levels[] = {"committee", "general_branch", "branch", NULL};
static const char *const natures[] = {"regular", "functional", "temporary", NULL};
static const char *const host_types[] = {"work_unit", "community", "retirement_home", "university_class",
                                         "activity_team", "association", NULL};
static const char *const demo_levels[] = {"county", "prefecture", "province", NULL};
static const char *const seat_roles[] = {"secretary", "deputy_secretary", "organisation", "propaganda",
                                         "discipline", "committee_member", NULL};

#define COMMITTEE_MAX 15

/* Size advice from practice: warnings, never errors. */
static cJSON *branch_warnings(const struct branch *b)
{
    cJSON *w = cJSON_CreateArray();
    char msg[160];
    if (b->dissolved_on[0]) {
        return w;
    }
    if (strcmp(b->level, "branch") == 0 && b->primary_count < 3) {
        snprintf(msg, sizeof(msg), "a branch needs at least 3 formal members; it has %lld",
                 (long long)b->primary_count);
        cJSON_AddItemToArray(w, cJSON_CreateString(msg));
    }
    if (strcmp(b->level, "branch") == 0 && b->primary_count >= 50) {
        snprintf(msg, sizeof(msg), "%lld formal members: 50 or more suggests a general branch",
                 (long long)b->primary_count);
        cJSON_AddItemToArray(w, cJSON_CreateString(msg));
    }
    return w;
}

static cJSON *branch_json(const struct branch *b, const struct committee_seat *seats, size_t nseats,
                          bool with_committee)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", b->id);
    cJSON_AddStringToObject(j, "office", b->office);
    cJSON_AddStringToObject(j, "name", b->name);
    cJSON_AddStringToObject(j, "level", b->level);
    cJSON_AddStringToObject(j, "nature", b->nature);
    cJSON_AddStringToObject(j, "host_type", b->host_type);
    json_add_opt(j, "host_name", b->host_name);
    json_add_id(j, "parent_id", b->parent_id);
    json_add_opt(j, "founded_on", b->founded_on);
    json_add_opt(j, "dissolved_on", b->dissolved_on);
    json_add_opt(j, "address", b->address);
    if (b->demo_level[0]) {
        cJSON *d = cJSON_AddObjectToObject(j, "demonstration");
        cJSON_AddStringToObject(d, "level", b->demo_level);
        cJSON_AddNumberToObject(d, "year", (double)b->demo_year);
    } else {
        cJSON_AddNullToObject(j, "demonstration");
    }
    cJSON *counts = cJSON_AddObjectToObject(j, "member_count");
    cJSON_AddNumberToObject(counts, "primary", (double)b->primary_count);
    cJSON_AddNumberToObject(counts, "participating", (double)b->participants);
    if (with_committee) {
        cJSON *c = cJSON_AddArrayToObject(j, "committee");
        cJSON_AddNullToObject(j, "secretary");
        for (size_t i = 0; i < nseats; i++) {
            cJSON *s = cJSON_CreateObject();
            json_add_id(s, "member_id", seats[i].member_id);
            cJSON_AddStringToObject(s, "name", seats[i].name);
            cJSON_AddStringToObject(s, "role", seats[i].role);
            cJSON_AddItemToArray(c, s);
            if (strcmp(seats[i].role, "secretary") == 0) {
                cJSON *sec = cJSON_CreateObject();
                json_add_id(sec, "member_id", seats[i].member_id);
                cJSON_AddStringToObject(sec, "name", seats[i].name);
                cJSON_ReplaceItemInObjectCaseSensitive(j, "secretary", sec);
            }
        }
    }
    cJSON_AddItemToObject(j, "warnings", branch_warnings(b));
    cJSON_AddNumberToObject(j, "version", (double)b->version);
    cJSON_AddStringToObject(j, "created_at", b->created_at);
    cJSON_AddStringToObject(j, "updated_at", b->updated_at);
    return j;
}

/* Reads the branch with its committee and builds the full JSON (caller owns). */
static enum yh_err branch_full_json(struct req *r, int64_t id, cJSON **out)
{
    struct branch b;
    struct committee_seat *seats = NULL;
    size_t n = 0;
    enum yh_err err = branches_db_get(r->db, r->claims.office, id, &b);
    if (err == YH_OK) {
        err = branches_db_committee(r->db, id, &seats, &n);
    }
    if (err == YH_OK) {
        *out = branch_json(&b, seats, n, true);
    }
    free(seats);
    return err;
}

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
            err = terms_db_formal_member(r->db, branch_id, seats[i].member_id, &formal);
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
        verr_add(v, "parent_id", "the parent must be of a higher level (committee > general_branch > branch)");
    }
    return YH_OK;
}

static const char *const branch_fields[] = {"name", "level", "nature", "host_type", "host_name", "parent_id",
                                            "founded_on", "address", "demonstration", "committee", NULL};

/* Applies the body to b (create: empty, patch: stored) and validates the result.
 * Returns false when it has replied. *nseats is -1 when committee was not given. */
static bool branch_take_or_reply(struct req *r, struct branch *b, struct committee_seat *seats, int *nseats)
{
    struct verrs v = {0};
    enum yh_err err = YH_OK;
    json_take_text(r->json, "name", false, 100, b->name, sizeof(b->name), &v);
    json_take_enum(r->json, "level", false, levels, b->level, sizeof(b->level), &v);
    json_take_enum(r->json, "nature", false, natures, b->nature, sizeof(b->nature), &v);
    json_take_enum(r->json, "host_type", false, host_types, b->host_type, sizeof(b->host_type), &v);
    json_take_text(r->json, "host_name", true, 100, b->host_name, sizeof(b->host_name), &v);
    json_take_id(r->json, "parent_id", true, &b->parent_id, &v);
    json_take_date(r->json, "founded_on", true, b->founded_on, &v);
    json_take_text(r->json, "address", true, 200, b->address, sizeof(b->address), &v);
    demonstration_take(r, b, &v);
    *nseats = committee_take(r, seats, &v);
    const char *required[] = {b->name, b->level, b->nature, b->host_type};
    const char *names[] = {"name", "level", "nature", "host_type"};
    for (int i = 0; i < 4; i++) {
        if (!required[i][0] && cJSON_GetObjectItemCaseSensitive(r->json, names[i]) == NULL) {
            verr_add(&v, names[i], "is required");
        }
    }
    if (v.n == 0) {
        err = parent_check(r, b, &v);
    }
    if (err == YH_OK && v.n == 0 && *nseats > 0) {
        err = committee_check(r, b->id, seats, *nseats, &v);
    }
    if (err == YH_OK && v.n == 0 && b->id != 0) {
        int child_rank = 0;
        err = branches_db_max_child_rank(r->db, r->claims.office, b->id, &child_rank);
        if (err == YH_OK && child_rank >= branch_level_rank(b->level)) {
            verr_add(&v, "level", "must stay higher than the level of its sub-organisations");
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, &v);
}

/* Commits (or rolls back on err) and replies with the branch. */
static void finish_write(struct req *r, enum yh_err err, int64_t id, int status)
{
    cJSON *body = NULL;
    if (err == YH_OK) {
        err = branch_full_json(r, id, &body);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        cJSON_Delete(body);
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the branch changed since you read it" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    if (status == 201) {
        char loc[48];
        snprintf(loc, sizeof(loc), "/v1/branches/%lld", (long long)id);
        reply_header(r, "Location", loc);
    }
    reply_json_take(r, status, body);
}

void branches_create(struct req *r)
{
    struct branch b;
    struct committee_seat seats[COMMITTEE_MAX];
    int nseats = -1;
    int64_t id = 0;
    enum yh_err err;

    memset(&b, 0, sizeof(b));
    if (!req_fields_or_reply(r, branch_fields) || !branch_take_or_reply(r, &b, seats, &nseats)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = branches_db_insert(r->db, r->claims.office, &b, &id);
    }
    if (err == YH_OK && nseats > 0) {
        err = branches_db_set_committee(r->db, id, seats, (size_t)nseats);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.create", "branch", id);
    }
    finish_write(r, err, id, 201);
}

void branches_patch(struct req *r)
{
    struct branch b;
    struct committee_seat seats[COMMITTEE_MAX];
    int nseats = -1;
    int64_t id = 0, version = 0;
    enum yh_err err;

    if (!id_param_or_reply(r, &id) || !branch_reachable_or_reply(r, id) ||
        !req_fields_or_reply(r, branch_fields) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    err = branches_db_get(r->db, r->claims.office, id, &b);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such branch" : NULL, NULL);
        return;
    }
    if (req_is_secretary(r) && (cJSON_GetObjectItemCaseSensitive(r->json, "parent_id") ||
                                cJSON_GetObjectItemCaseSensitive(r->json, "level") ||
                                cJSON_GetObjectItemCaseSensitive(r->json, "demonstration"))) {
        reply_problem(r, YH_ERR_FORBIDDEN, "level, parent and demonstration status are set by office staff", NULL);
        return;
    }
    if (!branch_take_or_reply(r, &b, seats, &nseats)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = branches_db_update(r->db, r->claims.office, &b, version);
    }
    if (err == YH_OK && nseats >= 0) {
        err = branches_db_set_committee(r->db, id, seats, (size_t)nseats);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.update", "branch", id);
    }
    finish_write(r, err, id, 200);
}

static const char *const dissolve_fields[] = {"dissolved_on", NULL};

void branches_dissolve(struct req *r)
{
    struct branch b;
    char on[11] = "";
    int64_t id = 0, version = 0, children = 0;
    struct verrs v = {0};
    char msg[160];
    enum yh_err err;

    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, dissolve_fields) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    json_take_date(r->json, "dissolved_on", false, on, &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    if (!on[0]) {
        today_cn(on);
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = branches_db_lock(r->db, r->claims.office, id);
    }
    if (err == YH_OK) {
        err = branches_db_get(r->db, r->claims.office, id, &b);
    }
    if (err == YH_OK) {
        err = branches_db_count_children(r->db, r->claims.office, id, &children);
    }
    if (err == YH_OK && b.dissolved_on[0]) {
        snprintf(msg, sizeof(msg), "the branch was dissolved on %s", b.dissolved_on);
        err = YH_ERR_CONFLICT;
    } else if (err == YH_OK && b.primary_count > 0) {
        snprintf(msg, sizeof(msg), "the branch still has %lld active primary members; move them first",
                 (long long)b.primary_count);
        err = YH_ERR_CONFLICT;
    } else if (err == YH_OK && children > 0) {
        snprintf(msg, sizeof(msg), "the branch still has %lld open sub-organisations", (long long)children);
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_ERR_CONFLICT) {
        db_rollback(r->db);
        reply_problem(r, err, msg, NULL);
        return;
    }
    if (err == YH_OK) {
        err = branches_db_dissolve(r->db, r->claims.office, id, on, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.dissolve", "branch", id);
    }
    if (err == YH_ERR_NOT_FOUND) {
        db_rollback(r->db);
        reply_problem(r, err, "no such branch", NULL);
        return;
    }
    finish_write(r, err, id, 200);
}

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
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such branch" : NULL, NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

void branches_list(struct req *r)
{
    static const char *const states[] = {"active", "dissolved", "all", NULL};
    struct branch_filter f = {0};
    struct branch *rows = NULL;
    size_t n = 0;
    char after[24];
    char last[24];

    if (!page_params_or_reply(r, "branches", &f.limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "level", levels, &f.level) || !query_enum_or_reply(r, "nature", natures, &f.nature) ||
        !query_enum_or_reply(r, "host_type", host_types, &f.host_type) ||
        !query_enum_or_reply(r, "demonstration", demo_levels, &f.demo_level) ||
        !query_enum_or_reply(r, "state", states, &f.state) || !query_id_or_reply(r, "parent", &f.parent_id)) {
        return;
    }
    f.name_contains = query_get(&r->q, "name");
    f.after_id = after[0] ? strtoll(after, NULL, 10) : 0;
    f.only_id = req_is_secretary(r) ? r->claims.branch_id : 0;
    enum yh_err err = branches_db_list(r->db, r->claims.office, &f, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    size_t shown = n > (size_t)f.limit ? (size_t)f.limit : n;
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, branch_json(&rows[i], NULL, 0, false));
    }
    snprintf(last, sizeof(last), "%lld", shown ? (long long)rows[shown - 1].id : 0LL);
    reply_json_take(r, 200, page_body(r, "branches", items, n > shown ? last : NULL));
    free(rows);
}

/* Nests rows (ordered by id) under their parents. */
static cJSON *tree_json(const struct db_rows *rows)
{
    cJSON **nodes = calloc(rows->nrows ? rows->nrows : 1, sizeof(*nodes));
    cJSON *roots = cJSON_CreateArray();
    for (size_t i = 0; i < rows->nrows; i++) {
        cJSON *j = cJSON_CreateObject();
        json_add_id(j, "id", db_i64(rows, i, 0));
        cJSON_AddStringToObject(j, "name", db_str(rows, i, 2));
        cJSON_AddStringToObject(j, "level", db_str(rows, i, 3));
        cJSON_AddStringToObject(j, "nature", db_str(rows, i, 4));
        cJSON_AddStringToObject(j, "host_type", db_str(rows, i, 5));
        if (db_str(rows, i, 6)) {
            cJSON *d = cJSON_AddObjectToObject(j, "demonstration");
            cJSON_AddStringToObject(d, "level", db_str(rows, i, 6));
            cJSON_AddNumberToObject(d, "year", (double)db_i64(rows, i, 7));
        } else {
            cJSON_AddNullToObject(j, "demonstration");
        }
        cJSON_AddNumberToObject(j, "members", (double)db_i64(rows, i, 8));
        cJSON_AddBoolToObject(j, "dissolved", db_i64(rows, i, 9) != 0);
        cJSON_AddArrayToObject(j, "children");
        nodes[i] = j;
    }
    for (size_t i = 0; i < rows->nrows; i++) {
        int64_t parent = db_i64(rows, i, 1);
        cJSON *home = roots;
        for (size_t k = 0; parent != 0 && k < rows->nrows; k++) {
            if (db_i64(rows, k, 0) == parent) {
                home = cJSON_GetObjectItemCaseSensitive(nodes[k], "children");
                break;
            }
        }
        cJSON_AddItemToArray(home, nodes[i]);
    }
    free(nodes);
    return roots;
}

void branches_tree(struct req *r)
{
    const char *all = query_get(&r->q, "dissolved");
    bool with_dissolved = all != NULL && strcmp(all, "true") == 0;
    struct cache_stamp stamp;
    bool have_stamp = false;
    struct db_rows rows;

    if (all != NULL && !with_dissolved && strcmp(all, "false") != 0) {
        struct verrs e = {0};
        verr_add(&e, "dissolved", "must be true or false");
        reply_problem(r, YH_ERR_BAD_REQUEST, "dissolved must be true or false", &e);
        return;
    }
    if (req_cache_serve(r, r->claims.office, with_dissolved ? "bt:all" : "bt", &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = branches_db_tree(r->db, r->claims.office, with_dissolved, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "office", r->claims.office);
    cJSON_AddNumberToObject(body, "count", (double)rows.nrows);
    cJSON_AddItemToObject(body, "items", tree_json(&rows));
    db_rows_free(&rows);
    req_cache_reply_take(r, r->claims.office, with_dissolved ? "bt:all" : "bt", &stamp, have_stamp, body);
}

void branches_roster(struct req *r)
{
    struct branch b;
    struct db_rows rows;
    int64_t id = 0;
    int limit = 0;
    char after[24], last[24];

    if (!id_param_or_reply(r, &id) || !branch_reachable_or_reply(r, id) ||
        !page_params_or_reply(r, "roster", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = branches_db_get(r->db, r->claims.office, id, &b);
    if (err == YH_OK) {
        err = memberships_db_roster(r->db, r->claims.office, id, after[0] ? strtoll(after, NULL, 10) : 0, limit,
                                    &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such branch" : NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    size_t shown = rows.nrows > (size_t)limit ? (size_t)limit : rows.nrows;
    for (size_t i = 0; i < shown; i++) {
        cJSON *j = cJSON_CreateObject();
        json_add_id(j, "member_id", db_i64(&rows, i, 0));
        cJSON_AddStringToObject(j, "name", db_str(&rows, i, 1));
        cJSON_AddStringToObject(j, "kind", db_str(&rows, i, 2));
        cJSON_AddStringToObject(j, "since", db_str(&rows, i, 3));
        cJSON_AddStringToObject(j, "category", db_str(&rows, i, 4));
        cJSON_AddStringToObject(j, "gender", db_str(&rows, i, 6));
        cJSON_AddItemToArray(items, j);
    }
    snprintf(last, sizeof(last), "%lld", shown ? (long long)db_i64(&rows, shown - 1, 0) : 0LL);
    reply_json_take(r, 200, page_body(r, "roster", items, rows.nrows > shown ? last : NULL));
    db_rows_free(&rows);
}

static cJSON *id_name_list(const struct db_rows *rows)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < rows->nrows; i++) {
        cJSON *j = cJSON_CreateObject();
        json_add_id(j, "member_id", db_i64(rows, i, 0));
        cJSON_AddStringToObject(j, "name", db_str(rows, i, 1));
        cJSON_AddItemToArray(a, j);
    }
    return a;
}

void branches_coverage(struct req *r)
{
    const char *ms = query_get(&r->q, "months");
    long months = 6;
    struct coverage c = {0};
    struct db_rows uncovered = {0}, idle = {0};
    bool have_u = false, have_i = false;

    if (ms != NULL) {
        char *end = NULL;
        months = strtol(ms, &end, 10);
        if (end == ms || *end != '\0' || months < 1 || months > 60) {
            struct verrs e = {0};
            verr_add(&e, "months", "must be an integer from 1 to 60");
            reply_problem(r, YH_ERR_BAD_REQUEST, "months must be an integer from 1 to 60", &e);
            return;
        }
    }
    char today[11];
    today_cn(today);
    enum yh_err err = branches_db_coverage(r->db, r->claims.office, today, (int)months, &c);
    if (err == YH_OK) {
        err = branches_db_uncovered(r->db, r->claims.office, 100, &uncovered);
        have_u = err == YH_OK;
    }
    if (err == YH_OK) {
        err = branches_db_no_org_life(r->db, r->claims.office, today, (int)months, 100, &idle);
        have_i = err == YH_OK;
    }
    if (err != YH_OK) {
        if (have_u) {
            db_rows_free(&uncovered);
        }
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "active_members", (double)c.active);
    cJSON_AddNumberToObject(j, "with_primary_branch", (double)c.with_primary);
    cJSON_AddNumberToObject(j, "without_primary_branch", (double)(c.active - c.with_primary));
    cJSON_AddNumberToObject(j, "coverage_rate", c.active ? (double)c.with_primary / (double)c.active : 1.0);
    cJSON_AddItemToObject(j, "without_primary_sample", id_name_list(&uncovered));
    cJSON_AddNumberToObject(j, "months", (double)months);
    cJSON_AddNumberToObject(j, "without_org_life", (double)c.without_org_life);
    cJSON_AddItemToObject(j, "without_org_life_sample", id_name_list(&idle));
    db_rows_free(&uncovered);
    if (have_i) {
        db_rows_free(&idle);
    }
    reply_json_take(r, 200, j);
}
