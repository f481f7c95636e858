/* The statistics' own rules: joining-date bands, the day a year is counted on, who is
 * counted on it, and the medal's first year. No database. */
#include "yinhui/stats_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/standing.h"

static bool known(const char *d)
{
    return d != NULL && strlen(d) == 10;
}

int stats_join_band(const char *joined_on)
{
    /* each band's first day; a date compares as text */
    static const char *const starts[STATS_BANDS - 1] = {"1949-10-01", "1978-12-18", "2012-11-08"};
    int band = 0;
    if (!known(joined_on)) {
        return -1;
    }
    while (band < STATS_BANDS - 1 && strcmp(joined_on, starts[band]) >= 0) {
        band++;
    }
    return band;
}

bool stats_as_of(int year, const char *today, char out[11])
{
    int now = atoi(today);
    if (year > now) {
        out[0] = '\0';
        return false;
    }
    if (year == now) {
        snprintf(out, 11, "%s", today);
    } else {
        snprintf(out, 11, "%04u-12-31", (unsigned)year % 10000u);
    }
    return true;
}

bool stats_counted(const char *joined_on, const char *status, const char *status_on, const char *as_of)
{
    if (known(joined_on) && strcmp(joined_on, as_of) > 0) {
        return false;
    }
    if (status != NULL && strcmp(status, "active") != 0) {
        return known(status_on) && strcmp(status_on, as_of) > 0;
    }
    return true;
}

void stats_flow_years(const char *joined_on, const char *status, const char *status_on, int *in, int *out)
{
    *in = known(joined_on) ? atoi(joined_on) : 0;
    *out = 9999;
    if (status != NULL && strcmp(status, "active") != 0) {
        int left = known(status_on) ? atoi(status_on) : *in;
        *out = left > *in ? left : *in;
    }
}

int stats_medal_year(const char *full_member_on, const char *ineligible_reason)
{
    if (!known(full_member_on)) {
        return 0;
    }
    /* standing reaches 50 years in year + 50; by 1 July of that year, or of the next */
    int y = atoi(full_member_on) + 50;
    for (int k = y; k <= y + 1; k++) {
        if (standing_medal_eligible(full_member_on, ineligible_reason, k)) {
            return k;
        }
    }
    return 0;
}
