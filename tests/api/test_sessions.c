/* Sessions and request handling (issue 11): refresh keeps the granted scopes, account
 * changes end sessions, logins are counted before the password is checked, the token
 * is checked before a body is read, oversight cannot change a descendant office, and
 * audit rows keep the server's request id with the client's beside it. */
#include "support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

static char tok_jh[2048]; /* Jinghong 532801 admin */

#define MAX_FAILS 3

static int setup(void **s)
{
    (void)s;
    static const char *const env[] = {"YH_LOGIN_MAX_FAILS=3", "YH_LOGIN_IP_MAX_FAILS=100000", NULL};
    api_start(env, "build/test-logs/sessions-server.log");
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    return 0;
}

/* "id" of the first item of a list. */
static void first_id(const char *path, const char *tok, char *out, size_t outlen)
{
    struct http_res r;
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    char *p = strstr(r.body, "\"id\":\"");
    assert_non_null(p);
    snprintf(out, outlen, "%.*s", (int)strcspn(p + 6, "\""), p + 6);
    http_free(&r);
}

/* POST /v1/auth/token with body; returns the status, access/refresh/scope when 200. */
static long token_req(const char *body, char *acc, size_t alen, char *rt, size_t rlen, char *scope,
                      size_t slen)
{
    struct http_res r;
    long st = jreq("POST", "/v1/auth/token", NULL, body, &r);
    if (st == 200) {
        if (acc) {
            assert_true(json_member(r.body, "access_token", acc, alen));
        }
        if (rt) {
            assert_true(json_member(r.body, "refresh_token", rt, rlen));
        }
        if (scope) {
            assert_true(json_member(r.body, "scope", scope, slen));
        }
    }
    http_free(&r);
    return st;
}

static void refresh_keeps_granted_scopes(void **s)
{
    (void)s;
    struct http_res r;
    char acc[2048], rt[128], rt2[128], scope[512], body[512];
    assert_int_equal(token_req("{\"grant_type\":\"password\",\"office\":\"532801\",\"username\":\"admin\","
                               "\"password\":\"demo-532801-pass\",\"scope\":\"members:read offices:read\"}",
                               acc, sizeof(acc), rt, sizeof(rt), scope, sizeof(scope)),
                     200);
    assert_string_equal(scope, "offices:read members:read");
    /* a plain refresh keeps the narrowed set: no accounts:read, no pii:read */
    snprintf(body, sizeof(body), "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", rt);
    assert_int_equal(token_req(body, acc, sizeof(acc), rt2, sizeof(rt2), scope, sizeof(scope)), 200);
    assert_string_equal(scope, "offices:read members:read");
    expect_problem(403, "GET", "/v1/accounts", acc, NULL);
    expect(200, "GET", "/v1/offices/532801", acc, NULL);
    /* a refresh may not widen ... */
    snprintf(body, sizeof(body),
             "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\",\"scope\":\"members:read "
             "accounts:read\"}",
             rt2);
    jreq("POST", "/v1/auth/token", NULL, body, &r);
    assert_problem(&r, 400);
    assert_non_null(strstr(r.body, "invalid_scope"));
    http_free(&r);
    /* ... (and the refused request did not use the token up) but may narrow further */
    snprintf(body, sizeof(body),
             "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\",\"scope\":\"offices:read\"}", rt2);
    assert_int_equal(token_req(body, acc, sizeof(acc), rt, sizeof(rt), scope, sizeof(scope)), 200);
    assert_string_equal(scope, "offices:read");
    snprintf(body, sizeof(body), "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", rt);
    assert_int_equal(token_req(body, acc, sizeof(acc), NULL, 0, scope, sizeof(scope)), 200);
    assert_string_equal(scope, "offices:read");
    expect_problem(403, "GET", "/v1/members?limit=1", acc, NULL);
}

