/* req_read_db and the replica's connection (replica.c, db.c) against the real MariaDB and
 * Redis, the private server standing in for the replica too (the routing, not replication,
 * is under test here; tests/api/test_replica.c has a real pair): with the monitor finding
 * it current, a read goes to the replica; none configured, or a transaction open on the
 * primary, to the primary; decided once per request; the replica's sessions cannot write;
 * a replica that cannot be reached fails its statement over to the primary, a statement
 * given the wrong number of parameters does not. Office
 * 539911 is used only here. */
#include "support.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/replica.h"

static struct app app;

static struct req new_req(struct db *db, struct db *replica, struct cache *c)
{
    struct req r;
    memset(&r, 0, sizeof(r));
    r.app = &app;
    r.db = db;
    r.replica = replica;
    r.cache = c;
    snprintf(r.claims.office, sizeof(r.claims.office), "539911");
    return r;
}

static uint64_t reads(enum replica_read why)
{
    struct replica_stats st;
    replica_stats(&st);
    return st.reads[why];
}

static void routing(void **s)
{
    (void)s;
    enum yh_err err;
    app.cfg = itest_cfg;
    snprintf(app.cfg.db_replica_host, sizeof(app.cfg.db_replica_host), "127.0.0.1");
    snprintf(app.cfg.db_replica_socket, sizeof(app.cfg.db_replica_socket), "%s", itest_cfg.db_socket);
    app.cfg.db_replica_port = itest_cfg.db_port;
    struct replica_monitor *m = replica_monitor_start(&app.cfg);
    struct db *primary = test_db(), *replica = db_open_replica(&app.cfg, &err);
    struct cache *c = cache_open(&app.cfg);
    assert_non_null(replica);
    db_set_fallback(replica, primary);
    struct replica_stats st;
    for (int i = 0; i < 100; i++) { /* the monitor's first probe */
        replica_stats(&st);
        if (st.health == RH_UP) {
            break;
        }
        usleep(50 * 1000);
    }
    assert_int_equal(st.health, RH_UP);

    struct req r = new_req(primary, replica, c);
    uint64_t rep = reads(RR_REPLICA);
    assert_ptr_equal(req_read_db(&r), replica);
    assert_ptr_equal(req_read_db(&r), replica); /* once per request */
    assert_int_equal(reads(RR_REPLICA), rep + 1);
    assert_int_equal(db_begin(primary), YH_OK); /* a transaction begun since */
    assert_ptr_equal(req_read_db(&r), primary);
    db_rollback(primary);

    r = new_req(primary, replica, c);
    uint64_t tx = reads(RR_TRANSACTION);
    assert_int_equal(db_begin(primary), YH_OK);
    assert_ptr_equal(req_read_db(&r), primary);
    db_rollback(primary);
    assert_int_equal(reads(RR_TRANSACTION), tx + 1);

    r = new_req(primary, NULL, c);
    uint64_t none = reads(RR_NONE);
    assert_ptr_equal(req_read_db(&r), primary);
    assert_int_equal(reads(RR_NONE), none + 1);

    replica_monitor_stop(m);
    cache_close(c);
    db_close(replica);
    db_close(primary);
}

static void read_only_and_failover(void **s)
{
    (void)s;
    enum yh_err err;
    int64_t v = 0;
    struct config cfg = itest_cfg;
    snprintf(cfg.db_replica_host, sizeof(cfg.db_replica_host), "127.0.0.1");
    snprintf(cfg.db_replica_socket, sizeof(cfg.db_replica_socket), "%s", itest_cfg.db_socket);
    cfg.db_replica_port = itest_cfg.db_port;
    struct db *primary = test_db(), *replica = db_open_replica(&cfg, &err);
    assert_non_null(replica);
    /* without a fallback, a write on the replica's session is refused */
    assert_int_not_equal(db_exec(replica, "INSERT INTO replica_heartbeat (id, ts) VALUES (9, NOW())", NULL, 0,
                                 NULL, NULL, NULL),
                         YH_OK);
    db_close(replica);

    /* a statement given the wrong number of parameters is the statement's error: the
     * replica stays in use, nothing fails over */
    replica = db_open_replica(&cfg, &err);
    assert_non_null(replica);
    db_set_fallback(replica, primary);
    struct db_param two[] = {P_I64(1), P_I64(2)};
    uint64_t before = db_failover_count();
    assert_int_equal(db_int(replica, "SELECT ? + 1", two, 2, 0, &v), YH_ERR_INTERNAL);
    assert_int_equal(db_failover_count(), before);
    assert_false(db_replica_lost(replica));
    assert_int_equal(db_int(replica, "SELECT ? + 1", two, 1, 0, &v), YH_OK);
    assert_int_equal(v, 2);
    db_close(replica);

    /* a replica nobody answers at: its statement runs on the primary, and the next ones */
    cfg.db_replica_socket[0] = '\0';
    cfg.db_replica_port = free_port();
    replica = db_open_replica(&cfg, &err);
    db_set_fallback(replica, primary);
    uint64_t f = db_failover_count();
    assert_int_equal(db_int(replica, "SELECT 41 + 1", NULL, 0, 0, &v), YH_OK);
    assert_int_equal(v, 42);
    assert_true(db_replica_lost(replica));
    assert_int_equal(db_failover_count(), f + 1);
    assert_int_equal(db_int(replica, "SELECT 43", NULL, 0, 0, &v), YH_OK);
    assert_int_equal(v, 43);
    db_replica_reset(replica);
    assert_false(db_replica_lost(replica));
    db_close(replica);
    db_close(primary);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(routing),
        cmocka_unit_test(read_only_and_failover),
    };
    return cmocka_run_group_tests_name("integration: reads on a replica", tests, itest_config_setup, NULL);
}
