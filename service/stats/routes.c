/* The stats routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/stats.h"

static const char *const q_overview[] = {"year", "format", NULL};

const struct route stats_routes[] = {
    {"GET", "/v1/stats/overview", stats_overview, SC_MEMBERS_READ | SC_BRANCHES_READ, q_overview,
     R_CACHED | R_OFFICE_WIDE},
    {"GET", "/v1/stats/report", stats_report, SC_MEMBERS_READ | SC_BRANCHES_READ, q_year,
     R_CACHED | R_OFFICE_WIDE},
};
const size_t stats_nroutes = sizeof(stats_routes) / sizeof(stats_routes[0]);
