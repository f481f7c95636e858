/* The route table, assembled from each domain's part (service/<domain>/routes.c).
 * The router prefers the most specific pattern, so the order of the parts does not
 * matter. api/openapi.yaml describes the same routes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "yinhui/app.h"
#include "yinhui/care.h"
#include "yinhui/docs.h"
#include "yinhui/engagement.h"
#include "yinhui/evaluation.h"
#include "yinhui/health.h"
#include "yinhui/offices.h"
#include "yinhui/org.h"
#include "yinhui/orglife.h"
#include "yinhui/partners.h"
#include "yinhui/stats.h"
#include "yinhui/talents.h"
#include "yinhui/venues.h"
#include "yinhui/volunteers.h"

/* Query parameter lists that routes of several domains declare. */
const char *const q_list[] = {"limit", "cursor", NULL};
const char *const q_reveal[] = {"reveal", NULL};
const char *const q_status[] = {"limit", "cursor", "status", NULL};
const char *const q_year[] = {"year", NULL};

#define PART(d)                                                                                              \
    {                                                                                                        \
        d##_routes, &d##_nroutes                                                                             \
    }
static const struct {
    const struct route *routes;
    const size_t *n;
} parts[] = {PART(health),     PART(offices),    PART(org),        PART(orglife),
             PART(care),       PART(evaluation), PART(volunteers), PART(talents),
             PART(engagement), PART(stats),      PART(partners),   PART(venues),
             PART(docs)};

#define ROUTES_MAX 512
static struct route all[ROUTES_MAX];
static size_t nall;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* A table larger than ROUTES_MAX is a build mistake: stop at start rather than serve
 * without the routes that did not fit. */
static void assemble(void)
{
    for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
        for (size_t i = 0; i < *parts[p].n; i++) {
            if (nall == ROUTES_MAX) {
                fprintf(stderr, "yinhui: more than %d routes; raise ROUTES_MAX\n", ROUTES_MAX);
                abort();
            }
            all[nall++] = parts[p].routes[i];
        }
    }
}

const struct route *routes_all(size_t *n)
{
    pthread_once(&once, assemble);
    *n = nall;
    return all;
}
