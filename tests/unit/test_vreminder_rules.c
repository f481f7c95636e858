/* Which reminder of a volunteer event's sign-up is due on a China day (vreminder_due in
 * service/volunteers/rules.c, issue 16): days before the event, the late one, the day to
 * look again; boundaries at midnight China time, the turn of the year and 29 February. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "yinhui/volunteer_rules.h"

/* Asserts the reminder due on today for an event starting at start and the next look. */
static void due_is(const char *days, const char *start, const char *today, int want, const char *want_next)
{
    char next[11] = "junk";
    assert_int_equal(vreminder_due(days, start, today, next), want);
    assert_string_equal(next, want_next);
}

static void seven_and_one(void **state)
{
    (void)state;
    due_is("7,1", "2027-01-20 09:00:00", "2027-01-01", -1, "2027-01-13");
    due_is("7,1", "2027-01-20 09:00:00", "2027-01-12", -1, "2027-01-13");
    due_is("7,1", "2027-01-20 09:00:00", "2027-01-13", 7, "2027-01-19");
    /* signed up late (or the service was down): the 7-day one goes out now */
    due_is("7,1", "2027-01-20 09:00:00", "2027-01-16", 7, "2027-01-19");
    due_is("7,1", "2027-01-20 09:00:00", "2027-01-19", 1, "");
    /* on the day itself only the latest missed one, and nothing after the day */
    due_is("7,1", "2027-01-20 09:00:00", "2027-01-20", 1, "");
    due_is("7,1", "2027-01-20 09:00:00", "2027-01-21", -1, "");
}

static void midnight_and_the_turn_of_the_year(void **state)
{
    (void)state;
    /* an event at 00:10 China time on 1 January (still 31 December in UTC) is a day away
     * on 31 December and seven on 25 December */
    due_is("7,1", "2027-01-01 00:10:00", "2026-12-31", 1, "");
    due_is("7,1", "2027-01-01 00:10:00", "2026-12-25", 7, "2026-12-31");
    due_is("7,1", "2027-01-01 00:10:00", "2026-12-24", -1, "2026-12-25");
    /* an event at 23:50 on 31 December: its day counts, not the hour */
    due_is("7,1", "2026-12-31 23:50:00", "2026-12-30", 1, "");
    due_is("7,1", "2027-01-07 08:00:00", "2026-12-31", 7, "2027-01-06");
}

static void february(void **state)
{
    (void)state;
    due_is("7,1", "2028-03-01 08:00:00", "2028-02-29", 1, "");
    due_is("7,1", "2028-03-01 08:00:00", "2028-02-23", 7, "2028-02-29");
    due_is("7,1", "2028-03-01 08:00:00", "2028-02-22", -1, "2028-02-23");
    due_is("7,1", "2028-02-29 08:00:00", "2028-02-22", 7, "2028-02-28");
    due_is("7,1", "2027-03-01 08:00:00", "2027-02-22", 7, "2027-02-28");
    due_is("7,1", "2027-03-01 08:00:00", "2027-02-28", 1, "");
}

static void office_offsets(void **state)
{
    (void)state;
    /* the office's list (vremind_days_parse: 1..60, at most four, any order) */
    due_is("3,14", "2027-01-20 09:00:00", "2027-01-01", -1, "2027-01-06");
    due_is("3,14", "2027-01-20 09:00:00", "2027-01-06", 14, "2027-01-17");
    due_is("3,14", "2027-01-20 09:00:00", "2027-01-18", 3, "");
    due_is("60,30,14,2", "2027-03-01 09:00:00", "2026-12-31", 60, "2027-01-30");
    due_is("60,30,14,2", "2027-03-01 09:00:00", "2027-02-27", 2, "");
    due_is("1", "2027-01-20 09:00:00", "2027-01-18", -1, "2027-01-19");
    /* not such a list (a row written around the API): no reminders rather than a guess */
    due_is("", "2027-01-20 09:00:00", "2027-01-19", -1, "");
    due_is("7, 1", "2027-01-20 09:00:00", "2027-01-19", -1, "");
    due_is("0,7", "2027-01-20 09:00:00", "2027-01-19", -1, "");
    due_is("7,1", "garbage", "2027-01-19", -1, "");
}

/* The days a reminder's wording says, and the hour from which reminders go out. */
static void days_left_and_send_hour(void **state)
{
    (void)state;
    assert_int_equal(vreminder_days_left("2027-01-01 00:10:00", "2026-12-31"), 1);
    assert_int_equal(vreminder_days_left("2028-03-01 09:00:00", "2028-02-28"), 2); /* 29 February */
    assert_int_equal(vreminder_days_left("2027-01-20 09:00:00", "2027-01-20"), 0);
    assert_int_equal(vreminder_days_left("bad", "2027-01-20"), -1);
    assert_false(vreminder_hour_ok("2027-01-20 00:00:00", 8));
    assert_false(vreminder_hour_ok("2027-01-20 07:59:59", 8));
    assert_true(vreminder_hour_ok("2027-01-20 08:00:00", 8));
    assert_true(vreminder_hour_ok("2027-01-20 23:59:59", 8));
    assert_true(vreminder_hour_ok("2027-01-20 00:00:00", 0));
    assert_false(vreminder_hour_ok("2027-01-20", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seven_and_one),
        cmocka_unit_test(midnight_and_the_turn_of_the_year),
        cmocka_unit_test(february),
        cmocka_unit_test(office_offsets),
        cmocka_unit_test(days_left_and_send_hour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
