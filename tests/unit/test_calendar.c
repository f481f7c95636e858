/* Calendar arithmetic (service/platform/calendar.c): leap years, month lengths, day
 * numbers both ways across the epoch, month ends, 29 February and the turn of the year,
 * and the strict date parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <time.h>

#include "yinhui/calendar.h"

static void leap_years_and_months(void **s)
{
    (void)s;
    assert_true(cal_leap_year(2028));
    assert_true(cal_leap_year(2000));
    assert_false(cal_leap_year(2100));
    assert_false(cal_leap_year(2026));
    assert_int_equal(cal_month_days(2028, 2), 29);
    assert_int_equal(cal_month_days(2026, 2), 28);
    assert_int_equal(cal_month_days(2026, 4), 30);
    assert_int_equal(cal_month_days(2026, 12), 31);
}

static void day_numbers_both_ways(void **s)
{
    (void)s;
    char out[11];
    assert_int_equal(cal_day_number(1970, 1, 1), 0);
    assert_int_equal(cal_day_number(1969, 12, 31), -1);
    assert_int_equal(cal_day_number(2000, 3, 1) - cal_day_number(2000, 2, 28), 2);
    assert_int_equal(cal_day_number(2027, 1, 1) - cal_day_number(2026, 12, 31), 1);
    /* every day from 1900 to 2200 goes there and back */
    for (long z = cal_day_number(1900, 1, 1); z <= cal_day_number(2200, 12, 31); z++) {
        int y, m, d;
        cal_from_day_number(z, &y, &m, &d);
        if (cal_day_number(y, m, d) != z || d < 1 || d > cal_month_days(y, m)) {
            fail_msg("day %ld: %d-%d-%d", z, y, m, d);
        }
    }
    cal_date_of(cal_day_number(2028, 2, 29), out);
    assert_string_equal(out, "2028-02-29");
    cal_date_of(cal_day_number(2028, 2, 29) + 1, out);
    assert_string_equal(out, "2028-03-01");
    cal_date_of(cal_day_number(2026, 12, 31) + 1, out);
    assert_string_equal(out, "2027-01-01");
    cal_date_of(-1, out);
    assert_string_equal(out, "1969-12-31");
}

static void strict_parse(void **s)
{
    (void)s;
    long z = 0;
    assert_true(cal_parse_date("2028-02-29", &z));
    assert_int_equal(z, cal_day_number(2028, 2, 29));
    const char *bad[] = {"2026-02-29", "2026-13-01", "2026-00-10",  "2026-04-31", "2026-1-01", " 026-01-01",
                         "+026-01-01", "2026/01/01", "2026-01-01 ", "2026-01-0a", "",          "20260101"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (cal_parse_date(bad[i], &z)) {
            fail_msg("accepted %s", bad[i]);
        }
    }
    assert_false(cal_parse_date(NULL, &z));
}

/* cal_seconds and cal_time_string answer what timegm and gmtime_r + strftime do (which
 * the service no longer calls: they take glibc's time zone lock), across leap days, the
 * turn of the year, dates before 1970 and fields past their range. */
static void seconds_and_times_as_glibc(void **s)
{
    (void)s;
    static const int cases[][6] = {
        {1970, 1, 1, 0, 0, 0},   {1969, 12, 31, 23, 59, 59}, {1931, 7, 1, 12, 0, 0},
        {2000, 2, 29, 8, 30, 0}, {2024, 2, 29, 23, 59, 59},  {2026, 12, 31, 16, 0, 0},
        {2027, 1, 1, 0, 0, 1},   {2100, 3, 1, 0, 0, 0},      {2026, 13, 1, 0, 0, 0},
        {2026, 0, 15, 0, 0, 0},  {2026, 2, 31, 25, 61, 61},  {2026, -1, 1, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const int *c = cases[i];
        struct tm tm = {.tm_year = c[0] - 1900,
                        .tm_mon = c[1] - 1,
                        .tm_mday = c[2],
                        .tm_hour = c[3],
                        .tm_min = c[4],
                        .tm_sec = c[5]};
        time_t want = timegm(&tm);
        long long got = cal_seconds(c[0], c[1], c[2], c[3], c[4], c[5]);
        assert_int_equal(got, (long long)want);
        char a[20], b[20];
        struct tm back;
        gmtime_r(&want, &back);
        strftime(a, sizeof(a), "%Y-%m-%d %H:%M:%S", &back);
        cal_time_string(got, b);
        assert_string_equal(b, a);
    }
    for (long long t = -3000000000LL; t < 5000000000LL; t += 86399 * 37 + 11) {
        char a[20], b[20];
        time_t x = (time_t)t;
        struct tm back;
        gmtime_r(&x, &back);
        strftime(a, sizeof(a), "%Y-%m-%d %H:%M:%S", &back);
        cal_time_string(t, b);
        assert_string_equal(b, a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(leap_years_and_months),
        cmocka_unit_test(day_numbers_both_ways),
        cmocka_unit_test(strict_parse),
        cmocka_unit_test(seconds_and_times_as_glibc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
