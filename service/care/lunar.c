/* The Chinese (lunar) calendar by ICU's "chinese" calendar (see lunar.h). ICU is used
 * once per lunar year to lay out its months (their first days and which one is leap);
 * conversions then read that table, so a due list of thousands of members costs no ICU
 * calls. ICU traps kept away from the callers: UCAL_MONTH is 0-based; UCAL_YEAR is the
 * year of the 60-year cycle (UCAL_EXTENDED_YEAR counts from 2637 BCE); fields left set by
 * an earlier call (IS_LEAP_MONTH) survive unless cleared; dates go through UTC midnight so
 * the process time zone never shifts a day (ICU's own month starts are reckoned in China
 * time whatever the calendar's zone).
 * ICU 72's astronomy is off by minutes: where a new moon falls within minutes of
 * midnight in China its month starts a day late or early (春节 2027 on 7 February, not
 * the 6th; 2030 on the 2nd, not the 3rd), and a principal term near midnight misplaces
 * a leap month (1987: ICU-23274). Those lunar years are laid out by corrections below. */
#include "yinhui/lunar.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "yinhui/calendar.h"

/* ICU's extended year of the lunar year that begins in Gregorian year 0 */
#define EXTENDED_YEAR_OFFSET 2637
#define MS_PER_DAY 86400000.0

/* One lunar year: its n months (12 or 13) in order, each with its number, whether it is
 * the leap month, and its first day (days since 1970-01-01); first[n] is the next year's
 * first day. */
struct lunar_year {
    bool filled;
    int n;
    signed char month[13];
    bool leap[13];
    int32_t first[14];
};

/* The lunar years of 1900-2100 whose layout by ICU 72 differs from GB/T 33661-2017
 * (《农历的编算和颁行》): every month of 1900-2100 was compared with the 寿星 algorithm's
 * (lunar-javascript 1.x, a port of the 寿星万年历 ephemeris), which agrees
 * with the Hong Kong Observatory's published tables where checked (春节 2027 on 6
 * February, 2030 on 3 February, 1954 on 3 February). After 2100 no published table
 * exists and ICU's computation stands. Each: the year, then each month (L: leap) at its
 * first day. */
