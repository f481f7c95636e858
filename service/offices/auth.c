/* /v1/auth: token issuance (password, refresh_token, client_credentials), logout,
 * and the JWKS other departments verify our tokens with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/auth_db.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/json_in.h"
#include "yinhui/offices.h"
#include "yinhui/http.h"
#include "yinhui/keys.h"
#include "yinhui/revocation.h"

/* A token request parameter from a form or JSON body (NULL when absent). */
static const char *param(struct req *r, const char *name)
{
    if (r->form_body) {
        return query_get(&r->form, name);
    }
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->json, name);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static bool params_ok_or_reply(struct req *r, const char *const *allowed)
{
    if (!r->form_body) {
        return req_fields_or_reply(r, allowed);
    }
    for (int i = 0; i < r->form.n; i++) {
        bool ok = false;
        for (size_t k = 0; allowed[k] != NULL; k++) {
            ok = ok || strcmp(allowed[k], r->form.name[i]) == 0;
        }
        if (!ok) {
            struct verrs v = {0};
            verr_add(&v, r->form.name[i], "unknown field");
            verrs_ok_or_reply(r, &v);
            return false;
        }
    }
    return true;
}

static bool required_or_reply(struct req *r, const char *name, size_t max, const char **out)
{
    struct verrs v = {0};
    *out = param(r, name);
    if (*out == NULL || (*out)[0] == '\0') {
        verr_add(&v, name, "is required");
    } else if (strlen(*out) > max) {
        verr_add(&v, name, "is too long");
    }
    return verrs_ok_or_reply(r, &v);
}

/* Narrows granted to the requested scope parameter; false when it replied 400. */
static bool narrow_scope_or_reply(struct req *r, unsigned granted, unsigned *out)
{
    const char *want = param(r, "scope");
    unsigned bits = 0;
    char bad[48];
    *out = granted;
    if (want == NULL) {
        return true;
    }
    if (strlen(want) > 400 || scopes_parse(want, &bits, bad, sizeof(bad)) != 0 || (bits & ~granted) != 0) {
        struct verrs v = {0};
        verr_add(&v, "scope", "asks for a scope that is unknown or not granted");
        reply_problem(r, YH_ERR_BAD_REQUEST, "invalid_scope", &v);
        return false;
    }
    *out = bits;
    return true;
}

/* Signs an access token for c (fills iat/exp/jti) and, for an account a, a refresh
 * token in family (NULL: a new one) that keeps c's scopes and names this access token;
 * replies 200 with both. */
static void issue(struct req *r, struct claims *c, const struct account *a, const unsigned char *family)
{
    const struct config *cfg = &r->app->cfg;
    unsigned char jti[16];
    unsigned char fam[16];
    unsigned char rh[32];
    char refresh[64] = "";
    char scope[512];
    enum yh_err err;
    char *token = NULL;

    random_bytes(jti, sizeof(jti));
    b64url_encode(jti, sizeof(jti), c->jti);
    c->iat = now_s();
    c->exp = c->iat + cfg->access_ttl_s;
    scopes_format(c->scopes, scope, sizeof(scope));
    token = keys_sign(cfg, r->db, c, &err);
    if (token == NULL) {
        reply_problem(r, err, "cannot issue a token now", NULL);
        return;
    }
    if (a != NULL) {
        if (family == NULL) {
            random_bytes(fam, sizeof(fam));
            family = fam;
        }
        random_token(32, refresh);
        sha256(refresh, strlen(refresh), rh);
        err = refresh_db_insert(r->db, rh, family, a->id, a->version, c->office, scope, c->jti, c->exp,
                                c->iat + cfg->refresh_ttl_s);
        if (err != YH_OK) {
            free(token);
            /* CONFLICT: the account was disabled or changed while this session was made */
            reply_problem(r, err == YH_ERR_CONFLICT ? YH_ERR_UNAUTHORIZED : err,
                          err == YH_ERR_CONFLICT ? "invalid credentials" : NULL, NULL);
            return;
        }
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "access_token", token);
    cJSON_AddStringToObject(o, "token_type", "Bearer");
    cJSON_AddNumberToObject(o, "expires_in", (double)cfg->access_ttl_s);
    cJSON_AddStringToObject(o, "scope", scope);
    cJSON_AddStringToObject(o, "office", c->office);
    if (refresh[0]) {
        cJSON_AddStringToObject(o, "refresh_token", refresh);
    }
    free(token);
    reply_header(r, "Cache-Control", "no-store");
    reply_json_take(r, 200, o);
}

