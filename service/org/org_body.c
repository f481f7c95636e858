/* Request bodies of service/org/ read through field tables, and its query readers
 * (include/yinhui/org_body.h). */
#include "yinhui/org_body.h"

#include "yinhui/http.h"
#include "yinhui/json_in.h"

bool org_body_read_or_reply(struct req *r, const struct field *fields, size_t n, void *dst, bool create,
                            struct verrs *v)
{
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, fields, n, dst, create, NULL, v);
    return true;
}

const char *org_query_date(struct req *r, const char *name, struct verrs *v)
{
    const char *s = query_get(&r->q, name);
    if (s != NULL && !date_valid(s)) {
        verr_add(v, name, "must be a date YYYY-MM-DD");
    }
    return s;
}

bool org_query_ok_or_reply(struct req *r, const struct verrs *v)
{
    if (v->n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, v->e[0].message, v);
        return false;
    }
    return true;
}
