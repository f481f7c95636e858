/* Store, migrations and cache against the real MariaDB and Redis the scripts start. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/migrate.h"
#include "yinhui/offices_db.h"

static struct db *open_db(const char *name)
{
    struct config c = itest_cfg;
    enum yh_err err;
    snprintf(c.db_name, sizeof(c.db_name), "%s", name);
    static struct config keep[8];
    static int nk;
    keep[nk % 8] = c;
    struct db *db = db_open(&keep[nk++ % 8], &err);
    assert_non_null(db);
    return db;
}

static void sh(const char *cmd)
{
    assert_int_equal(system(cmd), 0);
}

/* Migrations in sql/: what a fresh database records. */
static int64_t n_migrations(void)
{
    FILE *f = popen("ls sql/[0-9][0-9][0-9][0-9]_*.sql | wc -l", "r");
    int n = 0;
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%d", &n), 1);
    pclose(f);
    return n;
}

static void migrations_fresh_rerun_and_edited(void **s)
{
    (void)s;
    char msg[512];
    struct db *admin = open_db("yinhui_test");
    struct db_rows rows;
    char dir[64], cmd[256];
    /* a folder of this process: other checkouts may run their tests at the same time */
    snprintf(dir, sizeof(dir), "/tmp/yh-mig-%ld", (long)getpid());
    snprintf(cmd, sizeof(cmd), "rm -rf %s && mkdir -p %s && cp sql/*.sql %s/", dir, dir, dir);
    sh(cmd);
    assert_int_equal(db_script(admin, "DROP DATABASE IF EXISTS yinhui_mig; CREATE DATABASE yinhui_mig", 62,
                               msg, sizeof(msg)),
                     YH_OK);
    struct db *db = open_db("yinhui_mig");
    assert_int_equal(migrate_run(db, dir, msg, sizeof(msg)), 0);
    assert_int_equal(migrate_run(db, dir, msg, sizeof(msg)), 0); /* re-run: nothing */
    assert_int_equal(db_exec(db, "SELECT COUNT(*) FROM schema_migrations", NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    assert_int_equal(db_i64(&rows, 0, 0), n_migrations());
    db_rows_free(&rows);
    /* a new migration applies; an edited landed one stops the start */
    snprintf(cmd, sizeof(cmd), "printf 'CREATE TABLE t_extra (id INT PRIMARY KEY);\\n' > %s/9999_extra.sql",
             dir);
    sh(cmd);
    assert_int_equal(migrate_run(db, dir, msg, sizeof(msg)), 0);
    snprintf(cmd, sizeof(cmd), "printf '\\n-- edited\\n' >> %s/9999_extra.sql", dir);
    sh(cmd);
    assert_int_equal(migrate_run(db, dir, msg, sizeof(msg)), -1);
    assert_non_null(strstr(msg, "9999_extra.sql"));
    assert_non_null(strstr(msg, "changed"));
    db_close(db);
    db_close(admin);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    sh(cmd);
}

static void migrations_concurrent_start(void **s)
{
    (void)s;
    char msg[512];
    struct db *admin = open_db("yinhui_test");
    struct db_rows rows;
    assert_int_equal(db_script(admin, "DROP DATABASE IF EXISTS yinhui_mig2; CREATE DATABASE yinhui_mig2", 64,
                               msg, sizeof(msg)),
                     YH_OK);
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            struct config c = itest_cfg;
            enum yh_err err;
            snprintf(c.db_name, sizeof(c.db_name), "yinhui_mig2");
            struct db *db = db_open(&c, &err);
            _exit(db != NULL && migrate_run(db, "sql", msg, sizeof(msg)) == 0 ? 0 : 1);
        }
    }
    for (int i = 0; i < 4; i++) {
        int st = 0;
        waitpid(kids[i], &st, 0);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    struct db *db = open_db("yinhui_mig2");
    assert_int_equal(db_exec(db, "SELECT COUNT(*) FROM schema_migrations", NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    assert_int_equal(db_i64(&rows, 0, 0), n_migrations());
    db_rows_free(&rows);
    db_close(db);
    db_close(admin);
}

static void offices_scoped_by_prefix(void **s)
{
    (void)s;
    struct db *db = open_db("yinhui_test");
    struct office o;
    assert_int_equal(offices_db_get(db, "530000", "532801", &o), YH_OK);
    assert_string_equal(o.name, "景洪市委老干部局");
    assert_int_equal(offices_db_get(db, "532822", "532801", &o), YH_ERR_NOT_FOUND);
    assert_int_equal(offices_db_get(db, "440000", "532801", &o), YH_ERR_NOT_FOUND);
    assert_int_equal(offices_db_update(db, "532822", "532801", 1, "x", -1, -1, -1, -1, -1, -1),
                     YH_ERR_NOT_FOUND);
    assert_int_equal(offices_db_create(db, "532801", "532800", "dup", "county"), YH_ERR_CONFLICT);
    db_close(db);
}

static void db_reconnects_after_restart(void **s)
{
    (void)s;
    struct db *db = open_db("yinhui_test");
    struct office o;
    assert_int_equal(offices_db_get(db, "530000", "532801", &o), YH_OK);
    sh("scripts/services.sh stop >/dev/null && YH_PRIVATE=1 scripts/services.sh start");
    /* the old connection is gone; the next call reconnects, re-prepares and succeeds */
    assert_int_equal(offices_db_get(db, "530000", "532801", &o), YH_OK);
    db_close(db);
}

static void cache_generation_invalidates(void **s)
{
    (void)s;
    struct cache *c = cache_open(&itest_cfg);
    struct cache_stamp st, st2;
    char *val = NULL;
    size_t len;
    char office[1][7] = {"532801"};
    assert_int_equal(cache_get(c, "532801", "t:1", NULL, &val, &len, &st, NULL), YH_OK);
    assert_null(val);
    assert_int_equal(cache_put(c, "532801", "t:1", &st, "{\"v\":1}", 7, 60), YH_OK);
    assert_int_equal(cache_get(c, "532801", "t:1", NULL, &val, &len, &st2, NULL), YH_OK);
    assert_non_null(val);
    assert_string_equal(val, "{\"v\":1}");
    free(val);
    assert_int_equal(cache_bump(c, office, 1), YH_OK);
    assert_int_equal(cache_get(c, "532801", "t:1", NULL, &val, &len, &st2, NULL), YH_OK);
    assert_null(val);
    /* a value stored under the old generation is never served */
    assert_int_equal(cache_put(c, "532801", "t:1", &st, "{\"v\":0}", 7, 60), YH_OK);
    assert_int_equal(cache_get(c, "532801", "t:1", NULL, &val, &len, &st2, NULL), YH_OK);
    assert_null(val);
    cache_close(c);
}

/* A put does not wait for Redis's answer (the response carrying the value is not held a
 * round trip for it): with Redis pausing writes, it returns while its SET waits (another
 * connection does not see the value yet); the next call on the connection reads the
 * answer first, then finds the value. An error answer fails that next call, as any error
 * does. (The integration tests run one at a time: the pause holds no one else's writes.) */
static void cache_put_does_not_wait(void **s)
{
    (void)s;
    static struct config patient;
    patient = itest_cfg;
    patient.redis_timeout_ms = 5000; /* outlasts the pause */
    struct cache *c = cache_open(&patient), *other = cache_open(&itest_cfg);
    struct cache_stamp st, st2;
    char *val = NULL;
    size_t len;
    assert_int_equal(cache_get(c, "532801", "t:3", NULL, &val, &len, &st, NULL), YH_OK);
    assert_null(val);
    sh("redis-cli -p \"$YH_REDIS_PORT\" client pause 1000 write >/dev/null");
    assert_int_equal(cache_put(c, "532801", "t:3", &st, "{\"v\":3}", 7, 60), YH_OK);
    assert_int_equal(cache_get(other, "532801", "t:3", NULL, &val, &len, &st2, NULL), YH_OK);
    assert_null(val); /* the SET has not run yet */
    assert_int_equal(cache_get(c, "532801", "t:3", NULL, &val, &len, &st2, NULL), YH_OK);
    assert_non_null(val);
    assert_string_equal(val, "{\"v\":3}");
    free(val);
    assert_int_equal(cache_put(c, "532801", "t:3", &st, "x", 1, 0), YH_OK); /* EX 0: refused */
    assert_int_equal(cache_get(c, "532801", "t:3", NULL, &val, &len, &st2, NULL), YH_ERR_UNAVAILABLE);
    cache_close(c);
    cache_close(other);
}

/* The integer a redis-cli command prints. */
static long long redis_int(const char *cmd)
{
    char line[128];
    snprintf(line, sizeof(line), "redis-cli -p \"$YH_REDIS_PORT\" %s", cmd);
    FILE *f = popen(line, "r");
    long long v = -1;
    assert_non_null(f);
    if (fscanf(f, "%lld", &v) != 1) {
        v = 0; /* an empty answer: a key not set */
    }
    pclose(f);
    return v;
}

/* Closes every plain Redis connection (ours included; not the trackers', which are pubsub). */
static void kill_plain_connections(void)
{
    sh("redis-cli -p \"$YH_REDIS_PORT\" client kill type normal >/dev/null");
}

/* A connection killed under a write (every plain connection: CLIENT KILL TYPE normal): the
 * invalidation is made at once on a new connection — the epoch bumped, which every other
 * process hears — not at this connection's next call, however late; a denylist entry is
 * written likewise; and so is an invalidation after a read found the connection broken. */
static void invalidation_survives_a_killed_connection(void **s)
{
    (void)s;
    struct cache *c = cache_open(&itest_cfg);
    struct cache_stamp st;
    char *val = NULL;
    size_t len;
    char office[1][7] = {"532801"};
    assert_int_equal(cache_get(c, "532801", "t:4", NULL, &val, &len, &st, NULL), YH_OK);
    free(val);
    long long epoch = redis_int("GET yh:epoch");
    kill_plain_connections();
    assert_int_equal(cache_bump(c, office, 1), YH_OK);
    assert_true(redis_int("GET yh:epoch") > epoch);
    kill_plain_connections();
    assert_int_equal(cache_set_px(c, "yh:deny:killed-connection-test", "1", 60000), YH_OK);
    assert_int_equal(redis_int("EXISTS yh:deny:killed-connection-test"), 1);
    /* the connection found broken by an earlier command of the thread (a request's read),
     * not by the write's own: the invalidation still goes out at once */
    kill_plain_connections();
    assert_int_equal(cache_get(c, "532801", "t:4", NULL, &val, &len, &st, NULL), YH_ERR_UNAVAILABLE);
    epoch = redis_int("GET yh:epoch");
    assert_int_equal(cache_bump(c, office, 1), YH_OK);
    assert_true(redis_int("GET yh:epoch") > epoch);
    cache_close(c);
}

/* A request that invalidates more offices than it has room for (three counties and their
 * prefectures and provinces: nine, against INVALIDATE_MAX 8) drops none of them: the
 * epoch goes too, so every cached read is retired; one with room leaves the epoch alone. */
static void invalidations_beyond_room_retire_everything(void **s)
{
    (void)s;
    struct app app = {.cfg = itest_cfg};
    struct req r = {.app = &app, .method = "POST", .status = 200};
    r.cache = cache_open(&itest_cfg);
    req_invalidate(&r, "532801");
    req_invalidate(&r, "440104");
    assert_int_equal(r.ninvalidate, 6);
    assert_false(r.invalidate_all);
    long long epoch = redis_int("GET yh:epoch");
    req_publish_writes(&r);
    assert_int_equal(redis_int("GET yh:epoch"), epoch);
    req_invalidate(&r, "650101");
    assert_int_equal(r.ninvalidate, INVALIDATE_MAX);
    assert_true(r.invalidate_all);
    long long gen = redis_int("GET yh:g:532801");
    req_publish_writes(&r);
    assert_true(redis_int("GET yh:epoch") > epoch);
    assert_true(redis_int("GET yh:g:532801") > gen);
    cache_close(r.cache);
}

static void redis_stopped_mid_test(void **s)
{
    (void)s;
    struct cache *c = cache_open(&itest_cfg);
    struct cache_stamp st;
    char *val = NULL;
    size_t len;
    char office[1][7] = {"532822"};
    assert_int_equal(cache_get(c, "532822", "t:2", NULL, &val, &len, &st, NULL), YH_OK);
    assert_int_equal(cache_put(c, "532822", "t:2", &st, "old", 3, 60), YH_OK);
    sh("redis-cli -p \"$YH_REDIS_PORT\" shutdown nosave >/dev/null 2>&1; sleep 0.3");
    assert_int_equal(cache_get(c, "532822", "t:2", NULL, &val, &len, &st, NULL), YH_ERR_UNAVAILABLE);
    /* a write during the outage cannot invalidate ... */
    assert_int_equal(cache_bump(c, office, 1), YH_ERR_UNAVAILABLE);
    sh("YH_PRIVATE=1 scripts/services.sh start");
    usleep(600 * 1000); /* past the reconnect back-off */
    /* ... so the reconnect retires everything: the old value is not served */
    assert_int_equal(cache_get(c, "532822", "t:2", NULL, &val, &len, &st, NULL), YH_OK);
    assert_null(val);
    assert_true(cache_take_reconnected(c));
    cache_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrations_fresh_rerun_and_edited),
        cmocka_unit_test(migrations_concurrent_start),
        cmocka_unit_test(offices_scoped_by_prefix),
        cmocka_unit_test(cache_generation_invalidates),
        cmocka_unit_test(cache_put_does_not_wait),
        cmocka_unit_test(invalidation_survives_a_killed_connection),
        cmocka_unit_test(invalidations_beyond_room_retire_everything),
        cmocka_unit_test(redis_stopped_mid_test),
        cmocka_unit_test(db_reconnects_after_restart),
    };
    return cmocka_run_group_tests_name("integration: store and cache", tests, itest_config_setup, NULL);
}
