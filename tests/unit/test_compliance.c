/* The compliance rule (三会一课 and a branch's year, RULES.md) without a database: each
 * rule judged per period of its own, only activities that took place, the member
 * meeting's quorum, the secretary's lecture, the natures' own rules; boundaries: the
 * first hour of a month, the turn of the year in China time, quarter ends, 29 February. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/compliance.h"

/* An activity of branch 7 held at held_at (China time). */
static struct compliance_act act(const char *kind, const char *held_at)
{
    struct compliance_act a;
    memset(&a, 0, sizeof(a));
    a.branch_id = 7;
    snprintf(a.kind, sizeof(a.kind), "%s", kind);
    snprintf(a.held_at, sizeof(a.held_at), "%s", held_at);
    return a;
}

/* The judged period of kind with index among p[0..n) (NULL when absent). */
static const struct compliance_period *period_of(const struct compliance_period *p, size_t n,
                                                 const char *kind, int index)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(p[i].rule->kind, kind) == 0 && p[i].index == index) {
            return &p[i];
        }
    }
    return NULL;
}

static void periods_and_their_bounds(void **s)
{
    (void)s;
    char from[11], to[11], label[12];
    assert_int_equal(compliance_periods("month"), 12);
    assert_int_equal(compliance_periods("quarter"), 4);
    assert_int_equal(compliance_periods("year"), 1);
    assert_int_equal(compliance_periods("fortnight"), 0);
    /* the first hour of a month belongs to it; the last second of a quarter to that quarter */
    assert_int_equal(compliance_period_index("month", "2026-03-01 00:30:00"), 2);
    assert_int_equal(compliance_period_index("month", "2026-02-28 23:59:59"), 1);
    assert_int_equal(compliance_period_index("quarter", "2026-03-31 23:59:59"), 0);
    assert_int_equal(compliance_period_index("quarter", "2026-04-01 00:00:00"), 1);
    assert_int_equal(compliance_period_index("quarter", "2026-12-31 23:50:00"), 3);
    assert_int_equal(compliance_period_index("year", "2026-12-31 23:50:00"), 0);
    /* February of a leap year runs to 1 March: 29 February is in it */
    compliance_period_bounds(2028, "month", 1, from, to);
    assert_string_equal(from, "2028-02-01");
    assert_string_equal(to, "2028-03-01");
    assert_int_equal(compliance_period_index("month", "2028-02-29 10:00:00"), 1);
    compliance_period_bounds(2026, "quarter", 3, from, to);
    assert_string_equal(from, "2026-10-01");
    assert_string_equal(to, "2027-01-01");
    compliance_period_bounds(2026, "month", 11, from, to);
    assert_string_equal(to, "2027-01-01");
    compliance_period_bounds(2026, "year", 0, from, to);
    assert_string_equal(from, "2026-01-01");
    assert_string_equal(to, "2027-01-01");
    compliance_period_label(2026, "month", 2, label);
    assert_string_equal(label, "2026-03");
    compliance_period_label(2026, "quarter", 3, label);
    assert_string_equal(label, "2026-Q4");
    compliance_period_label(2026, "year", 0, label);
    assert_string_equal(label, "2026");
    assert_true(compliance_in_quarter("month", 2, 1));
    assert_false(compliance_in_quarter("month", 3, 1));
    assert_true(compliance_in_quarter("quarter", 1, 2));
    assert_true(compliance_in_quarter("year", 0, 3));
    /* a missed period counts in the quarter it ends in */
    assert_int_equal(compliance_period_quarter("month", 0), 1);
    assert_int_equal(compliance_period_quarter("month", 2), 1);
    assert_int_equal(compliance_period_quarter("month", 3), 2);
    assert_int_equal(compliance_period_quarter("month", 11), 4);
    assert_int_equal(compliance_period_quarter("quarter", 2), 3);
    assert_int_equal(compliance_period_quarter("year", 0), 4);
    assert_int_equal(compliance_quarters_begun(2026, "2026-03-31"), 1);
    assert_int_equal(compliance_quarters_begun(2026, "2026-04-01"), 2);
    assert_int_equal(compliance_quarters_begun(2026, "2026-12-02"), 4);
    assert_int_equal(compliance_quarters_begun(2025, "2026-01-01"), 4);
    assert_int_equal(compliance_quarters_begun(2027, "2026-12-31"), 0);
}

