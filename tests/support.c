#include "support.h"

#include "yinhui/db.h"

#include <arpa/inet.h>
#include <errno.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "yinhui/access.h"
#include "yinhui/care_due.h"
#include "yinhui/json_in.h"
#include "yinhui/util.h"

/* Pins this process's clock before any test runs (see support.h). */
__attribute__((constructor)) static void test_clock_init(void)
{
    const char *pin = getenv("YH_TEST_CLOCK");
    char cn[20];
    if (pin == NULL || pin[0] == '\0') {
        return;
    }
    if (!datetime_parse(pin, cn)) {
        fprintf(stderr, "YH_TEST_CLOCK must be a time like 2027-01-01T00:30:00+08:00\n");
        exit(1);
    }
    clock_pin(time_cn_parse(cn));
}

int64_t test_now(void)
{
    return now_s();
}

void test_today(char out[11])
{
    today_cn(out);
}

void test_cn_at(int64_t offset_s, char out[26])
{
    char cn[20];
    time_cn(now_s() + offset_s, cn);
    time_cn_rfc3339(cn, out);
}

static size_t collect(char *p, size_t sz, size_t n, void *ud)
{
    buf_append(ud, p, sz * n);
    return sz * n;
}

/* The contract log (YH_CONTRACT_LOG, a folder; tests/checks/contract.sh reads it): one JSON
 * line per response in <dir>/<pid>.jsonl, one write(2) of the whole line on an O_APPEND
 * file, so threads and processes never interleave. The JSON body as text, else its length. */
static bool json_type(const char *ct)
{
    size_t n = strcspn(ct, "; ");
    return (n == 16 && strncasecmp(ct, "application/json", n) == 0) ||
           (n == 24 && strncasecmp(ct, "application/problem+json", n) == 0);
}

static const char *header_in(const char *const *headers, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; headers != NULL && headers[i] != NULL; i++) {
        if (strncasecmp(headers[i], name, n) == 0 && headers[i][n] == ':') {
            return headers[i] + n + 1 + strspn(headers[i] + n + 1, " ");
        }
    }
    return NULL;
}

static void contract_add_reply(cJSON *o, const struct http_res *res, size_t len)
{
    char ct[256] = "", server[128];
    bool has_ct = http_header(res, "Content-Type", ct, sizeof(ct));
    cJSON_AddNumberToObject(o, "status", (double)res->status);
    cJSON_AddItemToObject(o, "ctype", has_ct ? cJSON_CreateString(ct) : cJSON_CreateNull());
    if (http_header(res, "Server", server, sizeof(server))) {
        cJSON_AddStringToObject(o, "server", server);
    }
    cJSON_AddBoolToObject(o, "request_id", http_header(res, "X-Request-ID", server, sizeof(server)));
    char ce[32];
    if (has_ct && json_type(ct) && http_header(res, "Content-Encoding", ce, sizeof(ce)) &&
        strcasecmp(ce, "gzip") == 0) {
        size_t n = 0; /* the JSON a gzip client reads */
        char *json = gunzip_all(res->body, len, &n);
        cJSON_AddStringToObject(o, "body", json);
        free(json);
    } else if (has_ct && json_type(ct) && strlen(res->body) == len) {
        cJSON_AddStringToObject(o, "body", res->body);
    } else {
        cJSON_AddNumberToObject(o, "body_len", (double)len);
    }
}

