/* /v1/volunteer-event-series: weekly or monthly series of volunteer events. Each
 * occurrence is its own event (with its own sign-ups, check-in and hours); editing or
 * cancelling the series changes its future occurrences only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_json.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"
#include "yinhui/venues.h"

/* A series' body: the series, and the status its occurrences start in (draft or open). */
struct series_body {
    struct vseries s;
    char status[8];
};
static const char *const recurrences[] = {"weekly", "monthly", NULL};
static const char *const initial[] = {"draft", "open", NULL};
static const struct field series_fields[] = {
    FIELD_TEXT("title", struct series_body, s.title, 100, FF_REQUIRED),
    FIELD_TEXT("description", struct series_body, s.description, 2000, FF_NULLABLE),
    FIELD_ID("team_id", struct series_body, s.team_id, FF_NULLABLE),
    FIELD_TEXT("place", struct series_body, s.place, 200, FF_REQUIRED),
    FIELD_INT("capacity", struct series_body, s.capacity, 1, 10000, FF_REQUIRED),
    FIELD_OTHER("skills", 0),
    FIELD_TEXT("start_time", struct series_body, s.start_time, 5, FF_REQUIRED),
    FIELD_INT("duration_minutes", struct series_body, s.duration_minutes, 15, 720, FF_REQUIRED),
    FIELD_ENUM("recurrence", struct series_body, s.recurrence, recurrences, FF_REQUIRED),
    FIELD_INT("weekday", struct series_body, s.weekday, 1, 7, 0),
    FIELD_INT("month_day", struct series_body, s.month_day, 1, 31, 0),
    FIELD_DATE("from", struct series_body, s.from, FF_REQUIRED),
    FIELD_DATE("to", struct series_body, s.to, FF_REQUIRED),
    FIELD_ENUM("status", struct series_body, status, initial, 0),
};

/* What a PATCH may change (the future occurrences follow); how and when the series
 * recurs may not: cancel it and create another. */
static const struct field patch_fields[] = {
    FIELD_TEXT("title", struct vseries, title, 100, 0),
    FIELD_TEXT("description", struct vseries, description, 2000, FF_NULLABLE),
    FIELD_ID("team_id", struct vseries, team_id, FF_NULLABLE),
    FIELD_TEXT("place", struct vseries, place, 200, 0),
    FIELD_INT("capacity", struct vseries, capacity, 1, 10000, 0),
    FIELD_OTHER("skills", 0),
    FIELD_TEXT("start_time", struct vseries, start_time, 5, 0),
    FIELD_INT("duration_minutes", struct vseries, duration_minutes, 15, 720, 0),
    FIELD_OTHER("recurrence", 0),
    FIELD_OTHER("weekday", 0),
    FIELD_OTHER("month_day", 0),
    FIELD_OTHER("from", 0),
    FIELD_OTHER("to", 0),
};

/* Series s as JSON with its occurrences. *out on YH_OK (caller owns). */
static enum yh_err series_json(struct req *r, const struct vseries *s, cJSON **out)
{
    struct db_rows rows;
    enum yh_err err = vseries_db_occurrences(r->db, r->claims.office, s->id, &rows);
    if (err != YH_OK) {
        return err;
    }
    cJSON *j = fm_to_json(vseries_map, vseries_map_len, s);
    cJSON_AddItemToObject(j, "skills", skills_json(s->skills));
    cJSON_AddItemToObject(j, "weekday",
                          s->weekday ? cJSON_CreateNumber((double)s->weekday) : cJSON_CreateNull());
    cJSON_AddItemToObject(j, "month_day",
                          s->month_day ? cJSON_CreateNumber((double)s->month_day) : cJSON_CreateNull());
    cJSON_AddItemToObject(j, "occurrences", view_rows(&rows, rows.nrows, &vseries_occurrences_view));
    db_rows_free(&rows);
    *out = j;
    return YH_OK;
}

