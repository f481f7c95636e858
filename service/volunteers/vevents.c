/* /v1/volunteer-events: events, sign-ups with a waitlist, check-in and hour claims;
 * /v1/volunteer-needs: residents' and departments' requests (点单 → 派单 → 接单). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/volunteers.h"
#include "yinhui/http.h"
#include "yinhui/outbox.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/signed_code.h"
#include "yinhui/volunteer_json.h"
#include "yinhui/volunteers_db.h"

#define CHECKIN_PURPOSE "event-checkin"

/* ---- JSON ---- */

static void add_time(cJSON *j, const char *name, const char *cn)
{
    char t[26];
    if (cn == NULL || !cn[0]) {
        cJSON_AddNullToObject(j, name);
        return;
    }
    time_cn_rfc3339(cn, t);
    cJSON_AddStringToObject(j, name, t);
}

static cJSON *event_json(const struct vevent *e)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", e->id);
    cJSON_AddStringToObject(j, "office", e->office);
    cJSON_AddStringToObject(j, "title", e->title);
    json_add_opt(j, "description", e->description);
    json_add_id(j, "team_id", e->team_id);
    json_add_id(j, "need_id", e->need_id);
    add_time(j, "starts_at", e->starts_at);
    add_time(j, "ends_at", e->ends_at);
    cJSON_AddStringToObject(j, "place", e->place);
    cJSON_AddNumberToObject(j, "capacity", (double)e->capacity);
    cJSON_AddItemToObject(j, "skills", skills_json(e->skills));
    cJSON_AddStringToObject(j, "status", e->status);
    cJSON_AddNumberToObject(j, "confirmed", (double)e->confirmed);
    cJSON_AddNumberToObject(j, "waitlisted", (double)e->waitlisted);
    cJSON_AddNumberToObject(j, "spots_left", (double)(e->capacity > e->confirmed ? e->capacity - e->confirmed : 0));
    cJSON_AddStringToObject(j, "posted_by", e->posted_by);
    cJSON_AddNumberToObject(j, "version", (double)e->version);
    cJSON_AddStringToObject(j, "created_at", e->created_at);
    cJSON_AddStringToObject(j, "updated_at", e->updated_at);
    return j;
}

static cJSON *signup_json(const struct signup *s, int64_t position)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", s->id);
    json_add_id(j, "event_id", s->event_id);
    json_add_id(j, "volunteer_id", s->volunteer_id);
    cJSON_AddStringToObject(j, "status", s->status);
    if (strcmp(s->status, "waitlisted") == 0) {
        cJSON_AddNumberToObject(j, "position", (double)position);
    }
    add_time(j, "checked_in_at", s->checked_in_at);
    add_time(j, "checked_out_at", s->checked_out_at);
    return j;
}

/* ---- input ---- */

static const char *const event_fields[] = {"title", "description", "team_id", "starts_at", "ends_at",
                                           "place", "capacity", "skills", "status", NULL};

/* Applies the body to e (create: empty; patch: stored) and checks the result. */
static enum yh_err event_apply(struct req *r, struct vevent *e, struct verrs *v)
{
    int64_t cap = e->capacity;
    bool has_cap = false;
    json_take_text(r->json, "title", false, 100, e->title, sizeof(e->title), v);
    json_take_text(r->json, "description", true, 2000, e->description, sizeof(e->description), v);
    json_take_id(r->json, "team_id", true, &e->team_id, v);
    json_take_datetime(r->json, "starts_at", false, e->starts_at, v);
    json_take_datetime(r->json, "ends_at", false, e->ends_at, v);
    json_take_text(r->json, "place", false, 200, e->place, sizeof(e->place), v);
    json_get_int(r->json, "capacity", false, 1, 10000, &cap, &has_cap, v);
    if (has_cap) {
        e->capacity = cap;
    }
    skills_take(r->json, "skills", e->skills, sizeof(e->skills), v);
    const char *required[] = {e->title, e->starts_at, e->ends_at, e->place};
    const char *names[] = {"title", "starts_at", "ends_at", "place"};
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
    if (v->n == 0 && e->team_id != 0) {
        struct db_rows t;
        enum yh_err err = vteams_db_get(r->db, r->claims.office, e->team_id, &t);
        if (err == YH_ERR_NOT_FOUND) {
            verr_add(v, "team_id", "no such team in this office");
        } else if (err != YH_OK) {
            return err;
        } else {
            db_rows_free(&t);
        }
    }
    return YH_OK;
}

/* May the caller see event e? Staff and clients: yes. Members: open events, and
 * events they signed up for. */
static enum yh_err event_visible(struct req *r, const struct vevent *e, bool *visible)
{
    struct volunteer v;
    struct signup s;
    *visible = !req_is_member(r) && !req_is_secretary(r);
    if (*visible || strcmp(e->status, "open") == 0) {
        *visible = true;
        return YH_OK;
    }
    enum yh_err err = r->claims.member_id ? volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, &v)
                                          : YH_ERR_NOT_FOUND;
    if (err == YH_OK) {
        err = signups_db_open(r->db, e->id, v.id, &s);
    }
    *visible = err == YH_OK;
    return err == YH_ERR_NOT_FOUND ? YH_OK : err;
}

/* Reads the event of path {id} the caller may see; false when it has replied 404. */
static bool event_of_path_or_reply(struct req *r, int64_t *id, struct vevent *e)
{
    bool visible = false;
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = events_db_get(r->db, r->claims.office, *id, e);
    if (err == YH_OK) {
        err = event_visible(r, e, &visible);
    }
    if (err == YH_OK && !visible) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such event" : NULL, NULL);
        return false;
    }
    return true;
}

/* ---- events ---- */

