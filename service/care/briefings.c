/* /v1/briefings: the office's events of political treatment (形势通报会, 座谈会, 阅文会,
 * attending the 人大/政协 sessions), who is invited (by the rule, then by hand), the
 * replies, the attendance and the suggestions raised there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/audience.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/treatment.h"
#include "yinhui/treatment_db.h"
#include "yinhui/util.h"

/* b as JSON, with its rule and (ids not NULL) the ids of the suggestions linked. */
static cJSON *briefing_json(const struct briefing *b, const struct briefing_suggestion *ids, size_t n)
{
    struct audience a;
    cJSON *j = fm_to_json(briefing_map, briefing_map_n, b);
    audience_parse(b->audience, &a);
    cJSON_AddItemToObject(j, "audience", audience_json(&a));
    if (ids != NULL) {
        cJSON *arr = cJSON_AddArrayToObject(j, "suggestion_ids");
        for (size_t i = 0; i < n; i++) {
            char s[24];
            snprintf(s, sizeof(s), "%lld", (long long)ids[i].id);
            cJSON_AddItemToArray(arr, cJSON_CreateString(s));
        }
    }
    return j;
}

static cJSON *briefing_row_json(const void *row)
{
    return briefing_json(row, NULL, 0);
}

static void briefing_key(const void *row, char *out, size_t len)
{
    snprintf(out, len, "%lld", (long long)((const struct briefing *)row)->id);
}

/* Replies status with briefing id (201: created). */
static void reply_briefing(struct req *r, int status, int64_t id)
{
    struct briefing b;
    struct briefing_suggestion *ids = NULL;
    size_t n = 0;
    enum yh_err err = audience_visible(r, AUDIENCE_INVITATIONS, id);
    if (err == YH_OK) {
        err = briefings_db_get(r->db, r->claims.office, id, &b);
    }
    if (err == YH_OK) {
        err = briefings_db_suggestion_ids(r->db, r->claims.office, id, &ids, &n);
    }
    if (err != YH_OK) {
        reply_error(r, err, "briefing");
    } else if (status == 201) {
        reply_created_take(r, "/v1/briefings", id, briefing_json(&b, ids, n));
    } else {
        reply_json_take(r, status, briefing_json(&b, ids, n));
    }
    free(ids);
}

static const struct field briefing_fields[] = {
    FIELD_ENUM("kind", struct briefing, kind, briefing_kinds, FF_REQUIRED),
    FIELD_TEXT("title", struct briefing, title, 100, FF_REQUIRED),
    FIELD_DATETIME("held_at", struct briefing, held_at, FF_REQUIRED),
    FIELD_TEXT("place", struct briefing, place, 100, FF_NULLABLE),
    FIELD_OTHER("audience", 0),
};

/* POST /v1/briefings {kind, title, held_at, place?, audience?}. */
void briefings_create(struct req *r)
{
    struct briefing b = {0};
    struct audience a;
    struct verrs v = {0};
    int64_t id = 0;
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return;
    }
    body_read(r, briefing_fields, ARRAY_LEN(briefing_fields), &b, true, NULL, &v);
    enum yh_err err = audience_from_body(r, &a, b.audience, &v);
    if (!checks_ok_or_reply(r, err, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = briefings_db_insert(r->db, r->claims.office, &b, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "briefing.create", "briefing", id);
    }
    if (commit_or_reply(r, err, "briefing")) {
        reply_briefing(r, 201, id);
    }
}

/* GET /v1/briefings/{id}: with its counts and the suggestions linked. */
void briefings_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_briefing(r, 200, id);
    }
}

/* Reads the body onto the stored briefing id (b); false when it has replied. */
static bool briefing_changes_or_reply(struct req *r, int64_t id, struct briefing *b)
{
    struct audience a;
    struct verrs v = {0};
    enum yh_err err = briefings_db_get(r->db, r->claims.office, id, b);
    if (err != YH_OK) {
        reply_error(r, err, "briefing");
        return false;
    }
    body_read(r, briefing_fields, ARRAY_LEN(briefing_fields), b, false, NULL, &v);
    if (cJSON_GetObjectItemCaseSensitive(r->json, "audience") != NULL) {
        err = audience_from_body(r, &a, b->audience, &v);
    }
    return checks_ok_or_reply(r, err, &v);
}

