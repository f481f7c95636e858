/* The yearly report's chart arithmetic (service/stats/report_chart.c): value axes with
 * 1-2-5 steps, bar heights on them, label sizes that fit a slot, and the numbers' text. */
#include "support.h"

#include <string.h>

#include "yinhui/stats_report.h"

static void axes_step_by_one_two_or_five(void **s)
{
    (void)s;
    struct chart_axis a = chart_axis_for(2166, 5);
    assert_int_equal(a.step, 500);
    assert_int_equal(a.max, 2500);
    assert_int_equal(a.ticks, 5);
    a = chart_axis_for(703, 5);
    assert_int_equal(a.step, 200);
    assert_int_equal(a.max, 800);
    a = chart_axis_for(19031, 5);
    assert_int_equal(a.step, 5000);
    assert_int_equal(a.max, 20000);
    a = chart_axis_for(6, 5);
    assert_int_equal(a.step, 2);
    assert_int_equal(a.max, 6); /* a top on a tick stays the top */
    a = chart_axis_for(1, 5);
    assert_int_equal(a.step, 1);
    assert_int_equal(a.max, 1);
    a = chart_axis_for(0, 5); /* all zero: 0..1, never a division by zero */
    assert_int_equal(a.max, 1);
    assert_int_equal(a.ticks, 1);
    a = chart_axis_for(INT64_MAX / 4, 5);
    assert_true(a.max >= INT64_MAX / 4 && a.ticks <= 5);
}

static void bars_stand_in_proportion(void **s)
{
    (void)s;
    struct chart_axis a = chart_axis_for(2166, 5);
    assert_float_equal(chart_bar_height(&a, 2500, 100), 100, 1e-9);
    assert_float_equal(chart_bar_height(&a, 1250, 100), 50, 1e-9);
    assert_float_equal(chart_bar_height(&a, 0, 100), 0, 1e-9);
    assert_float_equal(chart_bar_height(&a, -3, 100), 0, 1e-9);
    assert_float_equal(chart_bar_height(&a, 9999, 100), 100, 1e-9); /* never above the plot */
}

static void labels_shrink_to_fit_their_slot(void **s)
{
    (void)s;
    /* 50 points wide at size 10: 8.5 gives 42.5 */
    assert_float_equal(chart_label_size(50, 45, 6, 8.5), 8.5, 1e-9);
    assert_float_equal(chart_label_size(50, 40, 6, 8.5), 8.0, 1e-9);
    assert_float_equal(chart_label_size(50, 31, 6, 8.5), 6.0, 1e-9);
    assert_float_equal(chart_label_size(50, 10, 6, 8.5), 6.0, 1e-9); /* the floor: it wraps */
}

static void numbers_as_the_report_writes_them(void **s)
{
    (void)s;
    char t[32];
    int64_t v[] = {3, 9, 0, 7};
    assert_int_equal(chart_top(v, 4), 9);
    assert_int_equal(chart_top(v, 0), 0);
    chart_hours_text(34458, t, sizeof(t)); /* 574.3 hours */
    assert_string_equal(t, "574.3");
    chart_hours_text(0, t, sizeof(t));
    assert_string_equal(t, "0.0");
    chart_hours_text(87, t, sizeof(t)); /* 1.45 rounds half up */
    assert_string_equal(t, "1.5");
    chart_percent_text(2466, 2500, t, sizeof(t));
    assert_string_equal(t, "98.6");
    chart_percent_text(1, 3, t, sizeof(t));
    assert_string_equal(t, "33.3");
    chart_percent_text(5, 0, t, sizeof(t));
    assert_string_equal(t, "0.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(axes_step_by_one_two_or_five),
        cmocka_unit_test(bars_stand_in_proportion),
        cmocka_unit_test(labels_shrink_to_fit_their_slot),
        cmocka_unit_test(numbers_as_the_report_writes_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
