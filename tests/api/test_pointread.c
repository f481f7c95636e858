/* Uncached point reads (YH_CACHE=0) across two service processes A and B: each still
 * runs its tracker, which holds the revocation denylist, so a point read asks Redis
 * nothing on the way; a token revoked through A is refused by B within a second, on the
 * member and office GETs and the uncached routes alike. Office 532848 is created here and
 * written only here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/util.h"

#define OFFICE "532848"

static char base_a[64], base_b[64];
static pid_t pid_a, pid_b;
static char tok[2048];
static char member_path[64];

static void on(const char *base)
{
    snprintf(api_base, sizeof(api_base), "%s", base);
}

static int setup(void **s)
{
    (void)s;
    char cmd[512], idno[19], id[24];
    static const char *const env[] = {"YH_CACHE=0", NULL};
    snprintf(cmd, sizeof(cmd),
             "\"$YH_BIN\" office add %s 点读县委老干部局 532800 >/dev/null && YH_NEW_PASSWORD=demo-%s-pass "
             "\"$YH_BIN\" account add %s admin admin 管理员 >/dev/null",
             OFFICE, OFFICE, OFFICE);
    assert_int_equal(system(cmd), 0);
    pid_a = server_start(env, base_a, sizeof(base_a), "build/test-logs/pointread-a.log");
    pid_b = server_start(env, base_b, sizeof(base_b), "build/test-logs/pointread-b.log");
    on(base_a);
    login(OFFICE, "admin", "demo-" OFFICE "-pass", tok, sizeof(tok), NULL, 0);
    idno_seq(idno, "530000", "1948", (unsigned)getpid() % 900);
    member_create(tok, "点读甲", idno, "retired", "", id, sizeof(id));
    snprintf(member_path, sizeof(member_path), "/v1/members/%s", id);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    server_stop(pid_a);
    server_stop(pid_b);
    return 0;
}

/* With the response cache off, both processes track (the denylist's holder) and no read
 * is served from memory. */
static void tracker_runs_with_the_cache_off(void **s)
{
    (void)s;
    for (int i = 0; i < 250 && (server_metric(base_a, "yinhui_cache_tracking") < 1 ||
                                server_metric(base_b, "yinhui_cache_tracking") < 1);
         i++) {
        usleep(20 * 1000);
    }
    assert_int_equal(server_metric(base_a, "yinhui_cache_tracking"), 1);
    assert_int_equal(server_metric(base_b, "yinhui_cache_tracking"), 1);
    on(base_b);
    for (int i = 0; i < 5; i++) {
        expect(200, "GET", member_path, tok, NULL);
    }
    assert_int_equal(server_metric(base_b, "yinhui_cache_local_hits_total"), 0);
}

/* Reads path as token on B until it is refused (401); fails after 1 s. */
static void refused_on_b_within_1s(const char *path, const char *token)
{
    on(base_b);
    double t0 = mono_s();
    for (;;) {
        struct http_res r;
        long st = jreq("GET", path, token, NULL, &r);
        http_free(&r);
        if (st == 401) {
            return;
        }
        assert_int_equal(st, 200);
        if (mono_s() - t0 > 1.0) {
            fail_msg("B still accepts the revoked token on %s after 1 s", path);
        }
        usleep(1000);
    }
}

/* A token B has answered for (so B holds "not revoked" for it) is refused by B within a
 * second of its revocation through A, on both point reads and an uncached list. */
static void revocation_across_processes_cache_off(void **s)
{
    (void)s;
    char t2[2048], t3[2048];
    on(base_a);
    login(OFFICE, "admin", "demo-" OFFICE "-pass", t2, sizeof(t2), NULL, 0);
    login(OFFICE, "admin", "demo-" OFFICE "-pass", t3, sizeof(t3), NULL, 0);
    on(base_b);
    for (int i = 0; i < 3; i++) {
        expect(200, "GET", member_path, t2, NULL);
        expect(200, "GET", "/v1/offices/" OFFICE, t3, NULL);
    }
    on(base_a);
    expect(204, "POST", "/v1/auth/revoke", t2, NULL);
    expect(204, "POST", "/v1/auth/revoke", t3, NULL);
    refused_on_b_within_1s(member_path, t2);
    refused_on_b_within_1s("/v1/offices/" OFFICE, t3);
    expect_problem(401, "GET", "/v1/accounts", t2, NULL);
    /* and the token that was not revoked still reads */
    expect(200, "GET", member_path, tok, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tracker_runs_with_the_cache_off),
        cmocka_unit_test(revocation_across_processes_cache_off),
    };
    return cmocka_run_group_tests_name("pointread", tests, setup, teardown);
}