/* volunteer_event.opened: ids, time and team only. */
static enum yh_err publish_opened(struct req *r, const struct vevent *e)
{
    char starts[26], team[32] = "null", data[192];
    time_cn_rfc3339(e->starts_at, starts);
    if (e->team_id) {
        snprintf(team, sizeof(team), "\"%lld\"", (long long)e->team_id);
    }
    snprintf(data, sizeof(data), "{\"event_id\":\"%lld\",\"team_id\":%s,\"starts_at\":\"%s\"}", (long long)e->id, team,
             starts);
    return outbox_publish(r->db, &r->app->cfg, r->claims.office, "volunteer_event.opened", data);
}

void vevents_create(struct req *r)
{
    static const char *const initial[] = {"draft", "open", NULL};
    struct vevent e;
    struct verrs v = {0};
    int64_t id = 0;
    if (!req_fields_or_reply(r, event_fields)) {
        return;
    }
    memset(&e, 0, sizeof(e));
    snprintf(e.office, sizeof(e.office), "%s", r->claims.office);
    snprintf(e.status, sizeof(e.status), "draft");
    snprintf(e.posted_by, sizeof(e.posted_by), "%s", r->claims.sub);
    json_take_enum(r->json, "status", false, initial, e.status, sizeof(e.status), &v);
    enum yh_err err = event_apply(r, &e, &v);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = db_begin(r->db);
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
        err = publish_opened(r, &e);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    char loc[48];
    snprintf(loc, sizeof(loc), "/v1/volunteer-events/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_json_take(r, 201, event_json(&e));
}

void vevents_get(struct req *r)
{
    struct vevent e;
    int64_t id = 0;
    if (!event_of_path_or_reply(r, &id, &e)) {
        return;
    }
    cJSON *j = event_json(&e);
    if (r->claims.member_id) {
        /* the app shows the caller's own place on the list */
        struct volunteer v;
        struct signup s;
        int64_t pos = 0;
        if (volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, &v) == YH_OK &&
            signups_db_open(r->db, id, v.id, &s) == YH_OK && signups_db_position(r->db, id, s.id, &pos) == YH_OK) {
            cJSON_AddItemToObject(j, "my_signup", signup_json(&s, pos));
        } else {
            cJSON_AddNullToObject(j, "my_signup");
        }
    }
    reply_json_take(r, 200, j);
}

/* Allowed status moves: draft → open; open ⇄ closed; open, closed → done; any but
 * done → cancelled. */
static bool status_move_ok(const char *from, const char *to)
{
    if (strcmp(from, to) == 0) {
        return true;
    }
    if (strcmp(to, "cancelled") == 0) {
        return strcmp(from, "done") != 0;
    }
    if (strcmp(to, "open") == 0) {
        return strcmp(from, "draft") == 0 || strcmp(from, "closed") == 0;
    }
    if (strcmp(to, "closed") == 0 || strcmp(to, "done") == 0) {
        return strcmp(from, "open") == 0 || strcmp(from, "closed") == 0;
    }
    return false;
}

/* Confirms waitlisted sign-ups in order while there is room (caller holds the event
 * row lock). Adjusts e's counts. */
static enum yh_err promote_waitlist(struct req *r, struct vevent *e)
{
    struct db *db = r->db;
    enum yh_err err = YH_OK;
    while (err == YH_OK && e->confirmed < e->capacity && e->waitlisted > 0) {
        int64_t next = 0;
        err = signups_db_first_waitlisted(db, e->id, &next);
        if (err != YH_OK || next == 0) {
            break;
        }
        err = signups_db_set_status(db, next, "confirmed");
        if (err == YH_OK) {
            char data[128];
            snprintf(data, sizeof(data), "{\"event_id\":\"%lld\",\"signup_id\":\"%lld\"}", (long long)e->id,
                     (long long)next);
            err = outbox_publish(db, &r->app->cfg, r->claims.office, "volunteer_signup.promoted", data);
        }
        e->confirmed++;
        e->waitlisted--;
    }
    return err == YH_OK ? events_db_set_counts(db, e->id, e->confirmed, e->waitlisted) : err;
}

void vevents_patch(struct req *r)
{
    static const char *const statuses[] = {"draft", "open", "closed", "done", "cancelled", NULL};
    struct vevent e, before;
    struct verrs v = {0};
    char msg[160];
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, event_fields) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = events_db_get_for_update(r->db, r->claims.office, id, &e);
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such event" : NULL, NULL);
        return;
    }
    before = e;
    json_take_enum(r->json, "status", false, statuses, e.status, sizeof(e.status), &v);
    err = event_apply(r, &e, &v);
    msg[0] = '\0';
    if (err == YH_OK && v.n == 0) {
        if (!status_move_ok(before.status, e.status)) {
            snprintf(msg, sizeof(msg), "an event cannot go from %s to %s", before.status, e.status);
        } else if (e.capacity < e.confirmed) {
            snprintf(msg, sizeof(msg), "%lld volunteers are confirmed: capacity cannot go below that",
                     (long long)e.confirmed);
        }
    }
    if (err != YH_OK || v.n > 0 || msg[0]) {
        db_rollback(r->db);
        if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
        } else if (v.n > 0) {
            verrs_ok_or_reply(r, &v);
        } else {
            reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        }
        return;
    }
    err = events_db_update(r->db, &e, version);
    if (err == YH_OK && e.capacity > before.capacity) {
        e.version++;
        err = promote_waitlist(r, &e);
    }
    if (err == YH_OK) {
        err = req_audit(r, "event.update", "event", id);
    }
    if (err == YH_OK && strcmp(e.status, "open") == 0 && strcmp(before.status, "open") != 0) {
        err = publish_opened(r, &e);
    }
    if (err == YH_OK) {
        err = events_db_get(r->db, r->claims.office, id, &e);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the event changed since you read it" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_json_take(r, 200, event_json(&e));
}

