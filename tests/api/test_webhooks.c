/* The notifications outbox through HTTP against a receiver in this process on loopback:
 * SSRF refusal (at registration and again at delivery, before any connection: the
 * receiver counts connections), signed delivery of activity.scheduled with the payload's
 * ids only, retries after the receiver fails, dead letters after the deadline and
 * redelivery, and no loss (and no second send) across a service restart. Office 440100
 * is written here. */
#include "support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "yinhui/db.h"

/* ---- the receiver ---- */
#define MAXREQ 64
struct received {
    char head[2048];
    char body[4096];
};
static struct {
    pthread_t thread;
    int fd, port;
    atomic_bool stop, running;
    atomic_int connections, fail_next, always_fail;
    pthread_mutex_t lock;
    struct received req[MAXREQ];
    int n;
} rx = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- a dripping receiver: POST /drip... gets one byte of a status line every second
 * (never a whole line) until the client gives up; each connection on its own thread ---- */
static atomic_int drip_open, drip_max, drip_closed, drip_longest_ms;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *drip_main(void *arg)
{
    int c = (int)(intptr_t)arg;
    int open = atomic_fetch_add(&drip_open, 1) + 1, seen = atomic_load(&drip_max);
    while (open > seen && !atomic_compare_exchange_weak(&drip_max, &seen, open)) {
    }
    int64_t t0 = mono_ms();
    static const char line[] = "HTTP/1.1 204 ";
    for (int i = 0; i < 20; i++) {
        char b = i < (int)sizeof(line) - 1 ? line[i] : 'x';
        send(c, &b, 1, MSG_NOSIGNAL);
        struct pollfd p = {.fd = c, .events = POLLIN};
        char tmp[256];
        if (poll(&p, 1, 1000) == 1 && recv(c, tmp, sizeof(tmp), 0) <= 0) {
            break; /* the client closed */
        }
    }
    int took = (int)(mono_ms() - t0), longest = atomic_load(&drip_longest_ms);
    while (took > longest && !atomic_compare_exchange_weak(&drip_longest_ms, &longest, took)) {
    }
    close(c);
    atomic_fetch_sub(&drip_open, 1);
    atomic_fetch_add(&drip_closed, 1);
    return NULL;
}

