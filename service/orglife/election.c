/* Election and term rules (include/yinhui/election.h). */
#include "yinhui/election.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int election_count(const int64_t *votes, size_t n, int64_t eligible, int seats, bool *elected)
{
    size_t order[64];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        elected[i] = false;
        if (m < 64 && votes[i] * 2 > eligible) { /* more than half of those entitled */
            order[m++] = i;
        }
    }
    for (size_t i = 1; i < m; i++) { /* by votes, most first (stable) */
        for (size_t k = i; k > 0 && votes[order[k]] > votes[order[k - 1]]; k--) {
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    }
    size_t take = m < (size_t)seats ? m : (size_t)seats;
    if (take > 0 && take < m && votes[order[take - 1]] == votes[order[take]]) {
        return -1; /* a tie for the last seat */
    }
    for (size_t i = 0; i < take; i++) {
        elected[order[i]] = true;
    }
    return (int)take;
}

bool election_quorate(int64_t eligible, int64_t present)
{
    return present * 5 > eligible * 4;
}

void terms_due_until(const char *today, int months, char until[24])
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = atoi(today), m = atoi(today + 5), d = atoi(today + 8);
    int k = y * 12 + (m - 1) + months, ty = k / 12, tm = k % 12 + 1;
    int last = mdays[tm - 1] + (tm == 2 && ((ty % 4 == 0 && ty % 100 != 0) || ty % 400 == 0));
    snprintf(until, 24, "%04d-%02d-%02d", ty % 10000, tm, d > last ? last : d);
}

const char *terms_due_status(const char *ends_on, const char *today)
{
    if (ends_on == NULL) {
        return "no_term";
    }
    return strcmp(ends_on, today) < 0 ? "expired" : "ending";
}
