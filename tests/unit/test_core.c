/* Pure logic: config, routing, query strings, JSON input rules, GB/T 2260, problem
 * mapping, cursors, sealing. No servers. */
#include "support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/crypto.h"
#include "yinhui/cursor.h"
#include "yinhui/err.h"
#include "yinhui/gbt2260.h"
#include "yinhui/json_in.h"
#include "yinhui/net.h"
#include "yinhui/router.h"
#include "yinhui/util.h"

static const char *fake_env[16][2];
static const char *fake_get(const char *name)
{
    for (int i = 0; i < 16 && fake_env[i][0]; i++) {
        if (strcmp(fake_env[i][0], name) == 0) {
            return fake_env[i][1];
        }
    }
    /* a fixed Redis password unless a test sets YH_REDIS_PASSWORD itself (to "" for none) */
    return strcmp(name, "YH_REDIS_PASSWORD") == 0 ? "unit-test-redis-password" : NULL;
}
static const char KEY[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/* An environment with only the three required keys, in slots 0-2 (slots 3+ are free). */
static void keys_env(void)
{
    memset(fake_env, 0, sizeof(fake_env));
    fake_env[0][0] = "YH_MASTER_KEY";
    fake_env[0][1] = KEY;
    fake_env[1][0] = "YH_DATA_KEY";
    fake_env[1][1] = KEY;
    fake_env[2][0] = "YH_PII_HMAC_KEY";
    fake_env[2][1] = KEY;
}

static void config_requires_master_key(void **s)
{
    (void)s;
    struct config cfg;
    char err[256];
    memset(fake_env, 0, sizeof(fake_env));
    fake_env[1][0] = "YH_DATA_KEY";
    fake_env[1][1] = KEY;
    fake_env[2][0] = "YH_PII_HMAC_KEY";
    fake_env[2][1] = KEY;
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_MASTER_KEY"));
    fake_env[0][0] = "YH_MASTER_KEY";
    fake_env[0][1] = KEY;
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    assert_int_equal(cfg.data_key_id, 1);
    assert_int_equal(cfg.data_key[2], 0x22);
    /* an old data key needs its id, and the ids differ */
    fake_env[3][0] = "YH_DATA_KEY_OLD";
    fake_env[3][1] = KEY;
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_DATA_KEY_OLD"));
    fake_env[4][0] = "YH_DATA_KEY_OLD_ID";
    fake_env[4][1] = "1";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    fake_env[4][1] = "2";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    memset(fake_env[3], 0, sizeof(fake_env[3]));
    memset(fake_env[4], 0, sizeof(fake_env[4]));
    assert_int_equal(cfg.db_port, 3307);
    assert_int_equal(cfg.master_key[1], 0x11);
}

static void config_rejects_bad_values(void **s)
{
    (void)s;
    struct config cfg;
    char err[256];
    keys_env();
    fake_env[3][0] = "YH_THREADS";
    fake_env[3][1] = "2";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_THREADS"));
    fake_env[3][0] = "YH_DB_PORT";
    fake_env[3][1] = "80x";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_DB_PORT"));
    fake_env[3][0] = "YH_MASTER_KEY";
    fake_env[0][1] = "zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    fake_env[3][1] = fake_env[0][1];
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    fake_env[0][1] = KEY;
    fake_env[3][0] = "YH_CACHE";
    fake_env[3][1] = "yes";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_CACHE"));
}

/* Redis needs a password: the service never connects without one */
static void config_requires_redis_password(void **s)
{
    (void)s;
    struct config cfg;
    char err[256];
    keys_env();
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    assert_string_equal(cfg.redis_password, "unit-test-redis-password");
    fake_env[3][0] = "YH_REDIS_PASSWORD";
    fake_env[3][1] = "";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_REDIS_PASSWORD"));
    fake_env[3][1] = "short-pass";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_REDIS_PASSWORD"));
    fake_env[3][1] = "a-long-enough-redis-password";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    assert_string_equal(cfg.redis_password, "a-long-enough-redis-password");
}

/* YH_MALLOC_TRIM_BYTES: 64 KiB unless set, 0 turns the trim off, negative refused */
static void config_malloc_trim_bytes(void **s)
{
    (void)s;
    struct config cfg;
    char err[256];
    keys_env();
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    assert_int_equal(cfg.malloc_trim_bytes, 65536);
    fake_env[3][0] = "YH_MALLOC_TRIM_BYTES";
    fake_env[3][1] = "0";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    assert_int_equal(cfg.malloc_trim_bytes, 0);
    fake_env[3][1] = "-1";
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_MALLOC_TRIM_BYTES"));
}

static void h(struct req *r) { (void)r; }
static const struct route routes[] = {
    {"GET", "/v1/offices", h, 0, NULL, 0},
    {"POST", "/v1/offices", h, 0, NULL, 0},
    {"GET", "/v1/offices/{code}", h, 0, NULL, 0},
    {"PATCH", "/v1/offices/{code}", h, 0, NULL, 0},
};

static void router_matches_404_405(void **s)
{
    (void)s;
    const struct route *r = NULL;
    struct path_params pp;
    char allow[64];
    assert_int_equal(router_match(routes, 4, "GET", "/v1/offices/532801", &r, &pp, allow, sizeof(allow)), ROUTE_FOUND);
    assert_ptr_equal(r, &routes[2]);
    assert_string_equal(path_param(&pp, "code"), "532801");
    assert_null(path_param(&pp, "id"));
    assert_int_equal(router_match(routes, 4, "DELETE", "/v1/offices/532801", &r, &pp, allow, sizeof(allow)), ROUTE_NO_METHOD);
    assert_string_equal(allow, "GET, PATCH");
    assert_int_equal(router_match(routes, 4, "GET", "/v1/offices/", &r, &pp, allow, sizeof(allow)), ROUTE_NO_PATH);
    assert_int_equal(router_match(routes, 4, "GET", "/v1/offices/1/x", &r, &pp, allow, sizeof(allow)), ROUTE_NO_PATH);
    assert_int_equal(router_match(routes, 4, "GET", "/v1/officesx", &r, &pp, allow, sizeof(allow)), ROUTE_NO_PATH);
}

static void query_rules(void **s)
{
    (void)s;
    static const char *const decl[] = {"limit", "cursor", NULL};
    struct query q;
    char msg[128];
    assert_int_equal(query_parse("limit=5&cursor=a%2Bb", decl, &q, msg, sizeof(msg)), 0);
    assert_string_equal(query_get(&q, "cursor"), "a+b");
    assert_int_equal(query_parse("limit=5&limit=6", decl, &q, msg, sizeof(msg)), -1);
    assert_non_null(strstr(msg, "twice"));
    assert_int_equal(query_parse("office=1", decl, &q, msg, sizeof(msg)), -1);
    assert_non_null(strstr(msg, "office"));
    assert_int_equal(query_parse("limit=%zz", decl, &q, msg, sizeof(msg)), -1);
    assert_int_equal(query_parse("limit=%00", decl, &q, msg, sizeof(msg)), -1);
    assert_int_equal(query_parse(NULL, decl, &q, msg, sizeof(msg)), 0);
    assert_int_equal(q.n, 0);
}

static enum yh_err parse(const char *s, cJSON **out, char *msg)
{
    return json_parse_strict(s, strlen(s), JSON_MAX_DEPTH, out, msg, 160);
}

static void json_input_rules(void **s)
{
    (void)s;
    cJSON *o = NULL;
    char msg[160];
    assert_int_equal(parse("{\"name\":\"景洪 🌿\"}", &o, msg), YH_OK);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "name")->valuestring, "景洪 🌿");
    cJSON_Delete(o);
    assert_int_equal(parse("{\"a\":1,\"a\":2}", &o, msg), YH_ERR_BAD_REQUEST);
    assert_non_null(strstr(msg, "duplicate"));
    assert_int_equal(parse("{\"Name\":1,\"name\":2}", &o, msg), YH_ERR_BAD_REQUEST);
    assert_int_equal(parse("{\"a\":\"x\\u0000y\"}", &o, msg), YH_ERR_BAD_REQUEST);
    assert_int_equal(parse("{\"a\":\"\xff\"}", &o, msg), YH_ERR_BAD_REQUEST);
    assert_int_equal(parse("[1]", &o, msg), YH_ERR_BAD_REQUEST);
    assert_int_equal(parse("{\"a\":1} x", &o, msg), YH_ERR_BAD_REQUEST);
    assert_int_equal(parse("", &o, msg), YH_ERR_BAD_REQUEST);
    char deep[200] = "{\"a\":";
    for (int i = 0; i < 40; i++) strcat(deep, "[");
    for (int i = 0; i < 40; i++) strcat(deep, "]");
    strcat(deep, "}");
    assert_int_equal(parse(deep, &o, msg), YH_ERR_BAD_REQUEST);
    assert_non_null(strstr(msg, "deep"));
    /* brackets inside strings do not count */
    assert_int_equal(parse("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}", &o, msg), YH_OK);
    cJSON_Delete(o);
}

