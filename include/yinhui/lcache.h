#ifndef YINHUI_LCACHE_H
#define YINHUI_LCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/cache.h"

/* The process's local layer in front of Redis (no Redis here: cache.c's tracker feeds it).
 * It holds what this process learned from Redis: the epoch, offices' generations, cached
 * values exactly as sealed in Redis with their stamp, and per-jti denylist answers. It is
 * bounded by bytes (sharded, each shard its own lock, hash table and LRU list).
 *
 * Nothing is answered while tracking is down (lcache_set_tracking): the tracker flushes
 * the store when its connection drops and again once it is back, and a reader that learned
 * something in a Redis round trip stores it only when no invalidation was applied since it
 * took the sequence number (lcache_seq) before that round trip (the classic client-side
 * caching race: the value read may be older than an invalidation already applied). */
struct lcache;

/* NULL when bytes is 0 (no local layer). */
struct lcache *lcache_new(size_t bytes);
void lcache_free(struct lcache *lc);

/* The process's instance (NULL when there is none): set once by the tracker's start. */
struct lcache *lcache_process(void);
void lcache_set_process(struct lcache *lc);

/* The invalidation sequence: take it before a Redis round trip whose answers you store. */
uint64_t lcache_seq(struct lcache *lc);
bool lcache_tracking(struct lcache *lc);
/* Tracking up or down: either way everything known is dropped first. */
void lcache_set_tracking(struct lcache *lc, bool up);
/* The tracker's connection (its socket, -1 when none) and whether the tracker holds
 * messages it took off that socket and has not applied yet. While an invalidation has
 * reached this process (in the socket or taken off it) and is not applied, nothing is
 * answered from memory: Redis sends it before it answers the write's own command, so a
 * write another process has answered is in this process's next read (behind nginx a
 * caller's next request may go to another process). */
void lcache_set_feed(struct lcache *lc, int fd);
void lcache_feeding(struct lcache *lc, bool on);
/* Invalidations: everything; one office's generation; one jti's answer. */
void lcache_flush(struct lcache *lc);
void lcache_forget_gen(struct lcache *lc, const char *office);
void lcache_forget_denied(struct lcache *lc, const char *jti);

/* The office's current stamp when tracking is up and both the epoch and its generation
 * are known, and no invalidation that had reached this process by since (mono_s(): a
 * request's arrival) waits unapplied. A request passes its arrival time to each lookup:
 * they then make at most one check of the tracker's socket between them (lcache.c
 * settled), none when another thread's check began after that arrival. */
bool lcache_stamp(struct lcache *lc, double since, const char *office, struct cache_stamp *out);
/* 1 revoked, 0 not revoked, -1 unknown (or tracking down), under the same rule. */
int lcache_denied(struct lcache *lc, double since, const char *jti);
/* Stores what a round trip begun at seq learned (refused when an invalidation came since
 * or tracking is down). */
void lcache_learn_stamp(struct lcache *lc, uint64_t seq, const char *office, const struct cache_stamp *st);
void lcache_learn_denied(struct lcache *lc, uint64_t seq, const char *jti, bool revoked);

/* A copy of the sealed value of office/key stored under exactly *st (caller frees), or
 * false. A value under another stamp is dropped when met; values are bound to their stamp,
 * so one found under a stamp known to be current is current whether or not tracking is up. */
bool lcache_value(struct lcache *lc, const char *office, const char *key, const struct cache_stamp *st,
                  char **val, size_t *len);
/* lcache_value without the copy: the held entry (NULL: none), its sealed bytes in *val
 * (not NUL-terminated), valid until lcache_release even if the entry is dropped or
 * replaced meanwhile (a hit opens them without holding a lock or copying them first). */
struct lcache_entry;
struct lcache_entry *lcache_hold(struct lcache *lc, const char *office, const char *key,
                                 const struct cache_stamp *st, const char **val, size_t *len);
void lcache_release(struct lcache_entry *e);
/* Keeps a copy of a sealed value for ttl_s seconds (at most: the bytes bound evicts). */
void lcache_put(struct lcache *lc, const char *office, const char *key, const struct cache_stamp *st,
                const char *val, size_t len, double ttl_s);

/* Single flight: concurrent misses of one office/key/stamp compute once. The first to
 * join leads (LCACHE_LEAD, *lead set: it must end the flight with lcache_flight_done or
 * lcache_flight_abandon); the others wait up to wait_s for the leader's value (LCACHE_GOT,
 * *val a copy to free). LCACHE_ALONE: the leader ended without a value, or the wait timed
 * out; compute without a flight. A joiner that finds the value already stored under that
 * stamp (its flight just ended) gets it at once (LCACHE_GOT). */
enum lcache_join { LCACHE_LEAD, LCACHE_GOT, LCACHE_ALONE };
struct lcache_flight;
enum lcache_join lcache_flight_join(struct lcache *lc, const char *office, const char *key,
                                    const struct cache_stamp *st, double wait_s, struct lcache_flight **lead,
                                    char **val, size_t *len);
/* Ends f (NULL is a no-op) with the sealed value of office/key/st, stored with lcache_put
 * first; a value of anything else than what f was joined for ends it without one. */
void lcache_flight_done(struct lcache *lc, struct lcache_flight *f, const char *office, const char *key,
                        const struct cache_stamp *st, const char *val, size_t len);
/* Ends f (NULL is a no-op) without a value: its waiters compute alone. */
void lcache_flight_abandon(struct lcache *lc, struct lcache_flight *f);

/* Counts a read served from the local layer (the caller knows it served one). */
void lcache_count_hit(struct lcache *lc);

struct lcache_stats {
    uint64_t hits;   /* reads served locally */
    uint64_t fills;  /* flights led (computations of a missing value) */
    uint64_t joined; /* requests that waited for another's flight */
    uint64_t bytes;  /* held now */
};
void lcache_stats(struct lcache *lc, struct lcache_stats *out);

#endif
