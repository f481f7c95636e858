/* The rules of death and aftercare without a database (service/care/aftercare_rules.c):
 * complete when every required item is done, the day it was completed, the date of
 * death (not in the future in China time, not before birth; 29 February and the turn of
 * the year), and the survivor's payment paid or not, one of the two. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/aftercare.h"

static struct aftercare_state item(bool required, const char *done_on)
{
    struct aftercare_state s;
    memset(&s, 0, sizeof(s));
    s.required = required;
    snprintf(s.done_on, sizeof(s.done_on), "%s", done_on);
    return s;
}

static void complete_when_every_required_item_is_done(void **st)
{
    (void)st;
    struct aftercare_state s[4] = {item(true, "2026-03-01"), item(true, ""), item(false, ""),
                                   item(true, "2026-02-28")};
    assert_false(aftercare_complete(s, 4));
    s[1] = item(true, "2026-03-02");
    assert_true(aftercare_complete(s, 4)); /* the optional item may stay open */
    s[3] = item(true, "");                 /* undone: open again */
    assert_false(aftercare_complete(s, 4));
    assert_true(aftercare_complete(s, 0));
    struct aftercare_state optional[1] = {item(false, "")};
    assert_true(aftercare_complete(optional, 1));
}

static void completed_on_the_last_required_day(void **st)
{
    (void)st;
    char on[11];
    struct aftercare_state s[3] = {item(true, "2025-12-31"), item(true, "2026-01-01"),
                                   item(false, "2026-02-01")};
    aftercare_completed_on(s, 3, "2026-03-01", on);
    assert_string_equal(on, "2026-01-01"); /* across the year end; the optional item does not count */
    struct aftercare_state none[1] = {item(false, "2026-02-01")};
    aftercare_completed_on(none, 1, "2026-03-01", on);
    assert_string_equal(on, "2026-03-01");
}

static void the_date_of_death(void **st)
{
    (void)st;
    /* today in China is the last day allowed, whatever the UTC date */
    assert_null(aftercare_died_on_problem("2024-02-29", "1930-05-01", "2024-02-29"));
    assert_string_equal(aftercare_died_on_problem("2024-03-01", "1930-05-01", "2024-02-29"),
                        "is in the future");
    assert_null(aftercare_died_on_problem("2025-12-31", "1930-05-01", "2026-01-01"));
    assert_string_equal(aftercare_died_on_problem("2027-01-01", "1930-05-01", "2026-12-31"),
                        "is in the future");
    /* the day of birth itself is possible, the day before is not */
    assert_null(aftercare_died_on_problem("1930-05-01", "1930-05-01", "2026-01-01"));
    assert_string_equal(aftercare_died_on_problem("1930-04-30", "1930-05-01", "2026-01-01"),
                        "is before the member's birth date");
    assert_null(aftercare_died_on_problem("1930-04-30", "", "2026-01-01"));
}

static void the_payment_one_way_or_the_other(void **st)
{
    (void)st;
    const char *field = NULL;
    assert_null(aftercare_payment_problem(true, true, true, false, &field));
    assert_null(aftercare_payment_problem(false, false, false, true, &field));
    assert_non_null(aftercare_payment_problem(false, false, false, false, &field));
    assert_string_equal(field, "recipient");
    assert_non_null(aftercare_payment_problem(true, false, true, false, &field));
    assert_string_equal(field, "paid_on");
    assert_non_null(aftercare_payment_problem(true, true, false, false, &field));
    assert_string_equal(field, "amount_fen");
    assert_non_null(aftercare_payment_problem(true, true, true, true, &field));
    assert_string_equal(field, "not_paid_reason");
    assert_non_null(aftercare_payment_problem(false, false, true, true, &field));
    assert_string_equal(field, "not_paid_reason");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complete_when_every_required_item_is_done),
        cmocka_unit_test(completed_on_the_last_required_day),
        cmocka_unit_test(the_date_of_death),
        cmocka_unit_test(the_payment_one_way_or_the_other),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
