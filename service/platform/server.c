/* The HTTP front: the only place that includes civetweb.h. One request = parse, route,
 * authenticate, read body, run the handler, write the whole response in one send. */
#include <civetweb.h>
#include <dirent.h>
#include <malloc.h>
#include <stdatomic.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/auth.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/idempotency.h"
#include "yinhui/json_in.h"
#include "yinhui/keys.h"
#include "yinhui/metrics.h"
#include "yinhui/replica.h"
#include "yinhui/revocation.h"

/* Per worker thread: its DB connection, Redis context and a log buffer that a flusher
 * thread writes out every 100 ms (one write per request would cost ~10% of /healthz). */
struct worker {
    struct db *db;
    struct db *replica; /* YH_DB_REPLICA_*: opened with db, connects when first used */
    struct cache *cache;
    pthread_mutex_t log_lock;
    struct buf log;
    struct worker *next;
};

struct server {
    struct app *app;
    pthread_mutex_t lock;
    struct worker *workers;
    volatile sig_atomic_t stop;
    atomic_bool draining; /* stopping: every response closes its connection */
    int quiet_fd;         /* the write end of the pipe put in place of the listeners */
    atomic_int open;      /* connections open (accepted, not yet closed) */
};

static struct server srv;

const char *req_header(const struct req *r, const char *name)
{
    return mg_get_header((const struct mg_connection *)r->conn, name);
}

static void *on_init_thread(const struct mg_context *ctx, int type)
{
    (void)ctx;
    if (type != 1) {
        return NULL;
    }
    struct worker *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        abort();
    }
    pthread_mutex_init(&w->log_lock, NULL);
    w->cache = cache_open(&srv.app->cfg);
    pthread_mutex_lock(&srv.lock);
    w->next = srv.workers;
    srv.workers = w;
    pthread_mutex_unlock(&srv.lock);
    return w;
}

static void flush_worker(struct worker *w)
{
    pthread_mutex_lock(&w->log_lock);
    if (w->log.len > 0) {
        size_t off = 0;
        while (off < w->log.len) {
            ssize_t n = write(STDOUT_FILENO, w->log.data + off, w->log.len - off);
            if (n <= 0) {
                break;
            }
            off += (size_t)n;
        }
        w->log.len = 0;
    }
    pthread_mutex_unlock(&w->log_lock);
}

static void flush_all(void)
{
    pthread_mutex_lock(&srv.lock);
    for (struct worker *w = srv.workers; w != NULL; w = w->next) {
        flush_worker(w);
    }
    pthread_mutex_unlock(&srv.lock);
}

static void on_exit_thread(const struct mg_context *ctx, int type, void *p)
{
    (void)ctx;
    (void)type;
    struct worker *w = p;
    if (w == NULL) {
        return;
    }
    db_close(w->replica);
    w->replica = NULL;
    db_close(w->db);
    w->db = NULL;
    cache_close(w->cache);
    w->cache = NULL;
    /* the struct stays on the list (and its log is flushed) until http_serve returns */
}

static const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 428:
        return "Precondition Required";
    case 429:
        return "Too Many Requests";
    case 503:
        return "Service Unavailable";
    default:
        return status < 500 ? "Client Error" : "Internal Server Error";
    }
}

static bool request_id_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.')) {
            return false;
        }
    }
    return true;
}

static bool trusted_proxy(const char *list, const char *addr)
{
    size_t al = strlen(addr);
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == al && strncmp(p, addr, n) == 0) {
            return true;
        }
        p += n;
        if (*p == ',') {
            p++;
        }
    }
    return false;
}

/* Reads the body in a loop up to the limit. Returns false when it has replied. */
static bool read_body_or_reply(struct req *r, const struct mg_request_info *ri)
{
    struct mg_connection *conn = r->conn;
    size_t max = (size_t)((r->route->flags & R_CSV_BODY) ? r->app->cfg.import_max : r->app->cfg.body_max);
    struct buf b = {0};
    char chunk[16384];
    if (ri->content_length > (long long)max) {
        reply_problem(r, YH_ERR_TOO_LARGE, "request body exceeds the limit", NULL); /* and closes */
        return false;
    }
    for (;;) {
        int n = mg_read(conn, chunk, sizeof(chunk));
        if (n <= 0) {
            break;
        }
        if (b.len + (size_t)n > max) {
            buf_free(&b);
            reply_problem(r, YH_ERR_TOO_LARGE, "request body exceeds the limit", NULL); /* and closes */
            return false;
        }
        buf_append(&b, chunk, (size_t)n);
    }
    if (b.data == NULL) {
        buf_append(&b, "", 0);
    }
    r->body = b.data;
    r->body_len = b.len;
    return true;
}

