#ifndef YINHUI_AUDIT_TRAIL_DB_H
#define YINHUI_AUDIT_TRAIL_DB_H

#include <stdint.h>

#include "yinhui/db.h"

struct view;

/* Which audit records GET /v1/audit reads, newest first. NULL/0 fields mean any; since
 * and until are dates (until inclusive). */
struct audit_trail_query {
    const char *action, *actor, *target, *since, *until;
    int64_t before_id;
    int limit;
};
/* An audit record as the API shows it (id first, for the cursor). */
extern const struct view audit_trail_view;
/* Up to limit+1 records of office matching q, fetched through audit_trail_view (caller
 * frees rows). */
enum yh_err audit_trail_db_list(struct db *db, const char *office, const struct audit_trail_query *q,
                                struct db_rows *rows);

/* request_id is the server's own; client_request_id the caller's X-Request-ID (NULL or
 * "" when none), kept beside it. */
enum yh_err audit_db_add(struct db *db, const char *office, const char *actor, const char *action,
                         const char *target, const char *request_id, const char *client_request_id);

#endif