static const char *const corrections[] = {
    "1917 1@1917-01-23 2@1917-02-22 L2@1917-03-23 3@1917-04-21 4@1917-05-21 5@1917-06-19 6@1917-07-19 "
    "7@1917-08-18 8@1917-09-16 9@1917-10-16 10@1917-11-15 11@1917-12-14 12@1918-01-13",
    "1922 1@1922-01-28 2@1922-02-27 3@1922-03-28 4@1922-04-27 5@1922-05-27 L5@1922-06-25 6@1922-07-24 "
    "7@1922-08-23 8@1922-09-21 9@1922-10-20 10@1922-11-19 11@1922-12-18 12@1923-01-17",
    "1954 1@1954-02-03 2@1954-03-05 3@1954-04-03 4@1954-05-03 5@1954-06-01 6@1954-06-30 "
    "7@1954-07-30 8@1954-08-28 9@1954-09-27 10@1954-10-27 11@1954-11-25 12@1954-12-25",
    "1955 1@1955-01-24 2@1955-02-22 3@1955-03-24 L3@1955-04-22 4@1955-05-22 5@1955-06-20 6@1955-07-19 "
    "7@1955-08-18 8@1955-09-16 9@1955-10-16 10@1955-11-14 11@1955-12-14 12@1956-01-13",
    "1987 1@1987-01-29 2@1987-02-28 3@1987-03-29 4@1987-04-28 5@1987-05-27 6@1987-06-26 L6@1987-07-26 "
    "7@1987-08-24 8@1987-09-23 9@1987-10-23 10@1987-11-21 11@1987-12-21 12@1988-01-19",
    "1998 1@1998-01-28 2@1998-02-27 3@1998-03-28 4@1998-04-26 5@1998-05-26 L5@1998-06-24 6@1998-07-23 "
    "7@1998-08-22 8@1998-09-21 9@1998-10-20 10@1998-11-19 11@1998-12-19 12@1999-01-17",
    "2012 1@2012-01-23 2@2012-02-22 3@2012-03-22 4@2012-04-21 L4@2012-05-21 5@2012-06-19 6@2012-07-19 "
    "7@2012-08-17 8@2012-09-16 9@2012-10-15 10@2012-11-14 11@2012-12-13 12@2013-01-12",
    "2018 1@2018-02-16 2@2018-03-17 3@2018-04-16 4@2018-05-15 5@2018-06-14 6@2018-07-13 "
    "7@2018-08-11 8@2018-09-10 9@2018-10-09 10@2018-11-08 11@2018-12-07 12@2019-01-06",
    "2027 1@2027-02-06 2@2027-03-08 3@2027-04-07 4@2027-05-06 5@2027-06-05 6@2027-07-04 "
    "7@2027-08-02 8@2027-09-01 9@2027-09-30 10@2027-10-29 11@2027-11-28 12@2027-12-28",
    "2030 1@2030-02-03 2@2030-03-04 3@2030-04-03 4@2030-05-02 5@2030-06-01 6@2030-07-01 "
    "7@2030-07-30 8@2030-08-29 9@2030-09-27 10@2030-10-27 11@2030-11-25 12@2030-12-25",
    "2070 1@2070-02-11 2@2070-03-12 3@2070-04-11 4@2070-05-10 5@2070-06-09 6@2070-07-08 "
    "7@2070-08-06 8@2070-09-05 9@2070-10-04 10@2070-11-03 11@2070-12-03 12@2071-01-01",
};

static struct lunar_year years[LUNAR_LAST - LUNAR_FIRST + 1];
static pthread_mutex_t years_lock = PTHREAD_MUTEX_INITIALIZER;

/* The correction of lunar year y, NULL when ICU's layout stands. */
static const char *correction(int y)
{
    for (size_t i = 0; i < sizeof(corrections) / sizeof(corrections[0]); i++) {
        if (atoi(corrections[i]) == y) {
            return corrections[i];
        }
    }
    return NULL;
}

/* Lays out the months of correction c into *ly (first[n], the next year's first day, is
 * the caller's). */
static void correction_apply(const char *c, struct lunar_year *ly)
{
    int n = 0;
    for (const char *p = strchr(c, ' '); p != NULL && n < 13; p = strchr(p + 1, ' ')) {
        bool leap = p[1] == 'L';
        const char *at = strchr(p, '@');
        ly->month[n] = (signed char)atoi(p + 1 + leap);
        ly->leap[n] = leap;
        ly->first[n++] = (int32_t)cal_day_number(atoi(at + 1), atoi(at + 6), atoi(at + 9));
    }
    ly->n = n;
}

/* Lays out lunar year y with ICU into *ly. False when ICU fails. */
static bool year_fill_icu(int y, struct lunar_year *ly)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar utc[4];
    u_uastrcpy(utc, "UTC");
    UCalendar *cal = ucal_open(utc, -1, "zh@calendar=chinese", UCAL_DEFAULT, &st);
    if (U_FAILURE(st)) {
        return false;
    }
    ucal_clear(cal);
    ucal_set(cal, UCAL_EXTENDED_YEAR, y + EXTENDED_YEAR_OFFSET);
    ucal_set(cal, UCAL_MONTH, 0);
    ucal_set(cal, UCAL_IS_LEAP_MONTH, 0);
    ucal_set(cal, UCAL_DATE, 1);
    int n = 0;
    for (; n < 14 && U_SUCCESS(st); n++) {
        UDate at = ucal_getMillis(cal, &st);
        int ey = ucal_get(cal, UCAL_EXTENDED_YEAR, &st);
        ly->first[n] = (int32_t)(at / MS_PER_DAY);
        if (ey != y + EXTENDED_YEAR_OFFSET) {
            break; /* the next year's first day closes the table */
        }
        if (n == 13) {
            st = U_INTERNAL_PROGRAM_ERROR; /* more than 13 months: not a lunar year */
            break;
        }
        ly->month[n] = (signed char)(ucal_get(cal, UCAL_MONTH, &st) + 1);
        ly->leap[n] = ucal_get(cal, UCAL_IS_LEAP_MONTH, &st) != 0;
        ucal_add(cal, UCAL_MONTH, 1, &st);
    }
    ucal_close(cal);
    ly->n = n;
    return U_SUCCESS(st) && (n == 12 || n == 13);
}

