/* The volunteers domain's rules (service/volunteers/rules.c), without a database: event
 * status moves, the slot an event starts in, served minutes, the steps of a need and the
 * leaderboard's periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "yinhui/volunteer_rules.h"

static void status_moves(void **state)
{
    (void)state;
    assert_true(vevent_status_move_ok("draft", "draft"));
    assert_true(vevent_status_move_ok("draft", "open"));
    assert_true(vevent_status_move_ok("closed", "open"));
    assert_true(vevent_status_move_ok("open", "closed"));
    assert_true(vevent_status_move_ok("open", "done"));
    assert_true(vevent_status_move_ok("closed", "done"));
    assert_true(vevent_status_move_ok("draft", "cancelled"));
    assert_true(vevent_status_move_ok("open", "cancelled"));
    assert_false(vevent_status_move_ok("done", "cancelled"));
    assert_false(vevent_status_move_ok("draft", "closed"));
    assert_false(vevent_status_move_ok("draft", "done"));
    assert_false(vevent_status_move_ok("done", "open"));
    assert_false(vevent_status_move_ok("cancelled", "open"));
    assert_false(vevent_status_move_ok("open", "draft"));
}

static void slots(void **state)
{
    int wday = -1, part = -1;
    (void)state;
    vevent_slot("2026-12-07 09:00:00", &wday, &part); /* a Monday morning */
    assert_int_equal(wday, 0);
    assert_int_equal(part, 0);
    vevent_slot("2026-12-06 12:00:00", &wday, &part); /* a Sunday, noon */
    assert_int_equal(wday, 6);
    assert_int_equal(part, 1);
    vevent_slot("2026-12-03 18:30:00", &wday, &part); /* a Thursday evening */
    assert_int_equal(wday, 3);
    assert_int_equal(part, 2);
    vevent_slot("2026-12-05 00:10:00", &wday, &part); /* just after midnight, China time */
    assert_int_equal(wday, 5);
    assert_int_equal(part, 0);
}

static void served(void **state)
{
    (void)state;
    /* two hours' event: 90 minutes between in and out */
    assert_int_equal(vhours_served_minutes("2026-12-01 09:00:00", "2026-12-01 11:00:00", "2026-12-01 09:00:00",
                                           "2026-12-01 10:30:00"),
                     90);
    /* at least a minute */
    assert_int_equal(vhours_served_minutes("2026-12-01 09:00:00", "2026-12-01 11:00:00", "2026-12-01 09:00:00",
                                           "2026-12-01 09:00:20"),
                     1);
    /* at most the event's length plus an hour */
    assert_int_equal(vhours_served_minutes("2026-12-01 09:00:00", "2026-12-01 11:00:00", "2026-12-01 08:00:00",
                                           "2026-12-01 20:00:00"),
                     180);
}

static void need_steps(void **state)
{
    (void)state;
    const struct vneed_step *s = vneed_step_of("dispatch");
    assert_non_null(s);
    assert_string_equal(s->from, "requested");
    assert_string_equal(s->to, "dispatched");
    s = vneed_step_of("accept");
    assert_string_equal(s->from, "dispatched");
    assert_string_equal(s->to, "accepted");
    s = vneed_step_of("complete");
    assert_string_equal(s->to, "done");
    assert_string_equal(s->done, "completed");
    s = vneed_step_of("cancel");
    assert_string_equal(s->from, "requested,dispatched");
    assert_string_equal(s->to, "cancelled");
    assert_null(vneed_step_of("reopen"));
    assert_null(vneed_step_of(NULL));
}

static void periods(void **state)
{
    char from[11], to[11];
    (void)state;
    assert_true(vperiod_bounds(false, NULL, "2026-12-01", from, to));
    assert_string_equal(from, "2026-12-01");
    assert_string_equal(to, "2027-01-01");
    assert_true(vperiod_bounds(false, "2026-02", "2026-12-01", from, to));
    assert_string_equal(from, "2026-02-01");
    assert_string_equal(to, "2026-03-01");
    assert_true(vperiod_bounds(true, NULL, "2026-12-01", from, to));
    assert_string_equal(from, "2026-01-01");
    assert_string_equal(to, "2027-01-01");
    assert_true(vperiod_bounds(true, "2025", "2026-12-01", from, to));
    assert_string_equal(from, "2025-01-01");
    assert_string_equal(to, "2026-01-01");
    assert_false(vperiod_bounds(false, "2026-13", "2026-12-01", from, to));
    assert_false(vperiod_bounds(false, "2026-1", "2026-12-01", from, to));
    assert_false(vperiod_bounds(false, "1989-12", "2026-12-01", from, to));
    assert_false(vperiod_bounds(true, "26", "2026-12-01", from, to));
    assert_false(vperiod_bounds(true, "2026-01", "2026-12-01", from, to));
}

/* Reminder days: a list of distinct days 1..60, at most four, kept largest first. */
static void reminder_days(void **state)
{
    (void)state;
    int d[VREMIND_MAX];
    char csv[32];
    assert_int_equal(vremind_days_parse("7,1", d), 2);
    assert_int_equal(d[0], 7);
    assert_int_equal(d[1], 1);
    assert_int_equal(vremind_days_parse("1,3,60,14", d), 4);
    assert_int_equal(d[0], 60);
    assert_int_equal(d[3], 1);
    vremind_days_format(d, 4, csv, sizeof(csv));
    assert_string_equal(csv, "60,14,3,1");
    assert_int_equal(vremind_days_parse("1", d), 1);
    const char *bad[] = {"", "0", "61", "7,7", "1,2,3,4,5", "7,", ",7", "7,,1", "a", "7 ,1", "1000", "-1", "007x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(vremind_days_parse(bad[i], d), -1);
    }
    assert_int_equal(vremind_days_parse(NULL, d), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_moves), cmocka_unit_test(slots),   cmocka_unit_test(served),
        cmocka_unit_test(need_steps),   cmocka_unit_test(periods), cmocka_unit_test(reminder_days),
    };
    return cmocka_run_group_tests_name("volunteers rules", tests, NULL, NULL);
}
