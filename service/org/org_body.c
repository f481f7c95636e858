/* Request bodies of service/org/ read through field tables (include/yinhui/org_body.h). */
#include "yinhui/org_body.h"

#include "yinhui/http.h"

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

