/* Store of staff accounts: the accounts table, always within one office. */
#include "yinhui/accounts_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/typed_rows.h"

/* The columns account_row reads, in its order. */
#define ACCOUNT_COLS                                                                                         \
    "id, office_code, username, display_name, role, disabled, IFNULL(branch_id, 0), IFNULL(member_id, 0), "  \
    "version, " SQL_TS("created_at")

/* Row i (ACCOUNT_COLS) into the struct account at dst. */
static void account_row(const struct db_rows *rows, size_t i, void *dst)
{
    struct account *a = dst;
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
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 7, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err accounts_db_login(struct db *db, const char *office, const char *username, struct account *a,
                              char *hash, size_t hashlen)
{
    /* the hash follows ACCOUNT_COLS, so account_row reads this row as it reads any */
    static const char sql[] = "SELECT " ACCOUNT_COLS ", password_hash FROM accounts "
                              "WHERE office_code = ? AND username = ?";
    struct db_param p[] = {P_STR(office), P_STR(username)};
    struct db_rows rows = {0};
    enum yh_err err = db_exec_row(db, sql, p, 2, &rows);
    if (err != YH_OK) {
        return err;
    }
    account_row(&rows, 0, a);
    snprintf(hash, hashlen, "%s", db_str(&rows, 0, 10));
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err accounts_db_get(struct db *db, const char *office, int64_t id, struct account *a)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS " FROM accounts WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return typed_row_one(db, sql, p, 2, account_row, a);
}

enum yh_err accounts_db_list(struct db *db, const char *office, int64_t after, int limit,
                             struct account **out, size_t *n)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS " FROM accounts WHERE office_code = ? AND id > ? "
                              "ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit + 1)};
    return typed_rows_all(db, sql, p, 3, account_row, sizeof(**out), (void **)out, n);
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
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 11, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}
