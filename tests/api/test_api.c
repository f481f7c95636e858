/* Whole requests against the built binary on an ephemeral loopback port. The seed of
 * scripts/seed.sh is in the database (demo offices with admin accounts). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_jh[2048];  /* Jinghong 532801 admin */
static char tok_mh[2048];  /* Menghai 532822 admin */
static char tok_yn[2048];  /* Yunnan 530000 admin */

static int setup(void **s)
{
    (void)s;
    static const char *const env[] = {"YH_LOGIN_MAX_FAILS=3", NULL};
    api_start(env, "build/test-logs/api-server.log");
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
    login("530000", "admin", "demo-530000-pass", tok_yn, sizeof(tok_yn), NULL, 0);
    return 0;
}

static void health_and_request_id(void **s)
{
    (void)s;
    struct http_res r;
    char rid[80];
    const char *const h[] = {"X-Request-ID: test-rid-123", NULL};
    assert_int_equal(req("GET", "/healthz", NULL, NULL, NULL, h, &r), 200);
    assert_true(http_header(&r, "X-Request-ID", rid, sizeof(rid)));
    assert_string_equal(rid, "test-rid-123");
    http_free(&r);
    assert_int_equal(req("GET", "/readyz", NULL, NULL, NULL, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"mariadb\":\"up\""));
    http_free(&r);
    /* a process's own metrics (behind nginx, /metrics is 404: every process has served
     * /healthz, each one's start waits for it) */
    char url[128];
    snprintf(url, sizeof(url), "%s/metrics", api_proc(0));
    assert_int_equal(http_do("GET", url, NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"));
    assert_non_null(strstr(r.body, "http_request_duration_seconds_bucket"));
    assert_null(strstr(r.body, "532801"));
    /* cached reads are marked, uncached ones not */
    assert_non_null(strstr(r.body, "\nyinhui_route_cached{route=\"/v1/members/{id}\",method=\"GET\"} 1\n"));
    assert_null(strstr(r.body, "yinhui_route_cached{route=\"/healthz\""));
    http_free(&r);
    /* the scrape itself is in flight, the others ended; the process's memory is read from /proc.
     * A request ends after its reply is written (server.c), so the previous scrape's
     * thread may still be finishing when the next one is read: read again until it has. */
    for (int i = 0; i < api_procs(); i++) {
        long long in_flight = server_metric(api_proc(i), "yinhui_http_requests_in_flight");
        for (int k = 0; k < 100 && in_flight != 1; k++) {
            usleep(10 * 1000);
            in_flight = server_metric(api_proc(i), "yinhui_http_requests_in_flight");
        }
        assert_int_equal(in_flight, 1);
        assert_int_equal(server_metric(api_proc(i), "yinhui_http_threads"), 64);
        assert_true(server_metric(api_proc(i), "process_resident_memory_bytes") > 1000000);
        assert_true(server_metric(api_proc(i), "process_start_time_seconds") > 1700000000);
        assert_int_equal(server_metric(api_proc(i), "yinhui_cache_local_layer"), 1);
    }
}

static void status_bodies(void **s)
{
    (void)s;
    struct http_res r;
    char allow[64];
    jreq("GET", "/v1/offices/532801", NULL, NULL, &r);
    assert_problem(&r, 401);
    assert_true(http_header(&r, "WWW-Authenticate", allow, sizeof(allow)));
    http_free(&r);
    expect_problem(401, "GET", "/v1/offices/532801", "not.a.token", NULL);
    expect_problem(404, "GET", "/v1/nothing", tok_jh, NULL);
    jreq("DELETE", "/v1/offices/532801", tok_jh, NULL, &r);
    assert_problem(&r, 405);
    assert_true(http_header(&r, "Allow", allow, sizeof(allow)));
    assert_string_equal(allow, "GET, PATCH");
    http_free(&r);
    req("POST", "/v1/offices", tok_jh, "text/plain", "code=1", NULL, &r);
    assert_problem(&r, 415);
    http_free(&r);
    jreq("POST", "/v1/offices", tok_jh, "{\"code\":\"532801\",\"code\":\"x\"}", &r);
    assert_problem(&r, 400);
    assert_non_null(strstr(r.body, "duplicate"));
    http_free(&r);
    expect_problem(400, "POST", "/v1/offices", tok_jh, "{\"name\":\"x\",");
    jreq("POST", "/v1/accounts", tok_jh, "{\"username\":\"abc\",\"colour\":\"red\",\"id\":\"5\"}", &r);
    assert_problem(&r, 422);
    assert_non_null(strstr(r.body, "\"field\":\"colour\""));
    assert_non_null(strstr(r.body, "\"field\":\"id\""));
    http_free(&r);
    jreq("GET", "/v1/offices?limit=1000", tok_jh, NULL, &r);
    assert_problem(&r, 400);
    assert_non_null(strstr(r.body, "limit"));
    http_free(&r);
    expect_problem(400, "GET", "/v1/offices?office=532822", tok_jh, NULL);
}

static void body_limit_413(void **s)
{
    (void)s;
    size_t n = 300 * 1024;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    big[0] = '{';
    big[n] = '\0';
    expect_problem(413, "POST", "/v1/offices", tok_jh, big);
    free(big);
}

static void cross_office_is_404(void **s)
{
    (void)s;
    struct http_res r;
    expect(404, "GET", "/v1/offices/532801", tok_mh, NULL);
    expect(200, "GET", "/v1/offices/532801", tok_jh, NULL);
    /* the province sees its descendants, but not another province */
    expect(200, "GET", "/v1/offices/532801", tok_yn, NULL);
    expect(404, "GET", "/v1/offices/440104", tok_yn, NULL);
    assert_int_equal(jreq("GET", "/v1/offices?limit=100", tok_mh, NULL, &r), 200);
    assert_null(strstr(r.body, "532801"));
    assert_non_null(strstr(r.body, "532822"));
    http_free(&r);
    /* accounts of another office: list excludes them, get is 404 */
    assert_int_equal(jreq("GET", "/v1/accounts", tok_jh, NULL, &r), 200);
    char id[24];
    cJSON *o = cJSON_Parse(r.body);
    snprintf(id, sizeof(id), "%s", cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "items"), 0), "id")->valuestring);
    cJSON_Delete(o);
    http_free(&r);
    char path[64];
    snprintf(path, sizeof(path), "/v1/accounts/%s", id);
    expect(404, "GET", path, tok_mh, NULL);
    expect(200, "GET", path, tok_jh, NULL);
    /* a county cannot create an office under another county */
    expect_problem(422, "POST", "/v1/offices", tok_mh, "{\"code\":\"532802\",\"name\":\"x\"}");
}

