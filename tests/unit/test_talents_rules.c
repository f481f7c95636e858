/* The talent pool's rules without a database: the review workflow, review dates, the
 * review-due bound, category codes, and how a request's candidates are scored and ranked. */
#include "support.h"

#include <string.h>

#include "yinhui/talents_rules.h"

static void steps_name_where_they_lead_and_who_takes_them(void **state)
{
    (void)state;
    const struct talent_step *st = talent_step_to("admitted");
    assert_non_null(st);
    assert_true(talent_step_leaves(st, "under_review"));
    assert_false(talent_step_leaves(st, "applied"));
    assert_false(st->member_may);
    st = talent_step_to("withdrawn");
    assert_non_null(st);
    assert_true(st->member_may);
    assert_true(talent_step_leaves(st, "admitted"));
    assert_false(talent_step_leaves(st, "rejected"));
    assert_true(talent_step_to("rejected")->needs_reason);
    assert_true(talent_step_to("retired")->needs_reason);
    assert_false(talent_step_to("under_review")->needs_reason);
    assert_null(talent_step_to("promoted"));
    assert_null(talent_step_to("applied")); /* nobody steps back to an application */
}

static void review_falls_due_after_the_period(void **state)
{
    (void)state;
    char due[11];
    talent_review_due_on("2026-03-15", 2, due);
    assert_string_equal(due, "2028-03-15");
    talent_review_due_on("2024-02-29", 1, due); /* no 29 February in 2025 */
    assert_string_equal(due, "2025-02-28");
    talent_review_due_on("2024-02-29", 4, due);
    assert_string_equal(due, "2028-02-29");
}

static void due_by_counts_whole_days_in_china_time(void **state)
{
    (void)state;
    char by[11];
    talent_due_by("2026-12-01", 0, by);
    assert_string_equal(by, "2026-12-01");
    talent_due_by("2026-12-01", 31, by);
    assert_string_equal(by, "2027-01-01");
    talent_due_by("2028-02-28", 1, by);
    assert_string_equal(by, "2028-02-29");
}

static void category_codes_are_short_lower_case_words(void **state)
{
    (void)state;
    assert_true(talent_code_ok("medicine"));
    assert_true(talent_code_ok("next_generation2"));
    assert_false(talent_code_ok("m"));
    assert_false(talent_code_ok("Medicine"));
    assert_false(talent_code_ok("law-firm"));
    assert_false(talent_code_ok(""));
    assert_false(talent_code_ok("a23456789012345678901234567890123456789012"));
}

static void csv_items_match_whole(void **state)
{
    (void)state;
    assert_true(talent_csv_has("law,medicine", "medicine"));
    assert_false(talent_csv_has("law,medicines", "medicine"));
    assert_false(talent_csv_has(NULL, "law"));
    assert_false(talent_csv_has("", "law"));
}

static void a_match_scores_category_skills_area_and_rating(void **state)
{
    (void)state;
    struct match_want w = {"medicine", "acupuncture,first_aid", "610322"};
    struct talent_candidate c = {1, "王", "中医", NULL, "610300", "law,medicine", "first_aid,acupuncture",
                                 9, 2};
    char why[320];
    double score = talent_match_score(&w, &c, why, sizeof(why));
    /* 3 + 2 * 2 + 1 (the prefecture) + 4.5 / 5 */
    assert_true(score > 8.89 && score < 8.91);
    assert_string_equal(
        why, "category medicine; skills: acupuncture, first_aid; serves 610322; rated 4.5 in 2 requests");
    struct talent_candidate none = {2, "李", "法律", NULL, "", "law", "", 0, 0};
    assert_true(talent_match_score(&w, &none, why, sizeof(why)) == 0);
    assert_string_equal(why, "");
}

static void ranking_keeps_scores_of_one_best_first(void **state)
{
    (void)state;
    struct match_want w = {"law", "mediation", NULL};
    struct talent_candidate c[] = {
        {1, "a", "s", NULL, "", "medicine", "", 5, 1},     /* 1: the rating alone */
        {2, "b", "s", NULL, "", "law", "", 0, 0},          /* 3 */
        {3, "c", "s", NULL, "", "", "", 4, 1},             /* 0.8: dropped */
        {4, "d", "s", NULL, "", "law", "mediation", 0, 0}, /* 5 */
        {5, "e", "s", NULL, "", "law", "", 0, 0},          /* 3, after 2 */
    };
    struct talent_match m[5];
    size_t n = talent_match_rank(&w, c, 5, m);
    assert_int_equal(n, 4);
    assert_int_equal(c[m[0].index].id, 4);
    assert_int_equal(c[m[1].index].id, 2);
    assert_int_equal(c[m[2].index].id, 5);
    assert_int_equal(c[m[3].index].id, 1);
    assert_string_equal(m[0].why, "category law; skills: mediation");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps_name_where_they_lead_and_who_takes_them),
        cmocka_unit_test(review_falls_due_after_the_period),
        cmocka_unit_test(due_by_counts_whole_days_in_china_time),
        cmocka_unit_test(category_codes_are_short_lower_case_words),
        cmocka_unit_test(csv_items_match_whole),
        cmocka_unit_test(a_match_scores_category_skills_area_and_rating),
        cmocka_unit_test(ranking_keeps_scores_of_one_best_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
