/* /v1/volunteer-events: events (and /matches, the volunteers who could serve one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_json.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"
#include "yinhui/venues.h"

enum yh_err vevent_check(struct req *r, struct vevent *e, bool has_cap, struct verrs *v)
{
    const char *required[] = {e->title, e->starts_at, e->ends_at, e->place};
    const char *names[] = {"title", "starts_at", "ends_at", "place"};
    skills_take(r->json, "skills", e->skills, sizeof(e->skills), v);
    for (int i = 0; i < 4; i++) {
        if (!required[i][0] && cJSON_GetObjectItemCaseSensitive(r->json, names[i]) == NULL) {
            verr_add(v, names[i], "is required");
        }
    }
    if (e->capacity == 0 && !has_cap && v->n == 0) {
        verr_add(v, "capacity", "is required");
    }
    if (e->starts_at[0] && e->ends_at[0] && strcmp(e->ends_at, e->starts_at) <= 0) {
        verr_add(v, "ends_at", "must be after starts_at");
    }
    vfit_event_check(r, e, v); /* safety and fit (issue 16) */
    enum yh_err err = v->n == 0 && e->team_id != 0 ? vteam_check(r, e->team_id, "team_id", v) : YH_OK;
    /* venues (issue 15): a live booking of the office or of the event's team holding its time */
    if (err == YH_OK && v->n == 0 && e->booking_id != 0) {
        err = venue_booking_check(r, e->booking_id, e->starts_at, e->ends_at, "team", &e->team_id,
                                  e->team_id != 0, "booking_id", v);
    }
    return err;
}

/* An event's body. status is read first, from the list the caller may move to (a new
 * event: draft or open); skills by skills_take; title, times, place and capacity are
 * required of the result (checked after the values). */
static const struct field event_fields[] = {
    FIELD_OTHER("status", 0),
    FIELD_TEXT("title", struct vevent, title, 100, 0),
    FIELD_TEXT("description", struct vevent, description, 2000, FF_NULLABLE),
    FIELD_ID("team_id", struct vevent, team_id, FF_NULLABLE),
    FIELD_DATETIME("starts_at", struct vevent, starts_at, 0),
    FIELD_DATETIME("ends_at", struct vevent, ends_at, 0),
    FIELD_TEXT("place", struct vevent, place, 200, 0),
    FIELD_INT("capacity", struct vevent, capacity, 1, 10000, 0),
    FIELD_OTHER("skills", 0),
    FIELD_ID("booking_id", struct vevent, booking_id, FF_NULLABLE), /* venues (issue 15) */
    /* safety and fit (issue 16): requirements and accident insurance */
    FIELD_OTHER("min_age", 0),
    FIELD_OTHER("max_age", 0),
    FIELD_OTHER("health_allowed", 0),
    FIELD_ENUM("intensity", struct vevent, intensity, vfit_intensities, FF_NULLABLE),
    FIELD_BOOL("skills_required", struct vevent, skills_required, 0),
    FIELD_BOOL("risky", struct vevent, risky, 0),
    FIELD_BOOL("insurance_arranged", struct vevent, insurance_arranged, 0),
    FIELD_TEXT("insurance_note", struct vevent, insurance_note, 200, FF_NULLABLE),
};

/* Applies the body to e (create: empty; patch: stored), status from statuses, and
 * checks the result into v; returns other errors (the team check's). */
static enum yh_err event_body(struct req *r, struct vevent *e, const char *const *statuses, struct verrs *v)
{
    field_set given = 0;
    json_take_enum(r->json, "status", false, statuses, e->status, sizeof(e->status), v);
    body_read(r, event_fields, ARRAY_LEN(event_fields), e, false, &given, v);
    return vevent_check(r, e, body_given(event_fields, ARRAY_LEN(event_fields), given, "capacity"), v);
}

