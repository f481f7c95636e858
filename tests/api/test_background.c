/* Background work with three service processes on one MariaDB and Redis, delivering to a
 * receiver in this process on loopback: outbox deliveries are shared by the three and each
 * sent exactly once (signatures valid, none lost); the daily care.visit_due and
 * member.lapse_warning events go out once per office and day even when all three
 * processes wait on the same day's marker and are let go at once; the retention job run
 * by the three (and `yinhui retention` from the command line at the same time) deletes
 * each expired row once and no live one; and when one process is killed (SIGKILL) in the
 * middle of deliveries, its leased deliveries are taken over after the lease and still
 * delivered (a delivery in flight at the crash may be sent twice: at least once is the
 * outbox's promise there, and only those may). Offices 532871 to 532873 are created here
 * and written only here.
 *
 * The daily test failed before the retention job deleted old markers by key: its
 * DELETE ... WHERE day < ... (run every second here) met the markers held open, waited
 * with every row and gap before them locked, and the processes' daily passes waited
 * behind it. */
#include "support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "yinhui/db.h"
#include "yinhui/delivery_retry.h"

#define NPROC 3
#define NOFFICE 3
#define WORKERS 4
#define LEASE_S ((int)delivery_lease_s(2000)) /* YH_WEBHOOK_TIMEOUT_MS=2000 here: 2 s + 30 */

static const char *const offices[NOFFICE] = {"532871", "532872", "532873"};
static char toks[NOFFICE][2048], secrets[NOFFICE][80], hooks[NOFFICE][24], branches[NOFFICE][24];
static char lapsed[NOFFICE][24]; /* a member with no organisational life or dues for years */
static char bases[NPROC][64], logs[NPROC][96];
static pid_t pids[NPROC];
static char today[11];

/* ---- the receiver: each connection on its own thread, every request kept ---- */
#define MAXREQ 1024
struct received {
    char event_id[40], type[40];
    int office;  /* index in offices (from the path /o/<i>), -1 when unknown */
    bool sig_ok; /* the signature verified with that office's secret */
    char *body;  /* the payload (freed at the end) */
};
static struct {
    pthread_t thread;
    int fd, port;
    atomic_bool stop;
    atomic_int delay_ms; /* how long each response waits */
    pthread_mutex_t lock;
    struct received req[MAXREQ];
    int n;
} rx = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Whether sig is "sha256=" HMAC-SHA256 over "<ts>.<body>" keyed by secret. */
static bool signature_ok(const char *secret, const char *ts, const char *body, const char *sig)
{
    size_t n = strlen(ts) + 1 + strlen(body);
    char *text = malloc(n + 1), want[72] = "sha256=";
    unsigned char mac[32];
    unsigned int maclen = 0;
    snprintf(text, n + 1, "%s.%s", ts, body);
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)text, n, mac, &maclen);
    free(text);
    for (int i = 0; i < 32; i++) {
        snprintf(want + 7 + 2 * i, 3, "%02x", mac[i]);
    }
    return strcmp(sig, want) == 0;
}

/* Keeps the request head + body (hl: the head's length). */
static void keep(const char *buf, size_t hl)
{
    struct received r = {.office = -1};
    char ts[32], sig[80];
    head_value(buf, "X-Yinhui-Event-Id", r.event_id, sizeof(r.event_id));
    head_value(buf, "X-Yinhui-Event", r.type, sizeof(r.type));
    head_value(buf, "X-Yinhui-Timestamp", ts, sizeof(ts));
    head_value(buf, "X-Yinhui-Signature", sig, sizeof(sig));
    if (strncmp(buf, "POST /o/", 8) == 0 && buf[8] >= '0' && buf[8] < '0' + NOFFICE) {
        r.office = buf[8] - '0';
        r.sig_ok = signature_ok(secrets[r.office], ts, buf + hl, sig);
    }
    r.body = strdup(buf + hl);
    pthread_mutex_lock(&rx.lock);
    if (rx.n < MAXREQ) {
        rx.req[rx.n++] = r;
    } else {
        free(r.body);
    }
    pthread_mutex_unlock(&rx.lock);
}

