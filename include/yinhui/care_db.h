#ifndef YINHUI_CARE_DB_H
#define YINHUI_CARE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

struct view;

/* The care store: visit reasons and visits (visits_db.c), the office's own days
 * (care_days_db.c), the due list's inputs (due_db.c) and honours (honours_db.c). Every
 * function takes the caller's office; another office's records are NOT_FOUND. */

/* ---- visit reasons ---- */
/* Seeds the office's visit reasons (四必访 and the rest) when it has none. */
enum yh_err reasons_db_ensure(struct db *db, const char *office);
/* The office's reasons through reasons_view (code, name, retired). */
extern const struct view reasons_view;
enum yh_err reasons_db_list(struct db *db, const char *office, struct db_rows *rows);
/* *usable: code is one of the office's reasons and not retired. */
enum yh_err reasons_db_usable(struct db *db, const char *office, const char *code, bool *usable);

/* ---- visits ---- */
struct visit {
    int64_t id; /* set by visits_db_get */
    char reason[25], visited_on[11], visitors[801];
    int64_t gift_fen;
    bool follow_up;
    unsigned char notes_enc[4200]; /* sealed notes (notes_enc_len 0: none) */
    size_t notes_enc_len;
    char created_by[81], created_at[32]; /* set by visits_db_get */
};
/* Records visit v of members[0..n) (CONFLICT when a member is listed twice); *id gets its id. */
enum yh_err visits_db_insert(struct db *db, const char *office, const struct visit *v, const int64_t *members,
                             size_t n, const char *by, int64_t *id);
/* The office's visit id into *v, as a caller sees it: whole_office sees every visit of
 * the office, otherwise only visits of a member of branch (a secretary's; -1: none).
 * NOT_FOUND for a visit the caller does not see. */
enum yh_err visits_db_get(struct db *db, const char *office, bool whole_office, int64_t branch, int64_t id,
                          struct visit *v);
/* The members of the office's visit id through visit_members_view (member_id, name, branch_id). */
extern const struct view visit_members_view;
enum yh_err visits_db_members(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Visits of the office (of member, 0: any; reason NULL: any) below id before (0: from
 * the newest), newest first, limit + 1 rows through visits_view. */
extern const struct view visits_view;
enum yh_err visits_db_list(struct db *db, const char *office, int64_t member_id, const char *reason,
                           int64_t before, int limit, struct db_rows *rows);

/* ---- the office's own days (care_days_db.c) ---- */
struct care_day;
/* The office's days by id (at most CARE_DAYS_MAX + 1, so a caller can tell the limit is
 * reached) into a new array *out (caller frees) of *n. */
enum yh_err care_days_db_all(struct db *db, const char *office, struct care_day **out, size_t *n);
/* The office's day id into *d; NOT_FOUND for another office's. */
enum yh_err care_days_db_get(struct db *db, const char *office, int64_t id, struct care_day *d);
/* How many days the office has. */
enum yh_err care_days_db_count(struct db *db, const char *office, int64_t *n);
enum yh_err care_days_db_insert(struct db *db, const char *office, const struct care_day *d, const char *by,
                                int64_t *id);
/* PRECONDITION_FAILED when version is not the stored one, NOT_FOUND for another office's. */
enum yh_err care_days_db_update(struct db *db, const char *office, const struct care_day *d, int64_t version);
/* NOT_FOUND for another office's. */
enum yh_err care_days_db_delete(struct db *db, const char *office, int64_t id);

/* ---- the due list's inputs ---- */
/* An active retiree with what the due list needs; strings borrowed from the row it was
 * read from (care_db_members_each; the last_* dates NULL when there was no visit for that
 * reason). */
struct care_member {
    int64_t id, branch_id;
    const char *name, *birth_date;
    bool lunar_birthday;             /* keeps the birthday by the lunar calendar */
    const unsigned char *health_idx; /* blind index of the health value (health_len bytes) */
    size_t health_len;
    bool hardship;
    const char *admitted_on; /* the open hospital stay's admission, NULL: not in hospital */
    /* the last visit for: hospitalisation, home_service, hardship, holiday, birthday,
     * round_birthday */
    const char *last_hospital, *last_home, *last_hardship, *last_holiday, *last_birthday, *last_round;
};
/* The members a due list's window can list (care_due_filter, care_due.c): everyone
 * while a holiday falls in it; otherwise those born in one of the months it touches,
 * those keeping a lunar birthday, in hospital (an open stay, or health hosp), homebound
 * (health home) or in hardship. */
struct due_filter {
    bool everyone;
    int64_t months[3];                /* 1-12, the last repeated when the window touches fewer */
    const unsigned char *hosp, *home; /* blind indexes, 8 bytes */
};
/* Active retirees (lixiu, retired: not in_service) of the office (of branch, 0: all) that
 * f lets through, by id, each to fn as it is read, none held (its strings live until fn
 * returns); after an error, what fn was given is to be dropped. */
typedef void (*care_member_fn)(const struct care_member *m, void *ctx);
enum yh_err care_db_members_each(struct db *db, const char *office, int64_t branch_id,
                                 const struct due_filter *f, care_member_fn fn, void *ctx);
/* The office's rule for hospital visits: a member in hospital is due a visit within
 * *days of admission and of the last visit (offices.hospital_visit_days, default 7). */
enum yh_err care_db_hospital_days(struct db *db, const char *office, int64_t *days);

/* ---- honours ---- */
struct honour {
    char kind[28], title[401], level[12];
    int64_t year, member_id, branch_id, team_id;
};
/* CONFLICT for a second fifty-years medal of a member. */
enum yh_err honours_db_insert(struct db *db, const char *office, const struct honour *h, const char *by,
                              int64_t *id);
/* The office's honours (of year, 0: any; kind NULL: any) through honours_view (id, kind,
 * title, level, year, member_id, member_name, branch_id, branch_name, team_id). */
extern const struct view honours_view;
enum yh_err honours_db_list(struct db *db, const char *office, int64_t year, const char *kind,
                            struct db_rows *rows);
/* NOT_FOUND unless the honour is the office's. */
enum yh_err honours_db_delete(struct db *db, const char *office, int64_t id);
/* *exists: team_id is a volunteer team of the office (an honour may name it). */
enum yh_err honours_db_team_exists(struct db *db, const char *office, int64_t team_id, bool *exists);
/* Members eligible for the 50-year medal (STANDING_SQL_MEDAL: full members on or before
 * cutoff, standing_medal_cutoff, and not marked ineligible) who were alive on alive_on
 * (active, or died on or after it), through fifty_view (member_id, name, joined_on,
 * full_member_on, full_member_estimated, status, branch_id, awarded, awarded_year). */
extern const struct view fifty_view;
enum yh_err honours_db_fifty(struct db *db, const char *office, const char *cutoff, const char *alive_on,
                             struct db_rows *rows);
/* Of the fifty-years rows: *awarded, how many have the medal; *estimated (may be NULL),
 * how many have an estimated 转正 date; *eligible (may be NULL), whether member is among
 * them. */
void honours_fifty_count(const struct db_rows *rows, int64_t member, int *awarded, int *estimated,
                         bool *eligible);

#endif
