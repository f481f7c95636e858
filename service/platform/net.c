/* Outbound HTTP for webhook deliveries (see net.h). */
#include "yinhui/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

bool url_parse(const char *s, struct url *u, const char **why)
{
    memset(u, 0, sizeof(*u));
    *why = NULL;
    const char *p;
    if (strncasecmp(s, "https://", 8) == 0) {
        u->https = true;
        u->port = 443;
        p = s + 8;
    } else if (strncasecmp(s, "http://", 7) == 0) {
        u->port = 80;
        p = s + 7;
    } else {
        *why = "must start with https:// (or http:// in development)";
        return false;
    }
    size_t hl = strcspn(p, ":/?#");
    if (hl == 0 || hl >= sizeof(u->host)) {
        *why = "has no host";
        return false;
    }
    memcpy(u->host, p, hl);
    for (size_t i = 0; i < hl; i++) {
        char c = u->host[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
            *why = "host must be a name or an IPv4 address (no user info)";
            return false;
        }
    }
    p += hl;
    if (*p == ':') {
        char *end;
        long port = strtol(p + 1, &end, 10);
        if (end == p + 1 || port < 1 || port > 65535) {
            *why = "has a bad port";
            return false;
        }
        u->port = (int)port;
        p = end;
    }
    if (*p == '#' || strchr(p, '#')) {
        *why = "must not carry a fragment";
        return false;
    }
    if (*p != '\0' && *p != '/' && *p != '?') {
        *why = "is malformed after the host";
        return false;
    }
    snprintf(u->path, sizeof(u->path), "%s%s", *p == '/' ? "" : "/", p);
    for (const char *c = u->path; *c; c++) {
        if ((unsigned char)*c <= ' ' || *c == 0x7f) {
            *why = "must not contain spaces or control characters";
            return false;
        }
    }
    return true;
}

static bool v4_public(uint32_t a)
{
    static const struct {
        uint32_t net, mask;
    } blocked[] = {
        {0x00000000, 0xff000000}, /* 0.0.0.0/8 */
        {0x0a000000, 0xff000000}, /* 10/8 */
        {0x64400000, 0xffc00000}, /* 100.64/10 CGNAT */
        {0x7f000000, 0xff000000}, /* 127/8 */
        {0xa9fe0000, 0xffff0000}, /* 169.254/16 link-local, cloud metadata */
        {0xac100000, 0xfff00000}, /* 172.16/12 */
        {0xc0000000, 0xffffff00}, /* 192.0.0/24 */
        {0xc0000200, 0xffffff00}, /* 192.0.2/24 TEST-NET-1 */
        {0xc0a80000, 0xffff0000}, /* 192.168/16 */
        {0xc6120000, 0xfffe0000}, /* 198.18/15 */
        {0xc6336400, 0xffffff00}, /* 198.51.100/24 */
        {0xcb007100, 0xffffff00}, /* 203.0.113/24 */
        {0xe0000000, 0xe0000000}, /* 224/3: multicast, reserved, broadcast */
    };
    for (size_t i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++) {
        if ((a & blocked[i].mask) == blocked[i].net) {
            return false;
        }
    }
    return true;
}

bool addr_public(const struct sockaddr *addr)
{
    if (addr->sa_family == AF_INET) {
        return v4_public(ntohl(((const struct sockaddr_in *)addr)->sin_addr.s_addr));
    }
    if (addr->sa_family == AF_INET6) {
        const unsigned char *b = ((const struct sockaddr_in6 *)addr)->sin6_addr.s6_addr;
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(b, mapped, 12) == 0) {
            return v4_public((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15]);
        }
        /* only global unicast 2000::/3 */
        return (b[0] & 0xe0) == 0x20;
    }
    return false;
}

bool url_resolve_checked(const struct url *u, bool allow_private, struct sockaddr_storage *out, socklen_t *outlen,
                         const char **why)
{
    struct addrinfo hints, *res = NULL;
    char port[8];
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(port, sizeof(port), "%d", u->port);
    *why = NULL;
    if (getaddrinfo(u->host, port, &hints, &res) != 0 || res == NULL) {
        *why = "host does not resolve";
        return false;
    }
    bool found = false;
    for (struct addrinfo *a = res; a != NULL; a = a->ai_next) {
        if (!allow_private && !addr_public(a->ai_addr)) {
            *why = "resolves to a private, loopback or reserved address";
            found = false;
            break;
        }
        if (!found && a->ai_addrlen <= sizeof(*out)) {
            memcpy(out, a->ai_addr, a->ai_addrlen);
            *outlen = (socklen_t)a->ai_addrlen;
            found = true;
        }
    }
    freeaddrinfo(res);
    if (!found && *why == NULL) {
        *why = "host has no usable address";
    }
    return found;
}

/* ---- one attempt under one absolute deadline ----
 * The socket stays non-blocking from connect to close; every wait (connect, each step
 * of the TLS handshake, each write and each read of the response) polls for the time
 * left until the attempt's deadline, so a receiver that answers one byte at a time
 * cannot hold the attempt past it. */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct conn {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    int64_t deadline; /* CLOCK_MONOTONIC ms */
    bool late;        /* a wait ran into the deadline */
};

/* Waits until fd is ready for events or the deadline passes (then sets c->late). */
static bool wait_ready(struct conn *c, short events)
{
    for (;;) {
        int64_t left = c->deadline - mono_ms();
        if (left <= 0) {
            c->late = true;
            return false;
        }
        struct pollfd pfd = {.fd = c->fd, .events = events};
        int n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
        if (n > 0) {
            return true;
        }
        if (n < 0 && errno != EINTR) {
            return false;
        }
    }
}

