/* /v1/volunteer-events/{id}/signups: sign-ups with a waitlist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/outbox.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_json.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* Queues event type for sign-up sid of event (data: its ids, and the volunteer's id and
 * volunteer number when not 0 — never the ID number). */
static enum yh_err publish_signup(struct req *r, const char *type, int64_t event, int64_t sid,
                                  int64_t volunteer)
{
    char data[200], no[14];
    if (volunteer) {
        enum yh_err err = volunteers_db_number(r->db, r->claims.office, volunteer, no);
        if (err != YH_OK) {
            return err;
        }
        snprintf(data, sizeof(data),
                 "{\"event_id\":\"%lld\",\"signup_id\":\"%lld\",\"volunteer_id\":\"%lld\",\"volunteer_no\":"
                 "\"%s\"}",
                 (long long)event, (long long)sid, (long long)volunteer, no);
    } else {
        snprintf(data, sizeof(data), "{\"event_id\":\"%lld\",\"signup_id\":\"%lld\"}", (long long)event,
                 (long long)sid);
    }
    return outbox_publish(r->db, &r->app->cfg, r->claims.office, type, data);
}

enum yh_err vsignups_promote(struct req *r, struct vevent *e)
{
    enum yh_err err = YH_OK;
    int64_t next = 0;
    char now[20];
    time_cn(now_s(), now);
    /* once the event has begun nobody moves up: told too late to come, then a no-show */
    while (err == YH_OK && e->confirmed < e->capacity && e->waitlisted > 0 && strcmp(e->starts_at, now) > 0) {
        int64_t vid = 0;
        bool fits = false;
        err = signups_db_next_waitlisted(r->db, r->claims.office, e->id, next, &next, &vid);
        if (err != YH_OK || next == 0) {
            break;
        }
        /* fit (issue 16): one who no longer fits the event stays waiting, the next moves up */
        err = vfit_volunteer_fits(r, e, vid, &fits);
        if (err != YH_OK || !fits) {
            continue;
        }
        err = signups_db_set_status(r->db, r->claims.office, next, "confirmed");
        if (err == YH_OK) {
            err = publish_signup(r, "volunteer_signup.promoted", e->id, next, 0);
        }
        e->confirmed++;
        e->waitlisted--;
    }
    return err == YH_OK ? events_db_set_counts(r->db, r->claims.office, e->id, e->confirmed, e->waitlisted)
                        : err;
}

static const char *const signup_fields[] = {"volunteer_id", NULL};

/* Who signs up: a member itself (*self), or the volunteer_id staff name. False when it
 * has replied 422. */
static bool signup_body_or_reply(struct req *r, bool *self, int64_t *vid)
{
    struct verrs v = {0};
    *self = !req_is_staff(r);
    if (*self && cJSON_GetObjectItemCaseSensitive(r->json, "volunteer_id") != NULL) {
        verr_add(&v, "volunteer_id", "members sign themselves up");
    }
    if (!*self) {
        json_take_id(r->json, "volunteer_id", false, vid, &v);
        if (v.n == 0 && *vid == 0) {
            verr_add(&v, "volunteer_id", "is required");
        }
    }
    return verrs_ok_or_reply(r, &v);
}

/* Begins the unit of work and locks, in this order, the volunteer (its overlaps) and
 * event id (its capacity) into vol and e; a member is registered as a volunteer on first
 * sign-up. False when it has rolled back and replied 422 (staff naming no volunteer of
 * this office); other errors are returned in *err, the transaction open. */
static bool signup_lock_or_reply(struct req *r, int64_t id, bool self, int64_t *vid, struct volunteer *vol,
                                 struct vevent *e, enum yh_err *err)
{
    *err = db_begin(r->db);
    if (*err == YH_OK && self) {
        *err = volunteer_self(r, true, vol);
        *vid = vol->id;
    }
    if (*err == YH_OK) {
        *err = volunteers_db_get_for_update(r->db, r->claims.office, *vid, vol);
        if (*err == YH_ERR_NOT_FOUND && !self) {
            struct verrs v = {0};
            db_rollback(r->db);
            verr_add(&v, "volunteer_id", "no such volunteer in this office");
            verrs_ok_or_reply(r, &v);
            return false;
        }
    }
    if (*err == YH_OK) {
        *err = events_db_get_for_update(r->db, r->claims.office, id, e);
    }
    return true;
}

