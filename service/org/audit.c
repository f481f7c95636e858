/* GET /v1/audit: an office's audit trail, newest first. */
#include <stdlib.h>

#include "yinhui/audit_trail_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/org.h"
#include "yinhui/page.h"

/* Reads the filters of ?action, actor, target, since, until into q; false when it has
 * replied 400 naming the bad dates. */
static bool audit_query_or_reply(struct req *r, struct audit_trail_query *q)
{
    struct verrs e = {0};
    q->action = query_get(&r->q, "action");
    q->actor = query_get(&r->q, "actor");
    q->target = query_get(&r->q, "target");
    q->since = query_get(&r->q, "since");
    q->until = query_get(&r->q, "until");
    if (q->since && !date_valid(q->since)) {
        verr_add(&e, "since", "must be a date YYYY-MM-DD");
    }
    if (q->until && !date_valid(q->until)) {
        verr_add(&e, "until", "must be a date YYYY-MM-DD");
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return false;
    }
    return true;
}

/* GET /v1/audit: a page of the caller's office's audit records, newest first. */
void audit_list(struct req *r)
{
    struct audit_trail_query q = {0};
    struct db_rows rows;
    char after[24];

    if (!page_params_or_reply(r, "audit", &q.limit, after, sizeof(after)) || !audit_query_or_reply(r, &q)) {
        return;
    }
    q.before_id = after[0] ? strtoll(after, NULL, 10) : 0;
    enum yh_err err = audit_trail_db_list(r->db, r->claims.office, &q, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, page_of_view(r, "audit", &rows, q.limit, &audit_trail_view));
}
