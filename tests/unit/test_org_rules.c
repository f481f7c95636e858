/* The organisation's rules without a database (service/org/org_rules.c): branch size
 * advice, when a branch may be dissolved, age bounds, membership targets, pairing. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/org_rules.h"

static struct branch a_branch(const char *level, int64_t primary)
{
    struct branch b;
    memset(&b, 0, sizeof(b));
    b.id = 7;
    snprintf(b.level, sizeof(b.level), "%s", level);
    snprintf(b.nature, sizeof(b.nature), "regular");
    b.primary_count = primary;
    return b;
}

static struct member a_member(const char *category, const char *status)
{
    struct member m;
    memset(&m, 0, sizeof(m));
    m.id = 11;
    snprintf(m.category, sizeof(m.category), "%s", category);
    snprintf(m.status, sizeof(m.status), "%s", status);
    return m;
}

static void size_advice_for_small_and_large_branches(void **state)
{
    char advice[BRANCH_ADVICE_MAX][160];
    struct branch b = a_branch("branch", 2);
    (void)state;
    assert_int_equal(branch_size_advice(&b, advice), 1);
    assert_string_equal(advice[0], "a branch needs at least 3 formal members; it has 2");
    b.primary_count = 50;
    assert_int_equal(branch_size_advice(&b, advice), 1);
    assert_string_equal(advice[0], "50 formal members: 50 or more suggests a general branch");
    b.primary_count = 10;
    assert_int_equal(branch_size_advice(&b, advice), 0);
    /* only branches get advice, and only while open */
    b = a_branch("general_branch", 1);
    assert_int_equal(branch_size_advice(&b, advice), 0);
    b = a_branch("branch", 1);
    snprintf(b.dissolved_on, sizeof(b.dissolved_on), "2024-01-01");
    assert_int_equal(branch_size_advice(&b, advice), 0);
}

static void dissolving_needs_an_empty_open_branch(void **state)
{
    char msg[160];
    struct branch b = a_branch("branch", 0);
    (void)state;
    assert_true(branch_may_dissolve(&b, 0, msg, sizeof(msg)));
    assert_false(branch_may_dissolve(&b, 2, msg, sizeof(msg)));
    assert_string_equal(msg, "the branch still has 2 open sub-organisations");
    b.primary_count = 4;
    assert_false(branch_may_dissolve(&b, 2, msg, sizeof(msg)));
    assert_string_equal(msg, "the branch still has 4 active primary members; move them first");
    snprintf(b.dissolved_on, sizeof(b.dissolved_on), "2024-05-06");
    assert_false(branch_may_dissolve(&b, 0, msg, sizeof(msg)));
    assert_string_equal(msg, "the branch was dissolved on 2024-05-06");
}

static void age_bounds_follow_the_calendar_year(void **state)
{
    char d[11];
    (void)state;
    member_age_bound("2025-03-01", 70, false, d); /* age >= 70: born in 1955 or before */
    assert_string_equal(d, "1955-12-31");
    member_age_bound("2025-12-31", 70, true, d); /* age <= 70: born after 1954 */
    assert_string_equal(d, "1954-12-31");
    member_age_bound("2025-03-01", 130, true, d);
    assert_string_equal(d, "1894-12-31");
}

static void membership_targets(void **state)
{
    struct branch b = a_branch("branch", 5);
    struct member m = a_member("retired", "active");
    (void)state;
    assert_null(membership_target_refusal(&b, &m, "primary"));
    assert_non_null(strstr(membership_target_refusal(&b, &m, "participating"), "functional or temporary"));
    snprintf(b.nature, sizeof(b.nature), "functional");
    assert_null(membership_target_refusal(&b, &m, "participating"));
    m.branch_id = b.id;
    assert_string_equal(membership_target_refusal(&b, &m, "participating"),
                        "this is the member's primary branch");
    snprintf(b.dissolved_on, sizeof(b.dissolved_on), "2024-01-01");
    assert_string_equal(membership_target_refusal(&b, &m, "primary"), "the branch is dissolved");
}

static void pairing_rules(void **state)
{
    struct member m = a_member("retired", "active");
    struct member l = a_member("in_service", "active");
    struct pairing_verdict v;
    (void)state;
    pairing_decide(&m, &l, 12, 3, 30, &v);
    assert_null(v.field_error);
    assert_string_equal(v.conflict, "");
    pairing_decide(&m, &l, 12, 30, 30, &v);
    assert_string_equal(v.conflict, "the liaison already looks after 30 members (cap 30)");
    m.liaison_id = 12;
    pairing_decide(&m, &l, 12, 3, 30, &v);
    assert_string_equal(v.conflict, "the member is already paired with this liaison");
    snprintf(m.status, sizeof(m.status), "deceased");
    pairing_decide(&m, &l, 13, 3, 30, &v);
    assert_string_equal(v.conflict, "the member is not active");
    m = a_member("in_service", "active");
    pairing_decide(&m, &l, 12, 3, 30, &v);
    assert_string_equal(v.field_error, "liaisons are paired with retired members, not in-service ones");
    l = a_member("retired", "active");
    pairing_decide(&m, &l, 12, 3, 30, &v);
    assert_string_equal(v.field_error, "a liaison is an active in-service member (在职)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(size_advice_for_small_and_large_branches),
        cmocka_unit_test(dissolving_needs_an_empty_open_branch),
        cmocka_unit_test(age_bounds_follow_the_calendar_year),
        cmocka_unit_test(membership_targets),
        cmocka_unit_test(pairing_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
