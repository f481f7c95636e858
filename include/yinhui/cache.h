#ifndef YINHUI_CACHE_H
#define YINHUI_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/err.h"

/* One Redis connection (hiredis is not thread-safe: one per worker thread), which sends
 * AUTH YH_REDIS_PASSWORD before anything else (a refused AUTH is an outage). After any
 * error the context is freed; the next call reconnects (at most every 500 ms). A
 * reconnect after an error first bumps the global epoch, so values cached before an
 * outage — during which writes could not invalidate them — are never served again. */
struct cache;

/* The epoch and office generation a value was read under; store it with the value. */
struct cache_stamp {
    long long epoch, gen;
};

struct cache *cache_open(const struct config *cfg);
void cache_close(struct cache *c);

/* One round trip: epoch, the office's generation, the value, and optionally
 * EXISTS exists_key. *val is the payload when the stored stamp is current (caller
 * frees), else NULL (a miss; *stamp is what to store with). Returns YH_OK or
 * YH_ERR_UNAVAILABLE when Redis is unreachable. */
enum yh_err cache_get(struct cache *c, const char *office, const char *key, const char *exists_key,
                      char **val, size_t *len, struct cache_stamp *stamp, bool *exists);
/* cache_get, and the value's remaining lifetime in Redis in *ttl_ms when ttl_ms is given. */
enum yh_err cache_get_ttl(struct cache *c, const char *office, const char *key, const char *exists_key,
                          char **val, size_t *len, struct cache_stamp *stamp, bool *exists, int64_t *ttl_ms);
/* Stores val under office/key tagged with stamp, for ttl_s seconds. The command is sent
 * without waiting for its answer: the next call on c reads it first (an error answer then
 * fails c, as any error does), so the caller's response is not held for a round trip. */
enum yh_err cache_put(struct cache *c, const char *office, const char *key, const struct cache_stamp *stamp,
                      const char *val, size_t len, int64_t ttl_s);
/* Invalidates every cached read of the given offices (pipelined INCRs); this process's
 * local layer (lcache.h) forgets their generations at once. */
enum yh_err cache_bump(struct cache *c, char (*offices)[7], size_t n);
/* cache_bump that first records gtid (when not NULL or "") as the last write position of
 * each office (yh:wpos:<office>, for ttl_ms; a lower sequence number of the same domain
 * never replaces a higher one), in the same pipeline: a reader that sees the new
 * generation sees the position too (replica.c). */
enum yh_err cache_bump_at(struct cache *c, char (*offices)[7], size_t n, const char *gtid, int64_t ttl_ms);
/* The position alone, for a write that invalidates nothing. */
enum yh_err cache_wpos_set(struct cache *c, const char *office, const char *gtid, int64_t ttl_ms);
/* The office's last write position into out[cap] ("" when none is kept). */
enum yh_err cache_wpos_get(struct cache *c, const char *office, char *out, size_t cap);
/* Bumps the global epoch: all cached values become misses. */
enum yh_err cache_bump_epoch(struct cache *c);

/* Plain keys (denylist, counters). */
enum yh_err cache_set_px(struct cache *c, const char *key, const char *val, int64_t ms);
enum yh_err cache_exists(struct cache *c, const char *key, bool *exists);
enum yh_err cache_ping(struct cache *c);
/* True once after each new connection — a thread's first, or a reconnect after an
 * error — for resyncing state kept in Redis, such as the denylist; clears the flag. */
bool cache_take_reconnected(struct cache *c);

struct cache_stats {
    uint64_t hits, misses, errors;                   /* Redis round trips of cached reads; Redis errors */
    uint64_t local_hits, fills, joined, local_bytes; /* the local layer (lcache.h) */
    bool tracking;
    bool local_layer; /* the local layer and its tracker are configured */
    uint64_t tracker_reconnects;
};
void cache_stats(struct cache_stats *out);

/* The process's tracker: a thread holding one more Redis connection, subscribed to the
 * invalidations (CLIENT TRACKING in broadcast mode) of the epoch, the offices' generations
 * and the denylist, which keeps the local layer (lcache.h, YH_LOCAL_CACHE_BYTES) in step.
 * NULL (no local layer) when YH_CACHE=0 or YH_LOCAL_CACHE_BYTES=0. */
struct cache_tracker;
struct cache_tracker *cache_tracker_start(const struct config *cfg);
/* Stops and joins it (NULL is a no-op); only once no request runs. */
void cache_tracker_stop(struct cache_tracker *t);

#endif
