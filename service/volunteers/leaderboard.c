/* /v1/volunteer-leaderboard: the month's or year's most serving volunteers or teams. */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/cache.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* The period [from, to) named by period (month|year) and at (YYYY-MM | YYYY; default:
 * the current one). False when it has replied 400. */
static bool period_or_reply(struct req *r, char from[11], char to[11])
{
    static const char *const periods[] = {"month", "year", NULL};
    const char *period = NULL;
    char today[11];
    if (!query_enum_or_reply(r, "period", periods, &period)) {
        return false;
    }
    today_cn(today);
    bool year = period != NULL && strcmp(period, "year") == 0;
    if (!vperiod_bounds(year, query_get(&r->q, "at"), today, from, to)) {
        struct verrs e = {0};
        verr_add(&e, "at", year ? "must be a year YYYY" : "must be a month YYYY-MM");
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return false;
    }
    return true;
}

/* GET /v1/volunteer-leaderboard */
void vleaderboard(struct req *r)
{
    static const char *const bys[] = {"volunteer", "team", NULL};
    const char *by = NULL;
    char from[11], to[11], key[64];
    struct cache_stamp stamp;
    bool have_stamp = false;
    struct db_rows rows;
    if (!query_enum_or_reply(r, "by", bys, &by) || !period_or_reply(r, from, to)) {
        return;
    }
    by = by ? by : "volunteer";
    if (req_is_client(r) && strcmp(by, "volunteer") == 0) {
        reply_problem(r, YH_ERR_FORBIDDEN, "integrations read aggregates: use by=team", NULL);
        return;
    }
    /* hot: the app shows it to every member; confirmations invalidate it */
    snprintf(key, sizeof(key), "lb:%s:%s:%s", by, from, to);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    /* a moment stale is fine: the replica when current (req_read_db) */
    enum yh_err err = leaderboard_db(req_read_db(r), r->claims.office, by, from, to, 50, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "by", by);
    cJSON_AddStringToObject(body, "from", from);
    cJSON_AddStringToObject(body, "to", to);
    cJSON *items = view_rows(&rows, rows.nrows, &leaderboard_view);
    cJSON *it = NULL;
    int rank = 0;
    cJSON_ArrayForEach(it, items)
    {
        cJSON_AddNumberToObject(it, "rank", ++rank);
    }
    cJSON_AddItemToObject(body, "items", items);
    db_rows_free(&rows);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}
