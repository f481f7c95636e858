#ifndef YINHUI_APP_H
#define YINHUI_APP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "yinhui/auth.h"
#include "yinhui/config.h"
#include "yinhui/router.h"

struct docs;
struct metrics;

/* Process-wide state, created in main and passed to every request. Everything here is
 * read-only after start or guarded inside its own module. */
struct app {
    struct config cfg;
    struct keyring *keys;
    struct token_cache *tokens;
    struct metrics *metrics;
    const struct route *routes;
    size_t nroutes;
    struct docs *docs; /* the rendered API reference (NULL: the spec did not load) */
    atomic_bool ready;
    atomic_int key_reload_at; /* monotonic second of the last forced key reload */
};

/* The whole route table, assembled once from the domains' parts (service/platform/routes.c).
 * Sets *n; the table lives for the process. */
const struct route *routes_all(size_t *n);

#endif
