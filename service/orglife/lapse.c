/* The 自行脱党 early-warning rules (党章 art. 9), without a database: month arithmetic
 * in China time, the length of a run of months without organisational life or dues, and
 * whether a recorded proper reason covers a month. */
#include "yinhui/lapse.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"

const char *const lapse_reason_kinds[] = {"illness", "homebound_care", "other", NULL};

int lapse_month_index(const char *s)
{
    if (s == NULL || strlen(s) < 7 || s[4] != '-') {
        return -1;
    }
    for (int i = 0; i < 7; i++) {
        if (i != 4 && (s[i] < '0' || s[i] > '9')) {
            return -1;
        }
    }
    if (s[7] != '\0' && s[7] != '-') {
        return -1;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 1900 || m < 1 || m > 12) {
        return -1;
    }
    return y * 12 + m - 1;
}

void lapse_month_text(int idx, char out[8])
{
    if (idx < 0) {
        out[0] = '\0';
        return;
    }
    snprintf(out, 8, "%04d-%02d", (idx / 12) % 10000, idx % 12 + 1);
}

void lapse_month_at(int64_t t, char out[8])
{
    char cn[20];
    /* China time, not UTC: 00:30 on the 1st in Beijing is still the previous month in UTC */
    time_cn(t, cn);
    snprintf(out, 8, "%.7s", cn);
}

int lapse_months(const char *last, const char *start, const char *current, char since[8])
{
    int cur = lapse_month_index(current);
    int from = lapse_month_index(start);
    int l = last != NULL && last[0] ? lapse_month_index(last) : -1;
    since[0] = '\0';
    if (cur < 0) {
        return 0;
    }
    /* the run starts the month after the last occurrence, never before the first month
     * owed (a member is not behind for months before joining) */
    if (l >= 0 && l + 1 > from) {
        from = l + 1;
    }
    if (from < 0 || from > cur) {
        return 0;
    }
    lapse_month_text(from, since);
    return cur - from + 1;
}

const char *lapse_level(int months)
{
    return months >= LAPSE_ARTICLE_MONTHS ? "article_9"
           : months >= LAPSE_EVENT_MONTHS ? "event"
           : months >= LAPSE_WARN_MONTHS  ? "warning"
                                          : "";
}

bool lapse_reason_covers(const char *since, const char *until, const char *month)
{
    int s = lapse_month_index(since), m = lapse_month_index(month);
    int u = until != NULL && until[0] ? lapse_month_index(until) : -1;
    return s >= 0 && m >= s && (u < 0 || m <= u);
}

void lapse_last_with_reason(const char *last, const char *since, const char *until, const char *current,
                            char out[8])
{
    int l = last != NULL && last[0] ? lapse_month_index(last) : -1;
    int s = since != NULL && since[0] ? lapse_month_index(since) : -1;
    int cur = lapse_month_index(current);
    if (s >= 0 && cur >= 0 && s <= cur) {
        int u = until != NULL && until[0] ? lapse_month_index(until) : cur;
        int covered = u < cur ? u : cur;
        if (covered > l) {
            l = covered;
        }
    }
    out[0] = '\0';
    if (l >= 0) {
        lapse_month_text(l, out);
    }
}
