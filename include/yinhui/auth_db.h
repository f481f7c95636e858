#ifndef YINHUI_AUTH_DB_H
#define YINHUI_AUTH_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"

/* Store for keys, accounts, clients, refresh tokens, revocations, login throttling.
 * Every function that reads tenant data takes the caller's office. */

/* ---- signing keys ---- */
enum yh_err keys_db_insert(struct db *db, const char *kid, const char *office, const char *alg,
                           const char *pub_pem, const void *priv_enc, size_t priv_len);
/* Retires all but the newest `keep` active keys of office: they stay valid for
 * grace_s seconds (tokens they signed keep verifying until they expire). */
enum yh_err keys_db_retire_old(struct db *db, const char *office, int keep, int64_t grace_s);
/* Rows kid, office_code, alg, public_pem of keys not past not_after. */
enum yh_err keys_db_load_valid(struct db *db, struct db_rows *rows);
/* Row kid, private_enc of the newest active key of office (0 rows: none). */
enum yh_err keys_db_signing(struct db *db, const char *office, struct db_rows *rows);
/* Rows kid, public_pem of active keys (office NULL: all offices), for JWKS. */
enum yh_err keys_db_public(struct db *db, const char *office, struct db_rows *rows);

/* ---- accounts ---- */
struct account {
    int64_t id;
    char office[7];
    char username[65];
    char display_name[401];
    char role[16];
    int64_t branch_id; /* secretary's branch, 0 when none */
    int64_t member_id; /* the person's own member record, 0 when none */
    bool disabled;
    int64_t version;
    char created_at[32];
};
#define ACCOUNT_COLS "id, office_code, username, display_name, role, disabled, IFNULL(branch_id, 0), IFNULL(member_id, 0), version, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s+08:00')"
void account_from_row(const struct db_rows *rows, size_t i, struct account *a);
/* Creates an account; CONFLICT when the username is taken in that office. branch_id /
 * member_id 0 mean none. In update, a negative binding means unchanged, 0 clears it. */
enum yh_err accounts_db_create(struct db *db, const char *office, const char *username,
                               const char *display_name, const char *role,
                               const char *password_hash, int64_t branch_id, int64_t member_id,
                               int64_t *id);
/* Account by office + username with its hash (for login); NOT_FOUND when absent. */
enum yh_err accounts_db_login(struct db *db, const char *office, const char *username,
                              struct account *a, char *hash, size_t hashlen);
enum yh_err accounts_db_get(struct db *db, const char *office, int64_t id, struct account *a);
/* Page of an office's accounts after id `after`, at most limit+1 rows into *out. */
enum yh_err accounts_db_list(struct db *db, const char *office, int64_t after, int limit,
                             struct account **out, size_t *n);
/* Updates given fields when version matches: NOT_FOUND / PRECONDITION. */
enum yh_err accounts_db_update(struct db *db, const char *office, int64_t id, int64_t version,
                               const char *display_name, const char *role, const bool *disabled,
                               const char *password_hash, int64_t branch_id, int64_t member_id);

/* ---- integration clients ---- */
struct client {
    int64_t id;
    char office[7];
    char client_id[65];
    char name[401];
    char scopes[501];
    bool disabled;
    int64_t version;
    char created_at[32];
};
enum yh_err clients_db_create(struct db *db, const char *office, const char *client_id,
                              const char *name, const unsigned char secret_hash[32],
                              const char *scopes, int64_t *id);
/* By client_id alone (the token endpoint learns the office from it). */
enum yh_err clients_db_by_client_id(struct db *db, const char *client_id, struct client *c,
                                    unsigned char secret_hash[32]);
enum yh_err clients_db_get(struct db *db, const char *office, int64_t id, struct client *c);
enum yh_err clients_db_list(struct db *db, const char *office, int64_t after, int limit,
                            struct client **out, size_t *n);
/* Disables (soft-deletes) a client when version matches. */
enum yh_err clients_db_disable(struct db *db, const char *office, int64_t id, int64_t version);

/* ---- refresh tokens ---- */
/* Stores a refresh token of family with the scopes the family was granted and the access
 * token (jti, exp) issued with it — only while the account still has account_version and
 * is enabled: CONFLICT otherwise (a session change committed meanwhile). */
enum yh_err refresh_db_insert(struct db *db, const unsigned char hash[32], const unsigned char family[16],
                              int64_t account_id, int64_t account_version, const char *office,
                              const char *scopes, const char *access_jti, int64_t access_exp,
                              int64_t expires_at);
/* Marks the token used. Sets *reused when it was already used, revoked or expired:
 * its family is then revoked. NOT_FOUND when unknown. scopes gets the family's granted
 * scopes ("*" for a row from before they were stored: the role's). */
enum yh_err refresh_db_consume(struct db *db, const unsigned char hash[32], int64_t *account_id,
                               char office[7], unsigned char family[16], char *scopes, size_t scopeslen,
                               bool *reused);
/* Ends an account's sessions (inside the caller's transaction): revokes every refresh
 * family and returns rows access_jti, exp (unix s) of the access tokens alive at now. */
enum yh_err sessions_db_end(struct db *db, const char *office, int64_t account_id, int64_t now,
                            struct db_rows *live);
enum yh_err refresh_db_revoke_family(struct db *db, const unsigned char family[16]);
/* Revokes the family of the token with this hash, if it belongs to account. */
enum yh_err refresh_db_revoke_by_token(struct db *db, const unsigned char hash[32],
                                       int64_t account_id);

/* ---- access-token revocations ---- */
enum yh_err revoked_db_add(struct db *db, const char *jti, int64_t exp);
enum yh_err revoked_db_has(struct db *db, const char *jti, bool *has);
/* Rows jti, ms-until-expiry of unexpired revocations. */
enum yh_err revoked_db_valid(struct db *db, struct db_rows *rows);

/* ---- login throttling ---- */
/* Seconds to wait when key has max or more failures in the current window, else 0. */
enum yh_err throttle_db_wait(struct db *db, const char *key, int64_t max, int64_t window_s,
                             int64_t *retry_after);
enum yh_err throttle_db_fail(struct db *db, const char *key, int64_t window_s);
/* Counts an attempt before it is evaluated; *count is the attempts in the window,
 * this one included (atomic: concurrent attempts get distinct counts). */
enum yh_err throttle_db_take(struct db *db, const char *key, int64_t window_s, int64_t *count);
/* Gives back one counted attempt (it succeeded, or was not evaluated). */
enum yh_err throttle_db_refund(struct db *db, const char *key);
enum yh_err throttle_db_clear(struct db *db, const char *key);

/* ---- audit ---- */
/* request_id is the server's own; client_request_id the caller's X-Request-ID (NULL or
 * "" when none), kept beside it. */
enum yh_err audit_db_add(struct db *db, const char *office, const char *actor, const char *action,
                         const char *target, const char *request_id, const char *client_request_id);
/* Newest first. NULL/0 fields mean any; since/until are dates (until inclusive). */
struct audit_filter {
    const char *action, *actor, *target, *since, *until;
    int64_t before_id;
    int limit;
};
/* Rows id, at, actor, action, target, request_id, client_request_id; limit+1 at most. */
enum yh_err audit_db_list(struct db *db, const char *office, const struct audit_filter *f, struct db_rows *rows);

#endif
