#include "yinhui/router.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Matches one pattern against path; fills pp on success. */
static bool match_pattern(const char *pattern, const char *path, struct path_params *pp)
{
    const char *p = pattern;
    const char *s = path;
    pp->n = 0;
    while (*p != '\0' && *s != '\0') {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t len = strcspn(s, "/");
            if (close == NULL || len == 0 || len >= PATH_PARAM_LEN || pp->n >= PATH_PARAMS_MAX) {
                return false;
            }
            pp->name[pp->n] = p + 1; /* up to '}' — compared with path_param below */
            memcpy(pp->value[pp->n], s, len);
            pp->value[pp->n][len] = '\0';
            pp->n++;
            p = close + 1;
            s += len;
            continue;
        }
        if (*p != *s) {
            return false;
        }
        p++;
        s++;
    }
    return *p == '\0' && *s == '\0';
}

/* Number of {parameter} segments: of the patterns that match a path, the one with the
 * fewest wins, so /v1/branches/tree beats /v1/branches/{id} whatever the table order. */
static int pattern_params(const char *pattern)
{
    int n = 0;
    for (const char *c = pattern; *c != '\0'; c++) {
        n += *c == '{';
    }
    return n;
}

/* Of 320 routes a path can only match those with as many segments whose first two it
 * shares (a parameter never holds a '/'): each route keeps its count of '/' and a hash
 * of its first two segments (RI_ANY when a parameter starts there), so a request
 * compares two integers per route and runs match_pattern on a handful (the scan of
 * every pattern cost a cached read ~20k instructions). */
#define RI_ANY 0u
#define RI_TABLES 8
struct route_index {
    const struct route *routes;
    size_t n;
    struct {
        uint32_t key, slashes;
    } r[];
};
static _Atomic(struct route_index *) ri_tables[RI_TABLES];
static pthread_mutex_t ri_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t slashes_of(const char *s)
{
    uint32_t n = 0;
    for (; *s != '\0'; s++) {
        n += *s == '/';
    }
    return n;
}

/* FNV-1a of s up to its third '/' (a path's "/v1/members" of "/v1/members/7"); for a
 * pattern, RI_ANY when a '{' comes first. A path matches a pattern only if both give the
 * same text there: the literal part of a pattern matches byte for byte. */
static uint32_t prefix_key(const char *s, bool pattern)
{
    uint32_t h = 2166136261u;
    int slashes = 0;
    for (; *s != '\0'; s++) {
        if (*s == '/' && ++slashes == 3) {
            break;
        }
        if (pattern && *s == '{') {
            return RI_ANY;
        }
        h = (h ^ (unsigned char)*s) * 16777619u;
    }
    return h == RI_ANY ? 1u : h;
}

/* The index of this table, built on first use (a few tables per process: the app's and
 * the tests'); NULL when there is no room for another (then every pattern is tried). */
static const struct route_index *route_index_of(const struct route *routes, size_t n)
{
    for (int i = 0; i < RI_TABLES; i++) {
        struct route_index *ri = atomic_load(&ri_tables[i]);
        if (ri != NULL && ri->routes == routes && ri->n == n) {
            return ri;
        }
    }
    struct route_index *found = NULL;
    pthread_mutex_lock(&ri_lock);
    for (int i = 0; i < RI_TABLES && found == NULL; i++) {
        struct route_index *ri = atomic_load(&ri_tables[i]);
        if (ri != NULL && ri->routes == routes && ri->n == n) {
            found = ri;
        } else if (ri == NULL && (ri = malloc(sizeof(*ri) + n * sizeof(ri->r[0]))) != NULL) {
            ri->routes = routes;
            ri->n = n;
            for (size_t k = 0; k < n; k++) {
                ri->r[k].key = prefix_key(routes[k].pattern, true);
                ri->r[k].slashes = slashes_of(routes[k].pattern);
            }
            atomic_store(&ri_tables[i], ri);
            found = ri;
        }
    }
    pthread_mutex_unlock(&ri_lock);
    return found;
}

/* The methods of routes[others[0..n)] into allow, ", "-separated (those that fit). */
static void allow_list(const struct route *routes, const size_t *others, size_t n, char *allow,
                       size_t allowlen)
{
    size_t used = 0;
    for (size_t k = 0; k < n; k++) {
        int w = snprintf(allow + used, allowlen - used, "%s%s", used ? ", " : "", routes[others[k]].method);
        if (w > 0 && (size_t)w < allowlen - used) {
            used += (size_t)w;
        }
    }
}

