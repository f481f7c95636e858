/* The process's local layer in front of Redis and the single flight of misses (see
 * lcache.h). No Redis here: cache.c's tracker applies the invalidations. */
#include "yinhui/lcache.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "yinhui/util.h"

#define LC_SHARDS 16
#define LC_KEY_MAX 512
#define LC_UNKNOWN LLONG_MIN

/* the first byte of an entry's key says what it is */
enum { LC_GEN = 'g', LC_VALUE = 'v', LC_DENIED = 'd' };

struct lcache_entry {
    struct lcache_entry *hnext;       /* hash chain */
    struct lcache_entry *prev, *next; /* LRU list, most recently used first */
    uint64_t hash;
    struct cache_stamp stamp; /* a value's stamp; a generation in .gen; an answer: .gen 1 = revoked */
    double expires;           /* a value's monotonic end (its Redis TTL); 0 for the others */
    size_t klen, vlen, size;
    atomic_int refs; /* the store's (until dropped) and each lcache_hold's */
    char data[];     /* key, then value */
};

struct lc_shard {
    pthread_mutex_t lock;
    struct lcache_entry **buckets;
    size_t mask;
    struct lcache_entry *head, *tail;
    size_t bytes, max;
};

struct lcache_flight {
    struct lcache_flight *next;
    char key[LC_KEY_MAX + 48];
    pthread_cond_t done;
    int state; /* 0 running, 1 ended with a value, 2 ended without */
    char *val;
    size_t len;
    int refs; /* the leader and its waiters */
};

struct lcache {
    struct lc_shard shard[LC_SHARDS];
    pthread_mutex_t meta; /* orders the epoch's stores against flushes */
    atomic_ullong seq;
    atomic_bool up;
    atomic_int feed_fd;        /* the tracker's socket, -1 when none (lcache_set_feed) */
    atomic_bool feeding;       /* the tracker holds messages not applied yet */
    _Atomic double settled_at; /* when the latest check that found nothing waiting began */
    atomic_llong epoch;
    atomic_ullong hits, fills, joined, bytes;
    pthread_mutex_t flights_lock;
    struct lcache_flight *flights;
};

static _Atomic(struct lcache *) process_lc;

struct lcache *lcache_process(void)
{
    return atomic_load_explicit(&process_lc, memory_order_acquire);
}

void lcache_set_process(struct lcache *lc)
{
    atomic_store_explicit(&process_lc, lc, memory_order_release);
}

struct lcache *lcache_new(size_t bytes)
{
    if (bytes == 0) {
        return NULL;
    }
    struct lcache *lc = calloc(1, sizeof(*lc));
    if (lc == NULL) {
        abort();
    }
    size_t max = bytes / LC_SHARDS, nb = 16;
    /* about one bucket per 512 bytes held */
    while (nb < 65536 && nb * 512 < max) {
        nb *= 2;
    }
    for (size_t i = 0; i < LC_SHARDS; i++) {
        struct lc_shard *s = &lc->shard[i];
        pthread_mutex_init(&s->lock, NULL);
        s->buckets = calloc(nb, sizeof(*s->buckets));
        if (s->buckets == NULL) {
            abort();
        }
        s->mask = nb - 1;
        s->max = max;
    }
    pthread_mutex_init(&lc->meta, NULL);
    pthread_mutex_init(&lc->flights_lock, NULL);
    atomic_init(&lc->epoch, LC_UNKNOWN);
    atomic_init(&lc->feed_fd, -1);
    return lc;
}

/* The key of kind for a (and "\n" b when given) into out; 0 when it does not fit. */
/* "<kind><a>" or "<kind><a>\n<b>" (0 when it does not fit); no printf: three of these
 * run on every hit. */
static size_t lkey(char out[LC_KEY_MAX], char kind, const char *a, const char *b)
{
    size_t al = strlen(a), bl = b != NULL ? strlen(b) : 0;
    size_t n = 1 + al + (b != NULL ? 1 + bl : 0);
    if (n >= LC_KEY_MAX) {
        return 0;
    }
    out[0] = kind;
    memcpy(out + 1, a, al);
    if (b != NULL) {
        out[1 + al] = '\n';
        memcpy(out + 2 + al, b, bl);
    }
    out[n] = '\0';
    return n;
}

static uint64_t hash_of(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)k[i]) * 1099511628211ULL;
    }
    /* FNV's high bits (the shard) barely change with a key's last bytes: mix them */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/* Locks and returns the shard of key k (its hash in *h). */