void vevents_list(struct req *r)
{
    static const char *const statuses[] = {"draft", "open", "closed", "done", "cancelled", NULL};
    static const struct jcol cols[] = {
        {"id", JC_ID},          {"title", JC_STR},     {"team_id", JC_ID},       {"team_name", JC_STR},
        {"starts_at", JC_STR},  {"ends_at", JC_STR},   {"place", JC_STR},        {"capacity", JC_INT},
        {"skills", JC_STR},     {"status", JC_STR},    {"confirmed", JC_INT},    {"waitlisted", JC_INT},
        {"version", JC_INT},    {"position", JC_SKIP},
    };
    struct event_filter f = {0};
    struct db_rows rows;
    struct cache_stamp stamp;
    bool have_stamp = false;
    char after[48], key[48], from[20] = "", to[20] = "";
    struct verrs v = {0};
    bool member_view = req_is_member(r) || req_is_secretary(r);

    if (!page_params_or_reply(r, "vevents", &f.limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &f.status) || !query_id_or_reply(r, "team", &f.team_id)) {
        return;
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
        return;
    }
    f.from = from[0] ? from : NULL;
    f.to = to[0] ? to : NULL;
    if (member_view) {
        f.status = "open"; /* the app lists what members can sign up for */
    }
    if (after[0] && sscanf(after, "%19[^|]|%lld", f.after_start, (long long *)&f.after_id) != 2) {
        f.after_start[0] = '\0';
    }
    /* the same list serves every member of the office: cache it per query and view */
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
    snprintf(key, sizeof(key), "ev:%.24s", hex);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = events_db_list(r->db, r->claims.office, &f, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)f.limit ? (size_t)f.limit : rows.nrows;
    cJSON *items = json_rows(&rows, shown, cols);
    cJSON *it = NULL;
    size_t i = 0;
    cJSON_ArrayForEach(it, items)
    {
        cJSON_ReplaceItemInObjectCaseSensitive(it, "skills", skills_json(db_str(&rows, i, 8)));
        int64_t cap = db_i64(&rows, i, 7), conf = db_i64(&rows, i, 10);
        cJSON_AddNumberToObject(it, "spots_left", (double)(cap > conf ? cap - conf : 0));
        i++;
    }
    char last[96];
    snprintf(last, sizeof(last), "%s|%s", shown ? db_str(&rows, shown - 1, 13) : "", shown ? db_str(&rows, shown - 1, 0) : "0");
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, page_body(r, "vevents", items, more ? last : NULL));
}

/* ---- sign-ups ---- */

/* The volunteer a member acts as; registered from the member record on first use. */
static enum yh_err self_volunteer(struct req *r, bool create, struct volunteer *v)
{
    if (r->claims.member_id == 0) {
        return YH_ERR_FORBIDDEN;
    }
    enum yh_err err = volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, v);
    if (err != YH_ERR_NOT_FOUND || !create) {
        return err;
    }
    struct member m;
    int64_t id = 0;
    err = members_db_get(r->db, r->claims.office, r->claims.member_id, &m);
    if (err != YH_OK) {
        return err;
    }
    memset(v, 0, sizeof(*v));
    snprintf(v->office, sizeof(v->office), "%s", r->claims.office);
    v->member_id = m.id;
    v->weekdays = 127;
    v->day_parts = 7;
    volunteer_from_member(v, &m);
    err = volunteers_db_insert(r->db, v, &id);
    if (err == YH_ERR_CONFLICT) { /* registered by a concurrent request */
        return volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, v);
    }
    return err == YH_OK ? volunteers_db_get(r->db, r->claims.office, id, v) : err;
}

static const char *const signup_fields[] = {"volunteer_id", NULL};

void vsignups_create(struct req *r)
{
    struct vevent e;
    struct volunteer vol;
    struct signup s;
    struct verrs v = {0};
    char conflict[160] = "";
    int64_t id = 0, vid = 0, sid = 0, overlaps = 0, pos = 0;
    bool visible = false;

    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, signup_fields)) {
        return;
    }
    bool self = !req_is_staff(r);
    if (self && cJSON_GetObjectItemCaseSensitive(r->json, "volunteer_id") != NULL) {
        verr_add(&v, "volunteer_id", "members sign themselves up");
    }
    if (!self) {
        json_take_id(r->json, "volunteer_id", false, &vid, &v);
        if (v.n == 0 && vid == 0) {
            verr_add(&v, "volunteer_id", "is required");
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    /* an event of another office is absent, whatever the body says */
    enum yh_err err = events_db_get(r->db, r->claims.office, id, &e);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such event" : NULL, NULL);
        return;
    }
    /* lock order: the volunteer (overlaps), then the event (capacity) */
    err = db_begin(r->db);
    if (err == YH_OK && self) {
        err = self_volunteer(r, true, &vol);
        vid = vol.id;
    }
    if (err == YH_OK) {
        err = volunteers_db_get_for_update(r->db, r->claims.office, vid, &vol);
        if (err == YH_ERR_NOT_FOUND && !self) {
            db_rollback(r->db);
            verr_add(&v, "volunteer_id", "no such volunteer in this office");
            verrs_ok_or_reply(r, &v);
            return;
        }
    }
    if (err == YH_OK) {
        err = events_db_get_for_update(r->db, r->claims.office, id, &e);
    }
    if (err == YH_OK) {
        err = event_visible(r, &e, &visible);
        if (err == YH_OK && !visible) {
            err = YH_ERR_NOT_FOUND;
        }
    }
    if (err == YH_OK && strcmp(e.status, "open") != 0) {
        snprintf(conflict, sizeof(conflict), "the event is %s: sign-up is for open events", e.status);
    } else if (err == YH_OK && strcmp(vol.status, "active") != 0) {
        snprintf(conflict, sizeof(conflict), "the volunteer is inactive");
    }
    if (err == YH_OK && !conflict[0]) {
        err = signups_db_open(r->db, id, vid, &s);
        if (err == YH_OK) {
            snprintf(conflict, sizeof(conflict), "already signed up (%s)", s.status);
        }
        err = err == YH_ERR_NOT_FOUND ? YH_OK : err;
    }
    if (err == YH_OK && !conflict[0]) {
        err = signups_db_overlaps(r->db, vid, id, e.starts_at, e.ends_at, &overlaps);
        if (err == YH_OK && overlaps > 0) {
            snprintf(conflict, sizeof(conflict), "the volunteer holds another event at that time");
        }
    }
    if (err != YH_OK || conflict[0]) {
        db_rollback(r->db);
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT,
                      err == YH_ERR_NOT_FOUND ? "no such event" : err == YH_ERR_FORBIDDEN ? "only members sign themselves up" : conflict,
                      NULL);
        return;
    }
    bool confirmed = e.confirmed < e.capacity;
    err = signups_db_insert(r->db, r->claims.office, id, vid, confirmed ? "confirmed" : "waitlisted", &sid);
    if (err == YH_OK) {
        err = events_db_set_counts(r->db, id, e.confirmed + confirmed, e.waitlisted + !confirmed);
    }
    if (err == YH_OK) {
        err = req_audit(r, "signup.create", "signup", sid);
    }
    if (err == YH_OK && confirmed) {
        char data[160];
        snprintf(data, sizeof(data), "{\"event_id\":\"%lld\",\"signup_id\":\"%lld\",\"volunteer_id\":\"%lld\"}",
                 (long long)id, (long long)sid, (long long)vid);
        err = outbox_publish(r->db, &r->app->cfg, r->claims.office, "volunteer_signup.confirmed", data);
    }
    if (err == YH_OK) {
        err = signups_db_get(r->db, r->claims.office, id, sid, &s);
    }
    if (err == YH_OK) {
        err = signups_db_position(r->db, id, sid, &pos);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "already signed up" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    char loc[80];
    snprintf(loc, sizeof(loc), "/v1/volunteer-events/%lld/signups/%lld", (long long)id, (long long)sid);
    reply_header(r, "Location", loc);
    reply_json_take(r, 201, signup_json(&s, pos));
}

