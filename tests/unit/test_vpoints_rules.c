/* Points with limits (service/volunteers/points_rules.c), without a database: how much
 * of an earning the day and year caps let the ledger credit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "yinhui/volunteer_rules.h"

static void no_caps(void **state)
{
    (void)state;
    enum vpoints_cut cut = VPOINTS_CUT_DAY;
    assert_int_equal(vpoints_creditable(15, 0, 0, -1, -1, &cut), 15);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
    assert_int_equal(vpoints_creditable(1000000, 5000000, 90000000, -1, -1, &cut), 1000000);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
}

static void zero_and_negative_pass(void **state)
{
    (void)state;
    enum vpoints_cut cut = VPOINTS_CUT_DAY;
    assert_int_equal(vpoints_creditable(0, 50, 50, 50, 50, &cut), 0);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
    assert_int_equal(vpoints_creditable(-10, 50, 50, 50, 50, &cut), -10);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
}

static void day_cap(void **state)
{
    (void)state;
    enum vpoints_cut cut = VPOINTS_CUT_NONE;
    /* under, exactly reaching, one over, already at, already past (a cap lowered) */
    assert_int_equal(vpoints_creditable(20, 10, 10, 40, -1, &cut), 20);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
    assert_int_equal(vpoints_creditable(30, 10, 10, 40, -1, &cut), 30);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
    assert_int_equal(vpoints_creditable(31, 10, 10, 40, -1, &cut), 30);
    assert_int_equal(cut, VPOINTS_CUT_DAY);
    assert_int_equal(vpoints_creditable(5, 40, 40, 40, -1, &cut), 0);
    assert_int_equal(cut, VPOINTS_CUT_DAY);
    assert_int_equal(vpoints_creditable(5, 60, 60, 40, -1, &cut), 0);
    assert_int_equal(cut, VPOINTS_CUT_DAY);
    /* a cap of 0 credits nothing */
    assert_int_equal(vpoints_creditable(5, 0, 0, 0, -1, &cut), 0);
    assert_int_equal(cut, VPOINTS_CUT_DAY);
    /* the year's earlier days do not count against today's cap */
    assert_int_equal(vpoints_creditable(40, 0, 900, 40, -1, &cut), 40);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
}

static void year_cap(void **state)
{
    (void)state;
    enum vpoints_cut cut = VPOINTS_CUT_NONE;
    assert_int_equal(vpoints_creditable(20, 0, 80, -1, 100, &cut), 20);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
    assert_int_equal(vpoints_creditable(21, 0, 80, -1, 100, &cut), 20);
    assert_int_equal(cut, VPOINTS_CUT_YEAR);
    assert_int_equal(vpoints_creditable(1, 0, 100, -1, 100, &cut), 0);
    assert_int_equal(cut, VPOINTS_CUT_YEAR);
    assert_int_equal(vpoints_creditable(1, 0, 150, -1, 100, &cut), 0);
    assert_int_equal(cut, VPOINTS_CUT_YEAR);
}

static void the_tighter_cap_cuts(void **state)
{
    (void)state;
    enum vpoints_cut cut = VPOINTS_CUT_NONE;
    /* day room 30, year room 5: the year's */
    assert_int_equal(vpoints_creditable(50, 10, 95, 40, 100, &cut), 5);
    assert_int_equal(cut, VPOINTS_CUT_YEAR);
    /* day room 10, year room 60: the day's */
    assert_int_equal(vpoints_creditable(50, 30, 40, 40, 100, &cut), 10);
    assert_int_equal(cut, VPOINTS_CUT_DAY);
    /* equally tight: the day's */
    assert_int_equal(vpoints_creditable(50, 30, 90, 40, 100, &cut), 10);
    assert_int_equal(cut, VPOINTS_CUT_DAY);
    /* both with room: none */
    assert_int_equal(vpoints_creditable(10, 30, 90, 40, 100, &cut), 10);
    assert_int_equal(cut, VPOINTS_CUT_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_caps),  cmocka_unit_test(zero_and_negative_pass), cmocka_unit_test(day_cap),
        cmocka_unit_test(year_cap), cmocka_unit_test(the_tighter_cap_cuts),
    };
    return cmocka_run_group_tests_name("points caps", tests, NULL, NULL);
}
