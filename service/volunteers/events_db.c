/* Volunteer events and the volunteers matching one: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* ---- events ---- */

#define EVENT_COLS                                                                                           \
    "id, office_code, title, description, IFNULL(team_id, 0), IFNULL(need_id, 0), "                          \
    "DATE_FORMAT(starts_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(ends_at, '%Y-%m-%d %H:%i:%s'), place, "        \
    "capacity, "                                                                                             \
    "skills, status, posted_by, confirmed, waitlisted, version, " SQL_TS("created_at") ", " SQL_TS(          \
        "updated_at") ", IFNULL(booking_id, 0), (SELECT v.name FROM room_bookings rb JOIN venues v ON "      \
                      "v.id = rb.venue_id WHERE rb.id = volunteer_events.booking_id), (SELECT r.name FROM "  \
                      "room_bookings rb JOIN rooms r ON r.id = rb.room_id WHERE rb.id = "                    \
                      "volunteer_events.booking_id)"

const struct fm vevent_map[] = {
    FM(FM_ID, "id", struct vevent, id),
    FM(FM_STR, "office", struct vevent, office),
    FM(FM_STR, "title", struct vevent, title),
    FM(FM_OPT, "description", struct vevent, description),
    FM(FM_ID, "team_id", struct vevent, team_id),
    FM(FM_ID, "need_id", struct vevent, need_id),
    FM(FM_TIME, "starts_at", struct vevent, starts_at),
    FM(FM_TIME, "ends_at", struct vevent, ends_at),
    FM(FM_STR, "place", struct vevent, place),
    FM(FM_INT, "capacity", struct vevent, capacity),
    FM(FM_STR, NULL, struct vevent, skills),
    FM(FM_STR, "status", struct vevent, status),
    FM(FM_STR, "posted_by", struct vevent, posted_by),
    FM(FM_INT, "confirmed", struct vevent, confirmed),
    FM(FM_INT, "waitlisted", struct vevent, waitlisted),
    FM(FM_INT, "version", struct vevent, version),
    FM(FM_STR, "created_at", struct vevent, created_at),
    FM(FM_STR, "updated_at", struct vevent, updated_at),
    FM(FM_ID, "booking_id", struct vevent, booking_id),
    FM(FM_OPT, "venue_name", struct vevent, venue_name),
    FM(FM_OPT, "room_name", struct vevent, room_name),
};
const size_t vevent_map_len = ARRAY_LEN(vevent_map);

/* Event id of office into e; locked (inside a transaction) when lock. */
static enum yh_err event_one(struct db *db, const char *office, int64_t id, bool lock, struct vevent *e)
{
    static const char sql[] = "SELECT " EVENT_COLS " FROM volunteer_events WHERE office_code = ? AND id = ?";
    static const char locked[] =
        "SELECT " EVENT_COLS " FROM volunteer_events WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, lock ? locked : sql, p, 2, vevent_map, vevent_map_len, e);
}

enum yh_err events_db_get(struct db *db, const char *office, int64_t id, struct vevent *e)
{
    return event_one(db, office, id, false, e);
}

enum yh_err events_db_get_for_update(struct db *db, const char *office, int64_t id, struct vevent *e)
{
    return event_one(db, office, id, true, e);
}