static void contract_log(const char *method, const char *url, const char *const *headers,
                         const char *transport_error, const struct http_res *res, size_t len)
{
    const char *dir = getenv("YH_CONTRACT_LOG"), *path = url, *rct;
    char file[600];
    if (dir == NULL || dir[0] == '\0') {
        return;
    }
    if (strstr(url, "://") != NULL) {
        path = strchr(strstr(url, "://") + 3, '/');
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "prog", program_invocation_short_name);
    cJSON_AddStringToObject(o, "method", method);
    cJSON_AddStringToObject(o, "url", path ? path : "/");
    rct = header_in(headers, "Content-Type");
    cJSON_AddItemToObject(o, "req_ctype", rct ? cJSON_CreateString(rct) : cJSON_CreateNull());
    if (transport_error != NULL) {
        cJSON_AddStringToObject(o, "transport_error", transport_error);
    } else {
        contract_add_reply(o, res, len);
    }
    char *line = cJSON_PrintUnformatted(o);
    size_t n = strlen(line);
    line[n] = '\n'; /* over the NUL: written by length */
    snprintf(file, sizeof(file), "%s/%d.jsonl", dir, (int)getpid());
    int fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, line, n + 1) != (ssize_t)(n + 1)) {
        fprintf(stderr, "contract log %s: cannot write\n", file);
    }
    if (fd >= 0) {
        close(fd);
    }
    cJSON_free(line);
    cJSON_Delete(o);
}

int http_do(const char *method, const char *url, const char *const *headers, const char *body,
            size_t body_len, struct http_res *res)
{
    CURL *c = curl_easy_init();
    struct curl_slist *hl = NULL;
    struct buf b = {0}, h = {0};
    CURLcode rc;
    memset(res, 0, sizeof(*res));
    for (size_t i = 0; headers != NULL && headers[i] != NULL; i++) {
        hl = curl_slist_append(hl, headers[i]);
    }
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    if (body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    buf_append(&b, "", 0);
    buf_append(&h, "", 0);
    res->body = b.data;
    res->body_len = b.len;
    res->headers = h.data;
    contract_log(method, url, headers, rc == CURLE_OK ? NULL : curl_easy_strerror(rc), res, b.len);
    return rc == CURLE_OK ? 0 : -1;
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)le16(p) | (unsigned long)le16(p + 2) << 16;
}

char *gunzip_all(const void *in, size_t n, size_t *outlen)
{
    struct buf out = {0};
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    int rc = Z_OK;
    while (rc == Z_OK) {
        buf_grow(&out, 65536);
        z.next_out = (Bytef *)out.data + out.len;
        z.avail_out = 65536;
        rc = inflate(&z, Z_NO_FLUSH);
        out.len = z.total_out;
    }
    assert_int_equal(rc, Z_STREAM_END);
    assert_int_equal(z.avail_in, 0);
    inflateEnd(&z);
    buf_append(&out, "", 0);
    *outlen = out.len;
    return out.data;
}

/* Inflates the stored or deflated data at p (csize bytes) into a buffer of usize + 1. */
static char *zip_inflate(const unsigned char *p, size_t csize, size_t usize, unsigned method)
{
    char *out = calloc(1, usize + 1);
    if (method == 0 && csize == usize) {
        memcpy(out, p, usize);
        return out;
    }
    z_stream z = {0};
    z.next_in = (unsigned char *)p;
    z.avail_in = (unsigned)csize;
    z.next_out = (unsigned char *)out;
    z.avail_out = (unsigned)usize;
    if (method != 8 || inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        free(out);
        return NULL;
    }
    int rc = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    return out;
}

char *zip_entry(const char *zip, size_t n, const char *name)
{
    const unsigned char *z = (const unsigned char *)zip, *eocd = NULL;
    for (size_t i = n >= 22 ? n - 22 : 0; n >= 22 && i + 1 > 0; i--) {
        if (le32(z + i) == 0x06054b50UL) {
            eocd = z + i;
            break;
        }
    }
    if (eocd == NULL) {
        return NULL;
    }
    size_t off = le32(eocd + 16), entries = le16(eocd + 10), nlen = strlen(name);
    for (size_t k = 0; k < entries && off + 46 <= n && le32(z + off) == 0x02014b50UL; k++) {
        const unsigned char *c = z + off;
        size_t fl = le16(c + 28), lho = le32(c + 42);
        if (fl == nlen && memcmp(c + 46, name, nlen) == 0 && lho + 30 <= n) {
            const unsigned char *l = z + lho;
            size_t data = lho + 30 + le16(l + 26) + le16(l + 28), csize = le32(c + 20);
            return data + csize <= n ? zip_inflate(z + data, csize, le32(c + 24), le16(c + 10)) : NULL;
        }
        off += 46 + fl + le16(c + 30) + le16(c + 32);
    }
    return NULL;
}

