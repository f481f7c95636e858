/* Sign-ups to volunteer events: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/util.h"

/* ---- sign-ups ---- */

#define SIGNUP_COLS                                                                                          \
    "id, event_id, volunteer_id, status, IFNULL(DATE_FORMAT(checked_in_at, '%Y-%m-%d %H:%i:%s'), ''), "      \
    "IFNULL(DATE_FORMAT(checked_out_at, '%Y-%m-%d %H:%i:%s'), ''), "                                         \
    "IFNULL(DATE_FORMAT(attendance_confirmed_at, '%Y-%m-%d %H:%i:%s'), ''), "                                \
    "IFNULL(DATE_FORMAT(no_show_at, '%Y-%m-%d %H:%i:%s'), '')"

const struct fm signup_map[] = {
    FM(FM_ID, "id", struct signup, id),
    FM(FM_ID, "event_id", struct signup, event_id),
    FM(FM_ID, "volunteer_id", struct signup, volunteer_id),
    FM(FM_STR, "status", struct signup, status),
    FM(FM_TIME, "checked_in_at", struct signup, checked_in_at),
    FM(FM_TIME, "checked_out_at", struct signup, checked_out_at),
    FM(FM_TIME, "attendance_confirmed_at", struct signup, attendance_confirmed_at),
    FM(FM_TIME, "no_show_at", struct signup, no_show_at),
};
const size_t signup_map_len = ARRAY_LEN(signup_map);

enum yh_err signups_db_get(struct db *db, const char *office, int64_t event_id, int64_t id, struct signup *s)
{
    static const char sql[] =
        "SELECT " SIGNUP_COLS " FROM volunteer_signups WHERE office_code = ? AND event_id = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(event_id), P_I64(id)};
    return fm_one(db, sql, p, 3, signup_map, signup_map_len, s);
}

enum yh_err signups_db_open(struct db *db, const char *office, int64_t event_id, int64_t volunteer_id,
                            struct signup *s)
{
    static const char sql[] =
        "SELECT " SIGNUP_COLS
        " FROM volunteer_signups WHERE office_code = ? AND event_id = ? AND volunteer_id = ? "
        "AND status <> 'cancelled'";
    struct db_param p[] = {P_STR(office), P_I64(event_id), P_I64(volunteer_id)};
    return fm_one(db, sql, p, 3, signup_map, signup_map_len, s);
}

enum yh_err signups_db_insert(struct db *db, const char *office, int64_t event_id, int64_t volunteer_id,
                              const char *status, int64_t *id)
{
    /* confirmed_at: when the place was given (a no-show needs it given before the start) */
    static const char sql[] = "INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status, "
                              "confirmed_at) VALUES (?, ?, ?, ?, IF(? = 'confirmed', ?, NULL))";
    char now[20];
    time_cn(now_s(), now);
    struct db_param p[] = {P_STR(office), P_I64(event_id), P_I64(volunteer_id),
                           P_STR(status), P_STR(status),   P_STR(now)};
    return db_insert(db, sql, p, 6, id);
}

enum yh_err signups_db_set_status(struct db *db, const char *office, int64_t id, const char *status)
{
    static const char sql[] =
        "UPDATE volunteer_signups SET status = ?, confirmed_at = IF(? = 'confirmed', ?, "
        "confirmed_at), updated_at = NOW(3) WHERE office_code = ? AND id = ?";
    char now[20];
    time_cn(now_s(), now);
    struct db_param p[] = {P_STR(status), P_STR(status), P_STR(now), P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 5, NULL, NULL, NULL);
}

enum yh_err signups_db_overlaps(struct db *db, const char *office, int64_t volunteer_id, int64_t event_id,
                                const char *starts, const char *ends, int64_t *n)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM volunteer_signups s JOIN volunteer_events e ON e.id = s.event_id "
        "WHERE s.office_code = ? AND s.volunteer_id = ? AND s.status <> 'cancelled' AND s.event_id <> ? "
        "AND e.status IN ('open', 'closed') AND e.starts_at < ? AND e.ends_at > ?";
    struct db_param p[] = {P_STR(office), P_I64(volunteer_id), P_I64(event_id), P_STR(ends), P_STR(starts)};
    return db_int(db, sql, p, 5, 0, n);
}

enum yh_err signups_db_next_waitlisted(struct db *db, const char *office, int64_t event_id, int64_t after,
                                       int64_t *id, int64_t *volunteer_id)
{
    static const char sql[] = "SELECT id, volunteer_id FROM volunteer_signups WHERE office_code = ? AND "
                              "event_id = ? AND status = 'waitlisted' AND id > ? ORDER BY id LIMIT 1";
    struct db_param p[] = {P_STR(office), P_I64(event_id), P_I64(after)};
    struct db_rows rows = {0};
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    *id = err == YH_OK && rows.nrows > 0 ? db_i64(&rows, 0, 0) : 0;
    *volunteer_id = err == YH_OK && rows.nrows > 0 ? db_i64(&rows, 0, 1) : 0;
    db_rows_free(&rows);
    return err;
}