void vsignups_list(struct req *r)
{
    static const struct jcol cols[] = {{"id", JC_ID},          {"volunteer_id", JC_ID},   {"name", JC_STR},
                                       {"status", JC_STR},     {"checked_in_at", JC_STR}, {"checked_out_at", JC_STR},
                                       {"created_at", JC_STR}};
    struct vevent e;
    struct db_rows rows;
    int64_t id = 0;
    if (!event_of_path_or_reply(r, &id, &e)) {
        return;
    }
    enum yh_err err = signups_db_list(r->db, id, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

/* Path {sid} as a positive id; false when it has replied. */
static bool sid_param_or_reply(struct req *r, int64_t *sid)
{
    if (id_parse(path_param(&r->pp, "sid"), sid)) {
        return true;
    }
    struct verrs e = {0};
    verr_add(&e, "sid", "must be a positive integer");
    reply_problem(r, YH_ERR_BAD_REQUEST, "sid must be a positive integer", &e);
    return false;
}

void vsignups_cancel(struct req *r)
{
    struct vevent e;
    struct signup s;
    struct volunteer me;
    int64_t id = 0, sid = 0;
    if (!id_param_or_reply(r, &id) || !sid_param_or_reply(r, &sid)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = events_db_get_for_update(r->db, r->claims.office, id, &e);
    }
    if (err == YH_OK) {
        err = signups_db_get(r->db, r->claims.office, id, sid, &s);
    }
    if (err == YH_OK && !req_is_staff(r)) {
        /* members cancel their own sign-ups only */
        err = self_volunteer(r, false, &me);
        if (err == YH_OK && me.id != s.volunteer_id) {
            err = YH_ERR_NOT_FOUND;
        }
        err = err == YH_ERR_FORBIDDEN ? YH_ERR_NOT_FOUND : err;
    }
    if (err == YH_OK && strcmp(s.status, "cancelled") == 0) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "the sign-up is already cancelled", NULL);
        return;
    }
    if (err == YH_OK && s.checked_in_at[0]) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "the volunteer has checked in: the sign-up stays", NULL);
        return;
    }
    if (err == YH_OK) {
        err = signups_db_set_status(r->db, sid, "cancelled");
    }
    if (err == YH_OK) {
        bool was_confirmed = strcmp(s.status, "confirmed") == 0;
        e.confirmed -= was_confirmed;
        e.waitlisted -= !was_confirmed;
        /* the first on the waitlist moves up (only while the event takes sign-ups) */
        err = strcmp(e.status, "open") == 0 || strcmp(e.status, "closed") == 0
                  ? promote_waitlist(r, &e)
                  : events_db_set_counts(r->db, id, e.confirmed, e.waitlisted);
    }
    if (err == YH_OK) {
        err = req_audit(r, "signup.cancel", "signup", sid);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such sign-up" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_empty(r, 204);
}

/* ---- check-in, hours ---- */

/* Minutes between check-in and check-out, at most the event's length plus an hour. */
static int64_t served_minutes(const struct vevent *e, const char *in, const char *out)
{
    int64_t m = (time_cn_parse(out) - time_cn_parse(in)) / 60;
    int64_t cap = (time_cn_parse(e->ends_at) - time_cn_parse(e->starts_at)) / 60 + 60;
    if (m < 1) {
        m = 1;
    }
    return m > cap ? cap : m;
}

/* Records confirmed hours and their points for a locked volunteer. */
static enum yh_err credit_hours(struct req *r, struct volunteer *vol, int64_t hours_id, int64_t minutes)
{
    int64_t pph = 10, entry = 0;
    enum yh_err err = offices_db_points_per_hour(r->db, r->claims.office, &pph);
    int64_t points = minutes * pph / 60;
    if (err == YH_OK && points > 0) {
        err = ledger_db_append(r->db, r->claims.office, vol->id, &vol->points_balance, points, "earn", hours_id,
                               NULL, r->claims.sub, &entry);
    }
    return err;
}

/* The check-in window of e: from YH_CHECKIN_MARGIN_MIN before it starts to as long after
 * it ends. Writes a 409 message to msg when now (China time) is outside it. */
