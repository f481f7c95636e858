/* The 自行脱党 early-warning rules (党章 art. 9) without a database: months in China
 * time, runs of months without organisational life or dues, levels and reasons. */
#include "support.h"

#include <string.h>

#include "yinhui/lapse.h"

static void months_are_counted_across_the_turn_of_the_year(void **s)
{
    (void)s;
    char since[8];
    assert_int_equal(lapse_month_index("2026-12"), 2026 * 12 + 11);
    assert_int_equal(lapse_month_index("2027-01-31"), 2027 * 12);
    assert_int_equal(lapse_month_index("2027-13"), -1);
    assert_int_equal(lapse_month_index("2027-1"), -1);
    assert_int_equal(lapse_month_index("2027/01"), -1);
    assert_int_equal(lapse_month_index(""), -1);
    /* last in October: November, December, January are three months */
    assert_int_equal(lapse_months("2026-10", "1980-05", "2027-01", since), 3);
    assert_string_equal(since, "2026-11");
    /* last in November: two, below the warning */
    assert_int_equal(lapse_months("2026-11", "1980-05", "2027-01", since), 2);
    assert_string_equal(lapse_level(2), "");
    /* this month's organisational life ends the run */
    assert_int_equal(lapse_months("2027-01", "1980-05", "2027-01", since), 0);
    assert_string_equal(since, "");
    char t[8];
    lapse_month_text(2026 * 12 + 11, t);
    assert_string_equal(t, "2026-12");
    lapse_month_text(2027 * 12, t);
    assert_string_equal(t, "2027-01");
}

static void a_run_starts_no_earlier_than_joining(void **s)
{
    (void)s;
    char since[8];
    /* never any: counted from the month joined, that month included */
    assert_int_equal(lapse_months("", "2026-11", "2027-01", since), 3);
    assert_string_equal(since, "2026-11");
    assert_int_equal(lapse_months(NULL, "2026-12", "2027-01", since), 2);
    /* joined this month: one month, nothing owed before */
    assert_int_equal(lapse_months("", "2027-01", "2027-01", since), 1);
    /* joined next month (a bad record): nothing */
    assert_int_equal(lapse_months("", "2027-02", "2027-01", since), 0);
    /* a last month before joining (records carried over) does not lengthen the run */
    assert_int_equal(lapse_months("2020-01", "2026-08", "2027-01", since), 6);
    assert_string_equal(since, "2026-08");
}

static void levels_warn_from_three_send_at_five_article_at_six(void **s)
{
    (void)s;
    assert_string_equal(lapse_level(0), "");
    assert_string_equal(lapse_level(3), "warning");
    assert_string_equal(lapse_level(4), "warning");
    assert_string_equal(lapse_level(5), "event");
    assert_string_equal(lapse_level(6), "article_9");
    assert_string_equal(lapse_level(40), "article_9");
    char since[8];
    /* 29 February: the month is February; the run from October is five months */
    assert_int_equal(lapse_months("2027-09-30", "1970-01", "2028-02-29", since), 5);
    assert_string_equal(since, "2027-10");
}

static void the_month_is_china_time(void **s)
{
    (void)s;
    char m[8];
    /* 2027-02-28T16:30:00Z is 00:30 on 1 March in Beijing: March already */
    lapse_month_at(1803832200, m);
    assert_string_equal(m, "2027-03");
    /* one hour earlier (23:30 on 28 February in Beijing): still February */
    lapse_month_at(1803832200 - 3600, m);
    assert_string_equal(m, "2027-02");
    /* 2026-12-31T16:10:00Z is 00:10 on 1 January 2027 in Beijing */
    lapse_month_at(1798733400, m);
    assert_string_equal(m, "2027-01");
    lapse_month_at(1798733400 - 1200, m);
    assert_string_equal(m, "2026-12");
}

static void a_reason_covers_its_months(void **s)
{
    (void)s;
    assert_true(lapse_reason_covers("2026-10", "", "2027-01"));
    assert_true(lapse_reason_covers("2026-10", NULL, "2026-10"));
    assert_false(lapse_reason_covers("2026-10", "", "2026-09"));
    assert_true(lapse_reason_covers("2026-10", "2027-01", "2027-01"));
    assert_false(lapse_reason_covers("2026-10", "2026-12", "2027-01"));
    assert_false(lapse_reason_covers("", "", "2027-01"));
}

/* Only months without proper reason count (党章 art. 9): a reason's months break the run. */
static void a_reason_breaks_the_run(void **s)
{
    (void)s;
    char last[8], since[8];
    /* absent since December, ill January to May: in June the run is one month */
    lapse_last_with_reason("2025-12", "2026-01", "2026-05", "2026-06", last);
    assert_string_equal(last, "2026-05");
    assert_int_equal(lapse_months(last, "1970-07", "2026-06", since), 1);
    assert_string_equal(since, "2026-06");
    /* an open reason covers to this month: no run */
    lapse_last_with_reason("2025-12", "2026-01", "", "2026-06", last);
    assert_int_equal(lapse_months(last, "1970-07", "2026-06", since), 0);
    /* a reason before the last occurrence changes nothing; one still to come neither */
    lapse_last_with_reason("2026-03", "2025-01", "2025-06", "2026-06", last);
    assert_string_equal(last, "2026-03");
    lapse_last_with_reason("2026-03", "2026-07", "", "2026-06", last);
    assert_string_equal(last, "2026-03");
    /* never attended, a reason across the turn of the year */
    lapse_last_with_reason("", "2026-11", "2027-01", "2027-04", last);
    assert_int_equal(lapse_months(last, "1970-07", "2027-04", since), 3);
    assert_string_equal(since, "2027-02");
    lapse_last_with_reason("", "", "", "2027-04", last);
    assert_string_equal(last, "");
    const char *const *k = lapse_reason_kinds;
    assert_string_equal(k[0], "illness");
    assert_string_equal(k[1], "homebound_care");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(months_are_counted_across_the_turn_of_the_year),
        cmocka_unit_test(a_run_starts_no_earlier_than_joining),
        cmocka_unit_test(levels_warn_from_three_send_at_five_article_at_six),
        cmocka_unit_test(the_month_is_china_time),
        cmocka_unit_test(a_reason_covers_its_months),
        cmocka_unit_test(a_reason_breaks_the_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
