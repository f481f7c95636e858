/* Guides and contact points without a database: the overdue rule on its boundary days
 * (exactly at the limit and a day past it, 29 February, the turn of the year in China
 * time, the first day of a month), the cutoff the overdue list queries with, and the dates
 * and texts a contact or an ended link may carry. */
#include "support.h"

#include <string.h>

#include "yinhui/guides.h"

/* Exactly the office's days since the last contact is still in time; one more is overdue. */
static void overdue_exactly_at_the_limit(void **state)
{
    (void)state;
    long e = 0;
    assert_false(guide_overdue("2027-03-31", "2027-03-01", 30, &e));
    assert_int_equal(e, 30);
    assert_true(guide_overdue("2027-04-01", "2027-03-01", 30, &e));
    assert_int_equal(e, 31);
    /* contacted today: never overdue, even under a rule of one day */
    assert_false(guide_overdue("2027-03-01", "2027-03-01", 1, &e));
    assert_int_equal(e, 0);
    assert_true(guide_overdue("2027-03-03", "2027-03-01", 1, NULL));
    /* a malformed day is never overdue */
    assert_false(guide_overdue("2027-02-30", "2027-01-01", 30, &e));
    assert_int_equal(e, 0);
}

/* 29 February counts as a day in a leap year: 30 days from 2028-02-01 is 2028-03-02. */
static void leap_day_counts(void **state)
{
    (void)state;
    long d = 0;
    assert_true(guide_days_between("2028-02-28", "2028-03-01", &d));
    assert_int_equal(d, 2);
    assert_true(guide_days_between("2027-02-28", "2027-03-01", &d));
    assert_int_equal(d, 1);
    assert_false(guide_overdue("2028-03-02", "2028-02-01", 30, NULL));
    assert_true(guide_overdue("2028-03-02", "2028-01-31", 30, NULL));
    assert_false(guide_overdue("2028-03-30", "2028-02-29", 30, NULL));
    assert_true(guide_overdue("2028-03-31", "2028-02-29", 30, NULL));
    char c[11];
    assert_true(guide_overdue_cutoff("2028-03-30", 30, c));
    assert_string_equal(c, "2028-02-29");
    assert_true(guide_overdue_cutoff("2028-02-29", 1, c));
    assert_string_equal(c, "2028-02-28");
    assert_false(guide_days_between("2027-02-29", "2027-03-01", &d));
}

/* The turn of the year in China: 2027-01-01 is the day after 2026-12-31 (dates are China
 * dates; 00:10 on 1 January China time is still 31 December in UTC, and the service's
 * today_cn() gives the China date). */
static void turn_of_the_year(void **state)
{
    (void)state;
    char c[11];
    assert_true(guide_overdue_cutoff("2027-01-01", 30, c));
    assert_string_equal(c, "2026-12-02");
    assert_false(guide_overdue("2027-01-01", "2026-12-02", 30, NULL));
    assert_true(guide_overdue("2027-01-01", "2026-12-01", 30, NULL));
    assert_true(guide_overdue_cutoff("2026-12-31", 30, c));
    assert_string_equal(c, "2026-12-01");
    assert_false(guide_overdue("2026-12-31", "2026-12-01", 30, NULL));
    /* the first day of a month */
    assert_true(guide_overdue_cutoff("2027-03-01", 28, c));
    assert_string_equal(c, "2027-02-01");
    assert_true(guide_overdue_cutoff("2027-03-01", 365, c));
    assert_string_equal(c, "2026-03-01");
}

/* The cutoff and the pair rule agree on every day around it: since < cutoff ⇔ overdue. */
static void cutoff_agrees_with_the_rule(void **state)
{
    (void)state;
    static const char *const todays[] = {"2027-01-01", "2028-02-29", "2028-03-01", "2027-03-01",
                                         "2026-12-31"};
    static const char *const sinces[] = {"2026-11-30", "2026-12-01", "2026-12-02", "2027-01-30",
                                         "2027-01-31", "2028-01-29", "2028-01-30", "2028-01-31",
                                         "2028-02-01", "2028-02-28", "2028-02-29"};
    for (size_t i = 0; i < sizeof(todays) / sizeof(todays[0]); i++) {
        char c[11];
        assert_true(guide_overdue_cutoff(todays[i], 30, c));
        for (size_t j = 0; j < sizeof(sinces) / sizeof(sinces[0]); j++) {
            if (strcmp(sinces[j], todays[i]) <= 0) {
                assert_int_equal(strcmp(sinces[j], c) < 0, guide_overdue(todays[i], sinces[j], 30, NULL));
            }
        }
    }
}

static void contact_and_end_dates(void **state)
{
    (void)state;
    assert_null(guide_contact_on_refusal("2027-01-01", "2026-12-01", "2027-01-01"));
    assert_string_equal(guide_contact_on_refusal("2027-01-02", "2026-12-01", "2027-01-01"),
                        "is in the future");
    assert_non_null(guide_contact_on_refusal("2026-11-30", "2026-12-01", "2027-01-01"));
    assert_null(guide_end_refusal("2026-12-01", "2026-12-01", "2027-01-01"));
    assert_non_null(guide_end_refusal("2026-12-01", "2026-11-30", "2027-01-01"));
    assert_string_equal(guide_end_refusal("2026-12-01", "2027-01-02", "2027-01-01"), "is in the future");
}

static void texts(void **state)
{
    (void)state;
    char big[3100];
    assert_null(guide_text_refusal("走访第一支部，了解到组织生活正常。\n下次讲党课。"));
    assert_null(guide_text_refusal("👍 繁體字 ok"));
    assert_string_equal(guide_text_refusal(""), "must not be empty");
    assert_string_equal(guide_text_refusal(" \n "), "must not be empty");
    assert_non_null(guide_text_refusal("a\x01"));
    /* 1000 Chinese characters (3000 bytes) are accepted, 1001 are not */
    big[0] = '\0';
    for (int i = 0; i < 1000; i++) {
        strcat(big, "党");
    }
    assert_null(guide_text_refusal(big));
    strcat(big, "党");
    assert_string_equal(guide_text_refusal(big), "must be at most 1000 characters");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overdue_exactly_at_the_limit),
        cmocka_unit_test(leap_day_counts),
        cmocka_unit_test(turn_of_the_year),
        cmocka_unit_test(cutoff_agrees_with_the_rule),
        cmocka_unit_test(contact_and_end_dates),
        cmocka_unit_test(texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
