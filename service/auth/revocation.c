#include "yinhui/revocation.h"

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
    int known = lcache_denied(lc, mono_s(), jti);
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
         * outage, so refill it and ask MariaDB this time */
        revocation_resync(db, c);
    }
    return revoked_db_has(db, jti, revoked) == YH_OK ? YH_OK : YH_ERR_UNAVAILABLE;
}

void revocation_publish(struct cache *c, const char *jti, int64_t exp)
{
    char key[64];
    snprintf(key, sizeof(key), "yh:deny:%s", jti);
    /* a failure here is repaired by the resync after the reconnect */
    cache_set_px(c, key, "1", (exp - now_s()) * 1000 + 1000);
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
