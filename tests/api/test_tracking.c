/* The local cache layer across two service processes A and B (same MariaDB and Redis):
 * a write through A is read through B within a second although B served the read from its
 * memory, and is in B's very next read; B's tracking connection lost (killed, and kept
 * from reconnecting) costs no stale read; a token revoked through A is refused by B;
 * concurrent misses of one key in one process compute it once; a Redis refusing writes
 * costs no stale read in the writing process; a token revoked while Redis was down is
 * refused by every thread of both processes once it is back; what a change made in MariaDB
 * behind the service's back made stale is served by neither once the epoch is bumped. Office
 * 532841 is created here and written only here. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hiredis.h>

#include "yinhui/db.h"
#include "yinhui/util.h"

#define OFFICE "532841"

static struct config cfg;
static struct proc_pair pp;
static redisContext *redis;

static redisReply *rcmd(const char *fmt, const char *arg)
{
    redisReply *r = redisCommand(redis, fmt, arg);
    assert_non_null(r);
    return r;
}

#define LOCAL_HITS "yinhui_cache_local_hits_total"
#define TRACKING "yinhui_cache_tracking"

/* GETs path as token on B until B serves it from its memory (its local-hit counter grows),
 * checking each body holds needle. */
static void warm_on_b(const char *path, const char *token, const char *needle)
{
    api_on(pp.base_b);
    long long h0 = server_metric(pp.base_b, LOCAL_HITS);
    for (int i = 0; i < 100 && server_metric(pp.base_b, LOCAL_HITS) == h0; i++) {
        struct http_res r;
        assert_int_equal(jreq("GET", path, token, NULL, &r), 200);
        if (needle != NULL) {
            assert_non_null(strstr(r.body, needle));
        }
        http_free(&r);
    }
    assert_true(server_metric(pp.base_b, LOCAL_HITS) > h0);
}

/* Renames the member through A. */
static void rename_on_a(const char *name)
{
    char ifm[48], body[96];
    api_on(pp.base_a);
    if_match(pp.member_path, pp.tok, ifm, sizeof(ifm));
    const char *const hdr[] = {ifm, NULL};
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    expect_with(200, "PATCH", pp.member_path, pp.tok, body, hdr);
}

/* GETs the member through B until its body holds name (a new name, or any new value);
 * fails after 1 s. The first read after a write on A may only be stale for as long as B's
 * tracker takes to hear of it. */
static void fresh_on_b(const char *name)
{
    api_on(pp.base_b);
    double t0 = mono_s();
    for (;;) {
        struct http_res r;
        assert_int_equal(jreq("GET", pp.member_path, pp.tok, NULL, &r), 200);
        bool fresh = strstr(r.body, name) != NULL;
        http_free(&r);
        if (fresh) {
            return;
        }
        if (mono_s() - t0 > 1.0) {
            fail_msg("B still serves the member without %s after 1 s", name);
        }
        usleep(1000);
    }
}

static int setup(void **s)
{
    (void)s;
    test_config(&cfg);
    pair_start(&pp, OFFICE, "跟踪县委老干部局", NULL, "tracking", "跟踪甲", "1941");
    redis = redisConnect(cfg.redis_host, (int)cfg.redis_port);
    assert_non_null(redis);
    freeReplyObject(rcmd("AUTH %s", cfg.redis_password));
    wait_metric(pp.base_a, TRACKING, 1);
    wait_metric(pp.base_b, TRACKING, 1);
    return 0;
}

/* Lets the default user SUBSCRIBE again (whether or not the test failed). */
static int allow_subscribe(void **s)
{
    (void)s;
    redisReply *r = redisCommand(redis, "ACL SETUSER default +subscribe");
    assert_non_null(r);
    freeReplyObject(r);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    redisFree(redis);
    pair_stop(&pp);
    return 0;
}

/* B serves the member from its memory; a write through A reaches B's next reads within
 * a second (they would be stale for YH_CACHE_TTL_S without the invalidation). */
static void invalidation_across_processes(void **s)
{
    (void)s;
    warm_on_b(pp.member_path, pp.tok, "跟踪甲");
    rename_on_a("跟踪乙");
    fresh_on_b("跟踪乙");
    /* and B's own writes are its next read at once */
    warm_on_b(pp.member_path, pp.tok, "跟踪乙");
    char ifm[48];
    api_on(pp.base_b);
    if_match(pp.member_path, pp.tok, ifm, sizeof(ifm));
    const char *const hdr[] = {ifm, NULL};
    expect_with(200, "PATCH", pp.member_path, pp.tok, "{\"name\":\"跟踪丙\"}", hdr);
    struct http_res r;
    assert_int_equal(jreq("GET", pp.member_path, pp.tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "跟踪丙"));
    http_free(&r);
}

