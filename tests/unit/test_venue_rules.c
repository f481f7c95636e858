/* Venue and booking rules without a database: opening hours, whole half hours, a
 * booking over midnight refused, weekdays on 29 February and at the turn of the year in
 * China time, overlap (adjacent bookings do not collide), the calendar's range and the
 * usage roll-up by booker kind. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/venues.h"

/* Mon-Fri 08:00-18:00, Saturday 09:00-12:00, closed on Sunday. */
static struct venue_hours week(void)
{
    struct venue_hours h;
    assert_true(
        venue_hours_parse("08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,08:00-18:00,09:00-12:00,", &h));
    return h;
}

static void opening_hours_parse_and_format(void **state)
{
    (void)state;
    struct venue_hours h = week();
    char day[12];
    assert_int_equal(h.opens[0], 8 * 60);
    assert_int_equal(h.closes[5], 12 * 60);
    assert_int_equal(h.opens[6], -1);
    venue_day_format(&h, 5, day);
    assert_string_equal(day, "09:00-12:00");
    venue_day_format(&h, 6, day);
    assert_string_equal(day, "");
    int o = 0, c = 0;
    assert_true(venue_day_parse("00:00-24:00", &o, &c));
    assert_int_equal(c, 1440);
    assert_false(venue_day_parse("08:15-18:00", &o, &c)); /* not on a half hour */
    assert_false(venue_day_parse("18:00-08:00", &o, &c)); /* closes before it opens */
    assert_false(venue_day_parse("08:00-24:30", &o, &c));
    assert_false(venue_day_parse("8:00-18:00", &o, &c));
    assert_false(venue_hours_parse("08:00-18:00,,,,,", &h)); /* six days */
    assert_false(venue_hours_parse("08:00-18:00,,,,,,,", &h));
}

static void a_booking_within_the_hours_in_half_hours(void **state)
{
    (void)state;
    struct venue_hours h = week();
    const char *field = NULL;
    /* 2027-03-01 is a Monday */
    assert_null(venue_booking_refusal("2027-03-01 08:00:00", "2027-03-01 08:30:00", &h, &field));
    assert_null(venue_booking_refusal("2027-03-01 08:00:00", "2027-03-01 18:00:00", &h, &field));
    assert_non_null(venue_booking_refusal("2027-03-01 07:30:00", "2027-03-01 09:00:00", &h, &field));
    assert_string_equal(field, "starts_at");
    assert_non_null(venue_booking_refusal("2027-03-01 17:30:00", "2027-03-01 18:30:00", &h, &field));
    assert_non_null(venue_booking_refusal("2027-03-01 09:15:00", "2027-03-01 10:00:00", &h, &field));
    assert_string_equal(field, "starts_at");
    assert_non_null(venue_booking_refusal("2027-03-01 09:00:00", "2027-03-01 10:10:00", &h, &field));
    assert_string_equal(field, "ends_at");
    /* empty and reversed */
    assert_non_null(venue_booking_refusal("2027-03-01 09:00:00", "2027-03-01 09:00:00", &h, &field));
    assert_string_equal(field, "ends_at");
    assert_non_null(venue_booking_refusal("2027-03-01 10:00:00", "2027-03-01 09:00:00", &h, &field));
    /* Sunday closed, Saturday's short day */
    assert_non_null(venue_booking_refusal("2027-03-07 09:00:00", "2027-03-07 10:00:00", &h, &field));
    assert_null(venue_booking_refusal("2027-03-06 11:30:00", "2027-03-06 12:00:00", &h, &field));
    assert_non_null(venue_booking_refusal("2027-03-06 11:30:00", "2027-03-06 12:30:00", &h, &field));
    assert_int_equal(venue_slots("2027-03-01 08:00:00", "2027-03-01 18:00:00"), 20);
    assert_int_equal(venue_slots("2027-03-01 08:00:00", "2027-03-01 08:30:00"), 1);
}

/* A venue open round the clock still refuses a booking over midnight, also at the turn
 * of the year; 29 February is a real day. */