/* Serves one request; true when the connection went to a drip thread (kept open). */
static bool serve_one(int c)
{
    char buf[8192];
    size_t got = 0;
    char *end = NULL;
    buf[0] = '\0';
    while (got < sizeof(buf) - 1 && (end = strstr(buf, "\r\n\r\n")) == NULL) {
        ssize_t r = recv(c, buf + got, sizeof(buf) - 1 - got, 0);
        if (r <= 0) {
            return false;
        }
        got += (size_t)r;
        buf[got] = '\0';
    }
    if (end == NULL) {
        return false;
    }
    size_t hl = (size_t)(end - buf) + 4;
    const char *cl = strcasestr(buf, "\r\nContent-Length:");
    size_t want = cl ? (size_t)atoi(cl + 17) : 0;
    while (got - hl < want && got < sizeof(buf) - 1) {
        ssize_t r = recv(c, buf + got, sizeof(buf) - 1 - got, 0);
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    buf[got] = '\0';
    bool fail = atomic_load(&rx.always_fail) || atomic_fetch_sub(&rx.fail_next, 1) > 0;
    pthread_mutex_lock(&rx.lock);
    if (rx.n < MAXREQ) {
        snprintf(rx.req[rx.n].head, sizeof(rx.req[rx.n].head), "%.*s", (int)hl, buf);
        snprintf(rx.req[rx.n].body, sizeof(rx.req[rx.n].body), "%s", buf + hl);
        rx.n++;
    }
    pthread_mutex_unlock(&rx.lock);
    if (strncmp(buf, "POST /drip", 10) == 0) {
        pthread_t t;
        if (pthread_create(&t, NULL, drip_main, (void *)(intptr_t)c) == 0) {
            pthread_detach(t);
            return true;
        }
    }
    const char *resp = fail ? "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            : "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
    send(c, resp, strlen(resp), MSG_NOSIGNAL);
    return false;
}

static void *rx_main(void *arg)
{
    (void)arg;
    int c;
    while ((c = accept_while(rx.fd, &rx.stop)) >= 0) {
        atomic_fetch_add(&rx.connections, 1);
        if (!serve_one(c)) {
            close(c);
        }
    }
    return NULL;
}

/* Listens on rx.port (a new one when 0). */
static void rx_start(void)
{
    if (rx.port == 0) {
        rx.port = free_port();
    }
    rx.fd = listen_loopback(rx.port);
    atomic_store(&rx.stop, false);
    pthread_create(&rx.thread, NULL, rx_main, NULL);
    atomic_store(&rx.running, true);
}

/* Stops listening: connections are refused until rx_start. */
static void rx_stop(void)
{
    if (atomic_load(&rx.running)) {
        atomic_store(&rx.stop, true);
        pthread_join(rx.thread, NULL);
        close(rx.fd);
        atomic_store(&rx.running, false);
    }
}

/* Requests received with event id (a substring of the head), waiting up to ms for at
 * least want of them. */
static int received_for(const char *event_or_any, int want, int ms)
{
    int n = 0;
    for (int waited = 0; waited <= ms; waited += 20) {
        n = 0;
        pthread_mutex_lock(&rx.lock);
        for (int i = 0; i < rx.n; i++) {
            n += event_or_any == NULL || strstr(rx.req[i].head, event_or_any) != NULL;
        }
        pthread_mutex_unlock(&rx.lock);
        if (n >= want) {
            break;
        }
        usleep(20000);
    }
    return n;
}

/* ---- the service ---- */
static pid_t server;
static char tok[2048], branch[24];

static void start_service_with(const char *allow, const char *ttl, const char *extra1, const char *extra2)
{
    static char e1[64], e2[64];
    snprintf(e1, sizeof(e1), "YH_WEBHOOK_ALLOW_PRIVATE=%s", allow);
    snprintf(e2, sizeof(e2), "YH_WEBHOOK_TTL_S=%s", ttl);
    const char *env[] = {e1,
                         e2,
                         "YH_WEBHOOK_POLL_MS=50",
                         "YH_WEBHOOK_BACKOFF_MS=200",
                         "YH_WEBHOOK_TIMEOUT_MS=2000",
                         "YH_CARE_DUE_HOUR=0",
                         extra1,
                         extra2,
                         NULL};
    static int starts;
    char log[96];
    snprintf(log, sizeof(log), "build/test-logs/webhooks-server-%d.log", ++starts); /* one per start */
    server = server_start(env, api_base, sizeof(api_base), log);
    login("440100", "admin", "demo-440100-pass", tok, sizeof(tok), NULL, 0);
}

static void start_service(const char *allow, const char *ttl)
{
    start_service_with(allow, ttl, NULL, NULL);
}

static void expect_url_refused(const char *url, const char *why)
{
    struct http_res r;
    char body[512];
    snprintf(body, sizeof(body), "{\"url\":\"%s\",\"events\":[\"activity.scheduled\"]}", url);
    long st = jreq("POST", "/v1/webhooks", tok, body, &r);
    if (st != 422 || strstr(r.body, "\"url\"") == NULL || strstr(r.body, why) == NULL) {
        fail_msg("%s: %ld %s (expected 422 on url: %s)", url, st, r.body, why);
    }
    http_free(&r);
}

/* Creates an activity of the branch (an activity.scheduled event); returns its id. */
static void schedule(char *id, size_t idlen)
{
    struct http_res r;
    char path[96];
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", branch);
    assert_int_equal(jreq("POST", path, tok,
                          "{\"kind\":\"theme_day\",\"title\":\"主题党日 "
                          "王秀英同志发言\",\"held_at\":\"2030-03-10T09:00:00+08:00\"}",
                          &r),
                     201);
    assert_true(json_member(r.body, "id", id, idlen));
    http_free(&r);
}

/* Registers an endpoint on the receiver; writes its id and secret. */
static void register_hook(const char *path, char *id, size_t idlen, char *secret, size_t slen)
{
    struct http_res r;
    char body[256];
    snprintf(body, sizeof(body), "{\"url\":\"http://127.0.0.1:%d%s\",\"events\":[\"activity.scheduled\"]}",
             rx.port, path);
    long st = jreq("POST", "/v1/webhooks", tok, body, &r);
    if (st != 201) {
        fail_msg("register: %ld %s", st, r.body);
    }
    assert_true(json_member(r.body, "id", id, idlen));
    assert_true(json_member(r.body, "secret", secret, slen));
    http_free(&r);
}

static void set_active(const char *id, bool active)
{
    char path[64];
    snprintf(path, sizeof(path), "/v1/webhooks/%s", id);
    char im[32];
    if_match(path, tok, im, sizeof(im));
    expect_with(200, "PATCH", path, tok, active ? "{\"active\":true}" : "{\"active\":false}",
                (const char *const[]){im, NULL});
}

/* The delivery of webhook id: state, attempts (waits up to ms for state). */
static void delivery_state(const char *hook, const char *want, int ms, char *state, size_t sn, int *attempts,
                           char *did, size_t dn)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/webhooks/%s/deliveries", hook);
    for (int waited = 0; waited <= ms; waited += 50) {
        struct http_res r;
        assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
        cJSON *j = cJSON_Parse(r.body);
        http_free(&r);
        const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
        snprintf(state, sn, "%s", d ? cJSON_GetObjectItemCaseSensitive(d, "state")->valuestring : "none");
        *attempts = d ? (int)cJSON_GetObjectItemCaseSensitive(d, "attempts")->valuedouble : 0;
        if (did && d) {
            snprintf(did, dn, "%s", cJSON_GetObjectItemCaseSensitive(d, "id")->valuestring);
        }
        cJSON_Delete(j);
        if (strcmp(state, want) == 0) {
            return;
        }
        usleep(50000);
    }
}

