/* Truthful hours' rules (issue 16): the minutes of an automatic check-out and the points
 * a correction moves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "yinhui/volunteer_rules.h"

static void auto_checkout_counts_to_the_end(void **state)
{
    (void)state;
    /* checked in at the start of a two hours' event: the two hours, not until the job ran */
    assert_int_equal(vhours_auto_minutes("2026-12-01 09:00:00", "2026-12-01 11:00:00", "2026-12-01 09:00:00"),
                     120);
    /* checked in late: from then to the end */
    assert_int_equal(vhours_auto_minutes("2026-12-01 09:00:00", "2026-12-01 11:00:00", "2026-12-01 10:15:00"),
                     45);
    /* checked in early (inside the window): at most the length plus an hour */
    assert_int_equal(vhours_auto_minutes("2026-12-01 09:00:00", "2026-12-01 11:00:00", "2026-12-01 07:00:00"),
                     180);
    /* checked in after the end, in the window: the least a check-out records */
    assert_int_equal(vhours_auto_minutes("2026-12-01 09:00:00", "2026-12-01 11:00:00", "2026-12-01 11:30:00"),
                     1);
    /* across midnight and the turn of the year, China time */
    assert_int_equal(vhours_auto_minutes("2026-12-31 22:00:00", "2027-01-01 01:00:00", "2026-12-31 23:30:00"),
                     90);
    /* across 29 February */
    assert_int_equal(vhours_auto_minutes("2028-02-28 23:00:00", "2028-02-29 00:30:00", "2028-02-28 23:00:00"),
                     90);
}

static void event_length_in_minutes(void **state)
{
    (void)state;
    assert_int_equal(vevent_length_minutes("2026-03-01 09:00:00", "2026-03-01 11:30:00"), 150);
    /* across midnight and 29 February */
    assert_int_equal(vevent_length_minutes("2028-02-28 23:00:00", "2028-02-29 00:30:00"), 90);
    assert_int_equal(vevent_length_minutes("2028-02-29 23:00:00", "2028-03-01 01:00:00"), 120);
}

static void correction_points_never_below_zero(void **state)
{
    (void)state;
    int64_t unrec = -1;
    /* a rise above what the entry was worth is earned (worth = credited: no cap cut) */
    assert_int_equal(vpoints_correction(10, 10, 20, 0, &unrec), 10);
    assert_int_equal(unrec, 0);
    /* a fall the balance covers is taken back in full */
    assert_int_equal(vpoints_correction(20, 20, 10, 15, &unrec), -10);
    assert_int_equal(unrec, 0);
    /* exactly the balance */
    assert_int_equal(vpoints_correction(20, 20, 10, 10, &unrec), -10);
    assert_int_equal(unrec, 0);
    /* spent already: take what is there, say what is not taken back */
    assert_int_equal(vpoints_correction(20, 20, 0, 3, &unrec), -3);
    assert_int_equal(unrec, 17);
    assert_int_equal(vpoints_correction(20, 20, 0, 0, &unrec), 0);
    assert_int_equal(unrec, 20);
    /* no change */
    assert_int_equal(vpoints_correction(12, 12, 12, 0, &unrec), 0);
    assert_int_equal(unrec, 0);
}

/* An entry a cap cut (worth 50, credited 30): the withheld 20 stay withheld. */
static void correction_points_of_a_capped_entry(void **state)
{
    (void)state;
    int64_t unrec = -1;
    /* the same minutes: nothing moves (not the 20 a cap withheld) */
    assert_int_equal(vpoints_correction(50, 30, 50, 100, &unrec), 0);
    assert_int_equal(unrec, 0);
    /* fewer minutes, still above what was credited: nothing moves */
    assert_int_equal(vpoints_correction(50, 30, 40, 100, &unrec), 0);
    /* exactly what was credited: nothing moves */
    assert_int_equal(vpoints_correction(50, 30, 30, 100, &unrec), 0);
    /* below what was credited: the difference to the credited is taken back */
    assert_int_equal(vpoints_correction(50, 30, 20, 100, &unrec), -10);
    assert_int_equal(unrec, 0);
    assert_int_equal(vpoints_correction(50, 30, 0, 12, &unrec), -12);
    assert_int_equal(unrec, 18);
    /* more minutes: only the rise above the worth is earned (through the caps) */
    assert_int_equal(vpoints_correction(50, 30, 60, 0, &unrec), 10);
    assert_int_equal(unrec, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(auto_checkout_counts_to_the_end),
        cmocka_unit_test(event_length_in_minutes),
        cmocka_unit_test(correction_points_never_below_zero),
        cmocka_unit_test(correction_points_of_a_capped_entry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
