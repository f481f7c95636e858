/* The local layer in front of Redis (service/platform/lcache.c), without servers: its byte
 * bound, stamps, the race rule against invalidations, and the single flight of misses. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "yinhui/lcache.h"
#include "yinhui/util.h"

static const struct cache_stamp s11 = {1, 1};

static struct lcache *tracking_store(size_t bytes)
{
    struct lcache *lc = lcache_new(bytes);
    assert_non_null(lc);
    lcache_set_tracking(lc, true);
    return lc;
}

static bool has_value(struct lcache *lc, const char *key, const struct cache_stamp *st)
{
    char *v = NULL;
    size_t n = 0;
    bool found = lcache_value(lc, "532801", key, st, &v, &n);
    free(v);
    return found;
}

static void zero_bytes_is_none(void **s)
{
    (void)s;
    assert_null(lcache_new(0));
    struct cache_stamp st;
    assert_false(lcache_stamp(NULL, mono_s(), "532801", &st));
    assert_int_equal(lcache_denied(NULL, mono_s(), "j"), -1);
}

/* 1,000 values of 1 KiB into 64 KiB: the bound holds, the newest stay, the oldest go. */
static void byte_bound_evicts(void **s)
{
    (void)s;
    struct lcache *lc = tracking_store(64 * 1024);
    char val[1024], key[32];
    struct lcache_stats st;
    memset(val, 'x', sizeof(val));
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof(key), "k:%d", i);
        lcache_put(lc, "532801", key, &s11, val, sizeof(val), 60);
        lcache_stats(lc, &st);
        assert_true(st.bytes <= 64 * 1024);
    }
    assert_true(st.bytes > 32 * 1024);
    assert_false(has_value(lc, "k:0", &s11));
    assert_true(has_value(lc, "k:999", &s11));
    /* a value larger than a shard's share is not held at all */
    char *big = calloc(1, 8192);
    lcache_put(lc, "532801", "big", &s11, big, 8192, 60);
    free(big);
    assert_false(has_value(lc, "big", &s11));
    lcache_free(lc);
}

/* A value is served under exactly its stamp; under another it is dropped when met. */
static void stale_stamp_not_served(void **s)
{
    (void)s;
    struct lcache *lc = tracking_store(1 << 20);
    struct cache_stamp newer = {1, 2}, other_epoch = {2, 1};
    char *v = NULL;
    size_t n = 0;
    lcache_put(lc, "532801", "o:532801", &s11, "sealed", 6, 60);
    assert_true(lcache_value(lc, "532801", "o:532801", &s11, &v, &n));
    assert_int_equal(n, 6);
    assert_memory_equal(v, "sealed", 6);
    free(v);
    assert_false(has_value(lc, "o:532801", &other_epoch));
    assert_false(has_value(lc, "o:532801", &s11)); /* dropped when met */
    lcache_put(lc, "532801", "o:532801", &s11, "sealed", 6, 60);
    assert_false(has_value(lc, "o:532801", &newer));
    struct lcache_stats st;
    lcache_stats(lc, &st);
    assert_int_equal(st.bytes, 0);
    /* nor past its lifetime */
    lcache_put(lc, "532801", "o:532801", &s11, "sealed", 6, 0.05);
    usleep(80 * 1000);
    assert_false(has_value(lc, "o:532801", &s11));
    lcache_free(lc);
}

/* What a round trip learned is stored only when no invalidation came since it began, and
 * only while tracking is up. */
