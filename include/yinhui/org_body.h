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


#endif