static bool media_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct != NULL && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static bool parse_body_or_reply(struct req *r)
{
    const char *ct = req_header(r, "Content-Type");
    char msg[160];
    if (r->body_len == 0 && ct == NULL) {
        return true; /* no body: handlers that need one reply 400 */
    }
    if (r->route->flags & R_CSV_BODY) {
        if (!media_is(ct, "text/csv")) {
            reply_problem(r, YH_ERR_MEDIA_TYPE, "Content-Type must be text/csv", NULL);
            return false;
        }
        return true;
    }
    if ((r->route->flags & R_FORM_BODY) && media_is(ct, "application/x-www-form-urlencoded")) {
        if (form_parse(r->body, r->body_len, &r->form, msg, sizeof(msg)) != 0) {
            reply_problem(r, YH_ERR_BAD_REQUEST, msg, NULL);
            return false;
        }
        r->form_body = true;
        return true;
    }
    if (!media_is(ct, "application/json")) {
        reply_problem(r, YH_ERR_MEDIA_TYPE, "Content-Type must be application/json", NULL);
        return false;
    }
    if (json_parse_strict(r->body, r->body_len, JSON_MAX_DEPTH, &r->json, msg, sizeof(msg)) != YH_OK) {
        reply_problem(r, YH_ERR_BAD_REQUEST, msg, NULL);
        return false;
    }
    return true;
}

/* The memory freed goes back to the system (malloc_trim), at most once per
 * TRIM_INTERVAL_S across the threads, unless YH_MALLOC_TRIM_BYTES is 0. */
#define TRIM_INTERVAL_S 0.05
static void trim_now(const struct app *app)
{
    static _Atomic double last;
    double now = mono_s(), was = atomic_load(&last);
    if (app->cfg.malloc_trim_bytes == 0 || now - was < TRIM_INTERVAL_S ||
        !atomic_compare_exchange_strong(&last, &was, now)) {
        return;
    }
    malloc_trim(0);
}

/* After a response of trim_bytes or more: what its building freed. */
static void trim_after(const struct app *app, size_t body)
{
    if (body >= (size_t)app->cfg.malloc_trim_bytes) {
        trim_now(app);
    }
}

static bool ensure_db_or_reply(struct req *r, struct worker *w)
{
    enum yh_err err;
    if (w->db == NULL) {
        w->db = db_open(&r->app->cfg, &err);
    }
    if (w->db == NULL) {
        reply_problem(r, YH_ERR_UNAVAILABLE, "database unavailable", NULL);
        return false;
    }
    if (w->replica == NULL && db_replica_configured(&r->app->cfg)) {
        w->replica = db_open_replica(&r->app->cfg, &err);
        if (w->replica != NULL) {
            db_set_fallback(w->replica, w->db);
        }
    }
    double idle_s = (double)r->app->cfg.db_stmt_idle_s;
    if (db_forget_idle(w->db, r->t0, idle_s) + db_forget_idle(w->replica, r->t0, idle_s) > 0) {
        trim_now(r->app); /* the statements' memory, rather than wait for a large response */
    }
    r->db = w->db;
    r->replica = w->replica;
    return true;
}

/* Verifies the bearer token; reloads the key table once for an unknown kid (a key
 * rotated in by another process). Returns false when it has replied. */