static void offices_pagination(void **s)
{
    (void)s;
    struct http_res r;
    char cur[400], path[512], link[600];
    assert_int_equal(jreq("GET", "/v1/offices?limit=2", tok_yn, NULL, &r), 200);
    assert_non_null(strstr(r.body, "530000"));
    assert_true(json_member(r.body, "next_cursor", cur, sizeof(cur)));
    assert_true(http_header(&r, "Link", link, sizeof(link)));
    assert_non_null(strstr(link, "rel=\"next\""));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/offices?limit=2&cursor=%s", cur);
    assert_int_equal(jreq("GET", path, tok_yn, NULL, &r), 200);
    /* (530100, seeded for issue 15, moved 532800 — whose parent is 530000 — to this page) */
    assert_null(strstr(r.body, "\"code\":\"530000\""));
    assert_non_null(strstr(r.body, "532800"));
    http_free(&r);
    cur[3] = cur[3] == 'A' ? 'B' : 'A';
    snprintf(path, sizeof(path), "/v1/offices?limit=2&cursor=%s", cur);
    expect_problem(400, "GET", path, tok_yn, NULL);
}

static void etag_304_and_update_rules(void **s)
{
    (void)s;
    struct http_res r;
    char etag[64], hdr[128], ver[16], name[256];
    assert_int_equal(jreq("GET", "/v1/offices/532822", tok_mh, NULL, &r), 200);
    assert_true(http_header(&r, "ETag", etag, sizeof(etag)));
    assert_true(json_member(r.body, "version", ver, sizeof(ver)));
    http_free(&r);
    snprintf(hdr, sizeof(hdr), "If-None-Match: %s", etag);
    const char *const inm[] = {hdr, NULL};
    assert_int_equal(req("GET", "/v1/offices/532822", tok_mh, NULL, NULL, inm, &r), 304);
    assert_string_equal(r.body, "");
    http_free(&r);
    /* no If-Match → 428; stale → 412 */
    expect_problem(428, "PATCH", "/v1/offices/532822", tok_mh, "{\"name\":\"勐海县委老干部局 🌿\"}");
    const char *const stale[] = {"If-Match: \"999\"", NULL};
    expect_problem_with(412, "PATCH", "/v1/offices/532822", tok_mh, "{\"name\":\"x\"}", stale);
    snprintf(hdr, sizeof(hdr), "If-Match: \"%s\"", ver);
    const char *const good[] = {hdr, NULL};
    expect_with(200, "PATCH", "/v1/offices/532822", tok_mh, "{\"name\":\"勐海县委老干部局 🌿\"}", good);
    /* the cached read is invalidated: new name and a new ETag at once, for the
     * office itself and for the province that oversees it */
    assert_int_equal(req("GET", "/v1/offices/532822", tok_mh, NULL, NULL, inm, &r), 200);
    assert_true(json_member(r.body, "name", name, sizeof(name)));
    assert_string_equal(name, "勐海县委老干部局 🌿");
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/offices/532822", tok_yn, NULL, &r), 200);
    assert_true(json_member(r.body, "name", name, sizeof(name)));
    assert_string_equal(name, "勐海县委老干部局 🌿");
    http_free(&r);
    /* the same If-Match again is now stale */
    expect_problem_with(412, "PATCH", "/v1/offices/532822", tok_mh, "{\"name\":\"y\"}", good);
}

