/* /v1/talents/review-due: admitted entries whose periodic review falls due. */
#include <stdlib.h>

#include "yinhui/access.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"
#include "yinhui/talents_rules.h"

/* ?within_days= (0..3650, default 0) into *within. False when it has replied 400. */
static bool within_days_or_reply(struct req *r, long *within)
{
    const char *ws = query_get(&r->q, "within_days");
    char *end = NULL;
    *within = 0;
    if (ws == NULL) {
        return true;
    }
    *within = strtol(ws, &end, 10);
    if (end == ws || *end != '\0' || *within < 0 || *within > 3650) {
        struct verrs e = {0};
        verr_add(&e, "within_days", "must be an integer from 0 to 3650");
        reply_problem(r, YH_ERR_BAD_REQUEST, "within_days must be an integer from 0 to 3650", &e);
        return false;
    }
    return true;
}

/* GET /v1/talents/review-due — entries due for review by today + within_days. */
void talents_review_due(struct req *r)
{
    struct db_rows rows;
    char today[11], date[11];
    long within = 0;
    if (!within_days_or_reply(r, &within)) {
        return;
    }
    today_cn(today);
    talent_due_by(today, within, date);
    enum yh_err err = talents_db_review_due(r->db, r->claims.office, date, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "due_by", date);
    cJSON_AddItemToObject(body, "items", view_rows(&rows, rows.nrows, &talent_list_view));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}
