/* What reaching a member and recording an action need from the org store, for every
 * domain's handlers (include/yinhui/reach.h). */
#include "yinhui/reach.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/audit_trail_db.h"
#include "yinhui/http.h"
#include "yinhui/members_db.h"

bool member_reachable_or_reply(struct req *r, int64_t id)
{
    bool in = false;
    if (req_whole_office(r) || (r->claims.member_id != 0 && r->claims.member_id == id)) {
        return true;
    }
    if (req_is_secretary(r) && r->claims.branch_id != 0) {
        enum yh_err err = members_db_in_branch(r->db, r->claims.office, id, r->claims.branch_id, &in);
        if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
            return false;
        }
    }
    if (!in) {
        reply_problem(r, YH_ERR_NOT_FOUND, "no such member", NULL);
    }
    return in;
}

enum yh_err req_audit(struct req *r, const char *action, const char *entity, int64_t id)
{
    char target[80];
    snprintf(target, sizeof(target), "%s:%lld", entity, (long long)id);
    return audit_db_add(r->db, r->claims.office, r->claims.sub, action, target, r->request_id,
                        r->client_request_id);
}

enum yh_err req_audit_in(struct req *r, const char *office, const char *action, const char *entity,
                         int64_t id)
{
    char actor[96], target[80];
    if (strcmp(office, r->claims.office) == 0) {
        return YH_OK;
    }
    snprintf(actor, sizeof(actor), "%s/%s", r->claims.office, r->claims.sub);
    snprintf(target, sizeof(target), "%s:%lld", entity, (long long)id);
    return audit_db_add(r->db, office, actor, action, target, r->request_id, r->client_request_id);
}
