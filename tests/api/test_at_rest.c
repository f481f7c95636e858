/* Personal data at rest outside the member tables, through HTTP against the built binary
 * and the real Redis and MariaDB: Redis refuses connections without the password and the
 * service works with it; cached member bodies, lists and the care due list are sealed in
 * Redis (no name, phone or health in clear) and a value written into Redis by someone
 * else is never served; stored idempotency responses are sealed and still replay; the
 * service's own retention thread prunes old rows within seconds.
 * Office 532831 is created here and written only here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hiredis.h>

#include "yinhui/db.h"
#include "yinhui/util.h"

#define OFFICE "532831"
#define NAME "封存测试员"
#define PHONE "13954321987"

static char tok[2048];
static char member_id[24];
static struct config cfg;

/* A valid GB 11643 number of 532801 born 1940-01-01, unique per run and n. */
static void idno(int n, char out[19])
{
    idno_make(out, "532801", "19400101", (unsigned)(getpid() * 7 + n));
}

static redisContext *redis_connect(bool auth)
{
    redisContext *c = redisConnect(cfg.redis_host, (int)cfg.redis_port);
    assert_non_null(c);
    assert_int_equal(c->err, 0);
    if (auth) {
        redisReply *r = redisCommand(c, "AUTH %s", cfg.redis_password);
        assert_non_null(r);
        assert_int_equal(r->type, REDIS_REPLY_STATUS);
        freeReplyObject(r);
    }
    return c;
}

static int setup(void **s)
{
    (void)s;
    char cmd[512];
    test_config(&cfg);
    snprintf(cmd, sizeof(cmd),
             "\"$YH_BIN\" office add %s 封存县委老干部局 532800 >/dev/null && YH_NEW_PASSWORD=demo-%s-pass "
             "\"$YH_BIN\" account add %s admin admin 管理员 >/dev/null",
             OFFICE, OFFICE, OFFICE);
    assert_int_equal(system(cmd), 0);
    /* few worker threads: each connects to Redis on its first request, which is not cached;
     * no local layer in front of Redis (it holds the same sealed bytes, but serves them
     * without writing them back to Redis, whose keys these tests delete and rewrite) */
    static const char *const env[] = {"YH_THREADS=4", "YH_LOCAL_CACHE_BYTES=0", NULL};
    api_start(env, "build/test-logs/at-rest-server.log");
    login(OFFICE, "admin", "demo-" OFFICE "-pass", tok, sizeof(tok), NULL, 0);
    return 0;
}

static void get_until_cached(const char *path, const char *needle, const char *prefix);

/* Redis answers nothing but NOAUTH without the password; the service has it. */
static void redis_requires_password(void **s)
{
    (void)s;
    redisContext *c = redis_connect(false);
    redisReply *r = redisCommand(c, "PING");
    assert_non_null(r);
    assert_int_equal(r->type, REDIS_REPLY_ERROR);
    assert_non_null(strstr(r->str, "NOAUTH"));
    freeReplyObject(r);
    r = redisCommand(c, "GET yh:epoch");
    assert_non_null(r);
    assert_int_equal(r->type, REDIS_REPLY_ERROR);
    freeReplyObject(r);
    redisFree(c);
    c = redis_connect(true);
    r = redisCommand(c, "PING");
    assert_non_null(r);
    assert_string_equal(r->str, "PONG");
    freeReplyObject(r);
    redisFree(c);
    /* a wrong password is refused too */
    c = redisConnect(cfg.redis_host, (int)cfg.redis_port);
    r = redisCommand(c, "AUTH %s", "not-the-redis-password");
    assert_non_null(r);
    assert_int_equal(r->type, REDIS_REPLY_ERROR);
    freeReplyObject(r);
    /* a service given a wrong password still answers (from MariaDB) and caches nothing */
    r = redisCommand(c, "AUTH %s", cfg.redis_password);
    freeReplyObject(r);
    r = redisCommand(c, "DEL yh:c:" OFFICE ":o:" OFFICE);
    freeReplyObject(r);
    static const char *const env[] = {"YH_REDIS_PASSWORD=not-the-redis-password", NULL};
    char base[64], saved[64];
    snprintf(saved, sizeof(saved), "%s", api_base);
    pid_t other = server_start(env, base, sizeof(base), "build/test-logs/at-rest-wrong-pass.log");
    snprintf(api_base, sizeof(api_base), "%s", base);
    for (int i = 0; i < 8; i++) {
        expect(200, "GET", "/v1/offices/" OFFICE, tok, NULL);
    }
    snprintf(api_base, sizeof(api_base), "%s", saved);
    server_stop(other);
    r = redisCommand(c, "EXISTS yh:c:" OFFICE ":o:" OFFICE);
    assert_non_null(r);
    assert_int_equal(r->integer, 0);
    freeReplyObject(r);
    redisFree(c);
    /* while the service with the password caches the same read */
    get_until_cached("/v1/offices/" OFFICE, OFFICE, "o:");
}