static void *serve_main(void *arg)
{
    int c = (int)(intptr_t)arg;
    char buf[8192];
    size_t got = 0, hl = 0, want = 0;
    char *end = NULL;
    buf[0] = '\0';
    while (got < sizeof(buf) - 1 && (end == NULL || got - hl < want)) {
        ssize_t r = recv(c, buf + got, sizeof(buf) - 1 - got, 0);
        if (r <= 0) {
            close(c);
            return NULL;
        }
        got += (size_t)r;
        buf[got] = '\0';
        if (end == NULL && (end = strstr(buf, "\r\n\r\n")) != NULL) {
            hl = (size_t)(end - buf) + 4;
            const char *cl = strcasestr(buf, "\r\nContent-Length:");
            want = cl ? (size_t)atoi(cl + 17) : 0;
        }
    }
    keep(buf, hl);
    usleep((useconds_t)atomic_load(&rx.delay_ms) * 1000);
    static const char resp[] = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
    send(c, resp, sizeof(resp) - 1, MSG_NOSIGNAL);
    close(c);
    return NULL;
}

static void *rx_main(void *arg)
{
    (void)arg;
    int c;
    while ((c = accept_while(rx.fd, &rx.stop)) >= 0) {
        pthread_t t;
        if (pthread_create(&t, NULL, serve_main, (void *)(intptr_t)c) == 0) {
            pthread_detach(t);
        } else {
            close(c);
        }
    }
    return NULL;
}

static void rx_start(void)
{
    rx.port = free_port();
    rx.fd = listen_loopback(rx.port);
    pthread_create(&rx.thread, NULL, rx_main, NULL);
}

/* Requests received of type whose body contains needle (NULL: any). */
static int received(const char *type, const char *needle)
{
    int n = 0;
    pthread_mutex_lock(&rx.lock);
    for (int i = 0; i < rx.n; i++) {
        n += strcmp(rx.req[i].type, type) == 0 && (needle == NULL || strstr(rx.req[i].body, needle) != NULL);
    }
    pthread_mutex_unlock(&rx.lock);
    return n;
}

/* Times event id was received; *bad counts those whose signature failed. */
static int received_id(const char *id, int *bad)
{
    int n = 0;
    pthread_mutex_lock(&rx.lock);
    for (int i = 0; i < rx.n; i++) {
        if (strcmp(rx.req[i].event_id, id) == 0) {
            n++;
            *bad += !rx.req[i].sig_ok;
        }
    }
    pthread_mutex_unlock(&rx.lock);
    return n;
}

/* ---- the database ---- */
static void sql_run(struct db *db, const char *sql)
{
    if (db_exec(db, sql, NULL, 0, NULL, NULL, NULL) != YH_OK) {
        fail_msg("SQL failed: %s", sql);
    }
}

static long sql_count(const char *sql)
{
    return test_db_count(sql, NULL, 0);
}

/* The event ids of activity.scheduled of the offices here with outbox id above after. */
static char (*events_after(long after, int *n))[40]
{
    struct db *db = test_db();
    struct db_rows rows;
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT event_id FROM outbox WHERE office_code BETWEEN '532871' AND '532873' AND type = "
             "'activity.scheduled' AND id > %ld ORDER BY id",
             after);
    assert_int_equal(db_exec(db, sql, NULL, 0, &rows, NULL, NULL), YH_OK);
    char(*ids)[40] = calloc(rows.nrows + 1, sizeof(*ids));
    for (size_t i = 0; i < rows.nrows; i++) {
        snprintf(ids[i], sizeof(ids[i]), "%s", db_str(&rows, i, 0));
    }
    *n = (int)rows.nrows;
    db_rows_free(&rows);
    db_close(db);
    return ids;
}

