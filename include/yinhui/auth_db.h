#ifndef YINHUI_AUTH_DB_H
#define YINHUI_AUTH_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/accounts_db.h"
#include "yinhui/auth.h"
#include "yinhui/db.h"
#include "yinhui/err.h"

/* The store behind the token library (service/auth): signing keys
 * (service/offices/keys_db.c) and refresh tokens and revocations
 * (sessions_db.c). Every function that reads tenant data takes the caller's office. */

/* ---- signing keys ---- */
/* Stores office's new key kid: its public PEM and its private key sealed (priv_enc). */
enum yh_err keys_db_insert(struct db *db, const char *kid, const char *office, const char *alg,
                           const char *pub_pem, const void *priv_enc, size_t priv_len);
/* Retires all but the newest `keep` active keys of office: they stay valid for
 * grace_s seconds (tokens they signed keep verifying until they expire). */
enum yh_err keys_db_retire_old(struct db *db, const char *office, int keep, int64_t grace_s);
/* The keys not past not_after (read them with keys_db_valid_at). */
enum yh_err keys_db_load_valid(struct db *db, struct db_rows *rows);
/* Row kid, private_enc of the newest active key of office (0 rows: none). */
enum yh_err keys_db_signing(struct db *db, const char *office, struct db_rows *rows);
/* Row i of keys_db_load_valid (borrowed from rows): kid, office, alg, public PEM and,
 * for its office's signing key only, the sealed private key. */
void keys_db_valid_at(const struct db_rows *rows, size_t i, struct key_row *k);
/* The one row of keys_db_signing: kid and the sealed private key (borrowed from rows). */
void keys_db_signing_key(const struct db_rows *rows, const char **kid, const void **sealed,
                         size_t *sealed_len);
/* A verifying key as the JWKS shows it (a P-256 public PEM is about 180 characters). */
struct public_key {
    char kid[41];
    char pem[1024];
};
/* Keys still valid (office NULL: all offices), ordered by kid, for JWKS: *out (caller
 * frees) and *n. */
enum yh_err keys_db_public(struct db *db, const char *office, struct public_key **out, size_t *n);

/* ---- refresh tokens ---- */
/* Stores a refresh token of family with the scopes the family was granted and the access
 * token (jti, exp) issued with it — only while the account still has account_version and
 * is enabled: CONFLICT otherwise (a session change committed meanwhile). */
enum yh_err refresh_db_insert(struct db *db, const unsigned char hash[32], const unsigned char family[16],
                              int64_t account_id, int64_t account_version, const char *office,
                              const char *scopes, const char *access_jti, int64_t access_exp,
                              int64_t expires_at);
/* What consuming a refresh token found. */
struct refresh_use {
    unsigned char family[16];
    char scopes[501]; /* the family's granted scopes ("*": the role's, a row from before) */
    bool reused;      /* it was used, revoked or expired before: its family is now revoked */
    bool has_account; /* the account it names exists: then account is read */
    struct account account;
};
/* Marks the token used and reads it with its account (two statements). NOT_FOUND when
 * unknown. */
enum yh_err refresh_db_consume(struct db *db, const unsigned char hash[32], struct refresh_use *u);
/* Ends an account's sessions (inside the caller's transaction): revokes every refresh
 * family and returns rows access_jti, exp (unix s) of the access tokens alive at now. */
enum yh_err sessions_db_end(struct db *db, const char *office, int64_t account_id, int64_t now,
                            struct db_rows *live);
/* Row i of sessions_db_end's live rows: *jti (borrowed from live) and *exp. */
void sessions_db_live_at(const struct db_rows *live, size_t i, const char **jti, int64_t *exp);
/* Revokes every refresh token of family (a reuse was detected). */
enum yh_err refresh_db_revoke_family(struct db *db, const unsigned char family[16]);
/* Revokes the family of the token with this hash, if it belongs to account. */
enum yh_err refresh_db_revoke_by_token(struct db *db, const unsigned char hash[32], int64_t account_id);

/* ---- access-token revocations ---- */
/* Denylists jti until exp (unix s); adding it again is no error. */
enum yh_err revoked_db_add(struct db *db, const char *jti, int64_t exp);
/* *has: whether jti is denylisted (expired rows count until they are purged). */
enum yh_err revoked_db_has(struct db *db, const char *jti, bool *has);
/* Rows jti, ms-until-expiry of unexpired revocations. */
enum yh_err revoked_db_valid(struct db *db, struct db_rows *rows);
/* Row i of revoked_db_valid: the jti (borrowed) and the milliseconds its entry has left. */
void revoked_db_valid_at(const struct db_rows *rows, size_t i, const char **jti, int64_t *ttl_ms);


#endif