/* After a non-blocking TLS call returned r: waits for what OpenSSL asked for; false
 * when the call failed for good or the deadline passed. */
static bool tls_wait(struct conn *c, int r)
{
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ) {
        return wait_ready(c, POLLIN);
    }
    if (e == SSL_ERROR_WANT_WRITE) {
        return wait_ready(c, POLLOUT);
    }
    return false;
}

static int connect_by(struct conn *c, const struct sockaddr_storage *addr, socklen_t len)
{
    c->fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (c->fd < 0) {
        return -1;
    }
    if (connect(c->fd, (const struct sockaddr *)addr, len) != 0) {
        if (errno != EINPROGRESS) {
            return -1;
        }
        int soerr = 0;
        socklen_t sl = sizeof(soerr);
        if (!wait_ready(c, POLLOUT)) {
            errno = ETIMEDOUT;
            return -1;
        }
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0) {
            errno = soerr ? soerr : EIO;
            return -1;
        }
    }
    return 0;
}

static int conn_write(struct conn *c, const char *p, size_t n)
{
    while (n > 0) {
        if (c->ssl) {
            int w = SSL_write(c->ssl, p, (int)n);
            if (w <= 0) {
                if (!tls_wait(c, w)) {
                    return -1;
                }
                continue;
            }
            p += w;
            n -= (size_t)w;
        } else {
            ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
            if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
                if (!wait_ready(c, POLLOUT)) {
                    return -1;
                }
                continue;
            }
            if (w <= 0) {
                return -1;
            }
            p += w;
            n -= (size_t)w;
        }
    }
    return 0;
}

/* Reads what is there (waiting for the deadline at most): >0 bytes, 0 at the end, -1. */
static ssize_t conn_read(struct conn *c, char *p, size_t n)
{
    for (;;) {
        if (c->ssl) {
            int r = SSL_read(c->ssl, p, (int)n);
            if (r > 0) {
                return r;
            }
            if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN) {
                return 0;
            }
            if (!tls_wait(c, r)) {
                return -1;
            }
        } else {
            ssize_t r = recv(c->fd, p, n, 0);
            if (r >= 0) {
                return r;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                return -1;
            }
            if (!wait_ready(c, POLLIN)) {
                return -1;
            }
        }
    }
}

static void conn_close(struct conn *c)
{
    if (c->ssl) {
        SSL_shutdown(c->ssl); /* one non-blocking try: the close_notify, no wait for the peer's */
        SSL_free(c->ssl);
    }
    if (c->ctx) {
        SSL_CTX_free(c->ctx);
    }
    if (c->fd >= 0) {
        close(c->fd);
    }
}

static bool tls_start(struct conn *c, const char *host, char *err, size_t errlen)
{
    c->ctx = SSL_CTX_new(TLS_client_method());
    if (c->ctx == NULL) {
        snprintf(err, errlen, "TLS unavailable");
        return false;
    }
    SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_default_verify_paths(c->ctx);
    c->ssl = SSL_new(c->ctx);
    bool ok = c->ssl != NULL && SSL_set_fd(c->ssl, c->fd) == 1 &&
              SSL_set_tlsext_host_name(c->ssl, host) == 1 && SSL_set1_host(c->ssl, host) == 1;
    while (ok) {
        int r = SSL_connect(c->ssl);
        if (r == 1) {
            return true;
        }
        ok = tls_wait(c, r);
    }
    unsigned long e = ERR_get_error();
    if (c->late) {
        snprintf(err, errlen, "the attempt's deadline passed during the TLS handshake");
    } else {
        snprintf(err, errlen, "TLS handshake failed%s%s", e ? ": " : "", e ? ERR_reason_error_string(e) : "");
    }
    ERR_clear_error();
    return false;
}

int http_post(const struct url *u, const struct sockaddr_storage *addr, socklen_t addrlen, const char *headers,
              const char *body, size_t len, int timeout_ms, char *err, size_t errlen)
{
    struct conn c = {.fd = -1, .deadline = mono_ms() + timeout_ms};
    char head[2048], resp[512];
    int status = -1;
    if (connect_by(&c, addr, addrlen) != 0) {
        char eb[128];
        if (c.late) {
            snprintf(err, errlen, "the attempt's deadline passed while connecting");
        } else {
            snprintf(err, errlen, "connect failed: %s", strerror_r(errno, eb, sizeof(eb)));
        }
        conn_close(&c);
        return -1;
    }
    if (u->https && !tls_start(&c, u->host, err, errlen)) {
        conn_close(&c);
        return -1;
    }
    int hn = snprintf(head, sizeof(head),
                      "POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: yinhui-webhooks\r\nContent-Type: application/json\r\n"
                      "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
                      u->path, u->host, len, headers);
    if (hn < 0 || (size_t)hn >= sizeof(head) || conn_write(&c, head, (size_t)hn) != 0 || conn_write(&c, body, len) != 0) {
        snprintf(err, errlen, c.late ? "the attempt's deadline passed while sending" : "sending failed");
        conn_close(&c);
        return -1;
    }
    size_t got = 0;
    while (got < sizeof(resp) - 1 && memchr(resp, '\n', got) == NULL) {
        ssize_t r = conn_read(&c, resp + got, sizeof(resp) - 1 - got);
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    resp[got] = '\0';
    int major, minor;
    if (c.late) {
        snprintf(err, errlen, "the attempt's deadline of %d ms passed before the response", timeout_ms);
        status = -1;
    } else if (sscanf(resp, "HTTP/%d.%d %d", &major, &minor, &status) != 3 || status < 100 || status > 599) {
        snprintf(err, errlen, got ? "malformed response" : "no response");
        status = -1;
    }
    conn_close(&c);
    return status;
}