static long max_outbox_id(void)
{
    return sql_count("SELECT IFNULL(MAX(id), 0) FROM outbox");
}

/* ---- the processes and the offices ---- */
static void start_proc(int i)
{
    static const char *const env[] = {"YH_WEBHOOK_ALLOW_PRIVATE=1",
                                      "YH_WEBHOOK_POLL_MS=50",
                                      "YH_WEBHOOK_BACKOFF_MS=200",
                                      "YH_WEBHOOK_TIMEOUT_MS=2000",
                                      "YH_WEBHOOK_WORKERS=4",
                                      "YH_WEBHOOK_OFFICE_MAX=4",
                                      "YH_CARE_DUE_HOUR=0",
                                      "YH_RETENTION_INTERVAL_S=1",
                                      "YH_THREADS=4",
                                      NULL};
    snprintf(logs[i], sizeof(logs[i]), "build/test-logs/background-%c.log", 'a' + i);
    pids[i] = server_start(env, bases[i], sizeof(bases[i]), logs[i]);
}

/* An office, its admin, a branch and two members in it: one whose 80th birthday is today
 * (a care visit due), one who joined in 1970 and has no organisational life or dues on
 * record (lapse warnings). */
static void office_setup(int k)
{
    char cmd[512], pw[32], idno[19], ymd[9], extra[96], id[24];
    snprintf(cmd, sizeof(cmd),
             "\"$YH_BIN\" office add %s 后台任务测试%d局 532800 >/dev/null && YH_NEW_PASSWORD=demo-%s-pass "
             "\"$YH_BIN\" account add %s admin admin 管理员 >/dev/null",
             offices[k], k, offices[k], offices[k]);
    assert_int_equal(system(cmd), 0);
    api_on(bases[k % NPROC]);
    snprintf(pw, sizeof(pw), "demo-%s-pass", offices[k]);
    login(offices[k], "admin", pw, toks[k], sizeof(toks[k]), NULL, 0);
    branch_create(toks[k], "后台任务支部", "regular", "community", branches[k], sizeof(branches[k]));
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\"", branches[k]);
    snprintf(ymd, sizeof(ymd), "%04u%.2s%.2s", (unsigned)(atoi(today) - 80) % 10000u, today + 5, today + 8);
    idno_make(idno, "532800", ymd, 700u + (unsigned)k);
    member_create(toks[k], "寿星党员", idno, "retired", extra, id, sizeof(id));
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"1970-07-01\",\"branch_id\":\"%s\"", branches[k]);
    idno_seq(idno, "532800", "1943", 710u + (unsigned)k);
    member_create(toks[k], "久未参加", idno, "retired", extra, lapsed[k], sizeof(lapsed[k]));
}

/* Registers office k's endpoint on the receiver for the three event types. */
static void hook_register(int k)
{
    struct http_res r;
    char body[256];
    snprintf(body, sizeof(body),
             "{\"url\":\"http://127.0.0.1:%d/o/%d\",\"events\":[\"activity.scheduled\",\"care.visit_due\","
             "\"member.lapse_warning\"]}",
             rx.port, k);
    api_on(bases[k % NPROC]);
    assert_int_equal(jreq("POST", "/v1/webhooks", toks[k], body, &r), 201);
    assert_true(json_member(r.body, "id", hooks[k], sizeof(hooks[k])));
    assert_true(json_member(r.body, "secret", secrets[k], sizeof(secrets[k])));
    http_free(&r);
}

