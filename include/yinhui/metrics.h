#ifndef YINHUI_METRICS_H
#define YINHUI_METRICS_H

#include <stddef.h>

#include "yinhui/util.h"

/* Counters by route index (nroutes + 1 for unmatched), method, status; a duration
 * histogram per route. No office or user labels. */
struct metrics;
struct metrics *metrics_new(size_t nroutes);
void metrics_free(struct metrics *m);
void metrics_observe(struct metrics *m, size_t route, int status, double seconds);
/* Appends the Prometheus text exposition; patterns/methods name the routes. */
void metrics_render(struct metrics *m, const char *const *patterns, const char *const *methods,
                    struct buf *out);

#endif
