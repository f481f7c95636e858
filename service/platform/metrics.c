#include "yinhui/util.h"
#include "yinhui/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/replica.h"
#include "yinhui/router.h"

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
    atomic_llong in_flight;
    double started; /* wall clock, seconds */
};

static atomic_ullong deliveries[MD_COUNT];
static const char *const delivery_names[MD_COUNT] = {"delivered", "failed", "expired"};

void metrics_delivery(enum metrics_delivery outcome)
{
    if (outcome < MD_COUNT) {
        atomic_fetch_add_explicit(&deliveries[outcome], 1, memory_order_relaxed);
    }
}

void metrics_enter(struct metrics *m)
{
    atomic_fetch_add_explicit(&m->in_flight, 1, memory_order_relaxed);
}

struct metrics *metrics_new(size_t nroutes)
{
    struct metrics *m = calloc(1, sizeof(*m));
    if (m == NULL || (m->r = calloc(nroutes + 1, sizeof(*m->r))) == NULL) {
        abort();
    }
    m->n = nroutes + 1;
    m->started = (double)now_s();
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
    atomic_fetch_sub_explicit(&m->in_flight, 1, memory_order_relaxed);
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
        "# HELP yinhui_cache_local_layer 1 when the local layer and its tracker are configured.\n"
        "# TYPE yinhui_cache_local_layer gauge\nyinhui_cache_local_layer %d\n"
        "# HELP yinhui_cache_tracker_reconnects_total Reconnections of the invalidation connection.\n"
        "# TYPE yinhui_cache_tracker_reconnects_total counter\nyinhui_cache_tracker_reconnects_total %llu\n",
        (unsigned long long)cs.local_hits, (unsigned long long)cs.fills, (unsigned long long)cs.joined,
        (unsigned long long)cs.local_bytes, cs.tracking ? 1 : 0, cs.local_layer ? 1 : 0,
        (unsigned long long)cs.tracker_reconnects);
}

/* Reads that may be stale (req_read_db): by target, and for the primary why. */
static void render_replica(struct buf *out)
{
    struct replica_stats st;
    replica_stats(&st);
    buf_printf(out,
               "# HELP yinhui_db_reads_total Stale-tolerant reads by the server they ran on and, on the "
               "primary, why (failover: a replica statement that failed and ran on the primary).\n"
               "# TYPE yinhui_db_reads_total counter\n"
               "yinhui_db_reads_total{target=\"replica\"} %llu\n",
               (unsigned long long)st.reads[RR_REPLICA]);
    for (int i = RR_NONE; i < RR_COUNT; i++) {
        buf_printf(out, "yinhui_db_reads_total{target=\"primary\",reason=\"%s\"} %llu\n",
                   replica_read_reason((enum replica_read)i), (unsigned long long)st.reads[i]);
    }
    buf_printf(
        out,
        "yinhui_db_reads_total{target=\"primary\",reason=\"failover\"} %llu\n"
        "# HELP yinhui_db_replica_up 1 while the replica gets reads (reachable, within the lag bound); "
        "0 when down or lagging, or none is configured.\n"
        "# TYPE yinhui_db_replica_up gauge\nyinhui_db_replica_up %d\n"
        "# HELP yinhui_db_replica_lag_seconds Age of the heartbeat row on the replica (-1: unknown).\n"
        "# TYPE yinhui_db_replica_lag_seconds gauge\nyinhui_db_replica_lag_seconds %.3f\n",
        (unsigned long long)st.failovers, st.configured && st.health == RH_UP ? 1 : 0,
        st.configured && st.lag_ms >= 0 ? (double)st.lag_ms / 1000.0 : -1.0);
}

