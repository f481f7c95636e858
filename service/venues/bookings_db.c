/* The store of room bookings: the bookings, the half hours each live one holds
 * (room_booking_slots, whose primary key is the database's refusal of an overlap), the
 * calendar and the usage figures. */
#include <stdio.h>
#include <string.h>

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"
#include "yinhui/venues.h"

/* The booker's name by kind: an office booking shows none. organisations.name has its own
 * collation (0046: unicode_520, names unique ignoring width), so it is brought to the
 * others' before COALESCE: mixed, the result would have none and any comparison fail. */
#define BOOKING_COLS                                                                                         \
    "b.id, b.room_id, b.venue_id, r.name, v.name, b.booker_kind, IFNULL(b.booker_id, 0), "                   \
    "COALESCE(br.name, o.name COLLATE utf8mb4_unicode_ci, t.name, ''), DATE_FORMAT(b.starts_at, '%Y-%m-%d "  \
    "%H:%i:%s'), "                                                                                           \
    "DATE_FORMAT(b.ends_at, '%Y-%m-%d %H:%i:%s'), b.purpose, b.expected_people, IFNULL(b.people_served, "    \
    "-1), b.status, b.cancel_reason, " SQL_TS("b.cancelled_at") ", b.created_by, b.version, " SQL_TS(        \
        "b.created_at") ", " SQL_TS("b.updated_at")
#define BOOKING_FROM                                                                                         \
    " FROM room_bookings b JOIN rooms r ON r.id = b.room_id JOIN venues v ON v.id = b.venue_id LEFT JOIN "   \
    "branches br ON b.booker_kind = 'branch' AND br.id = b.booker_id LEFT JOIN organisations o ON "          \
    "b.booker_kind IN ('association', 'partner') AND o.id = b.booker_id LEFT JOIN volunteer_teams t ON "     \
    "b.booker_kind = 'team' AND t.id = b.booker_id "

static const struct fm booking_map[] = {
    FM(FM_ID, NULL, struct booking, id),
    FM(FM_ID, NULL, struct booking, room_id),
    FM(FM_ID, NULL, struct booking, venue_id),
    FM(FM_STR, NULL, struct booking, room_name),
    FM(FM_STR, NULL, struct booking, venue_name),
    FM(FM_STR, NULL, struct booking, booker_kind),
    FM(FM_ID, NULL, struct booking, booker_id),
    FM(FM_STR, NULL, struct booking, booker_name),
    FM(FM_STR, NULL, struct booking, starts_at),
    FM(FM_STR, NULL, struct booking, ends_at),
    FM(FM_STR, NULL, struct booking, purpose),
    FM(FM_INT, NULL, struct booking, expected_people),
    FM(FM_INT, NULL, struct booking, people_served),
    FM(FM_STR, NULL, struct booking, status),
    FM(FM_STR, NULL, struct booking, cancel_reason),
    FM(FM_STR, NULL, struct booking, cancelled_at),
    FM(FM_STR, NULL, struct booking, created_by),
    FM(FM_INT, NULL, struct booking, version),
    FM(FM_STR, NULL, struct booking, created_at),
    FM(FM_STR, NULL, struct booking, updated_at),
};