void http_free(struct http_res *res)
{
    free(res->body);
    free(res->headers);
    memset(res, 0, sizeof(*res));
}

bool http_header(const struct http_res *res, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name);
    for (const char *p = res->headers; p && *p;) {
        const char *eol = strstr(p, "\r\n");
        if (eol == NULL) {
            break;
        }
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ') {
                v++;
            }
            snprintf(out, outlen, "%.*s", (int)(eol - v), v);
            return true;
        }
        p = eol + 2;
    }
    return false;
}

bool has_id(const char *body, const char *id)
{
    char q[64];
    snprintf(q, sizeof(q), "\"%s\"", id);
    return strstr(body, q) != NULL;
}

bool json_member(const char *body, const char *name, char *out, size_t outlen)
{
    cJSON *o = cJSON_Parse(body);
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    bool ok = false;
    if (cJSON_IsString(it)) {
        snprintf(out, outlen, "%s", it->valuestring);
        ok = true;
    } else if (cJSON_IsNumber(it)) {
        snprintf(out, outlen, "%lld", (long long)it->valuedouble);
        ok = true;
    }
    cJSON_Delete(o);
    return ok;
}

void test_config(struct config *cfg)
{
    char err[256];
    if (config_load(cfg, NULL, err, sizeof(err)) != 0) {
        fprintf(stderr, "test config: %s\n", err);
        exit(1);
    }
}

struct db *test_db(void)
{
    struct config cfg;
    enum yh_err err;
    struct db *db = NULL;
    test_config(&cfg);
    db = db_open(&cfg, &err);
    assert_non_null(db);
    return db;
}

struct config itest_cfg;
struct db *itest_db;

int itest_config_setup(void **state)
{
    (void)state;
    test_config(&itest_cfg);
    return 0;
}

long long session_rows_read(struct db *db)
{
    struct db_rows rows;
    assert_int_equal(db_exec(db,
                             "SELECT SUM(CAST(VARIABLE_VALUE AS UNSIGNED)) FROM information_schema.SESSION_STATUS "
                             "WHERE VARIABLE_NAME IN ('HANDLER_READ_NEXT', 'HANDLER_READ_PREV', 'HANDLER_READ_RND_NEXT')",
                             NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    long long n = db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    return n;
}

int itest_setup(void **state)
{
    enum yh_err err;
    itest_config_setup(state);
    itest_db = db_open(&itest_cfg, &err);
    assert_non_null(itest_db);
    return 0;
}

int itest_teardown(void **state)
{
    (void)state;
    db_close(itest_db);
    itest_db = NULL;
    return 0;
}

int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    bind(fd, (struct sockaddr *)&a, sizeof(a));
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    return ntohs(a.sin_port);
}

int listen_loopback(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_port = htons((uint16_t)port);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(fd, 64), 0);
    return fd;
}

int accept_while(int fd, const atomic_bool *stop)
{
    while (!atomic_load(stop)) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 50) == 1) {
            int c = accept(fd, NULL, NULL);
            if (c >= 0) {
                return c;
            }
        }
    }
    return -1;
}

void head_value(const char *head, const char *name, char *out, size_t n)
{
    char key[64];
    snprintf(key, sizeof(key), "\r\n%s:", name);
    const char *p = strcasestr(head, key);
    out[0] = '\0';
    if (p) {
        p += strlen(key);
        while (*p == ' ') {
            p++;
        }
        snprintf(out, n, "%.*s", (int)strcspn(p, "\r\n"), p);
    }
}

const char *test_log_path(const char *log_path, char *out, size_t n)
{
    const char *dir = getenv("YH_TEST_LOG_DIR");
    if (log_path == NULL) {
        return NULL;
    }
    const char *name = strrchr(log_path, '/');
    if (dir == NULL || !dir[0]) {
        snprintf(out, n, "%s", log_path);
    } else {
        snprintf(out, n, "%s/%s", dir, name ? name + 1 : log_path);
    }
    return out;
}