static void json_fields_named(void **s)
{
    (void)s;
    static const char *const allowed[] = {"name", NULL};
    cJSON *o = NULL;
    char msg[160];
    struct verrs v = {0};
    const char *name = NULL;
    assert_int_equal(parse("{\"name\":\"x\",\"version\":3,\"colour\":1}", &o, msg), YH_OK);
    assert_false(json_check_fields(o, allowed, &v));
    assert_int_equal(v.n, 2);
    assert_string_equal(v.e[0].field, "version");
    assert_string_equal(v.e[1].field, "colour");
    cJSON_Delete(o);
    memset(&v, 0, sizeof(v));
    assert_int_equal(parse("{\"name\":\"一二三四五\"}", &o, msg), YH_OK);
    assert_false(json_get_string(o, "name", true, 4, &name, &v));
    assert_true(json_get_string(o, "name", true, 5, &name, &v));
    assert_false(json_get_string(o, "missing", true, 5, &name, &v));
    cJSON_Delete(o);
}

static void gbt2260_codes(void **s)
{
    (void)s;
    assert_int_equal(gbt2260_level("530000"), LEVEL_PROVINCE);
    assert_int_equal(gbt2260_level("532800"), LEVEL_PREFECTURE);
    assert_int_equal(gbt2260_level("532801"), LEVEL_COUNTY);
    assert_int_equal(gbt2260_level("990000"), LEVEL_INVALID);
    assert_int_equal(gbt2260_level("53280"), LEVEL_INVALID);
    assert_int_equal(gbt2260_level("53280a"), LEVEL_INVALID);
    assert_true(gbt2260_is_child("532800", "532801"));
    assert_true(gbt2260_is_child("530000", "532800"));
    assert_true(gbt2260_is_child("420000", "429004"));
    assert_false(gbt2260_is_child("532800", "440104"));
    assert_false(gbt2260_is_child("532801", "532802"));
    assert_false(gbt2260_is_child("532800", "530000"));
    assert_true(gbt2260_covers("530000", "532801"));
    assert_false(gbt2260_covers("532801", "532822"));
}

