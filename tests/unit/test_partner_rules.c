/* Associations and partners without a database (service/partners/partners_rules.c): when
 * a joint activity agreed for a month is overdue — judged on the China date, at the turn
 * of the year, in the first hour of a month and on 29 February — the yearly tally of the
 * overview, the plan and outcome checks, a partner's type and a pairing's dates. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/partners.h"

/* The China date of UTC instant "YYYY-MM-DD HH:MM:SS" (China time is UTC+8). */
static void cn_day_of_utc(const char *utc, char out[11])
{
    char cn[20];
    time_cn(time_cn_parse(utc) + 8 * 3600, cn);
    memcpy(out, cn, 10);
    out[10] = '\0';
}

/* Overdue from the first day of the month after the planned month, only while agreed. */
static void overdue_once_the_planned_month_has_passed(void **s)
{
    (void)s;
    assert_false(joint_overdue(2027, 3, "agreed", "2027-03-31"));
    assert_true(joint_overdue(2027, 3, "agreed", "2027-04-01"));
    assert_false(joint_overdue(2027, 3, "agreed", "2027-03-01"));
    assert_false(joint_overdue(2027, 3, "held", "2027-12-31"));
    assert_false(joint_overdue(2027, 3, "not_held", "2028-01-01"));
    /* planned for next year: never overdue this year */
    assert_false(joint_overdue(2028, 1, "agreed", "2027-12-31"));
}

/* 00:10 on 1 January in China is still 31 December in UTC: December's activity is
 * overdue by the China date, not yet by the UTC one. */
static void turn_of_the_year_in_china_time(void **s)
{
    (void)s;
    char day[11];
    cn_day_of_utc("2026-12-31 16:10:00", day);
    assert_string_equal(day, "2027-01-01");
    assert_true(joint_overdue(2026, 12, "agreed", day));
    assert_false(joint_overdue(2026, 12, "agreed", "2026-12-31"));
    cn_day_of_utc("2026-12-31 15:50:00", day);
    assert_string_equal(day, "2026-12-31");
    assert_false(joint_overdue(2026, 12, "agreed", day));
}

/* The first hour of a month (China time) turns the month before overdue; UTC is still in
 * the last day of that month. */
static void first_hour_of_a_month(void **s)
{
    (void)s;
    char day[11];
    cn_day_of_utc("2027-02-28 16:30:00", day);
    assert_string_equal(day, "2027-03-01");
    assert_true(joint_overdue(2027, 2, "agreed", day));
    assert_false(joint_overdue(2027, 3, "agreed", day));
    cn_day_of_utc("2027-02-28 15:59:59", day);
    assert_false(joint_overdue(2027, 2, "agreed", day));
}

/* 29 February is the last day of February in a leap year: not yet overdue; a plan may
 * name the day; 1 March is. */
static void twenty_ninth_of_february(void **s)
{
    (void)s;
    struct joint_plan p = {.year = 2028, .month = 0, .day = "2028-02-29"};
    const char *field = NULL;
    assert_false(joint_overdue(2028, 2, "agreed", "2028-02-29"));
    assert_true(joint_overdue(2028, 2, "agreed", "2028-03-01"));
    assert_true(joint_overdue(2028, 1, "agreed", "2028-02-29"));
    assert_null(joint_plan_refusal(&p, false, "2028-02-29", &field));
    assert_int_equal(p.month, 2);
}

/* The overview's tally: every agreed activity once, in exactly one of held, not held,
 * overdue or upcoming. */
static void yearly_tally(void **s)
{
    (void)s;
    struct joint_tally t = {0};
    joint_tally_add(&t, 2, 2027, 3, "held", "2027-06-15");
    joint_tally_add(&t, 1, 2027, 4, "not_held", "2027-06-15");
    joint_tally_add(&t, 3, 2027, 5, "agreed", "2027-06-15");
    joint_tally_add(&t, 1, 2027, 6, "agreed", "2027-06-15");
    joint_tally_add(&t, 1, 2027, 12, "agreed", "2027-06-15");
    assert_int_equal(t.agreed, 8);
    assert_int_equal(t.held, 2);
    assert_int_equal(t.not_held, 1);
    assert_int_equal(t.overdue, 3);
    assert_int_equal(t.upcoming, 2);
    assert_int_equal(t.held + t.not_held + t.overdue + t.upcoming, t.agreed);
}

