/* GET /v1/audit: an office's audit trail, newest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/auth_db.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/org.h"
#include "yinhui/http.h"
#include "yinhui/page.h"

void audit_list(struct req *r)
{
    struct audit_filter f = {0};
    struct db_rows rows;
    struct verrs e = {0};
    char after[24], last[24];

    if (!page_params_or_reply(r, "audit", &f.limit, after, sizeof(after))) {
        return;
    }
    f.before_id = after[0] ? strtoll(after, NULL, 10) : 0;
    f.action = query_get(&r->q, "action");
    f.actor = query_get(&r->q, "actor");
    f.target = query_get(&r->q, "target");
    f.since = query_get(&r->q, "since");
    f.until = query_get(&r->q, "until");
    if (f.since && !date_valid(f.since)) {
        verr_add(&e, "since", "must be a date YYYY-MM-DD");
    }
    if (f.until && !date_valid(f.until)) {
        verr_add(&e, "until", "must be a date YYYY-MM-DD");
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return;
    }
    enum yh_err err = audit_db_list(r->db, r->claims.office, &f, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    size_t shown = rows.nrows > (size_t)f.limit ? (size_t)f.limit : rows.nrows;
    for (size_t i = 0; i < shown; i++) {
        cJSON *j = cJSON_CreateObject();
        char at[48];
        cJSON_AddStringToObject(j, "id", db_str(&rows, i, 0));
        snprintf(at, sizeof(at), "%.23s+08:00", db_str(&rows, i, 1));
        cJSON_AddStringToObject(j, "at", at);
        cJSON_AddStringToObject(j, "office", r->claims.office);
        cJSON_AddStringToObject(j, "actor", db_str(&rows, i, 2));
        cJSON_AddStringToObject(j, "action", db_str(&rows, i, 3));
        cJSON_AddStringToObject(j, "target", db_str(&rows, i, 4));
        cJSON_AddStringToObject(j, "request_id", db_str(&rows, i, 5));
        if (db_str(&rows, i, 6) != NULL) {
            cJSON_AddStringToObject(j, "client_request_id", db_str(&rows, i, 6));
        } else {
            cJSON_AddNullToObject(j, "client_request_id");
        }
        cJSON_AddItemToArray(items, j);
    }
    snprintf(last, sizeof(last), "%s", shown ? db_str(&rows, shown - 1, 0) : "0");
    reply_json_take(r, 200, page_body(r, "audit", items, rows.nrows > shown ? last : NULL));
    db_rows_free(&rows);
}
