#include "yinhui/cache.h"

#include <errno.h>
#include <hiredis.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/lcache.h"
#include "yinhui/util.h"

struct cache {
    const struct config *cfg;
    redisContext *ctx;
    bool had_error;   /* an error since the last good connection */
    bool reconnected; /* reconnected after an error; see cache_take_reconnected */
    double next_try;  /* monotonic time before which we do not reconnect */
    bool up;          /* connected and authenticated: see fail() */
    int unread;       /* answers to commands sent without waiting (cache_put), read first */
};

static atomic_ullong st_hits, st_misses, st_errors, st_reconnects;
/* Invalidations that failed on any connection of this process (a Redis down, or up but
 * refusing writes: READONLY after a failover, OOM, an ACL) and the count the last epoch bump
 * covered: while the first is ahead, no connection of the process trusts Redis until one of
 * them has bumped the epoch (each connection alone would go on reading values the failed
 * invalidation should have retired) */
static atomic_ullong st_inval_failed, st_inval_covered;

void cache_stats(struct cache_stats *out)
{
    struct lcache *lc = lcache_process();
    struct lcache_stats ls;
    lcache_stats(lc, &ls);
    out->hits = atomic_load(&st_hits);
    out->misses = atomic_load(&st_misses);
    out->errors = atomic_load(&st_errors);
    out->local_hits = ls.hits;
    out->fills = ls.fills;
    out->joined = ls.joined;
    out->local_bytes = ls.bytes;
    out->tracking = lcache_tracking(lc);
    out->local_layer = lc != NULL;
    out->tracker_reconnects = atomic_load(&st_reconnects);
}

struct cache *cache_open(const struct config *cfg)
{
    struct cache *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        abort();
    }
    c->cfg = cfg;
    return c;
}

void cache_close(struct cache *c)
{
    if (c == NULL) {
        return;
    }
    if (c->ctx != NULL) {
        redisFree(c->ctx);
    }
    free(c);
}

/* Drops the connection. One that was up and broke under a command (killed, reset, timed
 * out) is replaced at the next call, whichever request of the thread makes it; one that
 * could not be made or authenticated, or that answered an error (READONLY, OOM: Redis is
 * there but refusing), waits out the back-off. */
static void fail(struct cache *c)
{
    bool broke = c->ctx != NULL && c->up && c->ctx->err != 0;
    atomic_fetch_add(&st_errors, 1);
    if (c->ctx != NULL) {
        redisFree(c->ctx);
        c->ctx = NULL;
    }
    c->unread = 0;
    c->had_error = true;
    c->up = false;
    c->next_try = broke ? 0 : mono_s() + 0.5;
}

/* True after fail() on a connection that broke: the caller's command may be sent again at
 * once on a new one. */
static bool broke_now(const struct cache *c)
{
    return c->ctx == NULL && c->next_try == 0;
}

static long long reply_ll(const redisReply *r)
{
    if (r == NULL) {
        return 0;
    }
    if (r->type == REDIS_REPLY_STRING) {
        return strtoll(r->str, NULL, 10);
    }
    if (r->type == REDIS_REPLY_INTEGER) {
        return r->integer;
    }
    return 0;
}

/* Frees a command's reply; UNAVAILABLE (the context failed) when there was none or it was an
 * error, else YH_OK with its integer in *out (may be NULL). */
static enum yh_err simple(struct cache *c, redisReply *r, long long *out)
{
    if (r == NULL || r->type == REDIS_REPLY_ERROR) {
        if (r != NULL) {
            freeReplyObject(r);
        }
        fail(c);
        return YH_ERR_UNAVAILABLE;
    }
    if (out != NULL) {
        *out = reply_ll(r);
    }
    freeReplyObject(r);
    return YH_OK;
}

/* An invalidation failed on this connection: every connection of the process owes the
 * epoch bump, and this process's memory forgets at once what the write made stale. */
static void inval_failed(struct cache *c)
{
    c->had_error = true;
    atomic_fetch_add(&st_inval_failed, 1);
    lcache_flush(lcache_process());
}

