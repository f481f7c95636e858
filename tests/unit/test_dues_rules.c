/* The party dues standard without a database (中组发〔2008〕3号): the retired and
 * in-service brackets at each boundary (a fen either side), the rounding, reductions,
 * the month's judgement, the 1,000-yuan rule, advance payment, temporary branches and
 * the months a year owes. */
#include "support.h"

#include <string.h>

#include "yinhui/dues_rules.h"

static void retired_brackets_at_5000_yuan(void **s)
{
    (void)s;
    /* ≤ 5,000 yuan (inclusive) 0.5%, above it 1% of the whole base */
    assert_int_equal(dues_rate_bp("retired", 499999), 50);
    assert_int_equal(dues_rate_bp("retired", 500000), 50);
    assert_int_equal(dues_rate_bp("retired", 500001), 100);
    assert_int_equal(dues_rate_bp("lixiu", 500000), 50);
    assert_int_equal(dues_rate_bp("lixiu", 500001), 100);
    assert_int_equal(dues_standard_fen("retired", 500000), 2500); /* 25.00 yuan */
    assert_int_equal(dues_standard_fen("retired", 500100), 5001); /* the whole base at 1%, not marginal */
    assert_int_equal(dues_standard_fen("lixiu", 800000), 8000);
    assert_int_equal(dues_standard_fen("retired", 0), 0);
}

static void in_service_brackets_at_3000_5000_10000_yuan(void **s)
{
    (void)s;
    assert_int_equal(dues_rate_bp("in_service", 300000), 50);
    assert_int_equal(dues_rate_bp("in_service", 300001), 100);
    assert_int_equal(dues_rate_bp("in_service", 500000), 100);
    assert_int_equal(dues_rate_bp("in_service", 500001), 150);
    assert_int_equal(dues_rate_bp("in_service", 1000000), 150);
    assert_int_equal(dues_rate_bp("in_service", 1000001), 200);
    assert_int_equal(dues_standard_fen("in_service", 300000), 1500);
    assert_int_equal(dues_standard_fen("in_service", 500000), 5000);
    assert_int_equal(dues_standard_fen("in_service", 1000000), 15000);
    assert_int_equal(dues_standard_fen("in_service", 1200000), 24000);
}

static void rounding_to_the_nearest_fen_halves_up(void **s)
{
    (void)s;
    /* 3,333.33 yuan at 1%: 3,333.3333 fen → 3,333 */
    assert_int_equal(dues_standard_fen("in_service", 333333), 3333);
    /* 101 fen at 0.5% = 0.505 fen → 1; 99 fen → 0.495 → 0 */
    assert_int_equal(dues_standard_fen("retired", 101), 1);
    assert_int_equal(dues_standard_fen("retired", 99), 0);
    /* 4,567.89 yuan at 0.5% = 2,283.945 fen → 2,284 */
    assert_int_equal(dues_standard_fen("retired", 456789), 2284);
}

static void reductions_and_the_month_judged(void **s)
{
    (void)s;
    assert_int_equal(dues_month_due(2500, -1), 2500); /* no reduction */
    assert_int_equal(dues_month_due(2500, 1000), 1000);
    assert_int_equal(dues_month_due(2500, 0), 0);       /* exempt */
    assert_int_equal(dues_month_due(2500, 3000), 2500); /* a reduction never raises it */
    assert_int_equal(dues_month_judge(true, 2500, true, 2500), DUES_PAID);
    assert_int_equal(dues_month_judge(true, 2500, true, 2499), DUES_UNDERPAID);
    assert_int_equal(dues_month_judge(true, 2500, false, 0), DUES_UNPAID);
    assert_int_equal(dues_month_judge(true, 0, false, 0), DUES_PAID); /* exempt owes nothing */
    assert_int_equal(dues_month_judge(false, 0, true, 1), DUES_PAID); /* no base: only missing months */
    assert_int_equal(dues_month_judge(false, 0, false, 0), DUES_UNPAID);
}

static void voluntary_payment_of_1000_yuan_goes_to_the_centre(void **s)
{
    (void)s;
    assert_int_equal(dues_voluntary_fen(true, 2500, 102500), 100000);
    assert_true(dues_remit_to_centre(dues_voluntary_fen(true, 2500, 102500)));
    assert_false(dues_remit_to_centre(dues_voluntary_fen(true, 2500, 102499))); /* 999.99 yuan */
    assert_int_equal(dues_voluntary_fen(true, 2500, 2000), 0);
    assert_int_equal(dues_voluntary_fen(false, 0, 500000), 0); /* no base: excess unknown */
}

static void advance_payment_and_branch_nature(void **s)
{
    (void)s;
    assert_false(dues_in_advance("2026-03", "2026-03-01"));
    assert_false(dues_in_advance("2026-02", "2026-03-31")); /* paying late is not in advance */
    assert_true(dues_in_advance("2026-04", "2026-03-31"));
    assert_true(dues_in_advance("2027-01", "2026-12-31")); /* the turn of the year */
    assert_null(dues_branch_refusal("regular"));
    assert_non_null(strstr(dues_branch_refusal("temporary"), "temporary"));
    assert_non_null(dues_branch_refusal("functional"));
}

static void months_a_year_owes(void **s)
{
    (void)s;
    int f = 0, l = 0;
    assert_true(dues_year_months(2025, "1970-07", "2026-03-01", &f, &l));
    assert_int_equal(f, 1);
    assert_int_equal(l, 12);
    assert_true(dues_year_months(2026, "1970-07", "2026-03-01", &f, &l)); /* first day of March */
    assert_int_equal(l, 3);
    assert_true(dues_year_months(2028, "2028-02", "2028-02-29", &f, &l)); /* joined this year, on 29 February */
    assert_int_equal(f, 2);
    assert_int_equal(l, 2);
    assert_true(dues_year_months(2026, "", "2026-12-31", &f, &l));
    assert_int_equal(f, 1);
    assert_int_equal(l, 12);
    assert_false(dues_year_months(2027, "1970-07", "2026-12-31", &f, &l)); /* the year has not begun */
    assert_false(dues_year_months(2025, "2026-01", "2026-01-01", &f, &l)); /* joined after it */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retired_brackets_at_5000_yuan),
        cmocka_unit_test(in_service_brackets_at_3000_5000_10000_yuan),
        cmocka_unit_test(rounding_to_the_nearest_fen_halves_up),
        cmocka_unit_test(reductions_and_the_month_judged),
        cmocka_unit_test(voluntary_payment_of_1000_yuan_goes_to_the_centre),
        cmocka_unit_test(advance_payment_and_branch_nature),
        cmocka_unit_test(months_a_year_owes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