/* ---- group A: production settings (no private addresses) ---- */
static int setup_strict(void **s)
{
    (void)s;
    rx_start();
    start_service("0", "86400");
    branch_create(tok, "广州通知测试支部", "regular", "community", branch, sizeof(branch));
    return 0;
}

static int teardown_service(void **s)
{
    (void)s;
    server_stop(server);
    return 0;
}

static void ssrf_refused_before_any_connection(void **s)
{
    (void)s;
    char url[128], ev[24], state[16];
    int attempts = 0;
    int before = atomic_load(&rx.connections);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook", rx.port);
    expect_url_refused(url, "https");
    snprintf(url, sizeof(url), "https://127.0.0.1:%d/hook", rx.port);
    expect_url_refused(url, "private");
    snprintf(url, sizeof(url), "https://localhost:%d/hook", rx.port); /* a name that resolves to loopback */
    expect_url_refused(url, "private");
    expect_url_refused("https://10.1.2.3/hook", "private");
    expect_url_refused("https://192.168.1.10/hook", "private");
    expect_url_refused("https://169.254.169.254/latest/meta-data", "private");
    expect_url_refused("https://100.64.0.1/hook", "private");
    expect_url_refused("ftp://example.org/x", "https");
    expect_url_refused("https://user@example.org/x", "host");
    /* an endpoint that got into the table anyway (written before the rules, or a name
     * that now resolves to loopback): the worker refuses it at delivery time too */
    struct db *db = test_db();
    snprintf(url, sizeof(url), "https://localhost:%d/hook", rx.port);
    struct db_param p[] = {P_STR(url)};
    static const char ins[] =
        "INSERT INTO webhooks (office_code, url, secret_enc, events, created_by) VALUES "
        "('440100', ?, 'x', 'activity.scheduled', 'test')";
    assert_int_equal(db_exec(db, ins, p, 1, NULL, NULL, NULL), YH_OK);
    struct db_rows rows;
    assert_int_equal(db_exec(db, "SELECT MAX(id) FROM webhooks", NULL, 0, &rows, NULL, NULL), YH_OK);
    char hook[24];
    snprintf(hook, sizeof(hook), "%s", db_str(&rows, 0, 0));
    db_rows_free(&rows);
    db_close(db);
    schedule(ev, sizeof(ev));
    delivery_state(hook, "pending", 3000, state, sizeof(state), &attempts, NULL, 0);
    for (int w = 0; w < 3000 && attempts < 1; w += 50) {
        usleep(50000);
        delivery_state(hook, "pending", 0, state, sizeof(state), &attempts, NULL, 0);
    }
    assert_true(attempts >= 1); /* tried and refused */
    struct http_res r;
    char path[96];
    snprintf(path, sizeof(path), "/v1/webhooks/%s/deliveries", hook);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "private"));
    http_free(&r);
    set_active(hook, false);
    assert_int_equal(atomic_load(&rx.connections), before); /* nothing ever connected */
    /* another office sees none of it */
    char other[2048];
    login("440104", "admin", "demo-440104-pass", other, sizeof(other), NULL, 0);
    snprintf(path, sizeof(path), "/v1/webhooks/%s", hook);
    expect(404, "GET", path, other, NULL);
    snprintf(path, sizeof(path), "/v1/webhooks/%s/deliveries", hook);
    expect(404, "GET", path, other, NULL);
    /* unknown event types are named */
    assert_int_equal(jreq("POST", "/v1/webhooks", tok,
                          "{\"url\":\"https://8.8.8.8/x\",\"events\":[\"member.created\"]}", &r),
                     422);
    assert_non_null(strstr(r.body, "\"events\""));
    http_free(&r);
}

