/* Reads on a MariaDB replica (issue 19). Three parts:
 * - the monitor thread: writes the heartbeat row on the primary every 500 ms and reads its
 *   age on the replica: the lag, and whether the replica answers at all;
 * - req_read_db: the connection a stale-tolerant read runs on (replica or primary, and why);
 * - req_publish_writes: after a request wrote, the GTID of its last commit goes to Redis
 *   for the offices it touched BEFORE their cached reads are invalidated, so that a read
 *   that refills a cache after the invalidation first waits for that GTID on the replica.
 *   In the other order, a read between the bump and the GTID's arrival could cache the
 *   replica's old row under the new generation. */
#include "yinhui/replica.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/util.h"

#define BEAT_MS 500
/* how long an office's last write position is kept: a replica further behind than
 * YH_DB_REPLICA_MAX_LAG_MS gets no reads anyway */
#define WPOS_TTL_MS(cfg) ((cfg)->db_replica_max_lag_ms + 60000)

static atomic_int health = RH_DOWN; /* until the first probe says otherwise */
static atomic_llong lag_ms = -1, down_until_ms;
static atomic_bool configured;
static atomic_ullong reads[RR_COUNT];

static const char *const reasons[RR_COUNT] = {"", "none", "transaction", "down", "lagging", "gtid_wait"};

const char *replica_read_reason(enum replica_read why)
{
    return why < RR_COUNT ? reasons[why] : "";
}

enum replica_health replica_judge(bool reachable, bool have_beat, int64_t lag, int64_t max_lag_ms,
                                  int64_t now, int64_t down_until)
{
    if (!reachable || now < down_until) {
        return RH_DOWN;
    }
    if (!have_beat || lag > max_lag_ms) {
        return RH_LAGGING;
    }
    return RH_UP;
}

/* digits, then '-' (twice), then digits: "0-1-42" */
bool gtid_valid(const char *s)
{
    int parts = 0;
    if (s == NULL || strlen(s) > 60) {
        return false;
    }
    for (;;) {
        size_t n = strspn(s, "0123456789");
        if (n == 0 || n > 20) {
            return false;
        }
        s += n;
        parts++;
        if (*s == '\0') {
            return parts == 3;
        }
        if (*s != '-' || parts == 3) {
            return false;
        }
        s++;
    }
}

void replica_stats(struct replica_stats *out)
{
    for (int i = 0; i < RR_COUNT; i++) {
        out->reads[i] = atomic_load(&reads[i]);
    }
    out->failovers = db_failover_count();
    out->health = atomic_load(&health);
    out->lag_ms = atomic_load(&lag_ms);
    out->configured = atomic_load(&configured);
}

/* A request saw the replica fail: no reads for YH_DB_REPLICA_RETRY_MS, then the monitor
 * decides. */
static void mark_down(const struct config *cfg)
{
    atomic_store(&down_until_ms, (long long)(mono_s() * 1000.0) + cfg->db_replica_retry_ms);
    atomic_store(&health, RH_DOWN);
}

/* ---- the monitor ---- */

struct replica_monitor {
    const struct config *cfg;
    pthread_t thread;
    struct stop_signal stop;
    struct db *primary, *replica; /* its own connections (NULL until they open) */
};

/* Measures the lag (replica_db_lag) on the monitor's replica connection; false when the
 * replica did not answer. */
static bool read_lag(struct replica_monitor *m, bool *have, int64_t *lag)
{
    enum yh_err err;
    *have = false;
    if (m->replica == NULL) {
        m->replica = db_open_replica(m->cfg, &err);
    }
    return m->replica != NULL && replica_db_lag(m->replica, have, lag) == YH_OK;
}

static void probe(struct replica_monitor *m)
{
    enum yh_err err;
    bool have = false;
    int64_t lag = -1;
    if (m->primary == NULL) {
        m->primary = db_open(m->cfg, &err);
    }
    if (m->primary != NULL) {
        replica_db_beat(m->primary);
    }
    bool reachable = read_lag(m, &have, &lag);
    atomic_store(&lag_ms, (long long)lag);
    enum replica_health was = atomic_load(&health);
    enum replica_health now = replica_judge(reachable, have, lag, m->cfg->db_replica_max_lag_ms,
                                            (int64_t)(mono_s() * 1000.0), atomic_load(&down_until_ms));
    if (now != was) {
        static const char *const names[] = {"down", "lagging", "up"};
        fprintf(stderr, "{\"level\":\"%s\",\"msg\":\"replica is %s\",\"lag_ms\":%lld}\n",
                now == RH_UP ? "info" : "warn", names[now], (long long)lag);
    }
    atomic_store(&health, now);
}

