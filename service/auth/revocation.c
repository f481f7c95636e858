#include "yinhui/revocation.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/auth_db.h"
#include "yinhui/lcache.h"
#include "yinhui/util.h"

enum yh_err revocation_check(struct db *db, struct cache *c, const char *jti, bool *revoked)
{
    char key[64];
    struct lcache *lc = lcache_process();
    int known = lcache_denied(lc, jti);
    if (c != NULL && known >= 0) {
        *revoked = known == 1; /* kept in step with Redis by the tracker */
        return YH_OK;
    }
    uint64_t seq = lcache_seq(lc);
    snprintf(key, sizeof(key), "yh:deny:%s", jti);
    if (c != NULL && cache_exists(c, key, revoked) == YH_OK) {
        if (!cache_take_reconnected(c)) {
            lcache_learn_denied(lc, seq, jti, *revoked);
            return YH_OK;
        }
        /* this very call reconnected: Redis may lack what was revoked during the
         * outage, so refill it (once a process) and ask MariaDB this time */
        revocation_resync_once(db, c);
    }
    return revoked_db_has(db, jti, revoked) == YH_OK ? YH_OK : YH_ERR_UNAVAILABLE;
}

/* Once a process: the Redis (run_id) the last completed resync filled, and the count of
 * failed denylist writes when it began. */
static pthread_mutex_t sync_lock = PTHREAD_MUTEX_INITIALIZER;
static char synced_run_id[64];
static uint64_t synced_failures;
static atomic_ullong publish_failures, resyncs;

void revocation_publish(struct cache *c, const char *jti, int64_t exp)
{
    char key[64];
    snprintf(key, sizeof(key), "yh:deny:%s", jti);
    /* a failure here is repaired by the resync after the reconnect (which it makes due) */
    if (cache_set_px(c, key, "1", (exp - now_s()) * 1000 + 1000) != YH_OK) {
        atomic_fetch_add(&publish_failures, 1);
    }
    /* this process refuses the token at once; the others when the tracker's message comes */
    lcache_forget_denied(lcache_process(), jti);
}

enum yh_err revocation_add(struct db *db, struct cache *c, const char *jti, int64_t exp)
{
    enum yh_err err = revoked_db_add(db, jti, exp);
    if (err != YH_OK) {
        return err;
    }
    revocation_publish(c, jti, exp);
    return YH_OK;
}

enum yh_err revocation_end_sessions(struct db *db, const char *office, int64_t account_id,
                                    struct db_rows *live)
{
    enum yh_err err;
    memset(live, 0, sizeof(*live));
    err = sessions_db_end(db, office, account_id, now_s(), live);
    if (err != YH_OK) {
        return err; /* rows are freed on failure */
    }
    for (size_t i = 0; err == YH_OK && i < live->nrows; i++) {
        const char *jti = NULL;
        int64_t exp = 0;
        sessions_db_live_at(live, i, &jti, &exp);
        err = revoked_db_add(db, jti, exp);
    }
    if (err != YH_OK) {
        db_rows_free(live);
    }
    return err;
}

enum yh_err revocation_resync(struct db *db, struct cache *c)
{
    struct db_rows rows;
    char key[64];
    enum yh_err err = revoked_db_valid(db, &rows);
    if (err != YH_OK) {
        return err;
    }
    for (size_t i = 0; i < rows.nrows && err == YH_OK; i++) {
        const char *jti = NULL;
        int64_t ttl_ms = 0;
        revoked_db_valid_at(&rows, i, &jti, &ttl_ms);
        snprintf(key, sizeof(key), "yh:deny:%s", jti);
        err = cache_set_px(c, key, "1", ttl_ms);
    }
    db_rows_free(&rows);
    return err;
}

/* Why skipping is safe. Redis's denylist is complete — every revocation committed in
 * MariaDB is there — except for (a) a revocation whose publish failed, and (b) what Redis
 * lost when it restarted (a restart without persistence loses all; with AOF, the last
 * second). A resync that began at time s leaves in that Redis every revocation committed
 * before s; those committed later are published by their own request, and when such a
 * publish fails, publish_failures grows. So a connection may trust the Redis it reaches
 * without a resync of its own when a resync by this process completed on that same Redis
 * (the same run_id: it has not restarted since, so (b) lost nothing since s) and
 * publish_failures is what it was when that resync began (no (a) since s). Otherwise it
 * resyncs. Every reconnection still passes here before its connection is trusted (the
 * call sites ask MariaDB for the round trip that reconnected), and the lock makes the
 * other threads that reconnect meanwhile wait for the running resync, then skip it: one
 * resync per process per Redis start or failed publish, never a window in which a
 * reconnected thread trusts a Redis nobody refilled. Losses Redis does not announce by
 * dropping its connections (FLUSHALL, eviction) were never caught by a reconnection. */
enum yh_err revocation_resync_once(struct db *db, struct cache *c)
{
    char run_id[64] = "";
    uint64_t failures = atomic_load(&publish_failures); /* before the resync reads MariaDB */
    bool known = cache_server_id(c, run_id, sizeof(run_id)) == YH_OK;
    enum yh_err err = YH_OK;
    pthread_mutex_lock(&sync_lock);
    if (!known || strcmp(run_id, synced_run_id) != 0 || failures != synced_failures) {
        err = revocation_resync(db, c);
        if (err == YH_OK) {
            atomic_fetch_add(&resyncs, 1);
            snprintf(synced_run_id, sizeof(synced_run_id), "%s", known ? run_id : "");
            synced_failures = failures;
        }
    }
    pthread_mutex_unlock(&sync_lock);
    return err;
}

uint64_t revocation_resyncs(void)
{
    return atomic_load(&resyncs);
}