static struct lc_shard *lock_shard(struct lcache *lc, const char *k, size_t klen, uint64_t *h)
{
    *h = hash_of(k, klen);
    struct lc_shard *s = &lc->shard[*h >> 60];
    pthread_mutex_lock(&s->lock);
    return s;
}

static struct lcache_entry **slot_of(struct lc_shard *s, uint64_t h, const char *k, size_t klen)
{
    struct lcache_entry **p = &s->buckets[h & s->mask];
    while (*p != NULL && !((*p)->hash == h && (*p)->klen == klen && memcmp((*p)->data, k, klen) == 0)) {
        p = &(*p)->hnext;
    }
    return p;
}

static void lru_unlink(struct lc_shard *s, struct lcache_entry *e)
{
    *(e->prev ? &e->prev->next : &s->head) = e->next;
    *(e->next ? &e->next->prev : &s->tail) = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push(struct lc_shard *s, struct lcache_entry *e)
{
    e->prev = NULL;
    e->next = s->head;
    *(s->head ? &s->head->prev : &s->tail) = e;
    s->head = e;
}

/* Unlinks and frees the entry *pp points to (shard locked). */
static void drop(struct lcache *lc, struct lc_shard *s, struct lcache_entry **pp)
{
    struct lcache_entry *e = *pp;
    *pp = e->hnext;
    lru_unlink(s, e);
    s->bytes -= e->size;
    atomic_fetch_sub(&lc->bytes, e->size);
    lcache_release(e);
}

static void drop_entry(struct lcache *lc, struct lc_shard *s, struct lcache_entry *e)
{
    drop(lc, s, slot_of(s, e->hash, e->data, e->klen));
}

/* Replaces key k's entry (shard locked), evicting the least recently used to stay in bounds. */
static void store_locked(struct lcache *lc, struct lc_shard *s, uint64_t h, const char *k, size_t klen,
                         const struct cache_stamp *st, double expires, const char *val, size_t vlen)
{
    size_t size = sizeof(struct lcache_entry) + klen + vlen;
    struct lcache_entry **pp = slot_of(s, h, k, klen);
    if (*pp != NULL) {
        drop(lc, s, pp);
    }
    if (size > s->max) {
        return;
    }
    while (s->bytes + size > s->max) {
        drop_entry(lc, s, s->tail);
    }
    struct lcache_entry *e = malloc(size);
    if (e == NULL) {
        abort();
    }
    e->hash = h;
    e->stamp = *st;
    e->expires = expires;
    e->klen = klen;
    e->vlen = vlen;
    e->size = size;
    atomic_init(&e->refs, 1);
    memcpy(e->data, k, klen);
    if (vlen > 0) {
        memcpy(e->data + klen, val, vlen);
    }
    e->hnext = s->buckets[h & s->mask];
    s->buckets[h & s->mask] = e;
    lru_push(s, e);
    s->bytes += size;
    atomic_fetch_add(&lc->bytes, size);
}

/* The entry of key k (shard locked), moved to the front of the LRU list; NULL if none. */
static struct lcache_entry *find_locked(struct lc_shard *s, uint64_t h, const char *k, size_t klen)
{
    struct lcache_entry *e = *slot_of(s, h, k, klen);
    if (e != NULL && e != s->head) {
        lru_unlink(s, e);
        lru_push(s, e);
    }
    return e;
}

void lcache_free(struct lcache *lc)
{
    if (lc == NULL) {
        return;
    }
    lcache_flush(lc);
    for (size_t i = 0; i < LC_SHARDS; i++) {
        free(lc->shard[i].buckets);
        pthread_mutex_destroy(&lc->shard[i].lock);
    }
    pthread_mutex_destroy(&lc->meta);
    pthread_mutex_destroy(&lc->flights_lock);
    free(lc);
}

uint64_t lcache_seq(struct lcache *lc)
{
    return lc != NULL ? atomic_load(&lc->seq) : 0;
}

bool lcache_tracking(struct lcache *lc)
{
    return lc != NULL && atomic_load(&lc->up);
}

void lcache_flush(struct lcache *lc)
{
    if (lc == NULL) {
        return;
    }
    /* first the sequence: a reader that checks it after this refuses to store, one that
     * stored before is flushed below */
    atomic_fetch_add(&lc->seq, 1);
    pthread_mutex_lock(&lc->meta);
    atomic_store(&lc->epoch, LC_UNKNOWN);
    pthread_mutex_unlock(&lc->meta);
    for (size_t i = 0; i < LC_SHARDS; i++) {
        struct lc_shard *s = &lc->shard[i];
        pthread_mutex_lock(&s->lock);
        while (s->head != NULL) {
            drop_entry(lc, s, s->head);
        }
        pthread_mutex_unlock(&s->lock);
    }
}

void lcache_set_tracking(struct lcache *lc, bool up)
{
    if (lc == NULL) {
        return;
    }
    if (!up) {
        atomic_store(&lc->up, false);
    }
    lcache_flush(lc);
    if (up) {
        atomic_store(&lc->up, true);
    }
}

void lcache_set_feed(struct lcache *lc, int fd)
{
    if (lc != NULL) {
        atomic_store(&lc->feed_fd, fd);
        atomic_store(&lc->feeding, false);
        atomic_store(&lc->settled_at, 0.0);
    }
}

void lcache_feeding(struct lcache *lc, bool on)
{
    if (lc != NULL) {
        atomic_store(&lc->feeding, on);
    }
}

/* No invalidation that had reached this process by since (a monotonic time) waits: none
 * in the tracker's socket, none taken off it unapplied. The socket first: the tracker
 * marks itself feeding before it reads, so a message is always in one place or the other
 * until it is applied. A check that began at or after since answers for it too: what was
 * there at since was still there (or applied) when that check looked, so a request's
 * lookups share one check, and requests arriving together share one (no syscall). */
static bool settled(struct lcache *lc, double since)
{
    if (atomic_load(&lc->settled_at) >= since) {
        return true;
    }
    double began = mono_s();
    int fd = atomic_load(&lc->feed_fd), n = 0;
    if ((fd >= 0 && ioctl(fd, FIONREAD, &n) == 0 && n > 0) || atomic_load(&lc->feeding)) {
        return false;
    }
    double was = atomic_load(&lc->settled_at);
    while (was < began && !atomic_compare_exchange_weak(&lc->settled_at, &was, began)) {
    }
    return true;
}

static void forget(struct lcache *lc, char kind, const char *name)
{
    char k[LC_KEY_MAX];
    size_t kl = lkey(k, kind, name, NULL);
    uint64_t h;
    if (lc == NULL || kl == 0) {
        return;
    }
    atomic_fetch_add(&lc->seq, 1);
    struct lc_shard *s = lock_shard(lc, k, kl, &h);
    struct lcache_entry **pp = slot_of(s, h, k, kl);
    if (*pp != NULL) {
        drop(lc, s, pp);
    }
    pthread_mutex_unlock(&s->lock);
}

void lcache_forget_gen(struct lcache *lc, const char *office)
{
    forget(lc, LC_GEN, office);
}

void lcache_forget_denied(struct lcache *lc, const char *jti)
{
    forget(lc, LC_DENIED, jti);
}

/* Whether what a round trip begun at seq learned may be stored (under the lock that
 * orders it against the tracker's invalidation of the same thing). */
static bool unchanged(struct lcache *lc, uint64_t seq)
{
    return atomic_load(&lc->up) && atomic_load(&lc->seq) == seq;
}

static void learn(struct lcache *lc, uint64_t seq, char kind, const char *name, long long v)
{
    char k[LC_KEY_MAX];
    size_t kl = lkey(k, kind, name, NULL);
    uint64_t h;
    if (lc == NULL || kl == 0 || !unchanged(lc, seq)) {
        return;
    }
    struct cache_stamp st = {0, v};
    struct lc_shard *s = lock_shard(lc, k, kl, &h);
    if (unchanged(lc, seq)) {
        store_locked(lc, s, h, k, kl, &st, 0, NULL, 0);
    }
    pthread_mutex_unlock(&s->lock);
}

void lcache_learn_stamp(struct lcache *lc, uint64_t seq, const char *office, const struct cache_stamp *st)
{
    if (lc == NULL) {
        return;
    }
    pthread_mutex_lock(&lc->meta);
    if (unchanged(lc, seq)) {
        atomic_store(&lc->epoch, st->epoch);
    }
    pthread_mutex_unlock(&lc->meta);
    learn(lc, seq, LC_GEN, office, st->gen);
}

void lcache_learn_denied(struct lcache *lc, uint64_t seq, const char *jti, bool revoked)
{
    learn(lc, seq, LC_DENIED, jti, revoked ? 1 : 0);
}

/* The .gen of a generation or an answer when tracking is up; LC_UNKNOWN otherwise. */
static long long known(struct lcache *lc, char kind, const char *name)
{
    char k[LC_KEY_MAX];
    size_t kl = lkey(k, kind, name, NULL);
    uint64_t h;
    long long v = LC_UNKNOWN;
    if (lc == NULL || kl == 0 || !atomic_load(&lc->up)) {
        return LC_UNKNOWN;
    }
    struct lc_shard *s = lock_shard(lc, k, kl, &h);
    struct lcache_entry *e = find_locked(s, h, k, kl);
    if (e != NULL) {
        v = e->stamp.gen;
    }
    pthread_mutex_unlock(&s->lock);
    return v;
}

bool lcache_stamp(struct lcache *lc, double since, const char *office, struct cache_stamp *out)
{
    long long epoch = lc != NULL && settled(lc, since) ? atomic_load(&lc->epoch) : LC_UNKNOWN;
    if (epoch == LC_UNKNOWN) {
        return false;
    }
    long long gen = known(lc, LC_GEN, office);
    if (gen == LC_UNKNOWN) {
        return false;
    }
    out->epoch = epoch;
    out->gen = gen;
    return true;
}

int lcache_denied(struct lcache *lc, double since, const char *jti)
{
    long long v = lc != NULL && settled(lc, since) ? known(lc, LC_DENIED, jti) : LC_UNKNOWN;
    return v == LC_UNKNOWN ? -1 : (int)v;
}

struct lcache_entry *lcache_hold(struct lcache *lc, const char *office, const char *key,
                                 const struct cache_stamp *st, const char **val, size_t *len)
{
    char k[LC_KEY_MAX];
    size_t kl = lc != NULL ? lkey(k, LC_VALUE, office, key) : 0;
    uint64_t h;
    if (kl == 0) {
        return NULL;
    }
    struct lc_shard *s = lock_shard(lc, k, kl, &h);
    struct lcache_entry *e = find_locked(s, h, k, kl);
    if (e != NULL && (e->stamp.epoch != st->epoch || e->stamp.gen != st->gen || e->expires <= mono_s())) {
        drop_entry(lc, s, e); /* under an old stamp, or gone from Redis by now */
        e = NULL;
    } else if (e != NULL) {
        atomic_fetch_add(&e->refs, 1);
        *val = e->data + e->klen;
        *len = e->vlen;
    }
    pthread_mutex_unlock(&s->lock);
    return e;
}

void lcache_release(struct lcache_entry *e)
{
    if (e != NULL && atomic_fetch_sub(&e->refs, 1) == 1) {
        free(e);
    }
}

bool lcache_value(struct lcache *lc, const char *office, const char *key, const struct cache_stamp *st,
                  char **val, size_t *len)
{
    const char *held = NULL;
    size_t n = 0;
    struct lcache_entry *e = lcache_hold(lc, office, key, st, &held, &n);
    if (e == NULL) {
        return false;
    }
    *val = malloc(n + 1);
    if (*val == NULL) {
        abort();
    }
    memcpy(*val, held, n);
    (*val)[n] = '\0';
    *len = n;
    lcache_release(e);
    return true;
}

void lcache_put(struct lcache *lc, const char *office, const char *key, const struct cache_stamp *st,
                const char *val, size_t len, double ttl_s)
{
    char k[LC_KEY_MAX];
    size_t kl = lc != NULL ? lkey(k, LC_VALUE, office, key) : 0;
    uint64_t h;
    if (kl == 0 || ttl_s <= 0) {
        return;
    }
    struct lc_shard *s = lock_shard(lc, k, kl, &h);
    store_locked(lc, s, h, k, kl, st, mono_s() + ttl_s, val, len);
    pthread_mutex_unlock(&s->lock);
}

/* Drops one reference to f (flights locked); the last frees it. */
static void flight_release(struct lcache_flight *f)
{
    if (--f->refs == 0) {
        pthread_cond_destroy(&f->done);
        free(f->val);
        free(f);
    }
}

/* A new flight for key fk, linked (flights locked). */
static struct lcache_flight *flight_new(struct lcache *lc, const char *fk)
{
    pthread_condattr_t ca;
    struct lcache_flight *f = calloc(1, sizeof(*f));
    if (f == NULL) {
        abort();
    }
    snprintf(f->key, sizeof(f->key), "%s", fk);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&f->done, &ca);
    pthread_condattr_destroy(&ca);
    f->refs = 1;
    f->next = lc->flights;
    lc->flights = f;
    return f;
}