enum yh_err events_db_insert(struct db *db, const struct vevent *e, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteer_events (office_code, title, description, team_id, need_id, starts_at, "
        "ends_at, place, capacity, skills, status, posted_by, booking_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?)";
    struct db_param p[] = {P_STR(e->office),
                           P_STR(e->title),
                           P_OPT(e->description),
                           e->team_id ? P_I64(e->team_id) : P_NULL,
                           e->need_id ? P_I64(e->need_id) : P_NULL,
                           P_STR(e->starts_at),
                           P_STR(e->ends_at),
                           P_STR(e->place),
                           P_I64(e->capacity),
                           P_STR(e->skills),
                           P_STR(e->status),
                           P_STR(e->posted_by),
                           e->booking_id ? P_I64(e->booking_id) : P_NULL};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err events_db_update(struct db *db, const struct vevent *e, int64_t version)
{
    static const char sql[] =
        "UPDATE volunteer_events SET title = ?, description = ?, team_id = ?, starts_at = ?, "
        "ends_at = ?, place = ?, capacity = ?, skills = ?, status = ?, booking_id = ?, version = "
        "version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM volunteer_events WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(e->title),
                           P_OPT(e->description),
                           e->team_id ? P_I64(e->team_id) : P_NULL,
                           P_STR(e->starts_at),
                           P_STR(e->ends_at),
                           P_STR(e->place),
                           P_I64(e->capacity),
                           P_STR(e->skills),
                           P_STR(e->status),
                           e->booking_id ? P_I64(e->booking_id) : P_NULL,
                           P_STR(e->office),
                           P_I64(e->id),
                           P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, e->office, e->id);
}

enum yh_err events_db_set_counts(struct db *db, const char *office, int64_t id, int64_t confirmed,
                                 int64_t waitlisted)
{
    static const char sql[] =
        "UPDATE volunteer_events SET confirmed = ?, waitlisted = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_I64(confirmed), P_I64(waitlisted), P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

static const struct jcol events_list_cols[] = {
    {"id", JC_ID},         {"title", JC_STR},     {"team_id", JC_ID},    {"team_name", JC_STR},
    {"starts_at", JC_STR}, {"ends_at", JC_STR},   {"place", JC_STR},     {"capacity", JC_INT},
    {"skills", JC_STR},    {"status", JC_STR},    {"confirmed", JC_INT}, {"waitlisted", JC_INT},
    {"version", JC_INT},   {"position", JC_SKIP},
};
const struct view events_list_view = VIEW(events_list_cols);

enum yh_err events_db_list(struct db *db, const char *office, const struct event_filter *f,
                           struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[10];
    size_t np = 0;
    buf_puts(
        &sql,
        "SELECT e.id, e.title, e.team_id, t.name, " SQL_TS("e.starts_at") ", " SQL_TS(
            "e.ends_at") ", e.place, e.capacity, e.skills, e.status, e.confirmed, e.waitlisted, e.version, "
                         "DATE_FORMAT(e.starts_at, '%Y-%m-%d %H:%i:%s') FROM volunteer_events e LEFT JOIN "
                         "volunteer_teams t "
                         "ON t.id = e.team_id WHERE e.office_code = ?");
    p[np++] = P_STR(office);
    if (f->status) {
        buf_puts(&sql, " AND e.status = ?");
        p[np++] = P_STR(f->status);
    }
    if (f->after_start[0]) {
        buf_puts(&sql, " AND (e.starts_at, e.id) > (?, ?)");
        p[np++] = P_STR(f->after_start);
        p[np++] = P_I64(f->after_id);
    }
    if (f->team_id) {
        buf_puts(&sql, " AND e.team_id = ?");
        p[np++] = P_I64(f->team_id);
    }
    if (f->from) {
        buf_puts(&sql, " AND e.starts_at >= ?");
        p[np++] = P_STR(f->from);
    }
    if (f->to) {
        buf_puts(&sql, " AND e.starts_at < ?");
        p[np++] = P_STR(f->to);
    }
    buf_puts(&sql, " ORDER BY e.starts_at, e.id LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    enum yh_err err = view_fetch(db, &events_list_view, sql.data, p, np, false, rows);
    buf_free(&sql);
    return err;
}

void events_db_cursor(const struct db_rows *rows, size_t i, char *out, size_t outlen)
{
    /* the position column is the one the list is ordered by, unlike the shown starts_at */
    snprintf(out, outlen, "%s|%s", db_str(rows, i, 13), db_str(rows, i, 0));
}

static const struct jcol matches_cols[] = {{"volunteer_id", JC_ID},
                                           {"name", JC_STR},
                                           {"skills", JC_STR},
                                           {"matched_skills", JC_INT},
                                           {"service_minutes", JC_INT}};
const struct view matches_view = VIEW(matches_cols);

enum yh_err matches_db(struct db *db, const char *office, const struct vevent *e, int weekday_bit,
                       int part_bit, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT v.id, v.name, v.skills, (SELECT COUNT(*) FROM volunteer_skills s WHERE s.volunteer_id = v.id "
        "AND "
        "FIND_IN_SET(s.skill, ?) > 0) matched, (SELECT IFNULL(SUM(h.minutes), 0) FROM volunteer_hours h "
        "WHERE "
        "h.volunteer_id = v.id AND " VHOURS_COUNTED ") served FROM volunteers v WHERE v.office_code = ? "
        "AND "
        "v.status = 'active' AND (v.weekdays & ?) <> 0 AND (v.day_parts & ?) <> 0 AND NOT EXISTS (SELECT 1 "
        "FROM "
        "volunteer_signups s WHERE s.volunteer_id = v.id AND s.status <> 'cancelled' AND (s.event_id = ? OR "
        "s.event_id IN (SELECT o.id FROM volunteer_events o WHERE o.status IN ('open', 'closed') AND "
        "o.starts_at < ? "
        "AND o.ends_at > ?))) HAVING ? = '' OR matched > 0 ORDER BY matched DESC, served, v.id LIMIT ?";
    struct db_param p[] = {P_STR(e->skills),    P_STR(office),    P_I64(weekday_bit),
                           P_I64(part_bit),     P_I64(e->id),     P_STR(e->ends_at),
                           P_STR(e->starts_at), P_STR(e->skills), P_I64(limit)};
    return view_fetch(db, &matches_view, sql, p, 9, false, rows);
}