static void period_states_follow_the_day(void **s)
{
    (void)s;
    /* March 2026 on 28 February: not begun; on 1 March: under way; on 1 April: over */
    assert_int_equal(compliance_period_state(2026, "month", 2, "", "2026-02-28", 0, 1), CS_FUTURE);
    assert_int_equal(compliance_period_state(2026, "month", 2, "", "2026-03-01", 0, 1), CS_OPEN);
    assert_int_equal(compliance_period_state(2026, "month", 2, "", "2026-03-31", 0, 1), CS_OPEN);
    assert_int_equal(compliance_period_state(2026, "month", 2, "", "2026-04-01", 0, 1), CS_MISSING);
    assert_int_equal(compliance_period_state(2026, "month", 2, "", "2026-03-01", 1, 1), CS_MET);
    /* the year's items: open through 31 December, missing from 1 January (China time) */
    assert_int_equal(compliance_period_state(2026, "year", 0, NULL, "2026-12-31", 0, 1), CS_OPEN);
    assert_int_equal(compliance_period_state(2026, "year", 0, NULL, "2027-01-01", 0, 1), CS_MISSING);
    /* a branch founded after a period began is not held to it; founded on its first day it is */
    assert_int_equal(compliance_period_state(2026, "quarter", 0, "2026-01-02", "2026-05-01", 0, 1),
                     CS_NOT_JUDGED);
    assert_int_equal(compliance_period_state(2026, "quarter", 0, "2026-01-01", "2026-05-01", 0, 1),
                     CS_MISSING);
    assert_string_equal(compliance_state_name(CS_MISSING), "missing");
    assert_string_equal(compliance_state_name(CS_NOT_JUDGED), "not_judged");
}

static void monthly_rule_is_judged_month_by_month(void **s)
{
    (void)s;
    /* the case: three committee meetings in March do not make up January and
     * February */
    struct orglife_rule rules[] = {{"regular", "committee_meeting", "month", 1}};
    struct compliance_act acts[] = {act("committee_meeting", "2026-03-02 09:00:00"),
                                    act("committee_meeting", "2026-03-10 09:00:00"),
                                    act("committee_meeting", "2026-03-31 23:59:59")};
    struct compliance_period p[COMPLIANCE_PERIODS_MAX];
    size_t n = compliance_judge(rules, 1, "regular", 2026, "2026-04-01 00:30:00", "", acts, 3, p,
                                COMPLIANCE_PERIODS_MAX);
    assert_int_equal(n, 12);
    assert_int_equal(period_of(p, n, "committee_meeting", 0)->state, CS_MISSING);
    assert_int_equal(period_of(p, n, "committee_meeting", 1)->state, CS_MISSING);
    assert_int_equal(period_of(p, n, "committee_meeting", 2)->held, 3);
    assert_int_equal(period_of(p, n, "committee_meeting", 2)->state, CS_MET);
    /* April has begun (its first hour) and is under way; May is to come */
    assert_int_equal(period_of(p, n, "committee_meeting", 3)->state, CS_OPEN);
    assert_int_equal(period_of(p, n, "committee_meeting", 4)->state, CS_FUTURE);
}