/* Waits (flights locked) up to wait_s for f's end; its value copied when it had one. */
static enum lcache_join flight_wait(struct lcache *lc, struct lcache_flight *f, double wait_s, char **val,
                                    size_t *len)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    long long ns = until.tv_nsec + (long long)(wait_s * 1e9);
    until.tv_sec += (time_t)(ns / 1000000000LL);
    until.tv_nsec = (long)(ns % 1000000000LL);
    f->refs++;
    atomic_fetch_add(&lc->joined, 1);
    while (f->state == 0 && pthread_cond_timedwait(&f->done, &lc->flights_lock, &until) != ETIMEDOUT) {
    }
    enum lcache_join r = LCACHE_ALONE;
    if (f->state == 1) {
        *val = malloc(f->len + 1);
        if (*val == NULL) {
            abort();
        }
        memcpy(*val, f->val, f->len);
        (*val)[f->len] = '\0';
        *len = f->len;
        r = LCACHE_GOT;
    }
    flight_release(f);
    return r;
}

/* The flight key of office/key/st into fk; false when it does not fit. */
static bool flight_key(char fk[LC_KEY_MAX + 48], const char *office, const char *key,
                       const struct cache_stamp *st)
{
    int n = snprintf(fk, LC_KEY_MAX + 48, "%s\n%s@%lld:%lld", office, key, st->epoch, st->gen);
    return n > 0 && n < LC_KEY_MAX + 48;
}

