/* The write positions kept in Redis for reads on a replica (cache_bump_at, cache_wpos_*;
 * replica.c): one bump records the GTID for every office it invalidates; a position never
 * steps back to a lower sequence number of the same domain (two writers' positions arrive
 * in any order); another domain's replaces it; a bump without a GTID leaves it alone.
 * Offices 539901..539903 are used only here. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/cache.h"

static void wpos_is(struct cache *c, const char *office, const char *want)
{
    char got[64];
    assert_int_equal(cache_wpos_get(c, office, got, sizeof(got)), YH_OK);
    assert_string_equal(got, want);
}

static void positions(void **s)
{
    (void)s;
    struct cache *c = cache_open(&itest_cfg);
    char offices[2][7] = {"539901", "539902"};
    struct cache_stamp st;
    char *val = NULL;
    size_t len;
    assert_int_equal(cache_get(c, "539901", "k", NULL, &val, &len, &st, NULL), YH_OK);
    long long gen = st.gen;
    assert_int_equal(cache_bump_at(c, offices, 2, "0-1-10", 60000), YH_OK);
    wpos_is(c, "539901", "0-1-10");
    wpos_is(c, "539902", "0-1-10");
    wpos_is(c, "539903", "");
    /* the bump itself still invalidates */
    assert_int_equal(cache_get(c, "539901", "k", NULL, &val, &len, &st, NULL), YH_OK);
    assert_int_equal(st.gen, gen + 1);
    /* an older commit's position arriving late does not step back; a newer one wins, from
     * any server of the domain */
    assert_int_equal(cache_bump_at(c, offices, 1, "0-1-9", 60000), YH_OK);
    wpos_is(c, "539901", "0-1-10");
    assert_int_equal(cache_wpos_set(c, "539901", "0-2-11", 60000), YH_OK);
    wpos_is(c, "539901", "0-2-11");
    assert_int_equal(cache_wpos_set(c, "539901", "0-1-100", 60000), YH_OK);
    wpos_is(c, "539901", "0-1-100");
    /* another domain (the primary's gtid_domain_id changed): replaced */
    assert_int_equal(cache_wpos_set(c, "539901", "1-3-5", 60000), YH_OK);
    wpos_is(c, "539901", "1-3-5");
    /* a bump without a position (no replica configured) leaves positions alone */
    assert_int_equal(cache_bump_at(c, offices, 2, "", 60000), YH_OK);
    assert_int_equal(cache_bump(c, offices, 2), YH_OK);
    wpos_is(c, "539902", "0-1-10");
    cache_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(positions),
    };
    return cmocka_run_group_tests_name("integration: write positions", tests, itest_config_setup, NULL);
}