static void problem_mapping(void **s)
{
    (void)s;
    assert_int_equal(yh_err_info(YH_ERR_NOT_FOUND)->status, 404);
    assert_int_equal(yh_err_info(YH_ERR_PRECONDITION_REQ)->status, 428);
    assert_int_equal(yh_err_info(YH_ERR_VALIDATION)->status, 422);
    assert_int_equal(yh_err_info(YH_ERR_UNAVAILABLE)->status, 503);
    assert_int_equal(yh_err_info((enum yh_err)999)->status, 500);
    for (int e = 1; e < YH_ERR__COUNT; e++) {
        assert_true(yh_err_info((enum yh_err)e)->status >= 400);
    }
}

static void cursor_is_tamper_evident(void **s)
{
    (void)s;
    unsigned char key[32] = {1, 2, 3};
    char c[400], v[64];
    cursor_encode(key, "offices", "532801", c, sizeof(c));
    assert_true(cursor_decode(key, "offices", c, v, sizeof(v)));
    assert_string_equal(v, "532801");
    assert_false(cursor_decode(key, "accounts", c, v, sizeof(v)));
    c[2] = c[2] == 'A' ? 'B' : 'A';
    assert_false(cursor_decode(key, "offices", c, v, sizeof(v)));
    assert_false(cursor_decode(key, "offices", "garbage", v, sizeof(v)));
}

static void sealing_round_trip(void **s)
{
    (void)s;
    unsigned char key[32] = {9};
    struct buf sealed = {0}, plain = {0};
    assert_int_equal(crypto_seal(key, 1, "秘密", strlen("秘密"), &sealed), 0);
    assert_int_equal(crypto_open(key, 1, sealed.data, sealed.len, &plain), 0);
    assert_string_equal(plain.data, "秘密");
    plain.len = 0;
    assert_int_equal(crypto_open(key, 2, sealed.data, sealed.len, &plain), -1);
    sealed.data[sealed.len - 1] ^= 1;
    assert_int_equal(crypto_open(key, 1, sealed.data, sealed.len, &plain), -1);
    buf_free(&sealed);
    buf_free(&plain);
}

static void utf8_and_b64(void **s)
{
    (void)s;
    unsigned char out[16];
    char enc[32];
    assert_true(utf8_valid("银辉😀", strlen("银辉😀")));
    assert_false(utf8_valid("\xc0\xaf", 2));        /* overlong */
    assert_false(utf8_valid("\xed\xa0\x80", 3));    /* surrogate */
    b64url_encode((const unsigned char *)"ab?", 3, enc);
    assert_string_equal(enc, "YWI_");
    assert_int_equal(b64url_decode("YWI_", 4, out, sizeof(out)), 3);
    assert_int_equal(b64url_decode("YW=", 3, out, sizeof(out)), -1);
}