static bool authenticate_or_reply(struct req *r)
{
    const char *h = req_header(r, "Authorization");
    enum tok_result res;
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) {
        reply_problem(r, YH_ERR_UNAUTHORIZED, "a bearer token is required", NULL);
        return false;
    }
    r->token = h + 7;
    keys_refresh_if_stale(r->app, r->db);
    res = token_verify(&r->app->cfg, r->app->keys, r->app->tokens, r->token, now_s(), &r->claims);
    if (res == TOK_UNKNOWN_KID && keys_refresh_forced(r->app, r->db)) {
        res = token_verify(&r->app->cfg, r->app->keys, r->app->tokens, r->token, now_s(), &r->claims);
    }
    if (res != TOK_OK) {
        reply_problem(r, YH_ERR_UNAUTHORIZED, "token is invalid or expired", NULL);
        return false;
    }
    if (r->route->scope != 0 && (r->claims.scopes & r->route->scope) != r->route->scope) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the token lacks the scope this operation needs", NULL);
        return false;
    }
    /* a relative's account acts for its member in urgent help only: the scope-0 routes check
     * members, secretaries and staff by role and were not written for it */
    if (req_is_relative(r) && !(r->route->scope & SC_CARE_REQUEST) && !(r->route->flags & R_ANY_ROLE)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "a relative's account is for urgent help requests only", NULL);
        return false;
    }
    /* any role but staff and clients (a relative's too) is bounded by a branch or a member */
    if ((r->route->flags & R_OFFICE_WIDE) && !req_whole_office(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "this operation is for office staff", NULL);
        return false;
    }
    if ((r->route->flags & R_STAFF) && strcmp(r->claims.role, "admin") != 0) {
        reply_problem(r, YH_ERR_FORBIDDEN, "this operation is for office staff", NULL);
        return false;
    }
    if ((r->route->flags & R_PERSONAL) && strcmp(r->claims.role, "integration") == 0 &&
        !(r->claims.scopes & SC_PII_READ)) {
        reply_problem(r, YH_ERR_FORBIDDEN,
                      "integration clients need the pii:read scope, granted by an admin, for personal data",
                      NULL);
        return false;
    }
    return true;
}

static bool not_revoked_or_reply(struct req *r)
{
    bool revoked = false;
    if (revocation_check(r->db, r->cache, r->claims.jti, &revoked) != YH_OK) {
        reply_problem(r, YH_ERR_UNAVAILABLE, "cannot check the token", NULL);
        return false;
    }
    if (revoked) {
        reply_problem(r, YH_ERR_UNAUTHORIZED, "token has been revoked", NULL);
        return false;
    }
    return true;
}

static void run_handler(struct req *r)
{
    const char *idem = req_header(r, "Idempotency-Key");
    if ((r->route->flags & R_IDEMPOTENT) && idem != NULL) {
        if (idem_begin_or_reply(r, idem)) {
            r->route->handler(r);
            idem_end(r, idem);
        }
    } else {
        r->route->handler(r);
    }
    req_publish_writes(r);
}

static void dispatch(struct req *r, struct worker *w, const struct mg_request_info *ri)
{
    char allow[64];
    char msg[160];
    const struct route *route = NULL;
    bool needs_body;

    switch (router_match(r->app->routes, r->app->nroutes, r->method, r->path, &route, &r->pp, allow,
                         sizeof(allow))) {
    case ROUTE_NO_PATH:
        reply_problem(r, YH_ERR_NOT_FOUND, "no such resource", NULL);
        return;
    case ROUTE_NO_METHOD:
        reply_problem(r, YH_ERR_METHOD, "method not allowed here", NULL);
        reply_header(r, "Allow", allow);
        return;
    case ROUTE_FOUND:
        break;
    }
    r->route = route;
    if (query_parse(ri->query_string, route->query, &r->q, msg, sizeof(msg)) != 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, msg, NULL);
        return;
    }
    needs_body =
        strcmp(r->method, "POST") == 0 || strcmp(r->method, "PATCH") == 0 || strcmp(r->method, "PUT") == 0;
    if (!(route->flags & R_NODB) && !ensure_db_or_reply(r, w)) {
        return;
    }
    /* the token (from the headers) is checked before a byte of the body is read: a
     * caller without a valid one never makes us wait for or buffer up to YH_IMPORT_MAX */
    if (!(route->flags & R_PUBLIC)) {
        if (!authenticate_or_reply(r)) {
            return;
        }
        if ((route->flags & R_CACHED) && r->app->cfg.cache) {
            r->deny_pending = true; /* checked with the cached read, or after the handler */
        } else if (!not_revoked_or_reply(r)) {
            return;
        }
    }
    if (needs_body && !read_body_or_reply(r, ri)) {
        return;
    }
    if (needs_body && (route->flags & (R_JSON_BODY | R_FORM_BODY | R_CSV_BODY)) && !parse_body_or_reply(r)) {
        return;
    }
    run_handler(r);
    if (r->deny_pending) {
        r->deny_pending = false;
        bool revoked = false;
        enum yh_err err = revocation_check(r->db, r->cache, r->claims.jti, &revoked);
        if (err != YH_OK || revoked) {
            buf_free(&r->headers);
            reply_problem(r, err != YH_OK ? YH_ERR_UNAVAILABLE : YH_ERR_UNAUTHORIZED,
                          err != YH_OK ? "cannot check the token" : "token has been revoked", NULL);
        }
    }
}

