/* /v1/volunteer-teams: teams and their members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

static const char *const specialities[] = {"medical",     "lecturing", "culture", "civic_order", "legal",
                                           "environment", "care",      "other",   NULL};

/* Team id of office as JSON in *out (caller owns); its members (names) only for office
 * staff and the office's members. */
static enum yh_err team_json(struct req *r, int64_t id, cJSON **out)
{
    struct db_rows rows, members;
    enum yh_err err = vteams_db_get(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        return err;
    }
    *out = view_row(&rows, 0, &vteams_view);
    db_rows_free(&rows);
    if (!req_is_client(r)) {
        err = vteams_db_members(r->db, r->claims.office, id, &members);
        if (err == YH_OK) {
            cJSON_AddItemToObject(*out, "members", view_rows(&members, members.nrows, &vteam_members_view));
            db_rows_free(&members);
        }
    }
    return err;
}

/* Replies status with team id (as team_json). */
static void reply_team(struct req *r, int status, int64_t id)
{
    cJSON *j = NULL;
    enum yh_err err = team_json(r, id, &j);
    if (err != YH_OK) {
        cJSON_Delete(j);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (status == 201) {
        reply_created_take(r, "/v1/volunteer-teams", id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* GET /v1/volunteer-teams */
void vteams_list(struct req *r)
{
    struct db_rows rows;
    int limit;
    int64_t after = 0;
    if (vol_page_or_reply(r, "vteams", NULL, &limit, &after, NULL)) {
        vol_reply_page(r, vteams_db_list(r->db, r->claims.office, after, limit, &rows), "vteams", &rows,
                       limit, &vteams_view, false);
    }
}

/* GET /v1/volunteer-teams/{id} */
void vteams_get(struct req *r)
{
    int64_t id = 0;
    cJSON *j = NULL;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = team_json(r, id, &j);
    if (err != YH_OK) {
        cJSON_Delete(j);
        reply_error(r, err, "team");
        return;
    }
    reply_json_take(r, 200, j);
}

/* A team's body; name and speciality are required of a new team (checked after the
 * values, one at a time, as before the table). */
static const struct field team_fields[] = {
    FIELD_TEXT("name", struct vteam, name, 100, 0),
    FIELD_ENUM("speciality", struct vteam, speciality, specialities, 0),
    FIELD_DATE("founded_on", struct vteam, founded_on, FF_NULLABLE),
    FIELD_BOOL("active", struct vteam, active, 0),
    FIELD_ID("leader_id", struct vteam, leader_id, FF_NULLABLE),
};

/* Applies the body to t (create: defaults; patch: stored) and checks it; false when it
 * has replied 422. */
static bool team_body_or_reply(struct req *r, struct vteam *t)
{
    struct verrs v = {0};
    if (!body_read_or_reply(r, team_fields, ARRAY_LEN(team_fields), t, t->id == 0, NULL)) {
        return false;
    }
    if (!t->name[0] && v.n == 0) {
        verr_add(&v, "name", "is required");
    }
    if (!t->speciality[0] && v.n == 0) {
        verr_add(&v, "speciality", "is required");
    }
    if (v.n == 0 && t->leader_id != 0) {
        struct volunteer vol;
        if (volunteers_db_get(r->db, r->claims.office, t->leader_id, &vol) != YH_OK) {
            verr_add(&v, "leader_id", "no such volunteer in this office");
        }
    }
    return verrs_ok_or_reply(r, &v);
}

/* Stores team t (id 0: a new one, whose id it gets) at version in one unit of work;
 * false when it has replied. */
static bool team_store_or_reply(struct req *r, struct vteam *t, int64_t version)
{
    bool creating = t->id == 0;
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK && creating) {
        err = vteams_db_insert(r->db, r->claims.office, t->name, t->speciality, t->founded_on, &t->id);
        version = 1;
    }
    /* a new team gets its leader and active flag by the same update a patch runs */
    if (err == YH_OK && (!creating || t->leader_id != 0 || !t->active)) {
        err = vteams_db_update(r->db, r->claims.office, t, version);
    }
    if (err == YH_OK && t->leader_id != 0) {
        char today[11];
        today_cn(today);
        err = vteams_db_set_member(r->db, t->id, t->leader_id, "leader", today);
    }
    if (err == YH_OK) {
        err = req_audit(r, creating ? "team.create" : "team.update", "team", t->id);
    }
    return commit_or_reply_conflict(r, err, "team", "a team with this name exists in this office");
}

/* POST /v1/volunteer-teams */
void vteams_create(struct req *r)
{
    struct vteam t = {.active = true};
    if (team_body_or_reply(r, &t) && team_store_or_reply(r, &t, 0)) {
        reply_team(r, 201, t.id);
    }
}

/* PATCH /v1/volunteer-teams/{id} */
void vteams_patch(struct req *r)
{
    struct vteam t;
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = vteams_db_read(r->db, r->claims.office, id, &t);
    if (err != YH_OK) {
        reply_error(r, err, "team");
        return;
    }
    if (team_body_or_reply(r, &t) && team_store_or_reply(r, &t, version)) {
        reply_team(r, 200, id);
    }
}

/* Team id (path {id}, parsed) of this office and path {vid} as a volunteer of it;
 * false when it has replied. */
static bool team_and_volunteer_or_reply(struct req *r, int64_t id, int64_t *vid)
{
    struct volunteer vol;
    struct vteam t;
    enum yh_err err = vteams_db_read(r->db, r->claims.office, id, &t);
    if (err != YH_OK) {
        reply_error(r, err, "team");
        return false;
    }
    if (!path_id_or_reply(r, "vid", vid)) {
        return false;
    }
    err = volunteers_db_get(r->db, r->claims.office, *vid, &vol);
    if (err != YH_OK) {
        reply_error(r, err, "volunteer");
        return false;
    }
    return true;
}

struct team_member {
    char role[8];
};
static const char *const roles[] = {"leader", "member", NULL};
static const struct field team_member_fields[] = {
    FIELD_ENUM("role", struct team_member, role, roles, 0),
};

/* PUT /v1/volunteer-teams/{id}/members/{vid} */
void vteams_member_put(struct req *r)
{
    struct team_member m = {.role = "member"};
    char today[11];
    int64_t id = 0, vid = 0;
    if (!id_param_or_reply(r, &id) || !vol_json_body_or_reply(r) ||
        !team_and_volunteer_or_reply(r, id, &vid) ||
        !body_read_or_reply(r, team_member_fields, ARRAY_LEN(team_member_fields), &m, false, NULL)) {
        return;
    }
    today_cn(today);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = vteams_db_set_member(r->db, id, vid, m.role, today);
    }
    if (err == YH_OK) {
        err = req_audit(r, "team.member_set", "team", id);
    }
    if (commit_or_reply_conflict(r, err, "team", NULL)) {
        reply_team(r, 200, id);
    }
}

/* DELETE /v1/volunteer-teams/{id}/members/{vid} */
void vteams_member_delete(struct req *r)
{
    int64_t id = 0, vid = 0;
    if (!id_param_or_reply(r, &id) || !team_and_volunteer_or_reply(r, id, &vid)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = vteams_db_remove_member(r->db, id, vid);
    }
    if (err == YH_OK) {
        err = req_audit(r, "team.member_remove", "team", id);
    }
    /* NOT_FOUND here is the membership, not the team */
    if (err == YH_ERR_NOT_FOUND) {
        db_finish(r->db, err);
        reply_problem(r, err, "the volunteer is not in this team", NULL);
        return;
    }
    if (commit_or_reply_conflict(r, err, "team", NULL)) {
        reply_empty(r, 204);
    }
}