/* Bumps the epoch when this connection saw an error or the process owes a bump: writes it
 * could not invalidate retire everything cached. The caller then resyncs the denylist
 * (reconnected), which may lack a revocation that failed as well. */
static enum yh_err settle(struct cache *c)
{
    unsigned long long failed = atomic_load(&st_inval_failed);
    if (!c->had_error && failed <= atomic_load(&st_inval_covered)) {
        return YH_OK;
    }
    if (simple(c, redisCommand(c->ctx, "INCR yh:epoch"), NULL) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    unsigned long long covered = atomic_load(&st_inval_covered);
    while (covered < failed && !atomic_compare_exchange_weak(&st_inval_covered, &covered, failed)) {
    }
    lcache_flush(lcache_process()); /* at once here; other processes by the message */
    c->had_error = false;
    c->reconnected = true;
    return YH_OK;
}

/* Reads the answers to the commands sent without waiting for them: an error among them
 * fails the context, as it would have had it been read at once. */
static enum yh_err drain(struct cache *c)
{
    while (c->unread > 0) {
        void *p = NULL;
        c->unread--;
        int rc = redisGetReply(c->ctx, &p);
        bool ok = rc == REDIS_OK && p != NULL && ((redisReply *)p)->type != REDIS_REPLY_ERROR;
        if (p != NULL) {
            freeReplyObject(p);
        }
        if (!ok) {
            fail(c);
            return YH_ERR_UNAVAILABLE;
        }
    }
    return YH_OK;
}

static enum yh_err ensure(struct cache *c)
{
    struct timeval tv;
    if (c->ctx != NULL) {
        return drain(c) == YH_OK ? settle(c) : YH_ERR_UNAVAILABLE;
    }
    if (mono_s() < c->next_try) {
        return YH_ERR_UNAVAILABLE;
    }
    tv.tv_sec = c->cfg->redis_timeout_ms / 1000;
    tv.tv_usec = (c->cfg->redis_timeout_ms % 1000) * 1000;
    c->ctx = redisConnectWithTimeout(c->cfg->redis_host, (int)c->cfg->redis_port, tv);
    if (c->ctx == NULL || c->ctx->err != 0 || redisSetTimeout(c->ctx, tv) != REDIS_OK) {
        fail(c);
        return YH_ERR_UNAVAILABLE;
    }
    /* every connection authenticates first (YH_REDIS_PASSWORD): a refused AUTH is an
     * outage like any other, never a reason to go on without */
    {
        redisReply *a = redisCommand(c->ctx, "AUTH %s", c->cfg->redis_password);
        bool ok = a != NULL && a->type == REDIS_REPLY_STATUS;
        if (a != NULL) {
            freeReplyObject(a);
        }
        if (!ok) {
            fail(c);
            return YH_ERR_UNAVAILABLE;
        }
    }
    c->up = true;
    if (settle(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    /* any new connection (a thread's first, or after an error) may see a Redis that
     * lacks revocations made while this process could not reach it: the caller
     * resyncs the denylist before trusting it */
    c->reconnected = true;
    return YH_OK;
}

bool cache_take_reconnected(struct cache *c)
{
    bool r = c->reconnected;
    c->reconnected = false;
    return r;
}

/* Reads n pipelined replies into rs; on failure frees them and the context. */
static enum yh_err read_replies(struct cache *c, redisReply **rs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        void *p = NULL;
        rs[i] = NULL;
        if (redisGetReply(c->ctx, &p) != REDIS_OK || p == NULL ||
            ((redisReply *)p)->type == REDIS_REPLY_ERROR) {
            if (p != NULL) {
                freeReplyObject(p);
            }
            for (size_t k = 0; k < i; k++) {
                freeReplyObject(rs[k]);
            }
            fail(c);
            return YH_ERR_UNAVAILABLE;
        }
        rs[i] = p;
    }
    return YH_OK;
}

/* Commands in RESP built here, without printf: hiredis's format strings cost a cached
 * read more instructions (an sprintf per argument, a string grown per piece) than the
 * rest of its round trip. An argument is made of pieces put back to back. */
struct piece {
    const char *p;
    size_t n;
};

static void resp_count(struct buf *b, const char *kind, size_t n)
{
    buf_puts(b, kind);
    buf_put_int(b, (long long)n);
    buf_puts(b, "\r\n");
}

static void resp_arg(struct buf *b, const struct piece *ps, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        total += ps[i].n;
    }
    resp_count(b, "$", total);
    for (size_t i = 0; i < n; i++) {
        buf_append(b, ps[i].p, ps[i].n);
    }
    buf_puts(b, "\r\n");
}

/* Appends the command name with one argument of n pieces. */
static void resp_cmd1(struct buf *b, const char *name, const struct piece *arg, size_t n)
{
    struct piece cmd = {name, strlen(name)};
    resp_count(b, "*", 2);
    resp_arg(b, &cmd, 1);
    resp_arg(b, arg, n);
}

/* Hands the commands in b (freed) to the context's output buffer. */
static enum yh_err resp_append(struct cache *c, struct buf *b)
{
    int rc = redisAppendFormattedCommand(c->ctx, b->data, b->len);
    buf_free(b);
    if (rc != REDIS_OK) {
        fail(c);
        return YH_ERR_UNAVAILABLE;
    }
    return YH_OK;
}

enum yh_err cache_get(struct cache *c, const char *office, const char *key, const char *exists_key,
                      char **val, size_t *len, struct cache_stamp *stamp, bool *exists)
{
    return cache_get_ttl(c, office, key, exists_key, val, len, stamp, exists, NULL);
}

enum yh_err cache_get_ttl(struct cache *c, const char *office, const char *key, const char *exists_key,
                          char **val, size_t *len, struct cache_stamp *stamp, bool *exists, int64_t *ttl_ms)
{
    redisReply *rs[5] = {NULL};
    size_t n = exists_key ? 5 : 4;
    struct piece epoch = {"yh:epoch", 8}, gen[2] = {{"yh:g:", 5}, {office, strlen(office)}};
    struct piece val_key[4] = {{"yh:c:", 5}, {office, gen[1].n}, {":", 1}, {key, strlen(key)}};
    struct buf b = {0};
    *val = NULL;
    *len = 0;
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    buf_grow(&b, 160 + 2 * val_key[3].n + (exists_key != NULL ? strlen(exists_key) : 0));
    resp_cmd1(&b, "GET", &epoch, 1);
    resp_cmd1(&b, "GET", gen, 2);
    resp_cmd1(&b, "GET", val_key, 4);
    resp_cmd1(&b, "PTTL", val_key, 4);
    if (exists_key != NULL) {
        struct piece ek = {exists_key, strlen(exists_key)};
        resp_cmd1(&b, "EXISTS", &ek, 1);
    }
    if (resp_append(c, &b) != YH_OK || read_replies(c, rs, n) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    stamp->epoch = reply_ll(rs[0]);
    stamp->gen = reply_ll(rs[1]);
    if (exists != NULL) {
        *exists = exists_key != NULL && rs[4]->integer == 1;
    }
    if (ttl_ms != NULL) {
        *ttl_ms = reply_ll(rs[3]);
    }
    if (rs[2]->type == REDIS_REPLY_STRING) {
        char head[48];
        int hl = snprintf(head, sizeof(head), "%lld:%lld:", stamp->epoch, stamp->gen);
        if ((size_t)rs[2]->len >= (size_t)hl && memcmp(rs[2]->str, head, (size_t)hl) == 0) {
            *len = rs[2]->len - (size_t)hl;
            *val = malloc(*len + 1);
            if (*val == NULL) {
                abort();
            }
            memcpy(*val, rs[2]->str + hl, *len);
            (*val)[*len] = '\0';
        }
    }
    atomic_fetch_add(*val ? &st_hits : &st_misses, 1);
    for (size_t i = 0; i < n; i++) {
        freeReplyObject(rs[i]);
    }
    return YH_OK;
}

enum yh_err cache_put(struct cache *c, const char *office, const char *key, const struct cache_stamp *stamp,
                      const char *val, size_t len, int64_t ttl_s)
{
    char head[48], ttl[24];
    struct buf b = {0};
    int done = 0, rc = REDIS_OK;
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    struct piece set = {"SET", 3}, ex = {"EX", 2};
    struct piece k[4] = {{"yh:c:", 5}, {office, strlen(office)}, {":", 1}, {key, strlen(key)}};
    struct piece v[2] = {{head, (size_t)snprintf(head, sizeof(head), "%lld:%lld:", stamp->epoch, stamp->gen)},
                         {val, len}};
    struct piece t = {ttl, (size_t)snprintf(ttl, sizeof(ttl), "%lld", (long long)ttl_s)};
    buf_grow(&b, 128 + k[3].n + len);
    resp_count(&b, "*", 5);
    resp_arg(&b, &set, 1);
    resp_arg(&b, k, 4);
    resp_arg(&b, v, 2);
    resp_arg(&b, &ex, 1);
    resp_arg(&b, &t, 1);
    if (resp_append(c, &b) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    /* sent now, its answer read by the next call (drain): the response that carries the
     * value goes out meanwhile, not one Redis round trip later */
    while (rc == REDIS_OK && !done) {
        rc = redisBufferWrite(c->ctx, &done);
    }
    if (rc != REDIS_OK) {
        fail(c);
        return YH_ERR_UNAVAILABLE;
    }
    c->unread++;
    return YH_OK;
}

/* Sets KEYS to ARGV[1], a GTID "domain-server-sequence", for ARGV[2] ms, unless a key
 * holds a higher sequence number of the same domain (two writers' positions arrive in
 * any order; the later one must not step back). */
static const char wpos_lua[] =
    "local nd, ns = string.match(ARGV[1], '^(%d+)%-%d+%-(%d+)$') "
    "for _, k in ipairs(KEYS) do "
    "  local cur = redis.call('GET', k) "
    "  local d, s = nil, nil "
    "  if cur then d, s = string.match(cur, '^(%d+)%-%d+%-(%d+)$') end "
    "  if d ~= nil and d == nd and tonumber(s) >= tonumber(ns) then redis.call('PEXPIRE', k, ARGV[2]) "
    "  else redis.call('SET', k, ARGV[1], 'PX', ARGV[2]) end "
    "end return 0";

/* Appends the EVAL of wpos_lua for the n offices. */
static void append_wpos(struct cache *c, char (*offices)[7], size_t n, const char *gtid, int64_t ttl_ms)
{
    const char *argv[3 + 16 + 2];
    size_t argl[3 + 16 + 2], k = 0;
    char nkeys[8], keys[16][16], ttl[24];
    snprintf(nkeys, sizeof(nkeys), "%zu", n);
    snprintf(ttl, sizeof(ttl), "%lld", (long long)ttl_ms);
    argv[k++] = "EVAL";
    argv[k++] = wpos_lua;
    argv[k++] = nkeys;
    for (size_t i = 0; i < n; i++) {
        snprintf(keys[i], sizeof(keys[i]), "yh:wpos:%s", offices[i]);
        argv[k++] = keys[i];
    }
    argv[k++] = gtid;
    argv[k++] = ttl;
    for (size_t i = 0; i < k; i++) {
        argl[i] = strlen(argv[i]);
    }
    redisAppendCommandArgv(c->ctx, (int)k, argv, argl);
}

enum yh_err cache_bump(struct cache *c, char (*offices)[7], size_t n)
{
    return cache_bump_at(c, offices, n, NULL, 0);
}

/* One try of a write's invalidation: the write position first (replica.c: it must be in
 * Redis before the bump), then the offices' generations. */
static enum yh_err bump_once(struct cache *c, char (*offices)[7], size_t n, const char *gtid, int64_t ttl_ms)
{
    redisReply *rs[17];
    bool wpos = gtid != NULL && gtid[0] != '\0';
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    if (wpos) {
        append_wpos(c, offices, n, gtid, ttl_ms);
    }
    for (size_t i = 0; i < n; i++) {
        redisAppendCommand(c->ctx, "INCR yh:g:%s", offices[i]);
    }
    size_t nr = n + (wpos ? 1 : 0);
    if (read_replies(c, rs, nr) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    for (size_t i = 0; i < nr; i++) {
        freeReplyObject(rs[i]);
    }
    return YH_OK;
}

enum yh_err cache_bump_at(struct cache *c, char (*offices)[7], size_t n, const char *gtid, int64_t ttl_ms)
{
    if (n == 0) {
        return YH_OK;
    }
    if (n > 16) {
        inval_failed(c); /* the next connection of the process to answer bumps the epoch */
        return ensure(c);
    }
    /* A connection that broke under the write, or under an earlier command of the thread
     * (fail()), is replaced at once and the whole invalidation sent again (the new
     * connection bumps the epoch first, as every connection after an error does): the other
     * processes answer from memory and would otherwise hear of the write only at this
     * process's next Redis call, however late. A connection that could not be made keeps
     * the back-off (an outage: every process then serves from MariaDB). */
    enum yh_err err = bump_once(c, offices, n, gtid, ttl_ms);
    if (err != YH_OK && broke_now(c)) {
        err = bump_once(c, offices, n, gtid, ttl_ms);
    }
    if (err != YH_OK) {
        inval_failed(c);
        return err;
    }
    for (size_t i = 0; i < n; i++) {
        /* read-your-writes in this process at once; the others drop theirs on the message */
        lcache_forget_gen(lcache_process(), offices[i]);
    }
    return YH_OK;
}

enum yh_err cache_wpos_set(struct cache *c, const char *office, const char *gtid, int64_t ttl_ms)
{
    char one[1][7];
    redisReply *r = NULL;
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    snprintf(one[0], sizeof(one[0]), "%s", office);
    append_wpos(c, one, 1, gtid, ttl_ms);
    if (read_replies(c, &r, 1) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    freeReplyObject(r);
    return YH_OK;
}

enum yh_err cache_wpos_get(struct cache *c, const char *office, char *out, size_t cap)
{
    redisReply *r = NULL;
    out[0] = '\0';
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    r = redisCommand(c->ctx, "GET yh:wpos:%s", office);
    if (r == NULL || r->type == REDIS_REPLY_ERROR) {
        return simple(c, r, NULL);
    }
    if (r->type == REDIS_REPLY_STRING && (size_t)r->len < cap) {
        memcpy(out, r->str, (size_t)r->len + 1);
    }
    freeReplyObject(r);
    return YH_OK;
}

enum yh_err cache_bump_epoch(struct cache *c)
{
    if (ensure(c) != YH_OK) {
        inval_failed(c);
        return YH_ERR_UNAVAILABLE;
    }
    enum yh_err err = simple(c, redisCommand(c->ctx, "INCR yh:epoch"), NULL);
    if (err != YH_OK) {
        inval_failed(c);
    }
    lcache_flush(lcache_process());
    return err;
}

static enum yh_err set_px_once(struct cache *c, const char *key, const char *val, int64_t ms)
{
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    return simple(c, redisCommand(c->ctx, "SET %s %s PX %lld", key, val, (long long)(ms < 1 ? 1 : ms)), NULL);
}

enum yh_err cache_set_px(struct cache *c, const char *key, const char *val, int64_t ms)
{
    /* the denylist's entries: one that could not be written is a failed invalidation of
     * the token's "not revoked" answers; a connection that broke under it is replaced at once
     * and the entry written again (the epoch bumped first) — other processes answer from memory without
     * touching Redis, so nothing else would tell them before this process's next Redis call */
    enum yh_err err = set_px_once(c, key, val, ms);
    if (err != YH_OK && broke_now(c)) {
        inval_failed(c);
        err = set_px_once(c, key, val, ms);
    }
    if (err != YH_OK) {
        inval_failed(c);
    }
    return err;
}

enum yh_err cache_exists(struct cache *c, const char *key, bool *exists)
{
    long long n = 0;
    enum yh_err err;
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    err = simple(c, redisCommand(c->ctx, "EXISTS %s", key), &n);
    *exists = n == 1;
    return err;
}

enum yh_err cache_ping(struct cache *c)
{
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    return simple(c, redisCommand(c->ctx, "PING"), NULL);
}

/* ---- The tracker: Redis server-assisted client-side caching for the local layer ----
 * One connection per process tracks itself in broadcast mode (RESP2 needs REDIRECT to a
 * subscribed connection: PLATFORM.md) on the generations, the epoch and the denylist, and
 * applies each invalidation to the local layer. It is down — the local layer flushed and
 * bypassed — from any error, EOF or unanswered PING until it has subscribed again. */
struct cache_tracker {
    const struct config *cfg;
    struct lcache *lc;
    pthread_t thread;
    atomic_bool stop;
};

/* Runs a command on the tracker's connection; true when its reply has type want (its
 * integer in *out when out is given). */
static bool tracker_cmd(redisContext *ctx, int want, long long *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    redisReply *r = redisvCommand(ctx, fmt, ap);
    va_end(ap);
    bool ok = r != NULL && r->type == want;
    if (ok && out != NULL) {
        *out = r->integer;
    }
    if (r != NULL) {
        freeReplyObject(r);
    }
    return ok;
}

/* Connects, tracks and subscribes; NULL on any failure. Invalidations sent between
 * CLIENT TRACKING and the SUBSCRIBE are lost: the caller flushes once this returns. */
static redisContext *tracker_connect(const struct config *cfg)
{
    struct timeval tv = {cfg->redis_timeout_ms / 1000, (cfg->redis_timeout_ms % 1000) * 1000};
    long long id = 0;
    redisContext *ctx = redisConnectWithTimeout(cfg->redis_host, (int)cfg->redis_port, tv);
    /* the timeout bounds the set-up commands; afterwards the socket is read only when
     * poll() says it is readable */
    bool ok = ctx != NULL && ctx->err == 0 && redisSetTimeout(ctx, tv) == REDIS_OK &&
              tracker_cmd(ctx, REDIS_REPLY_STATUS, NULL, "AUTH %s", cfg->redis_password) &&
              tracker_cmd(ctx, REDIS_REPLY_STATUS, NULL, "CLIENT SETNAME yinhui-tracker-%d", (int)getpid()) &&
              tracker_cmd(ctx, REDIS_REPLY_INTEGER, &id, "CLIENT ID") &&
              tracker_cmd(
                  ctx, REDIS_REPLY_STATUS, NULL,
                  "CLIENT TRACKING on REDIRECT %lld BCAST PREFIX yh:g: PREFIX yh:epoch PREFIX yh:deny:", id);
    if (ok) {
        redisReply *r = redisCommand(ctx, "SUBSCRIBE __redis__:invalidate");
        ok = r != NULL && r->type == REDIS_REPLY_ARRAY && r->elements == 3 &&
             r->element[0]->type == REDIS_REPLY_STRING && strcmp(r->element[0]->str, "subscribe") == 0;
        if (r != NULL) {
            freeReplyObject(r);
        }
    }
    if (!ok && ctx != NULL) {
        redisFree(ctx);
        ctx = NULL;
    }
    return ctx;
}

/* Applies one pushed message; true when it was the answer to our PING. */
static bool tracker_apply(struct lcache *lc, const redisReply *m)
{
    if (m->type != REDIS_REPLY_ARRAY || m->elements < 2 || m->element[0]->type != REDIS_REPLY_STRING) {
        return false;
    }
    if (strcmp(m->element[0]->str, "pong") == 0) {
        return true;
    }
    if (strcmp(m->element[0]->str, "message") != 0 || m->elements != 3) {
        return false;
    }
    const redisReply *keys = m->element[2];
    if (keys->type != REDIS_REPLY_ARRAY) {
        lcache_flush(lc); /* nil: flush everything (FLUSHALL, or Redis could not say what) */
        return false;
    }
    for (size_t i = 0; i < keys->elements; i++) {
        const char *k = keys->element[i]->type == REDIS_REPLY_STRING ? keys->element[i]->str : "";
        if (strncmp(k, "yh:g:", 5) == 0) {
            lcache_forget_gen(lc, k + 5);
        } else if (strncmp(k, "yh:deny:", 8) == 0) {
            lcache_forget_denied(lc, k + 8);
        } else {
            lcache_flush(lc); /* yh:epoch */
        }
    }
    return false;
}

/* Sends a PING without waiting for its answer. */
static bool tracker_ping(redisContext *ctx)
{
    int done = 0;
    if (redisAppendCommand(ctx, "PING") != REDIS_OK) {
        return false;
    }
    while (!done) {
        if (redisBufferWrite(ctx, &done) != REDIS_OK) {
            return false;
        }
    }
    return true;
}

/* Applies messages until the connection fails, a PING goes unanswered for 2 s, or stop. */
static void tracker_listen(struct cache_tracker *t, redisContext *ctx)
{
    double pinged = mono_s(), unanswered = 0;
    while (!atomic_load(&t->stop)) {
        void *m = NULL;
        int rc;
        while ((rc = redisGetReplyFromReader(ctx, &m)) == REDIS_OK && m != NULL) {
            if (tracker_apply(t->lc, m)) {
                unanswered = 0;
            }
            freeReplyObject(m);
            m = NULL;
        }
        /* applied all it read (but part of a message) */
        lcache_feeding(t->lc, ctx->reader->pos < ctx->reader->len);
        double now = mono_s();
        if (rc != REDIS_OK || (unanswered > 0 && now - unanswered > 2.0)) {
            return;
        }
        if (unanswered == 0 && now - pinged >= 1.0) {
            if (!tracker_ping(ctx)) {
                return;
            }
            pinged = unanswered = now;
        }
        struct pollfd p = {ctx->fd, POLLIN, 0};
        int n = poll(&p, 1, 100);
        if (n > 0) {
            lcache_feeding(t->lc, true); /* before the read takes it off the socket */
        }
        if ((n < 0 && errno != EINTR) || (n > 0 && redisBufferRead(ctx) != REDIS_OK)) {
            return;
        }
    }
}

/* Sleeps s seconds in slices, returning early on stop. */
static void tracker_sleep(struct cache_tracker *t, double s)
{
    for (double slept = 0; slept < s && !atomic_load(&t->stop); slept += 0.05) {
        usleep(50000);
    }
}

static void *tracker_main(void *arg)
{
    struct cache_tracker *t = arg;
    double backoff = 0.1;
    bool first = true;
    while (!atomic_load(&t->stop)) {
        redisContext *ctx = tracker_connect(t->cfg);
        if (ctx == NULL) {
            tracker_sleep(t, backoff);
            backoff = backoff * 2 > 0.5 ? 0.5 : backoff * 2;
            continue;
        }
        if (!first) {
            atomic_fetch_add(&st_reconnects, 1);
            fprintf(stderr, "{\"level\":\"info\",\"msg\":\"cache tracking is back\"}\n");
        }
        first = false;
        backoff = 0.1;
        lcache_set_feed(t->lc, ctx->fd);
        lcache_set_tracking(t->lc, true); /* flushes what was learned before the SUBSCRIBE */
        tracker_listen(t, ctx);
        lcache_set_tracking(t->lc, false);
        lcache_set_feed(t->lc, -1);
        redisFree(ctx);
        if (!atomic_load(&t->stop)) {
            fprintf(stderr, "{\"level\":\"warn\",\"msg\":\"cache tracking lost: reads go through Redis until "
                            "it is back\"}\n");
        }
    }
    return NULL;
}

struct cache_tracker *cache_tracker_start(const struct config *cfg)
{
    /* started with YH_CACHE=0 too: the revocation denylist it holds spares every request
     * its Redis round trip (reply.c stores no responses locally when the cache is off) */
    if (cfg->local_cache_bytes <= 0) {
        return NULL;
    }
    struct cache_tracker *t = calloc(1, sizeof(*t));
    if (t == NULL) {
        abort();
    }
    t->cfg = cfg;
    t->lc = lcache_new((size_t)cfg->local_cache_bytes);
    if (pthread_create(&t->thread, NULL, tracker_main, t) != 0) {
        lcache_free(t->lc);
        free(t);
        return NULL;
    }
    lcache_set_process(t->lc);
    return t;
}

void cache_tracker_stop(struct cache_tracker *t)
{
    if (t == NULL) {
        return;
    }
    atomic_store(&t->stop, true);
    pthread_join(t->thread, NULL);
    lcache_set_process(NULL);
    lcache_free(t->lc);
    free(t);
}
