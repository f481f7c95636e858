#ifndef YINHUI_EVALUATION_H
#define YINHUI_EVALUATION_H

#include <stdbool.h>
#include <stddef.h>

#include "yinhui/eval_db.h"
#include "yinhui/router.h"

struct req;

/* The evaluation domain: its part of the route table (service/evaluation/routes.c) and its handlers. */
extern const struct route evaluation_routes[];
extern const size_t evaluation_nroutes;
/* sheets.c */
void esheets_list(struct req *r);
void esheets_create(struct req *r);
void esheets_get(struct req *r);
/* evaluations.c */
void evals_list(struct req *r);
void evals_create(struct req *r);
void evals_get(struct req *r);
void evals_patch(struct req *r);
void evals_decide(struct req *r);

/* The caller's level as a stage rank (evaluations.c; 0: not an office that decides). */
int eval_caller_rank(const struct req *r);
/* What the caller sees of the way up (evaluations.c; 两优一先 shares it): a secretary its
 * own branch's; staff and integrations their office's and what reached their level from
 * the offices under it. */
struct eval_scope eval_scope_of(const struct req *r);

/* stages.c: the rules of the way up, without the database. */
/* "county", "prefecture", "province", NULL. */
extern const char *const eval_stages[];
/* 1 county, 2 prefecture, 3 province (0: unknown or NULL). */
int eval_stage_rank(const char *stage);
/* What action ("name", "not_name", "nominate") does to an evaluation at stage in state:
 * name and not_name decide a pending one at its stage (named_level becomes the stage when
 * named), nominate sends a named one to the next stage, pending (not from the province).
 * Sets *to_stage, *to_state and *named (NULL: unchanged); false when the action does not
 * apply (then *to_state is NULL). */
bool eval_decide_next(const char *action, const char *stage, const char *state, const char **to_stage,
                      const char **to_state, const char **named);

#endif