static int setup(void **s)
{
    (void)s;
    test_today(today);
    rx_start();
    for (int i = 0; i < NPROC; i++) {
        start_proc(i);
    }
    for (int k = 0; k < NOFFICE; k++) {
        office_setup(k);
    }
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    for (int i = 0; i < NPROC; i++) {
        if (pids[i] > 0) {
            server_stop(pids[i]);
        }
    }
    atomic_store(&rx.stop, true);
    pthread_join(rx.thread, NULL);
    close(rx.fd);
    usleep(100000); /* a connection's thread may still be answering */
    pthread_mutex_lock(&rx.lock);
    for (int i = 0; i < rx.n; i++) {
        free(rx.req[i].body);
    }
    rx.n = 0;
    pthread_mutex_unlock(&rx.lock);
    return 0;
}

/* ---- the daily events ---- */

/* Connections of the service waiting in an INSERT into outbox_daily for kind. */
static long waiting_on_marker(const char *kind)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'INSERT IGNORE INTO "
             "outbox_daily%%%s%%' AND STATE <> ''",
             kind);
    return sql_count(sql);
}

/* Holds the day's markers of kind for the offices here in an open transaction on db. */
static void hold_markers(struct db *db, const char *kind)
{
    char sql[256];
    assert_int_equal(db_begin(db), YH_OK);
    for (int k = 0; k < NOFFICE; k++) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO outbox_daily (office_code, kind, day) VALUES ('%s', '%s', '%s')", offices[k],
                 kind, today);
        sql_run(db, sql);
    }
}

/* Waits (up to 10 s) until every process waits on a marker of kind, holds it a second
 * and a half more (a retention run, every second, meets it too); then lets them go. */
static void release_when_all_wait(struct db *db, const char *kind)
{
    long n = 0;
    for (int w = 0; w < 10000 && (n = waiting_on_marker(kind)) < NPROC; w += 50) {
        usleep(50000);
    }
    usleep(1500000);
    if (n < NPROC) { /* what the service's connections are doing instead */
        struct db *look = test_db();
        char *what =
            test_db_string(look, "SELECT GROUP_CONCAT(CONCAT(STATE, ': ', LEFT(INFO, 90)) SEPARATOR "
                                 "' | ') FROM information_schema.PROCESSLIST WHERE COMMAND <> 'Sleep'");
        printf("waiting on the %s marker: %ld; %s\n", kind, n, what);
        free(what);
        db_close(look);
    }
    db_rollback(db);
    assert_int_equal(n, NPROC);
}

/* The three processes wait on the same day's marker (this test holds it), then go at
 * once: each office gets one care.visit_due for its branch and one member.lapse_warning
 * per kind for the lapsed member, and one marker per kind and day. */
static void daily_events_once_per_office_and_day(void **s)
{
    (void)s;
    struct db *care = test_db(), *lapse = test_db();
    char needle[128];
    hold_markers(care, "care.visit_due");
    hold_markers(lapse, "member.lapse_warning");
    for (int k = 0; k < NOFFICE; k++) {
        hook_register(k);
    }
    release_when_all_wait(care, "care.visit_due");
    release_when_all_wait(lapse, "member.lapse_warning");
    db_close(care);
    db_close(lapse);
    for (int k = 0; k < NOFFICE; k++) {
        snprintf(needle, sizeof(needle), "\"branch_id\":\"%s\"", branches[k]);
        for (int w = 0; w < 10000 && received("care.visit_due", needle) < 1; w += 50) {
            usleep(50000);
        }
        snprintf(needle, sizeof(needle), "\"member_id\":\"%s\"", lapsed[k]);
        for (int w = 0; w < 10000 && received("member.lapse_warning", needle) < 2; w += 50) {
            usleep(50000);
        }
    }
    usleep(1500000); /* three more passes of each process: nothing more may come */
    for (int k = 0; k < NOFFICE; k++) {
        snprintf(needle, sizeof(needle), "\"branch_id\":\"%s\"", branches[k]);
        assert_int_equal(received("care.visit_due", needle), 1);
        snprintf(needle, sizeof(needle), "\"member_id\":\"%s\"", lapsed[k]);
        assert_int_equal(received("member.lapse_warning", needle), 2); /* organisational life, dues */
    }
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM outbox WHERE office_code BETWEEN '532871' AND '532873' AND type IN "
             "('care.visit_due', 'member.lapse_warning')");
    assert_int_equal(sql_count(sql), NOFFICE * 3);
    snprintf(
        sql, sizeof(sql),
        "SELECT COUNT(*) FROM outbox_daily WHERE office_code BETWEEN '532871' AND '532873' AND day = '%s'",
        today);
    assert_int_equal(sql_count(sql), NOFFICE * 2);
}