/* ---- group B: development settings (loopback allowed), long deadline ---- */
static int setup_dev(void **s)
{
    (void)s;
    start_service("1", "60");
    return 0;
}

/* "sha256=" and the hex HMAC-SHA256 keyed by secret over "<ts>.<body><tail>". */
static void signature_of(const char *secret, const char *ts, const char *body, const char *tail, char out[80])
{
    char text[4200];
    unsigned char mac[32];
    unsigned int maclen = 0;
    snprintf(text, sizeof(text), "%s.%s%s", ts, body, tail);
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)text, strlen(text), mac, &maclen);
    snprintf(out, 80, "sha256=");
    for (int i = 0; i < 32; i++) {
        snprintf(out + 7 + 2 * i, 3, "%02x", mac[i]);
    }
}

static void signed_delivery_with_ids_only(void **s)
{
    (void)s;
    char hook[24], secret[80], act[24], state[16], v[128];
    int attempts = 0;
    pthread_mutex_lock(&rx.lock);
    rx.n = 0;
    pthread_mutex_unlock(&rx.lock);
    register_hook("/hook?k=1", hook, sizeof(hook), secret, sizeof(secret));
    assert_int_equal((int)strlen(secret), 64);
    schedule(act, sizeof(act));
    assert_int_equal(received_for("activity.scheduled", 1, 5000), 1);
    struct received got;
    pthread_mutex_lock(&rx.lock);
    got = rx.req[0];
    pthread_mutex_unlock(&rx.lock);
    assert_non_null(strstr(got.head, "POST /hook?k=1 HTTP/1.1"));
    char ts[32], sig[128], id[64];
    head_value(got.head, "X-Yinhui-Timestamp", ts, sizeof(ts));
    head_value(got.head, "X-Yinhui-Signature", sig, sizeof(sig));
    head_value(got.head, "X-Yinhui-Event-Id", id, sizeof(id));
    assert_int_equal((int)strlen(id), 32);
    /* the signature is HMAC-SHA256 over "<timestamp>.<body>" keyed by the secret */
    char want[80];
    signature_of(secret, ts, got.body, "", want);
    assert_string_equal(sig, want);
    /* a forged body would not verify */
    signature_of(secret, ts, got.body, " ", want);
    assert_string_not_equal(sig, want);
    /* the payload: ids and non-personal fields, never the title (it can name people) */
    cJSON *j = cJSON_Parse(got.body);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "type")->valuestring, "activity.scheduled");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "office")->valuestring, "440100");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "id")->valuestring, id);
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(data, "activity_id")->valuestring, act);
    assert_null(strstr(got.body, "王秀英"));
    cJSON_Delete(j);
    delivery_state(hook, "delivered", 3000, state, sizeof(state), &attempts, NULL, 0);
    assert_string_equal(state, "delivered");
    assert_int_equal(attempts, 1);
    /* the secret is never shown again */
    snprintf(v, sizeof(v), "/v1/webhooks/%s", hook);
    struct http_res r;
    assert_int_equal(jreq("GET", v, tok, NULL, &r), 200);
    assert_null(strstr(r.body, secret));
    assert_null(strstr(r.body, "\"secret\""));
    http_free(&r);
    set_active(hook, false);
}