static void oversight_is_read_only(void **s)
{
    (void)s;
    struct http_res r;
    char pref[2048], prov[2048], ver[16], im[40];
    login("532800", "admin", "demo-532800-pass", pref, sizeof(pref), NULL, 0);
    login("530000", "admin", "demo-530000-pass", prov, sizeof(prov), NULL, 0);
    /* reads stay allowed */
    assert_int_equal(jreq("GET", "/v1/offices/532801", pref, NULL, &r), 200);
    assert_true(json_member(r.body, "version", ver, sizeof(ver)));
    http_free(&r);
    snprintf(im, sizeof(im), "If-Match: \"%s\"", ver);
    const char *const h[] = {im, NULL};
    expect_problem_with(403, "PATCH", "/v1/offices/532801", pref, "{\"liaison_cap\":7}", h);
    expect_problem_with(403, "PATCH", "/v1/offices/532801", prov, "{\"points_per_hour\":999}", h);
    /* another branch of the tree is still unknown */
    expect_problem_with(404, "PATCH", "/v1/offices/440104", pref, "{\"liaison_cap\":7}", h);
    /* nothing changed; the county's own admin still can */
    assert_int_equal(jreq("GET", "/v1/offices/532801", tok_jh, NULL, &r), 200);
    char ver2[16];
    assert_true(json_member(r.body, "version", ver2, sizeof(ver2)));
    assert_string_equal(ver, ver2);
    http_free(&r);
    expect_with(200, "PATCH", "/v1/offices/532801", tok_jh, "{\"name\":\"景洪市委老干部局\"}", h);
}

/* ---- account changes end sessions ---- */

static void make_account(const char *username, const char *role, const char *extra, char *id, size_t idlen)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"会话测试\",\"role\":\"%s\",\"password\":\"first-pass-"
             "123\"%s}",
             username, role, extra);
    post_created("/v1/accounts", tok_jh, body, id, idlen);
}

static void patch_account(const char *id, const char *body, long want)
{
    char path[64], im[40];
    snprintf(path, sizeof(path), "/v1/accounts/%s", id);
    if_match(path, tok_jh, im, sizeof(im));
    expect_with(want, "PATCH", path, tok_jh, body, (const char *const[]){im, NULL});
}

/* ---- concurrent wrong passwords ---- */

#define NGUESS 16
static long guess_status[NGUESS];
static char guess_user[40];

