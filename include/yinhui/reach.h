#ifndef YINHUI_REACH_H
#define YINHUI_REACH_H

#include <stdbool.h>
#include <stdint.h>

#include "yinhui/err.h"

struct req;

/* service/org/reach.c: the caller's reach over members and the audit log, which need the
 * org store (the role and branch checks are in access.h). */
/* Replies 404 (or 503) and returns false when the caller may not see member id: a
 * secretary needs an open membership of the member in its branch, a member its own id. */
bool member_reachable_or_reply(struct req *r, int64_t id);
/* Appends an audit row (who, office, action, entity:id, request id) in the current
 * transaction. No personal values ever go in. */
enum yh_err req_audit(struct req *r, const char *action, const char *entity, int64_t id);
/* req_audit in another office's log (a transfer's other side, the home office of a
 * member a host office read, a nominee's office): the actor is "<caller's office>/<sub>".
 * Nothing when office is the caller's own. */
enum yh_err req_audit_in(struct req *r, const char *office, const char *action, const char *entity,
                         int64_t id);

#endif