#define DELIVERED_METRIC "yinhui_webhook_deliveries_total{outcome=\"delivered\"}"
#define FAILED_METRIC "yinhui_webhook_deliveries_total{outcome=\"failed\"}"

static void retries_after_failures(void **s)
{
    (void)s;
    char hook[24], secret[80], act[24], state[16], id[64];
    int attempts = 0;
    pthread_mutex_lock(&rx.lock);
    rx.n = 0;
    pthread_mutex_unlock(&rx.lock);
    register_hook("/retry", hook, sizeof(hook), secret, sizeof(secret));
    long long ok0 = server_metric(api_base, DELIVERED_METRIC),
              failed0 = server_metric(api_base, FAILED_METRIC);
    atomic_store(&rx.fail_next, 2);
    schedule(act, sizeof(act));
    assert_int_equal(received_for("activity.scheduled", 3, 8000), 3);
    pthread_mutex_lock(&rx.lock);
    char first[64];
    head_value(rx.req[0].head, "X-Yinhui-Event-Id", first, sizeof(first));
    for (int i = 0; i < 3; i++) {
        char a[8];
        head_value(rx.req[i].head, "X-Yinhui-Event-Id", id, sizeof(id));
        assert_string_equal(id, first); /* the same event each time */
        head_value(rx.req[i].head, "X-Yinhui-Attempt", a, sizeof(a));
        assert_int_equal(atoi(a), i + 1);
    }
    pthread_mutex_unlock(&rx.lock);
    delivery_state(hook, "delivered", 3000, state, sizeof(state), &attempts, NULL, 0);
    assert_string_equal(state, "delivered");
    assert_int_equal(attempts, 3);
    usleep(500000);
    assert_int_equal(received_for(first, 99, 0), 3); /* nothing more once delivered */
    set_active(hook, false); /* before the assertions below: a failure must not leave it on */
    /* /metrics counted this hook's two failed attempts and its delivery; the counters are
     * the server's, and earlier tests' hooks may still be retrying in this window, so the
     * deltas are at least these */
    assert_true(server_metric(api_base, FAILED_METRIC) - failed0 >= 2);
    assert_true(server_metric(api_base, DELIVERED_METRIC) - ok0 >= 1);
}

static void volunteer_event_opened(void **s)
{
    (void)s;
    struct http_res r;
    char hook[24], ev[24], body[256];
    pthread_mutex_lock(&rx.lock);
    rx.n = 0;
    pthread_mutex_unlock(&rx.lock);
    snprintf(body, sizeof(body),
             "{\"url\":\"http://127.0.0.1:%d/vol\",\"events\":[\"volunteer_event.opened\"]}", rx.port);
    assert_int_equal(jreq("POST", "/v1/webhooks", tok, body, &r), 201);
    assert_true(json_member(r.body, "id", hook, sizeof(hook)));
    http_free(&r);
    assert_int_equal(
        jreq("POST", "/v1/volunteer-events", tok,
             "{\"title\":\"重阳节敬老志愿服务\",\"starts_at\":\"2030-10-08T09:00:00+08:00\",\"ends_at\":"
             "\"2030-10-08T11:00:00+08:00\",\"place\":\"越秀公园\",\"capacity\":20,\"status\":\"open\"}",
             &r),
        201);
    assert_true(json_member(r.body, "id", ev, sizeof(ev)));
    http_free(&r);
    assert_int_equal(received_for("volunteer_event.opened", 1, 5000), 1);
    pthread_mutex_lock(&rx.lock);
    cJSON *j = cJSON_Parse(rx.req[0].body);
    pthread_mutex_unlock(&rx.lock);
    assert_non_null(j);
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(data, "event_id")->valuestring, ev);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(data, "starts_at")->valuestring,
                        "2030-10-08T09:00:00+08:00");
    assert_null(cJSON_GetObjectItemCaseSensitive(data, "title"));
    cJSON_Delete(j);
    set_active(hook, false);
}