static void idempotent_post(void **s)
{
    (void)s;
    struct http_res a, b, c;
    char ida[24], idb[24], rep[16];
    const char *const key[] = {"Idempotency-Key: acct-create-1", NULL};
    const char *body = "{\"username\":\"zhang.wei\",\"display_name\":\"张伟\",\"role\":\"admin\",\"password\":\"secretary-pass-1\"}";
    assert_int_equal(req("POST", "/v1/accounts", tok_jh, "application/json", body, key, &a), 201);
    assert_int_equal(req("POST", "/v1/accounts", tok_jh, "application/json", body, key, &b), 201);
    assert_true(json_member(a.body, "id", ida, sizeof(ida)));
    assert_true(json_member(b.body, "id", idb, sizeof(idb)));
    assert_string_equal(ida, idb);
    assert_true(http_header(&b, "Idempotent-Replayed", rep, sizeof(rep)));
    req("POST", "/v1/accounts", tok_jh, "application/json",
        "{\"username\":\"li.na\",\"display_name\":\"李娜\",\"role\":\"member\",\"password\":\"member-pass-12\"}", key, &c);
    assert_problem(&c, 422);
    http_free(&a);
    http_free(&b);
    http_free(&c);
    /* without a key the duplicate username is a 409 */
    expect_problem(409, "POST", "/v1/accounts", tok_jh, body);
}

