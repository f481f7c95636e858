/* The organisational-life rules without a database: the terms-due date (the election's
 * count is in test_election.c), and judging a branch's compliance with the office's rules. */
#include "support.h"

#include <string.h>

#include "yinhui/compliance.h"
#include "yinhui/election.h"

static void terms_due_until_keeps_day_or_month_end(void **s)
{
    (void)s;
    char until[24];
    terms_due_until("2026-03-15", 6, until);
    assert_string_equal(until, "2026-09-15");
    terms_due_until("2026-08-31", 6, until);
    assert_string_equal(until, "2027-02-28");
    terms_due_until("2027-08-31", 6, until);
    assert_string_equal(until, "2028-02-29"); /* leap year */
    terms_due_until("2024-02-29", 0, until);
    assert_string_equal(until, "2024-02-29");
    terms_due_until("2026-11-30", 2, until);
    assert_string_equal(until, "2027-01-30");
    assert_string_equal(terms_due_status(NULL, "2026-03-15"), "no_term");
    assert_string_equal(terms_due_status("2026-03-14", "2026-03-15"), "expired");
    assert_string_equal(terms_due_status("2026-03-15", "2026-03-15"), "ending");
}

static void compliance_reads_year_and_quarter(void **s)
{
    (void)s;
    int y = 0, q = 0;
    const char *bad = NULL;
    assert_true(compliance_quarter_parse(NULL, NULL, "2026-08-20", &y, &q, &bad));
    assert_int_equal(y, 2026);
    assert_int_equal(q, 3);
    assert_true(compliance_quarter_parse("2025", "4", "2026-08-20", &y, &q, &bad));
    assert_int_equal(y, 2025);
    assert_int_equal(q, 4);
    assert_false(compliance_quarter_parse("1989", NULL, "2026-08-20", &y, &q, &bad));
    assert_string_equal(bad, "year");
    assert_false(compliance_quarter_parse("26", "1", "2026-08-20", &y, &q, &bad));
    assert_string_equal(bad, "year");
    assert_false(compliance_quarter_parse("2026", "5", "2026-08-20", &y, &q, &bad));
    assert_string_equal(bad, "quarter");
    assert_false(compliance_quarter_parse(NULL, "01", "2026-08-20", &y, &q, &bad));
    assert_string_equal(bad, "quarter");
}

static void compliance_window_of_quarter(void **s)
{
    (void)s;
    char from[32], to[32], yfrom[32];
    compliance_window(2026, 2, from, to, yfrom);
    assert_string_equal(from, "2026-04-01 00:00:00");
    assert_string_equal(to, "2026-07-01 00:00:00");
    assert_string_equal(yfrom, "2026-01-01 00:00:00");
    compliance_window(2026, 4, from, to, yfrom);
    assert_string_equal(from, "2026-10-01 00:00:00");
    assert_string_equal(to, "2027-01-01 00:00:00");
}

static void compliance_requires_by_period(void **s)
{
    (void)s;
    struct orglife_rule monthly = {"committee_meeting", "month", 1};
    struct orglife_rule quarterly = {"member_meeting", "quarter", 2};
    struct orglife_rule yearly = {"theme_day", "year", 3};
    assert_int_equal(compliance_required(&monthly, 1), 3);
    assert_int_equal(compliance_required(&quarterly, 2), 2);
    assert_int_equal(compliance_required(&yearly, 3), 0); /* judged in the fourth quarter only */
    assert_int_equal(compliance_required(&yearly, 4), 3);
}

static void compliance_judges_a_branch(void **s)
{
    (void)s;
    struct orglife_rule rules[] = {
        {"committee_meeting", "month", 1}, {"lecture", "quarter", 1}, {"theme_day", "year", 2}};
    struct compliance_count year[] = {{7, 2, "theme_day"}, {7, 5, "committee_meeting"}, {8, 1, "theme_day"}};
    struct compliance_count qtr[] = {
        {7, 3, "committee_meeting"}, {8, 2, "committee_meeting"}, {8, 1, "lecture"}};
    struct compliance_kind k[3];
    /* branch 7: three committee meetings, no lecture, two theme days in the year */
    assert_true(compliance_judge(rules, 3, 4, 7, year, 3, qtr, 3, k));
    assert_string_equal(k[0].kind, "committee_meeting");
    assert_int_equal(k[0].required, 3);
    assert_int_equal(k[0].held, 3); /* the quarter's, not the year's 5 */
    assert_false(k[0].behind);
    assert_int_equal(k[1].held, 0);
    assert_true(k[1].behind);
    assert_int_equal(k[2].required, 2);
    assert_int_equal(k[2].held, 2);
    assert_false(k[2].behind);
    /* branch 8 in the third quarter: the yearly rule asks nothing yet */
    assert_true(compliance_judge(rules, 3, 3, 8, year, 3, qtr, 3, k)); /* 2 of 3 committee meetings */
    assert_true(k[0].behind);
    assert_false(k[1].behind);
    assert_int_equal(k[2].required, 0);
    assert_false(k[2].behind);
    /* a branch with no activities and no rules is not behind */
    assert_false(compliance_judge(rules, 0, 1, 9, year, 3, qtr, 3, k));
    assert_int_equal(compliance_held(qtr, 3, 9, "lecture"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(terms_due_until_keeps_day_or_month_end),
        cmocka_unit_test(compliance_reads_year_and_quarter),
        cmocka_unit_test(compliance_window_of_quarter),
        cmocka_unit_test(compliance_requires_by_period),
        cmocka_unit_test(compliance_judges_a_branch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
