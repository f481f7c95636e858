/* /v1/care/holidays: the days of a year's holiday round, computed (春节, 中秋, 重阳节 by
 * the lunar calendar; 七一, 国庆) plus the office's own; /v1/care/days: the office's own
 * days (CRUD). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/care.h"
#include "yinhui/care_db.h"
#include "yinhui/care_due.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/reach.h"
#include "yinhui/util.h"

/* GET /v1/care/holidays?year=: {year, items: [{code, name, day, calendar, day_id}]}. */
void holidays_get(struct req *r)
{
    int64_t year;
    size_t n = 0;
    if (!year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    struct holiday *h = calloc(HOLIDAYS_MAX, sizeof(*h));
    enum yh_err err =
        h == NULL ? YH_ERR_INTERNAL : care_holidays_read(r->db, r->claims.office, (int)year, h, &n);
    if (err != YH_OK) {
        free(h);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", (double)year);
    cJSON *items = cJSON_AddArrayToObject(body, "items");
    for (size_t i = 0; i < n; i++) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "code", h[i].code);
        cJSON_AddStringToObject(j, "name", h[i].name);
        cJSON_AddStringToObject(j, "day", h[i].day);
        cJSON_AddStringToObject(j, "calendar", h[i].lunar ? "lunar" : "solar");
        json_add_id(j, "day_id", h[i].day_id);
        cJSON_AddItemToArray(items, j);
    }
    free(h);
    reply_json_take(r, 200, body);
}

static const char *const calendars[] = {"solar", "lunar", NULL};
/* year is read by care_day_take (null: every year) */
static const struct field day_fields[] = {
    FIELD_TEXT("name", struct care_day, name, 60, FF_REQUIRED),
    FIELD_ENUM("calendar", struct care_day, calendar, calendars, FF_REQUIRED),
    FIELD_INT("month", struct care_day, month, 1, 12, FF_REQUIRED),
    FIELD_INT("day", struct care_day, day, 1, 31, FF_REQUIRED),
    FIELD_OTHER("year", 0),
};

/* {id, name, calendar, month, day, year (null: every year), version}. */
static cJSON *day_json(const struct care_day *d)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", d->id);
    cJSON_AddStringToObject(j, "name", d->name);
    cJSON_AddStringToObject(j, "calendar", d->calendar);
    cJSON_AddNumberToObject(j, "month", (double)d->month);
    cJSON_AddNumberToObject(j, "day", (double)d->day);
    if (d->year != 0) {
        cJSON_AddNumberToObject(j, "year", (double)d->year);
    } else {
        cJSON_AddNullToObject(j, "year");
    }
    cJSON_AddNumberToObject(j, "version", (double)d->version);
    return j;
}

/* Reads the body into d (create: from defaults; else merged onto the stored day) and
 * checks the day exists in its calendar. False when it has replied. */
static bool care_day_take_or_reply(struct req *r, struct care_day *d, bool create)
{
    struct verrs v = {0};
    const char *why = NULL;
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, day_fields, ARRAY_LEN(day_fields), d, create, NULL, &v);
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(r->json, "year");
    if (cJSON_IsNull(y)) {
        d->year = 0;
    } else if (y != NULL) {
        json_get_int(r->json, "year", false, 1990, 2100, &d->year, NULL, &v);
    }
    if (v.n == 0 && !d->name[0]) {
        verr_add(&v, "name", "is required");
    }
    if (v.n == 0 && !care_day_valid(d->calendar, d->month, d->day, &why)) {
        verr_add(&v, "day", why);
    }
    return verrs_ok_or_reply(r, &v);
}

/* Replies status with day id of the caller's office. */
static void reply_day(struct req *r, int status, int64_t id)
{
    struct care_day d;
    enum yh_err err = care_days_db_get(r->db, r->claims.office, id, &d);
    if (err != YH_OK) {
        reply_error(r, err, "day");
    } else if (status == 201) {
        reply_created_take(r, "/v1/care/days", id, day_json(&d));
    } else {
        reply_json_take(r, status, day_json(&d));
    }
}

/* GET /v1/care/days: the office's own days, by id. */
void care_days_list(struct req *r)
{
    struct care_day *d = NULL;
    size_t n = 0;
    enum yh_err err = care_days_db_all(r->db, r->claims.office, &d, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON *items = cJSON_AddArrayToObject(body, "items");
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(items, day_json(&d[i]));
    }
    free(d);
    reply_json_take(r, 200, body);
}

/* GET /v1/care/days/{id}. */
void care_days_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_day(r, 200, id);
    }
}

/* POST /v1/care/days {name, calendar, month, day, year?}: at most CARE_DAYS_MAX (409). */
void care_days_create(struct req *r)
{
    struct care_day d = {.version = 1};
    int64_t id = 0, n = 0;
    if (!care_day_take_or_reply(r, &d, true)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = care_days_db_count(r->db, r->claims.office, &n);
    }
    if (err == YH_OK && n >= CARE_DAYS_MAX) {
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = care_days_db_insert(r->db, r->claims.office, &d, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "care_day.create", "care_day", id);
    }
    if (commit_or_reply_conflict(r, err, "day", "an office keeps at most 50 days of its own")) {
        reply_day(r, 201, id);
    }
}

/* PATCH /v1/care/days/{id}, If-Match the version. */
void care_days_patch(struct req *r)
{
    struct care_day d;
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, day_fields, ARRAY_LEN(day_fields)) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = care_days_db_get(r->db, r->claims.office, id, &d);
    if (err != YH_OK) {
        reply_error(r, err, "day");
        return;
    }
    if (!care_day_take_or_reply(r, &d, false)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = care_days_db_update(r->db, r->claims.office, &d, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "care_day.update", "care_day", id);
    }
    if (commit_or_reply(r, err, "day")) {
        reply_day(r, 200, id);
    }
}

/* DELETE /v1/care/days/{id}. */
void care_days_delete(struct req *r)
{
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = care_days_db_delete(r->db, r->claims.office, id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "care_day.delete", "care_day", id);
    }
    if (commit_or_reply(r, err, "day")) {
        reply_empty(r, 204);
    }
}