/* Status line and headers, without printf: the same bytes as before for every response;
 * room for reserve more bytes (one allocation). */
static void response_head(struct req *r, size_t body, size_t reserve, struct buf *b)
{
    buf_grow(b, 256 + r->headers.len + reserve);
    buf_puts(b, "HTTP/1.1 ");
    buf_put_int(b, r->status);
    buf_puts(b, " ");
    buf_puts(b, reason(r->status));
    buf_puts(b, "\r\n");
    if (r->content_type != NULL) {
        buf_puts(b, "Content-Type: ");
        buf_puts(b, r->content_type);
        buf_puts(b, "\r\n");
    }
    buf_puts(b, "Content-Length: ");
    buf_put_int(b, (long long)body);
    buf_puts(b, "\r\nX-Request-ID: ");
    buf_puts(b, r->client_request_id[0] ? r->client_request_id : r->request_id);
    buf_puts(b, "\r\n");
    if (r->status == 401 || r->body_unread || atomic_load(&srv.draining)) {
        /* civetweb closes after a 401 anyway; a body left unread must not be taken for
         * the next request on this connection; a stopping process lets its clients'
         * (nginx's) kept-alive connections go one response at a time */
        buf_puts(b, "Connection: close\r\n");
    }
    if (r->headers.len > 0) {
        buf_append(b, r->headers.data, r->headers.len);
    }
    buf_puts(b, "\r\n");
}

/* The whole response in one send: the head goes into the room the reply left before the
 * body (reply.c), else head and body are put together in one buffer. */
static void write_response(struct req *r)
{
    struct buf h = {0};
    size_t body = 0;
    const char *data = reply_body(r, &body);
    if (r->status == 304) {
        body = 0;
    }
    bool room = body > 0 && r->out_off >= 256 + r->headers.len; /* what response_head can write */
    response_head(r, body, room ? 0 : body, &h);
    if (room && h.len <= r->out_off) {
        char *start = r->out.data + r->out_off - h.len;
        memcpy(start, h.data, h.len);
        mg_write(r->conn, start, h.len + body);
    } else {
        if (body > 0) {
            buf_append(&h, data, body);
        }
        mg_write(r->conn, h.data, h.len);
    }
    buf_free(&h);
}

static void log_request(struct req *r, struct worker *w, double dur)
{
    if (!r->app->cfg.access_log || w == NULL) {
        return;
    }
    pthread_mutex_lock(&w->log_lock);
    buf_printf(&w->log,
               "{\"ts\":%lld,\"request_id\":\"%s\",\"client_request_id\":\"%s\",\"method\":\"%s\","
               "\"route\":\"%s\",\"status\":%d,\"duration_ms\":%.3f,\"office\":\"%s\"}\n",
               (long long)now_ms(), r->request_id, r->client_request_id, r->method,
               r->route ? r->route->pattern : "unmatched", r->status, dur * 1000.0, r->claims.office);
    bool full = w->log.len > 32768;
    pthread_mutex_unlock(&w->log_lock);
    if (full) {
        flush_worker(w);
    }
}

/* The server's request id: 12 random bytes in hex, from a per-thread pool refilled 32 ids
 * at a time (a RAND_bytes call per request was a quarter of /healthz's own instructions). */
static void new_request_id(char *out)
{
    enum { ID_BYTES = 12, POOL = 32 * ID_BYTES };
    static _Thread_local unsigned char pool[POOL];
    static _Thread_local size_t used = POOL;
    if (used == POOL) {
        random_bytes(pool, POOL);
        used = 0;
    }
    hex_encode(pool + used, ID_BYTES, out);
    used += ID_BYTES;
}

