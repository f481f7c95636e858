/* The days of the holiday round (see care_due.h), as plain functions: the festivals by
 * ICU's Chinese calendar (lunar.h) for any year, never from a table that runs out
 * (RULES.md "Care: the days that matter"; 《老年人权益保障法》 art. 12: 每年农历九月初九为
 * 老年节), and the office's own days. tests/unit/test_care_days.c pins them. */
#include "yinhui/care_due.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/calendar.h"
#include "yinhui/lunar.h"

/* The festivals every office keeps. */
static const struct festival {
    const char *code, *name;
    bool lunar;
    int month, day;
} festivals[] = {
    {"spring_festival", "春节", true, 1, 1},
    {"party_day", "七一", false, 7, 1},
    {"mid_autumn", "中秋节", true, 8, 15},
    {"national_day", "国庆节", false, 10, 1},
    {"double_ninth", "重阳节（老年节）", true, 9, 9},
};

bool care_day_valid(const char *calendar, int64_t month, int64_t day, const char **why)
{
    static const int solar_max[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool lunar = calendar != NULL && strcmp(calendar, "lunar") == 0;
    if (month < 1 || month > 12) {
        *why = "month must be from 1 to 12";
        return false;
    }
    if (day < 1 || day > (lunar ? 30 : solar_max[month - 1])) {
        *why = lunar ? "day must be from 1 to 30 in a lunar month" : "day does not exist in that month";
        return false;
    }
    return true;
}

/* The solar date of lunar month/day in lunar year ly (a 30th in a short month: the 29th)
 * into out; false outside the supported years. */
static bool lunar_day_in(int ly, int month, int day, char out[11])
{
    int len = lunar_month_days(ly, month, false);
    struct lunar_date d = {ly, month, false, day < len ? day : len};
    return len > 0 && lunar_to_solar(&d, out);
}

/* Adds (code, name, day) to out[*n] when day is in year. */
static void add(struct holiday *out, size_t *n, int year, const char *code, const char *name, const char *day,
                bool lunar, int64_t day_id)
{
    if (*n >= HOLIDAYS_MAX || atoi(day) != year) {
        return;
    }
    struct holiday *h = &out[(*n)++];
    snprintf(h->code, sizeof(h->code), "%s", code);
    snprintf(h->name, sizeof(h->name), "%s", name);
    snprintf(h->day, sizeof(h->day), "%s", day);
    h->lunar = lunar;
    h->day_id = day_id;
}

/* Office day d's dates in year into out (a lunar date may fall in the year from the
 * lunar year before or its own). */
static void add_own(struct holiday *out, size_t *n, int year, const struct care_day *d)
{
    char code[32], day[11];
    bool lunar = strcmp(d->calendar, "lunar") == 0;
    if (d->year != 0 && d->year != year) {
        return;
    }
    snprintf(code, sizeof(code), "office_%lld", (long long)d->id);
    if (!lunar) {
        bool feb29 = d->month == 2 && d->day == 29 && !cal_leap_year(year);
        snprintf(day, sizeof(day), "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)d->month % 100u,
                 (unsigned)(feb29 ? 28 : d->day) % 100u);
        add(out, n, year, code, d->name, day, false, d->id);
        return;
    }
    for (int ly = year - 1; ly <= year; ly++) {
        if (lunar_day_in(ly, (int)d->month, (int)d->day, day)) {
            add(out, n, year, code, d->name, day, true, d->id);
        }
    }
}

static int by_day(const void *a, const void *b)
{
    const struct holiday *x = a, *y = b;
    int c = strcmp(x->day, y->day);
    return c != 0 ? c : strcmp(x->code, y->code);
}

size_t care_holidays_of_year(int year, const struct care_day *own, size_t nown, struct holiday *out)
{
    size_t n = 0;
    char day[11];
    for (size_t i = 0; i < sizeof(festivals) / sizeof(festivals[0]); i++) {
        const struct festival *f = &festivals[i];
        if (f->lunar ? lunar_day_in(year, f->month, f->day, day)
                     : snprintf(day, sizeof(day), "%04u-%02u-%02u", (unsigned)year % 10000u,
                                (unsigned)f->month, (unsigned)f->day) > 0) {
            add(out, &n, year, f->code, f->name, day, f->lunar, 0);
        }
    }
    for (size_t i = 0; i < nown; i++) {
        add_own(out, &n, year, &own[i]);
    }
    qsort(out, n, sizeof(*out), by_day);
    return n;
}
