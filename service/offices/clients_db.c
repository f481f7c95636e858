/* Store of integration clients: the clients table, within one office except the token
 * endpoint's look-up by client_id. */
#include "yinhui/clients_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/throttle_db.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* The columns client_map reads, in its order. */
#define CLIENT_COLS "id, office_code, client_id, name, scopes, disabled, version, " SQL_TS("created_at")

/* CLIENT_COLS in order: each column's member and how the API shows it (never the
 * secret). */
static const struct fm client_map[] = {
    FM(FM_ID, "id", struct client, id),
    FM(FM_STR, "office", struct client, office),
    FM(FM_STR, "client_id", struct client, client_id),
    FM(FM_STR, "name", struct client, name),
    FM(FM_STR, "scope", struct client, scopes),
    FM(FM_BOOL, "disabled", struct client, disabled),
    FM(FM_INT, "version", struct client, version),
    FM(FM_STR, "created_at", struct client, created_at),
};

cJSON *client_json(const struct client *c)
{
    return fm_to_json(client_map, ARRAY_LEN(client_map), c);
}

enum yh_err clients_db_create(struct db *db, const char *office, const char *client_id, const char *name,
                              const unsigned char secret_hash[32], const char *scopes, int64_t *id)
{
    static const char sql[] = "INSERT INTO clients (office_code, client_id, name, secret_hash, scopes) "
                              "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(client_id), P_STR(name), P_BLOB(secret_hash, 32),
                           P_STR(scopes)};
    return db_insert(db, sql, p, 5, id);
}

enum yh_err clients_db_for_token(struct db *db, const char *client_id, const char *lock_key, int64_t max,
                                 int64_t window_s, struct client *c, unsigned char secret_hash[32],
                                 int64_t *retry_after)
{
    /* one row whether or not either exists; the secret and the throttle follow
     * CLIENT_COLS, so the map reads this row as it reads any */
    static const char sql[] =
        "SELECT " CLIENT_COLS ", secret_hash, " THROTTLE_WAIT_COLS " FROM (SELECT 1) one "
        "LEFT JOIN clients ON client_id = ? LEFT JOIN login_throttle ON k = ? AND " THROTTLE_LIVE;
    struct db_param p[] = {P_I64(window_s), P_STR(client_id), P_STR(lock_key), P_I64(window_s)};
    struct db_rows rows = {0};
    enum yh_err err = db_exec(db, sql, p, 4, &rows, NULL, NULL);
    *retry_after = 0;
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows != 1) {
        db_rows_free(&rows);
        return YH_ERR_INTERNAL;
    }
    if (db_str(&rows, 0, 9) != NULL && db_i64(&rows, 0, 9) >= max) {
        *retry_after = db_i64(&rows, 0, 10);
    }
    err = db_len(&rows, 0, 8) == 32 ? YH_OK : YH_ERR_NOT_FOUND;
    if (err == YH_OK) {
        fm_from_row(&rows, 0, client_map, ARRAY_LEN(client_map), c);
        memcpy(secret_hash, db_str(&rows, 0, 8), 32);
    }
    db_rows_free(&rows);
    return err;
}

enum yh_err clients_db_get(struct db *db, const char *office, int64_t id, struct client *c)
{
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, client_map, ARRAY_LEN(client_map), c);
}

enum yh_err clients_db_list(struct db *db, const char *office, int64_t after, int limit, struct client **out,
                            size_t *n)
{
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients WHERE office_code = ? AND id > ? "
                              "ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 3, client_map, ARRAY_LEN(client_map), out, n);
}

enum yh_err clients_db_disable(struct db *db, const char *office, int64_t id, int64_t version)
{
    static const char sql[] = "UPDATE clients SET disabled = 1, version = version + 1 "
                              "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM clients WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id), P_I64(version)};
    return db_update_one(db, sql, p, 3, exists, office, id);
}
