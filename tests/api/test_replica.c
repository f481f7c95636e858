/* Reads on a MariaDB replica (issue 19), against a real primary and replica replicating
 * with GTID (scripts/replica.sh, on free ports under build/replica-pair) and a Redis of
 * this file's own (other files' servers leave cache keys for the same office codes in the
 * shared one). Offices 532801 (A) and 532822 (B) exist only in this pair's database.
 * - routing: members lists, statistics and volunteer reports are read on the replica (a row changed on the
 *   primary behind replication's back is still the old one there), a write and a single
 *   record's read on the primary;
 * - read-your-writes with the replica's SQL thread stopped: A's write is in A's next list
 *   (the GTID wait times out: the primary), B's list still comes from the replica; the
 *   write's GTID reaches Redis before the invalidation (MONITOR's order);
 * - the replica killed during a loop of reads: no request fails, reads on the primary;
 *   started again: reads return to it;
 * - replication stopped past YH_DB_REPLICA_MAX_LAG_MS: reads on the primary, then back. */
#include "support.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/util.h"

#define A "532801"
#define B "532822"
#define REPLICA_READS "yinhui_db_reads_total{target=\"replica\"}"
#define PRIMARY(why) "yinhui_db_reads_total{target=\"primary\",reason=\"" why "\"}"
#define UP "yinhui_db_replica_up"

static char dir[512];  /* the pair's folder */
static char rport[16]; /* this file's Redis */
static char tok_a[2048], tok_b[2048];
static pid_t server;
static char base[64];

/* Runs a shell command with the pair's settings exported (asserted to exit 0). */
static void sh(const char *fmt, const char *arg)
{
    char cmd[2048], body[1400];
    snprintf(body, sizeof(body), fmt, arg ? arg : "");
    snprintf(cmd, sizeof(cmd),
             "set -e; D='%s'; eval \"$(scripts/replica.sh env \"$D\")\"; export YH_DB_NAME=yinhui_replica "
             "YH_REDIS_PORT=%s; %s",
             dir, rport, body);
    if (system(cmd) != 0) {
        fail_msg("failed: %s", body);
    }
}

static void sql_on(const char *server_name, const char *sql)
{
    char body[1200];
    snprintf(body, sizeof(body), "scripts/replica.sh sql \"$D\" %s yinhui_replica -e \"%s\"", server_name,
             sql);
    sh("%s", body);
}

/* The pair, its database (migrated, offices A and B with their admins) and a Redis. */
static void pair_up(void)
{
    char bin[512], out[64];
    snprintf(bin, sizeof(bin), "%s", getenv("YH_BIN") ? getenv("YH_BIN") : "build/yinhui");
    snprintf(dir, sizeof(dir), "%s/replica-pair", dirname(bin));
    sh("mkdir -p build/test-logs%s", NULL);
    snprintf(rport, sizeof(rport), "%d", free_port());
    snprintf(out, sizeof(out), "%d %d", free_port(), free_port());
    sh("scripts/replica.sh destroy \"$D\"; scripts/replica.sh start \"$D\" %s", out);
    sh("printf 'requirepass %%s\\n' \"$YH_REDIS_PASSWORD\" | redis-server - --bind 127.0.0.1 --port "
       "\"$YH_REDIS_PORT\" --save '' --appendonly no --daemonize yes --pidfile \"$D/redis.pid\" --logfile "
       "\"$D/redis.log\"; for i in $(seq 100); do redis-cli -p \"$YH_REDIS_PORT\" ping 2>/dev/null | grep -q "
       "PONG && break; sleep 0.05; done%s",
       NULL);
    sh("scripts/replica.sh sql \"$D\" primary -e 'CREATE DATABASE yinhui_replica CHARACTER SET utf8mb4 "
       "COLLATE "
       "utf8mb4_unicode_ci' && \"$YH_BIN\" migrate >/dev/null%s",
       NULL);
    sh("\"$YH_BIN\" office add 530000 省 >/dev/null && \"$YH_BIN\" office add 532800 州 530000 >/dev/null && "
       "for o in 532801 532822; do \"$YH_BIN\" office add $o 县$o 532800 >/dev/null && "
       "YH_NEW_PASSWORD=demo-$o-pass \"$YH_BIN\" account add $o admin admin 管理员 >/dev/null; done%s",
       NULL);
}

