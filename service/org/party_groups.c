/* Party groups (党小组): /v1/branches/{id}/groups. A regular branch may divide its formal
 * members into groups, each with a leader (组长) who is the members' first contact (the
 * 亲情服务卡 prints the leader); a member is in at most one group of their branch. The
 * group's read judges its meetings month by month (RULES.md, Party groups; 三会一课). */
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
#include "yinhui/party_groups_db.h"
#include "yinhui/reach.h"
#include "yinhui/util.h"

#define ONE_GROUP_RULE "a member is in at most one party group of their branch"

static const struct field group_fields[] = {
    FIELD_TEXT("name", struct party_group, name, 100, FF_REQUIRED),
    FIELD_ID("leader_id", struct party_group, leader_id, FF_NULLABLE),
    FIELD_DATE("formed_on", struct party_group, formed_on, 0),
};

/* The branch {id} of the path, of the caller's office and within its reach, into *bid and
 * b. False when it has replied (400, 404). */
static bool group_branch_or_reply(struct req *r, int64_t *bid, struct branch *b)
{
    if (!id_param_or_reply(r, bid) || !branch_reachable_or_reply(r, *bid)) {
        return false;
    }
    enum yh_err err = branches_db_get(r->db, r->claims.office, *bid, b);
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return false;
    }
    return true;
}

/* The branch and group {gid} of the path into *bid, b and g. False when it has replied. */
static bool group_of_path_or_reply(struct req *r, int64_t *bid, struct branch *b, struct party_group *g)
{
    int64_t gid = 0;
    if (!group_branch_or_reply(r, bid, b) || !path_id_or_reply(r, "gid", &gid)) {
        return false;
    }
    enum yh_err err = party_groups_db_get(r->db, r->claims.office, *bid, gid, g);
    if (err != YH_OK) {
        reply_error(r, err, "party group");
        return false;
    }
    return true;
}

/* Whether member_id is an active formal member of branch b; adds to v for field when not.
 * Returns a db error only. */
static enum yh_err formal_member_check(struct req *r, const struct branch *b, int64_t member_id,
                                       const char *field, struct verrs *v)
{
    struct member m;
    enum yh_err err = members_db_get(r->db, r->claims.office, member_id, &m);
    if (err == YH_ERR_NOT_FOUND ||
        (err == YH_OK && (strcmp(m.status, "active") != 0 || m.branch_id != b->id))) {
        verr_add(v, field, "must be an active member whose formal affiliation (组织关系) is this branch");
        return YH_OK;
    }
    return err;
}

/* GET /v1/branches/{id}/groups: the branch's groups with leader and member count. */
void party_groups_list(struct req *r)
{
    struct branch b;
    struct party_group *rows = NULL;
    size_t n = 0;
    int64_t bid = 0;
    if (!group_branch_or_reply(r, &bid, &b)) {
        return;
    }
    enum yh_err err = party_groups_db_list(r->db, r->claims.office, bid, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(items, party_group_json(&rows[i]));
    }
    free(rows);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}

enum yh_err party_group_year(struct db *db, const char *office, const struct party_group *g, int year,
                             struct group_month *months, int *missed)
{
    int held[12];
    char now[20], today[11];
    time_cn(now_s(), now);
    today_cn(today);
    enum yh_err err = party_groups_db_meetings(db, office, g->id, year, now, held);
    if (err == YH_OK) {
        *missed = group_meetings_judge(year, g->formed_on, today, held, months);
    }
    return err;
}

/* The judgement of group g's meetings in year as {year, rule, missed, months}. */
static enum yh_err meetings_json(struct req *r, const struct party_group *g, int year, cJSON **out)
{
    struct group_month months[12];
    int missed = 0;
    enum yh_err err = party_group_year(r->db, r->claims.office, g, year, months, &missed);
    if (err != YH_OK) {
        return err;
    }
    *out = cJSON_CreateObject();
    cJSON_AddNumberToObject(*out, "year", year);
    cJSON_AddStringToObject(*out, "rule",
                            "党小组会 generally once a month (中国共产党支部工作条例（试行）, 2018); only "
                            "meetings that took place count");
    cJSON_AddNumberToObject(*out, "missed", missed);
    cJSON *a = cJSON_AddArrayToObject(*out, "months");
    for (int m = 0; m < 12; m++) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "month", months[m].month);
        cJSON_AddNumberToObject(j, "held", months[m].held);
        cJSON_AddStringToObject(j, "state", months[m].state);
        cJSON_AddItemToArray(a, j);
    }
    return YH_OK;
}

