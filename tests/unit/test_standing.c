/* Party standing from 转正, probation, 留党察看 and the 50-year medal (service/org/standing.c),
 * with the boundary days: the day before and after each cut-off, and 29 February. */
#include "support.h"

#include <string.h>

#include "yinhui/standing.h"

static void full_membership_is_estimated_one_year_after_admission(void **state)
{
    char out[11];
    (void)state;
    standing_full_member_estimate("1975-06-30", out);
    assert_string_equal(out, "1976-06-30");
    standing_full_member_estimate("2024-02-29", out); /* as MariaDB's DATE_ADD */
    assert_string_equal(out, "2025-02-28");
    standing_full_member_estimate("2023-02-28", out);
    assert_string_equal(out, "2024-02-28");
    standing_full_member_estimate("", out);
    assert_string_equal(out, "");
    standing_full_member_estimate(NULL, out);
    assert_string_equal(out, "");
}

static void standing_counts_whole_years_from_full_membership(void **state)
{
    (void)state;
    assert_int_equal(standing_years("1976-07-01", "2026-06-30"), 49);
    assert_int_equal(standing_years("1976-07-01", "2026-07-01"), 50);
    assert_int_equal(standing_years("1976-07-01", "2026-07-02"), 50);
    assert_int_equal(standing_years("2026-07-01", "2026-07-01"), 0);
    assert_int_equal(standing_years("2026-07-02", "2026-07-01"), -1);
    assert_int_equal(standing_years("", "2026-07-01"), -1);
    /* a 29 February anniversary is reached on 1 March in a common year */
    assert_int_equal(standing_years("1976-02-29", "2026-02-28"), 49);
    assert_int_equal(standing_years("1976-02-29", "2026-03-01"), 50);
    assert_int_equal(standing_years("1976-02-29", "2028-02-29"), 52);
}

static void probationary_until_full_membership(void **state)
{
    (void)state;
    assert_true(standing_probationary("2026-03-01", "2027-03-01", "2027-02-28"));
    assert_false(standing_probationary("2026-03-01", "2027-03-01", "2027-03-01"));
    assert_true(standing_probationary("2026-03-01", "", "2030-01-01")); /* admitted, 转正 not recorded */
    assert_false(standing_probationary("", "", "2026-12-01"));          /* neither date kept */
}

static void no_vote_while_probationary_or_under_party_probation(void **state)
{
    (void)state;
    assert_true(standing_may_vote("1970-01-01", "1971-01-01", NULL, "2026-12-01"));
    assert_false(standing_may_vote("2026-03-01", "2027-03-01", NULL, "2026-12-01"));
    assert_false(standing_may_vote("1970-01-01", "1971-01-01", "2026-12-01", "2026-12-01"));
    assert_true(standing_may_vote("1970-01-01", "1971-01-01", "2026-11-30", "2026-12-01"));
    assert_true(standing_may_vote("", "", "", "2026-12-01"));
}

static void medal_by_first_of_july_fifty_years_on(void **state)
{
    char cut[11];
    (void)state;
    standing_medal_cutoff(2026, cut);
    assert_string_equal(cut, "1976-07-01");
    assert_true(standing_medal_eligible("1976-07-01", NULL, 2026));
    assert_false(standing_medal_eligible("1976-07-02", NULL, 2026));
    assert_true(standing_medal_eligible("1976-07-02", "", 2027));
    /* admitted in 1975 but 转正 in 1976-08: not yet in 2026 (admission would say yes) */
    assert_false(standing_medal_eligible("1976-08-15", NULL, 2026));
    assert_false(standing_medal_eligible("1960-01-01", "受到党纪处分", 2026));
    assert_false(standing_medal_eligible("", NULL, 2026));
    standing_medal_cutoff(2024, cut); /* a leap year changes nothing: the day is 1 July */
    assert_string_equal(cut, "1974-07-01");
}

static void full_membership_date_follows_admission(void **state)
{
    (void)state;
    /* the day of admission itself is possible (older 党章: workers' short probations) */
    assert_null(standing_full_member_refusal("1975-06-30", "1975-06-30", "1950-01-01", "2026-12-01"));
    assert_non_null(standing_full_member_refusal("1975-06-30", "1975-06-29", "1950-01-01", "2026-12-01"));
    /* at most three years later: the day and the day after */
    assert_null(standing_full_member_refusal("1975-06-30", "1978-06-30", NULL, "2026-12-01"));
    assert_non_null(standing_full_member_refusal("1975-06-30", "1978-07-01", NULL, "2026-12-01"));
    /* admitted on 29 February: three years on is 28 February of a common year */
    assert_null(standing_full_member_refusal("2024-02-29", "2027-02-28", NULL, "2026-12-01"));
    assert_non_null(standing_full_member_refusal("2024-02-29", "2027-03-01", NULL, "2026-12-01"));
    /* a future date is the expected 转正 of a probationary member, if admission is known */
    assert_null(standing_full_member_refusal("2026-06-01", "2027-06-01", NULL, "2026-12-01"));
    assert_null(standing_full_member_refusal("", "2026-12-01", NULL, "2026-12-01"));
    assert_non_null(standing_full_member_refusal("", "2026-12-02", NULL, "2026-12-01"));
    /* never before the 18th birthday (29 February: the 28th in a common year) */
    assert_null(standing_full_member_refusal("", "1970-02-28", "1952-02-29", "2026-12-01"));
    assert_non_null(standing_full_member_refusal("", "1970-02-27", "1952-02-29", "2026-12-01"));
    /* nothing to check without a date */
    assert_null(standing_full_member_refusal("1975-06-30", "", "1950-01-01", "2026-12-01"));
    assert_null(standing_full_member_refusal(NULL, NULL, NULL, NULL));
}

static void party_probation_within_two_years(void **state)
{
    (void)state;
    assert_null(standing_probation_refusal("1975-06-30", "2028-12-01", "2026-12-01"));
    assert_non_null(standing_probation_refusal("1975-06-30", "2028-12-02", "2026-12-01"));
    assert_non_null(standing_probation_refusal("1975-06-30", "1975-06-29", "2026-12-01"));
    assert_null(standing_probation_refusal("1975-06-30", "1975-06-30", "2026-12-01")); /* a past one, kept */
    /* from 29 February two years on is 28 February */
    assert_null(standing_probation_refusal("", "2030-02-28", "2028-02-29"));
    assert_non_null(standing_probation_refusal("", "2030-03-01", "2028-02-29"));
    assert_null(standing_probation_refusal("1975-06-30", "", "2026-12-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_membership_is_estimated_one_year_after_admission),
        cmocka_unit_test(standing_counts_whole_years_from_full_membership),
        cmocka_unit_test(probationary_until_full_membership),
        cmocka_unit_test(no_vote_while_probationary_or_under_party_probation),
        cmocka_unit_test(medal_by_first_of_july_fifty_years_on),
        cmocka_unit_test(full_membership_date_follows_admission),
        cmocka_unit_test(party_probation_within_two_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