/* PATCH /v1/briefings/{id} (If-Match): kind, title, held_at, place, audience. The
 * invitations stay; building again adds those a new rule picks. */
void briefings_patch(struct req *r)
{
    struct briefing b;
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, briefing_fields, ARRAY_LEN(briefing_fields)) ||
        !req_if_match_or_reply(r, &version) || !briefing_changes_or_reply(r, id, &b)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = briefings_db_update(r->db, r->claims.office, &b, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "briefing.update", "briefing", id);
    }
    if (commit_or_reply(r, err, "briefing")) {
        reply_briefing(r, 200, id);
    }
}

/* DELETE /v1/briefings/{id} (If-Match): with its invitations; its suggestions stay,
 * unlinked. */
void briefings_delete(struct req *r)
{
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = briefings_db_delete(r->db, r->claims.office, id, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "briefing.delete", "briefing", id);
    }
    if (commit_or_reply(r, err, "briefing")) {
        reply_empty(r, 204);
    }
}

/* Adds {"half_years": [{half, held}, ...]} to body: whether the office held a 形势通报会 in
 * each half of year (seeds 001/003: every six months). */
static enum yh_err add_halves(struct req *r, int64_t year, cJSON *body)
{
    struct briefing_held *held = NULL;
    size_t n = 0;
    bool halves[2];
    enum yh_err err = briefings_db_held(r->db, r->claims.office, "situation_briefing", year, &held, &n);
    if (err != YH_OK) {
        return err;
    }
    const char **at = calloc(n ? n : 1, sizeof(*at));
    for (size_t i = 0; at != NULL && i < n; i++) {
        at[i] = held[i].at;
    }
    briefing_halves(at, at != NULL ? n : 0, (int)year, halves);
    cJSON *arr = cJSON_AddArrayToObject(body, "half_years");
    for (int h = 0; h < 2; h++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "half", h + 1);
        cJSON_AddBoolToObject(o, "held", halves[h]);
        cJSON_AddItemToArray(arr, o);
    }
    free(at);
    free(held);
    return at != NULL || n == 0 ? YH_OK : YH_ERR_INTERNAL;
}

/* GET /v1/briefings?kind=&year=: newest first; a member sees those it is invited to. With
 * kind=situation_briefing and year, whether one was held in each half of the year. */
void briefings_list(struct req *r)
{
    struct briefing *rows = NULL;
    const char *kind = NULL, *ys = query_get(&r->q, "year");
    int64_t year = 0;
    size_t n = 0;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "briefings", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "kind", briefing_kinds, &kind) ||
        (ys != NULL && !year_or_reply(r, ys, &year))) {
        return;
    }
    enum yh_err err = briefings_db_list(r->db, r->claims.office, kind, year, req_acting_member(r),
                                        after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows, &n);
    cJSON *body = err == YH_OK ? typed_page(r, "briefings", rows, n, sizeof(*rows), limit, briefing_row_json,
                                            briefing_key)
                               : NULL;
    free(rows);
    if (err == YH_OK && year != 0 && kind != NULL && strcmp(kind, "situation_briefing") == 0) {
        err = add_halves(r, year, body);
    }
    if (err != YH_OK) {
        cJSON_Delete(body);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, body);
}

/* ---- invitations ---- */

/* The briefing a build invites to and how many it newly invited. */
struct build_count {
    int64_t id, added;
};

/* Adds one member picked by the rule (ctx: a struct build_count). */
static enum yh_err invite_by_rule(struct req *r, const struct audience_row *row, bool homebound, void *ctx)
{
    struct build_count *c = ctx;
    bool inserted = false;
    (void)homebound;
    enum yh_err err = invitations_db_add(r->db, r->claims.office, c->id, row->id, "rule", &inserted);
    c->added += inserted;
    return err;
}

