/* /v1/volunteers/{id}/points and /redemptions: a volunteer's points ledger. */
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
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

enum yh_err vpoints_earn(struct req *r, struct volunteer *vol, int64_t hours_id, int64_t points)
{
    static const char *const cuts[] = {"", "day", "year"};
    struct vsettings set;
    struct ledger_earned so_far = {0};
    struct ledger_earning e = {0};
    enum vpoints_cut cut = VPOINTS_CUT_NONE;
    int64_t entry = 0;
    if (points <= 0) {
        return YH_OK;
    }
    /* the day credited counts, not the day served (see sql/0053) */
    today_cn(e.day);
    enum yh_err err = vsettings_db_get(r->db, r->claims.office, &set);
    if (err == YH_OK) {
        err = ledger_db_earned(r->db, r->claims.office, vol->id, e.day, true, &so_far);
    }
    if (err != YH_OK) {
        return err;
    }
    e.credited =
        vpoints_creditable(points, so_far.day, so_far.year, set.points_day_cap, set.points_year_cap, &cut);
    e.capped = points - e.credited;
    snprintf(e.capped_by, sizeof(e.capped_by), "%s", cuts[cut]);
    if (cut != VPOINTS_CUT_NONE) {
        snprintf(e.note, sizeof(e.note), "超出%s积分上限%lld分，少计%lld分",
                 cut == VPOINTS_CUT_DAY ? "每日" : "每年",
                 (long long)(cut == VPOINTS_CUT_DAY ? set.points_day_cap : set.points_year_cap),
                 (long long)e.capped);
    }
    /* an entry of 0 when a cap withheld everything: the volunteer's page shows why */
    return ledger_db_earn(r->db, r->claims.office, vol->id, &vol->points_balance, hours_id, &e, r->claims.sub,
                          &entry);
}

/* The caps and what the volunteer earned under them, for the points page: caps null
 * when the office sets none. */
static void add_caps(cJSON *body, const struct vsettings *set, const struct ledger_earned *so_far)
{
    cJSON_AddItemToObject(body, "points_day_cap",
                          set->points_day_cap < 0 ? cJSON_CreateNull()
                                                  : cJSON_CreateNumber((double)set->points_day_cap));
    cJSON_AddItemToObject(body, "points_year_cap",
                          set->points_year_cap < 0 ? cJSON_CreateNull()
                                                   : cJSON_CreateNumber((double)set->points_year_cap));
    cJSON_AddNumberToObject(body, "earned_today", (double)so_far->day);
    cJSON_AddNumberToObject(body, "earned_this_year", (double)so_far->year);
}

/* GET /v1/volunteers/{id}/points */
void volunteers_points(struct req *r)
{
    struct volunteer v;
    struct vsettings set;
    struct ledger_earned so_far = {0};
    struct db_rows rows;
    int64_t id = 0;
    int limit;
    char after[24], today[11];
    if (!volunteer_of_path_or_reply(r, &id, &v) ||
        !page_params_or_reply(r, "ledger", &limit, after, sizeof(after))) {
        return;
    }
    today_cn(today);
    enum yh_err err = vsettings_db_get(r->db, r->claims.office, &set);
    if (err == YH_OK) {
        err = ledger_db_earned(r->db, r->claims.office, id, today, false, &so_far);
    }
    if (err == YH_OK) {
        err = ledger_db_list(r->db, r->claims.office, id, after[0] ? strtoll(after, NULL, 10) : 0, limit,
                             &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = page_of_view(r, "ledger", &rows, limit, &ledger_view);
    cJSON_AddNumberToObject(body, "balance", (double)v.points_balance);
    add_caps(body, &set, &so_far);
    reply_json_take(r, 200, body);
}

struct redemption {
    int64_t points;
    char note[801];
};
static const struct field redeem_fields[] = {
    FIELD_INT("points", struct redemption, points, 1, 1000000, FF_REQUIRED),
    FIELD_TEXT("note", struct redemption, note, 200, FF_NULLABLE),
};

/* POST /v1/volunteers/{id}/redemptions */
void volunteers_redeem(struct req *r)
{
    struct volunteer v = {0};
    struct redemption red = {0};
    char msg[160];
    int64_t id = 0, entry = 0;
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, redeem_fields, ARRAY_LEN(redeem_fields), &red, true, NULL)) {
        return;
    }
    int64_t points = red.points;
    /* the volunteer's row lock serialises concurrent redemptions: the balance read here
     * is the balance the entry is appended to */
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = volunteers_db_get_for_update(r->db, r->claims.office, id, &v);
    }
    int64_t balance = v.points_balance;
    if (err == YH_OK) {
        err = ledger_db_append(r->db, r->claims.office, id, &balance, -points, "redeem", 0, red.note,
                               r->claims.sub, &entry);
    }
    if (err == YH_OK) {
        err = req_audit(r, "points.redeem", "volunteer", id);
    }
    snprintf(msg, sizeof(msg), "the balance is %lld points, fewer than %lld", (long long)v.points_balance,
             (long long)points);
    if (!commit_or_reply_conflict(r, err, "volunteer", msg)) {
        return;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", entry);
    json_add_id(j, "volunteer_id", id);
    cJSON_AddNumberToObject(j, "delta", (double)-points);
    cJSON_AddNumberToObject(j, "balance", (double)balance);
    reply_json_take(r, 201, j);
}