pid_t server_start(const char *const *env, char *base, size_t baselen, const char *log_path)
{
    int port = free_port();
    char listen[32], lane_log[512];
    log_path = test_log_path(log_path, lane_log, sizeof(lane_log));
    const char *bin = getenv("YH_BIN") ? getenv("YH_BIN") : "build/yinhui";
    snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
    snprintf(base, baselen, "http://127.0.0.1:%d", port);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        setenv("YH_LISTEN", listen, 1);
        if (clock_pinned()) {
            char at[26];
            test_cn_at(0, at);
            setenv("YH_TEST_MODE", "1", 1);
            setenv("YH_TEST_CLOCK", at, 1);
        }
        for (size_t i = 0; env != NULL && env[i] != NULL; i++) {
            putenv((char *)env[i]);
        }
        execl(bin, bin, "serve", (char *)NULL);
        _exit(127);
    }
    char url[128];
    snprintf(url, sizeof(url), "%s/healthz", base);
    /* up to 30 s: a loaded machine (make asan, two lanes) starts it slowly */
    for (int i = 0; i < 600; i++) {
        struct http_res r;
        if (http_do("GET", url, NULL, NULL, 0, &r) == 0 && r.status == 200) {
            http_free(&r);
            return pid;
        }
        http_free(&r);
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "server did not start, see %s\n", log_path ? log_path : "(no log)");
    kill(pid, SIGKILL);
    exit(1);
}

void server_stop(pid_t pid)
{
    int st;
    kill(pid, SIGTERM);
    waitpid(pid, &st, 0);
}

long long server_metric(const char *base, const char *name)
{
    struct http_res r;
    char url[128], needle[96];
    snprintf(url, sizeof(url), "%s/metrics", base);
    assert_int_equal(http_do("GET", url, NULL, NULL, 0, &r), 0);
    snprintf(needle, sizeof(needle), "\n%s ", name);
    const char *p = strstr(r.body, needle);
    if (p == NULL) {
        fail_msg("no metric %s", name);
    }
    long long v = strtoll(p + strlen(needle), NULL, 10);
    http_free(&r);
    return v;
}

void test_redis_down(void)
{
    /* redis-cli's own exit code after SHUTDOWN says nothing (the server closes on it):
     * the next ping must fail */
    assert_int_equal(system("redis-cli -p \"$YH_REDIS_PORT\" shutdown nosave >/dev/null 2>&1; sleep 0.3; "
                            "! redis-cli -p \"$YH_REDIS_PORT\" ping >/dev/null 2>&1"),
                     0);
}

void test_redis_up(void)
{
    const char *cmd = getenv("YH_TEST_REDIS_START");
    assert_int_equal(system(cmd && cmd[0] ? cmd : "YH_PRIVATE=1 scripts/services.sh start"), 0);
}

/* ---- two processes ---- */

void api_on(const char *base)
{
    snprintf(api_base, sizeof(api_base), "%s", base);
}

void pair_start(struct proc_pair *p, const char *office, const char *name, const char *const *env,
                const char *log, const char *member, const char *year)
{
    char cmd[512], path[128], idno[19], id[24];
    snprintf(cmd, sizeof(cmd),
             "\"$YH_BIN\" office add %s %s 532800 >/dev/null && YH_NEW_PASSWORD=demo-%s-pass "
             "\"$YH_BIN\" account add %s admin admin 管理员 >/dev/null",
             office, name, office, office);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof(path), "build/test-logs/%s-a.log", log);
    p->pid_a = server_start(env, p->base_a, sizeof(p->base_a), path);
    snprintf(path, sizeof(path), "build/test-logs/%s-b.log", log);
    p->pid_b = server_start(env, p->base_b, sizeof(p->base_b), path);
    api_on(p->base_a);
    snprintf(cmd, sizeof(cmd), "demo-%s-pass", office);
    login(office, "admin", cmd, p->tok, sizeof(p->tok), NULL, 0);
    idno_seq(idno, "530000", year, (unsigned)getpid() % 900);
    member_create(p->tok, member, idno, "retired", "", id, sizeof(id));
    snprintf(p->member_path, sizeof(p->member_path), "/v1/members/%s", id);
}

