/* The retention job against the real MariaDB: rows made old by SQL are deleted, fresh
 * ones (and anything still needed: a pending delivery and its payload) are kept, and
 * only one run at a time holds the job across connections. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/db.h"
#include "yinhui/retention.h"

static struct db *open_conn(void)
{
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    assert_non_null(db);
    return db;
}

static void run(struct db *db, const char *sql)
{
    uint64_t n = 0;
    enum yh_err err = db_exec(db, sql, NULL, 0, NULL, &n, NULL);
    if (err != YH_OK) {
        fail_msg("SQL failed: %s", sql);
    }
}

static long count(struct db *db, const char *sql)
{
    struct db_rows rows;
    assert_int_equal(db_exec(db, sql, NULL, 0, &rows, NULL, NULL), YH_OK);
    long n = (long)db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    return n;
}

/* One old and one fresh row of everything the job prunes (markers "ret-"). */
static void make_rows(struct db *db)
{
    run(db, "DELETE FROM deliveries WHERE office_code = '532822' AND last_error LIKE 'ret-%'");
    run(db, "DELETE FROM outbox WHERE event_id LIKE 'ret%'");
    run(db, "INSERT INTO idempotency_keys (office_code, principal, idem_key, request_hash, state, "
            "started_at) VALUES "
            "('532822', 'ret', 'ret-old', REPEAT('a', 32), 'done', NOW(3) - INTERVAL 25 HOUR), "
            "('532822', 'ret', 'ret-running-old', REPEAT('a', 32), 'running', NOW(3) - INTERVAL 25 HOUR), "
            "('532822', 'ret', 'ret-new', REPEAT('a', 32), 'done', NOW(3) - INTERVAL 23 HOUR)");
    run(db, "INSERT INTO refresh_tokens (token_hash, family, account_id, office_code, expires_at) VALUES "
            "(REPEAT('o', 32), REPEAT('f', 16), 1, '532822', NOW(3) - INTERVAL 1 MINUTE), "
            "(REPEAT('n', 32), REPEAT('f', 16), 1, '532822', NOW(3) + INTERVAL 1 DAY)");
    run(db, "INSERT INTO revoked_tokens (jti, expires_at) VALUES ('ret-old', NOW(3) - INTERVAL 1 HOUR), "
            "('ret-skew', NOW(3) - INTERVAL 5 SECOND), ('ret-new', NOW(3) + INTERVAL 10 MINUTE)");
    run(db, "INSERT INTO login_throttle (k, window_start, failures) VALUES ('ret:old', NOW(3) - INTERVAL 2 "
            "DAY, 3), "
            "('ret:new', NOW(3), 3)");
    run(db, "INSERT INTO webhooks (office_code, url, secret_enc, events, created_by) VALUES ('532822', "
            "'https://ret.example/hook', 'x', 'activity.scheduled', 'ret')");
    /* e1: old, delivered long ago (both go); e2: old, one delivery still pending (kept);
     * e3: old, dead long past its deadline (both go); e4: delivered yesterday (kept);
     * e5: old, never had a delivery (goes) */
    run(db, "INSERT INTO outbox (office_code, event_id, type, payload, created_at) VALUES "
            "('532822', 'ret1', 'activity.scheduled', '{}', NOW(3) - INTERVAL 40 DAY), "
            "('532822', 'ret2', 'activity.scheduled', '{}', NOW(3) - INTERVAL 40 DAY), "
            "('532822', 'ret3', 'activity.scheduled', '{}', NOW(3) - INTERVAL 40 DAY), "
            "('532822', 'ret4', 'activity.scheduled', '{}', NOW(3) - INTERVAL 1 DAY), "
            "('532822', 'ret5', 'activity.scheduled', '{}', NOW(3) - INTERVAL 40 DAY)");
    run(db,
        "INSERT INTO deliveries (outbox_id, webhook_id, office_code, state, deadline, delivered_at, "
        "last_error) "
        "SELECT o.id, (SELECT MAX(id) FROM webhooks WHERE created_by = 'ret'), '532822', "
        "CASE o.event_id WHEN 'ret2' THEN 'pending' WHEN 'ret3' THEN 'dead' ELSE 'delivered' END, "
        "CASE o.event_id WHEN 'ret2' THEN NOW(3) + INTERVAL 1 DAY ELSE o.created_at + INTERVAL 1 DAY END, "
        "CASE o.event_id WHEN 'ret1' THEN NOW(3) - INTERVAL 39 DAY WHEN 'ret4' THEN NOW(3) - INTERVAL 1 DAY "
        "END, "
        "CONCAT('ret-', o.event_id) FROM outbox o WHERE o.event_id IN ('ret1', 'ret2', 'ret3', 'ret4')");
    run(db, "INSERT IGNORE INTO outbox_daily (office_code, kind, day) VALUES "
            "('532822', 'ret', CURRENT_DATE() - INTERVAL 60 DAY), ('532822', 'ret', CURRENT_DATE())");
}