enum yh_err signups_db_position(struct db *db, const char *office, int64_t event_id, int64_t id, int64_t *pos)
{
    static const char sql[] = "SELECT COUNT(*) FROM volunteer_signups WHERE office_code = ? AND event_id = ? "
                              "AND status = 'waitlisted' "
                              "AND id <= ?";
    struct db_param p[] = {P_STR(office), P_I64(event_id), P_I64(id)};
    return db_int(db, sql, p, 3, 0, pos);
}

static const struct jcol signups_cols[] = {{"id", JC_ID},
                                           {"volunteer_id", JC_ID},
                                           {"name", JC_STR},
                                           {"status", JC_STR},
                                           {"checked_in_at", JC_STR},
                                           {"checked_out_at", JC_STR},
                                           {"attendance_confirmed_at", JC_STR},
                                           {"no_show_at", JC_STR},
                                           {"created_at", JC_STR}};
const struct view signups_view = VIEW(signups_cols);

enum yh_err signups_db_list(struct db *db, const char *office, int64_t event_id, struct db_rows *rows)
{
    static const char
        sql[] = "SELECT s.id, s.volunteer_id, v.name, s.status, " SQL_TS("s.checked_in_at") ", " SQL_TS("s."
                                                                                                        "chec"
                                                                                                        "ked_"
                                                                                                        "out_"
                                                                                                        "at") ", " SQL_TS(
            "s.attendance_confirmed_at") ", " SQL_TS("s.no_show_at") ", " SQL_TS("s.created_at") " FROM "
                                                                                                 "volunteer_"
                                                                                                 "signups s "
                                                                                                 "JOIN "
                                                                                                 "volunteers "
                                                                                                 "v "
                                                                                                 "ON v.id = "
                                                                                                 "s."
                                                                                                 "volunteer_"
                                                                                                 "id WHERE "
                                                                                                 "s.office_"
                                                                                                 "code = "
                                                                                                 "? AND "
                                                                                                 "s.event_id "
                                                                                                 "= ? "
                                                                                                 "ORDER BY "
                                                                                                 "s.id LIMIT "
                                                                                                 "2000";
    struct db_param p[] = {P_STR(office), P_I64(event_id)};
    return view_fetch(db, &signups_view, sql, p, 2, false, rows);
}

enum yh_err signups_db_check(struct db *db, const char *office, int64_t id, bool in, const char *at)
{
    static const char sql_in[] = "UPDATE volunteer_signups SET checked_in_at = ?, updated_at = NOW(3) WHERE "
                                 "office_code = ? AND id = ?";
    static const char sql_out[] = "UPDATE volunteer_signups SET checked_out_at = ?, updated_at = NOW(3) "
                                  "WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(at), P_STR(office), P_I64(id)};
    return db_exec(db, in ? sql_in : sql_out, p, 3, NULL, NULL, NULL);
}

/* ---- attendance (issue 16, h4) ---- */

enum yh_err signups_db_confirm_attendance(struct db *db, const char *office, int64_t id, const char *at)
{
    /* the first answer stands: a repeated confirmation changes nothing */
    static const char sql[] =
        "UPDATE volunteer_signups SET attendance_confirmed_at = IFNULL(attendance_confirmed_at, ?), "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(at), P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err signups_db_mark_no_shows(struct db *db, const char *office, int64_t event_id, const char *starts,
                                     const char *at, uint64_t *n)
{
    /* not a no-show: a place given only after the start (signed up on the day), or a
     * volunteer who served without checking in (a claim or a staff entry not rejected) */
    static const char sql[] =
        "UPDATE volunteer_signups s SET s.no_show_at = ?, s.updated_at = NOW(3) WHERE s.office_code = ? "
        "AND s.event_id = ? AND s.status = 'confirmed' AND s.checked_in_at IS NULL "
        "AND s.no_show_at IS NULL AND s.no_show_undone_at IS NULL "
        "AND (s.confirmed_at IS NULL OR s.confirmed_at < ?) AND NOT " SIGNUP_SERVED("s");
    struct db_param p[] = {P_STR(at), P_STR(office), P_I64(event_id), P_STR(starts)};
    return db_exec(db, sql, p, 4, NULL, n, NULL);
}

enum yh_err signups_db_undo_no_show(struct db *db, const char *office, int64_t id, const char *at,
                                    const char *by, const char *reason, uint64_t *changed)
{
    static const char sql[] = "UPDATE volunteer_signups SET no_show_at = NULL, no_show_undone_at = ?, "
                              "no_show_undone_by = ?, no_show_undo_reason = ?, updated_at = NOW(3) "
                              "WHERE office_code = ? AND id = ? AND no_show_at IS NOT NULL";
    struct db_param p[] = {P_STR(at), P_STR(by), P_STR(reason), P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 5, NULL, changed, NULL);
}
