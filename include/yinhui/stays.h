#ifndef YINHUI_STAYS_H
#define YINHUI_STAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Hospital stays (住院登记) of the care domain: the store (service/care/stays_db.c) and
 * the rules (service/care/stays_rules.c, plain functions tests/unit/test_stays.c pins).
 * Every store function takes the caller's office; another office's stay is NOT_FOUND. */

/* A stay as stored: hospital, ward and the health before admission stay sealed here
 * (pii.h); the handlers open and mask them. Empty strings stand for NULL. */
struct stay {
    int64_t id, member_id, branch_id; /* branch_id: the member's primary branch, 0: none */
    char member_name[201];
    char admitted_on[11], discharged_on[11]; /* discharged_on "": in hospital now */
    char created_by[81], discharged_by[81], created_at[32], updated_at[32];
    int64_t version;
    unsigned char hospital_enc[500];
    size_t hospital_enc_len;
    unsigned char ward_enc[300];
    size_t ward_enc_len; /* 0: no ward */
    unsigned char health_before_enc[64];
    size_t health_before_enc_len;
};

/* ---- rules ---- */
#define STAY_HOSPITAL_MAX 100 /* characters */
#define STAY_WARD_MAX 50
/* Why admitted_on cannot open a stay on today (NULL: it can): a date in the future. */
const char *stays_admitted_refusal(const char *admitted_on, const char *today);
/* Why a stay admitted on admitted_on cannot end on discharged_on (NULL: it can): before
 * the admission, or in the future. */
const char *stays_discharged_refusal(const char *admitted_on, const char *discharged_on, const char *today);

/* ---- store ---- */
/* Inserts s (member, dates, sealed values) by by; *id its id. CONFLICT when the member
 * already has an open stay (ux_stays_open). */
enum yh_err stays_db_insert(struct db *db, const char *office, const struct stay *s, const char *by,
                            int64_t *id);
/* Stay id of the office into *s. */
enum yh_err stays_db_get(struct db *db, const char *office, int64_t id, struct stay *s);
/* The member's open stay into *s: NOT_FOUND when the member is not in hospital. */
enum yh_err stays_db_open_of(struct db *db, const char *office, int64_t member_id, struct stay *s);
/* *id: a stay of the member other than except (0: none) overlapping [from, to] (to "":
 * open): each begins before the other ends (a discharge and an admission may share their
 * day); 0 when none. */
enum yh_err stays_db_overlapping(struct db *db, const char *office, int64_t member_id, int64_t except,
                                 const char *from, const char *to, int64_t *id);
/* Ends open stay id on date on, by by. CONFLICT when it is no longer open. */
enum yh_err stays_db_discharge(struct db *db, const char *office, int64_t id, const char *on, const char *by);
/* Writes s's dates, hospital and ward when version matches (PRECONDITION otherwise). */
enum yh_err stays_db_update(struct db *db, const char *office, const struct stay *s, int64_t version);

/* The list's filters: member 0 any; branch 0 any (a secretary's primary branch, -1:
 * none); current: in hospital now only; before: ids below it (0: from the newest). */
struct stay_filter {
    int64_t member_id, branch_id, before;
    bool current;
    int limit;
};
/* Up to limit + 1 stays, newest first, into a new array *out (caller frees) of *n. */
enum yh_err stays_db_list(struct db *db, const char *office, const struct stay_filter *f, struct stay **out,
                          size_t *n);
/* The visits made during stay s (visit_members rows of its member visited from its
 * admission to its discharge, or to today when open), newest first, at most 100,
 * through stay_visits_view (visit_id, reason, visited_on, visitors). */
struct view;
extern const struct view stay_visits_view;
enum yh_err stays_db_visits(struct db *db, const char *office, const struct stay *s, struct db_rows *rows);

#endif