void pair_stop(struct proc_pair *p)
{
    server_stop(p->pid_a);
    server_stop(p->pid_b);
}

void wait_metric(const char *base, const char *name, long long want)
{
    for (int i = 0; i < 250 && server_metric(base, name) < want; i++) {
        usleep(20 * 1000);
    }
    assert_true(server_metric(base, name) >= want);
}

void refused_within_1s(const char *base, const char *path, const char *token)
{
    api_on(base);
    double t0 = mono_s();
    for (;;) {
        struct http_res r;
        long st = jreq("GET", path, token, NULL, &r);
        if (st != 401 && st != 200) {
            fail_msg("%s answered %ld on %s while the token was being revoked: %s", base, st, path,
                     r.body != NULL ? r.body : "");
        }
        http_free(&r);
        if (st == 401) {
            return;
        }
        if (mono_s() - t0 > 1.0) {
            fail_msg("%s still accepts the revoked token on %s after 1 s", base, path);
        }
        usleep(1000);
    }
}

/* ---- API test helpers ---- */

char api_base[64];
/* The service processes behind api_base: one, or YH_TEST_NGINX of them behind nginx. */
static pid_t api_pid[API_MAX_PROCS];
static char api_direct[API_MAX_PROCS][64];
static int api_n;
static char api_nginx[512]; /* nginx's folder while it runs, else "" */

/* YH_TEST_NGINX=N (2 to API_MAX_PROCS): the API tests' server is N processes behind
 * deploy/nginx.conf (scripts/nginx.sh); unset or below 2: one process, no nginx. */
static int api_nginx_procs(void)
{
    const char *v = getenv("YH_TEST_NGINX");
    int n = v ? atoi(v) : 0;
    if (n > API_MAX_PROCS) {
        fprintf(stderr, "YH_TEST_NGINX: at most %d processes\n", API_MAX_PROCS);
        exit(1);
    }
    return n >= 2 ? n : 1;
}

/* log_path with -a, -b, ... before its .log: one log per process. */
static void proc_log(const char *log_path, int i, char *out, size_t n)
{
    const char *dot = strrchr(log_path, '.');
    int stem = dot && strcmp(dot, ".log") == 0 ? (int)(dot - log_path) : (int)strlen(log_path);
    snprintf(out, n, "%.*s-%c.log", stem, log_path, 'a' + i);
}

/* nginx on a free port in front of the processes, its folder in the test logs (one per
 * start: build/test-logs/nginx-<program>-<pid>-<k>/, with procs naming each upstream A, B,
 * ... for scripts/test.sh's split); points api_base at it. */
static void api_nginx_start(void)
{
    static int starts;
    char name[160], cmd[1024], ports[64] = "";
    int port = free_port();
    snprintf(name, sizeof(name), "build/test-logs/nginx-%s-%d-%d", program_invocation_short_name,
             (int)getpid(), ++starts);
    test_log_path(name, api_nginx, sizeof(api_nginx));
    snprintf(cmd, sizeof(cmd), "mkdir -p %s", api_nginx);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "%s/procs", api_nginx);
    FILE *fp = fopen(cmd, "w");
    assert_non_null(fp);
    for (int i = 0; i < api_n; i++) {
        const char *port_at = strrchr(api_direct[i], ':') + 1;
        fprintf(fp, "%c 127.0.0.1:%s\n", 'A' + i, port_at);
        snprintf(ports + strlen(ports), sizeof(ports) - strlen(ports), " %s", port_at);
    }
    fclose(fp);
    snprintf(cmd, sizeof(cmd), "scripts/nginx.sh start %s %d%s%s", api_nginx, port, ports,
             getenv("YH_TEST_NGINX_NO_LIMIT") ? " --no-rate-limit" : "");
    assert_int_equal(system(cmd), 0);
    snprintf(api_base, sizeof(api_base), "http://127.0.0.1:%d", port);
}

