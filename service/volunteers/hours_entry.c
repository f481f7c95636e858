/* Truthful hours (issue 16): hours entered by staff (POST /v1/volunteer-hours), their
 * corrections (POST /v1/volunteer-hours/{id}/corrections) and the report of hand-made
 * entries per staff account (GET /v1/volunteer-hours/entered-by). An entry is never
 * edited or deleted: a correction is a new entry naming the one it replaces, with a
 * reason and who made it; the points follow through the ledger. */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

struct correction {
    int64_t minutes;
    char reason[801];
};
/* 0 minutes strikes the entry out; the reason is what the audit trail keeps. */
static const struct field correction_fields[] = {
    FIELD_INT("minutes", struct correction, minutes, 0, 720, FF_REQUIRED),
    FIELD_TEXT("reason", struct correction, reason, 200, FF_REQUIRED),
};

/* The points result of a correction, for the reply. */
struct adjustment {
    int64_t delta, unrecovered;
};

/* Moves the locked vol's points by what the correction cid of entry old changes:
 * its minutes are worth a target, old's chain was worth and was credited some points
 * (vpoints_correction); never below zero. */
static enum yh_err correct_points(struct req *r, struct volunteer *vol, int64_t old, int64_t cid,
                                  int64_t minutes, struct adjustment *a)
{
    struct vhours_points held = {0};
    int64_t pph = 10, entry = 0;
    char note[96];
    enum yh_err err = hours_db_points_held(r->db, r->claims.office, old, &held);
    if (err == YH_OK) {
        err = offices_db_points_per_hour(r->db, r->claims.office, &pph);
    }
    if (err != YH_OK) {
        return err;
    }
    a->delta = vpoints_correction(held.worth, held.credited, minutes * pph / 60, vol->points_balance,
                                  &a->unrecovered);
    snprintf(note, sizeof(note), "%lld points already redeemed were not taken back",
             (long long)a->unrecovered);
    if (a->delta == 0) {
        return YH_OK;
    }
    if (a->delta > 0) {
        /* a rise is an earning: the office's day and year caps hold it as any other */
        int64_t before = vol->points_balance;
        err = vpoints_earn(r, vol, cid, a->delta);
        a->delta = vol->points_balance - before;
        return err;
    }
    return ledger_db_append(r->db, r->claims.office, vol->id, &vol->points_balance, a->delta, "adjust", cid,
                            a->unrecovered ? note : NULL, r->claims.sub, &entry);
}

/* Why entry h may not be corrected (only a counted entry may), into msg; "" when it may. */
static void correctable(const struct vhours *h, char *msg, size_t n)
{
    msg[0] = '\0';
    if (h->corrected_by) {
        snprintf(msg, n, "entry %lld already corrects this one: correct that entry instead",
                 (long long)h->corrected_by);
    } else if (strcmp(h->status, "confirmed") != 0) {
        snprintf(msg, n, "only a confirmed entry can be corrected: this one is %s (confirm or reject it)",
                 h->status);
    }
}

/* The JSON of the new entry h (id), which every reply of this file shows. */
static cJSON *entry_json(const struct vhours *h, int64_t id, const struct volunteer *vol)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", id);
    json_add_id(j, "volunteer_id", h->volunteer_id);
    cJSON_AddStringToObject(j, "volunteer_no", vol->volunteer_no);
    json_add_id(j, "event_id", h->event_id);
    cJSON_AddNumberToObject(j, "minutes", (double)h->minutes);
    cJSON_AddStringToObject(j, "source", h->source);
    cJSON_AddStringToObject(j, "status", h->status);
    json_add_id(j, "corrects_id", h->corrects_id);
    cJSON_AddStringToObject(j, "reason", h->reason);
    cJSON_AddStringToObject(j, "entered_by", h->entered_by);
    cJSON_AddNumberToObject(j, "points_balance", (double)vol->points_balance);
    return j;
}

/* Writes h, the correction of the locked entry old, and moves the points (into a). */
static enum yh_err correct(struct req *r, const struct vhours *old, struct vhours *h, struct volunteer *vol,
                           int64_t *cid, struct adjustment *a)
{
    enum yh_err err = volunteers_db_get_for_update(r->db, r->claims.office, old->volunteer_id, vol);
    if (err == YH_OK) {
        err = hours_db_insert(r->db, r->claims.office, h, NULL, cid);
    }
    if (err == YH_OK) {
        err = correct_points(r, vol, old->id, *cid, h->minutes, a);
    }
    if (err == YH_OK) {
        err = req_audit(r, "hours.correct", "hours", *cid);
    }
    return err;
}

/* POST /v1/volunteer-hours/{id}/corrections */
void vhours_correct(struct req *r)
{
    struct correction c = {0};
    struct vhours old, h = {0};
    struct volunteer vol;
    struct adjustment a = {0};
    char msg[160] = "";
    int64_t id = 0, cid = 0;
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, correction_fields, ARRAY_LEN(correction_fields), &c, true, NULL)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = hours_db_get_for_update(r->db, r->claims.office, id, &old);
    }
    if (err == YH_OK) {
        correctable(&old, msg, sizeof(msg));
    }
    if (err != YH_OK || msg[0]) {
        db_rollback(r->db);
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT,
                      err == YH_ERR_NOT_FOUND ? "no such entry" : msg, NULL);
        return;
    }
    h = (struct vhours){.volunteer_id = old.volunteer_id,
                        .event_id = old.event_id,
                        .team_id = old.team_id,
                        .minutes = c.minutes,
                        .corrects_id = id};
    snprintf(h.source, sizeof(h.source), "correction");
    snprintf(h.status, sizeof(h.status), "confirmed");
    snprintf(h.served_on, sizeof(h.served_on), "%s", old.served_on);
    snprintf(h.reason, sizeof(h.reason), "%s", c.reason);
    snprintf(h.entered_by, sizeof(h.entered_by), "%s", r->claims.sub);
    err = correct(r, &old, &h, &vol, &cid, &a);
    /* two corrections at once: the unique key on corrects_id lets one through */
    if (!commit_or_reply_conflict(r, err, "hours entry",
                                  "this entry was corrected meanwhile: correct that entry")) {
        return;
    }
    cJSON *j = entry_json(&h, cid, &vol);
    cJSON_AddNumberToObject(j, "previous_minutes", (double)old.minutes);
    cJSON_AddNumberToObject(j, "points_delta", (double)a.delta);
    cJSON_AddNumberToObject(j, "points_unrecovered", (double)a.unrecovered);
    reply_json_take(r, 201, j);
}