static bool v4_ok(const char *ip)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    assert_int_equal(inet_pton(AF_INET, ip, &a.sin_addr), 1);
    return addr_public((const struct sockaddr *)&a);
}

static bool v6_ok(const char *ip)
{
    struct sockaddr_in6 a = {.sin6_family = AF_INET6};
    assert_int_equal(inet_pton(AF_INET6, ip, &a.sin6_addr), 1);
    return addr_public((const struct sockaddr *)&a);
}

/* The webhook address policy (SSRF) and URL parsing. */
static void webhook_address_policy(void **s)
{
    (void)s;
    const char *blocked[] = {"127.0.0.1", "127.255.0.9", "10.0.0.1",    "172.16.0.1",  "172.31.255.255", "192.168.0.1",
                             "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1"};
    for (size_t i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++) {
        if (v4_ok(blocked[i])) {
            fail_msg("%s passed as public", blocked[i]);
        }
    }
    assert_true(v4_ok("8.8.8.8"));
    assert_true(v4_ok("172.32.0.1"));
    assert_true(v4_ok("100.128.0.1"));
    assert_false(v6_ok("::1"));
    assert_false(v6_ok("fe80::1"));
    assert_false(v6_ok("fd00::1"));
    assert_false(v6_ok("::ffff:10.0.0.1"));
    assert_false(v6_ok("::"));
    assert_true(v6_ok("2001:4860:4860::8888"));
    assert_true(v6_ok("::ffff:8.8.8.8"));
    struct url u;
    const char *why;
    assert_true(url_parse("https://push.example.org:8443/a/b?x=1", &u, &why));
    assert_true(u.https);
    assert_string_equal(u.host, "push.example.org");
    assert_int_equal(u.port, 8443);
    assert_string_equal(u.path, "/a/b?x=1");
    assert_true(url_parse("http://example.org", &u, &why));
    assert_string_equal(u.path, "/");
    assert_int_equal(u.port, 80);
    assert_false(url_parse("https://user:pw@example.org/", &u, &why));
    assert_false(url_parse("https://example.org:0/", &u, &why));
    assert_false(url_parse("https://example.org/a b", &u, &why));
    assert_false(url_parse("https://example.org/#frag", &u, &why));
    assert_false(url_parse("gopher://example.org/", &u, &why));
    assert_false(url_parse("https:///x", &u, &why));
    assert_false(url_parse("https://[::1]/x", &u, &why));
}

static void *raise_later(void *arg)
{
    usleep(50000);
    stop_raise(arg);
    return NULL;
}

/* The background threads' sleep: the full time when nobody stops it, at once when
 * stopped (before or during the wait), and no wait at all for 0 ms. */
static void stop_signal_waits_and_wakes(void **s)
{
    (void)s;
    struct stop_signal st;
    pthread_t t;
    stop_init(&st);
    double t0 = mono_s();
    assert_false(stop_wait(&st, 0));
    assert_false(stop_wait(&st, 120));
    assert_true(mono_s() - t0 >= 0.119);
    assert_int_equal(pthread_create(&t, NULL, raise_later, &st), 0);
    t0 = mono_s();
    assert_true(stop_wait(&st, 10000));
    assert_true(mono_s() - t0 < 5.0);
    pthread_join(t, NULL);
    assert_true(stop_wait(&st, 10000)); /* raised stays raised */
    assert_true(stop_wait(&st, 0));
    stop_destroy(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_requires_master_key), cmocka_unit_test(config_rejects_bad_values),
        cmocka_unit_test(config_requires_redis_password),
        cmocka_unit_test(config_malloc_trim_bytes),
        cmocka_unit_test(router_matches_404_405),     cmocka_unit_test(query_rules),
        cmocka_unit_test(json_input_rules),           cmocka_unit_test(json_fields_named),
        cmocka_unit_test(gbt2260_codes),              cmocka_unit_test(problem_mapping),
        cmocka_unit_test(cursor_is_tamper_evident),   cmocka_unit_test(sealing_round_trip),
        cmocka_unit_test(utf8_and_b64),                cmocka_unit_test(webhook_address_policy),
        cmocka_unit_test(stop_signal_waits_and_wakes),
    };
    return cmocka_run_group_tests_name("unit: core", tests, NULL, NULL);
}
