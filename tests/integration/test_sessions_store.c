/* The session store against the real MariaDB: attempt counting, refresh rows that keep
 * their scopes and access jti, and ending an account's sessions. */
#include "support.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/accounts_db.h"
#include "yinhui/auth_db.h"
#include "yinhui/throttle_db.h"
#include "yinhui/db.h"
#include "yinhui/util.h"

static void attempts_are_counted_atomically(void **s)
{
    (void)s;
    char key[64];
    int64_t n = 0;
    snprintf(key, sizeof(key), "a:000000:store-test-%d", (int)getpid());
    for (int64_t want = 1; want <= 3; want++) {
        assert_int_equal(throttle_db_take(itest_db, key, 900, &n), YH_OK);
        assert_int_equal(n, want); /* each attempt sees its own count */
    }
    assert_int_equal(throttle_db_refund(itest_db, key), YH_OK);
    assert_int_equal(throttle_db_take(itest_db, key, 900, &n), YH_OK);
    assert_int_equal(n, 3);
    int64_t wait = 0;
    assert_int_equal(throttle_db_wait(itest_db, key, 3, 900, &wait), YH_OK);
    assert_true(wait > 0 && wait <= 900);
    /* a success clears the account and gives the address its attempt back */
    char ip[64];
    snprintf(ip, sizeof(ip), "ip:store-test-%d", (int)getpid());
    assert_int_equal(throttle_db_take(itest_db, ip, 900, &n), YH_OK);
    assert_int_equal(throttle_db_take(itest_db, ip, 900, &n), YH_OK);
    assert_int_equal(throttle_db_clear(itest_db, key, ip), YH_OK);
    assert_int_equal(throttle_db_wait(itest_db, key, 1, 900, &wait), YH_OK);
    assert_int_equal(wait, 0);
    assert_int_equal(throttle_db_take(itest_db, key, 900, &n), YH_OK);
    assert_int_equal(n, 1);
    assert_int_equal(throttle_db_take(itest_db, ip, 900, &n), YH_OK);
    assert_int_equal(n, 2);
    throttle_db_clear(itest_db, key, NULL);
    throttle_db_clear(itest_db, ip, NULL);
}

static void refresh_rows_and_ending_sessions(void **s)
{
    (void)s;
    char user[40], hash[256];
    unsigned char h1[32], h2[32], fam[16];
    int64_t id = 0;
    struct refresh_use u;
    struct account a;
    struct db_rows live;
    int64_t now = now_s();

    snprintf(user, sizeof(user), "store-sess-%d", (int)getpid());
    assert_int_equal(accounts_db_create(itest_db, "532801", user, "store", "admin", "x", 0, 0, &id), YH_OK);
    assert_int_equal(accounts_db_login(itest_db, "532801", user, &a, hash, sizeof(hash)), YH_OK);
    memset(h1, 1, sizeof(h1));
    h1[0] = (unsigned char)(getpid() & 0xff);
    h1[1] = (unsigned char)((getpid() >> 8) & 0xff);
    memcpy(h2, h1, sizeof(h2));
    h2[31] = 2;
    memset(fam, 7, sizeof(fam));
    fam[0] = h1[0];
    fam[1] = h1[1];
    /* a stale account version (a change committed meanwhile) stores nothing */
    assert_int_equal(refresh_db_insert(itest_db, h1, fam, a.id, a.version + 1, "532801", "members:read",
                                       "jti-a", now + 600, now + 3600),
                     YH_ERR_CONFLICT);
    assert_int_equal(refresh_db_insert(itest_db, h1, fam, a.id, a.version, "532801", "members:read", "jti-a",
                                       now + 600, now + 3600),
                     YH_OK);
    /* the family's scopes come back with the token */
    assert_int_equal(db_begin(itest_db), YH_OK);
    assert_int_equal(refresh_db_consume(itest_db, h1, &u), YH_OK);
    assert_false(u.reused);
    assert_true(u.has_account);
    assert_int_equal(u.account.id, a.id);
    assert_int_equal(u.account.version, a.version);
    assert_string_equal(u.account.role, "admin");
    assert_string_equal(u.scopes, "members:read");
    assert_memory_equal(u.family, fam, 16);
    assert_int_equal(refresh_db_insert(itest_db, h2, fam, a.id, a.version, "532801", "members:read", "jti-b",
                                       now + 600, now + 3600),
                     YH_OK);
    assert_int_equal(db_commit(itest_db), YH_OK);
    /* ending the sessions revokes the family and names both access tokens */
    assert_int_equal(db_begin(itest_db), YH_OK);
    assert_int_equal(sessions_db_end(itest_db, "532801", a.id, now, &live), YH_OK);
    assert_int_equal(db_commit(itest_db), YH_OK);
    assert_int_equal(live.nrows, 2);
    bool seen_a = false, seen_b = false;
    for (size_t i = 0; i < live.nrows; i++) {
        seen_a = seen_a || strcmp(db_str(&live, i, 0), "jti-a") == 0;
        seen_b = seen_b || strcmp(db_str(&live, i, 0), "jti-b") == 0;
        assert_int_equal(db_i64(&live, i, 1), now + 600);
    }
    db_rows_free(&live);
    assert_true(seen_a && seen_b);
    assert_int_equal(db_begin(itest_db), YH_OK);
    assert_int_equal(refresh_db_consume(itest_db, h2, &u), YH_OK);
    assert_true(u.reused); /* revoked: refused like a reused token */
    assert_int_equal(db_commit(itest_db), YH_OK);
    /* another office cannot end them */
    assert_int_equal(sessions_db_end(itest_db, "532822", a.id, now, &live), YH_OK);
    assert_int_equal(live.nrows, 0);
    db_rows_free(&live);
    /* a disabled account gets no new refresh row */
    bool off = true;
    assert_int_equal(accounts_db_update(itest_db, "532801", a.id, a.version, NULL, NULL, &off, NULL, -1, -1),
                     YH_OK);
    h2[30] = 9;
    assert_int_equal(refresh_db_insert(itest_db, h2, fam, a.id, a.version + 1, "532801", "", "jti-c",
                                       now + 600, now + 3600),
                     YH_ERR_CONFLICT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(attempts_are_counted_atomically),
        cmocka_unit_test(refresh_rows_and_ending_sessions),
    };
    return cmocka_run_group_tests_name("integration: session store", tests, itest_setup, itest_teardown);
}
