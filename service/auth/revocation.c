#include "yinhui/revocation.h"

#include <stdio.h>
#include <stdlib.h>

#include "yinhui/auth_db.h"
#include "yinhui/util.h"

enum yh_err revocation_check(struct db *db, struct cache *c, const char *jti, bool *revoked)
{
    char key[64];
    snprintf(key, sizeof(key), "yh:deny:%s", jti);
    if (c != NULL && cache_exists(c, key, revoked) == YH_OK) {
        if (!cache_take_reconnected(c)) {
            return YH_OK;
        }
        /* this very call reconnected: Redis may lack what was revoked during the
         * outage, so refill it and ask MariaDB this time */
        revocation_resync(db, c);
    }
    return revoked_db_has(db, jti, revoked) == YH_OK ? YH_OK : YH_ERR_UNAVAILABLE;
}

enum yh_err revocation_add(struct db *db, struct cache *c, const char *jti, int64_t exp)
{
    char key[64];
    enum yh_err err = revoked_db_add(db, jti, exp);
    if (err != YH_OK) {
        return err;
    }
    snprintf(key, sizeof(key), "yh:deny:%s", jti);
    /* a failure here is repaired by the resync after the reconnect */
    cache_set_px(c, key, "1", (exp - now_s()) * 1000 + 1000);
    return YH_OK;
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
        snprintf(key, sizeof(key), "yh:deny:%s", db_str(&rows, i, 0));
        err = cache_set_px(c, key, "1", db_i64(&rows, i, 1));
    }
    db_rows_free(&rows);
    return err;
}
