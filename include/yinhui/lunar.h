#ifndef YINHUI_LUNAR_H
#define YINHUI_LUNAR_H

#include <stdbool.h>

/* The Chinese (lunar) calendar, computed by ICU (service/care/lunar.c, the only file that
 * includes ICU). A lunar year is named by the Gregorian year in which its first day (春节)
 * falls: lunar 2026-01-01 is 2026-02-17. Supported: lunar years LUNAR_FIRST..LUNAR_LAST;
 * outside them every function fails (returns false or 0). Dates are YYYY-MM-DD. */
#define LUNAR_FIRST 1900
#define LUNAR_LAST 2200

struct lunar_date {
    int year;  /* the Gregorian year in which the lunar year begins */
    int month; /* 1..12 */
    bool leap; /* the leap (闰) month that follows month */
    int day;   /* 1..30 */
};

/* The lunar date of Gregorian ymd. */
bool lunar_from_solar(const char *ymd, struct lunar_date *out);

/* The Gregorian date of d into out; false when there is no such day (no such leap month
 * that year, or a 30th in a month of 29 days). */
bool lunar_to_solar(const struct lunar_date *d, char out[11]);

/* Days (29 or 30) of month (leap: its leap month) of lunar year; 0 when there is none. */
int lunar_month_days(int year, int month, bool leap);

#endif