enum yh_err bookings_db_booker(struct db *db, const char *office, const char *kind, int64_t id, bool lock,
                               char *name, size_t len)
{
    static const char branch[] =
        "SELECT name FROM branches WHERE office_code = ? AND id = ? AND dissolved_on IS NULL";
    static const char org[] =
        "SELECT name FROM organisations WHERE office_code = ? AND id = ? AND kind = ? AND active = 1";
    static const char team[] =
        "SELECT name FROM volunteer_teams WHERE office_code = ? AND id = ? AND active = 1";
    struct db_param p[] = {P_STR(office), P_I64(id), P_STR(kind)};
    struct db_rows rows;
    char sql[160];
    const char *base = strcmp(kind, "branch") == 0 ? branch : strcmp(kind, "team") == 0 ? team : org;
    snprintf(sql, sizeof(sql), "%s%s", base, lock ? " LOCK IN SHARE MODE" : "");
    enum yh_err err = db_exec_row(db, sql, p, base == org ? 3 : 2, &rows);
    if (err == YH_OK) {
        snprintf(name, len, "%s", db_str(&rows, 0, 0));
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err bookings_db_overlapping(struct db *db, int64_t room_id, const char *starts, const char *ends,
                                    int64_t *id)
{
    /* a locking read sees the latest commit whatever the transaction's snapshot */
    static const char sql[] =
        "SELECT booking_id FROM room_booking_slots WHERE room_id = ? AND slot_start >= ? "
        "AND slot_start < ? ORDER BY slot_start LIMIT 1 LOCK IN SHARE MODE";
    struct db_param p[] = {P_I64(room_id), P_STR(starts), P_STR(ends)};
    return db_int(db, sql, p, ARRAY_LEN(p), 0, id);
}

enum yh_err bookings_db_insert(struct db *db, const char *office, const struct booking *b, const char *by,
                               int64_t *id)
{
    static const char sql[] = "INSERT INTO room_bookings (office_code, room_id, venue_id, booker_kind, "
                              "booker_id, starts_at, ends_at, "
                              "purpose, expected_people, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /* one row per half hour, in ascending order (seq_0_to_47: the sequence engine) */
    static const char slots[] =
        "INSERT INTO room_booking_slots (room_id, slot_start, booking_id) SELECT ?, ? + "
        "INTERVAL seq * 30 MINUTE, ? FROM seq_0_to_47 WHERE seq < ? ORDER BY seq";
    struct db_param p[] = {P_STR(office),
                           P_I64(b->room_id),
                           P_I64(b->venue_id),
                           P_STR(b->booker_kind),
                           b->booker_id ? P_I64(b->booker_id) : P_NULL,
                           P_STR(b->starts_at),
                           P_STR(b->ends_at),
                           P_STR(b->purpose),
                           P_I64(b->expected_people),
                           P_STR(by)};
    enum yh_err err = db_insert(db, sql, p, ARRAY_LEN(p), id);
    if (err == YH_OK) {
        struct db_param s[] = {P_I64(b->room_id), P_STR(b->starts_at), P_I64(*id),
                               P_I64(venue_slots(b->starts_at, b->ends_at))};
        err = db_exec(db, slots, s, ARRAY_LEN(s), NULL, NULL, NULL);
    }
    return err;
}

enum yh_err bookings_db_get(struct db *db, const char *office, int64_t id, bool lock, struct booking *b)
{
    static const char sql[] = "SELECT " BOOKING_COLS BOOKING_FROM "WHERE b.office_code = ? AND b.id = ?";
    static const char locked[] =
        "SELECT " BOOKING_COLS BOOKING_FROM "WHERE b.office_code = ? AND b.id = ? LOCK IN SHARE MODE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, lock ? locked : sql, p, 2, booking_map, ARRAY_LEN(booking_map), b);
}

enum yh_err bookings_db_room(struct db *db, const char *office, int64_t id, int64_t *room_id)
{
    static const char sql[] = "SELECT room_id FROM room_bookings WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    enum yh_err err = db_int(db, sql, p, 2, 0, room_id);
    return err == YH_OK && *room_id == 0 ? YH_ERR_NOT_FOUND : err;
}

enum yh_err bookings_db_lock(struct db *db, const char *office, int64_t id, struct booking *b)
{
    /* the booking's own row only, names left empty: a join would lock the room, venue
     * and booker rows too, out of the order every booking writer takes them in */
    static const char sql[] =
        "SELECT b.id, b.room_id, b.venue_id, '', '', b.booker_kind, IFNULL(b.booker_id, 0), '', "
        "DATE_FORMAT(b.starts_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(b.ends_at, '%Y-%m-%d %H:%i:%s'), "
        "b.purpose, b.expected_people, IFNULL(b.people_served, -1), b.status, "
        "b.cancel_reason, " SQL_TS("b.cancelled_at") ", b.created_by, b.version, " SQL_TS(
            "b.created_at") ", " SQL_TS("b.updated_at") " FROM room_bookings b WHERE b.office_code = "
                                                        "? AND b.id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, booking_map, ARRAY_LEN(booking_map), b);
}

enum yh_err bookings_db_users(struct db *db, const char *office, int64_t id, int64_t *activity_id,
                              int64_t *event_id)
{
    /* locking reads (fk_activities_booking / fk_events_booking's indexes): the latest
     * commit whatever the snapshot; an activity has no status, an event is live until
     * cancelled */
    static const char act[] =
        "SELECT id FROM activities WHERE booking_id = ? AND office_code = ? LIMIT 1 LOCK IN SHARE MODE";
    static const char evt[] = "SELECT id FROM volunteer_events WHERE booking_id = ? AND office_code = ? AND "
                              "status <> 'cancelled' LIMIT 1 LOCK IN SHARE MODE";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    enum yh_err err = db_int(db, act, p, 2, 0, activity_id);
    return err == YH_OK ? db_int(db, evt, p, 2, 0, event_id) : err;
}

enum yh_err bookings_db_cancel(struct db *db, const char *office, int64_t id, const char *reason,
                               int64_t version)
{
    static const char sql[] =
        "UPDATE room_bookings SET status = 'cancelled', cancel_reason = ?, cancelled_at = NOW(3), version = "
        "version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ? AND status = "
        "'booked'";
    static const char exists[] = "SELECT 1 FROM room_bookings WHERE office_code = ? AND id = ?";
    static const char free_slots[] = "DELETE FROM room_booking_slots WHERE booking_id = ?";
    struct db_param p[] = {P_STR(reason), P_STR(office), P_I64(id), P_I64(version)};
    enum yh_err err = db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, id);
    if (err == YH_OK) {
        struct db_param s[] = {P_I64(id)};
        err = db_exec(db, free_slots, s, 1, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err bookings_db_served(struct db *db, const char *office, int64_t id, int64_t people, int64_t version)
{
    static const char sql[] =
        "UPDATE room_bookings SET people_served = ?, version = version + 1, updated_at = "
        "NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM room_bookings WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_I64(people), P_STR(office), P_I64(id), P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, id);
}

enum yh_err bookings_db_list(struct db *db, const char *office, const struct booking_filter *f,
                             struct booking **out, size_t *n)
{
    static const char sql[] =
        "SELECT " BOOKING_COLS BOOKING_FROM
        "WHERE b.office_code = ? AND b.room_id = ? AND b.starts_at >= ? AND b.starts_at < ? AND (? = '' OR "
        "b.status = ?) AND (? = 0 OR (b.booker_kind = 'branch' AND b.booker_id = ?)) AND (b.starts_at, b.id) "
        "> "
        "(?, ?) ORDER BY b.starts_at, b.id LIMIT ?";
    const char *status = f->status ? f->status : "";
    const char *after = f->after_start[0] ? f->after_start : "1000-01-01 00:00:00";
    struct db_param p[] = {P_STR(office), P_I64(f->room_id),  P_STR(f->from),      P_STR(f->to),
                           P_STR(status), P_STR(status),      P_I64(f->branch_id), P_I64(f->branch_id),
                           P_STR(after),  P_I64(f->after_id), P_I64(f->limit + 1)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), booking_map, ARRAY_LEN(booking_map), out, n);
}

struct booking_each {
    void (*each)(const struct booking *b, void *arg);
    void *arg;
};

static void booking_each(const void *row, void *arg)
{
    const struct booking_each *e = arg;
    e->each(row, e->arg);
}

enum yh_err bookings_db_calendar(struct db *db, const char *office, int64_t venue_id, const char *from,
                                 const char *to, void (*each)(const struct booking *b, void *arg), void *arg)
{
    static const char sql[] =
        "SELECT " BOOKING_COLS BOOKING_FROM
        "WHERE b.office_code = ? AND b.venue_id = ? AND b.starts_at >= ? AND b.starts_at "
        "< ? AND b.status = 'booked' ORDER BY b.starts_at, b.room_id LIMIT 2000";
    struct db_param p[] = {P_STR(office), P_I64(venue_id), P_STR(from), P_STR(to)};
    struct booking_each e = {each, arg};
    return fm_each(db, sql, p, ARRAY_LEN(p), booking_map, ARRAY_LEN(booking_map), sizeof(struct booking),
                   booking_each, &e);
}

static const struct fm usage_map[] = {
    FM(FM_ID, NULL, struct venue_usage_row, venue_id), FM(FM_STR, NULL, struct venue_usage_row, venue_name),
    FM(FM_ID, NULL, struct venue_usage_row, room_id),  FM(FM_STR, NULL, struct venue_usage_row, room_name),
    FM(FM_STR, NULL, struct venue_usage_row, kind),    FM(FM_INT, NULL, struct venue_usage_row, bookings),
    FM(FM_INT, NULL, struct venue_usage_row, minutes), FM(FM_INT, NULL, struct venue_usage_row, people),
};

enum yh_err bookings_db_usage(struct db *db, const char *office, const char *from, const char *to,
                              struct venue_usage_row **out, size_t *n)
{
    /* every room of the office, used or not, through ix_rooms_office and ix_bookings_room */
    static const char sql[] =
        "SELECT v.id, v.name, r.id, r.name, IFNULL(b.booker_kind, 'office'), COUNT(b.id), "
        "IFNULL(SUM(TIMESTAMPDIFF(MINUTE, b.starts_at, b.ends_at)), 0), IFNULL(SUM(b.people_served), 0) FROM "
        "rooms r JOIN venues v ON v.id = r.venue_id LEFT JOIN room_bookings b ON b.office_code = "
        "r.office_code "
        "AND b.room_id = r.id AND b.status = 'booked' AND b.starts_at >= ? AND b.starts_at < ? WHERE "
        "r.office_code = ? GROUP BY v.id, v.name, r.id, r.name, b.booker_kind ORDER BY v.id, r.id LIMIT 5000";
    struct db_param p[] = {P_STR(from), P_STR(to), P_STR(office)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), usage_map, ARRAY_LEN(usage_map), out, n);
}
