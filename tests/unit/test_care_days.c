/* The days that matter (RULES.md, "Care: the days that matter"), without a database:
 * the lunar calendar (service/care/lunar.c, ICU corrected where it is known wrong) and
 * the holiday round of a year (service/care/care_days.c) — the lunar new year in January
 * and in February, the day before and after it, the turn of the solar year, 29
 * February, 重阳节 in October, leap months and 30ths in short months. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/care_due.h"
#include "yinhui/lunar.h"

static struct lunar_date lunar_of(const char *ymd)
{
    struct lunar_date d = {0};
    assert_true(lunar_from_solar(ymd, &d));
    return d;
}

static void assert_lunar(const char *ymd, int year, int month, bool leap, int day)
{
    struct lunar_date d = lunar_of(ymd);
    assert_int_equal(d.year, year);
    assert_int_equal(d.month, month);
    assert_int_equal(d.leap, leap);
    assert_int_equal(d.day, day);
}

static void assert_solar(int year, int month, bool leap, int day, const char *want)
{
    char out[11];
    struct lunar_date d = {year, month, leap, day};
    assert_true(lunar_to_solar(&d, out));
    assert_string_equal(out, want);
}

/* 春节 in February (2026-02-17) and in January (2028-01-26), the day before each the last
 * day of the old lunar year; 2027's is 6 February (ICU 72 alone says the 7th: the new
 * moon is at 23:56 China time) and 2030's 3 February (ICU alone: the 2nd). */
static void lunar_new_year_in_january_and_february(void **s)
{
    (void)s;
    assert_lunar("2026-02-17", 2026, 1, false, 1);
    assert_lunar("2026-02-16", 2025, 12, false, 29);
    assert_lunar("2028-01-26", 2028, 1, false, 1);
    assert_lunar("2028-01-25", 2027, 12, false, 29);
    assert_lunar("2027-02-06", 2027, 1, false, 1);
    assert_lunar("2027-02-05", 2026, 12, false, 29);
    assert_lunar("2030-02-03", 2030, 1, false, 1);
    assert_lunar("2025-01-29", 2025, 1, false, 1);
    assert_solar(2025, 1, false, 1, "2025-01-29");
    assert_solar(2027, 1, false, 1, "2027-02-06");
    assert_solar(1954, 1, false, 1, "1954-02-03");
}

/* The turn of the solar year falls inside a lunar month: 31 December 2026 and 1 January
 * 2027 are 冬月廿三 and 廿四 of lunar 2026; 2024-12-31 begins 腊月. 29 February 2024 is
 * 正月二十. */
static void turn_of_the_year_and_29_february(void **s)
{
    (void)s;
    assert_lunar("2026-12-31", 2026, 11, false, 23);
    assert_lunar("2027-01-01", 2026, 11, false, 24);
    assert_lunar("2024-12-30", 2024, 11, false, 30);
    assert_lunar("2024-12-31", 2024, 12, false, 1);
    assert_lunar("2024-02-29", 2024, 1, false, 20);
    assert_lunar("1948-02-29", 1948, 1, false, 20);
}

/* Leap months: 闰六月 2025 from 25 July, 闰二月 2023, 闰六月 1987 (ICU 72 says 闰七月:
 * ICU-23274); none in 2026. A 30th exists only in a month of 30 days. */
static void leap_months_and_month_lengths(void **s)
{
    (void)s;
    char out[11];
    assert_solar(2025, 6, true, 1, "2025-07-25");
    assert_lunar("2025-07-24", 2025, 6, false, 30);
    assert_lunar("2023-03-31", 2023, 2, true, 10);
    assert_lunar("1987-07-26", 1987, 6, true, 1);
    assert_int_equal(lunar_month_days(2026, 6, true), 0);
    assert_int_equal(lunar_month_days(2025, 12, false), 29);
    struct lunar_date no = {2025, 12, false, 30};
    assert_false(lunar_to_solar(&no, out));
    struct lunar_date none = {2026, 6, true, 1};
    assert_false(lunar_to_solar(&none, out));
    struct lunar_date far = {LUNAR_LAST + 1, 1, false, 1};
    assert_false(lunar_to_solar(&far, out));
}

/* Every day of 1990-2060 converts to a lunar date and back. */
static void round_trip(void **s)
{
    (void)s;
    for (int y = 1990; y <= 2060; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= 28; d += 9) {
                char ymd[40], back[11];
                snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", y, m, d);
                struct lunar_date l = lunar_of(ymd);
                assert_true(lunar_to_solar(&l, back));
                assert_string_equal(back, ymd);
            }
        }
    }
}