void api_start(const char *const *env, const char *log_path)
{
    char path[512];
    api_n = api_nginx_procs();
    for (int i = 0; i < api_n; i++) {
        if (api_n > 1 && log_path != NULL) {
            proc_log(log_path, i, path, sizeof(path));
        }
        api_pid[i] =
            server_start(env, api_direct[i], sizeof(api_direct[i]), api_n > 1 && log_path ? path : log_path);
    }
    if (api_n == 1) {
        api_on(api_direct[0]);
        return;
    }
    api_nginx_start();
}

int api_stop(void **state)
{
    (void)state;
    char cmd[600];
    if (api_nginx[0] != '\0') {
        snprintf(cmd, sizeof(cmd), "scripts/nginx.sh stop %s", api_nginx);
        if (system(cmd) != 0) {
            fprintf(stderr, "nginx in %s did not stop\n", api_nginx);
        }
        api_nginx[0] = '\0';
    }
    for (int i = 0; i < api_n; i++) {
        server_stop(api_pid[i]);
    }
    api_n = 0;
    return 0;
}

int api_procs(void)
{
    return api_n;
}

const char *api_proc(int i)
{
    return api_direct[i];
}

long long api_metric(const char *name)
{
    long long sum = 0;
    for (int i = 0; i < api_n; i++) {
        sum += server_metric(api_direct[i], name);
    }
    return sum;
}

long req(const char *method, const char *path, const char *token, const char *ctype, const char *body,
         const char *const *extra, struct http_res *res)
{
    char url[1024], auth[2200], ct[128];
    const char *hs[12];
    size_t n = 0;
    if (token != NULL) {
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
        hs[n++] = auth;
    }
    if (ctype != NULL) {
        snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
        hs[n++] = ct;
    }
    for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 10; i++) {
        hs[n++] = extra[i];
    }
    hs[n] = NULL;
    snprintf(url, sizeof(url), "%s%s", api_base, path);
    assert_int_equal(http_do(method, url, hs, body, body ? strlen(body) : 0, res), 0);
    return res->status;
}

long jreq(const char *method, const char *path, const char *token, const char *body, struct http_res *res)
{
    return req(method, path, token, body ? "application/json" : NULL, body, NULL, res);
}

void login(const char *office, const char *user, const char *pw, char *out, size_t outlen, char *refresh,
           size_t rlen)
{
    char body[256];
    struct http_res r;
    snprintf(body, sizeof(body),
             "{\"grant_type\":\"password\",\"office\":\"%s\",\"username\":\"%s\",\"password\":\"%s\"}",
             office, user, pw);
    assert_int_equal(jreq("POST", "/v1/auth/token", NULL, body, &r), 200);
    assert_true(json_member(r.body, "access_token", out, outlen));
    if (refresh != NULL) {
        assert_true(json_member(r.body, "refresh_token", refresh, rlen));
    }
    http_free(&r);
}

void assert_problem_at(struct http_res *r, long status, const char *file, int line)
{
    char ct[128], st[16];
    _assert_int_equal((uintmax_t)r->status, (uintmax_t)status, file, line);
    assert_true(http_header(r, "Content-Type", ct, sizeof(ct)));
    assert_string_equal(ct, "application/problem+json");
    assert_true(json_member(r->body, "status", st, sizeof(st)));
    assert_int_equal(atol(st), status);
    assert_true(json_member(r->body, "type", st, sizeof(st)));
}

long test_db_count(const char *sql, const struct db_param *p, size_t n)
{
    struct db_rows rows;
    struct db *db = test_db();
    assert_int_equal(db_exec(db, sql, p, n, &rows, NULL, NULL), YH_OK);
    long count = (long)db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    db_close(db);
    return count;
}

