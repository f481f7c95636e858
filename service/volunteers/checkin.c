/* Attendance at volunteer events: /v1/volunteer-events/{id}/attendance (staff check a
 * volunteer in or out), /{id}/checkin-code (a signed code for the venue) and
 * /v1/volunteer-events/check-in (a volunteer checks itself in with that code). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/crypto.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/reach.h"
#include "yinhui/signed_code.h"
#include "yinhui/volunteer_json.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

#define CHECKIN_PURPOSE "event-checkin"

/* The check-in window of e: from YH_CHECKIN_MARGIN_MIN before it starts to as long after
 * it ends. Writes a 409 message to msg when now (China time) is outside it. */
static bool in_checkin_window(const struct req *r, const struct vevent *e, const char *now, char *msg,
                              size_t n)
{
    int64_t margin = r->app->cfg.checkin_margin_min * 60, t = time_cn_parse(now);
    char edge[20], at[26];
    if (t < time_cn_parse(e->starts_at) - margin) {
        time_cn(time_cn_parse(e->starts_at) - margin, edge);
        time_cn_rfc3339(edge, at);
        snprintf(msg, n, "check-in for this event opens at %s", at);
        return false;
    }
    if (t > time_cn_parse(e->ends_at) + margin) {
        time_cn(time_cn_parse(e->ends_at) + margin, edge);
        time_cn_rfc3339(edge, at);
        snprintf(msg, n, "check-in for this event closed at %s", at);
        return false;
    }
    return true;
}

/* A volunteer's own check-in with code: only in e's window and once per code and
 * volunteer; the refusal goes to msg. */
static enum yh_err use_code(struct req *r, const struct vevent *e, int64_t vid, const char *code,
                            const char *now, char *msg, size_t n)
{
    unsigned char hash[32];
    if (!in_checkin_window(r, e, now, msg, n)) {
        return YH_OK;
    }
    sha256(code, strlen(code), hash);
    enum yh_err err = checkin_code_db_use(r->db, r->claims.office, hash, vid, e->id, now);
    if (err == YH_ERR_CONFLICT) {
        snprintf(msg, n,
                 "this check-in code was already used by this volunteer: ask the organiser for a fresh one");
        return YH_OK;
    }
    return err;
}

/* Why sign-up s to e may not check in (in) or out now: writes the refusal to msg. */
static void check_state(const struct vevent *e, const struct signup *s, bool in, char *msg, size_t n)
{
    if (strcmp(e->status, "open") != 0 && strcmp(e->status, "closed") != 0) {
        snprintf(msg, n, "the event is %s", e->status);
    } else if (strcmp(s->status, "confirmed") != 0) {
        snprintf(msg, n, "the sign-up is %s, not confirmed", s->status);
    } else if (in && s->checked_in_at[0]) {
        snprintf(msg, n, "already checked in");
    } else if (!in && !s->checked_in_at[0]) {
        snprintf(msg, n, "not checked in yet");
    } else if (!in && s->checked_out_at[0]) {
        snprintf(msg, n, "already checked out");
    }
}

/* Records the check-in (in) or check-out at now of sign-up s to e; a check-out records
 * the confirmed hours (*minutes) and credits their points to the locked vol. Staff
 * attendance (reason not NULL) records them as 'attendance' with the reason and who. */
static enum yh_err check_record(struct req *r, const struct vevent *e, const struct signup *s,
                                struct volunteer *vol, bool in, const char *now, const char *reason,
                                int64_t *minutes)
{
    int64_t hours_id = 0;
    enum yh_err err = signups_db_check(r->db, r->claims.office, s->id, in, now);
    *minutes = in ? 0 : vhours_served_minutes(e->starts_at, e->ends_at, s->checked_in_at, now);
    if (err == YH_OK && !in) {
        struct vhours h = {
            .volunteer_id = vol->id, .event_id = e->id, .team_id = e->team_id, .minutes = *minutes};
        snprintf(h.source, sizeof(h.source), "%s", reason ? "attendance" : "checkin");
        snprintf(h.status, sizeof(h.status), "confirmed");
        snprintf(h.reason, sizeof(h.reason), "%s", reason ? reason : "");
        snprintf(h.entered_by, sizeof(h.entered_by), "%s", reason ? r->claims.sub : "");
        snprintf(h.served_on, sizeof(h.served_on), "%.10s", s->checked_in_at);
        err = hours_db_insert(r->db, r->claims.office, &h, NULL, &hours_id);
        if (err == YH_OK) {
            err = vhours_credit(r, vol, hours_id, *minutes);
        }
    }
    if (err == YH_OK) {
        err = req_audit(r, in ? "signup.check_in" : "signup.check_out", "signup", s->id);
    }
    return err;
}