enum lcache_join lcache_flight_join(struct lcache *lc, const char *office, const char *key,
                                    const struct cache_stamp *st, double wait_s, struct lcache_flight **lead,
                                    char **val, size_t *len)
{
    char fk[LC_KEY_MAX + 48];
    enum lcache_join r = LCACHE_LEAD;
    *lead = NULL;
    *val = NULL;
    *len = 0;
    if (lc == NULL || !flight_key(fk, office, key, st)) {
        return LCACHE_ALONE;
    }
    pthread_mutex_lock(&lc->flights_lock);
    struct lcache_flight *f = lc->flights;
    while (f != NULL && strcmp(f->key, fk) != 0) {
        f = f->next;
    }
    if (f != NULL) {
        r = flight_wait(lc, f, wait_s, val, len);
    } else if (lcache_value(lc, office, key, st, val, len)) {
        /* a flight of this key just ended: its leader stored the value before */
        r = LCACHE_GOT;
    } else {
        *lead = flight_new(lc, fk);
        atomic_fetch_add(&lc->fills, 1);
    }
    pthread_mutex_unlock(&lc->flights_lock);
    return r;
}

/* Ends f with copy (NULL: without a value), waking its waiters. */
static void flight_end(struct lcache *lc, struct lcache_flight *f, char *copy, size_t len)
{
    pthread_mutex_lock(&lc->flights_lock);
    for (struct lcache_flight **p = &lc->flights; *p != NULL; p = &(*p)->next) {
        if (*p == f) {
            *p = f->next;
            break;
        }
    }
    f->val = copy;
    f->len = len;
    f->state = copy != NULL ? 1 : 2;
    pthread_cond_broadcast(&f->done);
    flight_release(f);
    pthread_mutex_unlock(&lc->flights_lock);
}