static bool in_checkin_window(const struct req *r, const struct vevent *e, const char *now, char *msg,
                              size_t n)
{
    int64_t margin = r->app->cfg.checkin_margin_min * 60, t = time_cn_parse(now);
    char edge[20], at[26];
    if (t < time_cn_parse(e->starts_at) - margin) {
        time_cn(time_cn_parse(e->starts_at) - margin, edge);
        time_cn_rfc3339(edge, at);
        snprintf(msg, n, "check-in for this event opens at %s", at);
        return false;
    }
    if (t > time_cn_parse(e->ends_at) + margin) {
        time_cn(time_cn_parse(e->ends_at) + margin, edge);
        time_cn_rfc3339(edge, at);
        snprintf(msg, n, "check-in for this event closed at %s", at);
        return false;
    }
    return true;
}

/* Checks volunteer vid in (or out, which records the hours) at event id. With a code
 * (the volunteer's own check-in), only in the event's window and once per code. */
static void check(struct req *r, int64_t id, int64_t vid, const char *action, const char *code)
{
    struct vevent e;
    struct volunteer vol;
    struct signup s;
    char now[20], msg[160] = "";
    int64_t hours_id = 0;
    time_cn(now_s(), now);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = volunteers_db_get_for_update(r->db, r->claims.office, vid, &vol);
    }
    if (err == YH_OK) {
        err = events_db_get(r->db, r->claims.office, id, &e);
    }
    if (err == YH_OK && code != NULL && in_checkin_window(r, &e, now, msg, sizeof(msg))) {
        unsigned char hash[32];
        sha256(code, strlen(code), hash);
        err = checkin_code_db_use(r->db, r->claims.office, hash, vid, id, now);
        if (err == YH_ERR_CONFLICT) {
            err = YH_OK;
            snprintf(msg, sizeof(msg),
                     "this check-in code was already used by this volunteer: ask the organiser for a "
                     "fresh one");
        }
    }
    if (err == YH_OK && !msg[0]) {
        err = signups_db_open(r->db, id, vid, &s);
        if (err == YH_ERR_NOT_FOUND) {
            err = YH_OK;
            snprintf(msg, sizeof(msg), "the volunteer is not signed up for this event");
        }
    }
    bool in = action ? strcmp(action, "in") == 0 : !(err == YH_OK && !msg[0] && s.checked_in_at[0]);
    if (err == YH_OK && !msg[0]) {
        if (strcmp(e.status, "open") != 0 && strcmp(e.status, "closed") != 0) {
            snprintf(msg, sizeof(msg), "the event is %s", e.status);
        } else if (strcmp(s.status, "confirmed") != 0) {
            snprintf(msg, sizeof(msg), "the sign-up is %s, not confirmed", s.status);
        } else if (in && s.checked_in_at[0]) {
            snprintf(msg, sizeof(msg), "already checked in");
        } else if (!in && !s.checked_in_at[0]) {
            snprintf(msg, sizeof(msg), "not checked in yet");
        } else if (!in && s.checked_out_at[0]) {
            snprintf(msg, sizeof(msg), "already checked out");
        }
    }
    if (err != YH_OK || msg[0]) {
        db_rollback(r->db);
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT, err == YH_ERR_NOT_FOUND ? "no such event or volunteer" : msg,
                      NULL);
        return;
    }
    err = signups_db_check(r->db, s.id, in, now);
    int64_t minutes = in ? 0 : served_minutes(&e, s.checked_in_at, now);
    if (err == YH_OK && !in) {
        struct vhours h = {.volunteer_id = vid, .event_id = id, .team_id = e.team_id, .minutes = minutes};
        snprintf(h.source, sizeof(h.source), "checkin");
        snprintf(h.status, sizeof(h.status), "confirmed");
        snprintf(h.served_on, sizeof(h.served_on), "%.10s", s.checked_in_at);
        err = hours_db_insert(r->db, r->claims.office, &h, NULL, &hours_id);
        if (err == YH_OK) {
            err = credit_hours(r, &vol, hours_id, minutes);
        }
    }
    if (err == YH_OK) {
        err = req_audit(r, in ? "signup.check_in" : "signup.check_out", "signup", s.id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "hours for this event are already recorded" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "signup_id", s.id);
    json_add_id(j, "event_id", id);
    json_add_id(j, "volunteer_id", vid);
    cJSON_AddStringToObject(j, "action", in ? "in" : "out");
    add_time(j, "at", now);
    if (!in) {
        cJSON_AddNumberToObject(j, "minutes", (double)minutes);
        cJSON_AddNumberToObject(j, "points_balance", (double)vol.points_balance);
    }
    reply_json_take(r, 200, j);
}

static const char *const attendance_fields[] = {"volunteer_id", "action", NULL};

void vevents_attendance(struct req *r)
{
    static const char *const actions[] = {"in", "out", NULL};
    struct vevent e;
    struct verrs v = {0};
    char action[4] = "";
    int64_t id = 0, vid = 0;
    if (!event_of_path_or_reply(r, &id, &e) || !req_fields_or_reply(r, attendance_fields)) {
        return;
    }
    json_take_id(r->json, "volunteer_id", false, &vid, &v);
    json_take_enum(r->json, "action", false, actions, action, sizeof(action), &v);
    if (v.n == 0 && (vid == 0 || !action[0])) {
        verr_add(&v, vid == 0 ? "volunteer_id" : "action", "is required");
    }
    if (verrs_ok_or_reply(r, &v)) {
        check(r, id, vid, action, NULL);
    }
}

static const char *const code_fields[] = {"ttl_s", NULL};

