#ifndef YINHUI_STATS_RULES_H
#define YINHUI_STATS_RULES_H

#include <stdbool.h>

/* The rules of the Party's statistics (RULES.md, Statistics) as plain functions
 * (service/stats/stats_rules.c, tests/unit/test_stats_rules.c). Dates are YYYY-MM-DD
 * ("" or NULL: not known). sql/0031 keeps the same rules in its counts, per year. */

/* The joining-date bands of the statistical bulletins, by joined_on (入党), each band
 * from its first day, inclusive, to the day before the next band's first day:
 * 0 before 1949-10-01 (新中国成立前), 1 1949-10-01 to 1978-12-17 (to the Third Plenum,
 * which opened on 1978-12-18), 2 1978-12-18 to 2012-11-07 (to the 18th Congress, opened
 * 2012-11-08), 3 from 2012-11-08 (十八大以来). -1 when joined_on is not known. */
enum { STATS_BANDS = 4 };
int stats_join_band(const char *joined_on);

/* The day year's figures are counted on: 31 December of year, or today (China time,
 * today_cn) for the current year. false for a year after today's. out: YYYY-MM-DD. */
bool stats_as_of(int year, const char *today, char out[11]);

/* Counted on as_of: joined by then (or joined on a date not known), and not died or
 * transferred out by then. status is active, transferred_out or deceased; a closed
 * record without its date (status_on) is never counted. */
bool stats_counted(const char *joined_on, const char *status, const char *status_on, const char *as_of);

/* The same rule by years, as member_flows keeps it: counted on 31 December of Y exactly
 * when *in <= Y < *out. *in: the year joined (0 not known); *out: the year the record
 * was closed (never before *in), or 9999 while active. */
void stats_flow_years(const char *joined_on, const char *status, const char *status_on, int *in, int *out);

/* The first year of the 50-year medal (standing_medal_eligible: full member by 1 July
 * of year − 50, not marked ineligible); 0 when never. */
int stats_medal_year(const char *full_member_on, const char *ineligible_reason);

#endif
