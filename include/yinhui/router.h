#ifndef YINHUI_ROUTER_H
#define YINHUI_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

struct req;
typedef void (*handler_fn)(struct req *r);

enum route_flags {
    R_PUBLIC = 1u << 0,     /* no token needed */
    R_JSON_BODY = 1u << 1,  /* body must be application/json */
    R_IDEMPOTENT = 1u << 2, /* honours Idempotency-Key */
    R_CACHED = 1u << 3,     /* GET served through the cache: revocation is checked in the
                               same Redis round trip as the cached value */
    R_FORM_BODY = 1u << 4,  /* also accepts application/x-www-form-urlencoded */
    R_NODB = 1u << 5,       /* needs no database connection (liveness, metrics) */
    R_OFFICE_WIDE = 1u << 6, /* office staff and integrations only: secretaries, members and relatives,
                                confined to a branch or their own record, get 403 */
    R_CSV_BODY = 1u << 7,   /* body is text/csv up to YH_IMPORT_MAX */
    R_STAFF = 1u << 8,      /* office staff (admin accounts) only: integrations, secretaries and
                               members get 403 whatever their scopes */
    R_PERSONAL = 1u << 9,   /* answers with records of named people: integrations get 403
                               unless an admin granted them pii:read explicitly */
    R_ANY_ROLE = 1u << 10,  /* a scope-0 route every signed-in role may use, a relative's too
                               (relatives otherwise reach only routes needing care:request) */
};

/* A declared route: method, pattern with {name} segments, handler, required scope bit
 * (0 for none), declared query parameters (NULL-terminated, NULL for none). */
struct route {
    const char *method;
    const char *pattern;
    handler_fn handler;
    unsigned scope;
    const char *const *query;
    unsigned flags;
};

/* Query parameter lists that routes of several domains declare (service/platform/routes.c). */
extern const char *const q_list[];   /* limit, cursor */
extern const char *const q_reveal[]; /* reveal */
extern const char *const q_status[]; /* limit, cursor, status */
extern const char *const q_year[];   /* year */

#define PATH_PARAMS_MAX 4
#define PATH_PARAM_LEN 128
struct path_params {
    int n;
    const char *name[PATH_PARAMS_MAX];
    char value[PATH_PARAMS_MAX][PATH_PARAM_LEN];
};

enum route_result { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Finds the route for method+path in routes[0..n). FOUND sets *out and pp;
 * NO_METHOD writes the allowed methods ("GET, PATCH") to allow. routes must not change
 * for the life of the process (every route table is static): an index of it is kept. */
enum route_result router_match(const struct route *routes, size_t n, const char *method,
                               const char *path, const struct route **out,
                               struct path_params *pp, char *allow, size_t allowlen);

/* Returns the value of path parameter name, or NULL. */
const char *path_param(const struct path_params *pp, const char *name);

#define QUERY_MAX 16
struct query {
    int n;
    char name[QUERY_MAX][32];
    char value[QUERY_MAX][256];
};
/* Parses a query string (may be NULL) against the declared names. Returns 0, or -1
 * with a message in msg (undeclared, repeated, too long, bad escape). */
int query_parse(const char *qs, const char *const *declared, struct query *q, char *msg,
                size_t msglen);
const char *query_get(const struct query *q, const char *name);

/* Decodes application/x-www-form-urlencoded text into q (any names). */
int form_parse(const char *body, size_t len, struct query *q, char *msg, size_t msglen);

#endif
