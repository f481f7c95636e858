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

bool engagement_fields_or_reply(struct req *r, const struct field *fields, size_t n)
{
    const char *names[FIELDS_MAX + 1];
    for (size_t i = 0; i < n && i < FIELDS_MAX; i++) {
        names[i] = fields[i].name;
    }
    names[n < FIELDS_MAX ? n : FIELDS_MAX] = NULL;
    return req_fields_or_reply(r, names);
}