/* Why volunteer vol may not sign up for event e (conflict, "" when it may): the event
 * hidden from the caller is NOT_FOUND; the event not open, the volunteer inactive,
 * signed up already or busy then are conflicts. */
static enum yh_err signup_conflict(struct req *r, const struct vevent *e, const struct volunteer *vol,
                                   char *conflict, size_t n)
{
    struct signup s;
    bool visible = false;
    int64_t overlaps = 0;
    enum yh_err err = vevent_visible(r, e, &visible);
    if (err != YH_OK || !visible) {
        return err != YH_OK ? err : YH_ERR_NOT_FOUND;
    }
    if (strcmp(e->status, "open") != 0) {
        snprintf(conflict, n, "the event is %s: sign-up is for open events", e->status);
        return YH_OK;
    }
    if (strcmp(vol->status, "active") != 0) {
        snprintf(conflict, n, "the volunteer is inactive");
        return YH_OK;
    }
    err = signups_db_open(r->db, r->claims.office, e->id, vol->id, &s);
    if (err == YH_OK) {
        snprintf(conflict, n, "already signed up (%s)", s.status);
        return YH_OK;
    }
    if (err != YH_ERR_NOT_FOUND) {
        return err;
    }
    err = signups_db_overlaps(r->db, r->claims.office, vol->id, e->id, e->starts_at, e->ends_at, &overlaps);
    if (err == YH_OK && overlaps > 0) {
        snprintf(conflict, n, "the volunteer holds another event at that time");
    }
    return err;
}

/* Signs volunteer vid up for the locked event e: confirmed while there is room, else
 * waitlisted. The new sign-up and its waitlist position go to s and pos. */
static enum yh_err signup_insert(struct req *r, const struct vevent *e, int64_t vid, struct signup *s,
                                 int64_t *pos)
{
    int64_t sid = 0;
    bool confirmed = e->confirmed < e->capacity;
    enum yh_err err =
        signups_db_insert(r->db, r->claims.office, e->id, vid, confirmed ? "confirmed" : "waitlisted", &sid);
    if (err == YH_OK) {
        err = events_db_set_counts(r->db, r->claims.office, e->id, e->confirmed + confirmed,
                                   e->waitlisted + !confirmed);
    }
    if (err == YH_OK) {
        err = req_audit(r, "signup.create", "signup", sid);
    }
    if (err == YH_OK && confirmed) {
        err = publish_signup(r, "volunteer_signup.confirmed", e->id, sid, vid);
    }
    if (err == YH_OK) {
        err = signups_db_get(r->db, r->claims.office, e->id, sid, s);
    }
    if (err == YH_OK) {
        err = signups_db_position(r->db, r->claims.office, e->id, sid, pos);
    }
    return err;
}

/* POST /v1/volunteer-events/{id}/signups */
void vsignups_create(struct req *r)
{
    struct vevent e;
    struct volunteer vol;
    struct signup s;
    char conflict[160] = "", loc[64];
    int64_t id = 0, vid = 0, pos = 0;
    bool self = false;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, signup_fields) ||
        !signup_body_or_reply(r, &self, &vid)) {
        return;
    }
    /* an event of another office is absent, whatever the body says */
    enum yh_err err = events_db_get(r->db, r->claims.office, id, &e);
    if (err != YH_OK) {
        reply_error(r, err, "event");
        return;
    }
    if (!signup_lock_or_reply(r, id, self, &vid, &vol, &e, &err)) {
        return;
    }
    if (err == YH_OK) {
        err = signup_conflict(r, &e, &vol, conflict, sizeof(conflict));
    }
    if (err != YH_OK || conflict[0]) {
        db_rollback(r->db);
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT,
                      err == YH_ERR_NOT_FOUND   ? "no such event"
                      : err == YH_ERR_FORBIDDEN ? "only members sign themselves up"
                                                : conflict,
                      NULL);
        return;
    }
    /* safety and fit (issue 16): staff signing someone up obey it too */
    if (!vfit_signup_or_reply(r, &e, &vol)) {
        return;
    }
    err = signup_insert(r, &e, vid, &s, &pos);
    if (commit_or_reply_conflict(r, err, "sign-up", "already signed up")) {
        snprintf(loc, sizeof(loc), "/v1/volunteer-events/%lld/signups", (long long)id);
        reply_created_take(r, loc, s.id, vsignup_json(&s, pos));
    }
}

