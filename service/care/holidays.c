/* /v1/care/holidays: the major holidays of a year that start the holiday visit round. */
#include <stdio.h>
#include <stdlib.h>

#include "yinhui/access.h"
#include "yinhui/care.h"
#include "yinhui/care_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/reach.h"

#define HOLIDAYS_MAX 10

/* Replies 200 {year, items: [{code, name, day}]} with the holidays the office uses in year. */
static void reply_holidays(struct req *r, int64_t year)
{
    struct holidays h;
    enum yh_err err = holidays_db_year(r->db, r->claims.office, year, &h);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", (double)year);
    cJSON *items = cJSON_AddArrayToObject(body, "items");
    for (size_t i = 0; i < h.n; i++) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "code", h.items[i].code);
        cJSON_AddStringToObject(j, "name", h.items[i].name);
        cJSON_AddStringToObject(j, "day", h.items[i].day);
        cJSON_AddItemToArray(items, j);
    }
    holidays_free(&h);
    reply_json_take(r, 200, body);
}

/* GET /v1/care/holidays?year=. */
void holidays_get(struct req *r)
{
    int64_t year;
    if (year_or_reply(r, query_get(&r->q, "year"), &year)) {
        reply_holidays(r, year);
    }
}

/* Reads item n of the PUT body ({code, name, day} in year) into codes/names/days[n],
 * adding its errors to v as items[n].<field>. */
static void holiday_item_take(const cJSON *it, size_t n, int64_t year, char (*codes)[25], char (*names)[241],
                              char (*days)[11], struct verrs *v)
{
    static const char *const fields[] = {"code", "name", "day", NULL};
    struct verrs e = {0};
    codes[n][0] = names[n][0] = days[n][0] = '\0';
    if (!cJSON_IsObject(it)) {
        verr_add(&e, "", "must be an object");
    } else {
        json_check_fields(it, fields, &e);
        json_take_text(it, "code", false, 24, codes[n], sizeof(codes[n]), &e);
        json_take_text(it, "name", false, 60, names[n], sizeof(names[n]), &e);
        json_take_date(it, "day", false, days[n], &e);
        if (e.n == 0 && (!codes[n][0] || !names[n][0] || !days[n][0])) {
            verr_add(&e, !codes[n][0] ? "code" : !names[n][0] ? "name" : "day", "is required");
        }
        if (e.n == 0 && atoi(days[n]) != year) {
            verr_add(&e, "day", "must be in the year of the path");
        }
    }
    for (int i = 0; i < e.n; i++) {
        char f[64];
        snprintf(f, sizeof(f), "items[%zu]%s%s", n, e.e[i].field[0] ? "." : "", e.e[i].field);
        verr_add(v, f, e.e[i].message);
    }
}

/* PUT /v1/care/holidays/{year} {items}: replaces the office's holidays of the year. */
void holidays_put(struct req *r)
{
    static const char *const wrap[] = {"items", NULL};
    char codes[HOLIDAYS_MAX][25], names[HOLIDAYS_MAX][241], days[HOLIDAYS_MAX][11];
    struct verrs v = {0};
    int64_t year;
    size_t n = 0;
    if (!year_or_reply(r, path_param(&r->pp, "year"), &year) || !req_fields_or_reply(r, wrap)) {
        return;
    }
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(r->json, "items"), *it = NULL;
    if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) > HOLIDAYS_MAX) {
        verr_add(&v, "items", "must be an array of at most 10 {code, name, day}");
    } else {
        cJSON_ArrayForEach(it, items)
        {
            holiday_item_take(it, n++, year, codes, names, days, &v);
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = holidays_db_replace_year(r->db, r->claims.office, year, (const char(*)[25])codes,
                                       (const char(*)[241])names, (const char(*)[11])days, n);
    }
    if (err == YH_OK) {
        err = req_audit(r, "holidays.replace", "year", year);
    }
    if (commit_or_reply_conflict(r, err, NULL, "a holiday code appears twice")) {
        reply_holidays(r, year);
    }
}