/* Every Redis key of the office: each value's bytes must not contain needle. Returns
 * how many values of cached reads (yh:c:OFFICE:*) there were. */
static int assert_no_value_contains(const char *const *needles)
{
    redisContext *c = redis_connect(true);
    redisReply *keys = redisCommand(c, "KEYS *");
    int cached = 0;
    assert_non_null(keys);
    assert_int_equal(keys->type, REDIS_REPLY_ARRAY);
    for (size_t i = 0; i < keys->elements; i++) {
        redisReply *v = redisCommand(c, "GET %b", keys->element[i]->str, keys->element[i]->len);
        assert_non_null(v);
        if (v->type == REDIS_REPLY_STRING) {
            for (size_t k = 0; needles[k] != NULL; k++) {
                if (memmem(v->str, v->len, needles[k], strlen(needles[k])) != NULL) {
                    fail_msg("Redis key %s holds \"%s\" in clear", keys->element[i]->str, needles[k]);
                }
            }
            if (strncmp(keys->element[i]->str, "yh:c:" OFFICE ":", strlen("yh:c:" OFFICE ":")) == 0) {
                cached++;
            }
        }
        freeReplyObject(v);
    }
    freeReplyObject(keys);
    redisFree(c);
    return cached;
}

static void get_ok(const char *path, const char *needle)
{
    struct http_res r;
    long st = jreq("GET", path, tok, NULL, &r);
    if (st != 200) {
        fprintf(stderr, "GET %s: %ld %s\n", path, st, r.body);
    }
    assert_int_equal(st, 200);
    if (needle != NULL) {
        assert_non_null(strstr(r.body, needle));
    }
    http_free(&r);
}

/* GETs path until Redis holds a cached read of the office under prefix (a worker
 * thread's first request only connects to Redis, so it may take a few). */
static void get_until_cached(const char *path, const char *needle, const char *prefix)
{
    char pattern[64];
    snprintf(pattern, sizeof(pattern), "yh:c:%s:%s*", OFFICE, prefix);
    redisContext *c = redis_connect(true);
    bool cached = false;
    for (int i = 0; i < 200 && !cached; i++) {
        get_ok(path, needle);
        redisReply *k = redisCommand(c, "KEYS %s", pattern);
        assert_non_null(k);
        cached = k->type == REDIS_REPLY_ARRAY && k->elements > 0;
        freeReplyObject(k);
    }
    redisFree(c);
    if (!cached) {
        fail_msg("GET %s was never cached under %s", path, pattern);
    }
}

/* The cache key of the member's read (prefix first): the view's party standing is as of
 * today, so the key holds the day. */
static void member_key(const char *prefix, char *out, size_t n)
{
    char today[11];
    test_today(today);
    snprintf(out, n, "%sm:%s:%s", prefix, member_id, today);
}

/* After cached reads of a member, the member list and the care due list (which name
 * the member, the masked phone and the health), Redis holds none of it in clear. */
static void cached_personal_data_sealed(void **s)
{
    (void)s;
    char path[96], id[19], masked[19];
    idno(1, id);
    snprintf(masked, sizeof(masked), "%.6s********%.4s", id, id + 14);
    member_create(tok, NAME, id, "retired", ",\"phone\":\"" PHONE "\"", member_id, sizeof(member_id));
    /* hospitalised by an admission (health follows the stays) */
    char today[11], body[128], sid[24];
    test_today(today);
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", member_id);
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%s\",\"hospital\":\"人民医院\"}", today);
    post_created(path, tok, body, sid, sizeof(sid));
    snprintf(path, sizeof(path), "/v1/members/%s", member_id);
    char mkey[48];
    member_key("", mkey, sizeof(mkey));
    get_until_cached(path, NAME, mkey);
    get_until_cached("/v1/members?limit=20", NAME, "members:");
    get_until_cached("/v1/care/due", NAME, "due:");
    /* and served from there */
    get_ok(path, "hospitalised");
    get_ok("/v1/members?limit=20", NAME);
    get_ok("/v1/care/due", NAME);
    const char *const needles[] = {NAME, PHONE, "139****1987", "hospitalised", id, masked, NULL};
    assert_true(assert_no_value_contains(needles) >= 3);
}

/* A value written into Redis under a member's key by anyone without the data key (the
 * old plain format, with the current stamp) is not served: the database answers. */