/* GET /v1/volunteer-events/{id}/signups */
void vsignups_list(struct req *r)
{
    struct vevent e;
    struct db_rows rows;
    int64_t id = 0;
    if (!vevent_of_path_or_reply(r, &id, &e)) {
        return;
    }
    vol_reply_items(r, signups_db_list(r->db, r->claims.office, id, &rows), &rows, &signups_view);
}

/* Locks event id and reads its sign-up sid into s; a member may cancel only its own
 * (another's is NOT_FOUND). */
static enum yh_err signup_of_caller(struct req *r, int64_t id, int64_t sid, struct vevent *e,
                                    struct signup *s)
{
    struct volunteer me;
    enum yh_err err = events_db_get_for_update(r->db, r->claims.office, id, e);
    if (err == YH_OK) {
        err = signups_db_get(r->db, r->claims.office, id, sid, s);
    }
    if (err == YH_OK && !req_is_staff(r)) {
        err = volunteer_self(r, false, &me);
        if (err == YH_OK && me.id != s->volunteer_id) {
            err = YH_ERR_NOT_FOUND;
        }
        err = err == YH_ERR_FORBIDDEN ? YH_ERR_NOT_FOUND : err;
    }
    return err;
}

/* DELETE /v1/volunteer-events/{id}/signups/{sid} */
void vsignups_cancel(struct req *r)
{
    struct vevent e;
    struct signup s;
    int64_t id = 0, sid = 0;
    if (!id_param_or_reply(r, &id) || !path_id_or_reply(r, "sid", &sid)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = signup_of_caller(r, id, sid, &e, &s);
    }
    char now[20];
    time_cn(now_s(), now);
    /* a member's cancel after the start would dodge the no-show mark: staff may still
     * cancel (audited below) */
    const char *conflict = err != YH_OK                         ? NULL
                           : strcmp(s.status, "cancelled") == 0 ? "the sign-up is already cancelled"
                           : s.checked_in_at[0] ? "the volunteer has checked in: the sign-up stays"
                           : !req_is_staff(r) && strcmp(e.starts_at, now) <= 0
                               ? "the event has begun: a volunteer cannot cancel any more (ask the office)"
                               : NULL;
    if (conflict != NULL) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, conflict, NULL);
        return;
    }
    if (err == YH_OK) {
        err = signups_db_set_status(r->db, r->claims.office, sid, "cancelled");
    }
    if (err == YH_OK) {
        bool was_confirmed = strcmp(s.status, "confirmed") == 0;
        e.confirmed -= was_confirmed;
        e.waitlisted -= !was_confirmed;
        /* the first on the waitlist moves up (only while the event takes sign-ups) */
        err = strcmp(e.status, "open") == 0 || strcmp(e.status, "closed") == 0
                  ? vsignups_promote(r, &e)
                  : events_db_set_counts(r->db, r->claims.office, id, e.confirmed, e.waitlisted);
    }
    if (err == YH_OK) {
        err = req_audit(r, "signup.cancel", "signup", sid);
    }
    if (commit_or_reply(r, err, "sign-up")) {
        reply_empty(r, 204);
    }
}

/* ---- attendance: the volunteer's answer to a reminder, no-shows (issue 16, h4) ---- */