/* Counts this attempt against key before anything is evaluated, so N concurrent
 * guesses cannot all pass a check made before any of them failed. Returns true when it
 * has replied: 429 when the attempt is past max (or 503 when the store fails). */
static bool throttled_or_reply(struct req *r, const char *key, int64_t max)
{
    int64_t count = 0, wait = 0;
    char ra[24];
    if (throttle_db_take(r->db, key, r->app->cfg.login_window_s, &count) != YH_OK) {
        reply_problem(r, YH_ERR_UNAVAILABLE, NULL, NULL);
        return true;
    }
    if (count <= max) {
        return false;
    }
    /* refused unevaluated: not a failure, so the lock-out ends with the window as before */
    throttle_db_refund(r->db, key);
    if (throttle_db_wait(r->db, key, max, r->app->cfg.login_window_s, &wait) != YH_OK) {
        reply_problem(r, YH_ERR_UNAVAILABLE, NULL, NULL);
        return true;
    }
    snprintf(ra, sizeof(ra), "%lld", (long long)(wait > 0 ? wait : 1));
    reply_problem(r, YH_ERR_RATE_LIMITED, "too many failed attempts; try again later", NULL);
    reply_header(r, "Retry-After", ra);
    return true;
}

/* Client secrets are 256-bit random values, so a race of concurrent guesses gains
 * nothing and the address is only checked before and charged after a failure: counting
 * first would make a busy client's concurrent token requests from one address count
 * against the limit while in flight. Returns true when it has replied 429 (or 503). */
static bool locked_or_reply(struct req *r, const char *key, int64_t max)
{
    int64_t wait = 0;
    char ra[24];
    if (throttle_db_wait(r->db, key, max, r->app->cfg.login_window_s, &wait) != YH_OK) {
        reply_problem(r, YH_ERR_UNAVAILABLE, NULL, NULL);
        return true;
    }
    if (wait <= 0) {
        return false;
    }
    snprintf(ra, sizeof(ra), "%lld", (long long)wait);
    reply_problem(r, YH_ERR_RATE_LIMITED, "too many failed attempts; try again later", NULL);
    reply_header(r, "Retry-After", ra);
    return true;
}

/* No Argon2 turn came within YH_HASH_WAIT_MS: the counted attempts are given back. */
static void hash_busy(struct req *r, const char *akey, const char *ipkey)
{
    if (akey != NULL) {
        throttle_db_refund(r->db, akey);
    }
    throttle_db_refund(r->db, ipkey);
    reply_problem(r, YH_ERR_UNAVAILABLE, "too many logins at once; try again shortly", NULL);
    reply_header(r, "Retry-After", "1");
}

/* The attempts were counted before the check: a failure leaves them counted. */
static void bad_credentials(struct req *r)
{
    reply_problem(r, YH_ERR_UNAUTHORIZED, "invalid credentials", NULL);
}

static const char *const password_fields[] = {"grant_type", "office", "username", "password", "scope", NULL};
static const char *const refresh_fields[] = {"grant_type", "refresh_token", "scope", NULL};
static const char *const client_fields[] = {"grant_type", "client_id", "client_secret", "scope", NULL};

/* The claims of an account's tokens. */
static void account_claims(const struct account *a, struct claims *c)
{
    memset(c, 0, sizeof(*c));
    snprintf(c->office, sizeof(c->office), "%s", a->office);
    snprintf(c->sub, sizeof(c->sub), "account:%lld", (long long)a->id);
    snprintf(c->role, sizeof(c->role), "%s", a->role);
    c->branch_id = a->branch_id;
    c->member_id = a->member_id;
}

/* What a refresh family may still grant: the scopes its login was granted ("*" for a
 * family from before they were kept: the role's), never more than the role has now. */
static unsigned family_scopes(const char *fscopes, const char *role)
{
    unsigned granted = 0;
    char bad[48];
    if (strcmp(fscopes, "*") == 0 || scopes_parse(fscopes, &granted, bad, sizeof(bad)) != 0) {
        granted = role_scopes(role);
    }
    return granted & role_scopes(role);
}

