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
                      "volunteer_events.booking_id), IFNULL(min_age, 0), IFNULL(max_age, 0), "               \
                      "health_allowed, "                                                                     \
                      "IFNULL(intensity, ''), skills_required, risky, insurance_arranged, insurance_note"

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
    FM(FM_INT, NULL, struct vevent, min_age),
    FM(FM_INT, NULL, struct vevent, max_age),
    FM(FM_STR, NULL, struct vevent, health_allowed),
    FM(FM_OPT, "intensity", struct vevent, intensity),
    FM(FM_BOOL, "skills_required", struct vevent, skills_required),
    FM(FM_BOOL, "risky", struct vevent, risky),
    FM(FM_BOOL, "insurance_arranged", struct vevent, insurance_arranged),
    FM(FM_OPT, "insurance_note", struct vevent, insurance_note),
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

/* The requirements' eight parameters (issue 16), in the columns' order. */
#define FIT_PARAMS(e)                                                                                        \
    (e)->min_age ? P_I64((e)->min_age) : P_NULL, (e)->max_age ? P_I64((e)->max_age) : P_NULL,                \
        P_STR((e)->health_allowed), P_OPT((e)->intensity), P_I64((e)->skills_required), P_I64((e)->risky),   \
        P_I64((e)->insurance_arranged), P_OPT((e)->insurance_note)

