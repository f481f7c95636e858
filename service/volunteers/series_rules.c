/* Recurring events: the dates a weekly or monthly series falls on, and an occurrence's
 * times. Plain calendar arithmetic on China dates (no time zone: the dates and times are
 * China's already). */
#include "yinhui/volunteer_rules.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/calendar.h"

/* Adds day to out (count n so far); false when out is full. */
static bool date_add(long day, char (*out)[11], int *n, int max)
{
    if (*n >= max) {
        return false;
    }
    cal_date_of(day, out[(*n)++]);
    return true;
}

int vseries_dates(const struct vseries_rule *rule, const char *from, const char *to, char (*out)[11], int max)
{
    long a = 0, b = 0;
    int n = 0;
    if (!cal_parse_date(from, &a) || !cal_parse_date(to, &b)) {
        return -1;
    }
    if (!rule->monthly) {
        /* 1970-01-01 was a Thursday (ISO weekday 4) */
        long first = a + ((rule->weekday - 1) - (a % 7 + 10) % 7 + 7) % 7;
        for (long d = first; d <= b; d += 7) {
            if (!date_add(d, out, &n, max)) {
                return -1;
            }
        }
        return n;
    }
    int y, m, d;
    cal_from_day_number(a, &y, &m, &d);
    for (long first = cal_day_number(y, m, 1); first <= b; first = cal_day_number(y, m, 1)) {
        int last = cal_month_days(y, m);
        long day = first + (rule->month_day < last ? rule->month_day : last) - 1;
        if (day >= a && day <= b && !date_add(day, out, &n, max)) {
            return -1;
        }
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    return n;
}

bool vseries_time_ok(const char *s)
{
    /* character by character: sscanf's %d would take " 9", "+9" or "+5" */
    if (s == NULL || strlen(s) != 5 || s[2] != ':') {
        return false;
    }
    for (int i = 0; i < 5; i++) {
        if (i != 2 && (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    return (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

/* Minutes since 1970-01-01 00:00 as "YYYY-MM-DD HH:MM:SS". */
static void minutes_format(long t, char out[20])
{
    char day[11];
    cal_date_of(t / 1440, day);
    snprintf(out, 20, "%.10s %02u:%02u:00", day, (unsigned)(t % 1440 / 60) % 24u, (unsigned)(t % 60) % 60u);
}

void vseries_times(const char *date, const char *start, int minutes, char starts[20], char ends[20])
{
    long day = 0;
    int h = 0, mi = 0;
    cal_parse_date(date, &day);
    sscanf(start, "%2d:%2d", &h, &mi);
    long t = day * 1440 + h * 60 + mi;
    minutes_format(t, starts);
    minutes_format(t + minutes, ends);
}