/* Lays out lunar year y with ICU into *ly, then corrects it (and its last month's end)
 * where ICU is known wrong. False when ICU fails. */
static bool year_fill(int y, struct lunar_year *ly)
{
    if (!year_fill_icu(y, ly)) {
        return false;
    }
    const char *c = correction(y), *next = correction(y + 1);
    if (c != NULL) {
        int32_t end = ly->first[ly->n];
        correction_apply(c, ly);
        ly->first[ly->n] = end;
    }
    if (next != NULL) {
        struct lunar_year ny;
        correction_apply(next, &ny);
        ly->first[ly->n] = ny.first[0];
    }
    return true;
}

/* A copy of the table of lunar year y (filled on first use, under the lock); false
 * outside the range or when ICU fails. */
static bool year_get(int y, struct lunar_year *out)
{
    if (y < LUNAR_FIRST || y > LUNAR_LAST) {
        return false;
    }
    bool ok = true;
    pthread_mutex_lock(&years_lock);
    struct lunar_year *ly = &years[y - LUNAR_FIRST];
    if (!ly->filled) {
        ok = year_fill(y, ly);
        ly->filled = ok;
    }
    if (ok) {
        *out = *ly;
    }
    pthread_mutex_unlock(&years_lock);
    return ok;
}

/* Index of month (leap) in year table ly, -1 when there is none. */
static int month_index(const struct lunar_year *ly, int month, bool leap)
{
    for (int i = 0; i < ly->n; i++) {
        if (ly->month[i] == month && ly->leap[i] == leap) {
            return i;
        }
    }
    return -1;
}

bool lunar_from_solar(const char *ymd, struct lunar_date *out)
{
    if (ymd == NULL) {
        return false;
    }
    int y = atoi(ymd);
    int32_t z = (int32_t)cal_day_number(y, atoi(ymd + 5), atoi(ymd + 8));
    struct lunar_year ly;
    /* the lunar year holding a day began in its Gregorian year or the one before */
    for (int ly_year = y; ly_year >= y - 1; ly_year--) {
        if (!year_get(ly_year, &ly) || z < ly.first[0]) {
            continue;
        }
        for (int i = 0; i < ly.n; i++) {
            if (z < ly.first[i + 1]) {
                *out = (struct lunar_date){ly_year, ly.month[i], ly.leap[i], (int)(z - ly.first[i]) + 1};
                return true;
            }
        }
    }
    return false;
}

bool lunar_to_solar(const struct lunar_date *d, char out[11])
{
    struct lunar_year ly;
    if (d == NULL || !year_get(d->year, &ly)) {
        return false;
    }
    int i = month_index(&ly, d->month, d->leap);
    if (i < 0 || d->day < 1 || d->day > ly.first[i + 1] - ly.first[i]) {
        return false;
    }
    cal_date_of(ly.first[i] + d->day - 1, out);
    return true;
}

int lunar_month_days(int year, int month, bool leap)
{
    struct lunar_year ly;
    if (!year_get(year, &ly)) {
        return 0;
    }
    int i = month_index(&ly, month, leap);
    return i < 0 ? 0 : (int)(ly.first[i + 1] - ly.first[i]);
}
