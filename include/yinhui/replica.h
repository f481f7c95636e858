#ifndef YINHUI_REPLICA_H
#define YINHUI_REPLICA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/err.h"

/* Reads on a MariaDB replica (YH_DB_REPLICA_*). A read that may be slightly stale asks
 * req_read_db (http.h) for its connection: the worker's replica when the process's
 * monitor finds it healthy and not lagging, and it has applied the caller's office's last
 * write (its GTID, kept in Redis by req_publish_writes); else the primary. */

/* Where a read went: the replica, or the primary and why. */
enum replica_read {
    RR_REPLICA,
    RR_NONE,        /* no replica configured */
    RR_TRANSACTION, /* the request has a transaction open on the primary */
    RR_DOWN,        /* unreachable, or failed a moment ago (YH_DB_REPLICA_RETRY_MS) */
    RR_LAGGING,     /* behind by more than YH_DB_REPLICA_MAX_LAG_MS */
    RR_GTID,        /* the office's last write not applied within YH_DB_REPLICA_WAIT_MS */
    RR_COUNT
};

/* The monitor's view of the replica. */
enum replica_health { RH_DOWN, RH_LAGGING, RH_UP };

/* What a probe makes of the replica: DOWN when unreachable or before down_until (ms on
 * the monotonic clock; a failure seen by a request); LAGGING when its heartbeat row is
 * missing (have_beat false) or lag_ms behind; else UP. */
enum replica_health replica_judge(bool reachable, bool have_beat, int64_t lag_ms, int64_t max_lag_ms,
                                  int64_t now_ms, int64_t down_until_ms);

/* True when s is one MariaDB GTID, domain-server-sequence ("0-1-42"). */
bool gtid_valid(const char *s);

/* The process's monitor: a thread that writes the heartbeat row on the primary every
 * 500 ms and reads it back on the replica for the lag. NULL when no replica is configured. */
struct replica_monitor;
struct replica_monitor *replica_monitor_start(const struct config *cfg);
/* Stops and joins it (NULL is a no-op). */
void replica_monitor_stop(struct replica_monitor *m);

/* The heartbeat row (replica_db.c): written on the primary; its age on the replica in
 * *lag_ms (*have false, -1, when the row is not there yet). UNAVAILABLE when the server
 * does not answer. */
struct db;
enum yh_err replica_db_beat(struct db *primary);
enum yh_err replica_db_lag(struct db *replica, bool *have, int64_t *lag_ms);

struct replica_stats {
    uint64_t reads[RR_COUNT];
    uint64_t failovers; /* replica statements that ran on the primary after failing */
    int health;         /* enum replica_health */
    int64_t lag_ms;     /* the last measure; -1 when unknown */
    bool configured;
};
void replica_stats(struct replica_stats *out);
/* The metric label of each enum replica_read value but RR_REPLICA. */
const char *replica_read_reason(enum replica_read why);

#endif