/* Starts the service on the pair with extra settings (NULL-terminated, at most 4). */
static void service_up(const char *const *extra, const char *log)
{
    static char env[16][256];
    const char *list[17];
    FILE *p = NULL;
    char cmd[700];
    size_t n = 0;
    snprintf(cmd, sizeof(cmd),
             "scripts/replica.sh env '%s' | sed 's/^export //' | tr ' ' '\\n' | tr -d \"'\"", dir);
    p = popen(cmd, "r");
    assert_non_null(p);
    while (n < 8 && fgets(env[n], sizeof(env[n]), p) != NULL) {
        env[n][strcspn(env[n], "\n")] = '\0';
        list[n] = env[n];
        n++;
    }
    pclose(p);
    snprintf(env[n], sizeof(env[n]), "YH_REDIS_PORT=%s", rport);
    list[n] = env[n];
    n++;
    list[n++] = "YH_DB_NAME=yinhui_replica";
    for (size_t i = 0; extra[i] != NULL; i++) {
        list[n++] = extra[i];
    }
    list[n] = NULL;
    server = server_start(list, base, sizeof(base), log);
    api_on(base);
    for (int i = 0; i < 600 && server_metric(base, UP) != 1; i++) {
        usleep(50 * 1000); /* the monitor's first probes find it current */
    }
    login(A, "admin", "demo-532801-pass", tok_a, sizeof(tok_a), NULL, 0);
    login(B, "admin", "demo-532822-pass", tok_b, sizeof(tok_b), NULL, 0);
}

static int setup(void **state)
{
    (void)state;
    const char *const extra[] = {"YH_DB_REPLICA_MAX_LAG_MS=60000", NULL};
    pair_up();
    service_up(extra, "build/test-logs/replica.log");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (server > 0) {
        server_stop(server);
    }
    sh("kill \"$(cat \"$D/redis.pid\")\" 2>/dev/null; scripts/replica.sh destroy \"$D\"%s", NULL);
    return 0;
}

static long long metric(const char *name)
{
    return server_metric(base, name);
}

/* Waits (at most ~30 s: a loaded machine restarts MariaDB slowly) until the monitor finds
 * the replica current. */
static void wait_up(void)
{
    for (int i = 0; i < 600 && metric(UP) != 1; i++) {
        usleep(50 * 1000);
    }
    assert_int_equal(metric(UP), 1);
}

/* GETs path as token (200 asserted) and says whether the body holds needle. */
static bool get_has(const char *path, const char *token, const char *needle)
{
    struct http_res r;
    long st = jreq("GET", path, token, NULL, &r);
    if (st != 200) {
        fprintf(stderr, "GET %s: %ld %s\n", path, st, r.body);
    }
    assert_int_equal(st, 200);
    bool has = needle != NULL && strstr(r.body, needle) != NULL;
    http_free(&r);
    return has;
}

static void member_in(const char *token, const char *name, unsigned seq, char *id, size_t n)
{
    char idno[19];
    idno_seq(idno, "532801", "1950", seq);
    member_create(token, name, idno, "retired", "", id, n);
}