void vevents_checkin_code(struct req *r)
{
    struct vevent e;
    struct verrs v = {0};
    char code[SIGNED_CODE_LEN + 1], exp_cn[20];
    int64_t id = 0, ttl = 600;
    if (!event_of_path_or_reply(r, &id, &e) || (r->json && !req_fields_or_reply(r, code_fields))) {
        return;
    }
    if (r->json) {
        json_get_int(r->json, "ttl_s", false, 30, 3600, &ttl, NULL, &v);
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    if (strcmp(e.status, "open") != 0 && strcmp(e.status, "closed") != 0) {
        reply_problem(r, YH_ERR_CONFLICT, "check-in is for open or closed events", NULL);
        return;
    }
    char now[20], msg[96];
    time_cn(now_s(), now);
    if (!in_checkin_window(r, &e, now, msg, sizeof(msg))) {
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    /* a code outlives neither its ttl nor the event's window */
    int64_t exp = now_s() + ttl, close = time_cn_parse(e.ends_at) + r->app->cfg.checkin_margin_min * 60;
    exp = exp < close ? exp : close;
    signed_code_make(r->app->cfg.master_key, CHECKIN_PURPOSE, r->claims.office, id, exp, code);
    time_cn(exp, exp_cn);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "event_id", id);
    cJSON_AddStringToObject(j, "code", code);
    add_time(j, "expires_at", exp_cn);
    reply_header(r, "Cache-Control", "no-store");
    reply_json_take(r, 201, j);
}

static const char *const checkin_fields[] = {"code", "action", NULL};

void vevents_checkin(struct req *r)
{
    static const char *const actions[] = {"in", "out", NULL};
    struct volunteer me;
    struct verrs v = {0};
    const char *code = NULL;
    char action[4] = "";
    int64_t id = 0;
    if (!req_fields_or_reply(r, checkin_fields)) {
        return;
    }
    json_get_string(r->json, "code", true, 64, &code, &v);
    json_take_enum(r->json, "action", false, actions, action, sizeof(action), &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    switch (signed_code_check(r->app->cfg.master_key, CHECKIN_PURPOSE, r->claims.office, code, now_s(), &id)) {
    case CODE_BAD:
        verr_add(&v, "code", "is not a check-in code of this office");
        verrs_ok_or_reply(r, &v);
        return;
    case CODE_EXPIRED:
        verr_add(&v, "code", "has expired: ask the organiser for a fresh one");
        verrs_ok_or_reply(r, &v);
        return;
    case CODE_OK:
        break;
    }
    enum yh_err err = self_volunteer(r, false, &me);
    if (err != YH_OK) {
        reply_problem(r, err == YH_ERR_NOT_FOUND ? YH_ERR_CONFLICT : err,
                      err == YH_ERR_NOT_FOUND ? "you are not signed up for this event" : "members check themselves in",
                      NULL);
        return;
    }
    char now[20];
    time_cn(now_s(), now);
    checkin_code_db_prune(r->db, now); /* best effort, outside the check-in's transaction */
    check(r, id, me.id, action[0] ? action : NULL, code);
}

static const char *const claim_fields[] = {"minutes", "note", "volunteer_id", NULL};

void vevents_claim(struct req *r)
{
    struct vevent e;
    struct volunteer vol;
    struct signup s;
    struct verrs v = {0};
    char note[801] = "", now[20];
    int64_t id = 0, vid = 0, minutes = 0, hid = 0;
    if (!event_of_path_or_reply(r, &id, &e) || !req_fields_or_reply(r, claim_fields)) {
        return;
    }
    json_get_int(r->json, "minutes", true, 15, 720, &minutes, NULL, &v);
    json_take_text(r->json, "note", true, 200, note, sizeof(note), &v);
    if (req_is_staff(r)) {
        json_take_id(r->json, "volunteer_id", false, &vid, &v);
        if (v.n == 0 && vid == 0) {
            verr_add(&v, "volunteer_id", "is required");
        }
    } else if (cJSON_GetObjectItemCaseSensitive(r->json, "volunteer_id")) {
        verr_add(&v, "volunteer_id", "members claim their own hours");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = req_is_staff(r) ? volunteers_db_get(r->db, r->claims.office, vid, &vol) : self_volunteer(r, false, &vol);
    if (err == YH_OK) {
        err = signups_db_open(r->db, id, vol.id, &s);
    }
    time_cn(now_s(), now);
    const char *conflict = NULL;
    if (err == YH_ERR_NOT_FOUND || (err == YH_OK && strcmp(s.status, "confirmed") != 0)) {
        err = YH_OK;
        conflict = "hours are claimed for events one was confirmed for";
    } else if (err == YH_OK && strcmp(e.starts_at, now) > 0) {
        conflict = "the event has not started yet";
    } else if (err == YH_OK && s.checked_out_at[0]) {
        conflict = "the hours of this event came from check-in and check-out";
    }
    if (err != YH_OK || conflict) {
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT, conflict, NULL);
        return;
    }
    struct vhours h = {.volunteer_id = vol.id, .event_id = id, .team_id = e.team_id, .minutes = minutes};
    snprintf(h.source, sizeof(h.source), "claim");
    snprintf(h.status, sizeof(h.status), "pending");
    snprintf(h.served_on, sizeof(h.served_on), "%.10s", e.starts_at);
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = hours_db_insert(r->db, r->claims.office, &h, note, &hid);
    }
    if (err == YH_OK) {
        err = req_audit(r, "hours.claim", "hours", hid);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "hours for this event are already claimed" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", hid);
    json_add_id(j, "volunteer_id", vol.id);
    json_add_id(j, "event_id", id);
    cJSON_AddNumberToObject(j, "minutes", (double)minutes);
    cJSON_AddStringToObject(j, "status", "pending");
    reply_json_take(r, 201, j);
}

void vhours_decide(struct req *r)
{
    struct vhours h;
    struct volunteer vol;
    int64_t id = 0;
    const char *decision = strstr(r->path, "/confirm") ? "confirmed" : "rejected";
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = hours_db_get_for_update(r->db, r->claims.office, id, &h);
    }
    if (err == YH_OK && strcmp(h.status, "pending") != 0) {
        db_rollback(r->db);
        char msg[96];
        snprintf(msg, sizeof(msg), "the claim is already %s", h.status);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    if (err == YH_OK) {
        err = hours_db_decide(r->db, id, decision, r->claims.sub);
    }
    if (err == YH_OK && decision[0] == 'c') {
        err = volunteers_db_get_for_update(r->db, r->claims.office, h.volunteer_id, &vol);
        if (err == YH_OK) {
            err = credit_hours(r, &vol, id, h.minutes);
        }
    }
    if (err == YH_OK) {
        err = req_audit(r, decision[0] == 'c' ? "hours.confirm" : "hours.reject", "hours", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such claim" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", id);
    json_add_id(j, "volunteer_id", h.volunteer_id);
    cJSON_AddNumberToObject(j, "minutes", (double)h.minutes);
    cJSON_AddStringToObject(j, "status", decision);
    reply_json_take(r, 200, j);
}

/* ---- matching ---- */

void vevents_matches(struct req *r)
{
    static const struct jcol cols[] = {{"volunteer_id", JC_ID}, {"name", JC_STR}, {"skills", JC_STR},
                                       {"matched_skills", JC_INT}, {"service_minutes", JC_INT}};
    struct vevent e;
    struct db_rows rows;
    int64_t id = 0;
    if (!event_of_path_or_reply(r, &id, &e)) {
        return;
    }
    /* the weekday and part of day the event starts in */
    int64_t t = time_cn_parse(e.starts_at) + 8 * 3600;
    int wday = (int)((t / 86400 + 3) % 7); /* 1970-01-01 was a Thursday: Monday = 0 */
    int hour = atoi(e.starts_at + 11);
    int part = hour < 12 ? 0 : hour < 18 ? 1 : 2;
    enum yh_err err = matches_db(r->db, r->claims.office, &e, 1 << wday, 1 << part, 20, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    static const char *const parts[] = {"morning", "afternoon", "evening"};
    cJSON *items = json_rows(&rows, rows.nrows, cols);
    cJSON *it = NULL;
    size_t i = 0;
    cJSON_ArrayForEach(it, items)
    {
        char why[256];
        cJSON_ReplaceItemInObjectCaseSensitive(it, "skills", skills_json(db_str(&rows, i, 2)));
        snprintf(why, sizeof(why), "%lld of the wanted skills; free and available on %s %s; %lld minutes served so far",
                 (long long)db_i64(&rows, i, 3), days[wday], parts[part], (long long)db_i64(&rows, i, 4));
        cJSON_AddStringToObject(it, "why", why);
        i++;
    }
    db_rows_free(&rows);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}

/* ---- needs ---- */

static const struct jcol need_cols[] = {
    {"id", JC_ID},        {"title", JC_STR},    {"description", JC_STR}, {"requester", JC_STR},
    {"contact", JC_STR},  {"starts_at", JC_STR}, {"ends_at", JC_STR},    {"place", JC_STR},
    {"capacity", JC_INT}, {"skills", JC_STR},   {"status", JC_STR},      {"team_id", JC_ID},
    {"event_id", JC_ID},  {"posted_by", JC_STR}, {"version", JC_INT},    {"created_at", JC_STR},
};

/* The need as JSON; a client sees only needs it posted. */
static enum yh_err need_json(struct req *r, int64_t id, cJSON **out, struct db_rows *keep)
{
    struct db_rows rows;
    enum yh_err err = needs_db_get(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        return err;
    }
    if (req_is_client(r) && strcmp(db_str(&rows, 0, 13), r->claims.sub) != 0) {
        db_rows_free(&rows);
        return YH_ERR_NOT_FOUND;
    }
    *out = json_row(&rows, 0, need_cols);
    cJSON_ReplaceItemInObjectCaseSensitive(*out, "skills", skills_json(db_str(&rows, 0, 9)));
    if (keep != NULL) {
        *keep = rows;
    } else {
        db_rows_free(&rows);
    }
    return YH_OK;
}

static const char *const need_fields[] = {"title", "description", "requester", "contact", "starts_at",
                                          "ends_at", "place", "capacity", "skills", NULL};

void vneeds_create(struct req *r)
{
    struct vevent e;
    struct verrs v = {0};
    char requester[401] = "", contact[401] = "";
    int64_t id = 0;
    if (!req_fields_or_reply(r, need_fields)) {
        return;
    }
    memset(&e, 0, sizeof(e));
    snprintf(e.posted_by, sizeof(e.posted_by), "%s", r->claims.sub);
    json_take_text(r->json, "requester", false, 100, requester, sizeof(requester), &v);
    json_take_text(r->json, "contact", true, 100, contact, sizeof(contact), &v);
    if (!requester[0] && v.n == 0) {
        verr_add(&v, "requester", "is required: who asks (a resident, a department)");
    }
    enum yh_err err = event_apply(r, &e, &v);
    if (err == YH_OK && !verrs_ok_or_reply(r, &v)) {
        return;
    }
    if (err == YH_OK) {
        err = db_begin(r->db);
    }
    if (err == YH_OK) {
        err = needs_db_insert(r->db, r->claims.office, &e, requester, contact, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "need.create", "need", id);
    }
    err = db_finish(r->db, err);
    cJSON *j = NULL;
    if (err == YH_OK) {
        err = need_json(r, id, &j, NULL);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    char loc[48];
    snprintf(loc, sizeof(loc), "/v1/volunteer-needs/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_json_take(r, 201, j);
}

void vneeds_get(struct req *r)
{
    int64_t id = 0;
    cJSON *j = NULL;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = need_json(r, id, &j, NULL);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such need" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

void vneeds_list(struct req *r)
{
    static const char *const statuses[] = {"requested", "dispatched", "accepted", "done", "cancelled", NULL};
    struct db_rows rows;
    const char *status = NULL;
    int limit;
    char after[24], last[24];
    if (!page_params_or_reply(r, "vneeds", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &status)) {
        return;
    }
    enum yh_err err = needs_db_list(r->db, r->claims.office, status, req_is_client(r) ? r->claims.sub : NULL,
                                    after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)limit ? (size_t)limit : rows.nrows;
    cJSON *items = json_rows(&rows, shown, need_cols);
    cJSON *it = NULL;
    size_t i = 0;
    cJSON_ArrayForEach(it, items)
    {
        cJSON_ReplaceItemInObjectCaseSensitive(it, "skills", skills_json(db_str(&rows, i++, 9)));
    }
    snprintf(last, sizeof(last), "%s", shown ? db_str(&rows, shown - 1, 0) : "0");
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    reply_json_take(r, 200, page_body(r, "vneeds", items, more ? last : NULL));
}

static const char *const dispatch_fields[] = {"team_id", NULL};

/* POST /v1/volunteer-needs/{id}/{dispatch|accept|complete|cancel}: who may move a need
 * and where:
 *   dispatch  requested  → dispatched  staff, to a team
 *   accept    dispatched → accepted    staff, or the leader of that team (a member);
 *                                      an open event of the team is created from the need
 *   complete  accepted   → done        staff
 *   cancel    requested, dispatched → cancelled   staff, or the client that posted it */
void vneeds_move(struct req *r)
{
    struct db_rows need;
    struct verrs v = {0};
    int64_t id = 0, version = 0, team = 0, event_id = 0;
    const char *verb = strrchr(r->path, '/') + 1;
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    if (strcmp(verb, "dispatch") == 0) {
        if (!req_fields_or_reply(r, dispatch_fields)) {
            return;
        }
        json_take_id(r->json, "team_id", false, &team, &v);
        if (v.n == 0 && team == 0) {
            verr_add(&v, "team_id", "is required");
        }
        struct db_rows t;
        if (v.n == 0 && vteams_db_get(r->db, r->claims.office, team, &t) != YH_OK) {
            verr_add(&v, "team_id", "no such team in this office");
        } else if (v.n == 0) {
            db_rows_free(&t);
        }
        if (!verrs_ok_or_reply(r, &v)) {
            return;
        }
    }
    enum yh_err err = needs_db_get(r->db, r->claims.office, id, &need);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such need" : NULL, NULL);
        return;
    }
    /* who may do what */
    bool allowed = req_is_staff(r);
    if (!allowed && strcmp(verb, "cancel") == 0) {
        allowed = req_is_client(r) && strcmp(db_str(&need, 0, 13), r->claims.sub) == 0;
    }
    if (!allowed && strcmp(verb, "accept") == 0 && db_str(&need, 0, 11) != NULL) {
        struct volunteer me;
        bool leader = false;
        if (self_volunteer(r, false, &me) == YH_OK &&
            vteams_db_is_leader(r->db, db_i64(&need, 0, 11), me.id, &leader) == YH_OK) {
            allowed = leader;
        }
    }
    if (!allowed) {
        bool hidden = req_is_client(r) && strcmp(db_str(&need, 0, 13), r->claims.sub) != 0;
        db_rows_free(&need);
        reply_problem(r, hidden ? YH_ERR_NOT_FOUND : YH_ERR_FORBIDDEN,
                      hidden ? "no such need" : "this step belongs to office staff or the dispatched team's leader", NULL);
        return;
    }
    const char *from = strcmp(verb, "dispatch") == 0   ? "requested"
                       : strcmp(verb, "accept") == 0   ? "dispatched"
                       : strcmp(verb, "complete") == 0 ? "accepted"
                                                       : "requested,dispatched";
    const char *to = strcmp(verb, "dispatch") == 0   ? "dispatched"
                     : strcmp(verb, "accept") == 0   ? "accepted"
                     : strcmp(verb, "complete") == 0 ? "done"
                                                     : "cancelled";
    err = db_begin(r->db);
    if (err == YH_OK && strcmp(verb, "accept") == 0 && strcmp(db_str(&need, 0, 10), "dispatched") == 0) {
        struct vevent e;
        memset(&e, 0, sizeof(e));
        snprintf(e.office, sizeof(e.office), "%s", r->claims.office);
        snprintf(e.title, sizeof(e.title), "%s", db_str(&need, 0, 1));
        snprintf(e.description, sizeof(e.description), "%s", db_str(&need, 0, 2) ? db_str(&need, 0, 2) : "");
        datetime_parse(db_str(&need, 0, 5), e.starts_at);
        datetime_parse(db_str(&need, 0, 6), e.ends_at);
        snprintf(e.place, sizeof(e.place), "%s", db_str(&need, 0, 7));
        e.capacity = db_i64(&need, 0, 8);
        snprintf(e.skills, sizeof(e.skills), "%s", db_str(&need, 0, 9));
        snprintf(e.status, sizeof(e.status), "open");
        snprintf(e.posted_by, sizeof(e.posted_by), "%s", db_str(&need, 0, 13));
        e.team_id = db_i64(&need, 0, 11);
        e.need_id = id;
        err = events_db_insert(r->db, &e, &event_id);
    }
    if (err == YH_OK) {
        err = needs_db_move(r->db, r->claims.office, id, version, from, to, team, event_id);
    }
    if (err == YH_OK) {
        char action[40];
        snprintf(action, sizeof(action), "need.%s", verb);
        err = req_audit(r, action, "need", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        char msg[160];
        snprintf(msg, sizeof(msg), "a %s need cannot be %s", db_str(&need, 0, 10),
                 strcmp(verb, "dispatch") == 0 ? "dispatched" : strcmp(verb, "accept") == 0 ? "accepted"
                 : strcmp(verb, "complete") == 0 ? "completed" : "cancelled");
        db_rows_free(&need);
        reply_problem(r, err, err == YH_ERR_CONFLICT ? msg : err == YH_ERR_PRECONDITION ? "the need changed since you read it" : NULL,
                      NULL);
        return;
    }
    db_rows_free(&need);
    req_invalidate(r, r->claims.office);
    cJSON *j = NULL;
    err = need_json(r, id, &j, NULL);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}