/* care.visit_due events received for branch b (waits up to ms for at least want). */
static int visit_due_for(const char *b, int want, int ms)
{
    int n = 0;
    for (int waited = 0; waited <= ms; waited += 20) {
        n = 0;
        pthread_mutex_lock(&rx.lock);
        for (int i = 0; i < rx.n; i++) {
            cJSON *j = strstr(rx.req[i].head, "care.visit_due") ? cJSON_Parse(rx.req[i].body) : NULL;
            const cJSON *id =
                cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "data"), "branch_id");
            n += cJSON_IsString(id) && strcmp(id->valuestring, b) == 0;
            cJSON_Delete(j);
        }
        pthread_mutex_unlock(&rx.lock);
        if (n >= want) {
            break;
        }
        usleep(20000);
    }
    return n;
}

/* care.visit_due: a member of the branch turns 80 today (on the tests' clock: on 29
 * February one born on 29 February 80 years before); the day's event for the branch
 * carries counts, not the member. Other branches of the office may have members due
 * too (whatever day the clock shows), so events are counted per branch. */
static void care_visit_due_today(void **s)
{
    (void)s;
    struct http_res r;
    char hook[24], body[320], idno[19], extra[64], mid[24];
    char today[11];
    test_today(today);
    char ymd[9];
    snprintf(ymd, sizeof(ymd), "%04u%.2s%.2s", (unsigned)(atoi(today) - 80) % 10000u, today + 5, today + 8);
    idno_make(idno, "440100", ymd, 321);
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\"", branch);
    member_create(tok, "寿星党员", idno, "retired", extra, mid, sizeof(mid));
    /* and one whose birthday is another day of this month: counted too, since birthdays
     * go by month (a count per day would tell the day) */
    snprintf(ymd, sizeof(ymd), "%04u%.2s%s", (unsigned)(atoi(today) - 81) % 10000u, today + 5,
             strcmp(today + 8, "01") == 0 ? "02" : "01");
    idno_make(idno, "440100", ymd, 322);
    member_create(tok, "同月党员", idno, "retired", extra, mid, sizeof(mid));
    pthread_mutex_lock(&rx.lock);
    rx.n = 0;
    pthread_mutex_unlock(&rx.lock);
    snprintf(body, sizeof(body), "{\"url\":\"http://127.0.0.1:%d/care\",\"events\":[\"care.visit_due\"]}",
             rx.port);
    assert_int_equal(jreq("POST", "/v1/webhooks", tok, body, &r), 201);
    assert_true(json_member(r.body, "id", hook, sizeof(hook)));
    http_free(&r);
    assert_int_equal(visit_due_for(branch, 1, 6000), 1);
    int all = received_for("care.visit_due", 1, 0);
    bool found = false;
    pthread_mutex_lock(&rx.lock);
    for (int i = 0; i < rx.n; i++) {
        cJSON *j = cJSON_Parse(rx.req[i].body);
        const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data");
        if (data && strcmp(cJSON_GetObjectItemCaseSensitive(data, "branch_id")->valuestring, branch) == 0) {
            found = true;
            const cJSON *counts = cJSON_GetObjectItemCaseSensitive(data, "counts");
            assert_true(cJSON_GetObjectItemCaseSensitive(counts, "birthdays")->valuedouble >= 2);
            assert_null(strstr(rx.req[i].body, "寿星党员"));
        }
        cJSON_Delete(j);
    }
    pthread_mutex_unlock(&rx.lock);
    assert_true(found);
    /* once a day: nothing more for the office today */
    usleep(1500000);
    assert_int_equal(visit_due_for(branch, 99, 0), 1);
    assert_int_equal(received_for("care.visit_due", 99, 0), all);
    set_active(hook, false);
}

