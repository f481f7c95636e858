#ifndef YINHUI_STATS_DB_H
#define YINHUI_STATS_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Figures per office under a code prefix (the office itself for a county; every office
 * below a prefecture or province), service/stats/stats_db.c. The caller's office is the
 * scope: prefix is derived from it, never from the request. */

/* One grouped row: the office it counts in, its text keys and its numbers (which ones
 * each function fills is said at the function). key_len: the key's length in bytes
 * (keys may be binary). */
struct stat_row {
    char office[7];
    char key[3][48];
    size_t key_len[3];
    int64_t num[4];
};
/* Rows of one query (free with stat_rows_free). */
struct stat_rows {
    struct stat_row *row;
    size_t n;
};
void stat_rows_free(struct stat_rows *r);

/* Active members' marginal counts (sql/0010). key[0]: the value (category; health blind
 * index, 8 bytes; birth year; year joined or ''; has a primary branch '1'/'0'); num[0]:
 * the dimension (1 category, 2 health, 3 birth year, 4 year joined, 5 primary branch);
 * num[1]: the count. */
enum yh_err stats_db_members(struct db *db, const char *prefix, struct stat_rows *out);
/* Open branches. key: level, nature, demo_level (''); num[0]: count. */
enum yh_err stats_db_branches(struct db *db, const char *prefix, struct stat_rows *out);
/* Activities held in [year_from, year_to). num: quarter (1-4), activities, attendance
 * records, attended (present or delivered). */
enum yh_err stats_db_activities(struct db *db, const char *prefix, const char *year_from, const char *year_to,
                                struct stat_rows *out);
/* Visits on [from, to). key[0]: reason; num[0]: visits. */
enum yh_err stats_db_visits(struct db *db, const char *prefix, const char *from, const char *to,
                            struct stat_rows *out);
/* Dues of months from_month..to_month. num[0]: fen. */
enum yh_err stats_db_dues(struct db *db, const char *prefix, const char *from_month, const char *to_month,
                          struct stat_rows *out);
/* Confirmed volunteer hours served on [from, to). num[0]: minutes. */
enum yh_err stats_db_hours(struct db *db, const char *prefix, const char *from, const char *to,
                           struct stat_rows *out);
/* Admitted talents. key[0]: category code; num[0]: talents. */
enum yh_err stats_db_talents(struct db *db, const char *prefix, struct stat_rows *out);
/* An office under the prefix. */
struct stat_office {
    char code[7];
    char name[401];
};
/* The offices under prefix, by code, into a new array *out (caller frees), *n of them. */
enum yh_err stats_db_offices(struct db *db, const char *prefix, struct stat_office **out, size_t *n);

#endif
