/* The rules of guides and contact points (see guides.h): plain functions over China dates,
 * without the database. */
#include <stdio.h>
#include <string.h>

#include "yinhui/guides.h"
#include "yinhui/json_in.h"

/* The day number of a proleptic Gregorian date (days since 1970-01-01). */
static long day_number(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date of day number z into out. */
static void day_date(long z, char out[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y % 10000) % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

static bool date_day(const char *s, long *z)
{
    int y = 0, m = 0, d = 0;
    if (s == NULL || !date_valid(s) || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) {
        return false;
    }
    *z = day_number(y, m, d);
    return true;
}

bool guide_days_between(const char *a, const char *b, long *days)
{
    long za = 0, zb = 0;
    if (!date_day(a, &za) || !date_day(b, &zb)) {
        return false;
    }
    *days = zb - za;
    return true;
}

bool guide_overdue_cutoff(const char *today, long days, char cutoff[11])
{
    long z = 0;
    if (!date_day(today, &z)) {
        return false;
    }
    day_date(z - days, cutoff);
    return true;
}

bool guide_overdue(const char *today, const char *since, long days, long *elapsed)
{
    long e = 0;
    bool ok = guide_days_between(since, today, &e);
    if (elapsed != NULL) {
        *elapsed = ok ? e : 0;
    }
    return ok && e > days;
}

const char *guide_contact_on_refusal(const char *on, const char *started_on, const char *today)
{
    if (strcmp(on, today) > 0) {
        return "is in the future";
    }
    return strcmp(on, started_on) < 0 ? "is before the guide's link to this branch started" : NULL;
}

const char *guide_end_refusal(const char *started_on, const char *ended_on, const char *today)
{
    if (strcmp(ended_on, started_on) < 0) {
        return "is before the link started";
    }
    return strcmp(ended_on, today) > 0 ? "is in the future" : NULL;
}

const char *guide_text_refusal(const char *s)
{
    size_t chars = 0;
    bool blank = true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') {
            return "must not hold control characters";
        }
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            blank = false;
        }
        chars += (*p & 0xC0) != 0x80;
    }
    if (blank) {
        return "must not be empty";
    }
    return chars > GUIDE_TEXT_MAX ? "must be at most 1000 characters" : NULL;
}
