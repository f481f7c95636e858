#ifndef YINHUI_EVALUATION_H
#define YINHUI_EVALUATION_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The evaluation domain: its part of the route table (service/evaluation/routes.c) and its handlers. */
extern const struct route evaluation_routes[];
extern const size_t evaluation_nroutes;
/* evaluation.c */
void esheets_list(struct req *r);
void esheets_create(struct req *r);
void esheets_get(struct req *r);
void evals_list(struct req *r);
void evals_create(struct req *r);
void evals_get(struct req *r);
void evals_patch(struct req *r);
void evals_decide(struct req *r);

#endif
