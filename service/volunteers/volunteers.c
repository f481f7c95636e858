/* /v1/volunteers: volunteers' profiles (and /v1/volunteers/me, a member's own). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_json.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* Replies status with the volunteer (masked phone unless full, which is audited); a 201
 * with its Location. */
static void reply_volunteer(struct req *r, int status, const struct volunteer *v, bool full)
{
    struct db_rows teams;
    int64_t minutes = 0, events = 0;
    enum yh_err err = volunteers_db_teams(r->db, r->claims.office, v->id, &teams);
    if (err == YH_OK) {
        err = volunteers_db_totals(r->db, r->claims.office, v->id, &minutes, &events);
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
    cJSON_AddItemToObject(j, "teams", view_rows(&teams, teams.nrows, &volunteer_teams_view));
    cJSON_AddNumberToObject(j, "service_minutes", (double)minutes);
    cJSON_AddNumberToObject(j, "events_served", (double)events);
    db_rows_free(&teams);
    if (status == 201) {
        reply_created_take(r, "/v1/volunteers", v->id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* A new volunteer: the member's name, gender and birth year when member_id names an
 * active member; false when it has replied. */
static bool new_volunteer_or_reply(struct req *r, struct volunteer *v)
{
    struct verrs e = {0};
    memset(v, 0, sizeof(*v));
    snprintf(v->office, sizeof(v->office), "%s", r->claims.office);
    v->weekdays = 127;
    v->day_parts = 7;
    json_take_id(r->json, "member_id", false, &v->member_id, &e);
    if (v->member_id != 0 && e.n == 0) {
        struct member m;
        enum yh_err err = members_db_get(r->db, r->claims.office, v->member_id, &m);
        if (err == YH_ERR_NOT_FOUND || (err == YH_OK && strcmp(m.status, "active") != 0)) {
            verr_add(&e, "member_id", "is not an active member of this office");
        } else if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
            return false;
        } else {
            volunteer_from_member(v, &m);
        }
    }
    volunteer_apply(r, v, &e);
    if (v->member_id == 0 && e.n == 0 && (!v->name[0] || !v->has_phone_hmac)) {
        verr_add(&e, v->name[0] ? "phone" : "name", "is required for a volunteer who is not a member");
    }
    return verrs_ok_or_reply(r, &e);
}

/* Stores v (id 0: inserts it and sets its id; else at version) with its skill index and
 * reads it back; false when it has replied, with conflict for a CONFLICT. */
static bool volunteer_store_or_reply(struct req *r, struct volunteer *v, int64_t version,
                                     const char *conflict)
{
    bool creating = v->id == 0;
    int64_t id = v->id;
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = creating ? volunteers_db_insert(r->db, v, &id) : volunteers_db_update(r->db, v, version);
    }
    v->id = id;
    if (err == YH_OK) {
        err = volunteers_db_set_skills(r->db, v);
    }
    if (err == YH_OK) {
        err = req_audit(r, creating ? "volunteer.create" : "volunteer.update", "volunteer", id);
    }
    if (err == YH_OK) {
        err = volunteers_db_get(r->db, r->claims.office, id, v);
    }
    return commit_or_reply_conflict(r, err, "volunteer", conflict);
}

/* POST /v1/volunteers */
void volunteers_create(struct req *r)
{
    struct volunteer v;
    if (vol_json_body_or_reply(r) && new_volunteer_or_reply(r, &v) &&
        volunteer_store_or_reply(r, &v, 0,
                                 "this person is already registered as a volunteer of this office")) {
        reply_volunteer(r, 201, &v, false);
    }
}

bool volunteer_of_path_or_reply(struct req *r, int64_t *id, struct volunteer *v)
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
        reply_error(r, err, "volunteer");
        return false;
    }
    return true;
}

/* GET /v1/volunteers/{id} */
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

/* GET /v1/volunteers/me */
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