static void scope_403(void **s)
{
    (void)s;
    struct http_res r;
    char tok[2048], mid[24], body[256];
    /* a member account is bound to a member record of its office */
    assert_int_equal(jreq("GET", "/v1/members?limit=1", tok_jh, NULL, &r), 200);
    char *p = strstr(r.body, "\"id\":\"");
    assert_non_null(p);
    snprintf(mid, sizeof(mid), "%.*s", (int)strcspn(p + 6, "\""), p + 6);
    http_free(&r);
    assert_int_equal(jreq("POST", "/v1/accounts", tok_jh,
                          "{\"username\":\"wang.fang\",\"display_name\":\"王芳\",\"role\":\"member\",\"password\":\"member-pass-99\"}", &r), 422);
    assert_non_null(strstr(r.body, "member_id"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"username\":\"wang.fang\",\"display_name\":\"王芳\",\"role\":\"member\","
                                 "\"password\":\"member-pass-99\",\"member_id\":\"%s\"}", mid);
    expect(201, "POST", "/v1/accounts", tok_jh, body);
    login("532801", "wang.fang", "member-pass-99", tok, sizeof(tok), NULL, 0);
    expect_problem(403, "POST", "/v1/offices", tok, "{\"code\":\"532823\",\"name\":\"x\"}");
    expect_problem(403, "GET", "/v1/accounts", tok, NULL);
    expect(200, "GET", "/v1/offices/532801", tok, NULL);
}

static void login_failures_and_throttle(void **s)
{
    (void)s;
    struct http_res r;
    char ra[16];
    const char *bad = "{\"grant_type\":\"password\",\"office\":\"440104\",\"username\":\"admin\",\"password\":\"wrong-password\"}";
    for (int i = 0; i < 3; i++) {
        jreq("POST", "/v1/auth/token", NULL, bad, &r);
        assert_problem(&r, 401);
        assert_non_null(strstr(r.body, "invalid credentials"));
        http_free(&r);
    }
    jreq("POST", "/v1/auth/token", NULL, bad, &r);
    assert_problem(&r, 429);
    assert_true(http_header(&r, "Retry-After", ra, sizeof(ra)));
    assert_true(atoi(ra) > 0);
    http_free(&r);
    /* even the right password waits */
    expect_problem(429, "POST", "/v1/auth/token", NULL,
                   "{\"grant_type\":\"password\",\"office\":\"440104\",\"username\":\"admin\",\"password\":"
                   "\"demo-440104-pass\"}");
    /* unknown user looks the same as a wrong password */
    jreq("POST", "/v1/auth/token", NULL,
         "{\"grant_type\":\"password\",\"office\":\"532801\",\"username\":\"nobody\",\"password\":\"whatever-123\"}", &r);
    assert_problem(&r, 401);
    assert_non_null(strstr(r.body, "invalid credentials"));
    http_free(&r);
    jreq("POST", "/v1/auth/token", NULL, "{\"grant_type\":\"magic\"}", &r);
    assert_problem(&r, 422);
    assert_non_null(strstr(r.body, "grant_type"));
    http_free(&r);
}

static void refresh_rotation_and_reuse(void **s)
{
    (void)s;
    struct http_res r;
    char acc[2048], rt1[128], rt2[128], body[256];
    login("532800", "admin", "demo-532800-pass", acc, sizeof(acc), rt1, sizeof(rt1));
    snprintf(body, sizeof(body), "grant_type=refresh_token&refresh_token=%s", rt1);
    assert_int_equal(req("POST", "/v1/auth/token", NULL, "application/x-www-form-urlencoded", body, NULL, &r), 200);
    assert_true(json_member(r.body, "refresh_token", rt2, sizeof(rt2)));
    assert_string_not_equal(rt1, rt2);
    http_free(&r);
    /* reuse of the rotated token revokes the family: rt2 dies too */
    req("POST", "/v1/auth/token", NULL, "application/x-www-form-urlencoded", body, NULL, &r);
    assert_problem(&r, 401);
    http_free(&r);
    snprintf(body, sizeof(body), "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", rt2);
    expect_problem(401, "POST", "/v1/auth/token", NULL, body);
}

static void revoke_logs_out(void **s)
{
    (void)s;
    char acc[2048], rt[128], body[256];
    login("532800", "admin", "demo-532800-pass", acc, sizeof(acc), rt, sizeof(rt));
    expect(200, "GET", "/v1/offices/532801", acc, NULL); /* cached path */
    expect(200, "GET", "/v1/offices/532801", acc, NULL); /* cache hit */
    snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", rt);
    expect(204, "POST", "/v1/auth/revoke", acc, body);
    expect_problem(401, "GET", "/v1/offices/532801", acc, NULL);
    expect_problem(401, "GET", "/v1/accounts", acc, NULL);
    snprintf(body, sizeof(body), "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", rt);
    expect_problem(401, "POST", "/v1/auth/token", NULL, body);
}

static void client_credentials(void **s)
{
    (void)s;
    struct http_res r;
    char cid[80], secret[80], id[24], body[512], tok[2048], path[64], ver[16], hdr[40];
    assert_int_equal(jreq("POST", "/v1/clients", tok_jh, "{\"name\":\"卫健局\",\"scope\":\"offices:read\"}", &r), 201);
    assert_true(json_member(r.body, "client_id", cid, sizeof(cid)));
    assert_true(json_member(r.body, "client_secret", secret, sizeof(secret)));
    assert_true(json_member(r.body, "id", id, sizeof(id)));
    assert_true(json_member(r.body, "version", ver, sizeof(ver)));
    http_free(&r);
    expect_problem(422, "POST", "/v1/clients", tok_jh,
                   "{\"name\":\"x\",\"scope\":\"accounts:read\"}"); /* not a client scope */
    snprintf(body, sizeof(body), "{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"%s\"}", cid, secret);
    assert_int_equal(jreq("POST", "/v1/auth/token", NULL, body, &r), 200);
    assert_true(json_member(r.body, "access_token", tok, sizeof(tok)));
    assert_null(strstr(r.body, "refresh_token"));
    http_free(&r);
    expect(200, "GET", "/v1/offices/532801", tok, NULL);
    expect_problem(403, "GET", "/v1/accounts", tok, NULL);
    snprintf(path, sizeof(path), "/v1/clients/%s", id);
    expect(404, "GET", path, tok_mh, NULL);
    snprintf(hdr, sizeof(hdr), "If-Match: \"%s\"", ver);
    const char *const im[] = {hdr, NULL};
    expect_with(404, "DELETE", path, tok_mh, NULL, im);
    expect_with(204, "DELETE", path, tok_jh, NULL, im);
    expect_problem(401, "POST", "/v1/auth/token", NULL, body);
}

static void jwks_published(void **s)
{
    (void)s;
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/auth/jwks?office=532801", NULL, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"kty\":\"EC\""));
    assert_non_null(strstr(r.body, "\"kid\":\"532801-"));
    assert_null(strstr(r.body, "\"kid\":\"532822-"));
    assert_null(strstr(r.body, "\"d\""));
    http_free(&r);
}

