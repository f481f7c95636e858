/* The organisational-life rules without a database: counting an election, the quorum,
 * the terms-due date, and reading the compliance query (the judging:
 * test_compliance.c). */
#include "support.h"

#include <string.h>

#include "yinhui/compliance.h"
#include "yinhui/election.h"

static void election_counts_majority_of_entitled(void **s)
{
    (void)s;
    bool e[6];
    /* 20 entitled: 11 votes are needed (more than half) */
    int64_t v1[] = {18, 11, 10, 15};
    assert_int_equal(election_count(v1, 4, 20, 3, e), 3);
    assert_true(e[0] && e[1] && !e[2] && e[3]);
    assert_int_equal(election_count(v1, 4, 20, 2, e), 2); /* most votes win the seats */
    assert_true(e[0] && !e[1] && !e[2] && e[3]);
    int64_t v3[] = {10, 9};
    assert_int_equal(election_count(v3, 2, 20, 1, e), 0); /* exactly half is not enough */
    assert_false(e[0] || e[1]);
    int64_t v4[] = {11};
    assert_int_equal(election_count(v4, 1, 21, 1, e), 1);
    assert_int_equal(election_count(v4, 1, 22, 1, e), 0);
}

static void election_tie_for_last_seat(void **s)
{
    (void)s;
    bool e[3];
    int64_t v[] = {15, 14, 14};
    assert_int_equal(election_count(v, 3, 20, 2, e), -1);
    assert_int_equal(election_count(v, 3, 20, 3, e), 3); /* both tied get a seat */
    int64_t w[] = {14, 15, 14};
    assert_int_equal(election_count(w, 3, 20, 1, e), 1); /* a tie below the last seat is fine */
    assert_true(!e[0] && e[1] && !e[2]);
}

static void election_needs_four_fifths_present(void **s)
{
    (void)s;
    assert_false(election_quorate(20, 16)); /* exactly four fifths is not enough */
    assert_true(election_quorate(20, 17));
    assert_true(election_quorate(1, 1));
    assert_false(election_quorate(5, 4));
}

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
        cmocka_unit_test(election_counts_majority_of_entitled),
        cmocka_unit_test(election_tie_for_last_seat),
        cmocka_unit_test(election_needs_four_fifths_present),
        cmocka_unit_test(terms_due_until_keeps_day_or_month_end),
        cmocka_unit_test(compliance_reads_year_and_quarter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