static void race_rule(void **s)
{
    (void)s;
    struct lcache *lc = lcache_new(1 << 20);
    struct cache_stamp st = {7, 3}, got;
    /* tracking down: nothing is learned */
    lcache_learn_stamp(lc, lcache_seq(lc), "532801", &st);
    lcache_learn_denied(lc, lcache_seq(lc), "jti-1", false);
    lcache_set_tracking(lc, true);
    assert_false(lcache_stamp(lc, mono_s(), "532801", &got));
    assert_int_equal(lcache_denied(lc, mono_s(), "jti-1"), -1);
    /* a round trip begun before an invalidation of the office: refused */
    uint64_t seq = lcache_seq(lc);
    lcache_forget_gen(lc, "532801");
    lcache_learn_stamp(lc, seq, "532801", &st);
    assert_false(lcache_stamp(lc, mono_s(), "532801", &got));
    /* an invalidation of anything counts (the sequence is global) */
    seq = lcache_seq(lc);
    lcache_forget_denied(lc, "jti-other");
    lcache_learn_denied(lc, seq, "jti-1", false);
    assert_int_equal(lcache_denied(lc, mono_s(), "jti-1"), -1);
    /* none since: stored */
    seq = lcache_seq(lc);
    lcache_learn_stamp(lc, seq, "532801", &st);
    lcache_learn_denied(lc, seq, "jti-1", false);
    lcache_learn_denied(lc, seq, "jti-2", true);
    assert_true(lcache_stamp(lc, mono_s(), "532801", &got));
    assert_int_equal(got.epoch, 7);
    assert_int_equal(got.gen, 3);
    assert_int_equal(lcache_denied(lc, mono_s(), "jti-1"), 0);
    assert_int_equal(lcache_denied(lc, mono_s(), "jti-2"), 1);
    /* the messages drop what they name */
    lcache_forget_denied(lc, "jti-1");
    assert_int_equal(lcache_denied(lc, mono_s(), "jti-1"), -1);
    assert_int_equal(lcache_denied(lc, mono_s(), "jti-2"), 1);
    lcache_forget_gen(lc, "532801");
    assert_false(lcache_stamp(lc, mono_s(), "532801", &got));
    /* tracking down: nothing is answered, and a round trip begun while it was up is refused */
    seq = lcache_seq(lc);
    lcache_learn_stamp(lc, seq, "532801", &st);
    lcache_set_tracking(lc, false);
    assert_int_equal(lcache_denied(lc, mono_s(), "jti-2"), -1);
    assert_false(lcache_stamp(lc, mono_s(), "532801", &got));
    lcache_set_tracking(lc, true);
    lcache_learn_stamp(lc, seq, "532801", &st);
    assert_false(lcache_stamp(lc, mono_s(), "532801", &got));
    lcache_free(lc);
}

/* The tracker's socket: while a message waits in it (or the tracker holds one it took
 * off and has not applied), nothing is answered to a request that arrived after it; a
 * check that began after a request's arrival answers for that request too (one check
 * per request, shared by requests that arrived before it). */
static void feed_waits(void **s)
{
    (void)s;
    struct lcache *lc = tracking_store(1 << 20);
    struct cache_stamp st = {7, 3}, got;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    lcache_set_feed(lc, sv[0]);
    lcache_learn_stamp(lc, lcache_seq(lc), "532801", &st);
    lcache_learn_denied(lc, lcache_seq(lc), "jti-1", false);
    double before = mono_s();
    assert_true(lcache_stamp(lc, mono_s(), "532801", &got));
    assert_int_equal(write(sv[1], "x", 1), 1); /* a message arrives */
    double after = mono_s();
    /* a request that arrived before it: the check made since its arrival answers */
    assert_true(lcache_stamp(lc, before, "532801", &got));
    /* one that arrived after it: not answered until it is applied */
    assert_false(lcache_stamp(lc, after, "532801", &got));
    assert_int_equal(lcache_denied(lc, after, "jti-1"), -1);
    char c;
    lcache_feeding(lc, true); /* the tracker takes it off the socket... */
    assert_int_equal(read(sv[0], &c, 1), 1);
    assert_false(lcache_stamp(lc, mono_s(), "532801", &got));
    lcache_feeding(lc, false); /* ...and has applied it */
    assert_true(lcache_stamp(lc, mono_s(), "532801", &got));
    assert_int_equal(lcache_denied(lc, mono_s(), "jti-1"), 0);
    /* a new connection: no check made on the old one answers */
    assert_int_equal(write(sv[1], "y", 1), 1);
    lcache_set_feed(lc, sv[0]);
    assert_false(lcache_stamp(lc, before, "532801", &got));
    close(sv[0]);
    close(sv[1]);
    lcache_free(lc);
}

/* A held value stays readable after it is dropped (flushed, replaced) until released. */
static void held_outlives_drop(void **s)
{
    (void)s;
    struct lcache *lc = tracking_store(1 << 20);
    const char *v = NULL;
    size_t n = 0;
    lcache_put(lc, "532801", "k", &s11, "sealed-bytes", 12, 60);
    struct lcache_entry *e = lcache_hold(lc, "532801", "k", &s11, &v, &n);
    assert_non_null(e);
    assert_int_equal(n, 12);
    lcache_put(lc, "532801", "k", &s11, "other-value!", 12, 60);
    lcache_flush(lc);
    assert_memory_equal(v, "sealed-bytes", 12);
    lcache_release(e);
    const struct cache_stamp s12 = {1, 2};
    lcache_put(lc, "532801", "k", &s11, "sealed-bytes", 12, 60);
    assert_null(lcache_hold(lc, "532801", "k", &s12, &v, &n)); /* another stamp: dropped */
    assert_null(lcache_hold(lc, "532801", "k", &s11, &v, &n));
    lcache_free(lc);
}

struct joiner {
    struct lcache *lc;
    pthread_barrier_t *go;
    size_t waiters; /* how many the leader waits to have joined before it ends */
    bool abandon;
    enum lcache_join got;
    char value[16];
    double took;
};