/* Why sign-up s of event e cannot be confirmed now ("" when it can). */
static void confirm_conflict(const struct vevent *e, const struct signup *s, char *why, size_t n)
{
    char now[20];
    time_cn(now_s(), now);
    if (strcmp(s->status, "confirmed") != 0) {
        snprintf(why, n, "the sign-up is %s: only a confirmed sign-up answers a reminder", s->status);
    } else if (strcmp(e->status, "open") != 0 && strcmp(e->status, "closed") != 0) {
        snprintf(why, n, "the event is %s", e->status);
    } else if (strcmp(e->starts_at, now) <= 0) {
        snprintf(why, n, "the event has begun: there is nothing left to confirm");
    }
}

/* POST /v1/volunteer-events/{id}/signups/{sid}/confirm: the volunteer (or staff for it)
 * says it will come; the first answer's time stays. Cancelling is the DELETE. */
void vsignups_confirm(struct req *r)
{
    struct vevent e;
    struct signup s;
    char why[160] = "", now[20];
    int64_t id = 0, sid = 0;
    if (!id_param_or_reply(r, &id) || !path_id_or_reply(r, "sid", &sid)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = signup_of_caller(r, id, sid, &e, &s);
    }
    if (err == YH_OK) {
        confirm_conflict(&e, &s, why, sizeof(why));
    }
    if (err != YH_OK || why[0]) {
        db_rollback(r->db);
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT,
                      err == YH_ERR_NOT_FOUND ? "no such sign-up"
                      : why[0]                ? why
                                              : NULL,
                      NULL);
        return;
    }
    time_cn(now_s(), now);
    err = signups_db_confirm_attendance(r->db, r->claims.office, sid, now);
    if (err == YH_OK) {
        err = req_audit(r, "signup.attendance_confirm", "signup", sid);
    }
    if (err == YH_OK) {
        err = signups_db_get(r->db, r->claims.office, id, sid, &s);
    }
    if (commit_or_reply(r, err, "sign-up")) {
        reply_json_take(r, 200, vsignup_json(&s, 0));
    }
}

enum yh_err vsignups_mark_no_shows(struct req *r, const struct vevent *e)
{
    char now[20];
    uint64_t n = 0;
    time_cn(now_s(), now);
    /* an event closed as done before it began had nobody to miss it */
    if (strcmp(e->starts_at, now) > 0) {
        return YH_OK;
    }
    enum yh_err err = signups_db_mark_no_shows(r->db, r->claims.office, e->id, e->starts_at, now, &n);
    return err == YH_OK && n > 0 ? req_audit(r, "signup.no_show", "event", e->id) : err;
}

struct no_show_undo {
    char reason[801]; /* 200 characters of up to 4 bytes */
};
static const struct field no_show_undo_fields[] = {
    FIELD_TEXT("reason", struct no_show_undo, reason, 200, FF_REQUIRED),
};

/* POST /v1/volunteer-events/{id}/signups/{sid}/no-show/undo: staff clear a wrong no-show,
 * saying why (kept on the sign-up, and audited). */
void vsignups_no_show_undo(struct req *r)
{
    struct signup s;
    struct no_show_undo u = {0};
    struct verrs v = {0};
    char now[20];
    int64_t id = 0, sid = 0;
    uint64_t changed = 0;
    if (!id_param_or_reply(r, &id) || !path_id_or_reply(r, "sid", &sid) ||
        !body_read_or_reply(r, no_show_undo_fields, ARRAY_LEN(no_show_undo_fields), &u, true, NULL)) {
        return;
    }
    if (!u.reason[0]) {
        verr_add(&v, "reason", "is required");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = signups_db_get(r->db, r->claims.office, id, sid, &s);
    }
    if (err == YH_OK) {
        time_cn(now_s(), now);
        err = signups_db_undo_no_show(r->db, r->claims.office, sid, now, r->claims.sub, u.reason, &changed);
    }
    if (err == YH_OK && changed == 0) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "the sign-up is not marked no-show", NULL);
        return;
    }
    if (err == YH_OK) {
        err = req_audit(r, "signup.no_show_undo", "signup", sid);
    }
    if (err == YH_OK) {
        err = signups_db_get(r->db, r->claims.office, id, sid, &s);
    }
    if (commit_or_reply(r, err, "sign-up")) {
        reply_json_take(r, 200, vsignup_json(&s, 0));
    }
}