/* Checks a series' shared values (start time, team) into v. */
static enum yh_err series_values_check(struct req *r, const struct vseries *s, struct verrs *v)
{
    if (s->start_time[0] && !vseries_time_ok(s->start_time)) {
        verr_add(v, "start_time", "must be a time of day like 09:30 (China time)");
    }
    return v->n == 0 && s->team_id != 0 ? vteam_check(r, s->team_id, "team_id", v) : YH_OK;
}

/* Checks how a new series b recurs and its period into v; its dates into dates (*n of
 * them). */
static void series_period_check(const struct series_body *b, char (*dates)[11], int *n, struct verrs *v)
{
    bool monthly = strcmp(b->s.recurrence, "monthly") == 0;
    struct vseries_rule rule = {monthly, (int)b->s.weekday, (int)b->s.month_day};
    char today[11], msg[96];
    if (!monthly && b->s.weekday == 0) {
        verr_add(v, "weekday", "is required for a weekly series (1 Monday .. 7 Sunday)");
    }
    if (monthly && b->s.month_day == 0) {
        verr_add(v, "month_day", "is required for a monthly series (1..31; a shorter month: its last day)");
    }
    if ((!monthly && b->s.month_day != 0) || (monthly && b->s.weekday != 0)) {
        verr_add(v, monthly ? "weekday" : "month_day", "does not go with this recurrence");
    }
    today_cn(today);
    if (strcmp(b->s.from, today) < 0) {
        verr_add(v, "from", "must not be in the past");
    }
    if (strcmp(b->s.to, b->s.from) < 0) {
        verr_add(v, "to", "must not be before from");
    }
    if (v->n > 0) {
        return;
    }
    *n = vseries_dates(&rule, b->s.from, b->s.to, dates, VSERIES_MAX);
    if (*n < 0) {
        snprintf(msg, sizeof(msg), "the period holds more than %d occurrences: make it shorter", VSERIES_MAX);
        verr_add(v, "to", msg);
    }
}

/* Reads and checks a new series into b, its dates into dates (*n); false when it has
 * replied. */
static bool series_body_or_reply(struct req *r, struct series_body *b, char (*dates)[11], int *n)
{
    struct verrs v = {0};
    memset(b, 0, sizeof(*b));
    snprintf(b->s.office, sizeof(b->s.office), "%s", r->claims.office);
    snprintf(b->s.posted_by, sizeof(b->s.posted_by), "%s", r->claims.sub);
    snprintf(b->status, sizeof(b->status), "open");
    if (!vol_json_body_or_reply(r)) {
        return false;
    }
    body_read(r, series_fields, ARRAY_LEN(series_fields), b, true, NULL, &v);
    skills_take(r->json, "skills", b->s.skills, sizeof(b->s.skills), &v);
    if (v.n == 0) {
        series_period_check(b, dates, n, &v);
    }
    enum yh_err err = v.n == 0 ? series_values_check(r, &b->s, &v) : YH_OK;
    return vol_checked_or_reply(r, err, &v);
}

/* The occurrence of series s on date into e (status: its first). */
static void occurrence_of(const struct vseries *s, const char *date, const char *status, struct vevent *e)
{
    memset(e, 0, sizeof(*e));
    snprintf(e->office, sizeof(e->office), "%s", s->office);
    snprintf(e->title, sizeof(e->title), "%s", s->title);
    snprintf(e->description, sizeof(e->description), "%s", s->description);
    e->team_id = s->team_id;
    vseries_times(date, s->start_time, (int)s->duration_minutes, e->starts_at, e->ends_at);
    snprintf(e->place, sizeof(e->place), "%s", s->place);
    e->capacity = s->capacity;
    snprintf(e->skills, sizeof(e->skills), "%s", s->skills);
    snprintf(e->status, sizeof(e->status), "%s", status);
    snprintf(e->posted_by, sizeof(e->posted_by), "%s", s->posted_by);
}

/* Creates the occurrences of series id on dates (n) that start after now, each its own
 * event; *made counts them. */
