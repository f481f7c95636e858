/* Reminders of volunteer events (issue 16): the store of the reminder pass. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

static const struct fm vreminder_map[] = {
    FM(FM_ID, NULL, struct vreminder_row, signup_id),
    FM(FM_ID, NULL, struct vreminder_row, event_id),
    FM(FM_STR, NULL, struct vreminder_row, office),
    FM(FM_STR, NULL, struct vreminder_row, volunteer_no),
    FM(FM_STR, NULL, struct vreminder_row, event_status),
    FM(FM_STR, NULL, struct vreminder_row, starts_at),
    FM(FM_STR, NULL, struct vreminder_row, days),
};

enum yh_err vreminders_db_due(struct db *db, const char *today, size_t max, struct vreminder_row **rows,
                              size_t *n)
{
    /* ix_signups_remind: only the sign-ups whose day has come are read */
    static const char sql[] =
        "SELECT s.id, s.event_id, s.office_code, IFNULL(v.volunteer_no, ''), e.status, "
        "DATE_FORMAT(e.starts_at, '%Y-%m-%d %H:%i:%s'), IFNULL(st.reminder_days, '7,1') "
        "FROM volunteer_signups s JOIN volunteer_events e ON e.id = s.event_id "
        "JOIN volunteers v ON v.id = s.volunteer_id "
        "LEFT JOIN volunteer_settings st ON st.office_code = s.office_code "
        "WHERE s.status = 'confirmed' AND s.remind_on <= ? ORDER BY s.remind_on, s.id LIMIT ?";
    struct db_param p[] = {P_STR(today), P_I64((int64_t)max)};
    return FM_ALL(db, sql, p, 2, vreminder_map, ARRAY_LEN(vreminder_map), rows, n);
}

enum yh_err vreminders_db_lock_event(struct db *db, const char *office, int64_t event_id)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM volunteer_events WHERE office_code = ? AND id = ? LOCK IN SHARE MODE";
    struct db_param p[] = {P_STR(office), P_I64(event_id)};
    int64_t n = 0;
    return db_int(db, sql, p, 2, 0, &n);
}

enum yh_err vreminders_db_reset(struct db *db, const char *office, const char *now)
{
    /* ix_events_office, then ix_signups_event: only the office's upcoming events */
    static const char sql[] =
        "UPDATE volunteer_signups s JOIN volunteer_events e ON e.id = s.event_id "
        "SET s.remind_on = '2000-01-01' WHERE e.office_code = ? AND e.status IN ('open', 'closed') "
        "AND e.starts_at > ? AND s.status = 'confirmed'";
    struct db_param p[] = {P_STR(office), P_STR(now)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err vreminders_db_claim(struct db *db, const char *office, int64_t id, const char *today,
                                const char *next, bool *won)
{
    static const char sql[] = "UPDATE volunteer_signups SET remind_on = NULLIF(?, '') WHERE office_code = ? "
                              "AND id = ? AND status = 'confirmed' AND remind_on <= ?";
    struct db_param p[] = {P_STR(next), P_STR(office), P_I64(id), P_STR(today)};
    uint64_t changed = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &changed, NULL);
    *won = changed == 1;
    return err;
}

enum yh_err vreminders_db_record(struct db *db, const char *office, int64_t event_id, int64_t sid,
                                 int days_before, const char *at, bool *fresh)
{
    static const char sql[] = "INSERT IGNORE INTO volunteer_reminders (office_code, event_id, signup_id, "
                              "days_before, sent_at) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(event_id), P_I64(sid), P_I64(days_before), P_STR(at)};
    uint64_t changed = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, &changed, NULL);
    *fresh = changed == 1;
    return err;
}
