/* The platform routes (health, readiness, metrics): method, pattern, handler, scope, declared query
 * parameters, flags. api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/health.h"

const struct route health_routes[] = {
    {"GET", "/healthz", health_live, 0, NULL, R_PUBLIC | R_NODB},
    {"GET", "/readyz", health_ready, 0, NULL, R_PUBLIC},
    {"GET", "/metrics", health_metrics, 0, NULL, R_PUBLIC | R_NODB},
};
const size_t health_nroutes = sizeof(health_routes) / sizeof(health_routes[0]);
