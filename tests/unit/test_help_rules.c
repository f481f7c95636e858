/* The urgent-help rules: category codes, deadlines on the day's and the calendar's
 * boundaries in China time, the statistics' ratios. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "yinhui/access.h"
#include "yinhui/help.h"

/* Seconds since the epoch of China time s ("YYYY-MM-DD HH:MM:SS"). */
static int64_t cn(const char *s)
{
    int64_t t = time_cn_parse(s);
    assert_true(t >= 0);
    return t;
}

/* Asserts the deadlines of a request filed at China time filed under (respond, resolve). */
static void expect_deadlines(const char *filed, int64_t respond, int64_t resolve, const char *want_respond,
                             const char *want_resolve)
{
    int64_t rb = 0, sb = 0;
    char a[20], b[20];
    help_deadlines(cn(filed), respond, resolve, &rb, &sb);
    time_cn(rb, a);
    time_cn(sb, b);
    assert_string_equal(a, want_respond);
    assert_string_equal(b, want_resolve);
}

static void codes(void **s)
{
    (void)s;
    assert_true(help_code_ok("water"));
    assert_true(help_code_ok("escort_hospital"));
    assert_true(help_code_ok("abcdefghijklmnopqrstuvwx")); /* 24 */
    assert_false(help_code_ok("abcdefghijklmnopqrstuvwxy"));
    assert_false(help_code_ok(""));
    assert_false(help_code_ok("Water"));
    assert_false(help_code_ok("water2"));
    assert_false(help_code_ok("水"));
    assert_false(help_code_ok("a-b"));
}

/* Same day = 23:59:59 China time of the day filed, whatever the UTC date is. */
static void same_day(void **s)
{
    (void)s;
    expect_deadlines("2026-06-10 09:15:00", 0, 24, "2026-06-10 23:59:59", "2026-06-11 09:15:00");
    /* a minute before midnight: still that day, one minute left */
    expect_deadlines("2026-06-10 23:59:00", 0, 24, "2026-06-10 23:59:59", "2026-06-11 23:59:00");
    /* midnight: the new day, all of it */
    expect_deadlines("2026-06-11 00:00:00", 0, 24, "2026-06-11 23:59:59", "2026-06-12 00:00:00");
    /* 07:30 China time is the previous day in UTC: the China day counts */
    expect_deadlines("2026-06-11 07:30:00", 0, 24, "2026-06-11 23:59:59", "2026-06-12 07:30:00");
    /* 08:00 China time is UTC midnight */
    expect_deadlines("2026-06-11 08:00:00", 0, 24, "2026-06-11 23:59:59", "2026-06-12 08:00:00");
}

static void calendar_turns(void **s)
{
    (void)s;
    /* the turn of the year (00:10 on 1 January is still 31 December in UTC) */
    expect_deadlines("2026-12-31 23:50:00", 0, 24, "2026-12-31 23:59:59", "2027-01-01 23:50:00");
    expect_deadlines("2027-01-01 00:10:00", 0, 24, "2027-01-01 23:59:59", "2027-01-02 00:10:00");
    expect_deadlines("2026-12-31 20:00:00", 24, 72, "2027-01-01 20:00:00", "2027-01-03 20:00:00");
    /* 29 February in a leap year, and 28 February before it */
    expect_deadlines("2028-02-29 10:00:00", 0, 24, "2028-02-29 23:59:59", "2028-03-01 10:00:00");
    expect_deadlines("2028-02-28 12:00:00", 24, 48, "2028-02-29 12:00:00", "2028-03-01 12:00:00");
    expect_deadlines("2027-02-28 12:00:00", 24, 48, "2027-03-01 12:00:00", "2027-03-02 12:00:00");
    /* the first hour of a month: 1 March 00:30 China time is 28 February in UTC */
    expect_deadlines("2027-03-01 00:30:00", 0, 24, "2027-03-01 23:59:59", "2027-03-02 00:30:00");
    expect_deadlines("2027-02-28 23:30:00", 0, 24, "2027-02-28 23:59:59", "2027-03-01 23:30:00");
}

static void hours_and_clamp(void **s)
{
    (void)s;
    expect_deadlines("2026-06-10 09:00:00", 1, 720, "2026-06-10 10:00:00", "2026-07-10 09:00:00");
    /* a same-day response is never due after a short resolution */
    expect_deadlines("2026-06-10 09:00:00", 0, 2, "2026-06-10 11:00:00", "2026-06-10 11:00:00");
    expect_deadlines("2026-06-10 09:00:00", 48, 24, "2026-06-11 09:00:00", "2026-06-11 09:00:00");
}

static void ratios(void **s)
{
    (void)s;
    assert_true(help_share(0, 0) < 0);
    assert_true(help_share(2, 3) > 0.6665 && help_share(2, 3) < 0.6675);
    assert_true(help_share(3, 3) > 0.9995 && help_share(3, 3) < 1.0005);
    assert_true(help_share(0, 5) > -0.0005 && help_share(0, 5) < 0.0005);
    assert_true(help_average(0, 0) < 0);
    assert_true(help_average(14, 3) > 4.665 && help_average(14, 3) < 4.675); /* 4.67 */
    assert_true(help_average(10, 2) > 4.995 && help_average(10, 2) < 5.005);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(codes), cmocka_unit_test(same_day),
                                       cmocka_unit_test(calendar_turns), cmocka_unit_test(hours_and_clamp),
                                       cmocka_unit_test(ratios)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