/* Lists and statistics are read on the replica; a write and a record's read on the primary. */
static void routing(void **state)
{
    (void)state;
    char id[24], path[64];
    member_in(tok_a, "路由甲", 1, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    /* the replica applies the write (its GTID wait may take a moment), then serves the list */
    long long rep = metric(REPLICA_READS);
    for (int i = 1; i <= 100 && metric(REPLICA_READS) == rep; i++) {
        char list[64];
        snprintf(list, sizeof(list), "/v1/members?limit=%d", i);
        assert_true(get_has(list, tok_a, "路由甲"));
    }
    assert_true(metric(REPLICA_READS) > rep);
    /* proof the list came from the replica: a rename made on the primary behind
     * replication's back (no write position in Redis) is not in it */
    sql_on("replica", "STOP SLAVE SQL_THREAD");
    char upd[128];
    snprintf(upd, sizeof(upd), "UPDATE members SET name = '改了名' WHERE id = %s", id);
    sql_on("primary", upd);
    rep = metric(REPLICA_READS);
    assert_true(get_has("/v1/members?limit=99", tok_a, "路由甲"));
    assert_int_equal(metric(REPLICA_READS), rep + 1);
    /* the record's read is on the primary: it sees the rename; no stale-tolerant read counted */
    assert_true(get_has(path, tok_a, "改了名"));
    assert_int_equal(metric(REPLICA_READS), rep + 1);
    /* statistics too */
    get_has("/v1/stats/overview", tok_a, NULL);
    assert_int_equal(metric(REPLICA_READS), rep + 2);
    /* and the volunteers' leaderboard and reports */
    get_has("/v1/volunteer-leaderboard", tok_a, NULL);
    get_has("/v1/volunteer-reports", tok_a, NULL);
    assert_int_equal(metric(REPLICA_READS), rep + 4);
    sql_on("replica", "START SLAVE SQL_THREAD");
}

/* The write's GTID reaches Redis before the office's generation is bumped: in MONITOR's
 * order, the EVAL that sets yh:wpos:<A> comes before INCR yh:g:<A>. */
static void position_before_invalidation(const char *monitor_log)
{
    char out[64], cmd[2048];
    snprintf(
        cmd, sizeof(cmd),
        "grep -n -m1 'yh:wpos:%s' '%s' | cut -d: -f1; grep -n -m1 '\"INCR\" \"yh:g:%s\"' '%s' | cut -d: -f1",
        A, monitor_log, A, monitor_log);
    run_cmd(cmd, out, sizeof(out));
    long wpos = strtol(out, NULL, 10);
    char *nl = strchr(out, '\n');
    long incr = nl ? strtol(nl + 1, NULL, 10) : 0;
    if (!(wpos > 0 && incr > 0 && wpos < incr)) {
        fail_msg("write position at line %ld, invalidation at line %ld of %s", wpos, incr, monitor_log);
    }
}

/* With the replica's SQL thread stopped: A's write is in A's next read (the GTID wait
 * times out: the primary), B's reads stay on the replica; started again, A's reads return. */
static void read_your_writes(void **state)
{
    (void)state;
    char id[24], mon[600];
    snprintf(mon, sizeof(mon), "%s/monitor.log", dir);
    sql_on("replica", "STOP SLAVE SQL_THREAD");
    sh("(redis-cli -p \"$YH_REDIS_PORT\" monitor > \"$D/monitor.log\" 2>&1 & echo $! > \"$D/monitor.pid\"); "
       "sleep 0.2%s",
       NULL);
    member_in(tok_a, "写后读乙", 2, id, sizeof(id));
    sh("sleep 0.2; kill \"$(cat \"$D/monitor.pid\")\"%s", NULL);
    position_before_invalidation(mon);

    long long gw = metric(PRIMARY("gtid_wait")), rep = metric(REPLICA_READS);
    assert_true(get_has("/v1/members?limit=50", tok_a, "写后读乙"));
    assert_int_equal(metric(PRIMARY("gtid_wait")), gw + 1);
    assert_int_equal(metric(REPLICA_READS), rep);
    /* another office has no write waiting: the replica */
    assert_false(get_has("/v1/members?limit=50", tok_b, "写后读乙"));
    assert_int_equal(metric(REPLICA_READS), rep + 1);

    sql_on("replica", "START SLAVE SQL_THREAD");
    rep = metric(REPLICA_READS);
    for (int i = 51; i <= 100 && metric(REPLICA_READS) == rep; i++) {
        char list[64];
        snprintf(list, sizeof(list), "/v1/members?limit=%d", i);
        assert_true(get_has(list, tok_a, "写后读乙"));
    }
    assert_true(metric(REPLICA_READS) > rep);
}

/* Reads of B's list until the replica serves one again (at most ~15 s); each must succeed. */
static void until_replica_serves(void)
{
    long long rep = metric(REPLICA_READS);
    for (int i = 0; i < 300 && metric(REPLICA_READS) == rep; i++) {
        get_has("/v1/members?limit=10", tok_b, NULL);
        usleep(50 * 1000);
    }
    assert_true(metric(REPLICA_READS) > rep);
}

/* The replica killed while reads run: none fails, they go to the primary; started
 * again, they return to it. (This server caches nothing: every read asks req_read_db.) */
static void failover(void **state)
{
    (void)state;
    const char *const extra[] = {"YH_CACHE=0", "YH_DB_REPLICA_MAX_LAG_MS=3000", "YH_DB_REPLICA_RETRY_MS=300",
                                 NULL};
    server_stop(server);
    sql_on("replica", "START SLAVE SQL_THREAD"); /* (running already, unless a test above failed) */
    service_up(extra, "build/test-logs/replica-failover.log");
    until_replica_serves();
    long long down = metric(PRIMARY("down")) + metric(PRIMARY("failover"));
    for (int i = 0; i < 60; i++) {
        if (i == 20) {
            sh("scripts/replica.sh kill \"$D\" replica%s", NULL);
        }
        get_has("/v1/members?limit=10", tok_b, NULL); /* a 200 asserted */
    }
    assert_true(metric(PRIMARY("down")) + metric(PRIMARY("failover")) > down);
    assert_int_equal(metric(UP), 0);
    long long rep = metric(REPLICA_READS);
    get_has("/v1/members?limit=10", tok_b, NULL);
    assert_int_equal(metric(REPLICA_READS), rep);
    sh("scripts/replica.sh up \"$D\" replica%s", NULL);
    wait_up();
    until_replica_serves();
}

/* Replication stopped past YH_DB_REPLICA_MAX_LAG_MS (3 s here): reads go to the primary;
 * started again, back to the replica. */
static void lagging(void **state)
{
    (void)state;
    sql_on("replica", "STOP SLAVE SQL_THREAD");
    for (int i = 0; i < 400 && metric(UP) == 1; i++) {
        usleep(50 * 1000);
    }
    assert_int_equal(metric(UP), 0);
    long long lag = metric(PRIMARY("lagging")), rep = metric(REPLICA_READS);
    get_has("/v1/members?limit=10", tok_b, NULL);
    assert_int_equal(metric(PRIMARY("lagging")), lag + 1);
    assert_int_equal(metric(REPLICA_READS), rep);
    assert_true(metric("yinhui_db_replica_lag_seconds") >= 3); /* (its whole seconds) */
    sql_on("replica", "START SLAVE SQL_THREAD");
    wait_up();
    until_replica_serves();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(routing),
        cmocka_unit_test(read_your_writes),
        cmocka_unit_test(failover),
        cmocka_unit_test(lagging),
    };
    return cmocka_run_group_tests_name("api: reads on a MariaDB replica", tests, setup, teardown);
}