static void no_loss_across_a_restart(void **s)
{
    (void)s;
    char hook[24], secret[80], act[24], state[16], id[64];
    int attempts = 0;
    pthread_mutex_lock(&rx.lock);
    rx.n = 0;
    pthread_mutex_unlock(&rx.lock);
    register_hook("/restart", hook, sizeof(hook), secret, sizeof(secret));
    rx_stop(); /* the receiver is down: connections are refused */
    schedule(act, sizeof(act));
    for (int w = 0; w < 5000 && attempts < 1; w += 50) {
        delivery_state(hook, "pending", 0, state, sizeof(state), &attempts, NULL, 0);
        usleep(50000);
    }
    assert_true(attempts >= 1);
    assert_string_equal(state, "pending");
    server_stop(server); /* the service goes away with the event undelivered */
    rx_start();
    start_service("1", "60");
    assert_int_equal(received_for("activity.scheduled", 1, 8000), 1);
    delivery_state(hook, "delivered", 3000, state, sizeof(state), &attempts, NULL, 0);
    assert_string_equal(state, "delivered");
    pthread_mutex_lock(&rx.lock);
    head_value(rx.req[0].head, "X-Yinhui-Event-Id", id, sizeof(id));
    pthread_mutex_unlock(&rx.lock);
    usleep(600000);
    assert_int_equal(received_for(id, 99, 0), 1); /* once */
    set_active(hook, false);
}

/* ---- group C: a one-second deadline ---- */
static int setup_short(void **s)
{
    (void)s;
    start_service("1", "1");
    return 0;
}

static void dead_letter_then_redeliver(void **s)
{
    (void)s;
    char hook[24], secret[80], act[24], state[16], did[24], path[96];
    int attempts = 0;
    struct http_res r;
    register_hook("/dead", hook, sizeof(hook), secret, sizeof(secret));
    atomic_store(&rx.always_fail, 1);
    schedule(act, sizeof(act));
    delivery_state(hook, "dead", 6000, state, sizeof(state), &attempts, did, sizeof(did));
    assert_string_equal(state, "dead");
    assert_true(attempts >= 2);
    snprintf(path, sizeof(path), "/v1/webhooks/%s/deliveries?state=dead", hook);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "HTTP 500"));
    http_free(&r);
    /* the receiver is fixed; staff ask for the dead letter again */
    atomic_store(&rx.always_fail, 0);
    snprintf(path, sizeof(path), "/v1/webhook-deliveries/%s/redeliver", did);
    expect(202, "POST", path, tok, NULL);
    delivery_state(hook, "delivered", 5000, state, sizeof(state), &attempts, NULL, 0);
    assert_string_equal(state, "delivered");
    char other[2048];
    login("440104", "admin", "demo-440104-pass", other, sizeof(other), NULL, 0);
    expect(404, "POST", path, other, NULL); /* another office's delivery */
    set_active(hook, false);
}

/* ---- group D: a dripping receiver of one office does not hold up another ---- */
static int setup_fair(void **s)
{
    (void)s;
    start_service_with("1", "60", "YH_WEBHOOK_WORKERS=4", "YH_WEBHOOK_OFFICE_MAX=2");
    return 0;
}

/* Office A (440100) has three deliveries to a receiver that drips one byte a second and
 * never finishes its status line; office B (440104) has one to a healthy receiver. B's
 * arrives within the attempt deadline (2 s) although A's are in flight; A never has
 * more than YH_WEBHOOK_OFFICE_MAX (2) open at once; each dripping attempt is cut at the
 * deadline and retried later. (Before: one worker, per-recv timeouts only, so each drip
 * held the only worker for its whole 20 s and B waited behind all of them.) */
