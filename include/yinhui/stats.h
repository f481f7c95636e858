#ifndef YINHUI_STATS_H
#define YINHUI_STATS_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The stats domain: its part of the route table (service/stats/routes.c) and its handlers. */
extern const struct route stats_routes[];
extern const size_t stats_nroutes;
/* stats.c */
void stats_overview(struct req *r);
void stats_report(struct req *r);

#endif
