/* /v1/volunteer-needs: residents' and departments' requests (点单 → 派单 → 接单), and
 * the actions that move one: /dispatch, /accept, /complete, /cancel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/help_flow.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_json.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* Whether the caller is the integration (client) that posted n. */
static bool posted_by_caller(const struct req *r, const struct need *n)
{
    return req_is_client(r) && strcmp(n->posted_by, r->claims.sub) == 0;
}

/* Whether n was asked for the member the caller (a member or a relative) acts for. */
static bool asked_for_caller(const struct req *r, const struct need *n)
{
    return req_acting_member(r) != 0 && n->member_id == req_acting_member(r);
}

/* Need id as JSON in *out (caller owns; skills as a list) and its record in *n; a
 * client sees only needs it posted (NOT_FOUND otherwise). */
static enum yh_err need_json(struct req *r, int64_t id, struct need *n, cJSON **out)
{
    cJSON *j = NULL;
    enum yh_err err = needs_db_get(r->db, r->claims.office, id, n, &j);
    if (err != YH_OK) {
        return err;
    }
    if (req_is_client(r) && !posted_by_caller(r, n)) {
        cJSON_Delete(j);
        return YH_ERR_NOT_FOUND;
    }
    cJSON_ReplaceItemInObjectCaseSensitive(j, "skills", skills_json(n->skills));
    *out = j;
    return YH_OK;
}

/* A need's body: who asks, and the event it asks for (a team is the office's to
 * choose when it dispatches the need). */
struct need_body {
    char requester[401], contact[401];
    struct vevent e;
};
static const struct field need_fields[] = {
    FIELD_TEXT("requester", struct need_body, requester, 100, 0),
    FIELD_TEXT("contact", struct need_body, contact, 100, FF_NULLABLE),
    FIELD_TEXT("title", struct need_body, e.title, 100, 0),
    FIELD_TEXT("description", struct need_body, e.description, 2000, FF_NULLABLE),
    FIELD_DATETIME("starts_at", struct need_body, e.starts_at, 0),
    FIELD_DATETIME("ends_at", struct need_body, e.ends_at, 0),
    FIELD_TEXT("place", struct need_body, e.place, 200, 0),
    FIELD_INT("capacity", struct need_body, e.capacity, 1, 10000, 0),
    FIELD_OTHER("skills", 0),
};

/* Whether v holds an error about field. */
static bool verrs_name(const struct verrs *v, const char *field)
{
    for (int i = 0; i < v->n; i++) {
        if (strcmp(v->e[i].field, field) == 0) {
            return true;
        }
    }
    return false;
}

/* Reads and checks the body into b (its event posted by the caller); false when it has
 * replied. */
static bool need_body_or_reply(struct req *r, struct need_body *b)
{
    struct verrs v = {0};
    field_set given = 0;
    memset(b, 0, sizeof(*b));
    snprintf(b->e.posted_by, sizeof(b->e.posted_by), "%s", r->claims.sub);
    if (!vol_json_body_or_reply(r)) {
        return false;
    }
    body_read(r, need_fields, ARRAY_LEN(need_fields), b, true, &given, &v);
    if (!b->requester[0] && !verrs_name(&v, "requester") && !verrs_name(&v, "contact")) {
        verr_add(&v, "requester", "is required: who asks (a resident, a department)");
    }
    enum yh_err err =
        vevent_check(r, &b->e, body_given(need_fields, ARRAY_LEN(need_fields), given, "capacity"), &v);
    return vol_checked_or_reply(r, err, &v);
}

/* POST /v1/volunteer-needs */
void vneeds_create(struct req *r)
{
    struct need_body b;
    struct need n;
    int64_t id = 0;
    cJSON *j = NULL;
    if (!need_body_or_reply(r, &b)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = needs_db_insert(r->db, r->claims.office, &b.e, b.requester, b.contact, 0, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "need.create", "need", id);
    }
    if (!commit_or_reply(r, err, "need")) {
        return;
    }
    err = need_json(r, id, &n, &j);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_created_take(r, "/v1/volunteer-needs", id, j);
}