/* A plan: last year to next year; the day in the year and in the month given. */
static void plan_checks(void **s)
{
    (void)s;
    const char *field = NULL;
    struct joint_plan p = {.year = 2026, .month = 5};
    assert_null(joint_plan_refusal(&p, false, "2027-01-01", &field));
    p.year = 2025;
    assert_non_null(joint_plan_refusal(&p, false, "2027-01-01", &field));
    assert_string_equal(field, "year");
    /* a patch keeps the year agreed before */
    assert_null(joint_plan_refusal(&p, true, "2027-01-01", &field));
    p = (struct joint_plan){.year = 2029, .month = 1};
    assert_non_null(joint_plan_refusal(&p, false, "2027-01-01", &field));
    assert_string_equal(field, "year");
    p = (struct joint_plan){.year = 2027, .month = 0};
    assert_non_null(joint_plan_refusal(&p, false, "2027-01-01", &field));
    assert_string_equal(field, "planned_month");
    p = (struct joint_plan){.year = 2027, .month = 4, .day = "2027-05-04"};
    assert_non_null(joint_plan_refusal(&p, false, "2027-01-01", &field));
    assert_string_equal(field, "planned_on");
    p = (struct joint_plan){.year = 2027, .month = 0, .day = "2026-12-31"};
    assert_non_null(joint_plan_refusal(&p, false, "2027-01-01", &field));
    assert_string_equal(field, "planned_on");
    p = (struct joint_plan){.year = 2027, .month = 12, .day = "2027-12-31"};
    assert_null(joint_plan_refusal(&p, false, "2027-01-01", &field));
}

/* Held: a day from 1 January of its year to today and the people served; not held: a
 * reason; neither carries the other's values. */
static void outcome_checks(void **s)
{
    (void)s;
    const char *field = NULL;
    struct joint_outcome o = {.status = "held", .held_on = "2027-03-02", .people_served = 40};
    assert_null(joint_outcome_refusal(&o, 2027, "2027-03-02", &field));
    assert_non_null(joint_outcome_refusal(&o, 2027, "2027-03-01", &field));
    assert_string_equal(field, "held_on");
    o.held_on[0] = '\0';
    assert_non_null(joint_outcome_refusal(&o, 2027, "2027-03-02", &field));
    assert_string_equal(field, "held_on");
    /* December's activity held in the first days of January still counts */
    o = (struct joint_outcome){.status = "held", .held_on = "2027-01-03", .people_served = 0};
    assert_null(joint_outcome_refusal(&o, 2026, "2027-01-05", &field));
    o = (struct joint_outcome){.status = "held", .held_on = "2026-12-31", .people_served = 5};
    assert_non_null(joint_outcome_refusal(&o, 2027, "2027-01-05", &field));
    o.people_served = -1;
    snprintf(o.held_on, sizeof(o.held_on), "2027-01-02");
    assert_non_null(joint_outcome_refusal(&o, 2027, "2027-01-05", &field));
    assert_string_equal(field, "people_served");
    o = (struct joint_outcome){.status = "not_held", .people_served = -1};
    assert_non_null(joint_outcome_refusal(&o, 2027, "2027-06-01", &field));
    assert_string_equal(field, "reason");
    snprintf(o.reason, sizeof(o.reason), "疫情防控，改期");
    assert_null(joint_outcome_refusal(&o, 2027, "2027-06-01", &field));
    o.people_served = 3;
    assert_non_null(joint_outcome_refusal(&o, 2027, "2027-06-01", &field));
    assert_string_equal(field, "people_served");
    o = (struct joint_outcome){.status = "agreed", .people_served = -1, .reason = "x"};
    assert_non_null(joint_outcome_refusal(&o, 2027, "2027-06-01", &field));
    assert_string_equal(field, "reason");
}

/* A partner names its type, an association has none; a pairing starts by today and ends
 * from its start to today. */
static void types_and_pairing_dates(void **s)
{
    (void)s;
    assert_null(org_type_refusal("partner", "hospital"));
    assert_non_null(org_type_refusal("partner", ""));
    assert_null(org_type_refusal("association", ""));
    assert_non_null(org_type_refusal("association", "library"));
    assert_null(pairing_since_refusal("2027-01-01", "2027-01-01"));
    assert_non_null(pairing_since_refusal("2027-01-02", "2027-01-01"));
    assert_null(pairing_end_refusal("2024-02-29", "2024-02-29", "2027-01-01"));
    assert_non_null(pairing_end_refusal("2024-02-29", "2024-02-28", "2027-01-01"));
    assert_non_null(pairing_end_refusal("2024-02-29", "2027-01-02", "2027-01-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overdue_once_the_planned_month_has_passed),
        cmocka_unit_test(turn_of_the_year_in_china_time),
        cmocka_unit_test(first_hour_of_a_month),
        cmocka_unit_test(twenty_ninth_of_february),
        cmocka_unit_test(yearly_tally),
        cmocka_unit_test(plan_checks),
        cmocka_unit_test(outcome_checks),
        cmocka_unit_test(types_and_pairing_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
