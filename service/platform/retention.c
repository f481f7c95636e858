/* The retention job. What it deletes, and when:
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

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "yinhui/util.h"

#define BATCH 1000

/* Runs a DELETE ... LIMIT BATCH (its parameters p) until fewer rows go. */
static enum yh_err prune(struct db *db, const char *sql, const struct db_param *p, size_t n, uint64_t *count)
{
    for (;;) {
        uint64_t affected = 0;
        enum yh_err err = db_exec(db, sql, p, n, NULL, &affected, NULL);
        if (err != YH_OK) {
            return err;
        }
        *count += affected;
        if (affected < BATCH) {
            return YH_OK;
        }
    }
}

enum yh_err retention_run(struct db *db, const struct config *cfg, struct retention_counts *out)
{
    static const char lock[] = "SELECT GET_LOCK('yinhui.retention', 0)";
    static const char unlock[] = "SELECT RELEASE_LOCK('yinhui.retention')";
    static const char idem[] =
        "DELETE FROM idempotency_keys WHERE started_at < NOW(3) - INTERVAL 24 HOUR LIMIT 1000";
    static const char refresh[] = "DELETE FROM refresh_tokens WHERE expires_at < NOW(3) LIMIT 1000";
    static const char revoked[] =
        "DELETE FROM revoked_tokens WHERE expires_at < NOW(3) - INTERVAL ? SECOND LIMIT 1000";
    static const char throttle[] =
        "DELETE FROM login_throttle WHERE window_start < NOW(3) - INTERVAL ? SECOND LIMIT 1000";
    static const char deliveries[] =
        "DELETE FROM deliveries WHERE (state = 'delivered' AND delivered_at < NOW(3) - INTERVAL ? DAY) OR "
        "(state = 'dead' AND deadline < NOW(3) - INTERVAL ? DAY AND locked_until IS NULL) LIMIT 1000";
    static const char outbox[] =
        "DELETE FROM outbox WHERE created_at < NOW(3) - INTERVAL ? DAY AND NOT EXISTS "
        "(SELECT 1 FROM deliveries d WHERE d.outbox_id = outbox.id) LIMIT 1000";
    static const char daily[] =
        "DELETE FROM outbox_daily WHERE day < CURRENT_DATE() - INTERVAL ? DAY LIMIT 1000";
    struct db_rows rows;
    struct retention_counts c = {0};
    uint64_t markers = 0;
    enum yh_err err = db_exec_row(db, lock, NULL, 0, &rows);
    if (err != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    bool mine = db_i64(&rows, 0, 0) == 1;
    db_rows_free(&rows);
    if (!mine) {
        return YH_ERR_CONFLICT;
    }
    struct db_param skew[] = {P_I64(cfg->clock_skew_s + 60)};
    struct db_param window[] = {P_I64(cfg->login_window_s)};
    struct db_param days[] = {P_I64(cfg->webhook_retention_days), P_I64(cfg->webhook_retention_days)};
    err = prune(db, idem, NULL, 0, &c.idempotency);
    if (err == YH_OK) {
        err = prune(db, refresh, NULL, 0, &c.refresh);
    }
    if (err == YH_OK) {
        err = prune(db, revoked, skew, 1, &c.revoked);
    }
    if (err == YH_OK) {
        err = prune(db, throttle, window, 1, &c.throttle);
    }
    if (err == YH_OK) {
        err = prune(db, deliveries, days, 2, &c.deliveries);
    }
    if (err == YH_OK) {
        err = prune(db, outbox, days, 1, &c.outbox);
    }
    if (err == YH_OK) {
        err = prune(db, daily, days, 1, &markers);
    }
    if (db_exec(db, unlock, NULL, 0, &rows, NULL, NULL) == YH_OK) {
        db_rows_free(&rows);
    }
    if (out != NULL) {
        *out = c;
    }
    return err == YH_OK ? YH_OK : YH_ERR_UNAVAILABLE;
}

struct retention_worker {
    const struct config *cfg;
    pthread_t thread;
    atomic_bool stop;
};

static void *worker_main(void *arg)
{
    struct retention_worker *w = arg;
    struct db *db = NULL;
    double next = mono_s() + 1.0; /* the first run shortly after the start */
    while (!atomic_load(&w->stop)) {
        if (mono_s() < next) {
            usleep(10000);
            continue;
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
            c.idempotency + c.refresh + c.revoked + c.throttle + c.deliveries + c.outbox > 0) {
            fprintf(stderr,
                    "{\"level\":\"info\",\"msg\":\"retention\",\"idempotency\":%llu,\"refresh\":%llu,"
                    "\"revoked\":%llu,"
                    "\"throttle\":%llu,\"deliveries\":%llu,\"outbox\":%llu}\n",
                    (unsigned long long)c.idempotency, (unsigned long long)c.refresh,
                    (unsigned long long)c.revoked, (unsigned long long)c.throttle,
                    (unsigned long long)c.deliveries, (unsigned long long)c.outbox);
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
    atomic_init(&w->stop, false);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
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
    atomic_store(&w->stop, true);
    pthread_join(w->thread, NULL);
    free(w);
}
