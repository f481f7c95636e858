/* Volunteer hours (claimed or from check-in/out): the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* ---- hours and the ledger ---- */

enum yh_err hours_db_insert(struct db *db, const char *office, const struct vhours *h, const char *note,
                            int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, "
        "corrects_id, status, note, reason, entered_by, served_on, decided_by, decided_at) VALUES (?, ?, ?, "
        "?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, IF(? IS NULL, NULL, NOW(3)))";
    /* a hand-made entry confirmed at once is decided by whoever made it */
    bool decided = h->entered_by[0] && strcmp(h->status, "confirmed") == 0;
    struct db_param p[] = {P_STR(office),
                           P_I64(h->volunteer_id),
                           P_I64(h->event_id),
                           h->team_id ? P_I64(h->team_id) : P_NULL,
                           P_I64(h->minutes),
                           P_STR(h->source),
                           h->corrects_id ? P_I64(h->corrects_id) : P_NULL,
                           P_STR(h->status),
                           P_OPT(note),
                           P_OPT(h->reason),
                           P_OPT(h->entered_by),
                           P_STR(h->served_on),
                           decided ? P_STR(h->entered_by) : P_NULL,
                           decided ? P_STR(h->entered_by) : P_NULL};
    return db_insert(db, sql, p, 14, id);
}

/* Hours as the decision reads them (not shown: hours_view shows them). */
static const struct fm hours_map[] = {
    FM(FM_ID, NULL, struct vhours, id),          FM(FM_ID, NULL, struct vhours, volunteer_id),
    FM(FM_ID, NULL, struct vhours, event_id),    FM(FM_ID, NULL, struct vhours, team_id),
    FM(FM_INT, NULL, struct vhours, minutes),    FM(FM_STR, NULL, struct vhours, source),
    FM(FM_STR, NULL, struct vhours, status),     FM(FM_STR, NULL, struct vhours, served_on),
    FM(FM_ID, NULL, struct vhours, corrects_id), FM(FM_ID, NULL, struct vhours, corrected_by),
};

enum yh_err hours_db_get_for_update(struct db *db, const char *office, int64_t id, struct vhours *h)
{
    /* the row alone is locked: a subquery on corrects_id in this locking read would lock
     * a range of ux_hours_corrects too, and two corrections of different entries would
     * deadlock inserting into it. What corrects the entry is read after the lock, a
     * plain read (the unique key on corrects_id still refuses a second correction) */
    static const char sql[] =
        "SELECT h.id, h.volunteer_id, h.event_id, IFNULL(h.team_id, 0), h.minutes, h.source, h.status, "
        "h.served_on, IFNULL(h.corrects_id, 0) FROM volunteer_hours h WHERE h.office_code = ? AND h.id = ? "
        "FOR UPDATE";
    static const char by[] = "SELECT IFNULL(MIN(id), 0) FROM volunteer_hours WHERE corrects_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_param q[] = {P_I64(id)};
    enum yh_err err = fm_one(db, sql, p, 2, hours_map, ARRAY_LEN(hours_map) - 1, h);
    if (err == YH_OK) {
        err = db_int(db, by, q, 1, 0, &h->corrected_by);
    }
    return err;
}

enum yh_err hours_db_decide(struct db *db, const char *office, int64_t id, const char *status, const char *by)
{
    static const char sql[] = "UPDATE volunteer_hours SET status = ?, decided_by = ?, decided_at = NOW(3) "
                              "WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(status), P_STR(by), P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err hours_db_event_entry(struct db *db, const char *office, int64_t volunteer_id, int64_t event_id,
                                 int64_t *id)
{
    static const char sql[] = "SELECT IFNULL(MIN(h.id), 0) FROM volunteer_hours h WHERE h.volunteer_id = ? "
                              "AND h.office_code = ? AND h.event_id = ? AND (h.status = 'pending' "
                              "OR " VHOURS_COUNTED ")";
    struct db_param p[] = {P_I64(volunteer_id), P_STR(office), P_I64(event_id)};
    return db_int(db, sql, p, ARRAY_LEN(p), 0, id);
}

static const struct fm held_map[] = {
    FM(FM_INT, "worth", struct vhours_points, worth),
    FM(FM_INT, "credited", struct vhours_points, credited),
};

enum yh_err hours_db_points_held(struct db *db, const char *office, int64_t id, struct vhours_points *pts)
{
    /* the entry and the entries it corrects, back to the first: each one's ledger row.
     * delta and capped summed apart: capped is unsigned, and a negative delta + capped
     * would be out of an unsigned range */
    static const char sql[] =
        "WITH RECURSIVE chain (id, corrects_id) AS (SELECT id, corrects_id FROM volunteer_hours WHERE "
        "office_code = ? AND id = ? UNION ALL SELECT h.id, h.corrects_id FROM volunteer_hours h JOIN chain c "
        "ON h.id = c.corrects_id) SELECT IFNULL(SUM(l.delta), 0) + IFNULL(SUM(l.capped), 0), "
        "IFNULL(SUM(l.delta), 0) "
        "FROM chain c JOIN points_ledger l ON l.hours_id = c.id";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, held_map, ARRAY_LEN(held_map), pts);
}