enum yh_err events_db_insert(struct db *db, const struct vevent *e, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteer_events (office_code, title, description, team_id, need_id, starts_at, "
        "ends_at, place, capacity, skills, status, posted_by, booking_id, min_age, max_age, health_allowed, "
        "intensity, skills_required, risky, insurance_arranged, insurance_note) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
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
                           e->booking_id ? P_I64(e->booking_id) : P_NULL,
                           FIT_PARAMS(e)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err events_db_update(struct db *db, const struct vevent *e, int64_t version)
{
    static const char sql[] =
        "UPDATE volunteer_events SET title = ?, description = ?, team_id = ?, starts_at = ?, "
        "ends_at = ?, place = ?, capacity = ?, skills = ?, status = ?, booking_id = ?, min_age = ?, "
        "max_age = ?, health_allowed = ?, intensity = ?, skills_required = ?, risky = ?, insurance_arranged "
        "= "
        "?, insurance_note = ?, version = "
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
                           FIT_PARAMS(e),
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

/* ---- safety and fit (issue 16) ---- */

enum yh_err vfit_db_member(struct db *db, const char *office, int64_t member_id, char birth[11],
                           unsigned char health_idx[8])
{
    static const char sql[] = "SELECT DATE_FORMAT(birth_date, '%Y-%m-%d'), health_idx FROM members WHERE "
                              "office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id)};
    struct db_rows rows;
    enum yh_err err = db_exec_row(db, sql, p, 2, &rows);
    if (err == YH_OK) {
        snprintf(birth, 11, "%s", db_str(&rows, 0, 0));
        memset(health_idx, 0, 8);
        db_blob(&rows, 0, 1, health_idx, 8);
        db_rows_free(&rows);
    }
    return err;
}

/* The eligible-event list's SELECT with the volunteer's birth (BIRTH: one parameter) and
 * its age on an event's day (AGE, from w.birth). Along ix_events_office (office_code,
 * status, starts_at, id) from the cursor or now; the fit (vfit_check's rule) filters the
 * rows the range yields; an unknown age (NULL) fails any bound. Events overlapping one
 * the volunteer holds are left out, as the sign-up would refuse them (409; the same
 * test as signups_db_overlaps, along ix_signups_volunteer). */
#define FIT_EVENTS_SQL(BIRTH, AGE)                                                                           \
    "SELECT e.id, e.title, e.team_id, t.name, " SQL_TS("e.starts_at") ", " SQL_TS(                           \
        "e.ends_at") ", e.place, e.capacity, e.skills, e.status, e.confirmed, e.waitlisted, e.version, "     \
                     "DATE_FORMAT(e.starts_at, '%Y-%m-%d %H:%i:%s') FROM volunteer_events e LEFT JOIN "      \
                     "volunteer_teams t ON t.id = e.team_id, (SELECT " BIRTH " birth) w WHERE "              \
                     "e.office_code = ? AND e.status = 'open' AND e.starts_at >= ? AND (e.starts_at > ? "    \
                     "OR e.id > ?) AND (e.risky = 0 OR e.insurance_arranged = 1) AND (e.min_age IS NULL "    \
                     "OR " AGE " >= e.min_age) AND (e.max_age IS NULL OR " AGE " <= e.max_age) AND "         \
                     "(e.health_allowed = '' OR FIND_IN_SET(?, e.health_allowed) > 0) AND (e.intensity IS "  \
                     "NULL OR e.intensity <> 'vigorous' OR ? = 'able') AND (e.skills_required = 0 OR "       \
                     "e.skills = '' OR EXISTS (SELECT 1 FROM volunteer_skills s WHERE s.volunteer_id = ? "   \
                     "AND FIND_IN_SET(s.skill, e.skills) > 0)) AND NOT EXISTS (SELECT 1 FROM "               \
                     "volunteer_signups s WHERE s.open_key = CONCAT(e.id, ':', ?)) AND NOT EXISTS (SELECT "  \
                     "1 FROM volunteer_signups s JOIN volunteer_events o ON o.id = s.event_id WHERE "        \
                     "s.volunteer_id = ? AND s.status <> 'cancelled' AND o.status IN ('open', 'closed') "    \
                     "AND o.starts_at < e.ends_at AND o.ends_at > e.starts_at) ORDER BY e.starts_at, e.id "  \
                     "LIMIT ?"

enum yh_err vfit_db_events(struct db *db, const char *office, const struct vfit_filter *f,
                           struct db_rows *rows)
{
    /* full years on the event's day from a birth date (29 February: on 1 March), else the
     * age reached in the event's year from a birth year */
    static const char by_date[] =
        FIT_EVENTS_SQL("CAST(? AS DATE)", "TIMESTAMPDIFF(YEAR, w.birth, DATE(e.starts_at))");
    static const char by_year[] = FIT_EVENTS_SQL("CAST(? AS SIGNED)", "(YEAR(e.starts_at) - w.birth)");
    const bool dated = f->birth_date[0] != '\0';
    const char *from = f->after_start[0] ? f->after_start : f->now;
    struct db_param p[] = {dated               ? P_STR(f->birth_date)
                           : f->birth_year > 0 ? P_I64(f->birth_year)
                                               : P_NULL,
                           P_STR(office),
                           P_STR(from),
                           P_STR(from),
                           P_I64(f->after_start[0] ? f->after_id : INT64_MAX),
                           P_STR(f->health),
                           P_STR(f->health),
                           P_I64(f->volunteer_id),
                           P_I64(f->volunteer_id),
                           P_I64(f->volunteer_id),
                           P_I64(f->limit + 1)};
    return view_fetch(db, &events_list_view, dated ? by_date : by_year, p, ARRAY_LEN(p), false, rows);
}

enum yh_err vfit_db_confirmed(struct db *db, const char *office, int64_t event_id, int64_t **ids, size_t *n)
{
    static const char sql[] =
        "SELECT volunteer_id FROM volunteer_signups WHERE office_code = ? AND event_id = ? "
        "AND status = 'confirmed' ORDER BY id";
    struct db_param p[] = {P_STR(office), P_I64(event_id)};
    struct db_rows rows = {0};
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    *ids = NULL;
    *n = 0;
    if (err == YH_OK && rows.nrows > 0) {
        *ids = calloc(rows.nrows, sizeof(**ids));
        err = *ids == NULL ? YH_ERR_INTERNAL : YH_OK;
    }
    for (size_t i = 0; err == YH_OK && i < rows.nrows; i++) {
        (*ids)[(*n)++] = db_i64(&rows, i, 0);
    }
    db_rows_free(&rows);
    return err;
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
    /* Busy: signed up for this event, or for an open or closed one at the same time. An
     * anti-join through each of the office's volunteers' own sign-ups (ix_signups_volunteer,
     * then the event by its key): a NOT EXISTS with the overlapping events as an IN list
     * was materialised from every sign-up and event in the country. */
    static const char sql[] =
        "SELECT v.id, v.name, v.skills, (SELECT COUNT(*) FROM volunteer_skills k WHERE k.volunteer_id = v.id "
        "AND FIND_IN_SET(k.skill, ?) > 0) matched, (SELECT IFNULL(SUM(h.minutes), 0) FROM volunteer_hours h "
        "WHERE h.volunteer_id = v.id AND " VHOURS_COUNTED ") served FROM volunteers v LEFT JOIN "
        "(volunteer_signups s JOIN volunteer_events o ON o.id = s.event_id AND (s.event_id = ? OR (o.status IN "
        "('open', 'closed') AND o.starts_at < ? AND o.ends_at > ?))) ON s.volunteer_id = v.id AND s.status <> "
        "'cancelled' WHERE v.office_code = ? AND v.status = 'active' AND (v.weekdays & ?) <> 0 AND "
        "(v.day_parts & ?) <> 0 AND s.id IS NULL HAVING ? = '' OR matched > 0 ORDER BY matched DESC, served, "
        "v.id LIMIT ?";
    struct db_param p[] = {P_STR(e->skills),   P_I64(e->id),       P_STR(e->ends_at),
                           P_STR(e->starts_at), P_STR(office),     P_I64(weekday_bit),
                           P_I64(part_bit),     P_STR(e->skills),  P_I64(limit)};
    return view_fetch(db, &matches_view, sql, p, 9, false, rows);
}
