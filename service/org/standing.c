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

void standing_full_member_estimate(const char *joined_on, char out[11])
{
    out[0] = '\0';
    if (!known(joined_on)) {
        return;
    }
    int y = atoi(joined_on) + 1, m = atoi(joined_on + 5), d = atoi(joined_on + 8);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) {
        d = 28;
    }
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
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