static const struct jcol hours_cols[] = {
    {"id", JC_ID},           {"volunteer_id", JC_ID}, {"name", JC_STR},       {"event_id", JC_ID},
    {"title", JC_STR},       {"minutes", JC_INT},     {"source", JC_STR},     {"status", JC_STR},
    {"note", JC_STR},        {"reason", JC_STR},      {"entered_by", JC_STR}, {"corrects_id", JC_ID},
    {"corrected_by", JC_ID}, {"counted", JC_BOOL},    {"decided_by", JC_STR}, {"served_on", JC_STR},
    {"created_at", JC_STR},
};
const struct view hours_view = VIEW(hours_cols);

enum yh_err hours_db_list(struct db *db, const char *office, const struct vhours_filter *f,
                          struct db_rows *rows)
{
    static const char sql[] =
        "SELECT h.id, h.volunteer_id, v.name, h.event_id, e.title, h.minutes, h.source, h.status, h.note, "
        "h.reason, h.entered_by, h.corrects_id, c.id, c.id IS NULL AND h.status = 'confirmed', h.decided_by, "
        "h.served_on, " SQL_TS(
            "h.created_at") " FROM volunteer_hours h JOIN volunteers v ON v.id = "
                            "h.volunteer_id JOIN volunteer_events e ON e.id = h.event_id "
                            "LEFT JOIN volunteer_hours c ON c.corrects_id = h.id WHERE "
                            "h.office_code = ? AND (? IS NULL OR h.status = ?) AND (? IS "
                            "NULL OR h.source = ?) AND (? IS NULL OR h.entered_by = ?) AND "
                            "(? = 0 OR h.volunteer_id = ?) AND h.id > ? ORDER BY h.id LIMIT ?";
    struct db_param p[] = {P_STR(office),        P_OPT(f->status),       P_OPT(f->status),
                           P_OPT(f->source),     P_OPT(f->source),       P_OPT(f->entered_by),
                           P_OPT(f->entered_by), P_I64(f->volunteer_id), P_I64(f->volunteer_id),
                           P_I64(f->after),      P_I64(f->limit + 1)};
    return view_fetch(db, &hours_view, sql, p, 11, false, rows);
}

static const struct jcol entered_cols[] = {
    {"entered_by", JC_STR},  {"entries", JC_INT}, {"staff_entries", JC_INT}, {"attendance_entries", JC_INT},
    {"corrections", JC_INT}, {"minutes", JC_INT}, {"first_at", JC_STR},      {"last_at", JC_STR},
};
const struct view entered_view = VIEW(entered_cols);

enum yh_err hours_db_entered_by(struct db *db, const char *office, const char *from, const char *to,
                                struct db_rows *rows)
{
    /* minutes: those entered by hand (staff entries, attendance); a correction's are
     * replacements, counted apart */
    static const char sql[] =
        "SELECT entered_by, COUNT(*), SUM(source = 'staff'), SUM(source = 'attendance'), SUM(source = "
        "'correction'), SUM(IF(source = 'correction', 0, minutes)), " SQL_TS("MIN(created_at)") ", " SQL_TS(
            "MAX(created_at)") " FROM volunteer_hours WHERE office_code = ? AND entered_by IS NOT NULL AND "
                               "created_at >= ? AND created_at < ? GROUP BY entered_by ORDER BY entered_by "
                               "LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    return view_fetch(db, &entered_view, sql, p, 3, false, rows);
}

/* ---- the automatic check-out ---- */

static const struct fm left_in_map[] = {
    FM(FM_ID, NULL, struct vleft_in, signup_id), FM(FM_ID, NULL, struct vleft_in, volunteer_id),
    FM(FM_ID, NULL, struct vleft_in, event_id),  FM(FM_ID, NULL, struct vleft_in, team_id),
    FM(FM_STR, NULL, struct vleft_in, office),   FM(FM_STR, NULL, struct vleft_in, starts_at),
    FM(FM_STR, NULL, struct vleft_in, ends_at),  FM(FM_STR, NULL, struct vleft_in, checked_in_at),
};

enum yh_err hours_db_left_in(struct db *db, const char *now, struct vleft_in **out, size_t *count)
{
    /* ix_signups_open_checkin holds only the sign-ups checked in and not out (sql/0048) */
    static const char sql[] =
        "SELECT s.id, s.volunteer_id, s.event_id, IFNULL(e.team_id, 0), s.office_code, "
        "DATE_FORMAT(e.starts_at, "
        "'%Y-%m-%d %H:%i:%s'), DATE_FORMAT(e.ends_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(s.checked_in_at, "
        "'%Y-%m-%d %H:%i:%s') FROM volunteer_signups s JOIN volunteer_events e ON e.id = s.open_checkin LEFT "
        "JOIN volunteer_settings st ON st.office_code = s.office_code WHERE s.open_checkin IS NOT NULL AND "
        "e.ends_at + INTERVAL IFNULL(st.checkout_margin_minutes, 60) MINUTE <= ? ORDER BY s.id LIMIT 100";
    struct db_param p[] = {P_STR(now)};
    return FM_ALL(db, sql, p, 1, left_in_map, ARRAY_LEN(left_in_map), out, count);
}

enum yh_err hours_db_check_out_left(struct db *db, int64_t id, const char *at, bool *done)
{
    static const char sql[] =
        "UPDATE volunteer_signups SET checked_out_at = ?, updated_at = NOW(3) WHERE id = ? "
        "AND open_checkin IS NOT NULL";
    struct db_param p[] = {P_STR(at), P_I64(id)};
    uint64_t n = 0;
    enum yh_err err = db_exec(db, sql, p, 2, NULL, &n, NULL);
    *done = err == YH_OK && n == 1;
    return err;
}
