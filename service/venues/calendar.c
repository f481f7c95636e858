/* GET /v1/venues/{id}/calendar (the live bookings of every room of a venue over at most
 * 31 days, with the booker's name; cached per office, every booking write invalidates it
 * through commit_or_reply) and GET /v1/venues/usage (bookings, hours and people served
 * per venue and room by booker kind; cancelled bookings not counted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/venues.h"

/* ?from=&to= (dates, both included; default today and six days on) into from and to;
 * false when it has replied 400. */
static bool range_or_reply(struct req *r, char from[11], char to[11])
{
    const char *qf = query_get(&r->q, "from"), *qt = query_get(&r->q, "to");
    struct verrs e = {0};
    today_cn(from);
    if (qf != NULL) {
        snprintf(from, 11, "%s", qf);
    }
    snprintf(to, 11, "%s", from);
    for (int i = 0; qt == NULL && i < 6; i++) {
        venue_next_day(to, to);
    }
    if (qt != NULL) {
        snprintf(to, 11, "%s", qt);
    }
    int64_t d = 0;
    const char *why = venue_days(from, &d) && strlen(from) == 10 ? NULL : "must be a date YYYY-MM-DD";
    if (why != NULL) {
        verr_add(&e, "from", why);
    } else if ((why = venue_calendar_refusal(from, to)) != NULL) {
        verr_add(&e, "to", why);
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "from and to are dates at most 31 days apart", &e);
        return false;
    }
    return true;
}

/* One booking of the calendar, appended to its body as cJSON_PrintUnformatted writes an
 * array item (the object printed alone is the same bytes as inside the array). */
static void calendar_item(const struct booking *b, void *arg)
{
    struct buf *body = arg;
    cJSON *j = venue_booking_json(b);
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (s == NULL) {
        abort();
    }
    if (body->data[body->len - 1] != '[') {
        buf_append(body, ",", 1);
    }
    buf_puts(body, s);
    free(s);
}

/* The calendar's body as JSON text: the venue, the range and its live bookings by start,
 * written one booking at a time as the rows are read (no array of 3 KB bookings and no
 * tree of them: 64 concurrent calendars of 281 bookings held 1.7 MB each); the same bytes
 * as the cJSON tree printed. */
static enum yh_err calendar_body(struct req *r, const struct venue *v, const char *from, const char *to,
                                 struct buf *body)
{
    char f[20], t[20], end[11];
    venue_next_day(to, end);
    snprintf(f, sizeof(f), "%s 00:00:00", from);
    snprintf(t, sizeof(t), "%s 00:00:00", end);
    buf_puts(body, "{\"venue_id\":");
    json_buf_id(body, v->id);
    buf_puts(body, ",\"venue_name\":");
    json_buf_str(body, v->name);
    buf_puts(body, ",\"from\":");
    json_buf_str(body, from);
    buf_puts(body, ",\"to\":");
    json_buf_str(body, to);
    buf_puts(body, ",\"bookings\":[");
    enum yh_err err = bookings_db_calendar(r->db, r->claims.office, v->id, f, t, calendar_item, body);
    buf_puts(body, "]}");
    return err;
}

/* GET /v1/venues/{id}/calendar?from=&to= (staff and secretaries) */
void venues_calendar(struct req *r)
{
    struct cache_stamp stamp;
    bool have_stamp = false;
    struct venue v;
    int64_t id = 0;
    char from[11], to[11], key[64];
    struct buf body = {0};
    if (!id_param_or_reply(r, &id) || !range_or_reply(r, from, to)) {
        return;
    }
    snprintf(key, sizeof(key), "venuecal:%lld:%s:%s", (long long)id, from, to);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = venues_db_get(r->db, r->claims.office, id, &v);
    if (err == YH_OK) {
        err = calendar_body(r, &v, from, to, &body);
    }
    if (err != YH_OK) {
        reply_error(r, err, "venue");
    } else {
        req_cache_reply_buf(r, r->claims.office, key, &stamp, have_stamp, &body);
    }
    buf_free(&body);
}

/* u as {bookings, hours, people_served, by_booker_kind: {kind: {...}}}, added to j. */
static void usage_add_json(cJSON *j, const struct venue_usage *u)
{
    cJSON *kinds = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "bookings", (double)u->bookings);
    cJSON_AddNumberToObject(j, "hours", (double)u->minutes / 60.0);
    cJSON_AddNumberToObject(j, "people_served", (double)u->people);
    for (int k = 0; k < VENUE_BOOKER_KINDS; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "bookings", (double)u->by_kind[k][0]);
        cJSON_AddNumberToObject(o, "hours", (double)u->by_kind[k][1] / 60.0);
        cJSON_AddNumberToObject(o, "people_served", (double)u->by_kind[k][2]);
        cJSON_AddItemToObject(kinds, venue_booker_kinds[k], o);
    }
    cJSON_AddItemToObject(j, "by_booker_kind", kinds);
}