/* PATCH /v1/volunteers/{id} */
void volunteers_patch(struct req *r)
{
    struct volunteer v;
    struct verrs e = {0};
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !vol_json_body_or_reply(r) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = volunteers_db_get(r->db, r->claims.office, id, &v);
    if (err != YH_OK) {
        reply_error(r, err, "volunteer");
        return;
    }
    if (cJSON_GetObjectItemCaseSensitive(r->json, "member_id") != NULL) {
        verr_add(&e, "member_id", "cannot change: register the member as a volunteer instead");
    }
    volunteer_apply(r, &v, &e);
    if (verrs_ok_or_reply(r, &e) &&
        volunteer_store_or_reply(r, &v, version, "this phone is registered to another volunteer")) {
        reply_volunteer(r, 200, &v, false);
    }
}

/* Each list item's skills as a list and its availability (bit sets) in words. */
static void volunteer_items_words(cJSON *items)
{
    cJSON *it = NULL;
    skills_json_items(items);
    cJSON_ArrayForEach(it, items)
    {
        int64_t weekdays = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "weekdays"));
        int64_t parts = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "day_parts"));
        cJSON_DeleteItemFromObjectCaseSensitive(it, "weekdays");
        cJSON_DeleteItemFromObjectCaseSensitive(it, "day_parts");
        cJSON_AddItemToObject(it, "availability", availability_json(weekdays, parts));
    }
}

/* The ?name search into *pq (*out: pq, or NULL without ?name). False when it has replied:
 * 400 naming the parameter for bad text. */
static bool name_query_or_reply(struct req *r, struct pinyin_query *pq, const struct pinyin_query **out)
{
    const char *name = query_get(&r->q, "name");
    *out = NULL;
    if (name == NULL) {
        return true;
    }
    if (!search_text_ok(name)) {
        struct verrs e = {0};
        verr_add(&e, "name", "must be 1 to 50 characters, without control characters");
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return false;
    }
    if (!pinyin_query_of(name, pq)) {
        reply_problem(r, YH_ERR_INTERNAL, "the name search is unavailable", NULL);
        return false;
    }
    *out = pq;
    return true;
}

/* GET /v1/volunteers */
void volunteers_list(struct req *r)
{
    static const char *const statuses[] = {"active", "inactive", NULL};
    struct volunteer_filter f = {0};
    struct pinyin_query pq;
    struct db_rows rows;
    char after[24];
    if (!page_params_or_reply(r, "volunteers", &f.limit, after, sizeof(after)) ||
        !query_id_or_reply(r, "team", &f.team_id) || !query_enum_or_reply(r, "status", statuses, &f.status)) {
        return;
    }
    f.skill = query_get(&r->q, "skill");
    if (!name_query_or_reply(r, &pq, &f.name_query)) {
        return;
    }
    f.after_id = after[0] ? strtoll(after, NULL, 10) : 0;
    enum yh_err err = volunteers_db_list(r->db, r->claims.office, &f, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = page_of_view(r, "volunteers", &rows, f.limit, &volunteers_list_view);
    volunteer_items_words(cJSON_GetObjectItemCaseSensitive(body, "items"));
    reply_json_take(r, 200, body);
}

/* The volunteer a member acts as; registered from the member record on first use. */
enum yh_err volunteer_self(struct req *r, bool create, struct volunteer *v)
{
    if (r->claims.member_id == 0) {
        return YH_ERR_FORBIDDEN;
    }
    enum yh_err err = volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, v);
    if (err != YH_ERR_NOT_FOUND || !create) {
        return err;
    }
    struct member m;
    int64_t id = 0;
    err = members_db_get(r->db, r->claims.office, r->claims.member_id, &m);
    if (err != YH_OK) {
        return err;
    }
    memset(v, 0, sizeof(*v));
    snprintf(v->office, sizeof(v->office), "%s", r->claims.office);
    v->member_id = m.id;
    v->weekdays = 127;
    v->day_parts = 7;
    volunteer_from_member(v, &m);
    err = volunteers_db_insert(r->db, v, &id);
    if (err == YH_ERR_CONFLICT) { /* registered by a concurrent request */
        return volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, v);
    }
    return err == YH_OK ? volunteers_db_get(r->db, r->claims.office, id, v) : err;
}
