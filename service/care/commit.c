/* Ending a care write whose CONFLICT has its own detail (commit_or_reply names only the
 * resource: "no such ..." and "... changed since you read it"). */
#include "yinhui/care.h"
#include "yinhui/db.h"
#include "yinhui/http.h"

/* See care.h. */
bool care_commit_or_reply(struct req *r, enum yh_err err, const char *conflict)
{
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? conflict : NULL, NULL);
        return false;
    }
    req_invalidate(r, r->claims.office);
    return true;
}