/* Rolls rows (ordered by venue, room) up into venues with their rooms. */
static cJSON *usage_venues(const struct venue_usage_row *rows, size_t n, struct venue_usage *total)
{
    cJSON *venues = cJSON_CreateArray();
    size_t i = 0;
    while (i < n) {
        struct venue_usage vu = {0};
        cJSON *v = cJSON_CreateObject(), *rooms = cJSON_CreateArray();
        size_t vstart = i;
        while (i < n && rows[i].venue_id == rows[vstart].venue_id) {
            struct venue_usage ru = {0};
            cJSON *rm = cJSON_CreateObject();
            size_t rstart = i;
            for (; i < n && rows[i].room_id == rows[rstart].room_id; i++) {
                venue_usage_add(&ru, rows[i].kind, rows[i].bookings, rows[i].minutes, rows[i].people);
                venue_usage_add(&vu, rows[i].kind, rows[i].bookings, rows[i].minutes, rows[i].people);
                venue_usage_add(total, rows[i].kind, rows[i].bookings, rows[i].minutes, rows[i].people);
            }
            json_add_id(rm, "room_id", rows[rstart].room_id);
            cJSON_AddStringToObject(rm, "room_name", rows[rstart].room_name);
            usage_add_json(rm, &ru);
            cJSON_AddItemToArray(rooms, rm);
        }
        json_add_id(v, "venue_id", rows[vstart].venue_id);
        cJSON_AddStringToObject(v, "venue_name", rows[vstart].venue_name);
        usage_add_json(v, &vu);
        cJSON_AddItemToObject(v, "rooms", rooms);
        cJSON_AddItemToArray(venues, v);
    }
    return venues;
}

/* ?year= (default this year) or ?from=&to= (dates, both included) into [from, to). */
static bool usage_range_or_reply(struct req *r, char from[20], char to[20], char shown[2][11])
{
    const char *qy = query_get(&r->q, "year"), *qf = query_get(&r->q, "from"), *qt = query_get(&r->q, "to");
    int64_t year = year_cn(), d = 0;
    struct verrs e = {0};
    char end[11];
    if (qy != NULL && (qf != NULL || qt != NULL)) {
        verr_add(&e, "year", "give year or from and to, not both");
    } else if (qf != NULL || qt != NULL) {
        bool from_ok = qf != NULL && strlen(qf) == 10 && venue_days(qf, &d);
        if (!from_ok || qt == NULL || strlen(qt) != 10 || !venue_days(qt, &d) || strcmp(qt, qf) < 0) {
            verr_add(&e, from_ok ? "to" : "from", "from and to are dates, to not before from");
        }
    } else if (qy != NULL && !year_or_reply(r, qy, &year)) {
        return false;
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "give year, or from and to", &e);
        return false;
    }
    if (qf != NULL) {
        snprintf(shown[0], 11, "%s", qf);
        snprintf(shown[1], 11, "%s", qt);
    } else {
        snprintf(shown[0], 11, "%04u-01-01", (unsigned)year % 10000);
        snprintf(shown[1], 11, "%04u-12-31", (unsigned)year % 10000);
    }
    venue_next_day(shown[1], end);
    snprintf(from, 20, "%s 00:00:00", shown[0]);
    snprintf(to, 20, "%s 00:00:00", end);
    return true;
}

/* GET /v1/venues/usage?year= | ?from=&to= (office-wide) */
void venues_usage(struct req *r)
{
    struct venue_usage_row *rows = NULL;
    struct venue_usage total = {0};
    size_t n = 0;
    char from[20], to[20], shown[2][11];
    if (!usage_range_or_reply(r, from, to, shown)) {
        return;
    }
    enum yh_err err = bookings_db_usage(r->db, r->claims.office, from, to, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = cJSON_CreateObject(), *totals = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "from", shown[0]);
    cJSON_AddStringToObject(j, "to", shown[1]);
    cJSON_AddItemToObject(j, "venues", usage_venues(rows, n, &total));
    usage_add_json(totals, &total);
    cJSON_AddItemToObject(j, "totals", totals);
    free(rows);
    reply_json_take(r, 200, j);
}
