/* deploy/nginx.conf for real: Debian's nginx in front of two service processes on
 * loopback. A token issued through one process works on the other, request ids reach
 * the nginx log, the proxy's body limit holds (but the import route gets the import limit),
 * /metrics is not served on the public side and nginx's own refusals are problems. */
#include "support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pid_t a, b;
static char base_a[64], base_b[64], proxy[64], dir[128], log_a[512], log_b[512];

static int port_of(const char *base)
{
    return atoi(strrchr(base, ':') + 1);
}

static int setup(void **s)
{
    (void)s;
    char cmd[2048];
    int port = free_port();
    /* the logs are read back below: where server_start puts them, $B/test-logs under make asan */
    a = server_start(NULL, base_a, sizeof(base_a),
                     test_log_path("build/test-logs/nginx-api-a.log", log_a, sizeof(log_a)));
    b = server_start(NULL, base_b, sizeof(base_b),
                     test_log_path("build/test-logs/nginx-api-b.log", log_b, sizeof(log_b)));
    snprintf(dir, sizeof(dir), "/tmp/yh-nginx-%d", (int)getpid());
    snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%d", port);
    /* same file, with the compose host names and paths swapped for this machine */
    snprintf(cmd, sizeof(cmd), "scripts/nginx.sh start %s %d %d %d", dir, port, port_of(base_a),
             port_of(base_b));
    assert_int_equal(system(cmd), 0);
    for (int i = 0; i < 100; i++) {
        struct http_res r;
        char url[128];
        snprintf(url, sizeof(url), "%s/healthz", proxy);
        if (http_do("GET", url, NULL, NULL, 0, &r) == 0 && r.status == 200) {
            http_free(&r);
            return 0;
        }
        http_free(&r);
        usleep(50000);
    }
    return -1;
}

static int teardown(void **s)
{
    (void)s;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "scripts/nginx.sh stop %s; rm -rf %s", dir, dir);
    system(cmd);
    server_stop(a);
    server_stop(b);
    return 0;
}