static void injected_cache_value_not_served(void **s)
{
    (void)s;
    char key[64], path[96];
    assert_true(member_id[0] != '\0');
    snprintf(path, sizeof(path), "/v1/members/%s", member_id);
    member_key("", key, sizeof(key));
    get_until_cached(path, NAME, key); /* cached now */
    member_key("yh:c:" OFFICE ":", key, sizeof(key));
    redisContext *c = redis_connect(true);
    /* the current stamp "<epoch>:<gen>:" that a stored value must carry to be served */
    redisReply *e = redisCommand(c, "GET yh:epoch");
    redisReply *g = redisCommand(c, "GET yh:g:%s", OFFICE);
    assert_non_null(e);
    assert_non_null(g);
    char fake[256];
    int n = snprintf(fake, sizeof(fake), "%s:%s:0\n{\"id\":\"%s\",\"name\":\"INJECTED\"}",
                     e->type == REDIS_REPLY_STRING ? e->str : "0",
                     g->type == REDIS_REPLY_STRING ? g->str : "0", member_id);
    freeReplyObject(e);
    freeReplyObject(g);
    redisReply *v = redisCommand(c, "SET %s %b EX 60", key, fake, (size_t)n);
    assert_non_null(v);
    freeReplyObject(v);
    redisFree(c);
    /* several reads, so that some reach worker threads already connected to Redis */
    for (int i = 0; i < 10; i++) {
        struct http_res r;
        assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
        assert_null(strstr(r.body, "INJECTED"));
        assert_non_null(strstr(r.body, NAME));
        http_free(&r);
    }
}

/* An old sealed value put back under the current stamp after a write (a replay by
 * someone with Redis access) does not open: the reader sees the write. */
static void replayed_cache_value_not_served(void **s)
{
    (void)s;
    char key[64], path[96];
    assert_true(member_id[0] != '\0');
    snprintf(path, sizeof(path), "/v1/members/%s", member_id);
    member_key("", key, sizeof(key));
    redisContext *c = redis_connect(true);
    redisReply *d = redisCommand(c, "DEL yh:c:%s:%s", OFFICE, key); /* drop the injected one */
    freeReplyObject(d);
    get_until_cached(path, NAME, key);
    member_key("yh:c:" OFFICE ":", key, sizeof(key));
    redisReply *v = redisCommand(c, "GET %s", key);
    assert_non_null(v);
    assert_int_equal(v->type, REDIS_REPLY_STRING);
    /* the sealed payload after "<epoch>:<gen>:" */
    const char *p = memchr(v->str, ':', v->len);
    assert_non_null(p);
    p = memchr(p + 1, ':', v->len - (size_t)(p + 1 - v->str));
    assert_non_null(p);
    size_t off = (size_t)(p + 1 - v->str), plen = v->len - off;
    char *old = malloc(plen);
    assert_non_null(old);
    memcpy(old, v->str + off, plen);
    freeReplyObject(v);
    /* a write: the member is renamed (and the office's generation bumped) */
    struct http_res r;
    char ifm[48];
    if_match(path, tok, ifm, sizeof(ifm));
    const char *const hdr[] = {ifm, NULL};
    expect_with(200, "PATCH", path, tok, "{\"name\":\"改名封存员\"}", hdr);
    /* the old sealed value under the new stamp */
    redisReply *e = redisCommand(c, "GET yh:epoch");
    redisReply *g = redisCommand(c, "GET yh:g:%s", OFFICE);
    struct buf b = {0};
    buf_printf(&b, "%s:%s:", e->type == REDIS_REPLY_STRING ? e->str : "0",
               g->type == REDIS_REPLY_STRING ? g->str : "0");
    buf_append(&b, old, plen);
    free(old);
    freeReplyObject(e);
    freeReplyObject(g);
    v = redisCommand(c, "SET %s %b EX 60", key, b.data, b.len);
    freeReplyObject(v);
    buf_free(&b);
    redisFree(c);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
        assert_null(strstr(r.body, NAME));
        assert_non_null(strstr(r.body, "改名封存员"));
        http_free(&r);
    }
}

/* The stored response of an idempotent POST is sealed in MariaDB; the replay is the
 * same response in clear. */
