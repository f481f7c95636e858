/* The route table and api/openapi.yaml describe the same operations, both ways. */
#include "support.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/router.h"
#include "yinhui/util.h"

static char *spec;

static int setup(void **s)
{
    (void)s;
    FILE *f = fopen("api/openapi.yaml", "rb");
    struct buf b = {0};
    char chunk[8192];
    size_t n;
    assert_non_null(f);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        buf_append(&b, chunk, n);
    }
    fclose(f);
    spec = b.data;
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    free(spec);
    return 0;
}

/* The block of path p in the spec (up to the next path), or NULL. */
static const char *path_block(const char *p, size_t *len)
{
    char key[256];
    snprintf(key, sizeof(key), "\n  %s:\n", p);
    const char *at = strstr(spec, key);
    if (at == NULL) {
        return NULL;
    }
    at += strlen(key);
    const char *end = at;
    while ((end = strchr(end, '\n')) != NULL && !(end[1] == ' ' && end[2] == ' ' && end[3] != ' ')) {
        end++;
    }
    *len = end ? (size_t)(end - at) : strlen(at);
    return at;
}

static const struct route *routes;
static size_t nroutes;

/* The route table is assembled from the domains' parts in any order: every route must
 * still win its own paths (a literal segment beats a parameter, as /v1/branches/tree
 * beats /v1/branches/{id}). */
static void every_route_wins_its_own_path(void **s)
{
    (void)s;
    for (size_t i = 0; i < nroutes; i++) {
        char path[256] = "", allow[64];
        size_t o = 0;
        for (const char *c = routes[i].pattern; *c && o + 2 < sizeof(path); c++) {
            if (*c == '{') {
                path[o++] = '7';
                c = strchr(c, '}');
                continue;
            }
            path[o++] = *c;
        }
        path[o] = '\0';
        const struct route *found = NULL;
        struct path_params pp;
        assert_int_equal(router_match(routes, nroutes, routes[i].method, path, &found, &pp, allow, sizeof(allow)),
                         ROUTE_FOUND);
        if (found != &routes[i]) {
            fail_msg("%s %s is routed to %s", routes[i].method, path, found->pattern);
        }
    }
}

static void every_route_is_in_the_spec(void **s)
{
    (void)s;
    for (size_t i = 0; i < nroutes; i++) {
        size_t len = 0;
        char op[32];
        const char *b = path_block(routes[i].pattern, &len);
        if (b == NULL) {
            fail_msg("%s is not in api/openapi.yaml", routes[i].pattern);
        }
        snprintf(op, sizeof(op), "    %s:", routes[i].method);
        for (char *c = op; *c; c++) {
            *c = (char)tolower((unsigned char)*c);
        }
        char *blk = strndup(b, len);
        if (strstr(blk, op) == NULL) {
            fail_msg("%s %s is not in api/openapi.yaml", routes[i].method, routes[i].pattern);
        }
        free(blk);
    }
}

static void every_spec_operation_is_routed(void **s)
{
    (void)s;
    static const char *const methods[] = {"get", "post", "put", "patch", "delete"};
    const char *p = strstr(spec, "\npaths:\n");
    const char *end = strstr(spec, "\ncomponents:\n");
    assert_non_null(p);
    int seen = 0;
    char path[256] = "";
    for (const char *line = p + 8; line && line < end; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (line[0] == ' ' && line[1] == ' ' && line[2] == '/') {
            sscanf(line + 2, "%255[^:]", path);
            continue;
        }
        for (size_t m = 0; m < 5; m++) {
            size_t ml = strlen(methods[m]);
            if (strncmp(line, "    ", 4) == 0 && strncmp(line + 4, methods[m], ml) == 0 && line[4 + ml] == ':') {
                bool found = false;
                for (size_t i = 0; i < nroutes; i++) {
                    found = found || (strcmp(routes[i].pattern, path) == 0 &&
                                      strncasecmp(routes[i].method, methods[m], ml + 1) == 0);
                }
                if (!found) {
                    fail_msg("%s %s is in the spec but not routed", methods[m], path);
                }
                seen++;
            }
        }
    }
    assert_int_equal(seen, (int)nroutes);
}

int main(void)
{
    routes = routes_all(&nroutes);
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_route_wins_its_own_path),
                                       cmocka_unit_test(every_route_is_in_the_spec),
                                       cmocka_unit_test(every_spec_operation_is_routed)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