/* ---- deliveries ---- */

/* n activities in each office, created through the three processes in turn. */
static void schedule_all(int n)
{
    char path[96], body[160];
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < NOFFICE; k++) {
            api_on(bases[(i + k) % NPROC]);
            snprintf(path, sizeof(path), "/v1/branches/%s/activities", branches[k]);
            snprintf(
                body, sizeof(body),
                "{\"kind\":\"theme_day\",\"title\":\"主题党日%d\",\"held_at\":\"2030-03-10T09:00:00+08:00\"}",
                i);
            expect(201, "POST", path, toks[k], body);
        }
    }
}

/* Waits up to ms until each of ids[0..n) was received at least once; how many were. */
static int wait_all_received(char (*ids)[40], int n, int ms)
{
    int have = 0;
    for (int w = 0; w <= ms; w += 100) {
        have = 0;
        for (int i = 0; i < n; i++) {
            int bad = 0;
            have += received_id(ids[i], &bad) > 0;
        }
        if (have == n) {
            break;
        }
        usleep(100000);
    }
    return have;
}

#define DELIVERED "yinhui_webhook_deliveries_total{outcome=\"delivered\"}"

/* 40 events in each of three offices while three processes deliver: each is received
 * exactly once with a valid signature, every delivery is delivered at its first attempt,
 * and all three processes took part. */
static void each_event_delivered_exactly_once(void **s)
{
    (void)s;
    long long before[NPROC];
    for (int i = 0; i < NPROC; i++) {
        before[i] = server_metric(bases[i], DELIVERED);
    }
    long after = max_outbox_id();
    atomic_store(&rx.delay_ms, 20);
    schedule_all(40);
    int n = 0;
    char(*ids)[40] = events_after(after, &n);
    assert_int_equal(n, 40 * NOFFICE);
    assert_int_equal(wait_all_received(ids, n, 20000), n);
    usleep(1000000); /* a second (twenty polls) more: no second send */
    int bad = 0;
    for (int i = 0; i < n; i++) {
        if (received_id(ids[i], &bad) != 1) {
            fail_msg("event %s received %d times", ids[i], received_id(ids[i], &bad));
        }
    }
    free(ids);
    assert_int_equal(bad, 0);
    char sql[320];
    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE o.id > %ld AND "
             "o.office_code BETWEEN '532871' AND '532873' AND d.state = 'delivered' AND d.attempts = 1",
             after);
    assert_int_equal(sql_count(sql), n);
    long long total = 0;
    for (int i = 0; i < NPROC; i++) {
        long long mine = server_metric(bases[i], DELIVERED) - before[i];
        printf("process %c delivered %lld\n", 'a' + i, mine);
        assert_true(mine > 0);
        total += mine;
    }
    assert_int_equal(total, n);
}

/* ---- retention ---- */

/* The sum of field over the retention lines of the three processes' logs. */
static long long logged(const char *field)
{
    char key[48], path[512], line[1024];
    long long sum = 0;
    snprintf(key, sizeof(key), "\"%s\":", field);
    for (int i = 0; i < NPROC; i++) {
        FILE *f = fopen(test_log_path(logs[i], path, sizeof(path)), "r");
        assert_non_null(f);
        while (fgets(line, sizeof(line), f) != NULL) {
            const char *p = strstr(line, "\"msg\":\"retention\"") ? strstr(line, key) : NULL;
            sum += p ? strtoll(p + strlen(key), NULL, 10) : 0;
        }
        fclose(f);
    }
    return sum;
}

