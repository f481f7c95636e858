/* /v1/talent-groups: lecturer teams, advisory and jury panels built from admitted
 * talents. */
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/reach.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"
#include "yinhui/volunteer_req.h"

#include "talents_http.h"

/* A group as a client writes it. */
struct group_in {
    char name[401], kind[12], field[401];
};
static const char *const kinds[] = {"lecturers", "advisory", "jurors", "other", NULL};
static const struct field group_fields[] = {
    FIELD_TEXT("name", struct group_in, name, 100, FF_REQUIRED),
    FIELD_ENUM("kind", struct group_in, kind, kinds, FF_REQUIRED),
    FIELD_TEXT("field", struct group_in, field, 100, FF_NULLABLE),
};

/* A member's role as a client writes it. */
struct member_in {
    char role[8];
};
static const char *const roles[] = {"head", "deputy", "member", NULL};
static const struct field member_fields[] = {
    FIELD_ENUM("role", struct member_in, role, roles, 0),
};

/* GET /v1/talent-groups — the office's groups with their member counts. */
void tgroups_list(struct req *r)
{
    struct db_rows rows;
    vol_reply_items(r, tgroups_db_list(r->db, r->claims.office, &rows), &rows, &tgroup_view);
}

/* Replies status with group id of the caller's office, its members in place of the count. */
static void reply_group(struct req *r, int status, int64_t id)
{
    struct db_rows g, m;
    enum yh_err err = tgroups_db_get(r->db, r->claims.office, id, &g);
    if (err != YH_OK) {
        reply_error(r, err, "group");
        return;
    }
    err = tgroups_db_members(r->db, r->claims.office, id, &m);
    if (err != YH_OK) {
        db_rows_free(&g);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = view_row(&g, 0, &tgroup_view);
    cJSON_ReplaceItemInObjectCaseSensitive(j, "members", view_rows(&m, m.nrows, &tgroup_member_view));
    db_rows_free(&g);
    db_rows_free(&m);
    reply_json_take(r, status, j);
}

/* GET /v1/talent-groups/{id} */
void tgroups_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_group(r, 200, id);
    }
}

/* POST /v1/talent-groups — 409 when the name is taken. */
void tgroups_create(struct req *r)
{
    struct group_in g = {0};
    int64_t id = 0;
    if (!body_read_or_reply(r, group_fields, ARRAY_LEN(group_fields), &g, true, NULL)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = tgroups_db_insert(r->db, r->claims.office, g.name, g.kind, g.field, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_group.create", "talent_group", id);
    }
    if (commit_or_reply_conflict(r, err, "group", "a group with this name exists")) {
        reply_group(r, 201, id);
    }
}

/* The group {id} and talent {tid} of the path, both of the caller's office, into *id,
 * *tid and *t. False when it has replied (400 for a bad tid, 404). */
static bool member_of_path_or_reply(struct req *r, int64_t *id, int64_t *tid, struct talent *t)
{
    struct db_rows g;
    if (!id_parse(path_param(&r->pp, "tid"), tid)) {
        struct verrs e = {0};
        verr_add(&e, "tid", "must be a positive integer");
        reply_problem(r, YH_ERR_BAD_REQUEST, "tid must be a positive integer", &e);
        return false;
    }
    enum yh_err err = tgroups_db_get(r->db, r->claims.office, *id, &g);
    if (err == YH_OK) {
        db_rows_free(&g);
        err = talents_db_get(r->db, r->claims.office, *tid, t);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such group or talent" : NULL, NULL);
        return false;
    }
    return true;
}

/* Sets (role non-NULL) or removes talent tid in group id and ends the request: the
 * group (200) after a PUT, 204 after a DELETE. */
static void member_write(struct req *r, int64_t id, int64_t tid, const char *role)
{
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = role ? tgroups_db_set_member(r->db, r->claims.office, id, tid, role)
                   : tgroups_db_remove_member(r->db, r->claims.office, id, tid);
    }
    if (err == YH_OK) {
        err =
            req_audit(r, role ? "talent_group.member_set" : "talent_group.member_remove", "talent_group", id);
    }
    if (!talents_commit_or_reply(r, err, "group", YH_ERR_NOT_FOUND, "the talent is not in this group")) {
        return;
    }
    if (role) {
        reply_group(r, 200, id);
    } else {
        reply_empty(r, 204);
    }
}

/* PUT /v1/talent-groups/{id}/members/{tid} — adds an admitted talent, or sets its role. */
void tgroups_member_put(struct req *r)
{
    struct member_in m = {"member"};
    struct talent t;
    int64_t id = 0, tid = 0;
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, member_fields, ARRAY_LEN(member_fields)) ||
        !member_of_path_or_reply(r, &id, &tid, &t) ||
        !body_read_or_reply(r, member_fields, ARRAY_LEN(member_fields), &m, false, NULL)) {
        return;
    }
    if (strcmp(t.status, "admitted") != 0) {
        struct verrs e = {0};
        verr_add(&e, "tid", "groups are built from admitted talents");
        verrs_ok_or_reply(r, &e);
        return;
    }
    member_write(r, id, tid, m.role);
}

/* DELETE /v1/talent-groups/{id}/members/{tid} */
void tgroups_member_delete(struct req *r)
{
    struct talent t;
    int64_t id = 0, tid = 0;
    if (id_param_or_reply(r, &id) && member_of_path_or_reply(r, &id, &tid, &t)) {
        member_write(r, id, tid, NULL);
    }
}