static enum yh_err occurrences_create(struct req *r, const struct series_body *b, int64_t id,
                                      char (*dates)[11], int n, int *made)
{
    char now[20];
    enum yh_err err = YH_OK;
    time_cn(now_s(), now);
    *made = 0;
    for (int i = 0; i < n && err == YH_OK; i++) {
        struct vevent e;
        occurrence_of(&b->s, dates[i], b->status, &e);
        if (strcmp(e.starts_at, now) <= 0) {
            continue; /* today's, when its hour has passed: the series begins next time */
        }
        err = events_db_insert(r->db, &e, &e.id);
        if (err == YH_OK) {
            err = vseries_db_link(r->db, r->claims.office, e.id, id);
        }
        if (err == YH_OK && strcmp(e.status, "open") == 0) {
            err = vevent_publish_opened(r, &e);
        }
        (*made)++;
    }
    return err;
}

/* POST /v1/volunteer-event-series */
void vseries_create(struct req *r)
{
    struct series_body *b = calloc(1, sizeof(*b)); /* 10 KB: worker stacks are small */
    char(*dates)[11] = calloc(VSERIES_MAX, sizeof(*dates));
    int n = 0, made = 0;
    int64_t id = 0;
    cJSON *j = NULL;
    if (b == NULL || dates == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    if (!series_body_or_reply(r, b, dates, &n)) {
        goto out;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = vseries_db_insert(r->db, &b->s, &id);
    }
    if (err == YH_OK) {
        err = occurrences_create(r, b, id, dates, n, &made);
    }
    if (err == YH_OK && made == 0) {
        struct verrs v = {0};
        db_rollback(r->db);
        verr_add(&v, "to", "the period holds no occurrence after now");
        verrs_ok_or_reply(r, &v);
        goto out;
    }
    if (err == YH_OK) {
        err = req_audit(r, "series.create", "series", id);
    }
    if (err == YH_OK) {
        err = vseries_db_get(r->db, r->claims.office, id, false, &b->s);
    }
    if (err == YH_OK) {
        err = series_json(r, &b->s, &j);
    }
    if (commit_or_reply(r, err, "series")) {
        reply_created_take(r, "/v1/volunteer-event-series", id, j);
        j = NULL;
    }
out:
    cJSON_Delete(j);
    free(dates);
    free(b);
}

/* GET /v1/volunteer-event-series */
void vseries_list(struct req *r)
{
    static const char *const statuses[] = {"active", "cancelled", NULL};
    struct db_rows rows;
    const char *status = NULL;
    int limit;
    int64_t after = 0;
    if (!vol_page_or_reply(r, "vseries", statuses, &limit, &after, &status)) {
        return;
    }
    enum yh_err err = vseries_db_list(r->db, r->claims.office, status, after, limit, &rows);
    vol_reply_page(r, err, "vseries", &rows, limit, &vseries_list_view, false);
}

/* GET /v1/volunteer-event-series/{id} */
void vseries_get(struct req *r)
{
    struct vseries *s = calloc(1, sizeof(*s));
    int64_t id = 0;
    cJSON *j = NULL;
    if (s == NULL || !id_param_or_reply(r, &id)) {
        if (s == NULL) {
            reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        }
        free(s);
        return;
    }
    enum yh_err err = vseries_db_get(r->db, r->claims.office, id, false, s);
    if (err == YH_OK) {
        err = series_json(r, s, &j);
    }
    free(s);
    if (err != YH_OK) {
        reply_error(r, err, "series");
        return;
    }
    reply_json_take(r, 200, j);
}

/* What a series PATCH gave: each field the future occurrences take. */
struct series_change {
    bool title, description, team, place, capacity, skills, times;
};

/* The series' new time for occurrence e, which keeps its day. An occurrence the new
 * time would start at or before now (today's, not yet begun) keeps its time: an event
 * does not move into the past. A booked one (venues, issue 15) moves only within its
 * booking: CONFLICT with msg naming the booking otherwise. */
static enum yh_err occurrence_retime(struct req *r, const struct vseries *s, struct vevent *e, char *msg,
                                     size_t msglen)
{
    char date[11], now[20], starts[20], ends[20];
    struct verrs v = {0};
    snprintf(date, sizeof(date), "%.10s", e->starts_at);
    vseries_times(date, s->start_time, (int)s->duration_minutes, starts, ends);
    time_cn(now_s(), now);
    if (strcmp(starts, now) <= 0) {
        return YH_OK;
    }
    enum yh_err err = e->booking_id == 0
                          ? YH_OK
                          : venue_booking_check(r, e->booking_id, starts, ends, "team", &e->team_id,
                                                e->team_id != 0, "start_time", &v);
    if (err == YH_OK && v.n > 0) {
        snprintf(msg, msglen,
                 "the occurrence of %s is held in booking %lld, which does not fit the new time: %s", date,
                 (long long)e->booking_id, v.e[0].message);
        return YH_ERR_CONFLICT;
    }
    snprintf(e->starts_at, sizeof(e->starts_at), "%s", starts);
    snprintf(e->ends_at, sizeof(e->ends_at), "%s", ends);
    return err;
}

/* Applies the change ch of series s to future occurrence id (locked), promoting its
 * waitlist when it grew; CONFLICT with msg when its confirmed exceed the new capacity. */
static enum yh_err occurrence_update(struct req *r, const struct vseries *s, const struct series_change *ch,
                                     int64_t id, char *msg, size_t msglen)
{
    struct vevent e;
    enum yh_err err = events_db_get_for_update(r->db, r->claims.office, id, &e);
    if (err != YH_OK) {
        return err;
    }
    int64_t before = e.capacity;
    if (ch->title) {
        snprintf(e.title, sizeof(e.title), "%s", s->title);
    }
    if (ch->description) {
        snprintf(e.description, sizeof(e.description), "%s", s->description);
    }
    if (ch->team) {
        e.team_id = s->team_id;
    }
    if (ch->place) {
        snprintf(e.place, sizeof(e.place), "%s", s->place);
    }
    if (ch->capacity) {
        e.capacity = s->capacity;
    }
    if (ch->skills) {
        snprintf(e.skills, sizeof(e.skills), "%s", s->skills);
    }
    if (ch->times) {
        err = occurrence_retime(r, s, &e, msg, msglen);
    }
    if (err != YH_OK) {
        return err;
    }
    if (e.capacity < e.confirmed) {
        snprintf(msg, msglen,
                 "the occurrence of %.10s has %lld confirmed volunteers: capacity cannot go below that",
                 e.starts_at, (long long)e.confirmed);
        return YH_ERR_CONFLICT;
    }
    err = events_db_update(r->db, &e, e.version);
    if (err == YH_OK && e.capacity > before) {
        e.version++;
        err = vsignups_promote(r, &e);
    }
    return err;
}

/* Applies fn to each future occurrence of series s (locked, in time order). */
static enum yh_err future_each(struct req *r, const struct vseries *s, const struct series_change *ch,
                               char *msg, size_t msglen,
                               enum yh_err (*fn)(struct req *, const struct vseries *,
                                                 const struct series_change *, int64_t, char *, size_t))
{
    int64_t *ids = NULL;
    size_t n = 0;
    char now[20];
    time_cn(now_s(), now);
    enum yh_err err = vseries_db_future(r->db, r->claims.office, s->id, now, &ids, &n);
    for (size_t i = 0; i < n && err == YH_OK; i++) {
        err = fn(r, s, ch, ids[i], msg, msglen);
    }
    free(ids);
    return err;
}

/* Reads the PATCH into the stored series s, which fields it gave into ch; false when
 * it has replied (and rolled back). */
static bool series_patch_or_reply(struct req *r, struct vseries *s, struct series_change *ch)
{
    static const char *const fixed[] = {"recurrence", "weekday", "month_day", "from", "to"};
    struct verrs v = {0};
    field_set given = 0;
    body_read(r, patch_fields, ARRAY_LEN(patch_fields), s, false, &given, &v);
    skills_take(r->json, "skills", s->skills, sizeof(s->skills), &v);
    for (size_t i = 0; i < ARRAY_LEN(fixed); i++) {
        if (body_given(patch_fields, ARRAY_LEN(patch_fields), given, fixed[i])) {
            verr_add(&v, fixed[i], "cannot be changed: cancel the series and create another");
        }
    }
#define GIVEN(name) body_given(patch_fields, ARRAY_LEN(patch_fields), given, name)
    *ch = (struct series_change){GIVEN("title"),
                                 GIVEN("description"),
                                 GIVEN("team_id"),
                                 GIVEN("place"),
                                 GIVEN("capacity"),
                                 GIVEN("skills"),
                                 GIVEN("start_time") || GIVEN("duration_minutes")};
#undef GIVEN
    enum yh_err err = v.n == 0 ? series_values_check(r, s, &v) : YH_OK;
    if (err == YH_OK && v.n == 0) {
        return true;
    }
    db_rollback(r->db);
    return vol_checked_or_reply(r, err, &v);
}

/* The series of path {id} locked for a change (If-Match: *version), active; false when
 * it has replied (and rolled back). */
static bool series_for_change_or_reply(struct req *r, struct vseries *s, int64_t *version)
{
    int64_t id = 0;
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, version)) {
        return false;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = vseries_db_get(r->db, r->claims.office, id, true, s);
    }
    if (err == YH_OK && s->version != *version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK && strcmp(s->status, "active") != 0) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "a cancelled series cannot be changed", NULL);
        return false;
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_error(r, err, "series");
    }
    return err == YH_OK;
}