static void *guess(void *arg)
{
    long i = (long)arg;
    char url[128];
    struct http_res r;
    char body[256];
    const char *const h[] = {"Content-Type: application/json", NULL};
    snprintf(body, sizeof(body),
             "{\"grant_type\":\"password\",\"office\":\"532801\",\"username\":\"%s\",\"password\":\"not-the-"
             "password\"}",
             guess_user);
    snprintf(url, sizeof(url), "%s/v1/auth/token", api_base);
    guess_status[i] = http_do("POST", url, h, body, strlen(body), &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

static void concurrent_guesses_hit_the_limit(void **s)
{
    (void)s;
    pthread_t th[NGUESS];
    int evaluated = 0, limited = 0;
    char id[24], body[256];
    /* an account of its own, so that the lock-out touches no other test */
    snprintf(guess_user, sizeof(guess_user), "guess-target-%d", (int)getpid());
    make_account(guess_user, "admin", "", id, sizeof(id));
    for (long i = 0; i < NGUESS; i++) {
        pthread_create(&th[i], NULL, guess, (void *)i);
    }
    for (int i = 0; i < NGUESS; i++) {
        pthread_join(th[i], NULL);
        evaluated += guess_status[i] == 401;
        limited += guess_status[i] == 429;
    }
    /* every attempt is counted before its password is checked: at most MAX_FAILS of the
     * simultaneous guesses were evaluated, the rest were refused unevaluated */
    assert_true(evaluated <= MAX_FAILS);
    assert_int_equal(evaluated + limited, NGUESS);
    assert_true(limited >= NGUESS - MAX_FAILS);
    /* the right password waits too */
    snprintf(body, sizeof(body),
             "{\"grant_type\":\"password\",\"office\":\"532801\",\"username\":\"%s\",\"password\":\"first-"
             "pass-123\"}",
             guess_user);
    expect_problem(429, "POST", "/v1/auth/token", NULL, body);
}

/* ---- client tokens in flight ---- */

#define NCLIENT 16
static long client_status[NCLIENT];
static char client_body[384], client_url[128];

static void *client_token_req(void *arg)
{
    long i = (long)arg;
    struct http_res r;
    const char *const h[] = {"Content-Type: application/json", "X-Real-IP: 127.0.0.77", NULL};
    client_status[i] = http_do("POST", client_url, h, client_body, strlen(client_body), &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

/* Client secrets are 256-bit random values: a busy client's concurrent token requests
 * from one address are not counted against the address while in flight (with the
 * address limit at 4, 16 at once all succeed), and failures still lock the address. */
static void client_tokens_in_flight_not_throttled(void **s)
{
    (void)s;
    static const char *const env[] = {"YH_LOGIN_IP_MAX_FAILS=4", NULL};
    pthread_t th[NCLIENT];
    struct http_res r;
    char cid[128], sec[128], base[64];
    int ok = 0;
    assert_int_equal(jreq("POST", "/v1/clients", tok_jh, "{\"name\":\"并发客户端\",\"scope\":\"offices:read\"}", &r), 201);
    assert_true(json_member(r.body, "client_id", cid, sizeof(cid)));
    assert_true(json_member(r.body, "client_secret", sec, sizeof(sec)));
    http_free(&r);
    pid_t busy = server_start(env, base, sizeof(base), "build/test-logs/sessions-busy-client.log");
    snprintf(client_url, sizeof(client_url), "%s/v1/auth/token", base);
    snprintf(client_body, sizeof(client_body),
             "{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"%s\"}", cid, sec);
    for (long i = 0; i < NCLIENT; i++) {
        pthread_create(&th[i], NULL, client_token_req, (void *)i);
    }
    for (int i = 0; i < NCLIENT; i++) {
        pthread_join(th[i], NULL);
        ok += client_status[i] == 200;
    }
    assert_int_equal(ok, NCLIENT);
    /* wrong secrets: 4 failures, then the address is locked */
    snprintf(client_body, sizeof(client_body),
             "{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"wrong\"}", cid);
    for (long i = 0; i < 5; i++) {
        client_token_req((void *)i);
        assert_int_equal(client_status[i], i < 4 ? 401 : 429);
    }
    server_stop(busy);
}

/* ---- the token before the body ---- */

/* Sends only the request head (no body) and waits up to ms for a status line. */
static char last_head[2048]; /* the reply head head_only_status read */

static int head_only_status(const char *head, int ms)
{
    /* the service's own order of checks: a process directly (nginx buffers a body before
     * it proxies, except the import's: tests/api/test_nginx.c) */
    int port = atoi(strrchr(api_proc(0), ':') + 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {
        .sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    size_t got = 0;
    last_head[0] = '\0';
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(send(fd, head, strlen(head), 0), (ssize_t)strlen(head));
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (strstr(last_head, "\r\n\r\n") == NULL && got < sizeof(last_head) - 1 && poll(&p, 1, ms) == 1) {
        ssize_t n = recv(fd, last_head + got, sizeof(last_head) - 1 - got, 0);
        if (n <= 0) {
            break;
        }
        got += (size_t)n;
        last_head[got] = '\0';
    }
    close(fd);
    return got >= 12 && strncmp(last_head, "HTTP/1.1 ", 9) == 0 ? atoi(last_head + 9) : -1;
}

static void token_checked_before_body(void **s)
{
    (void)s;
    char head[4096];
    /* a whole import's worth announced, not a byte sent: the reply comes at once */
    assert_int_equal(
        head_only_status("POST /v1/members/import HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
                         "Content-Length: 8000000\r\n\r\n",
                         3000),
        401);
    assert_int_equal(
        head_only_status("POST /v1/members/import HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
                         "Authorization: Bearer not.a.token\r\nContent-Length: 8000000\r\n\r\n",
                         3000),
        401);
    assert_int_equal(
        head_only_status("POST /v1/members HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                         "Content-Length: 200000\r\n\r\n",
                         3000),
        401);
    /* a valid token without the scope: 403, still before the body */
    char narrow[2048];
    assert_int_equal(token_req("{\"grant_type\":\"password\",\"office\":\"532801\",\"username\":\"admin\","
                               "\"password\":\"demo-532801-pass\",\"scope\":\"offices:read\"}",
                               narrow, sizeof(narrow), NULL, 0, NULL, 0),
                     200);
    snprintf(head, sizeof(head),
             "POST /v1/members/import HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nAuthorization: Bearer "
             "%s\r\n"
             "Content-Length: 8000000\r\n\r\n",
             narrow);
    assert_int_equal(head_only_status(head, 3000), 403);
    /* the body it announced was never read: the connection is not reused for it */
    assert_non_null(strstr(last_head, "Connection: close\r\n"));
    snprintf(head, sizeof(head),
             "POST /v1/members/import HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nAuthorization: Bearer "
             "%s\r\n"
             "Content-Length: 8000000\r\n\r\n",
             tok_jh);
    /* a valid token with the scope: the server now waits for the body (no reply) */
    assert_int_equal(head_only_status(head, 700), -1);
}

/* Logs in as office 532801's username; the session must work (cached and uncached). */
static void live_session(const char *user, const char *pw, char *acc, size_t alen, char *rt, size_t rlen)
{
    login("532801", user, pw, acc, alen, rt, rlen);
    expect(200, "GET", "/v1/offices/532801", acc, NULL); /* R_CACHED */
    expect(200, "GET", "/v1/offices/532801", acc, NULL); /* a cache hit */
}

static void assert_session_ended(const char *acc, const char *rt)
{
    char body[256];
    expect_problem(401, "GET", "/v1/offices/532801", acc, NULL); /* cached route: checked with the read */
    expect_problem(401, "GET", "/v1/branches?limit=1", acc, NULL);
    snprintf(body, sizeof(body), "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", rt);
    expect_problem(401, "POST", "/v1/auth/token", NULL, body);
}

static void account_changes_end_sessions(void **s)
{
    (void)s;
    char id[24], branch[24], acc[2048], acc2[2048], rt[128], rt2[128], body[256];
    char user[40];
    first_id("/v1/branches?limit=1", tok_jh, branch, sizeof(branch));

    /* a change that is not about the session leaves it alone */
    snprintf(user, sizeof(user), "sess-name-%d", (int)getpid());
    make_account(user, "admin", "", id, sizeof(id));
    live_session(user, "first-pass-123", acc, sizeof(acc), rt, sizeof(rt));
    patch_account(id, "{\"display_name\":\"新名字\"}", 200);
    expect(200, "GET", "/v1/offices/532801", acc, NULL);
    snprintf(body, sizeof(body), "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", rt);
    assert_int_equal(token_req(body, NULL, 0, NULL, 0, NULL, 0), 200);

    /* disabling: both sessions end (two logins = two families) */
    snprintf(user, sizeof(user), "sess-off-%d", (int)getpid());
    make_account(user, "admin", "", id, sizeof(id));
    live_session(user, "first-pass-123", acc, sizeof(acc), rt, sizeof(rt));
    live_session(user, "first-pass-123", acc2, sizeof(acc2), rt2, sizeof(rt2));
    patch_account(id, "{\"disabled\":true}", 200);
    assert_session_ended(acc, rt);
    assert_session_ended(acc2, rt2);

    /* a role change: secretary -> admin */
    snprintf(user, sizeof(user), "sess-role-%d", (int)getpid());
    snprintf(body, sizeof(body), ",\"branch_id\":\"%s\"", branch);
    make_account(user, "secretary", body, id, sizeof(id));
    live_session(user, "first-pass-123", acc, sizeof(acc), rt, sizeof(rt));
    patch_account(id, "{\"role\":\"admin\"}", 200);
    assert_session_ended(acc, rt);
    /* a new login gets the new role at once */
    live_session(user, "first-pass-123", acc, sizeof(acc), rt, sizeof(rt));
    expect(200, "GET", "/v1/accounts?limit=1", acc, NULL);

    /* a secretary moved to another branch: its tokens carry the old branch as a claim */
    char branch2[24];
    {
        struct http_res lr;
        assert_int_equal(jreq("GET", "/v1/branches?limit=2", tok_jh, NULL, &lr), 200);
        cJSON *o = cJSON_Parse(lr.body);
        cJSON *second = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "items"), 1);
        snprintf(branch2, sizeof(branch2), "%s", cJSON_GetObjectItemCaseSensitive(second, "id")->valuestring);
        cJSON_Delete(o);
        http_free(&lr);
    }
    assert_string_not_equal(branch, branch2);
    snprintf(user, sizeof(user), "sess-move-%d", (int)getpid());
    snprintf(body, sizeof(body), ",\"branch_id\":\"%s\"", branch);
    make_account(user, "secretary", body, id, sizeof(id));
    live_session(user, "first-pass-123", acc, sizeof(acc), rt, sizeof(rt));
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\"}", branch2);
    patch_account(id, body, 200);
    assert_session_ended(acc, rt);

    /* a password change */
    snprintf(user, sizeof(user), "sess-pw-%d", (int)getpid());
    make_account(user, "admin", "", id, sizeof(id));
    live_session(user, "first-pass-123", acc, sizeof(acc), rt, sizeof(rt));
    patch_account(id, "{\"password\":\"second-pass-456\"}", 200);
    assert_session_ended(acc, rt);
    /* the new password's session, made in the same second, works */
    live_session(user, "second-pass-456", acc, sizeof(acc), rt, sizeof(rt));
    snprintf(body, sizeof(body), "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", rt);
    assert_int_equal(token_req(body, NULL, 0, NULL, 0, NULL, 0), 200);
}

/* ---- request ids in the audit trail ---- */

static void audit_keeps_server_request_id(void **s)
{
    (void)s;
    struct http_res r;
    char mid[24], path[96], rid[80], crid[80], hdr[80];
    first_id("/v1/members?limit=1", tok_jh, mid, sizeof(mid));
    snprintf(path, sizeof(path), "/v1/members/%s?reveal=true", mid);
    const char *const h[] = {"X-Request-ID: forged-id-0042", NULL};
    assert_int_equal(req("GET", path, tok_jh, NULL, NULL, h, &r), 200);
    /* the caller's id is echoed for its own correlation */
    assert_true(http_header(&r, "X-Request-ID", hdr, sizeof(hdr)));
    assert_string_equal(hdr, "forged-id-0042");
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/audit?action=member.read_pii&limit=1", tok_jh, NULL, &r), 200);
    cJSON *o = cJSON_Parse(r.body);
    cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0);
    assert_non_null(it);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(it, "action")), "member.read_pii");
    snprintf(rid, sizeof(rid), "%s", cJSON_GetStringValue(cJSON_GetObjectItem(it, "request_id")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(it, "client_request_id")));
    snprintf(crid, sizeof(crid), "%s", cJSON_GetStringValue(cJSON_GetObjectItem(it, "client_request_id")));
    cJSON_Delete(o);
    http_free(&r);
    /* the row carries the server's own id (24 hex digits), the client's beside it */
    assert_string_equal(crid, "forged-id-0042");
    assert_string_not_equal(rid, "forged-id-0042");
    assert_int_equal(strlen(rid), 24);
    assert_int_equal(strspn(rid, "0123456789abcdef"), 24);
    /* problem bodies name both */
    req("GET", "/v1/nope", tok_jh, NULL, NULL, h, &r);
    assert_problem(&r, 404);
    assert_true(json_member(r.body, "request_id", rid, sizeof(rid)));
    assert_true(json_member(r.body, "client_request_id", crid, sizeof(crid)));
    assert_int_equal(strlen(rid), 24);
    assert_string_equal(crid, "forged-id-0042");
    http_free(&r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refresh_keeps_granted_scopes),     cmocka_unit_test(oversight_is_read_only),
        cmocka_unit_test(account_changes_end_sessions),     cmocka_unit_test(audit_keeps_server_request_id),
        cmocka_unit_test(concurrent_guesses_hit_the_limit), cmocka_unit_test(client_tokens_in_flight_not_throttled), cmocka_unit_test(token_checked_before_body),
    };
    return cmocka_run_group_tests_name("api: sessions and request handling", tests, setup, api_stop);
}
