#ifndef YINHUI_NET_H
#define YINHUI_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* Outbound HTTP for webhook deliveries: URL parsing, the address policy against SSRF,
 * and one POST over plain TCP or TLS (OpenSSL) to an address already checked. */

struct url {
    bool https;
    char host[256];
    int port;
    char path[512]; /* with the query, at least "/" */
};
/* Parses http(s)://host[:port][/path]; no user info, no fragment. false with a reason. */
bool url_parse(const char *s, struct url *u, const char **why);

/* True when addr is a public unicast address (not loopback, private, link-local, CGNAT,
 * multicast, reserved, unspecified, or an IPv4-mapped one of those). */
bool addr_public(const struct sockaddr *addr);

/* Resolves u->host and checks every address: all must be public unless allow_private.
 * The first acceptable address goes to out (the connection uses it: no second lookup,
 * so a rebinding resolver cannot swap it). false with a reason. */
bool url_resolve_checked(const struct url *u, bool allow_private, struct sockaddr_storage *out, socklen_t *outlen,
                         const char **why);

/* POSTs body to u at addr with extra header lines (each ending \r\n). Returns the HTTP
 * status, or -1 with a reason in err when no response came. timeout_ms is one absolute
 * deadline for the whole attempt: connect, TLS handshake, sending and the status line
 * (a receiver that drips bytes is cut when it passes). */
int http_post(const struct url *u, const struct sockaddr_storage *addr, socklen_t addrlen, const char *headers,
              const char *body, size_t len, int timeout_ms, char *err, size_t errlen);

#endif
