/* The rules of an evaluation's way up (三级联创): the stages and what a decision moves it
 * to. Plain functions, without the database (tests/unit/test_evaluation_rules.c). */
#include <string.h>

#include "yinhui/evaluation.h"

const char *const eval_stages[] = {"county", "prefecture", "province", NULL};

/* See evaluation.h. */
int eval_stage_rank(const char *stage)
{
    for (int i = 0; stage && eval_stages[i]; i++) {
        if (strcmp(eval_stages[i], stage) == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* See evaluation.h. */
bool eval_decide_next(const char *action, const char *stage, const char *state, const char **to_stage,
                      const char **to_state, const char **named)
{
    int rank = eval_stage_rank(stage);
    *to_stage = stage;
    *to_state = NULL;
    *named = NULL;
    if (strcmp(action, "name") == 0 && strcmp(state, "pending") == 0) {
        *to_state = "named";
        *named = stage;
    } else if (strcmp(action, "not_name") == 0 && strcmp(state, "pending") == 0) {
        *to_state = "not_named";
    } else if (strcmp(action, "nominate") == 0 && strcmp(state, "named") == 0 && rank > 0 && rank < 3) {
        *to_stage = eval_stages[rank];
        *to_state = "pending";
    }
    return *to_state != NULL;
}
