#ifndef YINHUI_IDEMPOTENCY_H
#define YINHUI_IDEMPOTENCY_H

#include <stdbool.h>

struct req;

/* Idempotency-Key for POST, kept in MariaDB so it survives a Redis outage and holds
 * across service processes. The key row is inserted (committed) as 'running' before
 * the handler; the handler's writes and the stored response commit in one transaction.
 * A 'running' row older than 60 s belongs to a crashed request whose transaction was
 * rolled back, and is taken over. */

/* Returns true when the handler should run (the caller then runs it inside a
 * transaction and calls idem_end); false when it has replied (replay, 409, 422, 400). */
bool idem_begin_or_reply(struct req *r, const char *key);
/* After the handler: stores the response and commits (status < 500), or rolls back and
 * releases the key. */
void idem_end(struct req *r, const char *key);

#endif
