/* /v1/venues: the office's venues (阵地): activity centres, branch rooms, senior-university
 * buildings, with their area, the 六有 checklist (what is missing shown) and the opening
 * hours of each weekday. Staff write them; staff and secretaries read them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/typed_rows.h"
#include "yinhui/venues.h"

static const char *const venue_kinds[] = {"activity_centre", "branch_room", "senior_university", "other",
                                          NULL};
/* six_has and opening_hours are objects, read by venue_objects_take. */
static const struct field venue_fields[] = {
    FIELD_TEXT("name", struct venue, name, 100, FF_REQUIRED),
    FIELD_TEXT("address", struct venue, address, 200, FF_NULLABLE),
    FIELD_ENUM("kind", struct venue, kind, venue_kinds, FF_REQUIRED),
    FIELD_INT("area_m2", struct venue, area_m2, 1, 1000000, 0),
    FIELD_OTHER("six_has", 0),
    FIELD_OTHER("opening_hours", FF_REQUIRED),
    FIELD_BOOL("active", struct venue, active, 0),
};

/* v as the API shows it: the 六有 items held and missing, the week's hours by day (null:
 * closed). Caller owns it. */
static cJSON *venue_json(const struct venue *v)
{
    struct venue_hours h;
    char day[12];
    cJSON *j = cJSON_CreateObject(), *six = cJSON_CreateObject(), *missing = cJSON_CreateArray();
    cJSON *hours = cJSON_CreateObject();
    json_add_id(j, "id", v->id);
    cJSON_AddStringToObject(j, "name", v->name);
    json_add_opt(j, "address", v->address);
    cJSON_AddStringToObject(j, "kind", v->kind);
    if (v->area_m2 > 0) {
        cJSON_AddNumberToObject(j, "area_m2", (double)v->area_m2);
    } else {
        cJSON_AddNullToObject(j, "area_m2");
    }
    for (int i = 0; i < VENUE_SIX_N; i++) {
        cJSON_AddBoolToObject(six, venue_six_items[i], v->six[i]);
        if (!v->six[i]) {
            cJSON_AddItemToArray(missing, cJSON_CreateString(venue_six_items[i]));
        }
    }
    cJSON_AddItemToObject(j, "six_has", six);
    cJSON_AddBoolToObject(j, "six_complete", cJSON_GetArraySize(missing) == 0);
    cJSON_AddItemToObject(j, "six_missing", missing);
    bool ok = venue_hours_parse(v->opening_hours, &h);
    for (int d = 0; d < 7; d++) {
        venue_day_format(&h, d, day);
        json_add_opt(hours, venue_weekdays[d], ok ? day : NULL);
    }
    cJSON_AddItemToObject(j, "opening_hours", hours);
    cJSON_AddBoolToObject(j, "active", v->active);
    cJSON_AddNumberToObject(j, "rooms", (double)v->rooms);
    cJSON_AddNumberToObject(j, "version", (double)v->version);
    cJSON_AddStringToObject(j, "created_at", v->created_at);
    cJSON_AddStringToObject(j, "updated_at", v->updated_at);
    return j;
}

/* six_has {item: bool} (items absent keep their value) into v->six. */
static void six_take(const cJSON *six, struct venue *v, struct verrs *e)
{
    const cJSON *it = NULL;
    if (!cJSON_IsObject(six)) {
        verr_add(e, "six_has",
                 "must be an object of the 六有 items (place, flag_sign, rules, furniture, reading, "
                 "av) with true or false");
        return;
    }
    cJSON_ArrayForEach(it, six)
    {
        int found = -1;
        for (int i = 0; i < VENUE_SIX_N; i++) {
            found = strcmp(it->string, venue_six_items[i]) == 0 ? i : found;
        }
        if (found < 0 || !cJSON_IsBool(it)) {
            verr_add(e, "six_has",
                     "holds place, flag_sign, rules, furniture, reading and av, each true or false");
            return;
        }
        v->six[found] = cJSON_IsTrue(it);
    }
}

/* opening_hours {mon: "HH:MM-HH:MM" or null, ...} (days absent keep their hours) into the
 * stored form of v. */
