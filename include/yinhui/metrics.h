#ifndef YINHUI_METRICS_H
#define YINHUI_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/util.h"

struct route;

/* Counters by route index (nroutes + 1 for unmatched), method, status; a duration
 * histogram per route. No office or user labels. */
struct metrics;
struct metrics *metrics_new(size_t nroutes);
void metrics_free(struct metrics *m);
/* A request has begun (yinhui_http_requests_in_flight); metrics_observe ends it. */
void metrics_enter(struct metrics *m);
void metrics_observe(struct metrics *m, size_t route, int status, double seconds);
/* Webhook delivery outcomes (process-wide, like the DB error count): an attempt answered
 * with a 2xx, an attempt that failed (retried later, or dead-lettered by the store once
 * past the deadline), a claim found already past its deadline (dead-lettered unsent). */
enum metrics_delivery { MD_DELIVERED, MD_FAILED, MD_EXPIRED, MD_COUNT };
void metrics_delivery(enum metrics_delivery outcome);
/* Appends the Prometheus text exposition for the route table the metrics were made for
 * (metrics_new(nroutes)); threads is YH_THREADS. Every family gets its # TYPE line even
 * with no samples yet (tests/checks/promtool.sh reads them). */
void metrics_render(struct metrics *m, const struct route *routes, int64_t threads, struct buf *out);

#endif
