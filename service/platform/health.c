#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/health.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/metrics.h"

/* GET /healthz — liveness only: no dependency is asked. */
void health_live(struct req *r)
{
    static const char body[] = "{\"status\":\"ok\"}";
    r->status = 200;
    r->content_type = "application/json";
    buf_append(&r->out, body, sizeof(body) - 1);
}

/* GET /readyz — 503 when MariaDB is down (the server replies before we run); Redis
 * down is degraded but ready: reads fall back to MariaDB. */
void health_ready(struct req *r)
{
    bool db_up = db_ping(r->db) == YH_OK;
    bool redis_up = cache_ping(r->cache) == YH_OK;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "status", db_up ? (redis_up ? "ready" : "degraded") : "unavailable");
    cJSON_AddStringToObject(o, "mariadb", db_up ? "up" : "down");
    cJSON_AddStringToObject(o, "redis", redis_up ? "up" : "down");
    if (!db_up) {
        reply_header(r, "Retry-After", "5");
    }
    reply_json_take(r, db_up ? 200 : 503, o);
}

/* GET /metrics — Prometheus text format. */
void health_metrics(struct req *r)
{
    metrics_render(r->app->metrics, r->app->routes, r->app->cfg.threads, &r->out);
    r->status = 200;
    r->content_type = "text/plain; version=0.0.4";
}