enum yh_err vevent_visible(struct req *r, const struct vevent *e, bool *visible)
{
    struct volunteer v;
    struct signup s;
    *visible = !req_is_member(r) && !req_is_secretary(r);
    if (*visible || strcmp(e->status, "open") == 0) {
        *visible = true;
        return YH_OK;
    }
    enum yh_err err = r->claims.member_id
                          ? volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, &v)
                          : YH_ERR_NOT_FOUND;
    if (err == YH_OK) {
        err = signups_db_open(r->db, r->claims.office, e->id, v.id, &s);
    }
    *visible = err == YH_OK;
    return err == YH_ERR_NOT_FOUND ? YH_OK : err;
}

bool vevent_of_path_or_reply(struct req *r, int64_t *id, struct vevent *e)
{
    bool visible = false;
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = events_db_get(r->db, r->claims.office, *id, e);
    if (err == YH_OK) {
        err = vevent_visible(r, e, &visible);
    }
    if (err == YH_OK && !visible) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_error(r, err, "event");
        return false;
    }
    return true;
}

/* Queues volunteer_event.opened for e: ids, time and team only. */
enum yh_err vevent_publish_opened(struct req *r, const struct vevent *e)
{
    char starts[26], team[32] = "null", data[192];
    time_cn_rfc3339(e->starts_at, starts);
    if (e->team_id) {
        snprintf(team, sizeof(team), "\"%lld\"", (long long)e->team_id);
    }
    snprintf(data, sizeof(data), "{\"event_id\":\"%lld\",\"team_id\":%s,\"starts_at\":\"%s\"}",
             (long long)e->id, team, starts);
    return outbox_publish(r->db, &r->app->cfg, r->claims.office, "volunteer_event.opened", data);
}

/* Queues volunteer_event.cancelled for e (series_id: 0 when cancelled alone): ids and
 * time only, never the sign-ups, so the payload stays small however many signed up; the
 * app reads them by event id. */
enum yh_err vevent_publish_cancelled(struct req *r, const struct vevent *e, int64_t series_id)
{
    char starts[26], series[32] = "null", data[192];
    time_cn_rfc3339(e->starts_at, starts);
    if (series_id) {
        snprintf(series, sizeof(series), "\"%lld\"", (long long)series_id);
    }
    snprintf(data, sizeof(data), "{\"event_id\":\"%lld\",\"series_id\":%s,\"starts_at\":\"%s\"}",
             (long long)e->id, series, starts);
    return outbox_publish(r->db, &r->app->cfg, r->claims.office, "volunteer_event.cancelled", data);
}

/* A new event of the caller's office from the body; false when it has replied. */
static bool new_event_or_reply(struct req *r, struct vevent *e)
{
    static const char *const initial[] = {"draft", "open", NULL};
    struct verrs v = {0};
    memset(e, 0, sizeof(*e));
    snprintf(e->office, sizeof(e->office), "%s", r->claims.office);
    snprintf(e->status, sizeof(e->status), "draft");
    snprintf(e->posted_by, sizeof(e->posted_by), "%s", r->claims.sub);
    enum yh_err err = event_body(r, e, initial, &v);
    return vol_checked_or_reply(r, err, &v);
}

/* POST /v1/volunteer-events */
void vevents_create(struct req *r)
{
    struct vevent e;
    int64_t id = 0;
    if (!vol_json_body_or_reply(r)) {
        return;
    }
    /* the checks run in the write's transaction: the booking's shared lock (venues) then
     * holds until the event naming it commits, so a cancel cannot slip in between */
    enum yh_err err = db_begin(r->db);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!new_event_or_reply(r, &e)) {
        db_rollback(r->db);
        return;
    }
    if (err == YH_OK) {
        err = events_db_insert(r->db, &e, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "event.create", "event", id);
    }
    if (err == YH_OK) {
        err = events_db_get(r->db, r->claims.office, id, &e);
    }
    if (err == YH_OK && strcmp(e.status, "open") == 0) {
        err = vevent_publish_opened(r, &e);
    }
    if (commit_or_reply(r, err, "event")) {
        reply_created_take(r, "/v1/volunteer-events", id, vevent_json(&e));
    }
}