static void only_activities_that_took_place_count(void **s)
{
    (void)s;
    struct orglife_rule rules[] = {{"regular", "theme_day", "month", 1}};
    struct compliance_act acts[] = {act("theme_day", "2026-06-10 09:00:00")};
    struct compliance_period p[COMPLIANCE_PERIODS_MAX];
    /* scheduled for 09:00 on the 10th: not counted at 08:59, counted from 09:00 */
    size_t n = compliance_judge(rules, 1, "regular", 2026, "2026-06-10 08:59:59", "", acts, 1, p, 12);
    assert_int_equal(period_of(p, n, "theme_day", 5)->held, 0);
    assert_false(compliance_counts(&rules[0], &acts[0], "2026-06-10 08:59:59"));
    n = compliance_judge(rules, 1, "regular", 2026, "2026-06-10 09:00:00", "", acts, 1, p, 12);
    assert_int_equal(period_of(p, n, "theme_day", 5)->held, 1);
    assert_int_equal(period_of(p, n, "theme_day", 5)->state, CS_MET);
    /* the turn of the year in China time: 23:50 on 31 December counts for that year, not
     * the next */
    struct orglife_rule yearly[] = {{"regular", "org_life_meeting", "year", 1}};
    struct compliance_act late = act("org_life_meeting", "2026-12-31 23:50:00");
    n = compliance_judge(yearly, 1, "regular", 2026, "2027-01-01 00:10:00", "", &late, 1, p, 12);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].state, CS_MET);
    n = compliance_judge(yearly, 1, "regular", 2027, "2027-01-01 00:10:00", "", &late, 1, p, 12);
    assert_int_equal(p[0].held, 0);
    assert_int_equal(p[0].state, CS_OPEN);
}

static void member_meeting_needs_more_than_half(void **s)
{
    (void)s;
    assert_false(compliance_quorate(5, 10)); /* exactly half is not more than half */
    assert_true(compliance_quorate(6, 10));
    assert_true(compliance_quorate(4, 7));
    assert_false(compliance_quorate(3, 7));
    assert_false(compliance_quorate(0, 0)); /* no voting member recorded: cannot decide */
    struct orglife_rule rules[] = {{"regular", "member_meeting", "quarter", 1}};
    struct compliance_act acts[] = {act("member_meeting", "2026-02-15 15:00:00"),
                                    act("member_meeting", "2026-05-15 15:00:00")};
    acts[0].voters = 10;
    acts[0].present = 5;
    acts[1].voters = 10;
    acts[1].present = 6;
    struct compliance_period p[COMPLIANCE_PERIODS_MAX];
    size_t n = compliance_judge(rules, 1, "regular", 2026, "2026-07-01 00:00:00", "", acts, 2, p, 12);
    /* the first quarter's meeting lacked its quorum: flagged, not counted */
    assert_true(compliance_flagged(&acts[0], "2026-07-01 00:00:00"));
    assert_false(compliance_flagged(&acts[1], "2026-07-01 00:00:00"));
    assert_int_equal(period_of(p, n, "member_meeting", 0)->state, CS_MISSING);
    assert_int_equal(period_of(p, n, "member_meeting", 1)->state, CS_MET);
    /* a meeting still to come is not flagged */
    assert_false(compliance_flagged(&acts[0], "2026-02-15 14:59:59"));
}

static void the_secretary_gives_the_yearly_lecture(void **s)
{
    (void)s;
    struct orglife_rule rules[] = {{"regular", "secretary_lecture", "year", 1},
                                   {"regular", "lecture", "quarter", 1}};
    struct compliance_act acts[] = {act("lecture", "2026-03-20 09:30:00"),
                                    act("lecture", "2026-05-20 09:30:00")};
    struct compliance_period p[COMPLIANCE_PERIODS_MAX];
    /* two lectures by others: the lecture rule is met in their quarters, the secretary's is not */
    size_t n = compliance_judge(rules, 2, "regular", 2026, "2027-01-01 00:10:00", "", acts, 2, p, 24);
    assert_int_equal(n, 5);
    assert_int_equal(period_of(p, n, "secretary_lecture", 0)->state, CS_MISSING);
    assert_int_equal(period_of(p, n, "lecture", 0)->state, CS_MET);
    assert_int_equal(period_of(p, n, "lecture", 2)->state, CS_MISSING);
    acts[1].by_secretary = true;
    n = compliance_judge(rules, 2, "regular", 2026, "2027-01-01 00:10:00", "", acts, 2, p, 24);
    assert_int_equal(period_of(p, n, "secretary_lecture", 0)->state, CS_MET);
}

