#ifndef YINHUI_HEALTH_H
#define YINHUI_HEALTH_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* Liveness, readiness and metrics (service/platform/health.c) and their routes. */
extern const struct route health_routes[];
extern const size_t health_nroutes;
/* health.c */
void health_live(struct req *r);
void health_ready(struct req *r);
void health_metrics(struct req *r);

#endif