/* GET /v1/volunteer-events/{id} */
void vevents_get(struct req *r)
{
    struct vevent e;
    int64_t id = 0;
    if (!vevent_of_path_or_reply(r, &id, &e)) {
        return;
    }
    cJSON *j = vevent_json(&e);
    if (r->claims.member_id) {
        /* the app shows the caller's own place on the list */
        struct volunteer v;
        struct signup s;
        int64_t pos = 0;
        if (volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, &v) == YH_OK &&
            signups_db_open(r->db, r->claims.office, id, v.id, &s) == YH_OK &&
            signups_db_position(r->db, r->claims.office, id, s.id, &pos) == YH_OK) {
            cJSON_AddItemToObject(j, "my_signup", vsignup_json(&s, pos));
        } else {
            cJSON_AddNullToObject(j, "my_signup");
        }
    }
    reply_json_take(r, 200, j);
}

/* Applies the patch to the locked event e (stored: before) and checks it: the status
 * move and a capacity not below the confirmed. False when it has rolled back and
 * replied. */
static bool event_patch_or_reply(struct req *r, struct vevent *e, const struct vevent *before)
{
    static const char *const statuses[] = {"draft", "open", "closed", "done", "cancelled", NULL};
    struct verrs v = {0};
    char msg[160] = "";
    enum yh_err err = event_body(r, e, statuses, &v);
    if (err == YH_OK && v.n == 0) {
        if (!vevent_status_move_ok(before->status, e->status)) {
            snprintf(msg, sizeof(msg), "an event cannot go from %s to %s", before->status, e->status);
        } else if (e->capacity < e->confirmed) {
            snprintf(msg, sizeof(msg), "%lld volunteers are confirmed: capacity cannot go below that",
                     (long long)e->confirmed);
        }
    }
    if (err == YH_OK && v.n == 0 && !msg[0]) {
        return true;
    }
    db_rollback(r->db);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    } else if (v.n > 0) {
        verrs_ok_or_reply(r, &v);
    } else {
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
    }
    return false;
}

/* PATCH /v1/volunteer-events/{id} */
void vevents_patch(struct req *r)
{
    struct vevent e, before;
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !vol_json_body_or_reply(r) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = events_db_get_for_update(r->db, r->claims.office, id, &e);
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_error(r, err, "event");
        return;
    }
    before = e;
    if (!event_patch_or_reply(r, &e, &before) || !vfit_confirmed_fit_or_reply(r, &e, &before)) {
        return;
    }
    err = events_db_update(r->db, &e, version);
    if (err == YH_OK && e.capacity > before.capacity) {
        e.version++;
        err = vsignups_promote(r, &e);
    }
    if (err == YH_OK && strcmp(e.status, "done") == 0 && strcmp(before.status, "done") != 0) {
        err = vsignups_mark_no_shows(r, &e); /* issue 16, h4 */
    }
    if (err == YH_OK) {
        err = req_audit(r, "event.update", "event", id);
    }
    if (err == YH_OK && strcmp(e.status, "open") == 0 && strcmp(before.status, "open") != 0) {
        err = vevent_publish_opened(r, &e);
    }
    if (err == YH_OK && strcmp(e.status, "cancelled") == 0 && strcmp(before.status, "cancelled") != 0) {
        err = vevent_publish_cancelled(r, &e, 0);
    }
    if (err == YH_OK) {
        err = events_db_get(r->db, r->claims.office, id, &e);
    }
    if (commit_or_reply(r, err, "event")) {
        reply_json_take(r, 200, vevent_json(&e));
    }
}

/* The list's filter from the query (members see open events only); false when it has
 * replied 400. */
