#include "yinhui/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "yinhui/cache.h"
#include "yinhui/db.h"

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409,
                               412, 413, 415, 422, 428, 429, 500, 503, 0};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define NB (sizeof(bounds) / sizeof(bounds[0]))

struct rm {
    atomic_ullong count[NSTATUS];
    atomic_ullong bucket[NB + 1];
    atomic_ullong sum_us;
};
struct metrics {
    size_t n;
    struct rm *r;
};

struct metrics *metrics_new(size_t nroutes)
{
    struct metrics *m = calloc(1, sizeof(*m));
    if (m == NULL || (m->r = calloc(nroutes + 1, sizeof(*m->r))) == NULL) {
        abort();
    }
    m->n = nroutes + 1;
    return m;
}

void metrics_free(struct metrics *m)
{
    if (m != NULL) {
        free(m->r);
        free(m);
    }
}

void metrics_observe(struct metrics *m, size_t route, int status, double seconds)
{
    size_t s = NSTATUS - 1;
    size_t b = NB;
    struct rm *r;
    if (route >= m->n) {
        route = m->n - 1;
    }
    r = &m->r[route];
    for (size_t i = 0; i + 1 < NSTATUS; i++) {
        if (statuses[i] == status) {
            s = i;
            break;
        }
    }
    for (size_t i = 0; i < NB; i++) {
        if (seconds <= bounds[i]) {
            b = i;
            break;
        }
    }
    atomic_fetch_add_explicit(&r->count[s], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&r->bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&r->sum_us, (unsigned long long)(seconds * 1e6), memory_order_relaxed);
}

/* The Redis cache's and the local layer's counters. */
static void render_cache(struct buf *out)
{
    struct cache_stats cs;
    cache_stats(&cs);
    /* hits: served from either layer (local hits are counted apart too) */
    buf_printf(out,
               "# TYPE yinhui_cache_hits_total counter\nyinhui_cache_hits_total %llu\n"
               "# HELP yinhui_cache_redis_hits_total Cached reads whose value came from Redis.\n"
               "# TYPE yinhui_cache_redis_hits_total counter\nyinhui_cache_redis_hits_total %llu\n"
               "# TYPE yinhui_cache_misses_total counter\nyinhui_cache_misses_total %llu\n"
               "# TYPE yinhui_redis_errors_total counter\nyinhui_redis_errors_total %llu\n"
               "# TYPE yinhui_db_errors_total counter\nyinhui_db_errors_total %llu\n",
               (unsigned long long)(cs.hits + cs.local_hits), (unsigned long long)cs.hits,
               (unsigned long long)cs.misses, (unsigned long long)cs.errors,
               (unsigned long long)db_error_count());
    buf_printf(
        out,
        "# HELP yinhui_cache_local_hits_total Cached reads served from this process's memory, no Redis round "
        "trip.\n"
        "# TYPE yinhui_cache_local_hits_total counter\nyinhui_cache_local_hits_total %llu\n"
        "# HELP yinhui_cache_fills_total Missing cached reads computed by a leading request.\n"
        "# TYPE yinhui_cache_fills_total counter\nyinhui_cache_fills_total %llu\n"
        "# HELP yinhui_cache_flights_joined_total Requests that waited for another's computation of the same "
        "read.\n"
        "# TYPE yinhui_cache_flights_joined_total counter\nyinhui_cache_flights_joined_total %llu\n"
        "# HELP yinhui_cache_local_bytes Bytes the local layer holds.\n"
        "# TYPE yinhui_cache_local_bytes gauge\nyinhui_cache_local_bytes %llu\n"
        "# HELP yinhui_cache_tracking 1 while the invalidation connection to Redis is up (else the local "
        "layer is bypassed).\n"
        "# TYPE yinhui_cache_tracking gauge\nyinhui_cache_tracking %d\n"
        "# HELP yinhui_cache_tracker_reconnects_total Reconnections of the invalidation connection.\n"
        "# TYPE yinhui_cache_tracker_reconnects_total counter\nyinhui_cache_tracker_reconnects_total %llu\n",
        (unsigned long long)cs.local_hits, (unsigned long long)cs.fills, (unsigned long long)cs.joined,
        (unsigned long long)cs.local_bytes, cs.tracking ? 1 : 0, (unsigned long long)cs.tracker_reconnects);
}

void metrics_render(struct metrics *m, const char *const *patterns, const char *const *methods,
                    struct buf *out)
{
    buf_puts(out, "# HELP http_requests_total Requests by route, method and status.\n"
                  "# TYPE http_requests_total counter\n");
    for (size_t i = 0; i < m->n; i++) {
        const char *p = i + 1 < m->n ? patterns[i] : "unmatched";
        const char *meth = i + 1 < m->n ? methods[i] : "any";
        for (size_t s = 0; s < NSTATUS; s++) {
            unsigned long long v = atomic_load(&m->r[i].count[s]);
            if (v == 0) {
                continue;
            }
            if (statuses[s] == 0) {
                buf_printf(out, "http_requests_total{route=\"%s\",method=\"%s\",status=\"other\"} %llu\n", p, meth, v);
            } else {
                buf_printf(out, "http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %llu\n", p, meth, statuses[s], v);
            }
        }
    }
    buf_puts(out, "# HELP http_request_duration_seconds Request duration by route.\n"
                  "# TYPE http_request_duration_seconds histogram\n");
    for (size_t i = 0; i < m->n; i++) {
        const char *p = i + 1 < m->n ? patterns[i] : "unmatched";
        const char *meth = i + 1 < m->n ? methods[i] : "any";
        unsigned long long cum = 0;
        for (size_t b = 0; b <= NB; b++) {
            cum += atomic_load(&m->r[i].bucket[b]);
            if (b < NB) {
                buf_printf(out, "http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"%g\"} %llu\n", p, meth, bounds[b], cum);
            } else {
                buf_printf(out, "http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"+Inf\"} %llu\n", p, meth, cum);
            }
        }
        buf_printf(out, "http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} %.6f\n", p, meth,
                   (double)atomic_load(&m->r[i].sum_us) / 1e6);
        buf_printf(out, "http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} %llu\n", p, meth, cum);
    }
    render_cache(out);
}