/* Replies status with group id of branch bid: the group, its members and the judgement of
 * its meetings in year (201 with Location when created). */
static void group_reply(struct req *r, int status, int64_t bid, int64_t id, int year)
{
    struct party_group g;
    struct party_group_member *m = NULL;
    size_t n = 0;
    cJSON *meetings = NULL;
    enum yh_err err = party_groups_db_get(r->db, r->claims.office, bid, id, &g);
    if (err == YH_OK) {
        err = party_groups_db_members(r->db, r->claims.office, id, &m, &n);
    }
    if (err == YH_OK) {
        err = meetings_json(r, &g, year, &meetings);
    }
    if (err != YH_OK) {
        free(m);
        reply_error(r, err, "party group");
        return;
    }
    cJSON *j = party_group_json(&g);
    cJSON_AddItemToObject(j, "members", party_group_members_json(m, n));
    cJSON_AddItemToObject(j, "meetings", meetings);
    free(m);
    if (status == 201) {
        char coll[64];
        snprintf(coll, sizeof(coll), "/v1/branches/%lld/groups", (long long)bid);
        reply_created_take(r, coll, id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* GET /v1/branches/{id}/groups/{gid}?year=: the group with its members and its meetings
 * judged month by month in year (default: this year). */
void party_groups_get(struct req *r)
{
    struct branch b;
    struct party_group g;
    int64_t bid = 0;
    int64_t year = 0;
    if (group_of_path_or_reply(r, &bid, &b, &g) && year_or_reply(r, query_get(&r->q, "year"), &year)) {
        group_reply(r, 200, bid, g.id, (int)year);
    }
}

/* Reads the body onto g (create: empty, patch: stored) and checks it against branch b.
 * False when it has replied. */
static bool group_take_or_reply(struct req *r, const struct branch *b, bool create, struct party_group *g)
{
    struct verrs v = {0};
    char today[11];
    enum yh_err err = YH_OK;
    int64_t leader = g->leader_id;
    if (!org_body_read_or_reply(r, group_fields, ARRAY_LEN(group_fields), g, create, &v)) {
        return false;
    }
    today_cn(today);
    if (!g->formed_on[0]) {
        memcpy(g->formed_on, today, sizeof(g->formed_on));
    } else if (strcmp(g->formed_on, today) > 0) {
        verr_add(&v, "formed_on", "is in the future");
    }
    if (v.n == 0 && g->leader_id != 0 && g->leader_id != leader) {
        err = formal_member_check(r, b, g->leader_id, "leader_id", &v);
    }
    return checks_ok_or_reply(r, err, &v);
}

/* Puts member_id into group id of branch bid unless it is there already: CONFLICT (with
 * *other set) when it is in another group of the branch. Inside a unit of work. */
static enum yh_err group_join(struct req *r, int64_t bid, int64_t id, int64_t member_id, bool *other)
{
    int64_t in = 0;
    enum yh_err err = party_groups_db_group_of(r->db, r->claims.office, bid, member_id, &in);
    if (err == YH_OK && in == 0) {
        /* a concurrent join to another group meets ux_pgm_one_group: CONFLICT */
        err = party_groups_db_add_member(r->db, r->claims.office, bid, id, member_id);
    } else if (err == YH_OK && in != id) {
        err = YH_ERR_CONFLICT;
    }
    *other = err == YH_ERR_CONFLICT;
    return err;
}

/* Whether branch b may hold party groups; replies 409 when not. */
static bool groups_allowed_or_reply(struct req *r, const struct branch *b)
{
    if (b->dissolved_on[0]) {
        reply_problem(r, YH_ERR_CONFLICT, "the branch is dissolved", NULL);
        return false;
    }
    if (strcmp(b->nature, "regular") != 0) {
        reply_problem(r, YH_ERR_CONFLICT,
                      "party groups divide a branch's formal members, and " AFFILIATION_RULE, NULL);
        return false;
    }
    return true;
}

/* Ends a group write: commits, or replies 409 naming the rule that refused it. */
static bool group_commit_or_reply(struct req *r, enum yh_err err, bool other)
{
    return commit_or_reply_conflict(
        r, err, "party group",
        other ? "the member is in another party group of this branch; " ONE_GROUP_RULE
              : "the branch has a party group of this name");
}

/* POST /v1/branches/{id}/groups: 201 with the new group; its leader joins it. */
void party_groups_create(struct req *r)
{
    struct branch b;
    struct party_group g = {0};
    int64_t bid = 0, id = 0;
    bool other = false;
    if (!group_branch_or_reply(r, &bid, &b) ||
        !body_known_or_reply(r, group_fields, ARRAY_LEN(group_fields)) || !groups_allowed_or_reply(r, &b) ||
        !group_take_or_reply(r, &b, true, &g)) {
        return;
    }
    g.branch_id = bid;
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = party_groups_db_insert(r->db, r->claims.office, &g, &id);
    }
    if (err == YH_OK && g.leader_id != 0) {
        err = group_join(r, bid, id, g.leader_id, &other);
    }
    if (err == YH_OK) {
        err = req_audit(r, "party_group.create", "party_group", id);
    }
    if (group_commit_or_reply(r, err, other)) {
        group_reply(r, 201, bid, id, year_cn());
    }
}

/* PATCH /v1/branches/{id}/groups/{gid} (If-Match): name, leader (who joins the group)
 * and the day it was formed. */
void party_groups_patch(struct req *r)
{
    struct branch b;
    struct party_group g;
    int64_t bid = 0, version = 0, leader = 0;
    bool other = false;
    if (!group_of_path_or_reply(r, &bid, &b, &g) ||
        !body_known_or_reply(r, group_fields, ARRAY_LEN(group_fields)) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    leader = g.leader_id;
    if (!group_take_or_reply(r, &b, false, &g)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = party_groups_db_update(r->db, r->claims.office, &g, version);
    }
    if (err == YH_OK && g.leader_id != 0 && g.leader_id != leader) {
        err = group_join(r, bid, g.id, g.leader_id, &other);
    }
    if (err == YH_OK) {
        err = req_audit(r, "party_group.update", "party_group", g.id);
    }
    if (group_commit_or_reply(r, err, other)) {
        group_reply(r, 200, bid, g.id, year_cn());
    }
}

/* DELETE /v1/branches/{id}/groups/{gid}: 204; its members are in no group afterwards and
 * its recorded meetings stay (as the branch's 党小组会, no longer the group's). */
void party_groups_delete(struct req *r)
{
    struct branch b;
    struct party_group g;
    int64_t bid = 0;
    if (!group_of_path_or_reply(r, &bid, &b, &g)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = party_groups_db_delete(r->db, r->claims.office, bid, g.id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "party_group.delete", "party_group", g.id);
    }
    if (commit_or_reply(r, err, "party group")) {
        reply_empty(r, 204);
    }
}

/* PUT /v1/branches/{id}/groups/{gid}/members/{mid}: puts a formal member of the branch
 * into the group (200 with the group; 409 when in another group of the branch). */
void party_groups_member_put(struct req *r)
{
    struct branch b;
    struct party_group g;
    struct verrs v = {0};
    int64_t bid = 0, mid = 0;
    bool other = false;
    if (!group_of_path_or_reply(r, &bid, &b, &g) || !path_id_or_reply(r, "mid", &mid)) {
        return;
    }
    enum yh_err err = formal_member_check(r, &b, mid, "mid", &v);
    if (!checks_ok_or_reply(r, err, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = group_join(r, bid, g.id, mid, &other);
    }
    if (err == YH_OK) {
        err = req_audit(r, "party_group.member_add", "member", mid);
    }
    if (group_commit_or_reply(r, err, other)) {
        group_reply(r, 200, bid, g.id, year_cn());
    }
}

/* DELETE /v1/branches/{id}/groups/{gid}/members/{mid}: 204; the leader stays until
 * another is named (409). */
void party_groups_member_delete(struct req *r)
{
    struct branch b;
    struct party_group g;
    int64_t bid = 0, mid = 0;
    if (!group_of_path_or_reply(r, &bid, &b, &g) || !path_id_or_reply(r, "mid", &mid)) {
        return;
    }
    if (mid == g.leader_id) {
        reply_problem(r, YH_ERR_CONFLICT, "the group leader stays in the group; name another leader first",
                      NULL);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = party_groups_db_remove_member(r->db, r->claims.office, g.id, mid);
    }
    if (err == YH_OK) {
        err = req_audit(r, "party_group.member_remove", "member", mid);
    }
    if (commit_or_reply(r, err, "member of this party group")) {
        reply_empty(r, 204);
    }
}
