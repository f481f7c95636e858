#ifndef YINHUI_AUTH_H
#define YINHUI_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/err.h"

/* Scopes as bits; the names are the OAuth scope strings. */
enum scope {
    SC_OFFICES_READ = 1u << 0,
    SC_OFFICES_WRITE = 1u << 1,
    SC_ACCOUNTS_READ = 1u << 2,
    SC_ACCOUNTS_WRITE = 1u << 3,
    SC_CLIENTS_READ = 1u << 4,
    SC_CLIENTS_WRITE = 1u << 5,
    SC_PII_READ = 1u << 6,
    SC_BRANCHES_READ = 1u << 7,
    SC_BRANCHES_WRITE = 1u << 8,
    SC_MEMBERS_READ = 1u << 9,
    SC_MEMBERS_WRITE = 1u << 10,
    SC_AUDIT_READ = 1u << 11,
    SC_VOLUNTEERS_READ = 1u << 12,
    SC_VOLUNTEERS_WRITE = 1u << 13,
    SC_VOLUNTEERS_SIGNUP = 1u << 14, /* members sign themselves up, check in, claim hours */
    SC_TALENTS_READ = 1u << 15,    /* search admitted talents (public profile) */
    SC_TALENTS_WRITE = 1u << 16,   /* manage the pool (staff) */
    SC_TALENTS_REQUEST = 1u << 17, /* post requests and read one's own */
    SC_TALENTS_APPLY = 1u << 18,   /* members apply and edit their own application */
    SC_CARE_REQUEST = 1u << 19,    /* file and follow urgent help requests (a relative's only scope) */
};
/* Parses a space-separated scope list. Returns -1 (and names the first unknown scope
 * in bad) or 0 with *bits. */
int scopes_parse(const char *s, unsigned *bits, char *bad, size_t badlen);
/* Writes the space-separated names of bits to out. */
void scopes_format(unsigned bits, char *out, size_t outlen);
/* Scopes granted to an account role (admin, secretary, member, relative); 0 for an unknown role. */
unsigned role_scopes(const char *role);
/* Scopes an integration client may be granted. */
unsigned client_grantable_scopes(void);

/* What a verified access token says. */
struct claims {
    char office[7];
    char sub[80];   /* "account:<id>" or "client:<client_id>" */
    char role[16];  /* admin | secretary | member | relative | integration */
    char jti[48];
    unsigned scopes;
    int64_t iat, exp;
    int64_t branch_id; /* secretary: the branch it is bound to (0: none) */
    int64_t member_id; /* member (or secretary): its own member record; relative: the member it acts for */
};

/* The id of the master key that seals the offices' private signing keys. */
#define KEY_SEAL_ID 1

/* Verification keys by kid and the offices' signing keys, shared by all threads of a
 * process (read-mostly). A key is parsed on its first use and then held (EVP_PKEY),
 * across reloads too: no call after the first parses a PEM. */
struct keyring;
struct keyring *keyring_new(void);
void keyring_free(struct keyring *k);
/* One key as the store has it (borrowed strings). sealed: the office's current signing
 * key only (its private PEM sealed under KEY_SEAL_ID), else NULL. */
struct key_row {
    const char *kid, *office, *alg, *pem;
    const void *sealed;
    size_t sealed_len;
};
/* Replaces the table with n rows; keys whose kid stays keep their parsed form. */
void keyring_replace(struct keyring *k, size_t n, const struct key_row *rows);
/* Seconds since the table was last loaded (monotonic). */
double keyring_age(const struct keyring *k);

/* Bounded cache of verified tokens (each slot holds its whole token: a hit is an exact
 * match), so ES256 is verified once per token. */
struct token_cache;
struct token_cache *token_cache_new(size_t slots);
void token_cache_free(struct token_cache *t);
/* Forgets one token (after its revocation). */
void token_cache_forget(struct token_cache *t, const char *token);

enum tok_result { TOK_OK, TOK_UNKNOWN_KID, TOK_INVALID };
/* Verifies token at time now: header alg pinned to the key's before decoding, key taken
 * from our own table only, iss == key's office, aud, exp/nbf/iat with skew, types.
 * On TOK_OK fills *out. tc may be NULL (no caching). */
enum tok_result token_verify(const struct config *cfg, struct keyring *keys,
                             struct token_cache *tc, const char *token, int64_t now,
                             struct claims *out);

/* Signs an ES256 access token for c with key kid/priv_pem (parsed for this call).
 * Returns a malloc'd token or NULL. */
char *token_sign(const struct claims *c, const char *aud, const char *kid, const char *priv_pem);
/* Signs an ES256 access token for c with the held signing key of c->office (opened with
 * master_key on its first use). NULL on failure; *no_key when the table has no signing
 * key for the office. */
char *keyring_sign(struct keyring *k, const unsigned char master_key[32], const struct claims *c,
                   const char *aud, bool *no_key);

/* Generates a P-256 key pair as PEM strings (caller frees both). 0 or -1. */
int key_generate_es256(char **priv_pem, char **pub_pem);
/* Writes the JWK coordinates x and y (base64url) of a P-256 public PEM. 0 or -1. */
int key_public_jwk(const char *pub_pem, char x[48], char y[48]);

/* Argon2id runs through a process-wide gate: at most limit at once (0: the online
 * cores); a caller waits up to wait_ms for a turn, then gets PW_BUSY. Without a call
 * the defaults are the cores and 2000 ms. */
void password_gate_init(int64_t limit, int64_t wait_ms);
/* Most Argon2 computations seen running at once since password_gate_init. */
int password_gate_peak(void);
enum pw_result { PW_MATCH = 1, PW_MISMATCH = 0, PW_BUSY = -2 };
/* Argon2id. Returns 0 and the encoded hash in out, -1 on failure, PW_BUSY. */
int password_hash(const char *password, char *out, size_t outlen);
/* PW_MATCH when password matches encoded. With encoded NULL it still spends the same
 * time (and says PW_MISMATCH). PW_BUSY when no turn came within the wait. */
enum pw_result password_check(const char *encoded, const char *password);

#endif