/* Checks volunteer vid in (or out, which records the hours) at event id; action NULL:
 * whichever is next. With a code (the volunteer's own check-in), only in the event's
 * window and once per code; with a reason, staff attendance. */
static void check(struct req *r, int64_t id, int64_t vid, const char *action, const char *code,
                  const char *reason)
{
    struct vevent e;
    struct volunteer vol;
    struct signup s;
    char now[20], msg[160] = "";
    int64_t minutes = 0;
    time_cn(now_s(), now);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = volunteers_db_get_for_update(r->db, r->claims.office, vid, &vol);
    }
    if (err == YH_OK) {
        err = events_db_get(r->db, r->claims.office, id, &e);
    }
    if (err == YH_OK && code != NULL) {
        err = use_code(r, &e, vid, code, now, msg, sizeof(msg));
    }
    if (err == YH_OK && !msg[0]) {
        err = signups_db_open(r->db, r->claims.office, id, vid, &s);
        if (err == YH_ERR_NOT_FOUND) {
            err = YH_OK;
            snprintf(msg, sizeof(msg), "the volunteer is not signed up for this event");
        }
    }
    bool in = action ? strcmp(action, "in") == 0 : !(err == YH_OK && !msg[0] && s.checked_in_at[0]);
    if (err == YH_OK && !msg[0]) {
        check_state(&e, &s, in, msg, sizeof(msg));
    }
    if (err != YH_OK || msg[0]) {
        db_rollback(r->db);
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT,
                      err == YH_ERR_NOT_FOUND ? "no such event or volunteer" : msg, NULL);
        return;
    }
    err = check_record(r, &e, &s, &vol, in, now, reason, &minutes);
    if (!commit_or_reply_conflict(r, err, "sign-up", "hours for this event are already recorded")) {
        return;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "signup_id", s.id);
    json_add_id(j, "event_id", id);
    json_add_id(j, "volunteer_id", vid);
    cJSON_AddStringToObject(j, "action", in ? "in" : "out");
    vjson_add_time(j, "at", now);
    if (!in) {
        cJSON_AddNumberToObject(j, "minutes", (double)minutes);
        cJSON_AddNumberToObject(j, "points_balance", (double)vol.points_balance);
    }
    reply_json_take(r, 200, j);
}

static const char *const actions[] = {"in", "out", NULL};

struct attendance {
    int64_t volunteer_id;
    char action[4];
    char reason[801];
};
/* All are required: one error at a time, the volunteer's first (as before the table).
 * The reason (why staff, not the volunteer's own code) stays on the hours entry. */
static const struct field attendance_fields[] = {
    FIELD_ID("volunteer_id", struct attendance, volunteer_id, 0),
    FIELD_ENUM("action", struct attendance, action, actions, 0),
    FIELD_TEXT("reason", struct attendance, reason, 200, 0),
};

/* POST /v1/volunteer-events/{id}/attendance */
void vevents_attendance(struct req *r)
{
    struct vevent e;
    struct attendance a = {0};
    struct verrs v = {0};
    int64_t id = 0;
    if (!vevent_of_path_or_reply(r, &id, &e) ||
        !body_read_or_reply(r, attendance_fields, ARRAY_LEN(attendance_fields), &a, true, NULL)) {
        return;
    }
    if (a.volunteer_id == 0 || !a.action[0] || !a.reason[0]) {
        verr_add(&v,
                 a.volunteer_id == 0 ? "volunteer_id"
                 : !a.action[0]      ? "action"
                                     : "reason",
                 "is required");
    }
    if (verrs_ok_or_reply(r, &v)) {
        check(r, id, a.volunteer_id, a.action, NULL, a.reason);
    }
}

