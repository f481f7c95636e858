#ifndef YINHUI_LAPSE_DB_H
#define YINHUI_LAPSE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* The store of the 自行脱党 early warning (service/orglife/warnings_db.c). */

/* A member with the months the warning reads: the last month with organisational life
 * (attendance present or delivered at an activity that took place) and with dues paid,
 * and the proper reason recorded, if any. */
struct lapse_member {
    int64_t member_id;
    char name[204];
    int64_t branch_id;
    char branch_name[404];
    char office[7];
    char start[8];  /* the month joined (the record's month when unknown) */
    bool pays_dues; /* dues are recorded here (not in_service: they pay at work; not exempt by decision) */
    char last_life[8], last_dues[8];
    char reason_kind[16], reason_since[8], reason_until[8], reason_by[81];
};
extern const struct fm lapse_member_map[];
extern const size_t lapse_member_map_n;

/* Which members: those of offices under prefix (a county: its own), optionally one
 * branch, after member id after, whose run reaches threshold months up to current
 * (kind "org_life", "dues" or NULL for either), those excused by a reason covering
 * current only when with_excused; at most limit, by member id. now is China time
 * "YYYY-MM-DD HH:MM:SS": activities after it have not taken place. */
struct lapse_query {
    const char *prefix;
    int64_t branch, after;
    const char *now, *current, *kind;
    int threshold, limit;
    bool with_excused;
};
enum yh_err lapse_db_members(struct db *db, const struct lapse_query *q, struct lapse_member **out,
                             size_t *n);

/* How many members each office under q->prefix (own excluded) has on the list, by office
 * code: what a prefecture or province sees of the counties' lists (names stay there). */
struct lapse_count {
    char office[7];
    int64_t members;
};
enum yh_err lapse_db_counts(struct db *db, const struct lapse_query *q, const char *own,
                            struct lapse_count **out, size_t *n);

/* The office of branch (for the list's ?branch=): NOT_FOUND when there is none. */
enum yh_err lapse_db_branch_office(struct db *db, int64_t branch, char office[7]);

/* The proper reason of a member (one current record). */
struct lapse_reason {
    int64_t member_id;
    char kind[16], since[8], until[8], recorded_by[81], recorded_at[20];
};
extern const struct fm lapse_reason_map[];
extern const size_t lapse_reason_map_n;
/* Records (or replaces) member's reason; note_enc is the sealed note (may be empty). */
enum yh_err lapse_db_reason_put(struct db *db, const char *office, const struct lapse_reason *r,
                                const struct buf *note_enc);
/* The member's reason, its sealed note appended to note_enc (nothing when none).
 * NOT_FOUND when no reason is recorded. */
enum yh_err lapse_db_reason_get(struct db *db, const char *office, int64_t member, struct lapse_reason *r,
                                struct buf *note_enc);

/* Offices with an active webhook subscribed to member.lapse_warning and no run today
 * (up to max). */
enum yh_err lapse_db_due_offices(struct db *db, const char *day, char (*offices)[7], size_t max, size_t *n);
/* The day's marker of office: *won is 1 for the one process that publishes. */
enum yh_err lapse_db_mark_day(struct db *db, const char *office, const char *day, uint64_t *won);
/* Records the event of member's run of kind from since: *won is 1 the first time. */
enum yh_err lapse_db_mark_event(struct db *db, const char *office, int64_t member, const char *kind,
                                const char *since, uint64_t *won);

#endif