static void *monitor_main(void *arg)
{
    struct replica_monitor *m = arg;
    do {
        probe(m);
    } while (!stop_wait(&m->stop, BEAT_MS)); /* a beat, or until stopped */
    db_close(m->primary);
    db_close(m->replica);
    return NULL;
}

struct replica_monitor *replica_monitor_start(const struct config *cfg)
{
    if (!db_replica_configured(cfg)) {
        return NULL;
    }
    struct replica_monitor *m = calloc(1, sizeof(*m));
    if (m == NULL) {
        abort();
    }
    m->cfg = cfg;
    stop_init(&m->stop);
    atomic_store(&configured, true);
    if (pthread_create(&m->thread, NULL, monitor_main, m) != 0) {
        stop_destroy(&m->stop);
        free(m);
        return NULL;
    }
    return m;
}

void replica_monitor_stop(struct replica_monitor *m)
{
    if (m == NULL) {
        return;
    }
    stop_raise(&m->stop);
    pthread_join(m->thread, NULL);
    stop_destroy(&m->stop);
    free(m);
}

/* ---- the read's connection ---- */

/* Whether the replica has applied the caller's office's last write (waiting for it at
 * most YH_DB_REPLICA_WAIT_MS): RR_REPLICA, or why not. */
static enum replica_read caught_up(struct req *r)
{
    char gtid[64];
    if (cache_wpos_get(r->cache, r->claims.office, gtid, sizeof(gtid)) != YH_OK) {
        return RR_GTID; /* Redis cannot say where the office's writes are: the primary knows */
    }
    if (gtid[0] == '\0') {
        return RR_REPLICA; /* no write of the office lately */
    }
    switch (db_gtid_wait(r->replica, gtid, r->app->cfg.db_replica_wait_ms)) {
    case YH_OK:
        return RR_REPLICA;
    case YH_ERR_PRECONDITION:
        return RR_GTID;
    default:
        break;
    }
    mark_down(&r->app->cfg);
    return RR_DOWN;
}

static enum replica_read choose(struct req *r)
{
    if (r->replica == NULL) {
        return RR_NONE;
    }
    if (db_in_tx(r->db)) {
        return RR_TRANSACTION;
    }
    if (db_replica_lost(r->replica)) {
        /* this connection failed on an earlier request: the others learn it now */
        db_replica_reset(r->replica);
        mark_down(&r->app->cfg);
        return RR_DOWN;
    }
    switch ((enum replica_health)atomic_load(&health)) {
    case RH_DOWN:
        return RR_DOWN;
    case RH_LAGGING:
        return RR_LAGGING;
    case RH_UP:
        break;
    }
    return caught_up(r);
}

struct db *req_read_db(struct req *r)
{
    if (r->read_db != NULL) {
        /* a transaction begun since the choice reads the primary all the same */
        return db_in_tx(r->db) ? r->db : r->read_db;
    }
    enum replica_read why = choose(r);
    atomic_fetch_add_explicit(&reads[why], 1, memory_order_relaxed);
    r->read_db = why == RR_REPLICA ? r->replica : r->db;
    return r->read_db;
}

/* ---- the write's publication ---- */

void req_publish_writes(struct req *r)
{
    char gtid[64] = "";
    bool get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    if (r->status >= 400 || (r->ninvalidate == 0 && get)) {
        return;
    }
    if (r->replica != NULL && r->db != NULL && !db_in_tx(r->db) &&
        (db_last_gtid(r->db, gtid, sizeof(gtid)) != YH_OK || !gtid_valid(gtid))) {
        gtid[0] = '\0';
    }
    if (r->ninvalidate > 0) {
        /* the GTID first, in the same pipeline: see the top of this file */
        cache_bump_at(r->cache, r->invalidate, r->ninvalidate, gtid, WPOS_TTL_MS(&r->app->cfg));
        if (r->invalidate_all) {
            cache_bump_epoch(r->cache); /* the offices beyond those invalidate holds */
        }
    } else if (gtid[0] != '\0' && r->claims.office[0] != '\0') {
        /* a write that invalidates no cached read: the caller still reads it next */
        cache_wpos_set(r->cache, r->claims.office, gtid, WPOS_TTL_MS(&r->app->cfg));
    }
}