/* Old and live rows of the tables the job prunes (markers "bg-"): 2500 idempotency keys
 * past the replay window (three batches of 1000) and 10 within it; 30 webhook payloads
 * with their deliveries long delivered, and 5 payloads as old whose delivery was
 * yesterday (kept, and so is their payload). */
static void make_retention_rows(void)
{
    struct db *db = test_db();
    /* one transaction: a payload is never seen without its delivery (as when published) */
    assert_int_equal(db_begin(db), YH_OK);
    sql_run(
        db,
        "INSERT INTO idempotency_keys (office_code, principal, idem_key, request_hash, state, started_at) "
        "SELECT '532871', 'bg-ret', CONCAT('bg-old-', seq), REPEAT('a', 32), 'done', NOW(3) - INTERVAL "
        "25 HOUR FROM seq_1_to_2500");
    sql_run(
        db,
        "INSERT INTO idempotency_keys (office_code, principal, idem_key, request_hash, state, started_at) "
        "SELECT '532871', 'bg-ret', CONCAT('bg-live-', seq), REPEAT('a', 32), 'done', NOW(3) - INTERVAL "
        "23 HOUR FROM seq_1_to_10");
    sql_run(db,
            "INSERT INTO outbox (office_code, event_id, type, payload, created_at) SELECT '532871', "
            "CONCAT('bg-ret-', seq), 'activity.scheduled', '{}', NOW(3) - INTERVAL 40 DAY FROM seq_1_to_35");
    char sql[512];
    snprintf(
        sql, sizeof(sql),
        "INSERT INTO deliveries (outbox_id, webhook_id, office_code, state, deadline, delivered_at, "
        "attempts) "
        "SELECT o.id, %s, '532871', 'delivered', o.created_at + INTERVAL 1 DAY, "
        "IF(CAST(SUBSTRING(o.event_id, "
        "8) AS UNSIGNED) <= 30, NOW(3) - INTERVAL 39 DAY, NOW(3) - INTERVAL 1 DAY), 1 FROM outbox o WHERE "
        "o.event_id LIKE 'bg-ret-%%'",
        hooks[0]);
    sql_run(db, sql);
    assert_int_equal(db_commit(db), YH_OK);
    db_close(db);
}

/* Runs `yinhui retention` three times at once; adds up what they deleted. */
static void cli_runs(unsigned long long *idem, unsigned long long *deliveries, unsigned long long *outbox)
{
    FILE *p = popen("for i in 1 2 3; do \"$YH_BIN\" retention 2>&1 & done; wait", "r");
    char line[512];
    int ran = 0, busy = 0;
    assert_non_null(p);
    while (fgets(line, sizeof(line), p) != NULL) {
        unsigned long long c[6];
        if (sscanf(line,
                   "deleted: %llu idempotency keys, %llu refresh tokens, %llu denylist rows, %llu throttle "
                   "rows, "
                   "%llu webhook deliveries, %llu outbox events",
                   &c[0], &c[1], &c[2], &c[3], &c[4], &c[5]) == 6) {
            *idem += c[0];
            *deliveries += c[4];
            *outbox += c[5];
            ran++;
        } else if (strstr(line, "running in another process") != NULL) {
            busy++;
        } else {
            fail_msg("yinhui retention: %s", line);
        }
    }
    pclose(p);
    printf("yinhui retention: %d ran, %d found the job running elsewhere\n", ran, busy);
    assert_int_equal(ran + busy, 3);
}

