#ifndef YINHUI_RETENTION_H
#define YINHUI_RETENTION_H

#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/db.h"

/* The retention job: deletes what is kept only for a while (see retention.c).
 * A thread in every service process runs it every YH_RETENTION_INTERVAL_S, and
 * `yinhui retention` runs it once; a MariaDB named lock lets one run at a time across
 * every process. */

struct retention_counts {
    uint64_t idempotency; /* idempotency keys (and stored responses) older than 24 h */
    uint64_t refresh;     /* refresh tokens past their expiry */
    uint64_t revoked;     /* denylist rows whose access token has expired */
    uint64_t throttle;    /* login throttle rows whose window has passed */
    uint64_t deliveries;  /* delivered or dead webhook deliveries older than YH_WEBHOOK_RETENTION_DAYS */
    uint64_t outbox;      /* event payloads older than that with no delivery left */
    uint64_t held;        /* deliveries held by a paused webhook past their deadline: dead-lettered */
};

/* One run. YH_OK with the rows deleted in *out; YH_ERR_CONFLICT when another process
 * (or connection) is running it; YH_ERR_UNAVAILABLE on a database error. */
enum yh_err retention_run(struct db *db, const struct config *cfg, struct retention_counts *out);

struct retention_worker;
/* Starts the thread (its own MariaDB connection). NULL on failure. */
struct retention_worker *retention_start(const struct config *cfg);
void retention_stop(struct retention_worker *w);

#endif