static void office_create_child(void **s)
{
    (void)s;
    struct http_res r;
    char loc[64];
    const char *const key[] = {"Idempotency-Key: new-office-532823", NULL};
    assert_int_equal(req("POST", "/v1/offices", tok_yn, "application/json",
                         "{\"code\":\"532900\",\"name\":\"大理州委老干部局\"}", key, &r), 201);
    assert_true(http_header(&r, "Location", loc, sizeof(loc)));
    assert_string_equal(loc, "/v1/offices/532900");
    assert_non_null(strstr(r.body, "\"level\":\"prefecture\""));
    http_free(&r);
    expect(200, "GET", "/v1/offices/532900", tok_yn, NULL);
    expect_problem(409, "POST", "/v1/offices", tok_yn, "{\"code\":\"532900\",\"name\":\"again\"}");
    assert_int_equal(jreq("GET", "/v1/auth/jwks?office=532900", NULL, NULL, &r), 200);
    assert_non_null(strstr(r.body, "532900-"));
    http_free(&r);
}

/* Redis stopped: reads come from MariaDB, idempotency keys (in MariaDB) still replay,
 * and a logout still takes effect (denylist read from MariaDB). */
static void redis_down_still_correct(void **s)
{
    (void)s;
    struct http_res r, r2;
    char acc[2048], ida[24], idb[24];
    login("532822", "admin", "demo-532822-pass", acc, sizeof(acc), NULL, 0);
    test_redis_down();
    expect(200, "GET", "/v1/offices/532822", acc, NULL);
    const char *const key[] = {"Idempotency-Key: redis-down-1", NULL};
    const char *body = "{\"username\":\"zhao.lei\",\"display_name\":\"赵磊\",\"role\":\"admin\",\"password\":\"member-pass-77\"}";
    assert_int_equal(req("POST", "/v1/accounts", acc, "application/json", body, key, &r), 201);
    assert_int_equal(req("POST", "/v1/accounts", acc, "application/json", body, key, &r2), 201);
    assert_true(json_member(r.body, "id", ida, sizeof(ida)));
    assert_true(json_member(r2.body, "id", idb, sizeof(idb)));
    assert_string_equal(ida, idb);
    http_free(&r);
    http_free(&r2);
    expect(204, "POST", "/v1/auth/revoke", acc, NULL);
    expect_problem(401, "GET", "/v1/offices/532822", acc, NULL);
    test_redis_up();
    usleep(700 * 1000);
    /* after Redis returns the revocation made during the outage still holds */
    expect_problem(401, "GET", "/v1/offices/532822", acc, NULL);
    expect_problem(401, "GET", "/v1/offices/532822", acc, NULL);
}

/* yinhui key rotate: the new key signs from the next reload of each process's key table
 * (YH_KEY_REFRESH_S); the old one verifies the tokens it signed until they expire, then
 * retires (not_after = rotation + access TTL + skew + refresh) and is refused by every
 * process from its next reload, a token cached as verified too. Two processes, short
 * settings; the grace's end is brought forward in the key table (the bench, bench/ops.sh
 * keys, waits it out under load). */
