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
    /* a temporary branch holds participants: no size advice for its formal members (none
     * by the rule); formal members left from before the rule are pointed out */
    b = a_branch("branch", 0);
    snprintf(b.nature, sizeof(b.nature), "temporary");
    assert_int_equal(branch_size_advice(&b, advice), 0);
    b.primary_count = 4;
    assert_int_equal(branch_size_advice(&b, advice), 1);
    assert_string_equal(advice[0], "4 formal members here: 组织关系 belongs in a regular branch; move them");
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
    /* formal affiliation (组织关系) only in a regular branch (RULES.md, Temporary and
     * functional branches) */
    assert_string_equal(membership_target_refusal(&b, &m, "primary"), AFFILIATION_RULE);
    snprintf(b.nature, sizeof(b.nature), "temporary");
    assert_string_equal(membership_target_refusal(&b, &m, "primary"), AFFILIATION_RULE);
    assert_null(membership_target_refusal(&b, &m, "participating"));
    m.branch_id = b.id;
    assert_string_equal(membership_target_refusal(&b, &m, "participating"),
                        "this is the member's primary branch");
    snprintf(b.dissolved_on, sizeof(b.dissolved_on), "2024-01-01");
    assert_string_equal(membership_target_refusal(&b, &m, "primary"), "the branch is dissolved");
}

static void a_regular_branch_with_formal_members_keeps_its_nature(void **state)
{
    struct branch b = a_branch("branch", 5);
    char msg[300] = "";
    (void)state;
    assert_true(branch_nature_change_allowed(&b, "regular", msg, sizeof(msg)));
    assert_false(branch_nature_change_allowed(&b, "temporary", msg, sizeof(msg)));
    assert_non_null(strstr(msg, "of 5 members"));
    assert_non_null(strstr(msg, "组织关系"));
    assert_false(branch_nature_change_allowed(&b, "functional", msg, sizeof(msg)));
    b.primary_count = 0;
    assert_true(branch_nature_change_allowed(&b, "temporary", msg, sizeof(msg)));
    /* a temporary branch holds no formal members: it may become regular */
    b.primary_count = 3;
    snprintf(b.nature, sizeof(b.nature), "temporary");
    assert_true(branch_nature_change_allowed(&b, "regular", msg, sizeof(msg)));
}

/* held[] with one month set to n */
static void held_in(int held[12], int month, int n)
{
    memset(held, 0, 12 * sizeof(int));
    if (month > 0) {
        held[month - 1] = n;
    }
}

static void group_meetings_month_by_month(void **state)
{
    struct group_month g[12];
    int held[12];
    (void)state;
    /* a past year, formed long before: each month without a meeting is missed */
    held_in(held, 3, 2);
    assert_int_equal(group_meetings_judge(2025, "2020-01-01", "2026-06-15", held, g), 11);
    assert_string_equal(g[2].state, "met");
    assert_int_equal(g[2].held, 2);
    assert_int_equal(g[2].month, 3);
    assert_string_equal(g[0].state, "missed");
    assert_string_equal(g[11].state, "missed");
    /* two meetings in March do not make up for February (a monthly rule) */
    assert_string_equal(g[1].state, "missed");
    /* the current month is open until it ends; first day of a month: the one before is over */
    held_in(held, 0, 0);
    assert_int_equal(group_meetings_judge(2026, "2020-01-01", "2026-03-01", held, g), 2);
    assert_string_equal(g[1].state, "missed");
    assert_string_equal(g[2].state, "open");
    assert_string_equal(g[3].state, "not_due");
    /* the last day of February in a leap year: February still open */
    assert_int_equal(group_meetings_judge(2028, "2020-01-01", "2028-02-29", held, g), 1);
    assert_string_equal(g[1].state, "open");
    /* the turn of the year: 31 December is still open, on 1 January December is missed */
    assert_int_equal(group_meetings_judge(2026, "2020-01-01", "2026-12-31", held, g), 11);
    assert_string_equal(g[11].state, "open");
    assert_int_equal(group_meetings_judge(2026, "2020-01-01", "2027-01-01", held, g), 12);
    assert_string_equal(g[11].state, "missed");
    /* a year ahead: nothing due */
    assert_int_equal(group_meetings_judge(2027, "2020-01-01", "2026-05-05", held, g), 0);
    assert_string_equal(g[0].state, "not_due");
}

static void group_meetings_from_the_month_formed(void **state)
{
    struct group_month g[12];
    int held[12];
    (void)state;
    /* formed on 2 April: April is not due (unless met), May on is judged */
    held_in(held, 0, 0);
    assert_int_equal(group_meetings_judge(2026, "2026-04-02", "2026-07-10", held, g), 2);
    assert_string_equal(g[2].state, "not_due");
    assert_string_equal(g[3].state, "not_due");
    assert_string_equal(g[4].state, "missed");
    assert_string_equal(g[5].state, "missed");
    assert_string_equal(g[6].state, "open");
    /* formed on the first of April: April is judged */
    assert_int_equal(group_meetings_judge(2026, "2026-04-01", "2026-07-10", held, g), 3);
    assert_string_equal(g[3].state, "missed");
    /* a meeting in the month of forming counts */
    held_in(held, 4, 1);
    assert_int_equal(group_meetings_judge(2026, "2026-04-02", "2026-07-10", held, g), 2);
    assert_string_equal(g[3].state, "met");
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
        cmocka_unit_test(a_regular_branch_with_formal_members_keeps_its_nature),
        cmocka_unit_test(group_meetings_month_by_month),
        cmocka_unit_test(group_meetings_from_the_month_formed),
        cmocka_unit_test(pairing_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
