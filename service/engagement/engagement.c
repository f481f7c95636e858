/* Request helpers the engagement domain's handlers share (see engagement.h). */
#include "yinhui/engagement.h"

#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"

bool engagement_commit_or_reply(struct req *r, enum yh_err err, const char *what, const char *conflict)
{
    if (err == YH_ERR_CONFLICT) {
        db_finish(r->db, err);
        reply_problem(r, err, conflict, NULL);
        return false;
    }
    return commit_or_reply(r, err, what);
}