/* Behind nginx a caller's next request may go to the other process: a write through A is
 * in B's very next read, every time (B does not serve from memory while an invalidation
 * has reached its tracking connection but is not applied yet). */
static void read_your_write_across_processes(void **s)
{
    (void)s;
    char name[32];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "跟踪读%d", i);
        warm_on_b(pp.member_path, pp.tok, NULL);
        rename_on_a(name);
        api_on(pp.base_b);
        struct http_res r;
        assert_int_equal(jreq("GET", pp.member_path, pp.tok, NULL, &r), 200);
        if (strstr(r.body, name) == NULL) {
            fail_msg("round %d: B's next read after A's write is stale: %s", i, r.body);
        }
        http_free(&r);
    }
}

/* Kills every plain Redis connection (the workers' of A and B, and ours, reconnected). */
static void kill_plain_connections(void)
{
    redisReply *k = redisCommand(redis, "CLIENT KILL TYPE normal");
    if (k != NULL) {
        freeReplyObject(k);
    }
    redisFree(redis);
    redis = redisConnect(cfg.redis_host, (int)cfg.redis_port);
    assert_non_null(redis);
    freeReplyObject(rcmd("AUTH %s", cfg.redis_password));
}

/* A new token (into tok[2048]) that B holds as not revoked in its memory, revoked through
 * A (every plain Redis connection killed first when kill): B refuses it within 1 s. */
static void revoked_on_a_refused_by_b(char *tok, bool kill)
{
    api_on(pp.base_a);
    login(OFFICE, "admin", "demo-" OFFICE "-pass", tok, 2048, NULL, 0);
    warm_on_b("/v1/offices/" OFFICE, tok, OFFICE);
    if (kill) {
        kill_plain_connections();
    }
    api_on(pp.base_a);
    expect(204, "POST", "/v1/auth/revoke", tok, NULL);
    refused_within_1s(pp.base_b, "/v1/offices/" OFFICE, tok);
}

/* Every plain Redis connection killed (A's and B's workers', and ours; not the trackers,
 * which are pubsub), then a write through A: A's invalidation finds its connection gone,
 * and B must still see the write within a second, not at A's next Redis call. */
static void write_on_a_killed_connection_reaches_b(void **s)
{
    (void)s;
    warm_on_b(pp.member_path, pp.tok, NULL);
    kill_plain_connections();
    rename_on_a("跟踪断");
    fresh_on_b("跟踪断");
}

/* The same for a revocation: B holds the token's "not revoked" answer in memory, every
 * plain connection is killed, the token is revoked through A, and B refuses it within 1 s. */
static void revocation_on_a_killed_connection_reaches_b(void **s)
{
    (void)s;
    char tok[2048];
    revoked_on_a_refused_by_b(tok, true);
}

/* Closes B's tracking connection (named yinhui-tracker-<pid>). */
static void kill_tracker_of_b(void)
{
    char name[48];
    snprintf(name, sizeof(name), "name=yinhui-tracker-%d ", (int)pp.pid_b);
    redisReply *l = rcmd("CLIENT LIST TYPE %s", "pubsub");
    assert_int_equal(l->type, REDIS_REPLY_STRING);
    const char *line = strstr(l->str, name);
    assert_non_null(line);
    while (line > l->str && line[-1] != '\n') {
        line--;
    }
    assert_int_equal(strncmp(line, "id=", 3), 0);
    char id[24];
    snprintf(id, sizeof(id), "%lld", strtoll(line + 3, NULL, 10));
    freeReplyObject(l);
    redisReply *k = rcmd("CLIENT KILL ID %s", id);
    assert_int_equal(k->type, REDIS_REPLY_INTEGER);
    assert_int_equal(k->integer, 1);
    freeReplyObject(k);
}

/* B's tracker killed and kept out (Redis refuses it the SUBSCRIBE meanwhile, which no
 * data connection uses): B flushes its memory and reads through Redis, so every write
 * through A is B's next read; once the tracker is back, B serves from memory again and
 * still hears of A's writes. */
