#ifndef YINHUI_STANDING_H
#define YINHUI_STANDING_H

#include <stdbool.h>

/* Party standing (党龄) and what hangs on it, as plain functions (service/org/standing.c,
 * tests/unit/test_standing.c). RULES.md "Party standing" and "光荣在党50年". Every date
 * is YYYY-MM-DD ("" or NULL: not known). The one rule serves the member view, the
 * fifty-years list, statistics, elections and quorums: its SQL form is below. */

/* 党章 art. 7: a member is probationary for one year from admission. The estimate of
 * 转正 for a record without one: joined_on + 1 year (29 February → 28 February, as
 * MariaDB's DATE_ADD does). out is "" when joined_on is not known. */
void standing_full_member_estimate(const char *joined_on, char out[11]);

/* Whole years of party standing on as_of, counted from full_member_on; -1 when
 * full_member_on is not known or still to come. */
int standing_years(const char *full_member_on, const char *as_of);

/* Probationary on as_of: admitted, and full membership not yet reached. A record with
 * neither date is not probationary (an old record whose dates were never kept). */
bool standing_probationary(const char *joined_on, const char *full_member_on, const char *as_of);

/* Under 留党察看 on as_of: its last day (probation_until) not yet passed. */
bool standing_under_probation(const char *probation_until, const char *as_of);

/* May vote, elect and be elected on as_of: neither probationary nor under 留党察看
 * (党章; 选举条例). Being active, and formally affiliated, is the caller's part. */
bool standing_may_vote(const char *joined_on, const char *full_member_on, const char *probation_until,
                       const char *as_of);

/* The medal's cut-off for year y: standing reaches 50 years by 1 July, so full membership
 * on or before (y − 50)-07-01. */
void standing_medal_cutoff(int year, char out[11]);

/* Eligible for the 50-year medal in year: alive (the caller: active, or died on or after
 * 1 July of year), not marked ineligible, full member by the cut-off. */
bool standing_medal_eligible(const char *full_member_on, const char *ineligible_reason, int year);

/* What the records may say (NULL: acceptable; else the reason, for a 422 naming the field).
 * 转正 follows admission: on or after joined_on and at most three years later (党章 art. 7:
 * one year of probation, extended by at most one; the 1945 党章 set up to two), never
 * before the 18th birthday (党章 art. 1), and not in the future when admission is not
 * known (a future date is the expected 转正 of a probationary member). today and every
 * date YYYY-MM-DD, "" or NULL when not known. */
const char *standing_full_member_refusal(const char *joined_on, const char *full_member_on,
                                         const char *birth_date, const char *today);
/* 留党察看 (its last day): not before admission, and at most two years ahead (《中国共产党
 * 纪律处分条例》: 留党察看 is for one or two years). */
const char *standing_probation_refusal(const char *joined_on, const char *probation_until, const char *today);

/* The same rules in SQL over the members alias m (each ? is bound to the as-of date):
 * STANDING_SQL_MAY_VOTE(m) binds two dates, STANDING_SQL_MEDAL(m) one cut-off
 * (standing_medal_cutoff). A member whose dates are both unknown may vote, as above. */
#define STANDING_SQL_MAY_VOTE(m)                                                                             \
    "((" m ".full_member_on IS NULL AND " m ".joined_on IS NULL OR " m ".full_member_on <= ?) AND (" m       \
    ".party_probation_until IS NULL OR " m ".party_probation_until < ?))"
#define STANDING_SQL_MEDAL(m) "(" m ".full_member_on <= ? AND " m ".medal_ineligible_reason IS NULL)"

#endif
