/* Request-level helpers the volunteers handlers share. */
#include "yinhui/volunteer_req.h"

#include <stdio.h>
#include <stdlib.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/volunteer_json.h"

bool vol_checked_or_reply(struct req *r, enum yh_err err, struct verrs *e)
{
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, e);
}

bool vol_page_or_reply(struct req *r, const char *tag, const char *const *statuses, int *limit,
                       int64_t *after, const char **status)
{
    char cursor[24];
    if (!page_params_or_reply(r, tag, limit, cursor, sizeof(cursor)) ||
        (statuses != NULL && !query_enum_or_reply(r, "status", statuses, status))) {
        return false;
    }
    *after = cursor[0] ? strtoll(cursor, NULL, 10) : 0;
    return true;
}

void vol_reply_page(struct req *r, enum yh_err err, const char *tag, struct db_rows *rows, int limit,
                    const struct view *v, bool skills)
{
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = page_of_view(r, tag, rows, limit, v);
    if (skills) {
        skills_json_items(cJSON_GetObjectItemCaseSensitive(body, "items"));
    }
    reply_json_take(r, 200, body);
}

void vol_reply_items(struct req *r, enum yh_err err, struct db_rows *rows, const struct view *v)
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

bool vol_json_body_or_reply(struct req *r)
{
    /* body_read_or_reply of no fields: only its 400 for a request without a JSON body */
    return r->json != NULL || body_read_or_reply(r, NULL, 0, NULL, false, NULL);
}

enum yh_err vteam_check(struct req *r, int64_t id, const char *field, struct verrs *v)
{
    struct vteam t;
    enum yh_err err = vteams_db_read(r->db, r->claims.office, id, &t);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, field, "no such team in this office");
        return YH_OK;
    }
    return err;
}
