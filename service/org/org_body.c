/* Request bodies of service/org/ read through field tables, and its query readers
 * (include/yinhui/org_body.h). */
#include "yinhui/org_body.h"

#include <stdio.h>
#include <stdlib.h>

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

bool org_query_int_or_reply(struct req *r, const char *name, const char *label, long min, long max, long *v)
{
    const char *s = query_get(&r->q, name);
    char *end = NULL;
    if (s == NULL) {
        return true;
    }
    long n = strtol(s, &end, 10);
    if (end == s || *end != '\0' || n < min || n > max) {
        struct verrs e = {0};
        char detail[160];
        snprintf(detail, sizeof(detail), "must be an integer from %ld to %ld", min, max);
        verr_add(&e, name, detail);
        snprintf(detail, sizeof(detail), "%s must be an integer from %ld to %ld", label, min, max);
        reply_problem(r, YH_ERR_BAD_REQUEST, detail, &e);
        return false;
    }
    *v = n;
    return true;
}