static const struct holiday *find(const struct holiday *h, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(h[i].code, code) == 0) {
            return &h[i];
        }
    }
    return NULL;
}

/* The festivals of a year, by day: 2026 (春节 in February), 2028 (in January; 中秋 and
 * 重阳 in October), 2027 (corrected 春节) and any year the old table never held. */
static void festivals_of_a_year(void **s)
{
    (void)s;
    struct holiday h[HOLIDAYS_MAX];
    static const char *const y2026[][2] = {{"spring_festival", "2026-02-17"},
                                           {"party_day", "2026-07-01"},
                                           {"mid_autumn", "2026-09-25"},
                                           {"national_day", "2026-10-01"},
                                           {"double_ninth", "2026-10-18"}};
    size_t n = care_holidays_of_year(2026, NULL, 0, h);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(h[i].code, y2026[i][0]);
        assert_string_equal(h[i].day, y2026[i][1]);
    }
    assert_true(h[4].lunar);
    assert_false(h[3].lunar);
    n = care_holidays_of_year(2028, NULL, 0, h);
    assert_string_equal(h[0].code, "spring_festival");
    assert_string_equal(h[0].day, "2028-01-26");
    assert_string_equal(find(h, n, "mid_autumn")->day, "2028-10-03");
    assert_string_equal(find(h, n, "double_ninth")->day, "2028-10-26");
    n = care_holidays_of_year(2027, NULL, 0, h);
    assert_string_equal(find(h, n, "spring_festival")->day, "2027-02-06");
    assert_string_equal(find(h, n, "double_ninth")->day, "2027-10-08");
    n = care_holidays_of_year(2099, NULL, 0, h);
    assert_int_equal(n, 5);
    assert_string_equal(find(h, n, "party_day")->day, "2099-07-01");
}

/* An office's own days: a lunar 12/30 (除夕) falls on the 29th in a short twelfth month
 * (2026-02-16), a solar 29 February on the 28th in a common year, a one-year day only in
 * its year; sorted among the festivals. */
static void office_days(void **s)
{
    (void)s;
    struct holiday h[HOLIDAYS_MAX];
    struct care_day own[] = {
        {.id = 7, .name = "除夕", .calendar = "lunar", .month = 12, .day = 30},
        {.id = 8, .name = "闰日", .calendar = "solar", .month = 2, .day = 29},
        {.id = 9, .name = "协会成立", .calendar = "solar", .month = 5, .day = 18, .year = 2027},
    };
    size_t n = care_holidays_of_year(2026, own, 3, h);
    assert_int_equal(n, 7);
    assert_string_equal(h[0].code, "office_7");
    assert_string_equal(h[0].day, "2026-02-16");
    assert_int_equal(h[0].day_id, 7);
    assert_string_equal(h[1].code, "spring_festival");
    assert_string_equal(find(h, n, "office_8")->day, "2026-02-28");
    assert_null(find(h, n, "office_9"));
    n = care_holidays_of_year(2028, own, 3, h);
    assert_string_equal(find(h, n, "office_8")->day, "2028-02-29");
    assert_string_equal(find(h, n, "office_7")->day, "2028-01-25"); /* 除夕 of lunar 2027: a 29-day month */
    n = care_holidays_of_year(2027, own, 3, h);
    assert_string_equal(find(h, n, "office_9")->day, "2027-05-18");
    assert_string_equal(find(h, n, "office_7")->day, "2027-02-05");
}

static void day_validation(void **s)
{
    (void)s;
    const char *why = NULL;
    assert_true(care_day_valid("solar", 2, 29, &why));
    assert_false(care_day_valid("solar", 2, 30, &why));
    assert_false(care_day_valid("solar", 4, 31, &why));
    assert_true(care_day_valid("lunar", 2, 30, &why));
    assert_false(care_day_valid("lunar", 1, 31, &why));
    assert_false(care_day_valid("lunar", 13, 1, &why));
    assert_non_null(why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lunar_new_year_in_january_and_february),
        cmocka_unit_test(turn_of_the_year_and_29_february),
        cmocka_unit_test(leap_months_and_month_lengths),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(festivals_of_a_year),
        cmocka_unit_test(office_days),
        cmocka_unit_test(day_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