enum route_result router_match(const struct route *routes, size_t n, const char *method, const char *path,
                               const struct route **out, struct path_params *pp, char *allow, size_t allowlen)
{
    const struct route *best = NULL;
    int best_params = 0;
    size_t others[16], nothers = 0; /* routes of the path with another method (405's Allow) */
    bool path_seen = false;
    const struct route_index *ri = route_index_of(routes, n);
    uint32_t key = prefix_key(path, false), slashes = slashes_of(path);
    allow[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        struct path_params tmp;
        if (ri != NULL && (ri->r[i].slashes != slashes || (ri->r[i].key != RI_ANY && ri->r[i].key != key))) {
            continue;
        }
        if (!match_pattern(routes[i].pattern, path, &tmp)) {
            continue;
        }
        if (strcmp(routes[i].method, method) == 0) {
            int np = pattern_params(routes[i].pattern);
            if (best == NULL || np < best_params) {
                best = &routes[i];
                best_params = np;
                *pp = tmp;
            }
            continue;
        }
        path_seen = true;
        if (nothers < sizeof(others) / sizeof(others[0])) {
            others[nothers++] = i;
        }
    }
    if (best != NULL) {
        *out = best;
        return ROUTE_FOUND;
    }
    allow_list(routes, others, nothers, allow, allowlen); /* written only when it is sent */
    return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

const char *path_param(const struct path_params *pp, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < pp->n; i++) {
        if (strncmp(pp->name[i], name, len) == 0 && pp->name[i][len] == '}') {
            return pp->value[i];
        }
    }
    return NULL;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Percent-decodes s[0..n) into out (cap bytes, NUL-terminated). Returns 0 or -1. */
static int pct_decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= n) {
                return -1;
            }
            int hi = hexv(s[i + 1]);
            int lo = hexv(s[i + 2]);
            if (hi < 0 || lo < 0) {
                return -1;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0' || o + 1 >= cap) {
            return -1;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return 0;
}

static bool declared_name(const char *name, const char *const *declared)
{
    for (size_t i = 0; declared != NULL && declared[i] != NULL; i++) {
        if (strcmp(declared[i], name) == 0) {
            return true;
        }
    }
    return false;
}

/* Shared by query strings and form bodies; declared NULL with any_name accepts all. */
static int pairs_parse(const char *s, size_t len, const char *const *declared, bool any_name, struct query *q,
                       char *msg, size_t msglen)
{
    size_t i = 0;
    q->n = 0;
    while (s != NULL && i < len) {
        size_t end = i;
        while (end < len && s[end] != '&') {
            end++;
        }
        if (end > i) {
            const char *eq = memchr(s + i, '=', end - i);
            size_t nlen = eq ? (size_t)(eq - (s + i)) : end - i;
            char name[32];
            if (q->n >= QUERY_MAX) {
                snprintf(msg, msglen, "too many parameters");
                return -1;
            }
            if (pct_decode(s + i, nlen, name, sizeof(name)) != 0 || name[0] == '\0') {
                snprintf(msg, msglen, "malformed parameter name");
                return -1;
            }
            if (!any_name && !declared_name(name, declared)) {
                snprintf(msg, msglen, "unknown query parameter '%.31s'", name);
                return -1;
            }
            for (int k = 0; k < q->n; k++) {
                if (strcmp(q->name[k], name) == 0) {
                    snprintf(msg, msglen, "parameter '%.31s' given twice", name);
                    return -1;
                }
            }
            const char *v = eq ? eq + 1 : s + end;
            if (pct_decode(v, (size_t)(s + end - v), q->value[q->n], sizeof(q->value[0])) != 0) {
                snprintf(msg, msglen, "parameter '%.31s' is malformed or too long", name);
                return -1;
            }
            memcpy(q->name[q->n], name, sizeof(name));
            q->n++;
        }
        i = end + 1;
    }
    return 0;
}

int query_parse(const char *qs, const char *const *declared, struct query *q, char *msg, size_t msglen)
{
    return pairs_parse(qs, qs ? strlen(qs) : 0, declared, false, q, msg, msglen);
}

int form_parse(const char *body, size_t len, struct query *q, char *msg, size_t msglen)
{
    return pairs_parse(body, len, NULL, true, q, msg, msglen);
}

const char *query_get(const struct query *q, const char *name)
{
    for (int i = 0; i < q->n; i++) {
        if (strcmp(q->name[i], name) == 0) {
            return q->value[i];
        }
    }
    return NULL;
}