static void deletes_only_what_is_past_its_age(void **s)
{
    (void)s;
    struct db *db = open_conn();
    struct retention_counts c;
    make_rows(db);
    assert_int_equal(retention_run(db, &itest_cfg, &c), YH_OK);
    assert_true(c.idempotency >= 2);
    assert_true(c.refresh >= 1);
    assert_true(c.revoked >= 1);
    assert_true(c.throttle >= 1);
    assert_true(c.deliveries >= 2);
    assert_true(c.outbox >= 3);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM idempotency_keys WHERE principal = 'ret'"), 1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'ret-new'"), 1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = REPEAT('o', 32)"), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = REPEAT('n', 32)"), 1);
    /* a token a few seconds past its expiry is still within the clock skew: kept */
    assert_int_equal(count(db, "SELECT COUNT(*) FROM revoked_tokens WHERE jti LIKE 'ret-%'"), 2);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM revoked_tokens WHERE jti = 'ret-old'"), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM login_throttle WHERE k LIKE 'ret:%'"), 1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM login_throttle WHERE k = 'ret:new'"), 1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM outbox WHERE event_id IN ('ret2', 'ret4')"), 2);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM outbox WHERE event_id IN ('ret1', 'ret3', 'ret5')"), 0);
    assert_int_equal(
        count(db, "SELECT COUNT(*) FROM deliveries WHERE last_error IN ('ret-ret2', 'ret-ret4')"), 2);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM deliveries WHERE last_error LIKE 'ret-%'"), 2);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM outbox_daily WHERE kind = 'ret'"), 1);
    /* a second run finds nothing more of these */
    assert_int_equal(retention_run(db, &itest_cfg, &c), YH_OK);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM idempotency_keys WHERE principal = 'ret'"), 1);
    run(db, "DELETE FROM deliveries WHERE last_error LIKE 'ret-%'");
    run(db, "DELETE FROM outbox WHERE event_id LIKE 'ret%'");
    run(db, "DELETE FROM webhooks WHERE created_by = 'ret'");
    run(db, "DELETE FROM idempotency_keys WHERE principal = 'ret'");
    run(db, "DELETE FROM refresh_tokens WHERE family = REPEAT('f', 16)");
    run(db, "DELETE FROM revoked_tokens WHERE jti LIKE 'ret-%'");
    run(db, "DELETE FROM login_throttle WHERE k LIKE 'ret:%'");
    run(db, "DELETE FROM outbox_daily WHERE kind = 'ret'");
    db_close(db);
}

/* A run reads what is past its age and little else (sql/0061): with 4,000 fresh rows in
 * each table it prunes by a time (the outbox, login_throttle, delivered deliveries, the
 * daily markers), a run that deletes nothing reads far fewer than one table's rows. A
 * statement that scanned its table (the last batch of each, which finds fewer than its
 * LIMIT, always did) reads them all, and under REPEATABLE READ locks them meanwhile. */