/* Rows the job would delete now, of the three tables whose counts are checked. */
static const char prunable[] =
    "SELECT (SELECT COUNT(*) FROM idempotency_keys WHERE started_at < NOW(3) - INTERVAL 24 HOUR) + (SELECT "
    "COUNT(*) FROM deliveries WHERE (state = 'delivered' AND delivered_at < NOW(3) - INTERVAL 30 DAY) OR "
    "(state "
    "= 'dead' AND deadline < NOW(3) - INTERVAL 30 DAY AND locked_until IS NULL)) + (SELECT COUNT(*) FROM "
    "outbox "
    "WHERE created_at < NOW(3) - INTERVAL 30 DAY AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE "
    "d.outbox_id = "
    "outbox.id))";

/* Waits (up to 10 s) until the job has deleted all it would, and the run that did has
 * logged it. */
static void pruned(void)
{
    for (int w = 0; w < 10000 && sql_count(prunable) > 0; w += 100) {
        usleep(100000);
    }
    assert_int_equal(sql_count(prunable), 0);
    usleep(1500000);
}

/* The three processes' retention runs (every second) and three command-line runs at once
 * delete each expired row once (what they report adds up to what was made old) and no
 * live row. */
static void retention_deletes_each_expired_row_once(void **s)
{
    (void)s;
    unsigned long long idem = 0, deliveries = 0, outbox = 0;
    pruned(); /* whatever other tests left old is gone before the counts are read */
    long long idem0 = logged("idempotency"), deliveries0 = logged("deliveries"), outbox0 = logged("outbox");
    make_retention_rows();
    cli_runs(&idem, &deliveries, &outbox);
    pruned();
    assert_int_equal(sql_count("SELECT COUNT(*) FROM idempotency_keys WHERE principal = 'bg-ret'"), 10);
    assert_int_equal(sql_count("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key LIKE 'bg-live-%'"), 10);
    assert_int_equal(sql_count("SELECT COUNT(*) FROM outbox WHERE event_id LIKE 'bg-ret-%'"), 5);
    assert_int_equal(sql_count("SELECT COUNT(*) FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE "
                               "o.event_id LIKE 'bg-ret-%' AND d.delivered_at > NOW(3) - INTERVAL 2 DAY"),
                     5);
    printf("retention: processes deleted %lld keys, the command line %llu\n", logged("idempotency") - idem0,
           idem);
    assert_int_equal(logged("idempotency") - idem0 + (long long)idem, 2500);
    assert_int_equal(logged("deliveries") - deliveries0 + (long long)deliveries, 30);
    assert_int_equal(logged("outbox") - outbox0 + (long long)outbox, 30);
    struct db *db = test_db();
    sql_run(db, "DELETE FROM idempotency_keys WHERE principal = 'bg-ret'");
    sql_run(
        db,
        "DELETE d FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE o.event_id LIKE 'bg-ret-%'");
    sql_run(db, "DELETE FROM outbox WHERE event_id LIKE 'bg-ret-%'");
    db_close(db);
}

/* ---- a process killed in the middle of deliveries ---- */

/* The deliveries of events above after still leased at db time t plus the lease: the
 * killed process's (each other claim ended or began after t). Their event ids and lease
 * ends into ids and until; how many. */
static int orphans(long after, const char *t, char (*ids)[40], char (*until)[32], int max)
{
    struct db *db = test_db();
    struct db_rows rows;
    char sql[512];
    snprintf(
        sql, sizeof(sql),
        "SELECT o.event_id, DATE_FORMAT(d.locked_until, '%%Y-%%m-%%d %%H:%%i:%%s.%%f') FROM deliveries d "
        "JOIN outbox o ON o.id = d.outbox_id WHERE o.id > %ld AND o.office_code BETWEEN '532871' AND "
        "'532873' AND d.state = 'pending' AND d.lease IS NOT NULL AND d.locked_until <= '%s' + INTERVAL "
        "%d SECOND",
        after, t, LEASE_S);
    assert_int_equal(db_exec(db, sql, NULL, 0, &rows, NULL, NULL), YH_OK);
    int n = 0;
    for (size_t i = 0; i < rows.nrows && n < max; i++, n++) {
        snprintf(ids[n], sizeof(ids[n]), "%s", db_str(&rows, i, 0));
        snprintf(until[n], sizeof(until[n]), "%s", db_str(&rows, i, 1));
    }
    db_rows_free(&rows);
    db_close(db);
    return n;
}