char *test_db_string(struct db *db, const char *sql)
{
    struct db_rows rows;
    assert_int_equal(db_exec(db, sql, NULL, 0, &rows, NULL, NULL), YH_OK);
    const char *v = rows.nrows > 0 ? db_str(&rows, 0, 0) : NULL;
    char *s = strdup(v ? v : "");
    db_rows_free(&rows);
    assert_non_null(s);
    return s;
}

long outbox_count(const char *type, const char *needle)
{
    struct db_param p[] = {P_STR(type), P_STR(needle)};
    return test_db_count("SELECT COUNT(*) FROM outbox WHERE type = ? AND INSTR(payload, ?) > 0", p, 2);
}

char idno_check_char(const char *d17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        sum += (d17[i] - '0') * w[i];
    }
    return "10X98765432"[sum % 11];
}

void idno_make(char out[19], const char *division, const char *ymd, unsigned seq)
{
    snprintf(out, 19, "%.6s%.8s%03u", division, ymd, seq % 1000u);
    out[17] = idno_check_char(out);
    out[18] = '\0';
}

void post_created(const char *path, const char *token, const char *body, char *id, size_t idlen)
{
    struct http_res r;
    long st = jreq("POST", path, token, body, &r);
    if (st != 201) {
        fprintf(stderr, "POST %s: %ld %s\n", path, st, r.body);
    }
    assert_int_equal(st, 201);
    assert_true(json_member(r.body, "id", id, idlen));
    http_free(&r);
}

void idno_seq(char out[19], const char *division, const char *year, unsigned seq)
{
    char ymd[9];
    snprintf(ymd, sizeof(ymd), "%.4s%02u%02u", year, 1u + seq / 28u % 12u, 1u + seq % 28u);
    idno_make(out, division, ymd, seq);
}

/* Sends the request and, when its status is not the wanted one, says which request it
 * was before failing at the caller's line. */
static long expect_send(long status, const char *method, const char *path, const char *token,
                        const char *body, const char *const *extra, const char *file, int line,
                        struct http_res *r)
{
    long st = req(method, path, token, body ? "application/json" : NULL, body, extra, r);
    if (st != status) {
        fprintf(stderr, "%s:%d: %s %s%s%s: %ld %s (expected %ld)\n", file, line, method, path,
                body ? " " : "", body ? body : "", st, r->body, status);
        http_free(r);
        _assert_int_equal((uintmax_t)st, (uintmax_t)status, file, line);
    }
    return st;
}

void expect_at(long status, const char *method, const char *path, const char *token, const char *body,
               const char *const *extra, const char *file, int line)
{
    struct http_res r;
    expect_send(status, method, path, token, body, extra, file, line, &r);
    http_free(&r);
}

void expect_field_at(long status, const char *method, const char *path, const char *token, const char *body,
                     const char *field, const char *file, int line)
{
    struct http_res r;
    char want[96];
    expect_send(status, method, path, token, body, NULL, file, line, &r);
    snprintf(want, sizeof(want), "\"field\":\"%s\"", field);
    if (strstr(r.body, want) == NULL) {
        fprintf(stderr, "%s:%d: %s %s %s: %s (expected a problem naming %s)\n", file, line, method, path,
                body ? body : "", r.body, field);
        http_free(&r);
        _fail(file, line);
    }
    http_free(&r);
}

void expect_problem_at(long status, const char *method, const char *path, const char *token, const char *body,
                       const char *const *extra, const char *file, int line)
{
    struct http_res r;
    req(method, path, token, body ? "application/json" : NULL, body, extra, &r);
    if (r.status != status) {
        fprintf(stderr, "%s:%d: %s %s%s%s: %ld %s (expected a problem %ld)\n", file, line, method, path,
                body ? " " : "", body ? body : "", r.status, r.body, status);
    }
    assert_problem_at(&r, status, file, line);
    http_free(&r);
}

