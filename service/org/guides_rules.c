/* The rules of guides and contact points (see guides.h): plain functions over China dates,
 * without the database. */
#include <stdio.h>
#include <string.h>

#include "yinhui/calendar.h"
#include "yinhui/guides.h"
#include "yinhui/json_in.h"

static bool date_day(const char *s, long *z)
{
    int y = 0, m = 0, d = 0;
    if (s == NULL || !date_valid(s) || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) {
        return false;
    }
    *z = cal_day_number(y, m, d);
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
    cal_date_of(z - days, cutoff);
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