static void natures_are_judged_by_their_own_rules(void **s)
{
    (void)s;
    struct orglife_rule rules[RULES_MAX];
    size_t nr = compliance_default_rules("regular", rules, RULES_MAX);
    nr += compliance_default_rules("temporary", rules + nr, RULES_MAX - nr);
    /* the regular default holds the 条例's items, the yearly ones included */
    assert_int_equal(nr, 8);
    assert_string_equal(rules[0].nature, "regular");
    assert_string_equal(rules[7].nature, "temporary");
    assert_string_equal(rules[7].kind, "study");
    /* a temporary class branch with a study each quarter is not held to committee meetings */
    struct compliance_act acts[] = {act("study", "2026-02-01 09:00:00"), act("study", "2026-05-01 09:00:00")};
    struct compliance_period p[COMPLIANCE_PERIODS_MAX];
    size_t n = compliance_judge(rules, nr, "temporary", 2026, "2026-07-01 00:00:00", "", acts, 2, p,
                                COMPLIANCE_PERIODS_MAX);
    assert_int_equal(n, 4);
    assert_int_equal(period_of(p, n, "study", 0)->state, CS_MET);
    assert_int_equal(period_of(p, n, "study", 1)->state, CS_MET);
    assert_int_equal(period_of(p, n, "study", 2)->state, CS_OPEN);
    assert_null(period_of(p, n, "committee_meeting", 0));
    /* the same studies held by a regular branch meet nothing of its rules */
    n = compliance_judge(rules, nr, "regular", 2026, "2026-07-01 00:00:00", "", acts, 2, p,
                         COMPLIANCE_PERIODS_MAX);
    assert_int_equal(n, 12 + 12 + 4 + 4);
    assert_int_equal(period_of(p, n, "committee_meeting", 0)->state, CS_MISSING);
    assert_int_equal(period_of(p, n, "org_life_meeting", 0)->state, CS_OPEN);
    /* out is bounded by max */
    assert_int_equal(compliance_judge(rules, nr, "regular", 2026, "2026-07-01 00:00:00", "", acts, 2, p, 5),
                     5);
}

/* The tallies count each activity once for its kind (a member meeting only with its
 * quorum) and a secretary's lecture again for secretary_lecture, month by month, whenever
 * held; one kind each, bounded by max. */
static void tallies_count_what_the_rule_counts(void **s)
{
    (void)s;
    struct compliance_tally t[RULE_KINDS];
    size_t n = 0;
    struct compliance_act a[] = {
        act("theme_day", "2026-01-31 23:59:59"),      act("theme_day", "2026-02-01 00:00:00"),
        act("member_meeting", "2026-03-02 09:00:00"), act("member_meeting", "2026-03-09 09:00:00"),
        act("lecture", "2026-12-31 20:00:00"),        act("lecture", "2026-12-01 20:00:00")};
    a[2].voters = 10, a[2].present = 5; /* half: no quorum */
    a[3].voters = 10, a[3].present = 6;
    a[4].by_secretary = true;
    for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
        compliance_tally_add(t, &n, RULE_KINDS, &a[i]);
    }
    assert_int_equal(n, 4);
    assert_string_equal(t[0].kind, "theme_day");
    assert_int_equal(t[0].month[0], 1);
    assert_int_equal(t[0].month[1], 1);
    assert_string_equal(t[1].kind, "member_meeting");
    assert_int_equal(t[1].month[2], 1);
    assert_string_equal(t[2].kind, "lecture");
    assert_int_equal(t[2].month[11], 2);
    assert_string_equal(t[3].kind, "secretary_lecture");
    assert_int_equal(t[3].month[11], 1);
    assert_int_equal(t[3].branch_id, 7);
    /* a kind beyond max is dropped, not written past the array */
    struct compliance_act other = act("study", "2026-05-05 10:00:00");
    compliance_tally_add(t, &n, 4, &other);
    assert_int_equal(n, 4);
}