static void token_from_one_works_on_other(void **s)
{
    (void)s;
    struct http_res r;
    char url[256], tok[2048], auth[2100];
    const char *body = "{\"grant_type\":\"password\",\"office\":\"532822\",\"username\":\"admin\","
                       "\"password\":\"demo-532822-pass\"}";
    const char *const ct[] = {"Content-Type: application/json", NULL};
    snprintf(url, sizeof(url), "%s/v1/auth/token", base_a);
    assert_int_equal(http_do("POST", url, ct, body, strlen(body), &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(json_member(r.body, "access_token", tok, sizeof(tok)));
    http_free(&r);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    const char *const h[] = {auth, NULL};
    snprintf(url, sizeof(url), "%s/v1/offices/532822", base_b);
    assert_int_equal(http_do("GET", url, h, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    http_free(&r);
    /* and through the proxy, whichever replica answers */
    snprintf(url, sizeof(url), "%s/v1/offices/532822", proxy);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(http_do("GET", url, h, NULL, 0, &r), 0);
        assert_int_equal(r.status, 200);
        http_free(&r);
    }
}

static void request_id_reaches_logs(void **s)
{
    (void)s;
    struct http_res r;
    char url[256], rid[80], cmd[4096];
    const char *const h[] = {"X-Request-ID: nginx-trace-42", NULL};
    snprintf(url, sizeof(url), "%s/healthz", proxy);
    assert_int_equal(http_do("GET", url, h, NULL, 0, &r), 0);
    assert_true(http_header(&r, "X-Request-ID", rid, sizeof(rid)));
    assert_string_equal(rid, "nginx-trace-42");
    http_free(&r);
    /* without one, nginx's own id is passed on and echoed */
    assert_int_equal(http_do("GET", url, NULL, NULL, 0, &r), 0);
    assert_true(http_header(&r, "X-Request-ID", rid, sizeof(rid)));
    assert_int_equal(strlen(rid), 32);
    http_free(&r);
    usleep(300000); /* the service flushes its log every 100 ms */
    /* the service logs its own request id and the edge's beside it */
    snprintf(cmd, sizeof(cmd),
             "grep -q nginx-trace-42 %s/logs/yinhui.log && "
             "cat %s %s | grep -q '\"client_request_id\":\"nginx-trace-42\"' && "
             "cat %s %s | grep -q '\"client_request_id\":\"%s\"'",
             dir, log_a, log_b, log_a, log_b, rid);
    assert_int_equal(system(cmd), 0);
}

static void proxy_body_limit(void **s)
{
    (void)s;
    struct http_res r;
    char url[256];
    size_t n = 400 * 1024;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    const char *const h[] = {"Content-Type: application/json", NULL};
    snprintf(url, sizeof(url), "%s/v1/auth/token", proxy);
    assert_int_equal(http_do("POST", url, h, big, n, &r), 0);
    /* nginx's own 413, in the service's error format (not its HTML page) */
    assert_problem(&r, 413);
    http_free(&r);
    free(big);
}

/* Past 50 r/s (burst 100) from one address nginx refuses, with a problem and Retry-After;
 * last: the address's limit takes a moment to refill. */
static void rate_limit_is_a_problem(void **s)
{
    (void)s;
    struct http_res r;
    char url[256], ra[16];
    int limited = 0;
    snprintf(url, sizeof(url), "%s/healthz", proxy);
    for (int i = 0; i < 300 && limited == 0; i++) {
        assert_int_equal(http_do("GET", url, NULL, NULL, 0, &r), 0);
        if (r.status == 429) {
            limited = 1;
            assert_problem(&r, 429);
            assert_true(http_header(&r, "Retry-After", ra, sizeof(ra)));
            assert_true(atoi(ra) > 0);
        } else {
            assert_int_equal(r.status, 200);
        }
        http_free(&r);
    }
    assert_true(limited);
}

/* Past the 256 KiB general limit, the import route still reaches the service: its own
 * 401 without a token, and its CSV verdict with one — never nginx's 413. */
static void import_gets_the_import_limit(void **s)
{
    (void)s;
    struct http_res r;
    char url[256], tok[2048], auth[2100], ct[128];
    const char *body = "{\"grant_type\":\"password\",\"office\":\"532822\",\"username\":\"admin\","
                       "\"password\":\"demo-532822-pass\"}";
    const char *const jh[] = {"Content-Type: application/json", NULL};
    size_t n = 600 * 1024;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    for (size_t i = 99; i < n; i += 100) {
        big[i] = '\n';
    }
    big[n] = '\0';
    snprintf(url, sizeof(url), "%s/v1/members/import", proxy);
    const char *const csv[] = {"Content-Type: text/csv", NULL};
    assert_int_equal(http_do("POST", url, csv, big, n, &r), 0);
    assert_int_equal(r.status, 401);
    assert_true(http_header(&r, "Content-Type", ct, sizeof(ct)));
    assert_string_equal(ct, "application/problem+json");
    http_free(&r);
    snprintf(url, sizeof(url), "%s/v1/auth/token", base_a);
    assert_int_equal(http_do("POST", url, jh, body, strlen(body), &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(json_member(r.body, "access_token", tok, sizeof(tok)));
    http_free(&r);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    const char *const h[] = {auth, "Content-Type: text/csv", NULL};
    snprintf(url, sizeof(url), "%s/v1/members/import", proxy);
    assert_int_equal(http_do("POST", url, h, big, n, &r), 0);
    /* the service read all 600 KiB and judged the CSV (no such columns) */
    assert_true(r.status == 400 || r.status == 422);
    assert_true(http_header(&r, "Content-Type", ct, sizeof(ct)));
    assert_string_equal(ct, "application/problem+json");
    http_free(&r);
    free(big);
}

static void metrics_not_public(void **s)
{
    (void)s;
    struct http_res r;
    char url[256];
    snprintf(url, sizeof(url), "%s/metrics", proxy);
    assert_int_equal(http_do("GET", url, NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 404);
    assert_null(strstr(r.body, "http_requests_total"));
    http_free(&r);
    /* the replicas still serve it to whoever reaches them directly */
    snprintf(url, sizeof(url), "%s/metrics", base_a);
    assert_int_equal(http_do("GET", url, NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(token_from_one_works_on_other),
        cmocka_unit_test(request_id_reaches_logs),
        cmocka_unit_test(proxy_body_limit),
        cmocka_unit_test(import_gets_the_import_limit),
        cmocka_unit_test(metrics_not_public),
        cmocka_unit_test(rate_limit_is_a_problem),
    };
    return cmocka_run_group_tests_name("api: nginx in front of two processes", tests, setup, teardown);
}