static void tracking_connection_loss(void **s)
{
    (void)s;
    warm_on_b(pp.member_path, pp.tok, NULL);
    long long reconnects = server_metric(pp.base_b, "yinhui_cache_tracker_reconnects_total");
    redisReply *acl = redisCommand(redis, "ACL SETUSER default -subscribe");
    assert_non_null(acl);
    assert_int_equal(acl->type, REDIS_REPLY_STATUS);
    freeReplyObject(acl);
    kill_tracker_of_b();
    api_on(pp.base_b);
    for (int i = 0; i < 250 && server_metric(pp.base_b, TRACKING) != 0; i++) {
        usleep(20 * 1000);
    }
    assert_int_equal(server_metric(pp.base_b, TRACKING), 0);
    long long hits = server_metric(pp.base_b, LOCAL_HITS);
    static const char *const names[] = {"断线一", "断线二", "断线三"};
    for (size_t i = 0; i < 3; i++) {
        rename_on_a(names[i]);
        api_on(pp.base_b);
        for (int k = 0; k < 3; k++) {
            struct http_res r;
            assert_int_equal(jreq("GET", pp.member_path, pp.tok, NULL, &r), 200);
            assert_non_null(strstr(r.body, names[i])); /* at once, not within a second */
            http_free(&r);
        }
    }
    assert_int_equal(server_metric(pp.base_b, LOCAL_HITS), hits); /* memory bypassed while down */
    assert_int_equal(server_metric(pp.base_b, TRACKING), 0);
    allow_subscribe(NULL);
    wait_metric(pp.base_b, "yinhui_cache_tracker_reconnects_total", reconnects + 1);
    wait_metric(pp.base_b, TRACKING, 1);
    warm_on_b(pp.member_path, pp.tok, "断线三");
    rename_on_a("重连后");
    fresh_on_b("重连后");
}

/* deploy/SCALING.md "Changes made outside the service": the member changed in MariaDB
 * behind the service's back (a restore, a hand-made UPDATE) stays stale in B's memory —
 * nothing the service did moved a generation — until the epoch is bumped by hand
 * (INCR yh:epoch); then B's and A's next reads show it within a second. */
static void epoch_bump_retires_changes_made_outside(void **s)
{
    (void)s;
    warm_on_b(pp.member_path, pp.tok, NULL);
    struct db *db = test_db();
    struct db_param p[] = {P_STR("库外改动单位"), P_I64(atoll(strrchr(pp.member_path, '/') + 1))};
    assert_int_equal(db_exec(db, "UPDATE members SET work_unit = ? WHERE id = ?", p, 2, NULL, NULL, NULL),
                     YH_OK);
    db_close(db);
    struct http_res r;
    api_on(pp.base_b);
    assert_int_equal(jreq("GET", pp.member_path, pp.tok, NULL, &r), 200);
    assert_null(strstr(r.body, "库外改动单位")); /* still the cached read */
    http_free(&r);
    freeReplyObject(rcmd("INCR %s", "yh:epoch"));
    fresh_on_b("库外改动单位");
    api_on(pp.base_a);
    assert_int_equal(jreq("GET", pp.member_path, pp.tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "库外改动单位"));
    http_free(&r);
}

/* A token B knows is not revoked (served from its memory) is refused by B within a
 * second of its revocation through A. */
static void revocation_across_processes(void **s)
{
    (void)s;
    char t2[2048];
    revoked_on_a_refused_by_b(t2, false);
    /* and on the uncached routes too */
    expect_problem(401, "GET", "/v1/accounts", t2, NULL);
}

struct getter {
    pthread_barrier_t *go;
    const char *url, *token, *needle;
    long status;
    bool found; /* the body holds needle (or no needle) */
};

static void *get_one(void *arg)
{
    struct getter *g = arg;
    char auth[2100];
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", g->token);
    const char *const h[] = {auth, NULL};
    struct http_res r;
    pthread_barrier_wait(g->go);
    g->status = http_do("GET", g->url, h, NULL, 0, &r) == 0 ? r.status : -1;
    g->found = g->needle == NULL || (r.body != NULL && strstr(r.body, g->needle) != NULL);
    http_free(&r);
    return NULL;
}

/* 16 GETs of url as token on as many connections, released at once; asserts each status
 * and, when needle is given, that each body holds it. */
static void gets_at_once_with(const char *url, const char *token, long status, const char *needle)
{
    pthread_t th[16];
    struct getter g[16];
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, 16);
    for (int i = 0; i < 16; i++) {
        g[i] = (struct getter){&go, url, token, needle, 0, false};
        pthread_create(&th[i], NULL, get_one, &g[i]);
    }
    for (int i = 0; i < 16; i++) {
        pthread_join(th[i], NULL);
    }
    pthread_barrier_destroy(&go);
    for (int i = 0; i < 16; i++) {
        assert_int_equal(g[i].status, status);
        assert_true(g[i].found);
    }
}

static void gets_at_once(const char *url, const char *token, long status)
{
    gets_at_once_with(url, token, status, NULL);
}