/* Judged on tallies a closed period is what the activities give; an activity not yet
 * held can make an open period met, never a closed one missing or met. */
static void tallies_judge_as_the_activities_do(void **s)
{
    (void)s;
    struct orglife_rule rules[RULES_MAX];
    size_t nr = compliance_default_rules("regular", rules, RULES_MAX);
    struct compliance_period p[COMPLIANCE_PERIODS_MAX], q[COMPLIANCE_PERIODS_MAX];
    struct compliance_tally t[RULE_KINDS];
    size_t nt = 0;
    struct compliance_act a[] = {
        act("committee_meeting", "2026-01-10 09:00:00"), act("member_meeting", "2026-02-10 09:00:00"),
        act("lecture", "2026-05-10 09:00:00"), act("committee_meeting", "2026-06-20 09:00:00")};
    a[1].voters = 3, a[1].present = 2;
    a[2].by_secretary = true;
    const char *now = "2026-06-10 12:00:00";
    size_t n =
        compliance_judge(rules, nr, "regular", 2026, now, "2025-01-01", a, 4, p, COMPLIANCE_PERIODS_MAX);
    for (size_t i = 0; i < 4; i++) {
        compliance_tally_add(t, &nt, RULE_KINDS, &a[i]);
    }
    size_t m = compliance_judge_tallies(rules, nr, "regular", 2026, "2026-06-10", "2025-01-01", t, nt, q,
                                        COMPLIANCE_PERIODS_MAX);
    assert_int_equal(m, n);
    for (size_t i = 0; i < n; i++) {
        char from[11], to[11];
        compliance_period_bounds(2026, p[i].rule->period, p[i].index, from, to);
        assert_ptr_equal(q[i].rule, p[i].rule);
        assert_int_equal(q[i].index, p[i].index);
        if (strcmp(to, "2026-06-10") <= 0 || strcmp(from, "2026-06-10") > 0) {
            assert_int_equal(q[i].held, p[i].held);
            assert_int_equal(q[i].state, p[i].state);
        }
        assert_true((q[i].state == CS_MISSING) == (p[i].state == CS_MISSING));
    }
    /* June's committee meeting on the 20th: held 0 and open by the activities, met by the tallies */
    assert_int_equal(period_of(p, n, "committee_meeting", 5)->state, CS_OPEN);
    assert_int_equal(period_of(q, m, "committee_meeting", 5)->state, CS_MET);
    assert_int_equal(period_of(q, m, "committee_meeting", 0)->state, CS_MET);
    assert_int_equal(period_of(q, m, "committee_meeting", 1)->state, CS_MISSING);
    assert_int_equal(period_of(q, m, "member_meeting", 0)->state, CS_MET);
    assert_int_equal(period_of(q, m, "secretary_lecture", 0)->held, 1);
    /* no tallies: nothing held */
    m = compliance_judge_tallies(rules, nr, "regular", 2026, "2026-06-10", "", t, 0, q,
                                 COMPLIANCE_PERIODS_MAX);
    assert_int_equal(period_of(q, m, "committee_meeting", 0)->state, CS_MISSING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(periods_and_their_bounds),
        cmocka_unit_test(period_states_follow_the_day),
        cmocka_unit_test(monthly_rule_is_judged_month_by_month),
        cmocka_unit_test(only_activities_that_took_place_count),
        cmocka_unit_test(member_meeting_needs_more_than_half),
        cmocka_unit_test(the_secretary_gives_the_yearly_lecture),
        cmocka_unit_test(natures_are_judged_by_their_own_rules),
        cmocka_unit_test(tallies_count_what_the_rule_counts),
        cmocka_unit_test(tallies_judge_as_the_activities_do),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
