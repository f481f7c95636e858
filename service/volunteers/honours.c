/* /v1/volunteer-honours: the county's most beautiful volunteers and teams of a year. */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* GET /v1/volunteer-honours */
void vhonours_list(struct req *r)
{
    const char *ys = query_get(&r->q, "year");
    int64_t year = 0;
    struct db_rows rows;
    if (ys != NULL && !year_or_reply(r, ys, &year)) { /* no year: every year */
        return;
    }
    vol_reply_items(r, vhonours_db_list(r->db, r->claims.office, year, &rows), &rows, &vhonours_view);
}

struct vhonour {
    int64_t year, volunteer_id, team_id;
    char title[32], citation[2001];
};
static const char *const titles[] = {"most_beautiful_volunteer", "most_beautiful_team", NULL};
static const struct field honour_fields[] = {
    FIELD_INT("year", struct vhonour, year, 1990, 2100, FF_REQUIRED),
    FIELD_ENUM("title", struct vhonour, title, titles, 0),
    FIELD_ID("volunteer_id", struct vhonour, volunteer_id, 0),
    FIELD_ID("team_id", struct vhonour, team_id, 0),
    FIELD_TEXT("citation", struct vhonour, citation, 500, FF_NULLABLE),
};

/* Reads and checks the body into h: a volunteer's title names a volunteer of this
 * office, a team's a team of it. False when it has replied. */
static bool honour_body_or_reply(struct req *r, struct vhonour *h)
{
    struct verrs e = {0};
    if (!body_read_or_reply(r, honour_fields, ARRAY_LEN(honour_fields), h, true, NULL)) {
        return false;
    }
    if (e.n == 0 && !h->title[0]) {
        verr_add(&e, "title", "is required");
    }
    if (e.n == 0 && strcmp(h->title, "most_beautiful_volunteer") == 0 &&
        (h->volunteer_id == 0 || h->team_id != 0)) {
        verr_add(&e, "volunteer_id", "names the volunteer honoured (and no team_id)");
    }
    if (e.n == 0 && strcmp(h->title, "most_beautiful_team") == 0 &&
        (h->team_id == 0 || h->volunteer_id != 0)) {
        verr_add(&e, "team_id", "names the team honoured (and no volunteer_id)");
    }
    if (e.n == 0 && h->volunteer_id) {
        struct volunteer v;
        if (volunteers_db_get(r->db, r->claims.office, h->volunteer_id, &v) != YH_OK) {
            verr_add(&e, "volunteer_id", "no such volunteer in this office");
        }
    }
    if (e.n == 0 && h->team_id) {
        struct vteam t;
        if (vteams_db_read(r->db, r->claims.office, h->team_id, &t) != YH_OK) {
            verr_add(&e, "team_id", "no such team in this office");
        }
    }
    return verrs_ok_or_reply(r, &e);
}

/* POST /v1/volunteer-honours */
void vhonours_create(struct req *r)
{
    struct vhonour h = {0};
    int64_t id = 0;
    if (!honour_body_or_reply(r, &h)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = vhonours_db_insert(r->db, r->claims.office, h.year, h.title, h.volunteer_id, h.team_id,
                                 h.citation, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "volunteer_honour.create", "volunteer_honour", id);
    }
    if (!commit_or_reply_conflict(r, err, "honour", "this honour is already recorded for that year")) {
        return;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", id);
    cJSON_AddNumberToObject(j, "year", (double)h.year);
    cJSON_AddStringToObject(j, "title", h.title);
    json_add_id(j, "volunteer_id", h.volunteer_id);
    json_add_id(j, "team_id", h.team_id);
    json_add_opt(j, "citation", h.citation);
    reply_json_take(r, 201, j);
}

/* DELETE /v1/volunteer-honours/{id} */
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
    if (commit_or_reply(r, err, "honour")) {
        reply_empty(r, 204);
    }
}