static void over_midnight_and_the_calendar(void **state)
{
    (void)state;
    struct venue_hours h;
    const char *field = NULL;
    assert_true(venue_hours_parse("00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,"
                                  "00:00-24:00",
                                  &h));
    assert_non_null(venue_booking_refusal("2027-03-01 23:30:00", "2027-03-02 00:30:00", &h, &field));
    assert_string_equal(field, "ends_at");
    assert_non_null(venue_booking_refusal("2026-12-31 23:00:00", "2027-01-01 00:00:00", &h, &field));
    assert_null(venue_booking_refusal("2026-12-31 23:00:00", "2026-12-31 23:30:00", &h, &field));
    assert_null(venue_booking_refusal("2027-01-01 00:00:00", "2027-01-01 00:30:00", &h, &field));
    /* 2028-02-29 is a Tuesday; 2027 has none */
    assert_int_equal(venue_weekday("2028-02-29"), 1);
    assert_null(venue_booking_refusal("2028-02-29 10:00:00", "2028-02-29 11:00:00", &h, &field));
    assert_non_null(venue_booking_refusal("2027-02-29 10:00:00", "2027-02-29 11:00:00", &h, &field));
    assert_int_equal(venue_weekday("2027-02-29"), -1);
    /* 2026-12-31T16:30Z is already 1 January 2027 (a Friday) in China */
    char cn[20];
    time_cn(1798734600, cn);
    assert_string_equal(cn, "2027-01-01 00:30:00");
    assert_int_equal(venue_weekday(cn), 4);
    assert_int_equal(venue_weekday("2026-12-31"), 3);
    char next[11];
    venue_next_day("2026-12-31", next);
    assert_string_equal(next, "2027-01-01");
    venue_next_day("2028-02-28", next);
    assert_string_equal(next, "2028-02-29");
    venue_next_day("2027-02-28", next);
    assert_string_equal(next, "2027-03-01");
}

static void overlap_is_half_open(void **state)
{
    (void)state;
    const char *a0 = "2027-03-01 09:00:00", *a1 = "2027-03-01 10:00:00";
    assert_true(venue_overlaps(a0, a1, "2027-03-01 09:30:00", "2027-03-01 10:30:00"));
    assert_true(venue_overlaps(a0, a1, "2027-03-01 08:00:00", "2027-03-01 12:00:00"));
    assert_true(venue_overlaps(a0, a1, a0, a1));
    /* adjacent: the end of one is the start of the other */
    assert_false(venue_overlaps(a0, a1, "2027-03-01 10:00:00", "2027-03-01 11:00:00"));
    assert_false(venue_overlaps(a0, a1, "2027-03-01 08:00:00", "2027-03-01 09:00:00"));
}

static void calendar_range(void **state)
{
    (void)state;
    assert_null(venue_calendar_refusal("2027-03-01", "2027-03-31"));
    assert_null(venue_calendar_refusal("2026-12-15", "2027-01-14"));
    assert_non_null(venue_calendar_refusal("2026-12-15", "2027-01-15")); /* 32 days */
    assert_null(venue_calendar_refusal("2028-02-01", "2028-03-02"));     /* 31 with 29 February */
    assert_non_null(venue_calendar_refusal("2027-02-01", "2027-03-04"));
    assert_non_null(venue_calendar_refusal("2027-03-02", "2027-03-01"));
    assert_non_null(venue_calendar_refusal("2027-13-01", "2027-13-02"));
}

static void usage_by_booker_kind(void **state)
{
    (void)state;
    struct venue_usage u = {0};
    assert_true(venue_usage_add(&u, "branch", 3, 360, 60));
    assert_true(venue_usage_add(&u, "association", 1, 120, 40));
    assert_true(venue_usage_add(&u, "branch", 1, 60, 0));
    assert_false(venue_usage_add(&u, "cancelled", 9, 9, 9));
    assert_int_equal(u.bookings, 5);
    assert_int_equal(u.minutes, 540);
    assert_int_equal(u.people, 100);
    assert_int_equal(u.by_kind[1][0], 4);
    assert_int_equal(u.by_kind[1][1], 420);
    assert_int_equal(u.by_kind[2][2], 40);
    assert_int_equal(u.by_kind[0][0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opening_hours_parse_and_format),
        cmocka_unit_test(a_booking_within_the_hours_in_half_hours),
        cmocka_unit_test(over_midnight_and_the_calendar),
        cmocka_unit_test(overlap_is_half_open),
        cmocka_unit_test(calendar_range),
        cmocka_unit_test(usage_by_booker_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