void lcache_flight_done(struct lcache *lc, struct lcache_flight *f, const char *office, const char *key,
                        const struct cache_stamp *st, const char *val, size_t len)
{
    char fk[LC_KEY_MAX + 48];
    char *copy = NULL;
    if (lc == NULL || f == NULL) {
        return;
    }
    /* f->key is not written after f is linked: read without the lock */
    if (flight_key(fk, office, key, st) && strcmp(fk, f->key) == 0) {
        copy = malloc(len + 1);
        if (copy == NULL) {
            abort();
        }
        memcpy(copy, val, len);
    }
    flight_end(lc, f, copy, len);
}

void lcache_flight_abandon(struct lcache *lc, struct lcache_flight *f)
{
    if (lc != NULL && f != NULL) {
        flight_end(lc, f, NULL, 0);
    }
}

void lcache_count_hit(struct lcache *lc)
{
    if (lc != NULL) {
        atomic_fetch_add_explicit(&lc->hits, 1, memory_order_relaxed);
    }
}

void lcache_stats(struct lcache *lc, struct lcache_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (lc != NULL) {
        out->hits = atomic_load(&lc->hits);
        out->fills = atomic_load(&lc->fills);
        out->joined = atomic_load(&lc->joined);
        out->bytes = atomic_load(&lc->bytes);
    }
}
