#ifndef YINHUI_ORG_BODY_H
#define YINHUI_ORG_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include "yinhui/body.h"

struct req;
struct verrs;

/* body_read for handlers that add checks of their own to v before replying (so one 422
 * names every field): false when it has replied 400 for a missing JSON body. A local
 * helper of service/org/ until the platform's body.h offers the same. */
bool org_body_read_or_reply(struct req *r, const struct field *fields, size_t n, void *dst, bool create,
                            struct verrs *v);

/* Query parameter name (NULL when absent); adds "must be a date YYYY-MM-DD" to v when
 * it is given and not one. */
const char *org_query_date(struct req *r, const char *name, struct verrs *v);
/* Replies 400 with v, its first message as the detail, when it holds errors (the query's
 * counterpart of verrs_ok_or_reply's 422); true when v is empty. */
bool org_query_ok_or_reply(struct req *r, const struct verrs *v);
/* Reads query parameter name as an integer from min to max into *v (left as it is when
 * the parameter is absent); false when it has replied 400, label naming it in the
 * detail ("months must be an integer from 1 to 60"). */
bool org_query_int_or_reply(struct req *r, const char *name, const char *label, long min, long max, long *v);

#endif
