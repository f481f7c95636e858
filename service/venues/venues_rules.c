/* The rules of venues and bookings (see venues.h): plain functions over China-time
 * strings ("YYYY-MM-DD HH:MM:SS", which compare as strings), without the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/json_in.h"
#include "yinhui/venues.h"

/* seed 004 names the standard (《云南省离退休干部党支部活动室"六有标准"》) without its
 * list; these are its usual six: a fixed place, the flag and sign, rules on the wall,
 * tables and chairs, books and papers, audio-visual equipment. */
const char *const venue_six_items[VENUE_SIX_N] = {"place",     "flag_sign", "rules",
                                                  "furniture", "reading",   "av"};
const char *const venue_weekdays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const char *const venue_booker_kinds[VENUE_BOOKER_KINDS + 1] = {"office",  "branch", "association",
                                                                "partner", "team",   NULL};

/* "HH:MM" at s as minutes after midnight on a half hour (00:00..24:00), -1 otherwise. */
static int half_hour(const char *s)
{
    if (strlen(s) < 5 || s[2] != ':' || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[3] < '0' ||
        s[3] > '9' || s[4] < '0' || s[4] > '9') {
        return -1;
    }
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || m > 59 || m % VENUE_SLOT_MIN != 0 || (h == 24 && m != 0)) {
        return -1;
    }
    return h * 60 + m;
}

bool venue_day_parse(const char *s, int *opens, int *closes)
{
    *opens = *closes = -1;
    if (s[0] == '\0') {
        return true;
    }
    if (strlen(s) != 11 || s[5] != '-') {
        return false;
    }
    int o = half_hour(s), c = half_hour(s + 6);
    if (o < 0 || c < 0 || o >= c) {
        return false;
    }
    *opens = o;
    *closes = c;
    return true;
}

bool venue_hours_parse(const char *s, struct venue_hours *h)
{
    char day[16];
    for (int d = 0; d < 7; d++) {
        size_t n = strcspn(s, ",");
        if (n >= sizeof(day) || (d < 6 && s[n] != ',') || (d == 6 && s[n] != '\0')) {
            return false;
        }
        memcpy(day, s, n);
        day[n] = '\0';
        if (!venue_day_parse(day, &h->opens[d], &h->closes[d])) {
            return false;
        }
        s += n + (d < 6);
    }
    return true;
}

void venue_day_format(const struct venue_hours *h, int d, char out[12])
{
    out[0] = '\0';
    if (h->opens[d] >= 0) {
        unsigned o = (unsigned)h->opens[d], c = (unsigned)h->closes[d];
        snprintf(out, 12, "%02u:%02u-%02u:%02u", o / 60 % 100, o % 60, c / 60 % 100, c % 60);
    }
}

/* The instant China's day begins whose date date starts with (a real date YYYY-MM-DD,
 * perhaps followed by a time), -1 when it is none. */
static int64_t day_start(const char *date)
{
    char d[11], t[20];
    snprintf(d, sizeof(d), "%.10s", date);
    snprintf(t, sizeof(t), "%s 00:00:00", d);
    return date_valid(d) ? time_cn_parse(t) : -1;
}

bool venue_days(const char *date, int64_t *days)
{
    int64_t t = day_start(date);
    if (t < 0) {
        return false;
    }
    *days = (t + 8 * 3600) / 86400;
    return true;
}

int venue_weekday(const char *date)
{
    int64_t days = 0;
    if (!venue_days(date, &days)) {
        return -1;
    }
    /* 1970-01-01 was a Thursday (3 with Monday 0) */
    return (int)(((days % 7) + 7 + 3) % 7);
}

/* Minutes after midnight of "YYYY-MM-DD HH:MM:SS" at t, -1 unless on a whole minute. */
static int minute_of(const char *t)
{
    if (strlen(t) != 19 || t[10] != ' ' || strcmp(t + 16, ":00") != 0) {
        return -1;
    }
    int h = atoi(t + 11), m = atoi(t + 14);
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

const char *venue_booking_refusal(const char *starts, const char *ends, const struct venue_hours *h,
                                  const char **field)
{
    int s = minute_of(starts), e = minute_of(ends), wd = venue_weekday(starts);
    *field = "starts_at";
    if (s < 0 || wd < 0 || s % VENUE_SLOT_MIN != 0) {
        return "must be on a whole half hour";
    }
    *field = "ends_at";
    if (e < 0 || venue_weekday(ends) < 0 || e % VENUE_SLOT_MIN != 0) {
        return "must be on a whole half hour";
    }
    if (strcmp(ends, starts) <= 0) {
        return "must be after starts_at (at least 30 minutes)";
    }
    if (strncmp(starts, ends, 10) != 0) {
        return "must be on the day of starts_at: a booking does not run over midnight";
    }
    *field = "starts_at";
    if (h->opens[wd] < 0) {
        return "the venue is closed on that weekday";
    }
    if (s < h->opens[wd] || e > h->closes[wd]) {
        return "is outside the venue's opening hours of that day";
    }
    return NULL;
}

int venue_slots(const char *starts, const char *ends)
{
    int64_t d0 = 0, d1 = 0;
    if (!venue_days(starts, &d0) || !venue_days(ends, &d1)) {
        return 0;
    }
    int64_t mins = (d1 - d0) * 1440 + minute_of(ends) - minute_of(starts);
    return mins > 0 ? (int)(mins / VENUE_SLOT_MIN) : 0;
}

bool venue_overlaps(const char *a0, const char *a1, const char *b0, const char *b1)
{
    return strcmp(a0, b1) < 0 && strcmp(b0, a1) < 0;
}

const char *venue_calendar_refusal(const char *from, const char *to)
{
    int64_t f = 0, t = 0;
    if (strlen(from) != 10 || strlen(to) != 10 || !venue_days(from, &f) || !venue_days(to, &t)) {
        return "must be a date YYYY-MM-DD";
    }
    if (t < f) {
        return "must not be before from";
    }
    return t - f + 1 > VENUE_CALENDAR_DAYS ? "is more than 31 days after from (both included)" : NULL;
}

void venue_next_day(const char *date, char out[11])
{
    char t[20];
    int64_t start = day_start(date);
    out[0] = '\0';
    if (start >= 0) {
        time_cn(start + 86400, t);
        snprintf(out, 11, "%.10s", t);
    }
}

bool venue_usage_add(struct venue_usage *u, const char *kind, int64_t n, int64_t minutes, int64_t people)
{
    for (int k = 0; k < VENUE_BOOKER_KINDS; k++) {
        if (strcmp(kind, venue_booker_kinds[k]) == 0) {
            u->bookings += n;
            u->minutes += minutes;
            u->people += people;
            u->by_kind[k][0] += n;
            u->by_kind[k][1] += minutes;
            u->by_kind[k][2] += people;
            return true;
        }
    }
    return false;
}