/* The process: resident memory (/proc/self/statm), CPU time (/proc/self/stat), start. */
static void render_process(const struct metrics *m, struct buf *out)
{
    unsigned long long pages = 0, rss = 0, ut = 0, st = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f != NULL) {
        if (fscanf(f, "%llu %llu", &pages, &rss) != 2) {
            rss = 0;
        }
        fclose(f);
    }
    f = fopen("/proc/self/stat", "r");
    if (f != NULL) {
        /* pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
        if (fscanf(f, "%*d (%*[^)]) %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) {
            ut = st = 0;
        }
        fclose(f);
    }
    long page = sysconf(_SC_PAGESIZE), tck = sysconf(_SC_CLK_TCK);
    buf_printf(out,
               "# HELP process_resident_memory_bytes Resident memory of the process.\n"
               "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes %llu\n"
               "# HELP process_cpu_seconds_total User and system CPU time of the process.\n"
               "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total %.2f\n"
               "# HELP process_start_time_seconds Start of the process, seconds since the epoch.\n"
               "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds %.0f\n",
               rss * (unsigned long long)(page > 0 ? page : 4096),
               (double)(ut + st) / (double)(tck > 0 ? tck : 100), m->started);
}

/* Requests in flight against the worker threads; webhook delivery outcomes. */
static void render_work(struct metrics *m, int64_t threads, struct buf *out)
{
    buf_printf(out,
               "# HELP yinhui_http_requests_in_flight Requests being served (this scrape included).\n"
               "# TYPE yinhui_http_requests_in_flight gauge\nyinhui_http_requests_in_flight %lld\n"
               "# HELP yinhui_http_threads Worker threads (YH_THREADS): one per open connection.\n"
               "# TYPE yinhui_http_threads gauge\nyinhui_http_threads %lld\n"
               "# HELP yinhui_webhook_deliveries_total Webhook delivery attempts and expiries by outcome.\n"
               "# TYPE yinhui_webhook_deliveries_total counter\n",
               (long long)atomic_load(&m->in_flight), (long long)threads);
    for (int i = 0; i < MD_COUNT; i++) {
        buf_printf(out, "yinhui_webhook_deliveries_total{outcome=\"%s\"} %llu\n", delivery_names[i],
                   (unsigned long long)atomic_load(&deliveries[i]));
    }
}

static void render_requests(struct metrics *m, const struct route *routes, struct buf *out)
{
    buf_puts(out, "# HELP http_requests_total Requests by route, method and status.\n"
                  "# TYPE http_requests_total counter\n");
    for (size_t i = 0; i < m->n; i++) {
        const char *p = i + 1 < m->n ? routes[i].pattern : "unmatched";
        const char *meth = i + 1 < m->n ? routes[i].method : "any";
        for (size_t s = 0; s < NSTATUS; s++) {
            unsigned long long v = atomic_load(&m->r[i].count[s]);
            if (v == 0) {
                continue;
            }
            if (statuses[s] == 0) {
                buf_printf(out, "http_requests_total{route=\"%s\",method=\"%s\",status=\"other\"} %llu\n", p,
                           meth, v);
            } else {
                buf_printf(out, "http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %llu\n", p,
                           meth, statuses[s], v);
            }
        }
    }
    /* one constant series per cached read, to select them in queries (a join on route) */
    buf_puts(out, "# HELP yinhui_route_cached 1 for each route served through the cache.\n"
                  "# TYPE yinhui_route_cached gauge\n");
    for (size_t i = 0; i + 1 < m->n; i++) {
        if (routes[i].flags & R_CACHED) {
            buf_printf(out, "yinhui_route_cached{route=\"%s\",method=\"%s\"} 1\n", routes[i].pattern,
                       routes[i].method);
        }
    }
}

static void render_durations(struct metrics *m, const struct route *routes, struct buf *out)
{
    buf_puts(out, "# HELP http_request_duration_seconds Request duration by route.\n"
                  "# TYPE http_request_duration_seconds histogram\n");
    for (size_t i = 0; i < m->n; i++) {
        const char *p = i + 1 < m->n ? routes[i].pattern : "unmatched";
        const char *meth = i + 1 < m->n ? routes[i].method : "any";
        unsigned long long cum = 0;
        for (size_t b = 0; b <= NB; b++) {
            cum += atomic_load(&m->r[i].bucket[b]);
            if (b < NB) {
                buf_printf(
                    out, "http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"%g\"} %llu\n",
                    p, meth, bounds[b], cum);
            } else {
                buf_printf(
                    out,
                    "http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"+Inf\"} %llu\n", p,
                    meth, cum);
            }
        }
        buf_printf(out, "http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} %.6f\n", p, meth,
                   (double)atomic_load(&m->r[i].sum_us) / 1e6);
        buf_printf(out, "http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} %llu\n", p, meth,
                   cum);
    }
}

void metrics_render(struct metrics *m, const struct route *routes, int64_t threads, struct buf *out)
{
    render_requests(m, routes, out);
    render_durations(m, routes, out);
    render_cache(out);
    render_replica(out);
    render_work(m, threads, out);
    render_process(m, out);
}