/* Writes series s (version), audits action and replies with it (msg: a 409's rule). */
static void series_finish(struct req *r, enum yh_err err, struct vseries *s, int64_t version,
                          const char *action, const char *msg)
{
    cJSON *j = NULL;
    if (err == YH_OK) {
        err = vseries_db_update(r->db, s, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, action, "series", s->id);
    }
    if (err == YH_OK) {
        err = vseries_db_get(r->db, r->claims.office, s->id, false, s);
    }
    if (err == YH_OK) {
        err = series_json(r, s, &j);
    }
    if (commit_or_reply_conflict(r, err, "series", msg)) {
        reply_json_take(r, 200, j);
        return;
    }
    cJSON_Delete(j);
}

/* PATCH /v1/volunteer-event-series/{id}: the series and, in the same transaction, its
 * future occurrences (after now, neither done nor cancelled) take the fields given;
 * past occurrences stay as they were. */
void vseries_patch(struct req *r)
{
    struct vseries *s = calloc(1, sizeof(*s));
    struct series_change ch;
    int64_t version = 0;
    char msg[160] = "";
    if (s == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (vol_json_body_or_reply(r) && series_for_change_or_reply(r, s, &version) &&
        series_patch_or_reply(r, s, &ch)) {
        enum yh_err err = future_each(r, s, &ch, msg, sizeof(msg), occurrence_update);
        series_finish(r, err, s, version, "series.update", msg);
    }
    free(s);
}

/* Cancels future occurrence id (locked) of series s and tells its volunteers: the
 * sign-ups stay (as for any cancelled event) and volunteer_event.cancelled carries ids
 * only, for the app to read who signed up. */
static enum yh_err occurrence_cancel(struct req *r, const struct vseries *s, const struct series_change *ch,
                                     int64_t id, char *msg, size_t msglen)
{
    struct vevent e;
    (void)ch, (void)msg, (void)msglen;
    enum yh_err err = events_db_get_for_update(r->db, r->claims.office, id, &e);
    if (err == YH_OK) {
        snprintf(e.status, sizeof(e.status), "cancelled");
        err = events_db_update(r->db, &e, e.version);
    }
    if (err == YH_OK) {
        err = vevent_publish_cancelled(r, &e, s->id);
    }
    return err;
}

/* POST /v1/volunteer-event-series/{id}/cancel: the series and its future occurrences
 * are cancelled; past ones stay. */
void vseries_cancel(struct req *r)
{
    struct vseries *s = calloc(1, sizeof(*s));
    int64_t version = 0;
    char msg[160] = "";
    if (s == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (series_for_change_or_reply(r, s, &version)) {
        enum yh_err err = future_each(r, s, NULL, msg, sizeof(msg), occurrence_cancel);
        snprintf(s->status, sizeof(s->status), "cancelled");
        series_finish(r, err, s, version, "series.cancel", NULL);
    }
    free(s);
}
