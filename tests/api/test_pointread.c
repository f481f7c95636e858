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

static struct proc_pair pp;

static int setup(void **s)
{
    (void)s;
    static const char *const env[] = {"YH_CACHE=0", NULL};
    pair_start(&pp, OFFICE, "点读县委老干部局", env, "pointread", "点读甲", "1948");
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    pair_stop(&pp);
    return 0;
}

/* With the response cache off, both processes track (the denylist's holder) and no read
 * is served from memory. */
static void tracker_runs_with_the_cache_off(void **s)
{
    (void)s;
    wait_metric(pp.base_a, "yinhui_cache_tracking", 1);
    wait_metric(pp.base_b, "yinhui_cache_tracking", 1);
    assert_int_equal(server_metric(pp.base_a, "yinhui_cache_tracking"), 1);
    assert_int_equal(server_metric(pp.base_b, "yinhui_cache_tracking"), 1);
    api_on(pp.base_b);
    for (int i = 0; i < 5; i++) {
        expect(200, "GET", pp.member_path, pp.tok, NULL);
    }
    assert_int_equal(server_metric(pp.base_b, "yinhui_cache_local_hits_total"), 0);
}

/* A token B has answered for (so B holds "not revoked" for it) is refused by B within a
 * second of its revocation through A, on both point reads and an uncached list. */
static void revocation_across_processes_cache_off(void **s)
{
    (void)s;
    char t2[2048], t3[2048];
    api_on(pp.base_a);
    login(OFFICE, "admin", "demo-" OFFICE "-pass", t2, sizeof(t2), NULL, 0);
    login(OFFICE, "admin", "demo-" OFFICE "-pass", t3, sizeof(t3), NULL, 0);
    api_on(pp.base_b);
    for (int i = 0; i < 3; i++) {
        expect(200, "GET", pp.member_path, t2, NULL);
        expect(200, "GET", "/v1/offices/" OFFICE, t3, NULL);
    }
    api_on(pp.base_a);
    expect(204, "POST", "/v1/auth/revoke", t2, NULL);
    expect(204, "POST", "/v1/auth/revoke", t3, NULL);
    refused_within_1s(pp.base_b, pp.member_path, t2);
    refused_within_1s(pp.base_b, "/v1/offices/" OFFICE, t3);
    expect_problem(401, "GET", "/v1/accounts", t2, NULL);
    /* and the token that was not revoked still reads */
    expect(200, "GET", pp.member_path, pp.tok, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tracker_runs_with_the_cache_off),
        cmocka_unit_test(revocation_across_processes_cache_off),
    };
    return cmocka_run_group_tests_name("pointread", tests, setup, teardown);
}
