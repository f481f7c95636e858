/* Sessions: refresh tokens (one family a login, rotated on every refresh) and the
 * access-token revocations (the jti denylist MariaDB keeps for service/auth). */
#include "yinhui/auth_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/accounts_db.h"

enum yh_err refresh_db_insert(struct db *db, const unsigned char hash[32], const unsigned char family[16],
                              int64_t account_id, int64_t account_version, const char *office,
                              const char *scopes, const char *access_jti, int64_t access_exp,
                              int64_t expires_at)
{
    /* INSERT ... SELECT reads the account row with a shared lock: a session that was read
     * before a disable, role or password change committed (version moved on) gets no
     * refresh row, and a change that commits later finds this row and its access jti */
    static const char sql[] =
        "INSERT INTO refresh_tokens (token_hash, family, account_id, office_code, scopes, access_jti, "
        "access_expires_at, expires_at) SELECT ?, ?, id, office_code, ?, ?, FROM_UNIXTIME(?), "
        "FROM_UNIXTIME(?) "
        "FROM accounts WHERE id = ? AND office_code = ? AND version = ? AND disabled = 0";
    struct db_param p[] = {P_BLOB(hash, 32),  P_BLOB(family, 16), P_STR(scopes),
                           P_STR(access_jti), P_I64(access_exp),  P_I64(expires_at),
                           P_I64(account_id), P_STR(office),      P_I64(account_version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, &affected, NULL);
    return err != YH_OK ? err : affected == 1 ? YH_OK : YH_ERR_CONFLICT;
}

enum yh_err refresh_db_revoke_family(struct db *db, const unsigned char family[16])
{
    static const char sql[] = "UPDATE refresh_tokens SET revoked = 1 WHERE family = ?";
    struct db_param p[] = {P_BLOB(family, 16)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}

enum yh_err refresh_db_consume(struct db *db, const unsigned char hash[32], struct refresh_use *u)
{
    /* the conditional UPDATE is the arbiter between two concurrent refreshes; the read
     * after it sees this transaction's own mark */
    static const char use[] = "UPDATE refresh_tokens SET used_at = NOW(3) WHERE token_hash = ? "
                              "AND used_at IS NULL AND revoked = 0 AND expires_at > NOW(3)";
    struct db_param p[] = {P_BLOB(hash, 32)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, use, p, 1, NULL, &affected, NULL);
    u->reused = false;
    if (err == YH_OK) {
        err = accounts_db_of_refresh(db, hash, &u->account, &u->has_account, u->family, u->scopes,
                                     sizeof(u->scopes));
    }
    if (err != YH_OK) {
        return err;
    }
    if (affected != 1) {
        u->reused = true;
        return refresh_db_revoke_family(db, u->family);
    }
    return YH_OK;
}

enum yh_err refresh_db_revoke_by_token(struct db *db, const unsigned char hash[32], int64_t account_id)
{
    static const char sql[] =
        "UPDATE refresh_tokens r JOIN (SELECT family FROM refresh_tokens "
        "WHERE token_hash = ? AND account_id = ?) f ON f.family = r.family SET r.revoked = 1";
    struct db_param p[] = {P_BLOB(hash, 32), P_I64(account_id)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err sessions_db_end(struct db *db, const char *office, int64_t account_id, int64_t now,
                            struct db_rows *live)
{
    /* the locking UPDATE and SELECT read the newest rows, including one a concurrent
     * refresh committed while this transaction waited for its row. Expiry is judged by
     * the service's clock, the one that signed and verifies the tokens. */
    static const char revoke[] =
        "UPDATE refresh_tokens SET revoked = 1 WHERE account_id = ? AND office_code = ?";
    static const char sel[] = "SELECT access_jti, UNIX_TIMESTAMP(access_expires_at) FROM refresh_tokens "
                              "WHERE account_id = ? AND office_code = ? AND access_jti IS NOT NULL "
                              "AND access_expires_at > FROM_UNIXTIME(?) FOR UPDATE";
    struct db_param p[] = {P_I64(account_id), P_STR(office), P_I64(now)};
    enum yh_err err = db_exec(db, revoke, p, 2, NULL, NULL, NULL);
    return err != YH_OK ? err : db_exec(db, sel, p, 3, live, NULL, NULL);
}

void sessions_db_live_at(const struct db_rows *live, size_t i, const char **jti, int64_t *exp)
{
    *jti = db_str(live, i, 0);
    *exp = db_i64(live, i, 1);
}

/* ---- revocations ---- */

enum yh_err revoked_db_add(struct db *db, const char *jti, int64_t exp)
{
    static const char sql[] =
        "INSERT IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, FROM_UNIXTIME(?))";
    struct db_param p[] = {P_STR(jti), P_I64(exp)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err revoked_db_has(struct db *db, const char *jti, bool *has)
{
    static const char sql[] = "SELECT 1 FROM revoked_tokens WHERE jti = ?";
    struct db_param p[] = {P_STR(jti)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *has = rows.nrows > 0;
    db_rows_free(&rows);
    return YH_OK;
}

void revoked_db_valid_at(const struct db_rows *rows, size_t i, const char **jti, int64_t *ttl_ms)
{
    *jti = db_str(rows, i, 0);
    *ttl_ms = db_i64(rows, i, 1);
}

enum yh_err revoked_db_valid(struct db *db, struct db_rows *rows)
{
    static const char sql[] = "SELECT jti, TIMESTAMPDIFF(MICROSECOND, NOW(3), expires_at) DIV 1000 "
                              "FROM revoked_tokens WHERE expires_at > NOW(3)";
    return db_exec(db, sql, NULL, 0, rows, NULL, NULL);
}