static void reads_only_what_it_deletes(void **s)
{
    (void)s;
    enum { N = 4000 };
    struct db *db = open_conn();
    struct retention_counts c;
    char sql[1024];
    run(db, "INSERT INTO webhooks (office_code, url, secret_enc, events, created_by) VALUES ('532822', "
            "'https://ret.example/hook', 'x', 'activity.scheduled', 'scan')");
    snprintf(sql, sizeof(sql),
             "INSERT INTO outbox (office_code, event_id, type, payload) SELECT '532822', CONCAT('scan', seq), "
             "'activity.scheduled', '{}' FROM seq_1_to_%d",
             N);
    run(db, sql);
    run(db, "INSERT INTO deliveries (outbox_id, webhook_id, office_code, state, deadline, delivered_at, "
            "last_error) SELECT o.id, (SELECT MAX(id) FROM webhooks WHERE created_by = 'scan'), '532822', "
            "'delivered', NOW(3) + INTERVAL 1 DAY, NOW(3), 'scan' FROM outbox o WHERE o.event_id LIKE 'scan%'");
    snprintf(sql, sizeof(sql),
             "INSERT INTO login_throttle (k, window_start, failures) SELECT CONCAT('scan:', seq), NOW(3), 1 "
             "FROM seq_1_to_%d",
             N);
    run(db, sql);
    snprintf(sql, sizeof(sql),
             "INSERT INTO outbox_daily (office_code, kind, day) SELECT '532822', CONCAT('scan', seq DIV 20), "
             "CURRENT_DATE() - INTERVAL (seq MOD 20) DAY FROM seq_0_to_%d",
             N - 1);
    run(db, sql);
    run(db, "ANALYZE TABLE outbox, deliveries, login_throttle, outbox_daily");
    long long before = session_rows_read(db);
    assert_int_equal(retention_run(db, &itest_cfg, &c), YH_OK);
    long long read = session_rows_read(db) - before;
    assert_int_equal(count(db, "SELECT COUNT(*) FROM outbox WHERE event_id LIKE 'scan%'"), N);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM login_throttle WHERE k LIKE 'scan:%'"), N);
    if (read >= N / 2) {
        fail_msg("a run that deleted nothing of them read %lld rows (%d fresh rows a table)", read, N);
    }
    run(db, "DELETE FROM deliveries WHERE last_error = 'scan'");
    run(db, "DELETE FROM outbox WHERE event_id LIKE 'scan%'");
    run(db, "DELETE FROM webhooks WHERE created_by = 'scan'");
    run(db, "DELETE FROM login_throttle WHERE k LIKE 'scan:%'");
    run(db, "DELETE FROM outbox_daily WHERE kind LIKE 'scan%'");
    db_close(db);
}

/* A paused webhook holds its deliveries until their deadline, then they are dead letters
 * like any other: so the rows every worker reads at each poll do not grow for as long as
 * a hook stays paused. An active hook's delivery past its deadline is the worker's to
 * expire when it claims it (with its attempt recorded), not the job's. */
