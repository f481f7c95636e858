/* Store of staff accounts: the accounts table, always within one office. */
#include "yinhui/accounts_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* The columns account_map reads, in its order. */
#define ACCOUNT_COLS                                                                                         \
    "id, office_code, username, display_name, role, disabled, IFNULL(branch_id, 0), IFNULL(member_id, 0), "  \
    "version, " SQL_TS("created_at")

/* ACCOUNT_COLS in order: each column's member and how the API shows it (never the
 * password hash). */
static const struct fm account_map[] = {
    FM(FM_ID, "id", struct account, id),
    FM(FM_STR, "office", struct account, office),
    FM(FM_STR, "username", struct account, username),
    FM(FM_STR, "display_name", struct account, display_name),
    FM(FM_STR, "role", struct account, role),
    FM(FM_BOOL, "disabled", struct account, disabled),
    FM(FM_ID, "branch_id", struct account, branch_id),
    FM(FM_ID, "member_id", struct account, member_id),
    FM(FM_INT, "version", struct account, version),
    FM(FM_STR, "created_at", struct account, created_at),
};

cJSON *account_json(const struct account *a)
{
    return fm_to_json(account_map, ARRAY_LEN(account_map), a);
}

enum yh_err accounts_db_create(struct db *db, const char *office, const char *username,
                               const char *display_name, const char *role, const char *password_hash,
                               int64_t branch_id, int64_t member_id, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO accounts (office_code, username, display_name, role, password_hash, "
        "branch_id, member_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),
                           P_STR(username),
                           P_STR(display_name),
                           P_STR(role),
                           P_STR(password_hash),
                           branch_id > 0 ? P_I64(branch_id) : P_NULL,
                           member_id > 0 ? P_I64(member_id) : P_NULL};
    return db_insert(db, sql, p, 7, id);
}

enum yh_err accounts_db_login(struct db *db, const char *office, const char *username, struct account *a,
                              char *hash, size_t hashlen)
{
    /* the hash follows ACCOUNT_COLS, so the map reads this row as it reads any */
    static const char sql[] = "SELECT " ACCOUNT_COLS ", password_hash FROM accounts "
                              "WHERE office_code = ? AND username = ?";
    struct db_param p[] = {P_STR(office), P_STR(username)};
    struct db_rows rows = {0};
    enum yh_err err = db_exec_row(db, sql, p, 2, &rows);
    if (err != YH_OK) {
        return err;
    }
    fm_from_row(&rows, 0, account_map, ARRAY_LEN(account_map), a);
    snprintf(hash, hashlen, "%s", db_str(&rows, 0, 10));
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err accounts_db_of_refresh(struct db *db, const unsigned char hash[32], struct account *a,
                                   bool *has_account, unsigned char family[16], char *scopes,
                                   size_t scopeslen)
{
    /* the token's columns follow ACCOUNT_COLS, so the map reads this row as it reads any;
     * the derived table's names keep the account's columns unambiguous */
    static const char sql[] =
        "SELECT " ACCOUNT_COLS ", t.family, t.granted FROM (SELECT family, IFNULL(scopes, '*') granted, "
        "account_id, office_code t_office FROM refresh_tokens WHERE token_hash = ?) t "
        "LEFT JOIN accounts ON id = t.account_id AND office_code = t.t_office";
    struct db_param p[] = {P_BLOB(hash, 32)};
    struct db_rows rows = {0};
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows != 1 || db_len(&rows, 0, 10) != 16) {
        db_rows_free(&rows);
        return YH_ERR_NOT_FOUND;
    }
    *has_account = db_str(&rows, 0, 0) != NULL;
    if (*has_account) {
        fm_from_row(&rows, 0, account_map, ARRAY_LEN(account_map), a);
    }
    memcpy(family, db_str(&rows, 0, 10), 16);
    snprintf(scopes, scopeslen, "%s", db_str(&rows, 0, 11));
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err accounts_db_get(struct db *db, const char *office, int64_t id, struct account *a)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS " FROM accounts WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, account_map, ARRAY_LEN(account_map), a);
}

enum yh_err accounts_db_list(struct db *db, const char *office, int64_t after, int limit,
                             struct account **out, size_t *n)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS " FROM accounts WHERE office_code = ? AND id > ? "
                              "ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 3, account_map, ARRAY_LEN(account_map), out, n);
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
    struct db_param p[] = {display_name ? P_STR(display_name) : P_NULL,
                           role ? P_STR(role) : P_NULL,
                           disabled ? P_I64(*disabled) : P_NULL,
                           password_hash ? P_STR(password_hash) : P_NULL,
                           P_I64(branch_id),
                           P_I64(branch_id),
                           P_I64(member_id),
                           P_I64(member_id),
                           P_STR(office),
                           P_I64(id),
                           P_I64(version)};
    return db_update_one(db, sql, p, 11, exists, office, id);
}
