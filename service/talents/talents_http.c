/* Helpers the talents domain's handler files share (service/talents/talents_http.h). */
#include "talents_http.h"

#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"

bool talents_commit_or_reply(struct req *r, enum yh_err err, const char *what, enum yh_err special,
                             const char *detail)
{
    if (err != YH_OK && err == special) {
        db_finish(r->db, err);
        reply_problem(r, err, detail, NULL);
        return false;
    }
    return commit_or_reply(r, err, what);
}