/* GET /v1/volunteer-needs/{id} */
void vneeds_get(struct req *r)
{
    struct need n;
    int64_t id = 0;
    cJSON *j = NULL;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = need_json(r, id, &n, &j);
    if (err != YH_OK) {
        reply_error(r, err, "need");
        return;
    }
    reply_json_take(r, 200, j);
}

/* GET /v1/volunteer-needs */
void vneeds_list(struct req *r)
{
    static const char *const statuses[] = {"requested", "dispatched", "accepted", "done", "cancelled", NULL};
    struct db_rows rows;
    const char *status = NULL;
    int limit;
    int64_t after = 0;
    if (!vol_page_or_reply(r, "vneeds", statuses, &limit, &after, &status)) {
        return;
    }
    enum yh_err err = needs_db_list(r->db, r->claims.office, status, req_is_client(r) ? r->claims.sub : NULL,
                                    after, limit, &rows);
    vol_reply_page(r, err, "vneeds", &rows, limit, &needs_view, true);
}

/* May the caller take step of need n? Staff may take any; the client that posted it may
 * cancel it; the leader of the team it was dispatched to may accept it. */
static bool need_step_allowed(struct req *r, const struct vneed_step *step, const struct need *n)
{
    struct volunteer me;
    bool leader = false;
    if (req_is_staff(r)) {
        return true;
    }
    if (strcmp(step->verb, "cancel") == 0) {
        return posted_by_caller(r, n) || asked_for_caller(r, n);
    }
    if (strcmp(step->verb, "accept") == 0 && n->team_id != 0 && volunteer_self(r, false, &me) == YH_OK &&
        vteams_db_is_leader(r->db, r->claims.office, n->team_id, me.id, &leader) == YH_OK) {
        return leader;
    }
    return false;
}

/* The open event of the dispatched team that accepting need n creates, into *event_id. */
static enum yh_err event_from_need(struct req *r, const struct need *n, int64_t *event_id)
{
    struct vevent e;
    memset(&e, 0, sizeof(e));
    snprintf(e.office, sizeof(e.office), "%s", r->claims.office);
    snprintf(e.title, sizeof(e.title), "%s", n->title);
    snprintf(e.description, sizeof(e.description), "%s", n->description);
    datetime_parse(n->starts_at, e.starts_at);
    datetime_parse(n->ends_at, e.ends_at);
    snprintf(e.place, sizeof(e.place), "%s", n->place);
    e.capacity = n->capacity;
    snprintf(e.skills, sizeof(e.skills), "%s", n->skills);
    snprintf(e.status, sizeof(e.status), "open");
    snprintf(e.posted_by, sizeof(e.posted_by), "%s", n->posted_by);
    e.team_id = n->team_id;
    e.need_id = n->id;
    return events_db_insert(r->db, &e, event_id);
}

/* An urgent help request served by need id follows it: accepted when the team accepts,
 * resolved when the need is completed (help_flow.h). */
static enum yh_err need_moved_help(struct req *r, int64_t id, const char *verb)
{
    char now[20];
    time_cn(now_s(), now);
    return help_db_need_moved(r->db, r->claims.office, id, verb, r->claims.sub, now);
}

/* Takes step of the need of path {id} (If-Match: its version), dispatching it to team
 * (0 for the other steps), and replies with the need. */
