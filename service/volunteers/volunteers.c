/* /v1/volunteer-teams, /v1/volunteers (profiles, points) and /v1/volunteer-honours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/volunteers.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/volunteer_json.h"
#include "yinhui/volunteers_db.h"

static const char *const specialities[] = {"medical",     "lecturing", "culture", "civic_order", "legal",
                                           "environment", "care",      "other",   NULL};

/* ---- teams ---- */

static const struct jcol team_cols[] = {
    {"id", JC_ID},          {"name", JC_STR},         {"speciality", JC_STR},      {"leader_id", JC_ID},
    {"founded_on", JC_STR}, {"active", JC_BOOL},      {"version", JC_INT},         {"created_at", JC_STR},
    {"updated_at", JC_STR}, {"member_count", JC_INT}, {"service_minutes", JC_INT},
};
static const struct jcol team_member_cols[] = {
    {"volunteer_id", JC_ID}, {"name", JC_STR}, {"role", JC_STR}, {"joined_on", JC_STR}};

/* The team as JSON; its members (names) only for office staff and the office's members. */
static enum yh_err team_json(struct req *r, int64_t id, cJSON **out)
{
    struct db_rows rows, members;
    enum yh_err err = vteams_db_get(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        return err;
    }
    *out = json_row(&rows, 0, team_cols);
    db_rows_free(&rows);
    if (!req_is_client(r)) {
        err = vteams_db_members(r->db, id, &members);
        if (err == YH_OK) {
            cJSON_AddItemToObject(*out, "members", json_rows(&members, members.nrows, team_member_cols));
            db_rows_free(&members);
        }
    }
    return err;
}

void vteams_list(struct req *r)
{
    struct db_rows rows;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "vteams", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err =
        vteams_db_list(r->db, r->claims.office, after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, page_of_rows(r, "vteams", &rows, limit, team_cols));
}

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
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such team" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

static const char *const team_fields[] = {"name", "speciality", "founded_on", "active", "leader_id", NULL};

