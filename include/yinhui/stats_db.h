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

/* The grouped queries (what each fills in a stat_row):
 * STAT_MEMBERS: today's marginal counts of active members (sql/0010, 0031). key[0]: the
 *   value (category; health blind index, 8 bytes; birth year; year of 转正 or ''; has a
 *   primary branch '1'/'0', '' in the flows of a record closed since; joining-date band
 *   '1'-'4' or ''; first medal year or '');
 *   num[0]: the dimension (1 category, 2 health, 3 birth year, 4 year of 转正, 5 primary
 *   branch, 6 joining-date band, 7 first medal year); num[1]: the count. No range.
 * STAT_BRANCHES: open branches. key: level, nature, demo_level (''); num[0]: count. No range.
 * STAT_ACTIVITIES: activities held in [from, to) (datetimes). num: quarter (1-4),
 *   activities, attendance records, attended (present or delivered).
 * STAT_CARE: care on [from, to) in 人次 (one per member visited per visit). key[0]:
 *   reason; num[0]: 人次.
 * STAT_STAYS: hospital stays (住院登记) in 人次 on [from, to). num[0]: admissions; num[1]:
 *   visits to members then in hospital (one per member visited per visit, dated within
 *   one of the member's stays).
 * STAT_DUES: dues of months from..to. num[0]: fen.
 * STAT_HOURS: confirmed volunteer hours served on [from, to), by month. num[0]: the month
 * (1-12), num[1]: minutes.
 * STAT_TALENTS: admitted talents. key[0]: category code; num[0]: talents. No range.
 * STAT_PARTICIPATION: participating memberships in functional and temporary branches
 *   open on a day (from and to are both that day). key[0]: nature; num[0]: members;
 *   num[1]: memberships. */
enum stat_query {
    STAT_MEMBERS,
    STAT_BRANCHES,
    STAT_ACTIVITIES,
    STAT_CARE,
    STAT_STAYS,
    STAT_DUES,
    STAT_HOURS,
    STAT_TALENTS,
    STAT_PARTICIPATION
};
/* An office under the prefix. */
struct stat_office {
    char code[7];
    char name[401];
};
/* Runs query q over the offices under prefix into *out (free with stat_rows_free); from
 * and to bound the queries that take a range and are ignored by the others. The queries
 * over a range read the offices offs[0..n) (those under prefix, as stats_db_offices lists
 * them) in batches, each office its own range of its key: a range over the prefix would
 * read every year of every office under it and filter the dates row by row. */
enum yh_err stats_db_fetch(struct db *db, enum stat_query q, const char *prefix, const struct stat_office *offs,
                           size_t n, const char *from, const char *to, struct stat_rows *out);
/* The change from today's member counts to those of 31 December of year, in
 * STAT_MEMBERS' rows, for the n offices offs: the flows (sql/0031) of the years after
 * year, negated. Into *out (free with stat_rows_free). */
enum yh_err stats_db_flows(struct db *db, const struct stat_office *offs, size_t n, int year,
                           struct stat_rows *out);
/* The offices under prefix, by code, into a new array *out (caller frees), *n of them. */
enum yh_err stats_db_offices(struct db *db, const char *prefix, struct stat_office **out, size_t *n);
/* The name of office code into name (YH_ERR_NOT_FOUND when there is none). */
enum yh_err stats_db_office_name(struct db *db, const char *code, char name[401]);

#endif
