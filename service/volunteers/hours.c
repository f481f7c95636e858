/* Volunteer hours: /v1/volunteer-events/{id}/claims (claimed by or for a volunteer) and
 * /v1/volunteer-hours (the list, and /confirm or /reject of a claim). */
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

enum yh_err vhours_credit(struct req *r, struct volunteer *vol, int64_t hours_id, int64_t minutes)
{
    int64_t pph = 10;
    enum yh_err err = offices_db_points_per_hour(r->db, r->claims.office, &pph);
    int64_t points = minutes * pph / 60;
    if (err == YH_OK && points > 0) {
        /* every earning goes through the office's day and year caps (points.c) */
        err = vpoints_earn(r, vol, hours_id, points);
    }
    return err;
}

struct claim {
    int64_t minutes;
    char note[801];
    int64_t volunteer_id;
};
/* volunteer_id is staff's to name, and refused to members with its own message. */
static const struct field claim_fields[] = {
    FIELD_INT("minutes", struct claim, minutes, 15, 720, FF_REQUIRED),
    FIELD_TEXT("note", struct claim, note, 200, FF_NULLABLE),
    FIELD_OTHER("volunteer_id", 0),
};

/* The claim's body into c: minutes, note and (staff only) the volunteer; false when it
 * has replied 422. */
static bool claim_body_or_reply(struct req *r, struct claim *c)
{
    struct verrs v = {0};
    if (!body_read_or_reply(r, claim_fields, ARRAY_LEN(claim_fields), c, true, NULL)) {
        return false;
    }
    if (req_is_staff(r)) {
        json_take_id(r->json, "volunteer_id", false, &c->volunteer_id, &v);
        if (v.n == 0 && c->volunteer_id == 0) {
            verr_add(&v, "volunteer_id", "is required");
        }
    } else if (cJSON_GetObjectItemCaseSensitive(r->json, "volunteer_id")) {
        verr_add(&v, "volunteer_id", "members claim their own hours");
    }
    return verrs_ok_or_reply(r, &v);
}

/* The volunteer the claim is for (staff: vid; a member: itself) into vol, confirmed for
 * event e, which has started, with no hours from check-out; false when it has replied. */
static bool claimant_or_reply(struct req *r, const struct vevent *e, int64_t vid, struct volunteer *vol)
{
    struct signup s;
    char now[20];
    const char *conflict = NULL;
    enum yh_err err = req_is_staff(r) ? volunteers_db_get(r->db, r->claims.office, vid, vol)
                                      : volunteer_self(r, false, vol);
    if (err == YH_OK) {
        err = signups_db_open(r->db, r->claims.office, e->id, vol->id, &s);
    }
    time_cn(now_s(), now);
    if (err == YH_ERR_NOT_FOUND || (err == YH_OK && strcmp(s.status, "confirmed") != 0)) {
        err = YH_OK;
        conflict = "hours are claimed for events one was confirmed for";
    } else if (err == YH_OK && strcmp(e->starts_at, now) > 0) {
        conflict = "the event has not started yet";
    } else if (err == YH_OK && s.checked_out_at[0]) {
        conflict = "the hours of this event came from check-in and check-out";
    }
    if (err != YH_OK || conflict) {
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT, conflict, NULL);
        return false;
    }
    return true;
}

/* POST /v1/volunteer-events/{id}/claims */
void vevents_claim(struct req *r)
{
    struct vevent e;
    struct volunteer vol;
    struct claim c = {0};
    int64_t id = 0, hid = 0;
    if (!vevent_of_path_or_reply(r, &id, &e) || !claim_body_or_reply(r, &c) ||
        !claimant_or_reply(r, &e, c.volunteer_id, &vol)) {
        return;
    }
    struct vhours h = {.volunteer_id = vol.id, .event_id = id, .team_id = e.team_id, .minutes = c.minutes};
    snprintf(h.source, sizeof(h.source), "claim");
    snprintf(h.status, sizeof(h.status), "pending");
    snprintf(h.served_on, sizeof(h.served_on), "%.10s", e.starts_at);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = hours_db_insert(r->db, r->claims.office, &h, c.note, &hid);
    }
    if (err == YH_OK) {
        err = req_audit(r, "hours.claim", "hours", hid);
    }
    if (!commit_or_reply_conflict(r, err, "claim", "hours for this event are already claimed")) {
        return;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", hid);
    json_add_id(j, "volunteer_id", vol.id);
    json_add_id(j, "event_id", id);
    cJSON_AddNumberToObject(j, "minutes", (double)c.minutes);
    cJSON_AddStringToObject(j, "status", "pending");
    reply_json_take(r, 201, j);
}

/* Decides the pending claim of path {id}: confirmed (its points credited) or rejected. */
static void vhours_decide(struct req *r, const char *decision)
{
    struct vhours h;
    struct volunteer vol;
    int64_t id = 0;
    bool confirm = strcmp(decision, "confirmed") == 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = hours_db_get_for_update(r->db, r->claims.office, id, &h);
    }
    if (err == YH_OK && strcmp(h.status, "pending") != 0) {
        char msg[96];
        db_rollback(r->db);
        snprintf(msg, sizeof(msg), "the %s is already %s", strcmp(h.source, "claim") == 0 ? "claim" : "entry",
                 h.status);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    /* the volunteer's row lock before the claim's update, whose foreign key check takes a
     * shared lock on it: two confirmations for one volunteer would each hold that and
     * wait for the other's to take the exclusive one (a deadlock) */
    if (err == YH_OK && confirm) {
        err = volunteers_db_get_for_update(r->db, r->claims.office, h.volunteer_id, &vol);
    }
    if (err == YH_OK) {
        err = hours_db_decide(r->db, r->claims.office, id, decision, r->claims.sub);
    }
    if (err == YH_OK && confirm) {
        err = vhours_credit(r, &vol, id, h.minutes);
    }
    if (err == YH_OK) {
        err = req_audit(r, confirm ? "hours.confirm" : "hours.reject", "hours", id);
    }
    if (!commit_or_reply(r, err, "claim")) {
        return;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", id);
    json_add_id(j, "volunteer_id", h.volunteer_id);
    cJSON_AddNumberToObject(j, "minutes", (double)h.minutes);
    cJSON_AddStringToObject(j, "status", decision);
    reply_json_take(r, 200, j);
}

/* POST /v1/volunteer-hours/{id}/confirm */
void vhours_confirm(struct req *r)
{
    vhours_decide(r, "confirmed");
}

/* POST /v1/volunteer-hours/{id}/reject */
void vhours_reject(struct req *r)
{
    vhours_decide(r, "rejected");
}

/* GET /v1/volunteer-hours */
void vhours_list(struct req *r)
{
    static const char *const statuses[] = {"pending", "confirmed", "rejected", NULL};
    static const char *const sources[] = {"checkin",    "attendance",    "claim", "staff",
                                          "correction", "auto_checkout", NULL};
    struct db_rows rows;
    struct vhours_filter f = {.entered_by = query_get(&r->q, "entered_by")};
    if (f.entered_by && strlen(f.entered_by) > 80) {
        struct verrs v = {0};
        verr_add(&v, "entered_by", "is at most 80 characters (account:<id>)");
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return;
    }
    if (vol_page_or_reply(r, "vhours", statuses, &f.limit, &f.after, &f.status) &&
        query_enum_or_reply(r, "source", sources, &f.source) &&
        query_id_or_reply(r, "volunteer", &f.volunteer_id)) {
        vol_reply_page(r, hours_db_list(r->db, r->claims.office, &f, &rows), "vhours", &rows, f.limit,
                       &hours_view, false);
    }
}