cJSON *expect_json_at(long status, const char *method, const char *path, const char *token, const char *body,
                      const char *file, int line)
{
    struct http_res r;
    cJSON *j = NULL;
    expect_send(status, method, path, token, body, NULL, file, line, &r);
    j = cJSON_Parse(r.body);
    if (j == NULL) {
        fprintf(stderr, "%s:%d: %s %s: not JSON: %s\n", file, line, method, path, r.body);
        http_free(&r);
        _fail(file, line);
    }
    http_free(&r);
    return j;
}

void if_match(const char *path, const char *token, char *header, size_t n)
{
    struct http_res r;
    char v[32];
    assert_int_equal(jreq("GET", path, token, NULL, &r), 200);
    assert_true(json_member(r.body, "version", v, sizeof(v)));
    snprintf(header, n, "If-Match: \"%s\"", v);
    http_free(&r);
}

void branch_create(const char *token, const char *name, const char *nature, const char *host_type, char *id,
                   size_t idlen)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"name\":\"%s\",\"level\":\"branch\",\"nature\":\"%s\",\"host_type\":\"%s\"}", name, nature,
             host_type);
    post_created("/v1/branches", token, body, id, idlen);
}

void member_create(const char *token, const char *name, const char *idno, const char *category,
                   const char *extra, char *id, size_t idlen)
{
    char body[1024];
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"id_number\":\"%s\",\"category\":\"%s\"%s}", name, idno,
             category, extra);
    post_created("/v1/members", token, body, id, idlen);
}

void team_create(const char *token, const char *name, const char *speciality, char *id, size_t idlen)
{
    char body[256];
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"speciality\":\"%s\"}", name, speciality);
    post_created("/v1/volunteer-teams", token, body, id, idlen);
}

void member_account_create(const char *admin, const char *user, const char *display, const char *pw,
                           const char *member_id, char *id, size_t idlen)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"%s\",\"role\":\"member\",\"password\":\"%s\",\"member_"
             "id\":\"%s\"}",
             user, display, pw, member_id);
    post_created("/v1/accounts", admin, body, id, idlen);
}

void client_token(const char *admin, const char *name, const char *scope, char *tok, size_t toklen, char *cid,
                  size_t cidlen)
{
    struct http_res r;
    char body[512], id[128], sec[128];
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"scope\":\"%s\"}", name, scope);
    assert_int_equal(jreq("POST", "/v1/clients", admin, body, &r), 201);
    assert_true(json_member(r.body, "client_id", id, sizeof(id)));
    assert_true(json_member(r.body, "client_secret", sec, sizeof(sec)));
    http_free(&r);
    if (cid != NULL) {
        snprintf(cid, cidlen, "%s", id);
    }
    snprintf(body, sizeof(body),
             "{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"%s\"}", id,
             sec);
    assert_int_equal(jreq("POST", "/v1/auth/token", NULL, body, &r), 200);
    assert_true(json_member(r.body, "access_token", tok, toklen));
    http_free(&r);
}

struct cJSON *care_due_json(const struct due_params *p, const struct care_member *m, size_t n,
                            const struct holiday *hol, size_t nhol, const struct holiday *next, size_t nnext)
{
    struct buf text = {0};
    care_due_list(p, m, n, hol, nhol, next, nnext, &text);
    cJSON *body = cJSON_ParseWithLength(text.data, text.len);
    assert_non_null(body);
    buf_free(&text);
    return body;
}

void run_cmd(const char *cmd, char *out, size_t n)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    assert_int_equal(pclose(p), 0);
}

void save_body(const struct http_res *res, const char *file)
{
    FILE *fp = fopen(file, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(res->body, 1, res->body_len, fp), res->body_len);
    fclose(fp);
}

void talent_admitted(const char *token, const char *body, char *id, size_t idlen)
{
    char path[96], ifm[40];
    post_created("/v1/talents", token, body, id, idlen);
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "/v1/talents/%s", id);
        if_match(path, token, ifm, sizeof(ifm));
        const char *h[] = {ifm, NULL};
        snprintf(path, sizeof(path), "/v1/talents/%s/transitions", id);
        expect_with(200, "POST", path, token, i ? "{\"to\":\"admitted\"}" : "{\"to\":\"under_review\"}", h);
    }
}
