/* GET /v1/audit: an office's audit trail, newest first. */
#include <stdlib.h>

#include "yinhui/audit_trail_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/org.h"
#include "yinhui/org_body.h"
#include "yinhui/page.h"

/* Reads the filters of ?action, actor, target, since, until into q; false when it has
 * replied 400 naming the bad dates. */
static bool audit_query_or_reply(struct req *r, struct audit_trail_query *q)
{
    struct verrs e = {0};
    q->action = query_get(&r->q, "action");
    q->actor = query_get(&r->q, "actor");
    q->target = query_get(&r->q, "target");
    q->since = org_query_date(r, "since", &e);
    q->until = org_query_date(r, "until", &e);
    return org_query_ok_or_reply(r, &e);
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