/* 16 concurrent GETs of a read nobody cached yet, on one process: it is computed once. */
static void single_flight(void **s)
{
    (void)s;
    char idno[19], id[24], url[128];
    api_on(pp.base_a);
    idno_seq(idno, "530000", "1941", (unsigned)getpid() % 900 + 1);
    member_create(pp.tok, "同飞", idno, "retired", "", id, sizeof(id));
    usleep(200 * 1000); /* B hears of the write before the reads (one stamp for all) */
    long long fills = server_metric(pp.base_b, "yinhui_cache_fills_total");
    long long joined = server_metric(pp.base_b, "yinhui_cache_flights_joined_total");
    snprintf(url, sizeof(url), "%s/v1/members/%s", pp.base_b, id);
    gets_at_once(url, pp.tok, 200);
    assert_int_equal(server_metric(pp.base_b, "yinhui_cache_fills_total") - fills, 1);
    fprintf(stderr, "single flight: %lld of 16 waited for the fill\n",
            server_metric(pp.base_b, "yinhui_cache_flights_joined_total") - joined);
}

/* Lets the default user write again (whether or not the test failed). */
static int allow_writes(void **s)
{
    (void)s;
    freeReplyObject(rcmd("ACL SETUSER default %s", "+@all"));
    return 0;
}

/* Redis up but refusing writes (an ACL here; READONLY from a demoted primary or OOM fail
 * the same way): a rename through A commits and its invalidation fails, yet no thread of A
 * serves the old name, from Redis or from memory (before, only the thread whose write failed
 * knew); once Redis takes writes again, A's next requests bump the epoch and B is fresh. */
static void writes_refused(void **s)
{
    (void)s;
    char url[128];
    snprintf(url, sizeof(url), "%s%s", pp.base_a, pp.member_path);
    rename_on_a("拒写前");
    gets_at_once_with(url, pp.tok, 200, "拒写前"); /* many threads of A read it through Redis */
    warm_on_b(pp.member_path, pp.tok, "拒写前");
    redisReply *acl = rcmd("ACL SETUSER default %s", "-@write");
    assert_int_equal(acl->type, REDIS_REPLY_STATUS);
    freeReplyObject(acl);
    rename_on_a("拒写后");
    for (int round = 0; round < 3; round++) {
        gets_at_once_with(url, pp.tok, 200, "拒写后");
        usleep(300 * 1000);
    }
    allow_writes(NULL);
    gets_at_once_with(url, pp.tok, 200, "拒写后");
    fresh_on_b("拒写后");
}

#define TRACKER_BACK "yinhui_cache_tracker_reconnects_total"

/* Redis restarted, its denylist gone, and a token revoked through A meanwhile (in MariaDB
 * alone): afterwards every thread of both processes refuses it (each thread that
 * reconnects copies the denylist back first), while a live token still reads. */
static void revoked_during_outage_refused_after(void **s)
{
    (void)s;
    char t3[2048], url[2][128];
    const char *base[2] = {pp.base_a, pp.base_b};
    long long back[2];
    api_on(pp.base_a);
    login(OFFICE, "admin", "demo-" OFFICE "-pass", t3, sizeof(t3), NULL, 0);
    for (int p = 0; p < 2; p++) {
        snprintf(url[p], sizeof(url[p]), "%s/v1/offices/" OFFICE, base[p]);
        gets_at_once(url[p], t3, 200); /* many threads know t3, not revoked */
        back[p] = server_metric(base[p], TRACKER_BACK);
    }
    test_redis_down();
    expect(204, "POST", "/v1/auth/revoke", t3, NULL);
    test_redis_up();
    for (int p = 0; p < 2; p++) {
        wait_metric(base[p], TRACKER_BACK, back[p] + 1);
    }
    /* rounds past the 500 ms reconnect back-off: every thread that served one reconnects */
    for (int round = 0; round < 3; round++) {
        for (int p = 0; p < 2; p++) {
            gets_at_once(url[p], t3, 401);
            gets_at_once(url[p], pp.tok, 200);
        }
        usleep(600 * 1000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(invalidation_across_processes),
        cmocka_unit_test(read_your_write_across_processes),
        cmocka_unit_test_teardown(tracking_connection_loss, allow_subscribe),
        cmocka_unit_test(revocation_across_processes),
        cmocka_unit_test(epoch_bump_retires_changes_made_outside),
        cmocka_unit_test(single_flight),
        cmocka_unit_test_teardown(writes_refused, allow_writes),
        cmocka_unit_test(revoked_during_outage_refused_after),
        /* last: every worker of A and B then reconnects and bumps the epoch on its next call */
        cmocka_unit_test(write_on_a_killed_connection_reaches_b),
        cmocka_unit_test(revocation_on_a_killed_connection_reaches_b),
    };
    return cmocka_run_group_tests_name("tracking", tests, setup, teardown);
}
