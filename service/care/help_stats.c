/* GET /v1/help-requests/stats: the office's urgent help over a year or a span of days:
 * counts by category and status, the share resolved within the deadline and the
 * members' satisfaction (ratios by help_rules.c). */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/help.h"
#include "yinhui/help_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"

/* The span from ?year= (default this year) or ?from=&to= (both, from <= to) into from,
 * to. False when it has replied 400 naming the parameter. */
static bool span_or_reply(struct req *r, char from[11], char to[11])
{
    const char *f = query_get(&r->q, "from"), *t = query_get(&r->q, "to"), *y = query_get(&r->q, "year");
    struct verrs v = {0};
    int64_t year = 0;
    if (f == NULL && t == NULL) {
        if (!year_or_reply(r, y, &year)) {
            return false;
        }
        snprintf(from, 11, "%04d-01-01", (int)year);
        snprintf(to, 11, "%04d-12-31", (int)year);
        return true;
    }
    if (y != NULL) {
        verr_add(&v, "year", "give either year or from and to");
    } else if (f == NULL || t == NULL || !date_valid(f) || !date_valid(t)) {
        verr_add(&v, f == NULL || !date_valid(f) ? "from" : "to",
                 "must be a date YYYY-MM-DD (from and to both)");
    } else if (strcmp(f, t) > 0) {
        verr_add(&v, "to", "must not be before from");
    }
    if (v.n != 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "the span is year, or from and to", &v);
        return false;
    }
    snprintf(from, 11, "%s", f);
    snprintf(to, 11, "%s", t);
    return true;
}

/* Rows (key, count) as one object {key: count}; frees rows. */
static cJSON *counts_json(struct db_rows *rows)
{
    cJSON *arr = view_rows(rows, rows->nrows, &help_count_view), *it = NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_ArrayForEach(it, arr)
    {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(it, "key");
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "count");
        if (cJSON_IsString(k) && cJSON_IsNumber(c)) {
            cJSON_AddNumberToObject(o, k->valuestring, c->valuedouble);
        }
    }
    cJSON_Delete(arr);
    db_rows_free(rows);
    return o;
}

/* GET /v1/help-requests/stats?year= | ?from=&to=: requests filed in the span. */
void help_requests_stats(struct req *r)
{
    struct help_totals t = {0};
    struct db_rows cats, sts;
    char from[11], to[11];
    if (!span_or_reply(r, from, to)) {
        return;
    }
    enum yh_err err = help_db_totals(r->db, r->claims.office, from, to, &t);
    if (err == YH_OK) {
        err = help_db_by_category(r->db, r->claims.office, from, to, &cats);
    }
    if (err == YH_OK) {
        err = help_db_by_status(r->db, r->claims.office, from, to, &sts);
        if (err != YH_OK) {
            db_rows_free(&cats);
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "from", from);
    cJSON_AddStringToObject(j, "to", to);
    help_totals_json(j, &t);
    cJSON_AddItemToObject(j, "by_category", counts_json(&cats));
    cJSON_AddItemToObject(j, "by_status", counts_json(&sts));
    reply_json_take(r, 200, j);
}