static bool event_filter_or_reply(struct req *r, bool member_view, struct event_filter *f, char from[20],
                                  char to[20])
{
    static const char *const statuses[] = {"draft", "open", "closed", "done", "cancelled", NULL};
    struct verrs v = {0};
    char after[48];
    if (!page_params_or_reply(r, "vevents", &f->limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &f->status) ||
        !query_id_or_reply(r, "team", &f->team_id)) {
        return false;
    }
    const char *fs = query_get(&r->q, "from"), *ts = query_get(&r->q, "to");
    if (fs && !datetime_parse(fs, from)) {
        verr_add(&v, "from", "must be a time like 2026-12-01T00:00:00+08:00");
    }
    if (ts && !datetime_parse(ts, to)) {
        verr_add(&v, "to", "must be a time like 2026-12-31T00:00:00+08:00");
    }
    if (v.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return false;
    }
    f->from = from[0] ? from : NULL;
    f->to = to[0] ? to : NULL;
    if (member_view) {
        f->status = "open"; /* the app lists what members can sign up for */
    }
    if (after[0] && sscanf(after, "%19[^|]|%lld", f->after_start, (long long *)&f->after_id) != 2) {
        f->after_start[0] = '\0';
    }
    return true;
}

/* The cache key of this list: the same list serves every member of the office, so it is
 * cached per query and view (member or staff). */
static void events_cache_key(const struct req *r, bool member_view, char key[48])
{
    struct buf kb = {0};
    unsigned char h[32];
    char hex[65];
    buf_printf(&kb, "%s|", member_view ? "m" : "s");
    for (int i = 0; i < r->q.n; i++) {
        buf_printf(&kb, "%s=%s&", r->q.name[i], r->q.value[i]);
    }
    sha256(kb.data, kb.len, h);
    buf_free(&kb);
    hex_encode(h, 12, hex);
    snprintf(key, 48, "ev:%.24s", hex);
}

cJSON *events_page(struct req *r, struct db_rows *rows, int limit)
{
    size_t shown = rows->nrows > (size_t)limit ? (size_t)limit : rows->nrows;
    cJSON *items = view_rows(rows, shown, &events_list_view);
    cJSON *it = NULL;
    char last[96] = "|0";
    skills_json_items(items);
    cJSON_ArrayForEach(it, items)
    {
        double cap = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "capacity"));
        double conf = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "confirmed"));
        cJSON_AddNumberToObject(it, "spots_left", cap > conf ? cap - conf : 0);
    }
    if (shown) {
        events_db_cursor(rows, shown - 1, last, sizeof(last));
    }
    bool more = rows->nrows > shown;
    db_rows_free(rows);
    return page_body(r, "vevents", items, more ? last : NULL);
}

/* GET /v1/volunteer-events */
void vevents_list(struct req *r)
{
    struct event_filter f = {0};
    struct db_rows rows;
    struct cache_stamp stamp;
    bool have_stamp = false;
    char key[48], from[20] = "", to[20] = "";
    bool member_view = req_is_member(r) || req_is_secretary(r);
    if (!event_filter_or_reply(r, member_view, &f, from, to)) {
        return;
    }
    events_cache_key(r, member_view, key);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = events_db_list(r->db, r->claims.office, &f, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, events_page(r, &rows, f.limit));
}

/* GET /v1/volunteer-events/{id}/matches */
void vevents_matches(struct req *r)
{
    static const char *const days[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
    static const char *const parts[] = {"morning", "afternoon", "evening"};
    struct vevent e;
    struct db_rows rows;
    int64_t id = 0;
    int wday = 0, part = 0;
    if (!vevent_of_path_or_reply(r, &id, &e)) {
        return;
    }
    vevent_slot(e.starts_at, &wday, &part);
    enum yh_err err = matches_db(r->db, r->claims.office, &e, 1 << wday, 1 << part, 20, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = view_rows(&rows, rows.nrows, &matches_view);
    cJSON *it = NULL;
    db_rows_free(&rows);
    skills_json_items(items);
    cJSON_ArrayForEach(it, items)
    {
        char why[256];
        double matched = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "matched_skills"));
        double served = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "service_minutes"));
        snprintf(why, sizeof(why),
                 "%lld of the wanted skills; free and available on %s %s; %lld minutes served so far",
                 (long long)matched, days[wday], parts[part], (long long)served);
        cJSON_AddStringToObject(it, "why", why);
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}