static void need_move(struct req *r, int64_t id, int64_t version, const struct vneed_step *step, int64_t team)
{
    struct need n;
    char action[40], conflict[160];
    int64_t event_id = 0;
    cJSON *j = NULL;
    enum yh_err err = needs_db_get(r->db, r->claims.office, id, &n, NULL);
    if (err != YH_OK) {
        reply_error(r, err, "need");
        return;
    }
    if (!need_step_allowed(r, step, &n)) {
        /* a member sees only its own needs: another's cancel is 404, as its GET */
        bool hidden =
            (req_is_client(r) && !posted_by_caller(r, &n)) ||
            (strcmp(step->verb, "cancel") == 0 && req_acting_member(r) != 0 && !asked_for_caller(r, &n));
        reply_problem(r, hidden ? YH_ERR_NOT_FOUND : YH_ERR_FORBIDDEN,
                      hidden ? "no such need"
                             : "this step belongs to office staff or the dispatched team's leader",
                      NULL);
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK && strcmp(step->verb, "accept") == 0 && strcmp(n.status, "dispatched") == 0) {
        err = event_from_need(r, &n, &event_id);
    }
    if (err == YH_OK) {
        err = needs_db_move(r->db, r->claims.office, id, version, step->from, step->to, team, event_id);
    }
    if (err == YH_OK) {
        err = need_moved_help(r, id, step->verb);
    }
    if (err == YH_OK) {
        snprintf(action, sizeof(action), "need.%s", step->verb);
        err = req_audit(r, action, "need", id);
    }
    snprintf(conflict, sizeof(conflict), "a %s need cannot be %s", n.status, step->done);
    if (!commit_or_reply_conflict(r, err, "need", conflict)) {
        return;
    }
    err = need_json(r, id, &n, &j);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

/* Path {id} and If-Match of an action on a need; false when it has replied. */
static bool need_action_or_reply(struct req *r, int64_t *id, int64_t *version)
{
    return id_param_or_reply(r, id) && req_if_match_or_reply(r, version);
}

struct dispatch {
    int64_t team_id;
};
static const struct field dispatch_fields[] = {
    FIELD_ID("team_id", struct dispatch, team_id, FF_REQUIRED),
};

/* POST /v1/volunteer-needs/{id}/dispatch: requested → dispatched, staff, to a team. */
void vneeds_dispatch(struct req *r)
{
    struct verrs v = {0};
    struct vteam t;
    struct dispatch d = {0};
    int64_t id = 0, version = 0;
    if (!need_action_or_reply(r, &id, &version) ||
        !body_read_or_reply(r, dispatch_fields, ARRAY_LEN(dispatch_fields), &d, true, NULL)) {
        return;
    }
    if (vteams_db_read(r->db, r->claims.office, d.team_id, &t) != YH_OK) {
        verr_add(&v, "team_id", "no such team in this office");
    }
    if (verrs_ok_or_reply(r, &v)) {
        need_move(r, id, version, vneed_step_of("dispatch"), d.team_id);
    }
}

/* POST /v1/volunteer-needs/{id}/accept: dispatched → accepted, staff or the leader of
 * that team (a member); an open event of the team is created from the need. */
void vneeds_accept(struct req *r)
{
    int64_t id = 0, version = 0;
    if (need_action_or_reply(r, &id, &version)) {
        need_move(r, id, version, vneed_step_of("accept"), 0);
    }
}

/* POST /v1/volunteer-needs/{id}/complete: accepted → done, staff. */
void vneeds_complete(struct req *r)
{
    int64_t id = 0, version = 0;
    if (need_action_or_reply(r, &id, &version)) {
        need_move(r, id, version, vneed_step_of("complete"), 0);
    }
}

/* POST /v1/volunteer-needs/{id}/cancel: requested, dispatched → cancelled, staff or the
 * client that posted it (the member it was asked for: /mine/{id}/cancel). */
void vneeds_cancel(struct req *r)
{
    int64_t id = 0, version = 0;
    if (need_action_or_reply(r, &id, &version)) {
        need_move(r, id, version, vneed_step_of("cancel"), 0);
    }
}

/* ---- a member's own requests from the app (issue 16, h5) ---- */

/* The member the caller (a member's or a relative's account) acts for; 0 when it has
 * replied 403 (staff and departments post at /v1/volunteer-needs). */
static int64_t acting_member_or_reply(struct req *r)
{
    int64_t m = req_acting_member(r);
    if (m == 0) {
        reply_problem(r, YH_ERR_FORBIDDEN,
                      "for a member's or a relative's account: staff and departments use /v1/volunteer-needs",
                      NULL);
    }
    return m;
}

/* What a member asks for: the event it needs (a few helpers). No free-text contact: the
 * office reaches the member through its record, where the phone is sealed. */
static const struct field mine_fields[] = {
    FIELD_TEXT("title", struct vevent, title, 100, 0),
    FIELD_TEXT("description", struct vevent, description, 2000, FF_NULLABLE),
    FIELD_DATETIME("starts_at", struct vevent, starts_at, 0),
    FIELD_DATETIME("ends_at", struct vevent, ends_at, 0),
    FIELD_TEXT("place", struct vevent, place, 200, 0),
    FIELD_INT("capacity", struct vevent, capacity, 1, 20, 0),
    FIELD_OTHER("skills", 0),
};

/* Reads and checks a member's need into e (one helper unless it says); false when it
 * has replied. */
static bool mine_body_or_reply(struct req *r, struct vevent *e)
{
    struct verrs v = {0};
    char now[20];
    memset(e, 0, sizeof(*e));
    e->capacity = 1;
    snprintf(e->posted_by, sizeof(e->posted_by), "%s", r->claims.sub);
    if (!vol_json_body_or_reply(r)) {
        return false;
    }
    body_read(r, mine_fields, ARRAY_LEN(mine_fields), e, true, NULL, &v);
    enum yh_err err = vevent_check(r, e, true, &v);
    time_cn(now_s(), now);
    if (err == YH_OK && v.n == 0 && strcmp(e->starts_at, now) <= 0) {
        verr_add(&v, "starts_at", "must be in the future");
    }
    return vol_checked_or_reply(r, err, &v);
}

/* Need id as the member it was asked for sees it (another member's: NOT_FOUND). */
static enum yh_err mine_json(struct req *r, int64_t member, int64_t id, cJSON **out)
{
    struct need n;
    enum yh_err err = need_json(r, id, &n, out);
    if (err == YH_OK && n.member_id != member) {
        cJSON_Delete(*out);
        *out = NULL;
        err = YH_ERR_NOT_FOUND;
    }
    return err;
}

/* POST /v1/volunteer-needs/mine: a member (or a relative for it) asks from the app; the
 * office dispatches it as any need. */
void vneeds_mine_create(struct req *r)
{
    struct vevent e;
    int64_t id = 0, member = acting_member_or_reply(r);
    cJSON *j = NULL;
    if (member == 0 || !mine_body_or_reply(r, &e)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = needs_db_insert(r->db, r->claims.office, &e,
                              req_is_relative(r) ? "relative (app)" : "member (app)", NULL, member, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "need.create", "need", id);
    }
    if (!commit_or_reply(r, err, "need")) {
        return;
    }
    err = mine_json(r, member, id, &j);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_created_take(r, "/v1/volunteer-needs/mine", id, j);
}

/* GET /v1/volunteer-needs/mine: the member's own requests and their status. */
void vneeds_mine_list(struct req *r)
{
    static const char *const statuses[] = {"requested", "dispatched", "accepted", "done", "cancelled", NULL};
    struct db_rows rows;
    const char *status = NULL;
    int limit;
    int64_t after = 0, member = acting_member_or_reply(r);
    if (member == 0 || !vol_page_or_reply(r, "vneeds", statuses, &limit, &after, &status)) {
        return;
    }
    enum yh_err err = needs_db_list_member(r->db, r->claims.office, member, status, after, limit, &rows);
    vol_reply_page(r, err, "vneeds", &rows, limit, &needs_view, true);
}

/* GET /v1/volunteer-needs/mine/{id} */
void vneeds_mine_get(struct req *r)
{
    int64_t id = 0, member = acting_member_or_reply(r);
    cJSON *j = NULL;
    if (member == 0 || !id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = mine_json(r, member, id, &j);
    if (err != YH_OK) {
        reply_error(r, err, "need");
        return;
    }
    reply_json_take(r, 200, j);
}

/* POST /v1/volunteer-needs/mine/{id}/cancel: the member (or its relative) withdraws its
 * request while requested or dispatched; another member's is 404. */
void vneeds_mine_cancel(struct req *r)
{
    int64_t id = 0, version = 0;
    if (acting_member_or_reply(r) != 0 && need_action_or_reply(r, &id, &version)) {
        need_move(r, id, version, vneed_step_of("cancel"), 0);
    }
}