static void key_rotation_grace_then_refused(void **s)
{
    (void)s;
    static const char *const env[] = {"YH_ACCESS_TTL_S=60", "YH_CLOCK_SKEW_S=0", "YH_KEY_REFRESH_S=1", NULL};
    struct proc_pair pp;
    char out[256], tok_long[2048], fresh[2048], kid_old[48], sql[256];
    const char *bases[2];
    struct db *db = test_db();
    pair_start(&pp, "532861", "轮换县委老干部局", env, "rotation", "轮换甲", "1946");
    bases[0] = pp.base_a;
    bases[1] = pp.base_b;
    /* a token of the old key that outlives its retirement */
    run_cmd("YH_ACCESS_TTL_S=3600 \"$YH_BIN\" token 532861 admin", tok_long, sizeof(tok_long));
    tok_long[strcspn(tok_long, "\n")] = '\0';
    char *old_kid = test_db_string(db, "SELECT kid FROM office_keys WHERE office_code = '532861'");
    snprintf(kid_old, sizeof(kid_old), "%s", old_kid);
    free(old_kid);
    run_cmd("YH_ACCESS_TTL_S=60 YH_CLOCK_SKEW_S=0 YH_KEY_REFRESH_S=1 \"$YH_BIN\" key rotate 532861", out, sizeof(out));
    usleep(1100 * 1000); /* one refresh */
    for (int i = 0; i < 2; i++) {
        api_on(bases[i]);
        expect(200, "GET", pp.member_path, pp.tok, NULL);
        expect(200, "GET", pp.member_path, tok_long, NULL);
    }
    /* the old key retires one token lifetime (+ skew + refresh) after the rotation; the
     * new one alone stays active */
    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM office_keys WHERE kid = '%s' AND not_after BETWEEN NOW() + INTERVAL 50 SECOND "
             "AND NOW() + INTERVAL 61 SECOND",
             kid_old);
    assert_int_equal(test_db_count(sql, NULL, 0), 1);
    assert_int_equal(test_db_count("SELECT COUNT(*) FROM office_keys WHERE office_code = '532861' AND not_after IS NULL",
                                   NULL, 0),
                     1);
    /* a token issued now is the new key's (the JWKS lists both during the grace) */
    api_on(pp.base_b);
    login("532861", "admin", "demo-532861-pass", fresh, sizeof(fresh), NULL, 0);
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/auth/jwks?office=532861", NULL, NULL, &r), 200);
    assert_non_null(strstr(r.body, kid_old));
    http_free(&r);
    /* the grace is over: refused everywhere within a reload, the fresh token still good */
    snprintf(sql, sizeof(sql), "UPDATE office_keys SET not_after = NOW(3) - INTERVAL 1 SECOND WHERE kid = '%s'", kid_old);
    assert_int_equal(db_exec(db, sql, NULL, 0, NULL, NULL, NULL), YH_OK);
    db_close(db);
    usleep(1100 * 1000);
    for (int i = 0; i < 2; i++) {
        api_on(bases[i]);
        expect(401, "GET", pp.member_path, tok_long, NULL);
        expect(401, "GET", pp.member_path, pp.tok, NULL);
        expect(200, "GET", pp.member_path, fresh, NULL);
    }
    assert_int_equal(jreq("GET", "/v1/auth/jwks?office=532861", NULL, NULL, &r), 200);
    assert_null(strstr(r.body, kid_old));
    http_free(&r);
    pair_stop(&pp);
    api_on(api_base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(health_and_request_id), cmocka_unit_test(status_bodies),
        cmocka_unit_test(body_limit_413),        cmocka_unit_test(cross_office_is_404),
        cmocka_unit_test(offices_pagination),    cmocka_unit_test(etag_304_and_update_rules),
        cmocka_unit_test(idempotent_post),       cmocka_unit_test(scope_403),
        cmocka_unit_test(login_failures_and_throttle), cmocka_unit_test(refresh_rotation_and_reuse),
        cmocka_unit_test(revoke_logs_out),       cmocka_unit_test(client_credentials),
        cmocka_unit_test(jwks_published),        cmocka_unit_test(office_create_child),
        cmocka_unit_test(redis_down_still_correct), cmocka_unit_test(key_rotation_grace_then_refused),
    };
    return cmocka_run_group_tests_name("api", tests, setup, api_stop);
}
