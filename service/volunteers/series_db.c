/* Recurring volunteer events (series) and their occurrences: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

#define SERIES_COLS                                                                                          \
    "id, office_code, title, description, IFNULL(team_id, 0), place, capacity, skills, start_time, "         \
    "duration_minutes, recurrence, IFNULL(weekday, 0), IFNULL(month_day, 0), "                               \
    "DATE_FORMAT(from_date, '%Y-%m-%d'), DATE_FORMAT(to_date, '%Y-%m-%d'), status, posted_by, "              \
    "version, " SQL_TS("created_at") ", " SQL_TS("updated_at")

const struct fm vseries_map[] = {
    FM(FM_ID, "id", struct vseries, id),
    FM(FM_STR, "office", struct vseries, office),
    FM(FM_STR, "title", struct vseries, title),
    FM(FM_OPT, "description", struct vseries, description),
    FM(FM_ID, "team_id", struct vseries, team_id),
    FM(FM_STR, "place", struct vseries, place),
    FM(FM_INT, "capacity", struct vseries, capacity),
    FM(FM_STR, NULL, struct vseries, skills),
    FM(FM_STR, "start_time", struct vseries, start_time),
    FM(FM_INT, "duration_minutes", struct vseries, duration_minutes),
    FM(FM_STR, "recurrence", struct vseries, recurrence),
    FM(FM_INT, NULL, struct vseries, weekday),
    FM(FM_INT, NULL, struct vseries, month_day),
    FM(FM_STR, "from", struct vseries, from),
    FM(FM_STR, "to", struct vseries, to),
    FM(FM_STR, "status", struct vseries, status),
    FM(FM_STR, "posted_by", struct vseries, posted_by),
    FM(FM_INT, "version", struct vseries, version),
    FM(FM_STR, "created_at", struct vseries, created_at),
    FM(FM_STR, "updated_at", struct vseries, updated_at),
};
const size_t vseries_map_len = ARRAY_LEN(vseries_map);

enum yh_err vseries_db_get(struct db *db, const char *office, int64_t id, bool lock, struct vseries *s)
{
    static const char sql[] =
        "SELECT " SERIES_COLS " FROM volunteer_event_series WHERE office_code = ? AND id = ?";
    static const char locked[] =
        "SELECT " SERIES_COLS " FROM volunteer_event_series WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, lock ? locked : sql, p, 2, vseries_map, vseries_map_len, s);
}

enum yh_err vseries_db_insert(struct db *db, const struct vseries *s, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteer_event_series (office_code, title, description, team_id, place, capacity, "
        "skills, "
        "start_time, duration_minutes, recurrence, weekday, month_day, from_date, to_date, posted_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(s->office),
                           P_STR(s->title),
                           P_OPT(s->description),
                           s->team_id ? P_I64(s->team_id) : P_NULL,
                           P_STR(s->place),
                           P_I64(s->capacity),
                           P_STR(s->skills),
                           P_STR(s->start_time),
                           P_I64(s->duration_minutes),
                           P_STR(s->recurrence),
                           s->weekday ? P_I64(s->weekday) : P_NULL,
                           s->month_day ? P_I64(s->month_day) : P_NULL,
                           P_STR(s->from),
                           P_STR(s->to),
                           P_STR(s->posted_by)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err vseries_db_update(struct db *db, const struct vseries *s, int64_t version)
{
    static const char sql[] =
        "UPDATE volunteer_event_series SET title = ?, description = ?, team_id = ?, place = ?, capacity = ?, "
        "skills = ?, start_time = ?, duration_minutes = ?, status = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM volunteer_event_series WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(s->title),
                           P_OPT(s->description),
                           s->team_id ? P_I64(s->team_id) : P_NULL,
                           P_STR(s->place),
                           P_I64(s->capacity),
                           P_STR(s->skills),
                           P_STR(s->start_time),
                           P_I64(s->duration_minutes),
                           P_STR(s->status),
                           P_STR(s->office),
                           P_I64(s->id),
                           P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, s->office, s->id);
}

enum yh_err vseries_db_link(struct db *db, const char *office, int64_t event_id, int64_t series_id)
{
    static const char sql[] = "UPDATE volunteer_events SET series_id = ? WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_I64(series_id), P_STR(office), P_I64(event_id)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

struct event_id {
    int64_t id;
};
static const struct fm event_id_map[] = {FM(FM_ID, "id", struct event_id, id)};

enum yh_err vseries_db_future(struct db *db, const char *office, int64_t series_id, const char *now,
                              int64_t **ids, size_t *n)
{
    static const char sql[] =
        "SELECT id FROM volunteer_events WHERE office_code = ? AND series_id = ? AND starts_at > ? "
        "AND status IN ('draft', 'open', 'closed') ORDER BY starts_at, id FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(series_id), P_STR(now)};
    /* struct event_id is one int64_t: the array is one of ids */
    return fm_all(db, sql, p, 3, event_id_map, 1, sizeof(struct event_id), ids, n);
}

static const struct jcol occurrence_cols[] = {
    {"id", JC_ID},        {"starts_at", JC_STR}, {"ends_at", JC_STR},    {"status", JC_STR},
    {"capacity", JC_INT}, {"confirmed", JC_INT}, {"waitlisted", JC_INT}, {"version", JC_INT},
};
const struct view vseries_occurrences_view = VIEW(occurrence_cols);

enum yh_err vseries_db_occurrences(struct db *db, const char *office, int64_t series_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT id, " SQL_TS("starts_at") ", " SQL_TS(
        "ends_at") ", status, capacity, confirmed, waitlisted, version FROM volunteer_events "
                   "WHERE office_code = ? AND series_id = ? ORDER BY starts_at, id";
    struct db_param p[] = {P_STR(office), P_I64(series_id)};
    return view_fetch(db, &vseries_occurrences_view, sql, p, 2, false, rows);
}

static const struct jcol series_list_cols[] = {
    {"id", JC_ID},         {"title", JC_STR},      {"recurrence", JC_STR}, {"weekday", JC_INT},
    {"month_day", JC_INT}, {"start_time", JC_STR}, {"from", JC_STR},       {"to", JC_STR},
    {"status", JC_STR},    {"version", JC_INT},
};
const struct view vseries_list_view = VIEW(series_list_cols);

enum yh_err vseries_db_list(struct db *db, const char *office, const char *status, int64_t after, int limit,
                            struct db_rows *rows)
{
    static const char sql[] =
        "SELECT id, title, recurrence, weekday, month_day, start_time, DATE_FORMAT(from_date, '%Y-%m-%d'), "
        "DATE_FORMAT(to_date, '%Y-%m-%d'), status, version FROM volunteer_event_series WHERE office_code = ? "
        "AND (? IS NULL OR status = ?) AND id > ? ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_OPT(status), P_OPT(status), P_I64(after), P_I64(limit + 1)};
    return view_fetch(db, &vseries_list_view, sql, p, 5, false, rows);
}
