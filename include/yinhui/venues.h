#ifndef YINHUI_VENUES_H
#define YINHUI_VENUES_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/router.h"

struct req;
struct verrs;

/* The venues domain (阵地, issue 15): an office's venues and their rooms, bookings of a
 * room that never overlap (room_booking_slots), the venue calendar and usage statistics.
 * Its part of the route table is service/venues/routes.c; the rules are plain functions
 * (venues_rules.c, pinned by tests/unit/test_venue_rules.c); every store function takes
 * the caller's office, another office's row is NOT_FOUND. */
extern const struct route venues_routes[];
extern const size_t venues_nroutes;
/* venues.c */
void venues_list(struct req *r);
void venues_create(struct req *r);
void venues_get(struct req *r);
void venues_patch(struct req *r);
/* rooms.c */
void rooms_list(struct req *r);
void rooms_create(struct req *r);
void rooms_get(struct req *r);
void rooms_patch(struct req *r);
/* bookings.c */
void bookings_list(struct req *r);
void bookings_create(struct req *r);
void bookings_get(struct req *r);
void bookings_cancel(struct req *r);
void bookings_attendance(struct req *r);
/* calendar.c */
void venues_calendar(struct req *r);
void venues_usage(struct req *r);

/* ---- rules (venues_rules.c) ---- */
#define VENUE_SLOT_MIN 30      /* bookings start and end on a half hour */
#define VENUE_CALENDAR_DAYS 31 /* the longest calendar asked at once */
#define VENUE_SIX_N 6
/* The 六有 items of a branch room, in the order of the venue's has_* columns. */
extern const char *const venue_six_items[VENUE_SIX_N];
/* The week's opening hours, Monday first: minutes after midnight, opens < 0 closed. */
struct venue_hours {
    int opens[7], closes[7];
};
extern const char *const venue_weekdays[7]; /* "mon" .. "sun" */
/* Parses one day "HH:MM-HH:MM" (half hours, opening before closing, within the day) into
 * *opens, *closes; "" is closed (-1, -1). False when malformed. */
bool venue_day_parse(const char *s, int *opens, int *closes);
/* The stored form (seven comma-separated days) into *h; false when malformed. */
bool venue_hours_parse(const char *s, struct venue_hours *h);
/* Day d of h as "HH:MM-HH:MM", or "" when closed, into out (12 bytes). */
void venue_day_format(const struct venue_hours *h, int d, char out[12]);
/* Days since 1970-01-01 of a date "YYYY-MM-DD" (a real calendar date); false when it is none. */
bool venue_days(const char *date, int64_t *days);
/* 0 Monday .. 6 Sunday of date "YYYY-MM-DD", -1 when it is no date. */
int venue_weekday(const char *date);
/* Why [starts, ends) ("YYYY-MM-DD HH:MM:SS", China time) cannot be booked in a venue open
 * h (NULL: it can); *field names the field at fault. Whole half hours, at least one, the
 * same day (over midnight refused), on an open day within its hours. */
const char *venue_booking_refusal(const char *starts, const char *ends, const struct venue_hours *h,
                                  const char **field);
/* Half hours [starts, ends) covers (both valid and on half hours). */
int venue_slots(const char *starts, const char *ends);
/* Whether [a0, a1) and [b0, b1) share an instant (adjacent ones do not). */
bool venue_overlaps(const char *a0, const char *a1, const char *b0, const char *b1);
/* Why from..to (dates, both included) is no calendar range (NULL: it is): to before
 * from, or more than VENUE_CALENDAR_DAYS days. */
const char *venue_calendar_refusal(const char *from, const char *to);
/* The day after date into out. */
void venue_next_day(const char *date, char out[11]);

/* The usage of a venue or room by booker kind (office, branch, association, partner, team). */
#define VENUE_BOOKER_KINDS 5
extern const char *const venue_booker_kinds[VENUE_BOOKER_KINDS + 1];
struct venue_usage {
    int64_t bookings, minutes, people;
    int64_t by_kind[VENUE_BOOKER_KINDS][3]; /* bookings, minutes, people */
};
/* Adds n bookings of kind lasting minutes in all and serving people to u; false (nothing
 * added) for an unknown kind. */
bool venue_usage_add(struct venue_usage *u, const char *kind, int64_t n, int64_t minutes, int64_t people);

/* ---- rows ---- */
struct venue {
    int64_t id;
    char name[401], address[801], kind[20];
    int64_t area_m2; /* 0: not recorded */
    bool six[VENUE_SIX_N];
    char opening_hours[101];
    bool active;
    int64_t rooms, version;
    char created_at[32], updated_at[32];
};
struct room {
    int64_t id, venue_id;
    char venue_name[401], name[241];
    int64_t capacity;
    char facilities[1601];
    bool active, venue_active;
    char opening_hours[101]; /* the venue's */
    int64_t version;
    char created_at[32], updated_at[32];
};
struct booking {
    int64_t id, room_id, venue_id;
    char room_name[241], venue_name[401];
    char booker_kind[12];
    int64_t booker_id;
    char booker_name[401];
    char starts_at[20], ends_at[20];
    char purpose[801];
    int64_t expected_people, people_served; /* people_served -1: not recorded */
    char status[12], cancel_reason[801], cancelled_at[32], created_by[80];
    int64_t version;
    char created_at[32], updated_at[32];
};

