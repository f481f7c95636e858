/* The retention job's worker thread (its SQL is in retention_db.c). What it deletes, and when:
 *   idempotency_keys  24 h after the request started (the replay window; the stored
 *                     responses are sealed meanwhile)
 *   refresh_tokens    once expired (a refresh after that is refused anyway)
 *   revoked_tokens    once the access token has expired, plus the allowed clock skew
 *   login_throttle    once the throttling window has passed
 *   deliveries        delivered ones YH_WEBHOOK_RETENTION_DAYS after delivery, dead ones that
 *                     long after their deadline
 *   outbox            payloads older than YH_WEBHOOK_RETENTION_DAYS with no delivery left
 *   outbox_daily      daily markers older than YH_WEBHOOK_RETENTION_DAYS
 * Each table is pruned in batches (short transactions, no long row locks). The ages are
 * compared with the database's NOW(3), the clock the rules that use these rows read.
 * One run at a time across every process: MariaDB's GET_LOCK, held by the running
 * connection (released by the server if that connection dies). */
#include "yinhui/retention.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "yinhui/util.h"

struct retention_worker {
    const struct config *cfg;
    pthread_t thread;
    struct stop_signal stop;
};

static void *worker_main(void *arg)
{
    struct retention_worker *w = arg;
    struct db *db = NULL;
    double next = mono_s() + 1.0; /* the first run shortly after the start */
    while (!stop_wait(&w->stop, (int64_t)ceil((next - mono_s()) * 1000.0))) { /* up: no spin in the last ms */
        if (mono_s() < next) {
            continue; /* woken early */
        }
        next = mono_s() + (double)w->cfg->retention_interval_s;
        enum yh_err err;
        if (db == NULL) {
            db = db_open(w->cfg, &err);
        }
        if (db == NULL) {
            continue;
        }
        struct retention_counts c;
        err = retention_run(db, w->cfg, &c);
        if (err == YH_OK &&
            c.idempotency + c.refresh + c.revoked + c.throttle + c.deliveries + c.outbox + c.held > 0) {
            fprintf(stderr,
                    "{\"level\":\"info\",\"msg\":\"retention\",\"idempotency\":%llu,\"refresh\":%llu,"
                    "\"revoked\":%llu,"
                    "\"throttle\":%llu,\"deliveries\":%llu,\"outbox\":%llu,\"held_dead_lettered\":%llu}\n",
                    (unsigned long long)c.idempotency, (unsigned long long)c.refresh,
                    (unsigned long long)c.revoked, (unsigned long long)c.throttle,
                    (unsigned long long)c.deliveries, (unsigned long long)c.outbox, (unsigned long long)c.held);
        } else if (err == YH_ERR_UNAVAILABLE) {
            fprintf(stderr, "{\"level\":\"error\",\"msg\":\"retention job: database error\"}\n");
            db_close(db); /* a fresh connection next time */
            db = NULL;
        }
    }
    if (db != NULL) {
        db_close(db);
    }
    return NULL;
}

struct retention_worker *retention_start(const struct config *cfg)
{
    struct retention_worker *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return NULL;
    }
    w->cfg = cfg;
    stop_init(&w->stop);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        stop_destroy(&w->stop);
        free(w);
        return NULL;
    }
    return w;
}

void retention_stop(struct retention_worker *w)
{
    if (w == NULL) {
        return;
    }
    stop_raise(&w->stop);
    pthread_join(w->thread, NULL);
    stop_destroy(&w->stop);
    free(w);
}
