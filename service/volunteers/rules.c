/* The volunteers domain's rules: event status moves, the slot an event takes, served
 * minutes, the steps of a need and report periods. */
#include "yinhui/volunteer_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"

bool vevent_status_move_ok(const char *from, const char *to)
{
    if (strcmp(from, to) == 0) {
        return true;
    }
    if (strcmp(to, "cancelled") == 0) {
        return strcmp(from, "done") != 0;
    }
    if (strcmp(to, "open") == 0) {
        return strcmp(from, "draft") == 0 || strcmp(from, "closed") == 0;
    }
    if (strcmp(to, "closed") == 0 || strcmp(to, "done") == 0) {
        return strcmp(from, "open") == 0 || strcmp(from, "closed") == 0;
    }
    return false;
}

void vevent_slot(const char *starts_at, int *wday, int *part)
{
    int64_t t = time_cn_parse(starts_at) + 8 * 3600;
    int hour = atoi(starts_at + 11);
    *wday = (int)((t / 86400 + 3) % 7); /* 1970-01-01 was a Thursday: Monday = 0 */
    *part = hour < 12 ? 0 : hour < 18 ? 1 : 2;
}

int64_t vhours_served_minutes(const char *starts, const char *ends, const char *in, const char *out)
{
    int64_t m = (time_cn_parse(out) - time_cn_parse(in)) / 60;
    int64_t cap = (time_cn_parse(ends) - time_cn_parse(starts)) / 60 + 60;
    if (m < 1) {
        m = 1;
    }
    return m > cap ? cap : m;
}

const struct vneed_step *vneed_step_of(const char *verb)
{
    /* who may take each step is the handler's concern (staff, the team's leader, the
     * client that posted the need) */
    static const struct vneed_step steps[] = {
        {"dispatch", "requested", "dispatched", "dispatched"},
        {"accept", "dispatched", "accepted", "accepted"},
        {"complete", "accepted", "done", "completed"},
        {"cancel", "requested,dispatched", "cancelled", "cancelled"},
    };
    for (size_t i = 0; verb != NULL && i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (strcmp(steps[i].verb, verb) == 0) {
            return &steps[i];
        }
    }
    return NULL;
}

bool vperiod_bounds(bool year, const char *at, const char *today, char from[11], char to[11])
{
    int y = atoi(today), m = atoi(today + 5);
    if (at != NULL) {
        int n = 0;
        bool ok = year ? sscanf(at, "%4d%n", &y, &n) == 1 && n == 4 && strlen(at) == 4
                       : sscanf(at, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && strlen(at) == 7;
        if (!ok || y < 1990 || y > 2100 || m < 1 || m > 12) {
            return false;
        }
    }
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u;
    if (year) {
        snprintf(from, 11, "%04u-01-01", uy);
        snprintf(to, 11, "%04u-01-01", (uy + 1) % 10000u);
    } else {
        snprintf(from, 11, "%04u-%02u-01", uy, um);
        snprintf(to, 11, "%04u-%02u-01", (um == 12 ? uy + 1 : uy) % 10000u, (um == 12 ? 1 : um + 1) % 100u);
    }
    return true;
}

/* Sorts days (n <= VREMIND_MAX) largest first; false when two are equal. */
static bool remind_days_sort(int *days, int n)
{
    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && days[j - 1] < days[j]; j--) {
            int t = days[j];
            days[j] = days[j - 1];
            days[j - 1] = t;
        }
    }
    for (int i = 1; i < n; i++) {
        if (days[i] == days[i - 1]) {
            return false;
        }
    }
    return true;
}

int vremind_days_parse(const char *csv, int out[VREMIND_MAX])
{
    int n = 0;
    const char *p = csv;
    if (p == NULL || *p == '\0') {
        return -1;
    }
    while (*p) {
        int v = 0, digits = 0;
        for (; *p >= '0' && *p <= '9' && digits < 3; p++, digits++) {
            v = v * 10 + (*p - '0');
        }
        if (digits == 0 || v < 1 || v > VREMIND_DAY_MAX || n == VREMIND_MAX || (*p != ',' && *p != '\0')) {
            return -1;
        }
        out[n++] = v;
        if (*p == ',' && *++p == '\0') {
            return -1;
        }
    }
    return remind_days_sort(out, n) ? n : -1;
}

void vremind_days_format(const int *days, int n, char *csv, size_t len)
{
    size_t used = 0;
    csv[0] = '\0';
    for (int i = 0; i < n && used < len; i++) {
        int w = snprintf(csv + used, len - used, i ? ",%d" : "%d", days[i]);
        used += w > 0 ? (size_t)w : 0;
    }
}