/* Creates (id 0) or updates a team from the body. */
static void team_write(struct req *r, int64_t id, int64_t version)
{
    struct verrs v = {0};
    char name[401] = "", spec[16] = "", founded[11] = "";
    bool active = true, has_active = false;
    int64_t leader = 0;
    struct db_rows cur;
    enum yh_err err = YH_OK;

    if (id != 0) {
        err = vteams_db_get(r->db, r->claims.office, id, &cur);
        if (err != YH_OK) {
            reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such team" : NULL, NULL);
            return;
        }
        snprintf(name, sizeof(name), "%s", db_str(&cur, 0, 1));
        snprintf(spec, sizeof(spec), "%s", db_str(&cur, 0, 2));
        leader = db_i64(&cur, 0, 3);
        snprintf(founded, sizeof(founded), "%s", db_str(&cur, 0, 4) ? db_str(&cur, 0, 4) : "");
        active = db_i64(&cur, 0, 5) != 0;
        db_rows_free(&cur);
    }
    json_take_text(r->json, "name", false, 100, name, sizeof(name), &v);
    json_take_enum(r->json, "speciality", false, specialities, spec, sizeof(spec), &v);
    json_take_date(r->json, "founded_on", true, founded, &v);
    json_get_bool(r->json, "active", false, &active, &has_active, &v);
    json_take_id(r->json, "leader_id", true, &leader, &v);
    if (!name[0] && v.n == 0) {
        verr_add(&v, "name", "is required");
    }
    if (!spec[0] && v.n == 0) {
        verr_add(&v, "speciality", "is required");
    }
    if (v.n == 0 && leader != 0) {
        struct volunteer vol;
        if (volunteers_db_get(r->db, r->claims.office, leader, &vol) != YH_OK) {
            verr_add(&v, "leader_id", "no such volunteer in this office");
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    bool creating = id == 0;
    err = db_begin(r->db);
    if (err == YH_OK && creating) {
        err = vteams_db_insert(r->db, r->claims.office, name, spec, founded, &id);
        version = 1;
    }
    /* a new team gets its leader and active flag by the same update a patch runs */
    if (err == YH_OK && (!creating || leader != 0 || !active)) {
        err = vteams_db_update(r->db, r->claims.office, id, version, name, spec, founded, active, leader);
    }
    if (err == YH_OK && leader != 0) {
        char today[11];
        today_cn(today);
        err = vteams_db_set_member(r->db, id, leader, "leader", today);
    }
    if (err == YH_OK) {
        err = req_audit(r, creating ? "team.create" : "team.update", "team", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_CONFLICT       ? "a team with this name exists in this office"
                      : err == YH_ERR_PRECONDITION ? "the team changed since you read it"
                                                   : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = NULL;
    err = team_json(r, id, &j);
    if (err != YH_OK) {
        cJSON_Delete(j);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (creating) {
        char loc[48];
        snprintf(loc, sizeof(loc), "/v1/volunteer-teams/%lld", (long long)id);
        reply_header(r, "Location", loc);
        reply_json_take(r, 201, j);
    } else {
        reply_json_take(r, 200, j);
    }
}

void vteams_create(struct req *r)
{
    if (req_fields_or_reply(r, team_fields)) {
        team_write(r, 0, 0);
    }
}

void vteams_patch(struct req *r)
{
    int64_t id = 0, version = 0;
    if (id_param_or_reply(r, &id) && req_fields_or_reply(r, team_fields) &&
        req_if_match_or_reply(r, &version)) {
        team_write(r, id, version);
    }
}

/* Path {vid} as a volunteer of this office; false when it has replied. */
static bool vid_param_or_reply(struct req *r, int64_t *vid, struct volunteer *v)
{
    if (!id_parse(path_param(&r->pp, "vid"), vid)) {
        struct verrs e = {0};
        verr_add(&e, "vid", "must be a positive integer");
        reply_problem(r, YH_ERR_BAD_REQUEST, "vid must be a positive integer", &e);
        return false;
    }
    enum yh_err err = volunteers_db_get(r->db, r->claims.office, *vid, v);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such volunteer" : NULL, NULL);
        return false;
    }
    return true;
}

static const char *const tm_fields[] = {"role", NULL};

void vteams_member_put(struct req *r)
{
    static const char *const roles[] = {"leader", "member", NULL};
    struct volunteer vol;
    struct db_rows t;
    struct verrs v = {0};
    char role[8] = "member", today[11];
    int64_t id = 0, vid = 0;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, tm_fields)) {
        return;
    }
    enum yh_err err = vteams_db_get(r->db, r->claims.office, id, &t);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such team" : NULL, NULL);
        return;
    }
    db_rows_free(&t);
    if (!vid_param_or_reply(r, &vid, &vol)) {
        return;
    }
    json_take_enum(r->json, "role", false, roles, role, sizeof(role), &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    today_cn(today);
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = vteams_db_set_member(r->db, id, vid, role, today);
    }
    if (err == YH_OK) {
        err = req_audit(r, "team.member_set", "team", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = NULL;
    err = team_json(r, id, &j);
    if (err != YH_OK) {
        cJSON_Delete(j);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

void vteams_member_delete(struct req *r)
{
    struct volunteer vol;
    struct db_rows t;
    int64_t id = 0, vid = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = vteams_db_get(r->db, r->claims.office, id, &t);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such team" : NULL, NULL);
        return;
    }
    db_rows_free(&t);
    if (!vid_param_or_reply(r, &vid, &vol)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = vteams_db_remove_member(r->db, id, vid);
    }
    if (err == YH_OK) {
        err = req_audit(r, "team.member_remove", "team", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "the volunteer is not in this team" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_empty(r, 204);
}

/* ---- volunteers ---- */

/* Replies with the volunteer (masked phone unless full, which is audited). */
static void reply_volunteer(struct req *r, int status, const struct volunteer *v, bool full)
{
    struct db_rows teams;
    int64_t minutes = 0, events = 0;
    enum yh_err err = volunteers_db_teams(r->db, v->id, &teams);
    if (err == YH_OK) {
        err = volunteers_db_totals(r->db, v->id, &minutes, &events);
        if (err != YH_OK) {
            db_rows_free(&teams);
        }
    }
    if (err == YH_OK && full) {
        err = req_audit(r, "volunteer.read_pii", "volunteer", v->id);
        if (err != YH_OK) {
            db_rows_free(&teams);
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = volunteer_json(&r->app->cfg, v, full);
    static const struct jcol tcols[] = {{"id", JC_ID}, {"name", JC_STR}, {"role", JC_STR}};
    cJSON_AddItemToObject(j, "teams", json_rows(&teams, teams.nrows, tcols));
    cJSON_AddNumberToObject(j, "service_minutes", (double)minutes);
    cJSON_AddNumberToObject(j, "events_served", (double)events);
    db_rows_free(&teams);
    if (status == 201) {
        char loc[48];
        snprintf(loc, sizeof(loc), "/v1/volunteers/%lld", (long long)v->id);
        reply_header(r, "Location", loc);
    }
    reply_json_take(r, status, j);
}

static const char *const volunteer_fields[] = {"member_id", "name",     "phone",     "gender", "birth_year",
                                               "skills",    "weekdays", "day_parts", "status", NULL};

void volunteers_create(struct req *r)
{
    struct volunteer v;
    struct verrs e = {0};
    int64_t id = 0;
    if (!req_fields_or_reply(r, volunteer_fields)) {
        return;
    }
    memset(&v, 0, sizeof(v));
    snprintf(v.office, sizeof(v.office), "%s", r->claims.office);
    v.weekdays = 127;
    v.day_parts = 7;
    json_take_id(r->json, "member_id", false, &v.member_id, &e);
    if (v.member_id != 0 && e.n == 0) {
        struct member m;
        enum yh_err err = members_db_get(r->db, r->claims.office, v.member_id, &m);
        if (err == YH_ERR_NOT_FOUND || (err == YH_OK && strcmp(m.status, "active") != 0)) {
            verr_add(&e, "member_id", "is not an active member of this office");
        } else if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
            return;
        } else {
            volunteer_from_member(&v, &m);
        }
    }
    volunteer_apply(&r->app->cfg, r->json, &v, &e);
    if (v.member_id == 0 && e.n == 0 && (!v.name[0] || !v.has_phone_hmac)) {
        verr_add(&e, v.name[0] ? "phone" : "name", "is required for a volunteer who is not a member");
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = volunteers_db_insert(r->db, &v, &id);
    }
    v.id = id;
    if (err == YH_OK) {
        err = volunteers_db_set_skills(r->db, &v);
    }
    if (err == YH_OK) {
        err = req_audit(r, "volunteer.create", "volunteer", id);
    }
    if (err == YH_OK) {
        err = volunteers_db_get(r->db, r->claims.office, id, &v);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(
            r, err,
            err == YH_ERR_CONFLICT ? "this person is already registered as a volunteer of this office" : NULL,
            NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_volunteer(r, 201, &v, false);
}

/* The volunteer of path {id} the caller may see (staff, or the member it belongs to). */
static bool volunteer_of_path_or_reply(struct req *r, int64_t *id, struct volunteer *v)
{
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = volunteers_db_get(r->db, r->claims.office, *id, v);
    if (err == YH_OK && !req_is_staff(r) &&
        (r->claims.member_id == 0 || v->member_id != r->claims.member_id)) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such volunteer" : NULL, NULL);
        return false;
    }
    return true;
}

void volunteers_get(struct req *r)
{
    struct volunteer v;
    int64_t id = 0;
    bool ok = true;
    bool full = reveal_requested(r, &ok);
    if (ok && volunteer_of_path_or_reply(r, &id, &v)) {
        reply_volunteer(r, 200, &v, full);
    }
}

void volunteers_me(struct req *r)
{
    struct volunteer v;
    enum yh_err err = r->claims.member_id
                          ? volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, &v)
                          : YH_ERR_NOT_FOUND;
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_NOT_FOUND
                          ? "you are not registered as a volunteer yet: sign up for an event"
                          : NULL,
                      NULL);
        return;
    }
    reply_volunteer(r, 200, &v, false);
}

void volunteers_patch(struct req *r)
{
    struct volunteer v;
    struct verrs e = {0};
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, volunteer_fields) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = volunteers_db_get(r->db, r->claims.office, id, &v);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such volunteer" : NULL, NULL);
        return;
    }
    if (cJSON_GetObjectItemCaseSensitive(r->json, "member_id") != NULL) {
        verr_add(&e, "member_id", "cannot change: register the member as a volunteer instead");
    }
    volunteer_apply(&r->app->cfg, r->json, &v, &e);
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = volunteers_db_update(r->db, &v, version);
    }
    if (err == YH_OK) {
        err = volunteers_db_set_skills(r->db, &v);
    }
    if (err == YH_OK) {
        err = req_audit(r, "volunteer.update", "volunteer", id);
    }
    if (err == YH_OK) {
        err = volunteers_db_get(r->db, r->claims.office, id, &v);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_PRECONDITION ? "the volunteer changed since you read it"
                      : err == YH_ERR_CONFLICT   ? "this phone is registered to another volunteer"
                                                 : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_volunteer(r, 200, &v, false);
}

void volunteers_list(struct req *r)
{
    static const char *const statuses[] = {"active", "inactive", NULL};
    static const struct jcol cols[] = {
        {"id", JC_ID},
        {"member_id", JC_ID},
        {"name", JC_STR},
        {"gender", JC_STR},
        {"birth_year", JC_INT},
        {"skills", JC_STR},
        {"weekdays", JC_SKIP},
        {"day_parts", JC_SKIP},
        {"status", JC_STR},
        {"points_balance", JC_INT},
        {"service_minutes", JC_INT},
    };
    struct volunteer_filter f = {0};
    struct db_rows rows;
    char after[24], last[24];
    if (!page_params_or_reply(r, "volunteers", &f.limit, after, sizeof(after)) ||
        !query_id_or_reply(r, "team", &f.team_id) || !query_enum_or_reply(r, "status", statuses, &f.status)) {
        return;
    }
    f.skill = query_get(&r->q, "skill");
    f.name_contains = query_get(&r->q, "name");
    f.after_id = after[0] ? strtoll(after, NULL, 10) : 0;
    enum yh_err err = volunteers_db_list(r->db, r->claims.office, &f, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)f.limit ? (size_t)f.limit : rows.nrows;
    cJSON *items = json_rows(&rows, shown, cols);
    cJSON *it = NULL;
    size_t i = 0;
    cJSON_ArrayForEach(it, items)
    {
        /* skills as a list, availability in words */
        cJSON_ReplaceItemInObjectCaseSensitive(it, "skills", skills_json(db_str(&rows, i, 5)));
        cJSON_AddItemToObject(it, "availability",
                              availability_json(db_i64(&rows, i, 6), db_i64(&rows, i, 7)));
        i++;
    }
    snprintf(last, sizeof(last), "%s", shown ? db_str(&rows, shown - 1, 0) : "0");
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    reply_json_take(r, 200, page_body(r, "volunteers", items, more ? last : NULL));
}

/* ---- points ---- */

void volunteers_points(struct req *r)
{
    static const struct jcol cols[] = {
        {"id", JC_ID},    {"delta", JC_INT},         {"kind", JC_STR},       {"hours_id", JC_ID},
        {"note", JC_STR}, {"balance_after", JC_INT}, {"created_by", JC_STR}, {"created_at", JC_STR}};
    struct volunteer v;
    struct db_rows rows;
    int64_t id = 0;
    int limit;
    char after[24], last[24];
    if (!volunteer_of_path_or_reply(r, &id, &v) ||
        !page_params_or_reply(r, "ledger", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = ledger_db_list(r->db, id, after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)limit ? (size_t)limit : rows.nrows;
    snprintf(last, sizeof(last), "%s", shown ? db_str(&rows, shown - 1, 0) : "0");
    cJSON *items = json_rows(&rows, shown, cols);
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    cJSON *body = page_body(r, "ledger", items, more ? last : NULL);
    cJSON_AddNumberToObject(body, "balance", (double)v.points_balance);
    reply_json_take(r, 200, body);
}

static const char *const redeem_fields[] = {"points", "note", NULL};

void volunteers_redeem(struct req *r)
{
    struct volunteer v;
    struct verrs e = {0};
    char note[801] = "", msg[160];
    int64_t id = 0, points = 0, entry = 0;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, redeem_fields)) {
        return;
    }
    json_get_int(r->json, "points", true, 1, 1000000, &points, NULL, &e);
    json_take_text(r->json, "note", true, 200, note, sizeof(note), &e);
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    /* the volunteer's row lock serialises concurrent redemptions: the balance read here
     * is the balance the entry is appended to */
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = volunteers_db_get_for_update(r->db, r->claims.office, id, &v);
    }
    int64_t balance = v.points_balance;
    if (err == YH_OK) {
        err = ledger_db_append(r->db, r->claims.office, id, &balance, -points, "redeem", 0, note,
                               r->claims.sub, &entry);
    }
    if (err == YH_OK) {
        err = req_audit(r, "points.redeem", "volunteer", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        snprintf(msg, sizeof(msg), "the balance is %lld points, fewer than %lld", (long long)v.points_balance,
                 (long long)points);
        reply_problem(r, err,
                      err == YH_ERR_CONFLICT    ? msg
                      : err == YH_ERR_NOT_FOUND ? "no such volunteer"
                                                : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", entry);
    json_add_id(j, "volunteer_id", id);
    cJSON_AddNumberToObject(j, "delta", (double)-points);
    cJSON_AddNumberToObject(j, "balance", (double)balance);
    reply_json_take(r, 201, j);
}

/* ---- honours ---- */

void vhonours_list(struct req *r)
{
    static const struct jcol cols[] = {
        {"id", JC_ID},           {"year", JC_INT},           {"title", JC_STR},
        {"volunteer_id", JC_ID}, {"volunteer_name", JC_STR}, {"team_id", JC_ID},
        {"team_name", JC_STR},   {"citation", JC_STR}};
    const char *ys = query_get(&r->q, "year");
    int64_t year = 0;
    struct db_rows rows;
    if (ys != NULL && !year_or_reply(r, ys, &year)) { /* no year: every year */
        return;
    }
    enum yh_err err = vhonours_db_list(r->db, r->claims.office, year, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

static const char *const honour_fields[] = {"year", "title", "volunteer_id", "team_id", "citation", NULL};

void vhonours_create(struct req *r)
{
    static const char *const titles[] = {"most_beautiful_volunteer", "most_beautiful_team", NULL};
    struct verrs e = {0};
    char title[32] = "", citation[2001] = "";
    int64_t year = 0, vid = 0, tid = 0, id = 0;
    if (!req_fields_or_reply(r, honour_fields)) {
        return;
    }
    json_get_int(r->json, "year", true, 1990, 2100, &year, NULL, &e);
    json_take_enum(r->json, "title", false, titles, title, sizeof(title), &e);
    json_take_id(r->json, "volunteer_id", false, &vid, &e);
    json_take_id(r->json, "team_id", false, &tid, &e);
    json_take_text(r->json, "citation", true, 500, citation, sizeof(citation), &e);
    if (e.n == 0 && !title[0]) {
        verr_add(&e, "title", "is required");
    }
    if (e.n == 0 && strcmp(title, "most_beautiful_volunteer") == 0 && (vid == 0 || tid != 0)) {
        verr_add(&e, "volunteer_id", "names the volunteer honoured (and no team_id)");
    }
    if (e.n == 0 && strcmp(title, "most_beautiful_team") == 0 && (tid == 0 || vid != 0)) {
        verr_add(&e, "team_id", "names the team honoured (and no volunteer_id)");
    }
    if (e.n == 0 && vid) {
        struct volunteer v;
        if (volunteers_db_get(r->db, r->claims.office, vid, &v) != YH_OK) {
            verr_add(&e, "volunteer_id", "no such volunteer in this office");
        }
    }
    if (e.n == 0 && tid) {
        struct db_rows t;
        if (vteams_db_get(r->db, r->claims.office, tid, &t) != YH_OK) {
            verr_add(&e, "team_id", "no such team in this office");
        } else {
            db_rows_free(&t);
        }
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = vhonours_db_insert(r->db, r->claims.office, year, title, vid, tid, citation, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "volunteer_honour.create", "volunteer_honour", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "this honour is already recorded for that year" : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", id);
    cJSON_AddNumberToObject(j, "year", (double)year);
    cJSON_AddStringToObject(j, "title", title);
    json_add_id(j, "volunteer_id", vid);
    json_add_id(j, "team_id", tid);
    json_add_opt(j, "citation", citation);
    reply_json_take(r, 201, j);
}

void vhonours_delete(struct req *r)
{
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = vhonours_db_delete(r->db, r->claims.office, id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "volunteer_honour.delete", "volunteer_honour", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such honour" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_empty(r, 204);
}
