#ifndef YINHUI_STATS_ROLLUP_H
#define YINHUI_STATS_ROLLUP_H

#include <cjson/cJSON.h>

#include "yinhui/config.h"
#include "yinhui/help_db.h"
#include "yinhui/stats_db.h"

/* The overview's figures summed over the offices under a caller, into the total and
 * one bucket per direct child office (service/stats/rollup.c): plain functions over the
 * store's rows, testable without a database. */
struct rollup;

/* A rollup for office caller over offs (n offices under its prefix, by code, the caller
 * included). A county under a province counts in its prefecture's bucket. NULL when out
 * of memory. Free with rollup_free. */
struct rollup *rollup_new(const char *caller, const struct stat_office *offs, size_t n);
void rollup_free(struct rollup *u);

/* Adds members' marginal counts (STAT_MEMBERS' rows, or stats_db_flows' changes to
 * them): ages and years in the party (from 转正) reached in year, the 50-year medal by
 * its 1 July; health blind indexes resolved with cfg's key. */
void rollup_add_members(struct rollup *u, const struct config *cfg, const struct stat_rows *rows, int year);
/* Adds open organisations (stats_db_branches' rows). */
void rollup_add_branches(struct rollup *u, const struct stat_rows *rows);
/* Adds organisational life by quarter (stats_db_activities' rows). */
void rollup_add_activities(struct rollup *u, const struct stat_rows *rows);
/* Adds care by reason in 人次, dues, volunteer minutes and talents by category (unknown
 * reasons and categories count as other). */
void rollup_add_counts(struct rollup *u, const struct stat_rows *care, const struct stat_rows *dues,
                       const struct stat_rows *hours, const struct stat_rows *talents);
/* Adds hospital stays in 人次 (STAT_STAYS' rows): admissions and visits during stays. */
void rollup_add_stays(struct rollup *u, const struct stat_rows *rows);
/* Adds urgent help (help_db_totals_offices' rows, one per office): the counts are
 * summed, and the share within the deadline and the average satisfaction are computed
 * from the sums (help_share, help_average), never averaged over offices. */
void rollup_add_help(struct rollup *u, const struct help_totals *rows, size_t n);
/* Adds the requests overdue now (help_db_overdue_offices' rows), shown as overdue_open:
 * the current year's figures only. */
void rollup_add_help_overdue(struct rollup *u, const struct help_totals *rows, size_t n);
/* Adds participation in functional and temporary branches (STAT_PARTICIPATION's rows):
 * its own line, never added to members. */
void rollup_add_participation(struct rollup *u, const struct stat_rows *rows);
/* The overview body of office for year counted on as_of (stats_as_of): the total and
 * one row per child office. Caller owns it. */
cJSON *rollup_json(const struct rollup *u, const char *office, int year, const char *as_of);

#endif
