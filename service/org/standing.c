/* Party standing (党龄) from 转正, probation and the 50-year medal: the one rule that the
 * member view, the fifty-years list, statistics and elections share. No database. */
#include "yinhui/standing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool known(const char *d)
{
    return d != NULL && strlen(d) == 10;
}

/* d + years whole years into out (29 February → 28 February in a common year). */
static void add_years(const char *d0, int years, char out[11])
{
    int y = atoi(d0) + years, m = atoi(d0 + 5), d = atoi(d0 + 8);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) {
        d = 28;
    }
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

void standing_full_member_estimate(const char *joined_on, char out[11])
{
    out[0] = '\0';
    if (known(joined_on)) {
        add_years(joined_on, 1, out);
    }
}

int standing_years(const char *full_member_on, const char *as_of)
{
    if (!known(full_member_on) || !known(as_of) || strcmp(full_member_on, as_of) > 0) {
        return -1;
    }
    int years = atoi(as_of) - atoi(full_member_on);
    /* MM-DD compare as text: the anniversary not yet reached this year */
    if (strcmp(as_of + 5, full_member_on + 5) < 0) {
        years--;
    }
    return years;
}

bool standing_probationary(const char *joined_on, const char *full_member_on, const char *as_of)
{
    if (known(full_member_on)) {
        return strcmp(full_member_on, as_of) > 0;
    }
    return known(joined_on);
}

bool standing_under_probation(const char *probation_until, const char *as_of)
{
    return known(probation_until) && strcmp(probation_until, as_of) >= 0;
}

bool standing_may_vote(const char *joined_on, const char *full_member_on, const char *probation_until,
                       const char *as_of)
{
    return !standing_probationary(joined_on, full_member_on, as_of) &&
           !standing_under_probation(probation_until, as_of);
}

void standing_medal_cutoff(int year, char out[11])
{
    snprintf(out, 11, "%04u-07-01", (unsigned)(year - 50) % 10000u);
}

bool standing_medal_eligible(const char *full_member_on, const char *ineligible_reason, int year)
{
    char cutoff[11];
    standing_medal_cutoff(year, cutoff);
    return known(full_member_on) && strcmp(full_member_on, cutoff) <= 0 &&
           (ineligible_reason == NULL || ineligible_reason[0] == '\0');
}

const char *standing_full_member_refusal(const char *joined_on, const char *full_member_on,
                                         const char *birth_date, const char *today)
{
    char bound[11];
    if (!known(full_member_on)) {
        return NULL;
    }
    if (known(joined_on)) {
        if (strcmp(full_member_on, joined_on) < 0) {
            return "must be on or after joined_on: 转正 follows admission";
        }
        add_years(joined_on, 3, bound);
        if (strcmp(full_member_on, bound) > 0) {
            return "must be at most three years after joined_on (a probation of one year, extended by at "
                   "most one; "
                   "the 1945 党章 set up to two)";
        }
    } else if (known(today) && strcmp(full_member_on, today) > 0) {
        return "is in the future: a future 转正 needs joined_on";
    }
    if (known(birth_date)) {
        add_years(birth_date, 18, bound);
        if (strcmp(full_member_on, bound) < 0) {
            return "must be on or after the member's 18th birthday";
        }
    }
    return NULL;
}

const char *standing_probation_refusal(const char *joined_on, const char *probation_until, const char *today)
{
    char bound[11];
    if (!known(probation_until)) {
        return NULL;
    }
    if (known(joined_on) && strcmp(probation_until, joined_on) < 0) {
        return "must be on or after joined_on";
    }
    if (known(today)) {
        add_years(today, 2, bound);
        if (strcmp(probation_until, bound) > 0) {
            return "must be at most two years ahead: 留党察看 lasts one or two years";
        }
    }
    return NULL;
}