static void *join_one(void *arg)
{
    struct joiner *j = arg;
    struct lcache_flight *lead = NULL;
    char *v = NULL;
    size_t n = 0;
    pthread_barrier_wait(j->go);
    double t0 = mono_s();
    j->got = lcache_flight_join(j->lc, "532801", "m:1", &s11, 10.0, &lead, &v, &n);
    if (j->got == LCACHE_LEAD) {
        struct lcache_stats st;
        /* all the others wait for this one (bounded: a stuck test fails below) */
        for (int i = 0; i < 1000; i++) {
            lcache_stats(j->lc, &st);
            if (st.joined >= j->waiters) {
                break;
            }
            usleep(5000);
        }
        usleep(20000);
        if (j->abandon) {
            lcache_flight_abandon(j->lc, lead);
        } else {
            lcache_put(j->lc, "532801", "m:1", &s11, "the-value", 9, 60);
            lcache_flight_done(j->lc, lead, "532801", "m:1", &s11, "the-value", 9);
        }
    } else if (j->got == LCACHE_GOT) {
        snprintf(j->value, sizeof(j->value), "%.*s", (int)n, v);
    }
    free(v);
    j->took = mono_s() - t0;
    return NULL;
}

/* n threads join one flight at once; counts of each outcome into leads, gots. */
static void run_joins(struct lcache *lc, bool abandon, struct joiner *js, size_t n)
{
    pthread_t th[16];
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, (unsigned)n);
    for (size_t i = 0; i < n; i++) {
        js[i] = (struct joiner){.lc = lc, .go = &go, .waiters = n - 1, .abandon = abandon};
        pthread_create(&th[i], NULL, join_one, &js[i]);
    }
    for (size_t i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
    }
    pthread_barrier_destroy(&go);
}

/* 16 concurrent misses of one key: one leader, the 15 others get its value. */
static void single_flight_one_leader(void **s)
{
    (void)s;
    struct lcache *lc = lcache_new(1 << 20); /* tracking down: flights work all the same */
    struct joiner js[16];
    run_joins(lc, false, js, 16);
    int leads = 0;
    for (size_t i = 0; i < 16; i++) {
        if (js[i].got == LCACHE_LEAD) {
            leads++;
        } else {
            assert_int_equal(js[i].got, LCACHE_GOT);
            assert_string_equal(js[i].value, "the-value");
        }
    }
    assert_int_equal(leads, 1);
    struct lcache_stats st;
    lcache_stats(lc, &st);
    assert_int_equal(st.fills, 1);
    assert_int_equal(st.joined, 15);
    /* a late joiner of the same key and stamp finds the stored value */
    struct lcache_flight *lead = NULL;
    char *v = NULL;
    size_t n = 0;
    assert_int_equal(lcache_flight_join(lc, "532801", "m:1", &s11, 1.0, &lead, &v, &n), LCACHE_GOT);
    assert_null(lead);
    free(v);
    lcache_free(lc);
}

/* A leader that ends without a value releases its waiters at once, to compute alone. */
static void leader_abandons(void **s)
{
    (void)s;
    struct lcache *lc = lcache_new(1 << 20);
    struct joiner js[16];
    run_joins(lc, true, js, 16);
    int leads = 0;
    for (size_t i = 0; i < 16; i++) {
        if (js[i].got == LCACHE_LEAD) {
            leads++;
        } else {
            assert_int_equal(js[i].got, LCACHE_ALONE);
            assert_true(js[i].took < 5.0); /* released by the leader, not by the 10 s wait */
        }
    }
    assert_int_equal(leads, 1);
    /* and a waiter whose leader never ends gives up after its wait */
    struct lcache_flight *lead = NULL, *none = NULL;
    char *v = NULL;
    size_t n = 0;
    assert_int_equal(lcache_flight_join(lc, "532801", "m:2", &s11, 1.0, &lead, &v, &n), LCACHE_LEAD);
    double t0 = mono_s();
    assert_int_equal(lcache_flight_join(lc, "532801", "m:2", &s11, 0.1, &none, &v, &n), LCACHE_ALONE);
    assert_true(mono_s() - t0 >= 0.09);
    assert_null(none);
    /* a value of another key does not end it as a value */
    lcache_flight_done(lc, lead, "532801", "m:other", &s11, "x", 1);
    assert_int_equal(lcache_flight_join(lc, "532801", "m:2", &s11, 0.1, &lead, &v, &n), LCACHE_LEAD);
    lcache_flight_abandon(lc, lead);
    lcache_free(lc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zero_bytes_is_none),
        cmocka_unit_test(byte_bound_evicts),
        cmocka_unit_test(stale_stamp_not_served),
        cmocka_unit_test(race_rule),
        cmocka_unit_test(feed_waits),
        cmocka_unit_test(held_outlives_drop),
        cmocka_unit_test(single_flight_one_leader),
        cmocka_unit_test(leader_abandons),
    };
    return cmocka_run_group_tests_name("lcache", tests, NULL, NULL);
}