static void hours_take(const cJSON *hours, struct venue *v, struct verrs *e)
{
    static const char *const bad = "is an object of mon..sun, each \"HH:MM-HH:MM\" on half hours or null";
    struct venue_hours h;
    const cJSON *it = NULL;
    if (!cJSON_IsObject(hours) || !venue_hours_parse(v->opening_hours, &h)) {
        verr_add(e, "opening_hours", bad);
        return;
    }
    cJSON_ArrayForEach(it, hours)
    {
        int d = 0;
        while (d < 7 && strcmp(it->string, venue_weekdays[d]) != 0) {
            d++;
        }
        if (d == 7 || !(cJSON_IsNull(it) || cJSON_IsString(it)) ||
            !venue_day_parse(cJSON_IsNull(it) ? "" : it->valuestring, &h.opens[d], &h.closes[d])) {
            verr_add(e, "opening_hours", bad);
            return;
        }
    }
    struct buf b = {0};
    for (int d = 0; d < 7; d++) {
        char day[12];
        venue_day_format(&h, d, day);
        buf_printf(&b, "%s%s", d ? "," : "", day);
    }
    snprintf(v->opening_hours, sizeof(v->opening_hours), "%s", b.data);
    buf_free(&b);
}

/* Reads the body over v (create: defaults; patch: the stored venue). False when it has
 * replied. */
static bool venue_read_or_reply(struct req *r, struct venue *v, bool create)
{
    struct verrs e = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    if (body_read(r, venue_fields, ARRAY_LEN(venue_fields), v, create, NULL, &e)) {
        const cJSON *six = cJSON_GetObjectItemCaseSensitive(r->json, "six_has");
        const cJSON *hours = cJSON_GetObjectItemCaseSensitive(r->json, "opening_hours");
        if (six != NULL) {
            six_take(six, v, &e);
        }
        if (hours != NULL) {
            hours_take(hours, v, &e);
        }
    }
    return verrs_ok_or_reply(r, &e);
}

/* Replies status with venue id (201 with its Location when status is 201). */
static void reply_venue(struct req *r, int status, int64_t id)
{
    struct venue v;
    enum yh_err err = venues_db_get(r->db, r->claims.office, id, &v);
    if (err != YH_OK) {
        reply_error(r, err, "venue");
    } else if (status == 201) {
        reply_created_take(r, "/v1/venues", id, venue_json(&v));
    } else {
        reply_json_take(r, status, venue_json(&v));
    }
}

/* POST /v1/venues (staff) */
void venues_create(struct req *r)
{
    struct venue v = {.active = true, .opening_hours = ",,,,,,"};
    int64_t id = 0;
    if (!venue_read_or_reply(r, &v, true)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = venues_db_insert(r->db, r->claims.office, &v, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "venue.create", "venue", id);
    }
    if (commit_or_reply_conflict(r, err, "venue", "the office has a venue of that name")) {
        reply_venue(r, 201, id);
    }
}

/* GET /v1/venues/{id} */
void venues_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_venue(r, 200, id);
    }
}

/* PATCH /v1/venues/{id} (staff, If-Match) */
void venues_patch(struct req *r)
{
    struct venue v;
    int64_t id = 0, version = 0;
    if (!body_known_or_reply(r, venue_fields, ARRAY_LEN(venue_fields)) || !id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = venues_db_get(r->db, r->claims.office, id, &v);
    if (err != YH_OK) {
        reply_error(r, err, "venue");
        return;
    }
    if (!req_if_match_or_reply(r, &version) || !venue_read_or_reply(r, &v, false)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = venues_db_update(r->db, r->claims.office, &v, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "venue.update", "venue", id);
    }
    if (commit_or_reply_conflict(r, err, "venue", "the office has a venue of that name")) {
        reply_venue(r, 200, id);
    }
}

static cJSON *venue_row_json(const void *row)
{
    return venue_json(row);
}

/* GET /v1/venues: newest first, with a cursor. */
void venues_list(struct req *r)
{
    struct venue *rows = NULL;
    size_t n = 0;
    int limit = 0;
    char after[24];
    if (!page_params_or_reply(r, "venues", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err =
        venues_db_list(r->db, r->claims.office, after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = typed_page(r, "venues", rows, n, sizeof(*rows), limit, venue_row_json, typed_key_id);
    free(rows);
    reply_json_take(r, 200, body);
}