static int on_request(struct mg_connection *conn, void *cbdata)
{
    struct app *app = cbdata;
    struct worker *w = mg_get_thread_pointer(conn);
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct req r;
    double t0 = mono_s();
    const char *rid = NULL;
    const char *real_ip = NULL;
    int status;

    metrics_enter(app->metrics);
    memset(&r, 0, sizeof(r));
    r.app = app;
    r.conn = conn;
    r.t0 = t0;
    r.method = ri->request_method;
    r.path = ri->local_uri ? ri->local_uri : "/";
    r.cache = w ? w->cache : NULL;
    /* the server's own id goes to the audit trail and the log; a client's X-Request-ID
     * is kept beside it (and echoed), never instead of it */
    new_request_id(r.request_id);
    rid = mg_get_header(conn, "X-Request-ID");
    if (request_id_ok(rid)) {
        snprintf(r.client_request_id, sizeof(r.client_request_id), "%s", rid);
    }
    snprintf(r.client_ip, sizeof(r.client_ip), "%s", ri->remote_addr);
    real_ip = mg_get_header(conn, "X-Real-IP");
    if (real_ip != NULL && strlen(real_ip) < sizeof(r.client_ip) &&
        trusted_proxy(app->cfg.trusted_proxies, ri->remote_addr)) {
        snprintf(r.client_ip, sizeof(r.client_ip), "%s", real_ip);
    }
    if (w != NULL && w->db != NULL && cache_take_reconnected(w->cache)) {
        revocation_resync(w->db, w->cache);
    }
    if (w == NULL) {
        reply_problem(&r, YH_ERR_INTERNAL, NULL, NULL);
    } else {
        dispatch(&r, w, ri);
    }
    req_cache_end(&r);
    r.body_unread =
        r.body == NULL && (ri->content_length > 0 || mg_get_header(conn, "Transfer-Encoding") != NULL);
    if (r.db != NULL && db_in_tx(r.db)) {
        db_rollback(r.db); /* a handler that forgot its transaction must not leak it */
    }
    write_response(&r);
    size_t sent = r.out.len - r.out_off;
    status = r.status;
    double dur = mono_s() - t0;
    metrics_observe(app->metrics, r.route ? (size_t)(r.route - app->routes) : app->nroutes, status, dur);
    log_request(&r, w, dur);
    cJSON_Delete(r.json);
    free(r.body);
    buf_free(&r.headers);
    buf_free(&r.out);
    trim_after(app, sent);
    return status;
}

/* Every request reaches on_request from the first connection accepted: as begin_request,
 * given to mg_start itself. A handler set after mg_start left a moment in which Civetweb
 * answered requests (the test servers' /healthz polls) with its own text/plain 404. */
static int on_begin_request(struct mg_connection *conn)
{
    return on_request(conn, mg_get_user_data(mg_get_context(conn)));
}

static void on_signal(int sig)
{
    (void)sig;
    srv.stop = 1;
}

/* The service's listening sockets (SO_ACCEPTCONN on its ports), shut down and each replaced by the
 * read end of a pipe that nobody writes: the listener is gone, so new connections are
 * refused at once (nginx tries the next upstream, a POST too: nothing was sent), while
 * Civetweb's accept loop polls a descriptor that never becomes readable until mg_stop
 * closes it. Civetweb has no call that closes its listeners alone. */
/* Whether fd is a listening socket on one of the service's ports (the process may hold
 * other listening sockets it inherited, which are not its to close: shutdown acts on the
 * socket every holder shares). */
static bool our_listener(int fd, const struct mg_server_port *ports, int n)
{
    int acc = 0;
    socklen_t len = sizeof(acc);
    struct sockaddr_storage a;
    socklen_t alen = sizeof(a);
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) != 0 || !acc ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
        return false;
    }
    int port = a.ss_family == AF_INET    ? ntohs(((struct sockaddr_in *)&a)->sin_port)
               : a.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&a)->sin6_port)
                                         : -1;
    for (int i = 0; i < n; i++) {
        if (ports[i].port == port) {
            return true;
        }
    }
    return false;
}

static void close_listeners(struct mg_context *ctx)
{
    int p[2];
    struct mg_server_port ports[8];
    int n = mg_get_server_ports(ctx, 8, ports);
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL || n <= 0 || pipe(p) != 0) {
        if (d != NULL) {
            closedir(d);
        }
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int fd = atoi(e->d_name);
        if (e->d_name[0] != '.' && fd != dirfd(d) && our_listener(fd, ports, n)) {
            /* shutdown first: Civetweb's poll holds the socket, which close alone would
             * leave listening (connections queued, never accepted) until poll returns */
            shutdown(fd, SHUT_RDWR);
            dup2(p[0], fd);
        }
    }
    closedir(d);
    close(p[0]);
    srv.quiet_fd = p[1];
}

