/* The rules of an evaluation's way up (service/evaluation/stages.c) without a database:
 * stage ranks and what each decision moves an evaluation to. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/evaluation.h"

static void stages_rank_in_order(void **state)
{
    (void)state;
    assert_int_equal(eval_stage_rank("county"), 1);
    assert_int_equal(eval_stage_rank("prefecture"), 2);
    assert_int_equal(eval_stage_rank("province"), 3);
    assert_int_equal(eval_stage_rank("national"), 0);
    assert_int_equal(eval_stage_rank(NULL), 0);
}

static void naming_decides_at_the_stage(void **state)
{
    (void)state;
    const char *stage = NULL, *st = NULL, *named = NULL;
    assert_true(eval_decide_next("name", "prefecture", "pending", &stage, &st, &named));
    assert_string_equal(stage, "prefecture");
    assert_string_equal(st, "named");
    assert_string_equal(named, "prefecture");
    assert_true(eval_decide_next("not_name", "county", "pending", &stage, &st, &named));
    assert_string_equal(st, "not_named");
    assert_null(named);
    assert_false(eval_decide_next("name", "county", "named", &stage, &st, &named)); /* decided already */
    assert_null(st);
}

static void nominating_sends_a_named_one_up(void **state)
{
    (void)state;
    const char *stage = NULL, *st = NULL, *named = NULL;
    assert_true(eval_decide_next("nominate", "county", "named", &stage, &st, &named));
    assert_string_equal(stage, "prefecture");
    assert_string_equal(st, "pending");
    assert_null(named);
    assert_true(eval_decide_next("nominate", "prefecture", "named", &stage, &st, &named));
    assert_string_equal(stage, "province");
    assert_false(eval_decide_next("nominate", "province", "named", &stage, &st, &named)); /* the top */
    assert_false(eval_decide_next("nominate", "county", "pending", &stage, &st, &named)); /* not named yet */
    assert_false(eval_decide_next("nominate", "county", "not_named", &stage, &st, &named));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stages_rank_in_order),
        cmocka_unit_test(naming_decides_at_the_stage),
        cmocka_unit_test(nominating_sends_a_named_one_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