static void paused_hooks_deliveries_dead_lettered_at_their_deadline(void **s)
{
    (void)s;
    struct db *db = open_conn();
    struct retention_counts c;
    run(db, "INSERT INTO webhooks (office_code, url, secret_enc, events, created_by, active) VALUES "
            "('532822', 'https://paused.example/hook', 'x', 'activity.scheduled', 'retp', 0), "
            "('532822', 'https://live.example/hook', 'x', 'activity.scheduled', 'retl', 1)");
    run(db, "INSERT INTO outbox (office_code, event_id, type, payload) VALUES "
            "('532822', 'retp1', 'activity.scheduled', '{}'), ('532822', 'retp2', 'activity.scheduled', '{}'), "
            "('532822', 'retp3', 'activity.scheduled', '{}')");
    /* retp1: the paused hook's, past its deadline; retp2: the paused hook's, before it;
     * retp3: the active hook's, past its deadline */
    run(db, "INSERT INTO deliveries (outbox_id, webhook_id, office_code, state, deadline) SELECT o.id, "
            "(SELECT MAX(id) FROM webhooks WHERE created_by = IF(o.event_id = 'retp3', 'retl', 'retp')), "
            "'532822', 'pending', IF(o.event_id = 'retp2', NOW(3) + INTERVAL 1 HOUR, NOW(3) - INTERVAL 1 "
            "HOUR) FROM outbox o WHERE o.event_id IN ('retp1', 'retp2', 'retp3')");
    assert_int_equal(retention_run(db, &itest_cfg, &c), YH_OK);
    assert_true(c.held >= 1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE "
                               "o.event_id = 'retp1' AND d.state = 'dead' AND d.last_error LIKE 'deadline "
                               "passed%'"),
                     1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE "
                               "o.event_id IN ('retp2', 'retp3') AND d.state = 'pending'"),
                     2);
    run(db, "DELETE d FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE o.event_id LIKE 'retp%'");
    run(db, "DELETE FROM outbox WHERE event_id LIKE 'retp%'");
    run(db, "DELETE FROM webhooks WHERE created_by IN ('retp', 'retl')");
    db_close(db);
}

/* While another connection (another process's job) holds the lock, a run deletes
 * nothing and says so; once it is released the run goes ahead. */
static void one_run_at_a_time(void **s)
{
    (void)s;
    struct db *holder = open_conn(), *db = open_conn();
    struct db_rows rows;
    struct retention_counts c;
    run(db, "INSERT INTO login_throttle (k, window_start, failures) VALUES ('ret:lock', NOW(3) - INTERVAL 2 "
            "DAY, 1)");
    assert_int_equal(db_exec(holder, "SELECT GET_LOCK('yinhui.retention', 5)", NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    assert_int_equal(db_i64(&rows, 0, 0), 1);
    db_rows_free(&rows);
    assert_int_equal(retention_run(db, &itest_cfg, &c), YH_ERR_CONFLICT);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM login_throttle WHERE k = 'ret:lock'"), 1);
    assert_int_equal(db_exec(holder, "SELECT RELEASE_LOCK('yinhui.retention')", NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    db_rows_free(&rows);
    assert_int_equal(retention_run(db, &itest_cfg, &c), YH_OK);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM login_throttle WHERE k = 'ret:lock'"), 0);
    /* the lock is given back after each run: the other connection gets it at once */
    assert_int_equal(db_exec(holder, "SELECT GET_LOCK('yinhui.retention', 0)", NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    assert_int_equal(db_i64(&rows, 0, 0), 1);
    db_rows_free(&rows);
    db_close(holder);
    db_close(db);
}

/* `yinhui retention` runs the same job once and reports what it deleted. */
static void cli_runs_it(void **s)
{
    (void)s;
    struct db *db = open_conn();
    run(db, "INSERT INTO login_throttle (k, window_start, failures) VALUES ('ret:cli', NOW(3) - INTERVAL 2 "
            "DAY, 1)");
    FILE *f = popen("\"${YH_BIN:-build/yinhui}\" retention", "r");
    char line[512] = "";
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof(line), f));
    assert_int_equal(pclose(f), 0);
    assert_non_null(strstr(line, "throttle rows"));
    assert_int_equal(count(db, "SELECT COUNT(*) FROM login_throttle WHERE k = 'ret:cli'"), 0);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deletes_only_what_is_past_its_age),
        cmocka_unit_test(reads_only_what_it_deletes),
        cmocka_unit_test(paused_hooks_deliveries_dead_lettered_at_their_deadline),
        cmocka_unit_test(one_run_at_a_time),
        cmocka_unit_test(cli_runs_it),
    };
    return cmocka_run_group_tests_name("integration: retention job", tests, itest_config_setup, NULL);
}