/* ---- store (venues_db.c) ---- */
enum yh_err venues_db_insert(struct db *db, const char *office, const struct venue *v, int64_t *id);
enum yh_err venues_db_get(struct db *db, const char *office, int64_t id, struct venue *v);
/* Writes the mutable columns when version matches (PRECONDITION otherwise). */
enum yh_err venues_db_update(struct db *db, const char *office, const struct venue *v, int64_t version);
/* Up to limit + 1 venues with ids below before (0: from the newest), newest first. */
enum yh_err venues_db_list(struct db *db, const char *office, int64_t before, int limit, struct venue **out,
                           size_t *n);
enum yh_err rooms_db_insert(struct db *db, const char *office, const struct room *rm, int64_t *id);
/* Room id of office with its venue's name, state and hours; locked when lock (inside a
 * transaction: the lock that serialises a room's bookings). */
enum yh_err rooms_db_get(struct db *db, const char *office, int64_t id, bool lock, struct room *rm);
enum yh_err rooms_db_update(struct db *db, const char *office, const struct room *rm, int64_t version);
/* Up to limit + 1 rooms of venue with ids above after, by id. */
enum yh_err rooms_db_list(struct db *db, const char *office, int64_t venue_id, int64_t after, int limit,
                          struct room **out, size_t *n);

/* ---- store (bookings_db.c) ---- */
/* The name of booker kind/id in office (an open branch, an active organisation of that
 * kind, an active team); NOT_FOUND when there is none. lock: a shared lock on its row. */
enum yh_err bookings_db_booker(struct db *db, const char *office, const char *kind, int64_t id, bool lock,
                               char *name, size_t len);
/* *id: a live booking of room sharing an instant with [starts, ends) (0: none), read
 * with a lock so that it sees the latest commit. */
enum yh_err bookings_db_overlapping(struct db *db, int64_t room_id, const char *starts, const char *ends,
                                    int64_t *id);
/* Inserts b and the half hours it holds (room_booking_slots): CONFLICT when one of them
 * is taken. */
enum yh_err bookings_db_insert(struct db *db, const char *office, const struct booking *b, const char *by,
                               int64_t *id);
/* Booking id with its names; lock: a shared lock, reading the latest commit. */
enum yh_err bookings_db_get(struct db *db, const char *office, int64_t id, bool lock, struct booking *b);
/* The room of booking id (NOT_FOUND when none of the office's). */
enum yh_err bookings_db_room(struct db *db, const char *office, int64_t id, int64_t *room_id);
/* Locks booking id's row alone FOR UPDATE: b without the names. Take the room's lock first. */
enum yh_err bookings_db_lock(struct db *db, const char *office, int64_t id, struct booking *b);
/* The first activity and the first live volunteer event naming booking id (0 when none). */
enum yh_err bookings_db_users(struct db *db, const char *office, int64_t id, int64_t *activity_id,
                              int64_t *event_id);
/* Cancels live booking id with reason and frees its half hours. */
enum yh_err bookings_db_cancel(struct db *db, const char *office, int64_t id, const char *reason,
                               int64_t version);
enum yh_err bookings_db_served(struct db *db, const char *office, int64_t id, int64_t people,
                               int64_t version);
/* A room's bookings from from to to ("YYYY-MM-DD HH:MM:SS", starts within), after the
 * cursor (starts, id), up to limit + 1, by start. */
struct booking_filter {
    int64_t room_id, branch_id; /* branch_id: a secretary's bookings only (0: any) */
    const char *from, *to, *status;
    char after_start[20];
    int64_t after_id;
    int limit;
};
enum yh_err bookings_db_list(struct db *db, const char *office, const struct booking_filter *f,
                             struct booking **out, size_t *n);
/* Hands each live booking of venue starting in [from, to) (at most 2,000), by start, to
 * each (one booking at a time: the calendar is written as it is read). */
enum yh_err bookings_db_calendar(struct db *db, const char *office, int64_t venue_id, const char *from,
                                 const char *to, void (*each)(const struct booking *b, void *arg), void *arg);
/* Usage rows of bookings not cancelled starting in [from, to): venue_id, venue name, room_id,
 * room name, booker kind, bookings, minutes, people served. */
struct venue_usage_row {
    int64_t venue_id, room_id;
    char venue_name[401], room_name[241], kind[12];
    int64_t bookings, minutes, people;
};
enum yh_err bookings_db_usage(struct db *db, const char *office, const char *from, const char *to,
                              struct venue_usage_row **out, size_t *n);

/* Booking b as the API shows it (the calendar's entries too). Caller owns it. */
cJSON *venue_booking_json(const struct booking *b);

/* Checks that booking_id (of the caller's office, not cancelled) covers [starts, ends]
 * (ends "": the instant starts) and is booked by the office or by one of bookers (kind,
 * ids, n of them); adds the refusal to v under field. For activities and volunteer events. */
enum yh_err venue_booking_check(struct req *r, int64_t booking_id, const char *starts, const char *ends,
                                const char *kind, const int64_t *ids, size_t n, const char *field,
                                struct verrs *v);

#endif
