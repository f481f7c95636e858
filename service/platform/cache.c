#include "yinhui/cache.h"

#include <hiredis.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

struct cache {
    const struct config *cfg;
    redisContext *ctx;
    bool had_error;     /* an error since the last good connection */
    bool reconnected;   /* reconnected after an error; see cache_take_reconnected */
    double next_try;    /* monotonic time before which we do not reconnect */
};

static atomic_ullong st_hits, st_misses, st_errors;

void cache_stats(struct cache_stats *out)
{
    out->hits = atomic_load(&st_hits);
    out->misses = atomic_load(&st_misses);
    out->errors = atomic_load(&st_errors);
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

static void fail(struct cache *c)
{
    atomic_fetch_add(&st_errors, 1);
    if (c->ctx != NULL) {
        redisFree(c->ctx);
        c->ctx = NULL;
    }
    c->had_error = true;
    c->next_try = mono_s() + 0.5;
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

static enum yh_err ensure(struct cache *c)
{
    struct timeval tv;
    if (c->ctx != NULL) {
        return YH_OK;
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
    if (c->had_error) {
        /* writes during the outage could not invalidate: retire everything cached */
        if (simple(c, redisCommand(c->ctx, "INCR yh:epoch"), NULL) != YH_OK) {
            return YH_ERR_UNAVAILABLE;
        }
        c->had_error = false;
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

enum yh_err cache_get(struct cache *c, const char *office, const char *key,
                      const char *exists_key, char **val, size_t *len,
                      struct cache_stamp *stamp, bool *exists)
{
    redisReply *rs[4] = {NULL};
    size_t n = exists_key ? 4 : 3;
    *val = NULL;
    *len = 0;
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    redisAppendCommand(c->ctx, "GET yh:epoch");
    redisAppendCommand(c->ctx, "GET yh:g:%s", office);
    redisAppendCommand(c->ctx, "GET yh:c:%s:%s", office, key);
    if (exists_key != NULL) {
        redisAppendCommand(c->ctx, "EXISTS %s", exists_key);
    }
    if (read_replies(c, rs, n) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    stamp->epoch = reply_ll(rs[0]);
    stamp->gen = reply_ll(rs[1]);
    if (exists != NULL) {
        *exists = exists_key != NULL && rs[3]->integer == 1;
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

enum yh_err cache_put(struct cache *c, const char *office, const char *key,
                      const struct cache_stamp *stamp, const char *val, size_t len,
                      int64_t ttl_s)
{
    struct buf b = {0};
    redisReply *r = NULL;
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    buf_printf(&b, "%lld:%lld:", stamp->epoch, stamp->gen);
    buf_append(&b, val, len);
    r = redisCommand(c->ctx, "SET yh:c:%s:%s %b EX %lld", office, key, b.data, b.len,
                     (long long)ttl_s);
    buf_free(&b);
    return simple(c, r, NULL);
}

enum yh_err cache_bump(struct cache *c, char (*offices)[7], size_t n)
{
    redisReply *rs[16];
    if (n == 0) {
        return YH_OK;
    }
    if (n > 16 || ensure(c) != YH_OK) {
        /* the failure is remembered: the reconnect bumps the epoch */
        c->had_error = true;
        return YH_ERR_UNAVAILABLE;
    }
    for (size_t i = 0; i < n; i++) {
        redisAppendCommand(c->ctx, "INCR yh:g:%s", offices[i]);
    }
    if (read_replies(c, rs, n) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    for (size_t i = 0; i < n; i++) {
        freeReplyObject(rs[i]);
    }
    return YH_OK;
}


enum yh_err cache_bump_epoch(struct cache *c)
{
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    return simple(c, redisCommand(c->ctx, "INCR yh:epoch"), NULL);
}

enum yh_err cache_set_px(struct cache *c, const char *key, const char *val, int64_t ms)
{
    if (ensure(c) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    if (ms < 1) {
        ms = 1;
    }
    return simple(c, redisCommand(c->ctx, "SET %s %s PX %lld", key, val, (long long)ms), NULL);
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
