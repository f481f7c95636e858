/* A webhook's deliveries: GET /v1/webhooks/{id}/deliveries lists them, POST
 * /v1/webhook-deliveries/{id}/redeliver puts one back in the queue with a fresh deadline
 * (office staff with clients:read / clients:write). */
#include <stdlib.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/db.h"
#include "yinhui/engagement.h"
#include "yinhui/http.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/webhooks_db.h"

/* GET /v1/webhooks/{id}/deliveries?state=&limit=&cursor=: newest first, a page at a time. */
void webhooks_deliveries(struct req *r)
{
    static const char *const states[] = {"pending", "delivered", "dead", NULL};
    struct webhook w;
    struct db_rows rows;
    const char *state = NULL;
    int64_t id = 0;
    int limit;
    char after[24];
    if (!id_param_or_reply(r, &id) || !page_params_or_reply(r, "deliveries", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "state", states, &state)) {
        return;
    }
    enum yh_err err = webhooks_db_get(r->db, r->claims.office, id, &w);
    if (err == YH_OK) {
        err = deliveries_db_list(r->db, r->claims.office, id, state, after[0] ? strtoll(after, NULL, 10) : 0,
                                 limit, &rows);
    }
    if (err != YH_OK) {
        reply_error(r, err, "webhook");
        return;
    }
    reply_json_take(r, 200, page_of_view(r, "deliveries", &rows, limit, &deliveries_view));
}

/* POST /v1/webhook-deliveries/{id}/redeliver: 202; the worker sends it again. */
void webhooks_redeliver(struct req *r)
{
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = deliveries_db_redeliver(r->db, r->claims.office, id, r->app->cfg.webhook_ttl_s);
    }
    if (err == YH_OK) {
        err = req_audit(r, "webhook.redeliver", "delivery", id);
    }
    if (commit_or_reply(r, err, "delivery")) {
        reply_empty(r, 202);
    }
}
