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

bool fields_known_or_reply(struct req *r, const struct field *fields, size_t n)
{
    const char *names[FIELDS_MAX + 1];
    size_t k = 0;
    for (; k < n && k < FIELDS_MAX; k++) {
        names[k] = fields[k].name;
    }
    names[k] = NULL;
    return req_fields_or_reply(r, names);
}
