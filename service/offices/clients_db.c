/* Store of integration clients: the clients table, within one office except the token
 * endpoint's look-up by client_id. */
#include "yinhui/clients_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/typed_rows.h"

/* The columns client_row reads, in its order. */
#define CLIENT_COLS "id, office_code, client_id, name, scopes, disabled, version, " SQL_TS("created_at")

/* Row i (CLIENT_COLS) into the struct client at dst. */
static void client_row(const struct db_rows *rows, size_t i, void *dst)
{
    struct client *c = dst;
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

enum yh_err clients_db_create(struct db *db, const char *office, const char *client_id, const char *name,
                              const unsigned char secret_hash[32], const char *scopes, int64_t *id)
{
    static const char sql[] = "INSERT INTO clients (office_code, client_id, name, secret_hash, scopes) "
                              "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(client_id), P_STR(name), P_BLOB(secret_hash, 32),
                           P_STR(scopes)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err clients_db_by_client_id(struct db *db, const char *client_id, struct client *c,
                                    unsigned char secret_hash[32])
{
    /* the secret follows CLIENT_COLS, so client_row reads this row as it reads any */
    static const char sql[] = "SELECT " CLIENT_COLS ", secret_hash FROM clients WHERE client_id = ?";
    struct db_param p[] = {P_STR(client_id)};
    struct db_rows rows = {0};
    enum yh_err err = db_exec_row(db, sql, p, 1, &rows);
    if (err != YH_OK) {
        return err;
    }
    if (db_len(&rows, 0, 8) != 32) {
        db_rows_free(&rows);
        return YH_ERR_NOT_FOUND;
    }
    client_row(&rows, 0, c);
    memcpy(secret_hash, db_str(&rows, 0, 8), 32);
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err clients_db_get(struct db *db, const char *office, int64_t id, struct client *c)
{
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return typed_row_one(db, sql, p, 2, client_row, c);
}

enum yh_err clients_db_list(struct db *db, const char *office, int64_t after, int limit, struct client **out,
                            size_t *n)
{
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients WHERE office_code = ? AND id > ? "
                              "ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit + 1)};
    return typed_rows_all(db, sql, p, 3, client_row, sizeof(**out), (void **)out, n);
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