/* SIGTERM's graceful stop, before mg_stop: the listeners close, the requests in flight
 * finish, and every response closes its kept-alive connection, until no connection is
 * left open or drain_ms has passed: nginx closes the connections it holds idle after its
 * upstream keepalive_timeout (deploy/nginx.conf, below drain_ms), so that it never sends
 * a request (a POST it would not retry) on one that mg_stop is closing. */
static void drain(const struct app *app, struct mg_context *ctx)
{
    atomic_store(&srv.draining, true);
    close_listeners(ctx);
    for (int64_t waited = 0; waited < app->cfg.drain_ms && atomic_load(&srv.open) > 0; waited += 50) {
        usleep(50000);
        flush_all();
    }
}

static int on_init_connection(const struct mg_connection *conn, void **data)
{
    (void)conn;
    (void)data;
    atomic_fetch_add(&srv.open, 1);
    return 0;
}

static void on_connection_closed(const struct mg_connection *conn)
{
    (void)conn;
    atomic_fetch_sub(&srv.open, 1);
}

/* drain, then mg_stop: it lets the requests in flight finish, then joins the workers */
static void stop_gracefully(const struct app *app, struct mg_context *ctx)
{
    drain(app, ctx);
    mg_stop(ctx);
    if (srv.quiet_fd > 0) {
        close(srv.quiet_fd);
    }
}

/* After mg_stop: the workers' last log lines out, their records freed. */
static void free_workers(void)
{
    flush_all();
    pthread_mutex_lock(&srv.lock);
    while (srv.workers != NULL) {
        struct worker *w = srv.workers;
        srv.workers = w->next;
        buf_free(&w->log);
        pthread_mutex_destroy(&w->log_lock);
        free(w);
    }
    pthread_mutex_unlock(&srv.lock);
}

/* Civetweb's callbacks: the worker threads' state, the request handler, and the open
 * connections the graceful stop waits for. */
static void set_callbacks(struct mg_callbacks *cb)
{
    memset(cb, 0, sizeof(*cb));
    cb->init_thread = on_init_thread;
    cb->exit_thread = on_exit_thread;
    cb->begin_request = on_begin_request;
    cb->init_connection = on_init_connection;
    cb->connection_closed = on_connection_closed;
}

int http_serve(struct app *app)
{
    char threads[16];
    char keepalive[16];
    struct mg_callbacks cb;
    struct mg_context *ctx = NULL;
    const char *opts[] = {"listening_ports",
                          app->cfg.listen,
                          "num_threads",
                          threads,
                          "enable_keep_alive",
                          "yes",
                          "tcp_nodelay",
                          "1",
                          "keep_alive_timeout_ms",
                          keepalive,
                          "request_timeout_ms",
                          "30000",
                          "max_request_size",
                          "32768",
                          NULL};

    snprintf(threads, sizeof(threads), "%lld", (long long)app->cfg.threads);
    snprintf(keepalive, sizeof(keepalive), "%lld", (long long)app->cfg.keepalive_ms);
    set_callbacks(&cb);
    srv.app = app;
    pthread_mutex_init(&srv.lock, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    mg_init_library(0);
    struct cache_tracker *tracker = cache_tracker_start(&app->cfg);
    struct replica_monitor *monitor = replica_monitor_start(&app->cfg);
    ctx = mg_start(&cb, app, opts);
    if (ctx == NULL) {
        fprintf(stderr, "yinhui: cannot listen on %s (YH_LISTEN)\n", app->cfg.listen);
        replica_monitor_stop(monitor);
        cache_tracker_stop(tracker);
        return 1;
    }
    atomic_store(&app->ready, true);
    fprintf(stderr, "{\"level\":\"info\",\"msg\":\"serving\",\"listen\":\"%s\"}\n", app->cfg.listen);
    while (!srv.stop) {
        usleep(100000);
        flush_all();
    }
    atomic_store(&app->ready, false);
    stop_gracefully(app, ctx);
    replica_monitor_stop(monitor);
    cache_tracker_stop(tracker);
    mg_exit_library();
    free_workers();
    fprintf(stderr, "{\"level\":\"info\",\"msg\":\"stopped\"}\n");
    return 0;
}