static void idempotency_body_sealed(void **s)
{
    (void)s;
    struct http_res r, r2;
    struct db_rows rows;
    char keyh[64], id[19], body[256];
    snprintf(keyh, sizeof(keyh), "Idempotency-Key: at-rest-%d", (int)getpid());
    const char *const key[] = {keyh, NULL};
    idno(2, id);
    snprintf(
        body, sizeof(body),
        "{\"name\":\"幂等封存员\",\"id_number\":\"%s\",\"category\":\"retired\",\"phone\":\"13811112222\"}",
        id);
    assert_int_equal(req("POST", "/v1/members", tok, "application/json", body, key, &r), 201);
    assert_int_equal(req("POST", "/v1/members", tok, "application/json", body, key, &r2), 201);
    assert_string_equal(r.body, r2.body);
    assert_non_null(strstr(r2.body, "幂等封存员"));
    char h[64];
    assert_true(http_header(&r2, "Idempotent-Replayed", h, sizeof(h)));
    http_free(&r);
    http_free(&r2);
    struct db *db = test_db();
    struct db_param p[] = {P_STR(OFFICE), P_STR(keyh + strlen("Idempotency-Key: "))};
    assert_int_equal(db_exec(db, "SELECT body FROM idempotency_keys WHERE office_code = ? AND idem_key = ?",
                             p, 2, &rows, NULL, NULL),
                     YH_OK);
    assert_int_equal(rows.nrows, 1);
    assert_true(db_len(&rows, 0, 0) > 0);
    assert_null(memmem(db_str(&rows, 0, 0), db_len(&rows, 0, 0), "幂等封存员", strlen("幂等封存员")));
    assert_null(memmem(db_str(&rows, 0, 0), db_len(&rows, 0, 0), "\"name\"", 6));
    db_rows_free(&rows);
    db_close(db);
}

static long count(struct db *db, const char *sql, const char *arg)
{
    struct db_rows rows;
    struct db_param p[] = {P_STR(arg)};
    assert_int_equal(db_exec(db, sql, p, 1, &rows, NULL, NULL), YH_OK);
    long n = (long)db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    return n;
}

/* A service started with YH_RETENTION_INTERVAL_S=1 prunes a 25-hour-old idempotency
 * key and an expired denylist row by itself, within seconds, and keeps fresh ones. */
static void service_runs_retention(void **s)
{
    (void)s;
    const char *const key[] = {"Idempotency-Key: at-rest-old", NULL};
    struct db *db = test_db();
    db_exec(db, "DELETE FROM idempotency_keys WHERE idem_key = 'at-rest-old'", NULL, 0, NULL, NULL, NULL);
    char body[160];
    snprintf(body, sizeof(body),
             "{\"name\":\"保留测试支部 "
             "%d\",\"level\":\"branch\",\"nature\":\"regular\",\"host_type\":\"community\"}",
             (int)getpid());
    expect_with(201, "POST", "/v1/branches", tok, body, key);
    struct db_param p[] = {P_STR(OFFICE)};
    assert_int_equal(
        db_exec(db,
                "UPDATE idempotency_keys SET started_at = NOW(3) - INTERVAL 25 HOUR WHERE office_code = ? "
                "AND idem_key = 'at-rest-old'",
                p, 1, NULL, NULL, NULL),
        YH_OK);
    assert_int_equal(db_exec(db,
                             "INSERT IGNORE INTO revoked_tokens (jti, expires_at) VALUES ('at-rest-expired', "
                             "NOW(3) - INTERVAL 1 "
                             "DAY), ('at-rest-live', NOW(3) + INTERVAL 1 HOUR)",
                             NULL, 0, NULL, NULL, NULL),
                     YH_OK);
    static const char *const env[] = {"YH_RETENTION_INTERVAL_S=1", NULL};
    char base[64];
    pid_t other = server_start(env, base, sizeof(base), "build/test-logs/at-rest-retention.log");
    const char *q_old =
        "SELECT COUNT(*) FROM idempotency_keys WHERE office_code = ? AND idem_key = 'at-rest-old'";
    const char *q_rev = "SELECT COUNT(*) FROM revoked_tokens WHERE jti = ?";
    bool gone = false;
    for (int i = 0; i < 100 && !gone; i++) {
        gone = count(db, q_old, OFFICE) == 0 && count(db, q_rev, "at-rest-expired") == 0;
        if (!gone) {
            usleep(100 * 1000);
        }
    }
    server_stop(other);
    assert_true(gone);
    assert_int_equal(count(db, q_rev, "at-rest-live"), 1);
    /* the fresh key of idempotency_body_sealed stays */
    assert_true(
        count(db, "SELECT COUNT(*) FROM idempotency_keys WHERE office_code = ? AND idem_key LIKE 'at-rest-%'",
              OFFICE) >= 1);
    db_exec(db, "DELETE FROM revoked_tokens WHERE jti = 'at-rest-live'", NULL, 0, NULL, NULL, NULL);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(redis_requires_password),         cmocka_unit_test(cached_personal_data_sealed),
        cmocka_unit_test(injected_cache_value_not_served), cmocka_unit_test(replayed_cache_value_not_served),
        cmocka_unit_test(idempotency_body_sealed),         cmocka_unit_test(service_runs_retention),
    };
    return cmocka_run_group_tests_name("api: personal data at rest, Redis password, retention", tests, setup,
                                       api_stop);
}
