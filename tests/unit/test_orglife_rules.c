/* The organisational-life rules without a database: the terms-due date and reading the
 * compliance query (the election's count: test_election.c; the judging: test_compliance.c). */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(terms_due_until_keeps_day_or_month_end),
        cmocka_unit_test(compliance_reads_year_and_quarter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
