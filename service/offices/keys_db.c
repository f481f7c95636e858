/* Signing keys: the office_keys table behind service/auth/keys.c and the JWKS. */
#include "yinhui/auth_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

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
    /* an office's signing key is its newest active one, as keys_db_signing picks it */
    static const char sql[] =
        "SELECT kid, office_code, alg, public_pem, IF(not_after IS NULL AND ROW_NUMBER() OVER (PARTITION BY "
        "office_code, not_after IS NULL ORDER BY created_at DESC, kid DESC) = 1, private_enc, NULL) "
        "FROM office_keys WHERE not_after IS NULL OR not_after > NOW(3)";
    return db_exec(db, sql, NULL, 0, rows, NULL, NULL);
}

void keys_db_valid_at(const struct db_rows *rows, size_t i, struct key_row *k)
{
    k->kid = db_str(rows, i, 0);
    k->office = db_str(rows, i, 1);
    k->alg = db_str(rows, i, 2);
    k->pem = db_str(rows, i, 3);
    k->sealed = db_str(rows, i, 4);
    k->sealed_len = db_len(rows, i, 4);
}

void keys_db_signing_key(const struct db_rows *rows, const char **kid, const void **sealed,
                         size_t *sealed_len)
{
    *kid = db_str(rows, 0, 0);
    *sealed = db_str(rows, 0, 1);
    *sealed_len = db_len(rows, 0, 1);
}

enum yh_err keys_db_signing(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT kid, private_enc FROM office_keys WHERE office_code = ? "
                              "AND not_after IS NULL ORDER BY created_at DESC, kid DESC LIMIT 1";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

/* The public keys' SELECT in order (kid, public_pem); JWKS builds the JSON itself. */
static const struct fm public_key_map[] = {
    FM(FM_STR, NULL, struct public_key, kid),
    FM(FM_STR, NULL, struct public_key, pem),
};

enum yh_err keys_db_public(struct db *db, const char *office, struct public_key **out, size_t *n)
{
    static const char all[] = "SELECT kid, public_pem FROM office_keys "
                              "WHERE not_after IS NULL OR not_after > NOW(3) ORDER BY kid";
    static const char one[] = "SELECT kid, public_pem FROM office_keys WHERE office_code = ? "
                              "AND (not_after IS NULL OR not_after > NOW(3)) ORDER BY kid";
    struct db_param p[] = {P_STR(office ? office : "")};
    return FM_ALL(db, office ? one : all, p, office ? 1 : 0, public_key_map, ARRAY_LEN(public_key_map), out,
                  n);
}