static int received_count(char (*ids)[40], int n)
{
    int have = 0, bad = 0;
    for (int i = 0; i < n; i++) {
        have += received_id(ids[i], &bad) > 0;
    }
    return have;
}

/* Whether event id is one of ids[0..n). */
static bool among(const char *id, char (*ids)[40], int n)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(ids[i], id) == 0) {
            return true;
        }
    }
    return false;
}

/* Asserts each event of ids[0..n) arrived once, or twice when it is one of the killed
 * process's in-flight deliveries (sent, then not recorded); all signed right. */
static void assert_once_but_orphans(char (*ids)[40], int n, char (*orph)[40], int norph)
{
    int bad = 0, twice = 0;
    for (int i = 0; i < n; i++) {
        int got = received_id(ids[i], &bad);
        if (got != 1 && !(got == 2 && among(ids[i], orph, norph))) {
            fail_msg("event %s received %d times", ids[i], got);
        }
        twice += got == 2;
    }
    printf("after the kill: %d leased deliveries taken over, %d of them sent twice\n", norph, twice);
    assert_int_equal(bad, 0);
}

/* 30 events in each office, each response held 400 ms; the third process is killed once
 * some have arrived. Its leased deliveries stay leased until the lease ends, then the
 * other two deliver them; every event arrives, only those may arrive twice, and every
 * delivery ends delivered. */
static void killed_process_deliveries_taken_over(void **s)
{
    (void)s;
    char orph[WORKERS][40], until[WORKERS][32], sql[512];
    long after = max_outbox_id();
    atomic_store(&rx.delay_ms, 400);
    schedule_all(30);
    int n = 0;
    char(*ids)[40] = events_after(after, &n);
    assert_int_equal(n, 30 * NOFFICE);
    for (int w = 0; w < 20000 && received_count(ids, n) < 15; w += 20) {
        usleep(20000);
    }
    kill(pids[2], SIGKILL);
    waitpid(pids[2], NULL, 0);
    pids[2] = 0;
    struct db *db = test_db();
    char *t = test_db_string(db, "SELECT NOW(3)");
    db_close(db);
    usleep(3000000); /* every claim of the other two from before the kill has ended */
    int norph = orphans(after, t, orph, until, WORKERS);
    free(t);
    assert_true(norph >= 1); /* the killed process had deliveries in flight */
    atomic_store(&rx.delay_ms, 20);
    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE o.id > %ld AND "
             "o.office_code BETWEEN '532871' AND '532873' AND d.state = 'delivered'",
             after);
    for (int w = 0; w < (LEASE_S + 15) * 1000 && sql_count(sql) < n; w += 200) {
        usleep(200000);
    }
    assert_int_equal(sql_count(sql), n);
    assert_int_equal(wait_all_received(ids, n, 0), n);
    usleep(1000000);
    assert_once_but_orphans(ids, n, orph, norph);
    for (int i = 0; i < norph; i++) { /* taken over only once the lease had ended */
        snprintf(
            sql, sizeof(sql),
            "SELECT COUNT(*) FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE o.event_id = '%s' "
            "AND d.delivered_at >= '%s'",
            orph[i], until[i]);
        assert_int_equal(sql_count(sql), 1);
    }
    free(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(daily_events_once_per_office_and_day),
        cmocka_unit_test(each_event_delivered_exactly_once),
        cmocka_unit_test(retention_deletes_each_expired_row_once),
        cmocka_unit_test(killed_process_deliveries_taken_over),
    };
    return cmocka_run_group_tests_name("api: background work with three processes", tests, setup, teardown);
}