static void grant_password(struct req *r)
{
    const char *office, *username, *password;
    char akey[100], ipkey[80];
    char hash[256];
    struct account a;
    struct claims c;
    enum yh_err err;

    if (!params_ok_or_reply(r, password_fields) || !required_or_reply(r, "office", 6, &office) ||
        !required_or_reply(r, "username", 64, &username) || !required_or_reply(r, "password", 128, &password)) {
        return;
    }
    snprintf(akey, sizeof(akey), "a:%s:%s", office, username);
    snprintf(ipkey, sizeof(ipkey), "ip:%s", r->client_ip);
    if (throttled_or_reply(r, ipkey, r->app->cfg.login_ip_max_fails)) {
        return;
    }
    if (throttled_or_reply(r, akey, r->app->cfg.login_max_fails)) {
        throttle_db_refund(r->db, ipkey); /* not evaluated: not a failure of this address */
        return;
    }
    err = accounts_db_login(r->db, office, username, &a, hash, sizeof(hash));
    if (err != YH_OK && err != YH_ERR_NOT_FOUND) {
        throttle_db_refund(r->db, akey);
        throttle_db_refund(r->db, ipkey);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    enum pw_result pr = password_check(err == YH_OK ? hash : NULL, password);
    if (pr == PW_BUSY) {
        hash_busy(r, akey, ipkey);
        return;
    }
    if (pr != PW_MATCH || a.disabled) {
        bad_credentials(r);
        return;
    }
    throttle_db_clear(r->db, akey);
    throttle_db_refund(r->db, ipkey); /* the address counts failures only */
    account_claims(&a, &c);
    if (!narrow_scope_or_reply(r, role_scopes(a.role), &c.scopes)) {
        return;
    }
    issue(r, &c, &a, NULL);
}

static void grant_refresh(struct req *r)
{
    const char *rt;
    unsigned char h[32], family[16];
    int64_t account_id = 0;
    char office[7];
    char fscopes[501];
    bool reused = false;
    struct account a;
    struct claims c;
    enum yh_err err;

    if (!params_ok_or_reply(r, refresh_fields) || !required_or_reply(r, "refresh_token", 128, &rt)) {
        return;
    }
    sha256(rt, strlen(rt), h);
    if (db_begin(r->db) != YH_OK) {
        reply_problem(r, YH_ERR_UNAVAILABLE, NULL, NULL);
        return;
    }
    err = refresh_db_consume(r->db, h, &account_id, office, family, fscopes, sizeof(fscopes), &reused);
    if (err == YH_OK && reused) {
        db_commit(r->db); /* keep the family revocation */
        reply_problem(r, YH_ERR_UNAUTHORIZED, "refresh token was already used; the session has been revoked", NULL);
        return;
    }
    if (err == YH_OK) {
        err = accounts_db_get(r->db, office, account_id, &a);
    }
    if (err != YH_OK || a.disabled) {
        db_rollback(r->db);
        reply_problem(r, err == YH_ERR_UNAVAILABLE ? err : YH_ERR_UNAUTHORIZED, "invalid refresh token", NULL);
        return;
    }
    account_claims(&a, &c);
    if (!narrow_scope_or_reply(r, family_scopes(fscopes, a.role), &c.scopes)) {
        db_rollback(r->db);
        return;
    }
    issue(r, &c, &a, family);
    if (r->status == 200 && db_commit(r->db) == YH_OK) {
        return;
    }
    if (db_in_tx(r->db)) {
        db_rollback(r->db);
    }
    if (r->status == 200) {
        buf_free(&r->headers);
        reply_problem(r, YH_ERR_UNAVAILABLE, NULL, NULL);
    }
}

static void grant_client(struct req *r)
{
    const char *id, *secret;
    char ipkey[80];
    unsigned char stored[32], given[32];
    unsigned granted = 0;
    char bad[48];
    struct client cl;
    struct claims c;
    enum yh_err err;

    if (!params_ok_or_reply(r, client_fields) || !required_or_reply(r, "client_id", 64, &id) ||
        !required_or_reply(r, "client_secret", 128, &secret)) {
        return;
    }
    snprintf(ipkey, sizeof(ipkey), "ip:%s", r->client_ip);
    if (locked_or_reply(r, ipkey, r->app->cfg.login_ip_max_fails)) {
        return;
    }
    err = clients_db_by_client_id(r->db, id, &cl, stored);
    if (err != YH_OK && err != YH_ERR_NOT_FOUND) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    hmac_sha256(r->app->cfg.master_key, secret, strlen(secret), given);
    if (err != YH_OK || cl.disabled || !ct_equal(stored, given, 32)) {
        throttle_db_fail(r->db, ipkey, r->app->cfg.login_window_s);
        bad_credentials(r);
        return;
    }
    memset(&c, 0, sizeof(c));
    snprintf(c.office, sizeof(c.office), "%s", cl.office);
    snprintf(c.sub, sizeof(c.sub), "client:%s", cl.client_id);
    snprintf(c.role, sizeof(c.role), "integration");
    scopes_parse(cl.scopes, &granted, bad, sizeof(bad));
    if (!narrow_scope_or_reply(r, granted, &c.scopes)) {
        return;
    }
    issue(r, &c, NULL, NULL);
}

void auth_token(struct req *r)
{
    const char *gt = param(r, "grant_type");
    if (gt == NULL) {
        struct verrs v = {0};
        verr_add(&v, "grant_type", "is required");
        verrs_ok_or_reply(r, &v);
    } else if (strcmp(gt, "password") == 0) {
        grant_password(r);
    } else if (strcmp(gt, "refresh_token") == 0) {
        grant_refresh(r);
    } else if (strcmp(gt, "client_credentials") == 0) {
        grant_client(r);
    } else {
        struct verrs v = {0};
        verr_add(&v, "grant_type", "must be password, refresh_token or client_credentials");
        verrs_ok_or_reply(r, &v);
    }
}

static const char *const revoke_fields[] = {"refresh_token", NULL};

void auth_revoke(struct req *r)
{
    const char *rt = NULL;
    struct verrs v = {0};
    enum yh_err err;
    if (r->json != NULL) {
        if (!req_fields_or_reply(r, revoke_fields)) {
            return;
        }
        json_get_string(r->json, "refresh_token", false, 128, &rt, &v);
        if (!verrs_ok_or_reply(r, &v)) {
            return;
        }
    }
    err = revocation_add(r->db, r->cache, r->claims.jti, r->claims.exp);
    if (err == YH_OK && rt != NULL && strncmp(r->claims.sub, "account:", 8) == 0) {
        unsigned char h[32];
        sha256(rt, strlen(rt), h);
        err = refresh_db_revoke_by_token(r->db, h, strtoll(r->claims.sub + 8, NULL, 10));
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    token_cache_forget(r->app->tokens, r->token);
    reply_empty(r, 204);
}

void auth_jwks(struct req *r)
{
    const char *office = query_get(&r->q, "office");
    struct db_rows rows;
    enum yh_err err;
    if (office != NULL && gbt2260_level(office) == LEVEL_INVALID) {
        struct verrs v = {0};
        verr_add(&v, "office", "must be a six-digit GB/T 2260 division code");
        reply_problem(r, YH_ERR_BAD_REQUEST, "office must be a division code", &v);
        return;
    }
    err = keys_db_public(r->db, office, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *keys = cJSON_AddArrayToObject(o, "keys");
    for (size_t i = 0; i < rows.nrows; i++) {
        char x[48], y[48];
        if (key_public_jwk(db_str(&rows, i, 1), x, y) != 0) {
            continue;
        }
        cJSON *k = cJSON_CreateObject();
        cJSON_AddStringToObject(k, "kty", "EC");
        cJSON_AddStringToObject(k, "crv", "P-256");
        cJSON_AddStringToObject(k, "x", x);
        cJSON_AddStringToObject(k, "y", y);
        cJSON_AddStringToObject(k, "kid", db_str(&rows, i, 0));
        cJSON_AddStringToObject(k, "alg", "ES256");
        cJSON_AddStringToObject(k, "use", "sig");
        cJSON_AddItemToArray(keys, k);
    }
    db_rows_free(&rows);
    reply_json_take(r, 200, o);
}