static void slow_receiver_does_not_stall_other_offices(void **s)
{
    (void)s;
    struct http_res r;
    char hook_a[24], hook_b[24], secret[80], act[24], body[256], tok_b[2048], path[96];
    login("440104", "admin", "demo-440104-pass", tok_b, sizeof(tok_b), NULL, 0);
    pthread_mutex_lock(&rx.lock);
    rx.n = 0;
    pthread_mutex_unlock(&rx.lock);
    atomic_store(&drip_max, 0);
    atomic_store(&drip_longest_ms, 0);
    int closed0 = atomic_load(&drip_closed);
    register_hook("/drip", hook_a, sizeof(hook_a), secret, sizeof(secret));
    snprintf(body, sizeof(body),
             "{\"url\":\"http://127.0.0.1:%d/fast\",\"events\":[\"volunteer_event.opened\"]}", rx.port);
    assert_int_equal(jreq("POST", "/v1/webhooks", tok_b, body, &r), 201);
    assert_true(json_member(r.body, "id", hook_b, sizeof(hook_b)));
    http_free(&r);
    for (int i = 0; i < 3; i++) {
        schedule(act, sizeof(act));
    }
    /* A's attempts are dripping */
    for (int w = 0; w < 3000 && atomic_load(&drip_open) < 1; w += 10) {
        usleep(10000);
    }
    assert_true(atomic_load(&drip_open) >= 1);
    int64_t t0 = mono_ms();
    expect(201, "POST", "/v1/volunteer-events", tok_b,
           "{\"title\":\"越秀银龄义诊\",\"starts_at\":\"2030-11-08T09:00:00+08:00\",\"ends_at\":"
           "\"2030-11-08T11:00:00+08:00\",\"place\":\"越秀公园\",\"capacity\":20,\"status\":\"open\"}");
    assert_int_equal(received_for("POST /fast", 1, 4000), 1);
    int64_t waited = mono_ms() - t0;
    if (waited > 2000) {
        fail_msg("office B's delivery waited %lld ms behind office A's slow receiver", (long long)waited);
    }
    /* each dripping attempt is cut at the deadline (2 s, with scheduling slack) */
    for (int w = 0; w < 6000 && atomic_load(&drip_closed) < closed0 + 1; w += 20) {
        usleep(20000);
    }
    assert_true(atomic_load(&drip_closed) >= closed0 + 1);
    int longest = atomic_load(&drip_longest_ms);
    if (longest > 2800 || longest < 1500) {
        fail_msg("a dripping attempt lasted %d ms (deadline 2000 ms)", longest);
    }
    /* and retried later: a second attempt of one of them */
    assert_true(received_for("X-Yinhui-Attempt: 2", 1, 10000) >= 1);
    assert_true(atomic_load(&drip_max) <= 2); /* the office's cap */
    assert_true(atomic_load(&drip_max) >= 1);
    snprintf(path, sizeof(path), "/v1/webhooks/%s/deliveries", hook_a);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "deadline of 2000 ms passed"));
    assert_null(strstr(r.body, "\"delivered\""));
    http_free(&r);
    set_active(hook_a, false);
    /* B's webhook is paused too (another office's token) */
    snprintf(path, sizeof(path), "/v1/webhooks/%s", hook_b);
    char im[32];
    if_match(path, tok_b, im, sizeof(im));
    expect_with(200, "PATCH", path, tok_b, "{\"active\":false}", (const char *const[]){im, NULL});
    /* the attempts in flight end by their deadline */
    for (int w = 0; w < 5000 && atomic_load(&drip_open) > 0; w += 20) {
        usleep(20000);
    }
    assert_int_equal(atomic_load(&drip_open), 0);
}

int main(void)
{
    const struct CMUnitTest strict[] = {cmocka_unit_test(ssrf_refused_before_any_connection)};
    const struct CMUnitTest dev[] = {
        cmocka_unit_test(signed_delivery_with_ids_only), cmocka_unit_test(retries_after_failures),
        cmocka_unit_test(volunteer_event_opened),        cmocka_unit_test(care_visit_due_today),
        cmocka_unit_test(no_loss_across_a_restart),
    };
    const struct CMUnitTest shortlived[] = {cmocka_unit_test(dead_letter_then_redeliver)};
    const struct CMUnitTest fair[] = {cmocka_unit_test(slow_receiver_does_not_stall_other_offices)};
    int failed = cmocka_run_group_tests_name("strict", strict, setup_strict, teardown_service);
    failed += cmocka_run_group_tests_name("dev", dev, setup_dev, teardown_service);
    failed += cmocka_run_group_tests_name("short", shortlived, setup_short, teardown_service);
    failed += cmocka_run_group_tests_name("fair", fair, setup_fair, teardown_service);
    rx_stop();
    return failed;
}