/* POST /v1/briefings/{id}/invitations/build: invites the active members the rule picks
 * (those already invited stay as they are, hand edits included). */
void briefing_invitations_build(struct req *r)
{
    struct briefing b;
    struct audience a;
    struct build_count c = {0, 0};
    if (!id_param_or_reply(r, &c.id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = briefings_db_get(r->db, r->claims.office, c.id, &b);
    }
    if (err == YH_OK && !audience_parse(b.audience, &a)) {
        err = YH_ERR_INTERNAL;
    }
    if (err == YH_OK) {
        err = audience_each(r, &a, invite_by_rule, &c);
    }
    if (err == YH_OK) {
        err = req_audit(r, "briefing.invite", "briefing", c.id);
    }
    if (!commit_or_reply(r, err, "briefing")) {
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "added", (double)c.added);
    cJSON_AddNumberToObject(j, "invited", (double)(b.invited + c.added));
    reply_json_take(r, 200, j);
}

/* GET /v1/briefings/{id}/invitations: by member; a member sees its own invitation only. */
void briefing_invitations_list(struct req *r)
{
    struct briefing b;
    struct db_rows rows;
    int64_t id = 0;
    int limit;
    char after[24];
    if (!id_param_or_reply(r, &id) || !page_params_or_reply(r, "invitations", &limit, after, sizeof(after))) {
        return;
    }
    if (req_is_secretary(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "office staff list the invitations", NULL);
        return;
    }
    enum yh_err err = briefings_db_get(r->db, r->claims.office, id, &b);
    if (err == YH_OK) {
        err = invitations_db_list(r->db, r->claims.office, id, req_acting_member(r),
                                  after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    }
    if (err != YH_OK) {
        reply_error(r, err, "briefing");
        return;
    }
    reply_json_take(r, 200, page_of_view(r, "invitations", &rows, limit, &invitations_view));
}

/* Replies status with member mid's invitation to briefing id. */
static void reply_invitation(struct req *r, int status, int64_t id, int64_t mid)
{
    struct db_rows rows;
    enum yh_err err = invitations_db_list(r->db, r->claims.office, id, mid, 0, 1, &rows);
    if (err == YH_OK && rows.nrows == 0) {
        db_rows_free(&rows);
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_error(r, err, "invitation");
        return;
    }
    reply_json_take(r, status, view_row(&rows, 0, &invitations_view));
    db_rows_free(&rows);
}

/* Reads {id} and {mid} and checks the briefing is the office's; false when it has replied. */
static bool invitation_path_or_reply(struct req *r, int64_t *id, int64_t *mid)
{
    struct briefing b;
    if (!id_param_or_reply(r, id) || !path_id_or_reply(r, "mid", mid)) {
        return false;
    }
    enum yh_err err = briefings_db_get(r->db, r->claims.office, *id, &b);
    if (err != YH_OK) {
        reply_error(r, err, "briefing");
        return false;
    }
    return true;
}

/* POST /v1/briefings/{id}/invitations/{mid}: invites an active member by hand (201; 200
 * when it already was). */
void briefing_invitations_add(struct req *r)
{
    struct member m;
    int64_t id = 0, mid = 0;
    bool inserted = false;
    if (!invitation_path_or_reply(r, &id, &mid)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_get_for_update(r->db, r->claims.office, mid, &m);
    }
    if (err == YH_OK && strcmp(m.status, "active") != 0) {
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = invitations_db_add(r->db, r->claims.office, id, mid, "hand", &inserted);
    }
    if (err == YH_OK && inserted) {
        err = req_audit(r, "briefing.invite", "member", mid);
    }
    if (commit_or_reply_conflict(r, err, "member", "only active members are invited")) {
        reply_invitation(r, inserted ? 201 : 200, id, mid);
    }
}

/* DELETE /v1/briefings/{id}/invitations/{mid}. */
void briefing_invitations_remove(struct req *r)
{
    int64_t id = 0, mid = 0;
    if (!invitation_path_or_reply(r, &id, &mid)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = invitations_db_remove(r->db, r->claims.office, id, mid);
    }
    if (err == YH_OK) {
        err = req_audit(r, "briefing.uninvite", "member", mid);
    }
    if (commit_or_reply(r, err, "invitation")) {
        reply_empty(r, 204);
    }
}

struct reply_body {
    char reply[10], reason[801], attendance[10];
};
static const char *const replies[] = {"accepted", "declined", NULL};
static const char *const attendances[] = {"present", "absent", "leave", "delivered", NULL};
static const struct field reply_fields[] = {
    FIELD_ENUM("reply", struct reply_body, reply, replies, FF_REQUIRED),
    FIELD_TEXT("reason", struct reply_body, reason, 200, FF_NULLABLE),
};
static const struct field attendance_fields[] = {
    FIELD_ENUM("attendance", struct reply_body, attendance, attendances, FF_REQUIRED),
};

/* PUT /v1/briefings/{id}/invitations/{mid}/reply {reply, reason?}: the member itself in
 * the app (another member's: 404), or staff taking the reply; nobody else (403). */
void briefing_invitations_reply(struct req *r)
{
    struct reply_body b = {0};
    int64_t id = 0, mid = 0;
    char at[20];
    if (!path_id_or_reply(r, "mid", &mid) || !audience_answerer_or_reply(r, mid) ||
        !invitation_path_or_reply(r, &id, &mid) ||
        !body_read_or_reply(r, reply_fields, ARRAY_LEN(reply_fields), &b, true, NULL)) {
        return;
    }
    time_cn(now_s(), at);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = invitations_db_reply(r->db, r->claims.office, id, mid, b.reply, b.reason[0] ? b.reason : NULL,
                                   at);
    }
    if (err == YH_OK) {
        err = req_audit(r, "briefing.reply", "member", mid);
    }
    if (commit_or_reply(r, err, "invitation")) {
        reply_invitation(r, 200, id, mid);
    }
}

/* PUT /v1/briefings/{id}/invitations/{mid}/attendance {attendance}: present, absent, on
 * leave, or delivered (the material taken home, like 送学上门). */
void briefing_invitations_attendance(struct req *r)
{
    struct reply_body b = {0};
    int64_t id = 0, mid = 0;
    if (!invitation_path_or_reply(r, &id, &mid) ||
        !body_read_or_reply(r, attendance_fields, ARRAY_LEN(attendance_fields), &b, true, NULL)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = invitations_db_attendance(r->db, r->claims.office, id, mid, b.attendance);
    }
    if (err == YH_OK) {
        err = req_audit(r, "briefing.attendance", "member", mid);
    }
    if (commit_or_reply(r, err, "invitation")) {
        reply_invitation(r, 200, id, mid);
    }
}

struct link_body {
    int64_t suggestion_id;
};
static const struct field link_fields[] = {
    FIELD_ID("suggestion_id", struct link_body, suggestion_id, FF_REQUIRED),
};

/* POST /v1/briefings/{id}/suggestions {suggestion_id}: the suggestion was raised at this
 * event (a suggestion belongs to one event at most: linking again moves it). */
void briefing_suggestions_link(struct req *r)
{
    struct briefing b;
    struct link_body l = {0};
    int64_t id = 0;
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, link_fields, ARRAY_LEN(link_fields), &l, true, NULL)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = briefings_db_get(r->db, r->claims.office, id, &b);
    }
    if (err == YH_OK) {
        err = briefings_db_link_suggestion(r->db, r->claims.office, id, l.suggestion_id);
        if (err == YH_ERR_NOT_FOUND) {
            db_rollback(r->db);
            reply_problem(r, err, "no such suggestion", NULL);
            return;
        }
    }
    if (err == YH_OK) {
        err = req_audit(r, "briefing.suggestion", "suggestion", l.suggestion_id);
    }
    if (commit_or_reply(r, err, "briefing")) {
        reply_briefing(r, 200, id);
    }
}
