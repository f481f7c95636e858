/* Recurring volunteer events (service/volunteers/series_rules.c), without a database:
 * the dates of weekly and monthly series (month ends, leap years, the turn of the year)
 * and an occurrence's times across midnight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "yinhui/volunteer_rules.h"

static void weekly(void **state)
{
    (void)state;
    char d[8][11];
    struct vseries_rule wed = {false, 3, 0}, sun = {false, 7, 0};
    /* 2026-12-02 is a Wednesday: the first day counts */
    assert_int_equal(vseries_dates(&wed, "2026-12-02", "2026-12-23", d, 8), 4);
    assert_string_equal(d[0], "2026-12-02");
    assert_string_equal(d[3], "2026-12-23");
    /* across the turn of the year */
    assert_int_equal(vseries_dates(&sun, "2026-12-21", "2027-01-10", d, 8), 3);
    assert_string_equal(d[0], "2026-12-27");
    assert_string_equal(d[1], "2027-01-03");
    assert_string_equal(d[2], "2027-01-10");
    /* none in a period shorter than a week without that day */
    assert_int_equal(vseries_dates(&sun, "2026-12-22", "2026-12-26", d, 8), 0);
    /* more than max: refused, not cut */
    assert_int_equal(vseries_dates(&wed, "2026-12-02", "2027-03-01", d, 8), -1);
    struct vseries_rule thu = {false, 4, 0};
    char many[VSERIES_MAX][11];
    /* 104 Thursdays from 2026-12-03 end on 2028-11-23; one more is refused */
    assert_int_equal(vseries_dates(&thu, "2026-12-03", "2028-11-23", many, VSERIES_MAX), VSERIES_MAX);
    assert_string_equal(many[VSERIES_MAX - 1], "2028-11-23");
    assert_int_equal(vseries_dates(&thu, "2026-12-03", "2028-11-30", many, VSERIES_MAX), -1);
}

static void monthly_ends(void **state)
{
    (void)state;
    char d[14][11];
    struct vseries_rule day31 = {true, 0, 31}, day29 = {true, 0, 29}, day1 = {true, 0, 1};
    /* the 31st in a 30-day month and in February falls on the month's last day */
    assert_int_equal(vseries_dates(&day31, "2027-01-01", "2027-04-30", d, 14), 4);
    assert_string_equal(d[0], "2027-01-31");
    assert_string_equal(d[1], "2027-02-28");
    assert_string_equal(d[2], "2027-03-31");
    assert_string_equal(d[3], "2027-04-30");
    /* 29 February in a leap year, the 28th in a common one; 2100 is no leap year */
    assert_int_equal(vseries_dates(&day29, "2028-02-01", "2028-02-29", d, 14), 1);
    assert_string_equal(d[0], "2028-02-29");
    assert_int_equal(vseries_dates(&day29, "2027-02-01", "2027-02-28", d, 14), 1);
    assert_string_equal(d[0], "2027-02-28");
    assert_int_equal(vseries_dates(&day29, "2100-02-01", "2100-03-01", d, 14), 1);
    assert_string_equal(d[0], "2100-02-28");
    assert_int_equal(vseries_dates(&day29, "2000-02-01", "2000-03-01", d, 14), 1);
    assert_string_equal(d[0], "2000-02-29");
    /* from after the day in its month: that month has none; across the year's turn */
    assert_int_equal(vseries_dates(&day1, "2026-12-02", "2027-02-01", d, 14), 2);
    assert_string_equal(d[0], "2027-01-01");
    assert_string_equal(d[1], "2027-02-01");
    /* a year of a monthly series: twelve */
    assert_int_equal(vseries_dates(&day31, "2027-01-01", "2027-12-31", d, 14), 12);
    assert_string_equal(d[11], "2027-12-31");
}

static void malformed(void **state)
{
    (void)state;
    char d[2][11];
    struct vseries_rule wed = {false, 3, 0};
    assert_int_equal(vseries_dates(&wed, "2027-02-29", "2027-03-31", d, 2), -1);
    assert_int_equal(vseries_dates(&wed, "2027-1-01", "2027-03-31", d, 2), -1);
    assert_int_equal(vseries_dates(&wed, "2027-01-01", NULL, d, 2), -1);
    assert_true(vseries_time_ok("00:00"));
    assert_true(vseries_time_ok("23:59"));
    assert_false(vseries_time_ok("24:00"));
    assert_false(vseries_time_ok("9:30"));
    assert_false(vseries_time_ok("09:60"));
    assert_false(vseries_time_ok("09:30:00"));
    /* digits at 0, 1, 3, 4 and ':' at 2, nothing else (fix B15) */
    assert_false(vseries_time_ok(" 9:30"));
    assert_false(vseries_time_ok("+9:30"));
    assert_false(vseries_time_ok("09:+5"));
    assert_false(vseries_time_ok("09: 5"));
    assert_false(vseries_time_ok("-1:30"));
    assert_false(vseries_time_ok("09-30"));
    assert_false(vseries_time_ok("0a:30"));
    assert_true(vseries_time_ok("19:05"));
}

static void times(void **state)
{
    (void)state;
    char s[20], e[20];
    vseries_times("2026-12-02", "09:30", 90, s, e);
    assert_string_equal(s, "2026-12-02 09:30:00");
    assert_string_equal(e, "2026-12-02 11:00:00");
    /* New Year's Eve, China time: the end is in the next year */
    vseries_times("2026-12-31", "23:00", 120, s, e);
    assert_string_equal(s, "2026-12-31 23:00:00");
    assert_string_equal(e, "2027-01-01 01:00:00");
    vseries_times("2028-02-28", "22:00", 180, s, e);
    assert_string_equal(e, "2028-02-29 01:00:00");
    vseries_times("2028-02-29", "00:00", 1440, s, e);
    assert_string_equal(e, "2028-03-01 00:00:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekly),
        cmocka_unit_test(monthly_ends),
        cmocka_unit_test(malformed),
        cmocka_unit_test(times),
    };
    return cmocka_run_group_tests_name("volunteer series rules", tests, NULL, NULL);
}