struct staff_entry {
    int64_t volunteer_id, event_id, minutes;
    char reason[801], note[801];
};
static const struct field staff_entry_fields[] = {
    FIELD_ID("volunteer_id", struct staff_entry, volunteer_id, FF_REQUIRED),
    FIELD_ID("event_id", struct staff_entry, event_id, FF_REQUIRED),
    FIELD_INT("minutes", struct staff_entry, minutes, 1, 720, FF_REQUIRED),
    FIELD_TEXT("reason", struct staff_entry, reason, 200, FF_REQUIRED),
    FIELD_TEXT("note", struct staff_entry, note, 200, FF_NULLABLE),
};

/* The volunteer and event of s, both of the office, into vol and e (422 naming the field
 * otherwise), the event started and not cancelled or a draft (409); false when it has
 * replied. */
static bool staff_entry_refs_or_reply(struct req *r, const struct staff_entry *s, struct volunteer *vol,
                                      struct vevent *e)
{
    struct verrs v = {0};
    char now[20];
    enum yh_err err = volunteers_db_get(r->db, r->claims.office, s->volunteer_id, vol);
    if (err == YH_ERR_NOT_FOUND) {
        err = YH_OK;
        verr_add(&v, "volunteer_id", "no such volunteer in this office");
    }
    enum yh_err err2 = err == YH_OK ? events_db_get(r->db, r->claims.office, s->event_id, e) : err;
    if (err2 == YH_ERR_NOT_FOUND) {
        err2 = YH_OK;
        verr_add(&v, "event_id", "no such event in this office");
    }
    if (err2 != YH_OK) {
        reply_problem(r, err2, NULL, NULL);
        return false;
    }
    if (v.n == 0 && s->minutes > vevent_length_minutes(e->starts_at, e->ends_at)) {
        verr_add(&v, "minutes", "more than the event lasts");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return false;
    }
    time_cn(now_s(), now);
    const char *conflict = strcmp(e->status, "draft") == 0 || strcmp(e->status, "cancelled") == 0
                               ? "hours are entered for open, closed or done events"
                           : strcmp(e->starts_at, now) > 0 ? "the event has not started yet"
                                                           : NULL;
    if (conflict) {
        reply_problem(r, YH_ERR_CONFLICT, conflict, NULL);
        return false;
    }
    return true;
}

/* POST /v1/volunteer-hours */
void vhours_enter(struct req *r)
{
    struct staff_entry s = {0};
    struct volunteer vol;
    struct vevent e;
    int64_t hid = 0, prior = 0;
    if (!body_read_or_reply(r, staff_entry_fields, ARRAY_LEN(staff_entry_fields), &s, true, NULL) ||
        !staff_entry_refs_or_reply(r, &s, &vol, &e)) {
        return;
    }
    struct vhours h = {.volunteer_id = vol.id, .event_id = e.id, .team_id = e.team_id, .minutes = s.minutes};
    snprintf(h.source, sizeof(h.source), "staff");
    snprintf(h.status, sizeof(h.status), "confirmed");
    snprintf(h.served_on, sizeof(h.served_on), "%.10s", e.starts_at);
    snprintf(h.reason, sizeof(h.reason), "%s", s.reason);
    snprintf(h.entered_by, sizeof(h.entered_by), "%s", r->claims.sub);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = volunteers_db_get_for_update(r->db, r->claims.office, vol.id, &vol);
    }
    /* one entry per volunteer and event counts: a wrong one is corrected, not added to.
     * Read under the volunteer's row lock, so two staff entries at once see each other */
    if (err == YH_OK) {
        err = hours_db_event_entry(r->db, r->claims.office, vol.id, e.id, &prior);
    }
    if (err == YH_OK && prior) {
        db_rollback(r->db);
        char msg[160];
        snprintf(msg, sizeof(msg),
                 "entry %lld already gives this volunteer's hours for the event: correct it instead",
                 (long long)prior);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    if (err == YH_OK) {
        err = hours_db_insert(r->db, r->claims.office, &h, s.note, &hid);
    }
    if (err == YH_OK) {
        err = vhours_credit(r, &vol, hid, h.minutes);
    }
    if (err == YH_OK) {
        err = req_audit(r, "hours.enter", "hours", hid);
    }
    if (commit_or_reply(r, err, "hours entry")) {
        reply_json_take(r, 201, entry_json(&h, hid, &vol));
    }
}

/* GET /v1/volunteer-hours/entered-by */
void vhours_entered_by(struct req *r)
{
    char from[11], to[11];
    struct db_rows rows;
    if (!vreport_dates_or_reply(r, from, to)) {
        return;
    }
    enum yh_err err = hours_db_entered_by(r->db, r->claims.office, from, to, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "from", from);
    cJSON_AddStringToObject(body, "to", to);
    cJSON_AddItemToObject(body, "items", view_rows(&rows, rows.nrows, &entered_view));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}