struct code_request {
    int64_t ttl_s;
};
static const struct field code_fields[] = {
    FIELD_INT("ttl_s", struct code_request, ttl_s, 30, 3600, 0),
};

/* POST /v1/volunteer-events/{id}/checkin-code */
void vevents_checkin_code(struct req *r)
{
    struct vevent e;
    struct code_request c = {.ttl_s = 600};
    char code[SIGNED_CODE_LEN + 1], exp_cn[20], now[20], msg[96];
    int64_t id = 0;
    /* the body is optional: without one the code lives ten minutes */
    if (!vevent_of_path_or_reply(r, &id, &e) ||
        (r->json && !body_read_or_reply(r, code_fields, ARRAY_LEN(code_fields), &c, true, NULL))) {
        return;
    }
    int64_t ttl = c.ttl_s;
    if (strcmp(e.status, "open") != 0 && strcmp(e.status, "closed") != 0) {
        reply_problem(r, YH_ERR_CONFLICT, "check-in is for open or closed events", NULL);
        return;
    }
    time_cn(now_s(), now);
    if (!in_checkin_window(r, &e, now, msg, sizeof(msg))) {
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    /* a code outlives neither its ttl nor the event's window */
    int64_t exp = now_s() + ttl, close = time_cn_parse(e.ends_at) + r->app->cfg.checkin_margin_min * 60;
    exp = exp < close ? exp : close;
    signed_code_make(r->app->cfg.master_key, CHECKIN_PURPOSE, r->claims.office, id, exp, code);
    time_cn(exp, exp_cn);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "event_id", id);
    cJSON_AddStringToObject(j, "code", code);
    vjson_add_time(j, "expires_at", exp_cn);
    reply_header(r, "Cache-Control", "no-store");
    reply_json_take(r, 201, j);
}

struct checkin {
    char action[4]; /* "": whichever is next */
};
/* code is read with json_get_string: the handler borrows it. */
static const struct field checkin_fields[] = {
    FIELD_OTHER("code", 0),
    FIELD_ENUM("action", struct checkin, action, actions, 0),
};

/* The event a check-in code of this office names into *id; false when it has replied
 * 422 (not such a code, or expired). */
static bool checkin_code_or_reply(struct req *r, const char *code, int64_t *id)
{
    struct verrs v = {0};
    switch (signed_code_check(r->app->cfg.master_key, CHECKIN_PURPOSE, r->claims.office, code, now_s(), id)) {
    case CODE_BAD:
        verr_add(&v, "code", "is not a check-in code of this office");
        break;
    case CODE_EXPIRED:
        verr_add(&v, "code", "has expired: ask the organiser for a fresh one");
        break;
    case CODE_OK:
        break;
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/volunteer-events/check-in */
void vevents_checkin(struct req *r)
{
    struct volunteer me;
    struct verrs v = {0};
    struct checkin c = {0};
    const char *code = NULL;
    char now[20];
    int64_t id = 0;
    if (!vol_json_body_or_reply(r)) {
        return;
    }
    json_get_string(r->json, "code", true, 64, &code, &v);
    body_read(r, checkin_fields, ARRAY_LEN(checkin_fields), &c, false, NULL, &v);
    if (!verrs_ok_or_reply(r, &v) || !checkin_code_or_reply(r, code, &id)) {
        return;
    }
    enum yh_err err = volunteer_self(r, false, &me);
    if (err != YH_OK) {
        reply_problem(r, err == YH_ERR_NOT_FOUND ? YH_ERR_CONFLICT : err,
                      err == YH_ERR_NOT_FOUND ? "you are not signed up for this event"
                                              : "members check themselves in",
                      NULL);
        return;
    }
    time_cn(now_s(), now);
    checkin_code_db_prune(r->db, now); /* best effort, outside the check-in's transaction */
    check(r, id, me.id, c.action[0] ? c.action : NULL, code, NULL);
}
