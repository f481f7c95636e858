/* The replica's pure rules (replica.c): what a probe makes of it (down, lagging, up; a
 * failure seen by a request keeps it down until its retry time), and which strings are
 * one MariaDB GTID (the write position kept in Redis and waited for). */
#include "support.h"

#include "yinhui/replica.h"

static void judge(void **s)
{
    (void)s;
    /* unreachable: down, whatever the lag */
    assert_int_equal(replica_judge(false, true, 0, 2000, 10000, 0), RH_DOWN);
    /* a request saw it fail: down until down_until, then as measured */
    assert_int_equal(replica_judge(true, true, 0, 2000, 10000, 10001), RH_DOWN);
    assert_int_equal(replica_judge(true, true, 0, 2000, 10001, 10001), RH_UP);
    /* no heartbeat row yet (replication has not brought it): not trusted */
    assert_int_equal(replica_judge(true, false, -1, 2000, 10000, 0), RH_LAGGING);
    /* the bound itself is still current; one millisecond past it is not */
    assert_int_equal(replica_judge(true, true, 2000, 2000, 10000, 0), RH_UP);
    assert_int_equal(replica_judge(true, true, 2001, 2000, 10000, 0), RH_LAGGING);
}

static void gtids(void **s)
{
    (void)s;
    assert_true(gtid_valid("0-1-42"));
    assert_true(gtid_valid("12-4294967295-18446744073709551615"));
    assert_false(gtid_valid(""));
    assert_false(gtid_valid(NULL));
    assert_false(gtid_valid("0-1"));
    assert_false(gtid_valid("0-1-2-3"));
    assert_false(gtid_valid("0-1-"));
    assert_false(gtid_valid("-1-2"));
    assert_false(gtid_valid("0--2"));
    assert_false(gtid_valid("0-1-2,1-1-3")); /* a position list, not one GTID */
    assert_false(gtid_valid("0-1-2'"));
    assert_false(gtid_valid("0-1-123456789012345678901")); /* longer than a 64-bit number */
}

static void reasons(void **s)
{
    (void)s;
    assert_string_equal(replica_read_reason(RR_NONE), "none");
    assert_string_equal(replica_read_reason(RR_TRANSACTION), "transaction");
    assert_string_equal(replica_read_reason(RR_DOWN), "down");
    assert_string_equal(replica_read_reason(RR_LAGGING), "lagging");
    assert_string_equal(replica_read_reason(RR_GTID), "gtid_wait");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(judge),
        cmocka_unit_test(gtids),
        cmocka_unit_test(reasons),
    };
    return cmocka_run_group_tests_name("unit: replica rules", tests, NULL, NULL);
}
