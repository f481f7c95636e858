#include "yinhui/auth_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* ---- signing keys ---- */

enum yh_err keys_db_insert(struct db *db, const char *kid, const char *office, const char *alg,
                           const char *pub_pem, const void *priv_enc, size_t priv_len)
{
    static const char sql[] = "INSERT INTO office_keys (kid, office_code, alg, public_pem, private_enc) "
                              "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(kid), P_STR(office), P_STR(alg), P_STR(pub_pem), P_BLOB(priv_enc, priv_len)};
    return db_exec(db, sql, p, 5, NULL, NULL, NULL);
}

enum yh_err keys_db_retire_old(struct db *db, const char *office, int keep, int64_t grace_s)
{
    static const char sql[] =
        "UPDATE office_keys k JOIN (SELECT kid FROM office_keys WHERE office_code = ? AND not_after IS NULL "
        "ORDER BY created_at DESC, kid DESC LIMIT 1000 OFFSET ?) old ON old.kid = k.kid "
        "SET k.not_after = NOW(3) + INTERVAL ? SECOND";
    struct db_param p[] = {P_STR(office), P_I64(keep), P_I64(grace_s)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err keys_db_load_valid(struct db *db, struct db_rows *rows)
{
    static const char sql[] = "SELECT kid, office_code, alg, public_pem FROM office_keys "
                              "WHERE not_after IS NULL OR not_after > NOW(3)";
    return db_exec(db, sql, NULL, 0, rows, NULL, NULL);
}

enum yh_err keys_db_signing(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT kid, private_enc FROM office_keys WHERE office_code = ? "
                              "AND not_after IS NULL ORDER BY created_at DESC, kid DESC LIMIT 1";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err keys_db_public(struct db *db, const char *office, struct db_rows *rows)
{
    static const char all[] = "SELECT kid, public_pem, office_code FROM office_keys "
                              "WHERE not_after IS NULL OR not_after > NOW(3) ORDER BY kid";
    static const char one[] = "SELECT kid, public_pem, office_code FROM office_keys WHERE office_code = ? "
                              "AND (not_after IS NULL OR not_after > NOW(3)) ORDER BY kid";
    struct db_param p[] = {P_STR(office ? office : "")};
    return office ? db_exec(db, one, p, 1, rows, NULL, NULL) : db_exec(db, all, NULL, 0, rows, NULL, NULL);
}

/* ---- accounts ---- */

void account_from_row(const struct db_rows *rows, size_t i, struct account *a)
{
    memset(a, 0, sizeof(*a));
    a->id = db_i64(rows, i, 0);
    DB_CP(a->office, db_str(rows, i, 1));
    DB_CP(a->username, db_str(rows, i, 2));
    DB_CP(a->display_name, db_str(rows, i, 3));
    DB_CP(a->role, db_str(rows, i, 4));
    a->disabled = db_i64(rows, i, 5) != 0;
    a->branch_id = db_i64(rows, i, 6);
    a->member_id = db_i64(rows, i, 7);
    a->version = db_i64(rows, i, 8);
    DB_CP(a->created_at, db_str(rows, i, 9));
}

enum yh_err accounts_db_create(struct db *db, const char *office, const char *username,
                               const char *display_name, const char *role,
                               const char *password_hash, int64_t branch_id, int64_t member_id, int64_t *id)
{
    static const char sql[] = "INSERT INTO accounts (office_code, username, display_name, role, password_hash, "
                              "branch_id, member_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(username), P_STR(display_name), P_STR(role), P_STR(password_hash),
                           branch_id > 0 ? P_I64(branch_id) : P_NULL, member_id > 0 ? P_I64(member_id) : P_NULL};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 7, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err accounts_db_login(struct db *db, const char *office, const char *username,
                              struct account *a, char *hash, size_t hashlen)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS ", password_hash FROM accounts "
                              "WHERE office_code = ? AND username = ?";
    struct db_param p[] = {P_STR(office), P_STR(username)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows == 0) {
        db_rows_free(&rows);
        return YH_ERR_NOT_FOUND;
    }
    account_from_row(&rows, 0, a);
    snprintf(hash, hashlen, "%s", db_str(&rows, 0, 10));
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err accounts_db_get(struct db *db, const char *office, int64_t id, struct account *a)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS " FROM accounts WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    err = rows.nrows == 0 ? YH_ERR_NOT_FOUND : YH_OK;
    if (err == YH_OK) {
        account_from_row(&rows, 0, a);
    }
    db_rows_free(&rows);
    return err;
}

enum yh_err accounts_db_list(struct db *db, const char *office, int64_t after, int limit,
                             struct account **out, size_t *n)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS " FROM accounts WHERE office_code = ? AND id > ? "
                              "ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit + 1)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    *out = NULL;
    *n = 0;
    if (err != YH_OK) {
        return err;
    }
    *out = calloc(rows.nrows + 1, sizeof(**out));
    if (*out == NULL) {
        abort();
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        account_from_row(&rows, i, &(*out)[i]);
    }
    *n = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err accounts_db_update(struct db *db, const char *office, int64_t id, int64_t version,
                               const char *display_name, const char *role, const bool *disabled,
                               const char *password_hash, int64_t branch_id, int64_t member_id)
{
    static const char sql[] =
        "UPDATE accounts SET display_name = COALESCE(?, display_name), role = COALESCE(?, role), "
        "disabled = COALESCE(?, disabled), password_hash = COALESCE(?, password_hash), "
        "branch_id = IF(? < 0, branch_id, NULLIF(?, 0)), member_id = IF(? < 0, member_id, NULLIF(?, 0)), "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM accounts WHERE office_code = ? AND id = ?";
    struct db_param p[] = {display_name ? P_STR(display_name) : P_NULL, role ? P_STR(role) : P_NULL,
                           disabled ? P_I64(*disabled) : P_NULL,
                           password_hash ? P_STR(password_hash) : P_NULL,
                           P_I64(branch_id), P_I64(branch_id), P_I64(member_id), P_I64(member_id),
                           P_STR(office), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 11, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

/* ---- clients ---- */

#define CLIENT_COLS "id, office_code, client_id, name, scopes, disabled, version, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s+08:00')"

static void client_from_row(const struct db_rows *rows, size_t i, struct client *c)
{
    memset(c, 0, sizeof(*c));
    c->id = db_i64(rows, i, 0);
    DB_CP(c->office, db_str(rows, i, 1));
    DB_CP(c->client_id, db_str(rows, i, 2));
    DB_CP(c->name, db_str(rows, i, 3));
    DB_CP(c->scopes, db_str(rows, i, 4));
    c->disabled = db_i64(rows, i, 5) != 0;
    c->version = db_i64(rows, i, 6);
    DB_CP(c->created_at, db_str(rows, i, 7));
}

enum yh_err clients_db_create(struct db *db, const char *office, const char *client_id,
                              const char *name, const unsigned char secret_hash[32],
                              const char *scopes, int64_t *id)
{
    static const char sql[] = "INSERT INTO clients (office_code, client_id, name, secret_hash, scopes) "
                              "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(client_id), P_STR(name), P_BLOB(secret_hash, 32), P_STR(scopes)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err clients_db_by_client_id(struct db *db, const char *client_id, struct client *c,
                                    unsigned char secret_hash[32])
{
    static const char sql[] = "SELECT " CLIENT_COLS ", secret_hash FROM clients WHERE client_id = ?";
    struct db_param p[] = {P_STR(client_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows == 0 || db_len(&rows, 0, 8) != 32) {
        db_rows_free(&rows);
        return YH_ERR_NOT_FOUND;
    }
    client_from_row(&rows, 0, c);
    memcpy(secret_hash, db_str(&rows, 0, 8), 32);
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err clients_db_get(struct db *db, const char *office, int64_t id, struct client *c)
{
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    err = rows.nrows == 0 ? YH_ERR_NOT_FOUND : YH_OK;
    if (err == YH_OK) {
        client_from_row(&rows, 0, c);
    }
    db_rows_free(&rows);
    return err;
}

enum yh_err clients_db_list(struct db *db, const char *office, int64_t after, int limit,
                            struct client **out, size_t *n)
{
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients WHERE office_code = ? AND id > ? "
                              "ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit + 1)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    *out = NULL;
    *n = 0;
    if (err != YH_OK) {
        return err;
    }
    *out = calloc(rows.nrows + 1, sizeof(**out));
    if (*out == NULL) {
        abort();
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        client_from_row(&rows, i, &(*out)[i]);
    }
    *n = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err clients_db_disable(struct db *db, const char *office, int64_t id, int64_t version)
{
    static const char sql[] = "UPDATE clients SET disabled = 1, version = version + 1 "
                              "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM clients WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

/* ---- refresh tokens ---- */

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

enum yh_err refresh_db_consume(struct db *db, const unsigned char hash[32], int64_t *account_id,
                               char office[7], unsigned char family[16], char *scopes, size_t scopeslen,
                               bool *reused)
{
    static const char sel[] =
        "SELECT family, account_id, office_code, used_at IS NOT NULL OR revoked = 1 "
        "OR expires_at <= NOW(3), IFNULL(scopes, '*') FROM refresh_tokens WHERE token_hash = ?";
    /* the conditional UPDATE is the arbiter between two concurrent refreshes */
    static const char use[] = "UPDATE refresh_tokens SET used_at = NOW(3) WHERE token_hash = ? "
                              "AND used_at IS NULL AND revoked = 0 AND expires_at > NOW(3)";
    struct db_param p[] = {P_BLOB(hash, 32)};
    struct db_rows rows;
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sel, p, 1, &rows, NULL, NULL);
    *reused = false;
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows == 0 || db_len(&rows, 0, 0) != 16) {
        db_rows_free(&rows);
        return YH_ERR_NOT_FOUND;
    }
    memcpy(family, db_str(&rows, 0, 0), 16);
    *account_id = db_i64(&rows, 0, 1);
    snprintf(office, 7, "%s", db_str(&rows, 0, 2));
    bool stale = db_i64(&rows, 0, 3) != 0;
    snprintf(scopes, scopeslen, "%s", db_str(&rows, 0, 4));
    db_rows_free(&rows);
    if (!stale) {
        err = db_exec(db, use, p, 1, NULL, &affected, NULL);
        if (err != YH_OK) {
            return err;
        }
    }
    if (stale || affected != 1) {
        *reused = true;
        return refresh_db_revoke_family(db, family);
    }
    return YH_OK;
}

enum yh_err refresh_db_revoke_by_token(struct db *db, const unsigned char hash[32],
                                       int64_t account_id)
{
    static const char sql[] = "UPDATE refresh_tokens r JOIN (SELECT family FROM refresh_tokens "
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

/* ---- revocations ---- */

enum yh_err revoked_db_add(struct db *db, const char *jti, int64_t exp)
{
    static const char sql[] = "INSERT IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, FROM_UNIXTIME(?))";
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

enum yh_err revoked_db_valid(struct db *db, struct db_rows *rows)
{
    static const char sql[] = "SELECT jti, TIMESTAMPDIFF(MICROSECOND, NOW(3), expires_at) DIV 1000 "
                              "FROM revoked_tokens WHERE expires_at > NOW(3)";
    return db_exec(db, sql, NULL, 0, rows, NULL, NULL);
}

/* ---- login throttling ---- */

enum yh_err throttle_db_wait(struct db *db, const char *key, int64_t max, int64_t window_s,
                             int64_t *retry_after)
{
    static const char sql[] = "SELECT failures, GREATEST(1, CEIL(TIMESTAMPDIFF(MICROSECOND, NOW(3), "
                              "window_start + INTERVAL ? SECOND) / 1000000)) FROM login_throttle "
                              "WHERE k = ? AND window_start + INTERVAL ? SECOND > NOW(3)";
    struct db_param p[] = {P_I64(window_s), P_STR(key), P_I64(window_s)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    *retry_after = 0;
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows > 0 && db_i64(&rows, 0, 0) >= max) {
        *retry_after = db_i64(&rows, 0, 1);
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err throttle_db_take(struct db *db, const char *key, int64_t window_s, int64_t *count)
{
    /* one statement counts the attempt and hands back the new count (LAST_INSERT_ID(x)
     * is what mysql_stmt_insert_id reports), so concurrent attempts each see their own */
    static const char sql[] =
        "INSERT INTO login_throttle (k, window_start, failures) VALUES (?, NOW(3), LAST_INSERT_ID(1)) "
        "ON DUPLICATE KEY UPDATE failures = LAST_INSERT_ID(IF(window_start + INTERVAL ? SECOND > NOW(3), "
        "failures + 1, 1)), window_start = IF(window_start + INTERVAL ? SECOND > NOW(3), window_start, "
        "NOW(3))";
    struct db_param p[] = {P_STR(key), P_I64(window_s), P_I64(window_s)};
    uint64_t n = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, NULL, &n);
    *count = (int64_t)n;
    return err;
}

enum yh_err throttle_db_refund(struct db *db, const char *key)
{
    static const char sql[] =
        "UPDATE login_throttle SET failures = failures - 1 WHERE k = ? AND failures > 0";
    struct db_param p[] = {P_STR(key)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}

enum yh_err throttle_db_fail(struct db *db, const char *key, int64_t window_s)
{
    /* a new window starts when the old one has passed */
    static const char sql[] =
        "INSERT INTO login_throttle (k, window_start, failures) VALUES (?, NOW(3), 1) "
        "ON DUPLICATE KEY UPDATE failures = IF(window_start + INTERVAL ? SECOND > NOW(3), failures + 1, 1), "
        "window_start = IF(window_start + INTERVAL ? SECOND > NOW(3), window_start, NOW(3))";
    struct db_param p[] = {P_STR(key), P_I64(window_s), P_I64(window_s)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err throttle_db_clear(struct db *db, const char *key)
{
    static const char sql[] = "DELETE FROM login_throttle WHERE k = ?";
    struct db_param p[] = {P_STR(key)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}

enum yh_err audit_db_add(struct db *db, const char *office, const char *actor, const char *action,
                         const char *target, const char *request_id, const char *client_request_id)
{
    static const char sql[] = "INSERT INTO audit_log (office_code, actor, action, target, request_id, "
                              "client_request_id) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(actor),      P_STR(action),
                           P_STR(target), P_STR(request_id), P_OPT(client_request_id)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}

enum yh_err audit_db_list(struct db *db, const char *office, const struct audit_filter *f, struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[8];
    size_t np = 0;
    buf_puts(&sql, "SELECT id, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%f'), actor, action, target, request_id, "
                   "client_request_id FROM audit_log WHERE office_code = ?");
    p[np++] = P_STR(office);
    if (f->before_id) {
        buf_puts(&sql, " AND id < ?");
        p[np++] = P_I64(f->before_id);
    }
    if (f->action) {
        buf_puts(&sql, " AND action = ?");
        p[np++] = P_STR(f->action);
    }
    if (f->actor) {
        buf_puts(&sql, " AND actor = ?");
        p[np++] = P_STR(f->actor);
    }
    if (f->target) {
        buf_puts(&sql, " AND target = ?");
        p[np++] = P_STR(f->target);
    }
    if (f->since) {
        buf_puts(&sql, " AND at >= ?");
        p[np++] = P_STR(f->since);
    }
    if (f->until) {
        buf_puts(&sql, " AND at < ? + INTERVAL 1 DAY");
        p[np++] = P_STR(f->until);
    }
    buf_puts(&sql, " ORDER BY id DESC LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    enum yh_err err = db_exec(db, sql.data, p, np, rows, NULL, NULL);
    buf_free(&sql);
    return err;
}
