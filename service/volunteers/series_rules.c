/* Recurring events: the dates a weekly or monthly series falls on, and an occurrence's
 * times. Plain calendar arithmetic on China dates (no time zone: the dates and times are
 * China's already). */
#include "yinhui/volunteer_rules.h"

#include <stdio.h>
#include <string.h>

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of y-m-d (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* "YYYY-MM-DD" as days since 1970-01-01; false when malformed or no real date. */
static bool date_days(const char *s, long *out)
{
    int y = 0, m = 0, d = 0, n = 0;
    if (s == NULL || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || m < 1 ||
        m > 12 || d < 1 || d > month_days(y, m)) {
        return false;
    }
    *out = days_from_civil(y, m, d);
    return true;
}

static void date_format(long days, char out[11])
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

/* Adds day to out (count n so far); false when out is full. */
static bool date_add(long day, char (*out)[11], int *n, int max)
{
    if (*n >= max) {
        return false;
    }
    date_format(day, out[(*n)++]);
    return true;
}

int vseries_dates(const struct vseries_rule *rule, const char *from, const char *to, char (*out)[11], int max)
{
    long a = 0, b = 0;
    int n = 0;
    if (!date_days(from, &a) || !date_days(to, &b)) {
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
    civil_from_days(a, &y, &m, &d);
    for (long first = days_from_civil(y, m, 1); first <= b; first = days_from_civil(y, m, 1)) {
        int last = month_days(y, m);
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
    int h = 0, mi = 0, n = 0;
    return s != NULL && strlen(s) == 5 && sscanf(s, "%2d:%2d%n", &h, &mi, &n) == 2 && n == 5 && s[2] == ':' &&
           h >= 0 && h < 24 && mi >= 0 && mi < 60;
}

/* Minutes since 1970-01-01 00:00 as "YYYY-MM-DD HH:MM:SS". */
static void minutes_format(long t, char out[20])
{
    char day[11];
    date_format(t / 1440, day);
    snprintf(out, 20, "%.10s %02u:%02u:00", day, (unsigned)(t % 1440 / 60) % 24u, (unsigned)(t % 60) % 60u);
}

void vseries_times(const char *date, const char *start, int minutes, char starts[20], char ends[20])
{
    long day = 0;
    int h = 0, mi = 0;
    date_days(date, &day);
    sscanf(start, "%2d:%2d", &h, &mi);
    long t = day * 1440 + h * 60 + mi;
    minutes_format(t, starts);
    minutes_format(t + minutes, ends);
}
