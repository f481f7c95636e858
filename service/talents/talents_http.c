/* Helpers the talents domain's handler files share (service/talents/talents_http.h). */
#include "talents_http.h"

#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"

bool talents_commit_or_reply(struct req *r, enum yh_err err, const char *what, enum yh_err special,
                             const char *detail)
{
    if (err != YH_OK && err == special) {
        db_finish(r->db, err);
        reply_problem(r, err, detail, NULL);
        return false;
    }
    return commit_or_reply(r, err, what);
}


void reply_items(struct req *r, enum yh_err err, struct db_rows *rows, const struct view *v)
{
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", view_rows(rows, rows->nrows, v));
    db_rows_free(rows);
    reply_json_take(r, 200, body);
}
