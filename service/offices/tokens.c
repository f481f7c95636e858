/* POST /v1/auth/token: token issuance (password, refresh_token, client_credentials);
 * POST /v1/auth/revoke: logout. The JWKS is in jwks.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/accounts_db.h"
#include "yinhui/auth_db.h"
#include "yinhui/clients_db.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/offices.h"
#include "yinhui/offices_rules.h"
#include "yinhui/http.h"
#include "yinhui/keys.h"
#include "yinhui/revocation.h"
#include "yinhui/throttle_db.h"

/* A token request parameter from a form or JSON body (NULL when absent). */
static const char *param(struct req *r, const char *name)
{
    if (r->form_body) {
        return query_get(&r->form, name);
    }
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->json, name);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* 422 naming the first parameter not in allowed (NULL-terminated), form or JSON alike. */
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

/* *out gets parameter name (borrowed); 422 when it is missing, empty or over max bytes. */
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

/* Stores a new refresh token (written to refresh) of family (NULL: a new one) for
 * account a: it keeps scope and names c's access token. False when it has replied:
 * 401 when the account was disabled or changed while this session was made. */
static bool refresh_store_or_reply(struct req *r, const struct claims *c, const struct account *a,
                                   const unsigned char *family, const char *scope, char refresh[64])
{
    unsigned char fam[16];
    unsigned char rh[32];
    enum yh_err err;
    if (family == NULL) {
        random_bytes(fam, sizeof(fam));
        family = fam;
    }
    random_token(32, refresh);
    sha256(refresh, strlen(refresh), rh);
    err = refresh_db_insert(r->db, rh, family, a->id, a->version, c->office, scope, c->jti, c->exp,
                            c->iat + r->app->cfg.refresh_ttl_s);
    if (err == YH_ERR_CONFLICT) {
        reply_problem(r, YH_ERR_UNAUTHORIZED, "invalid credentials", NULL);
    } else if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    }
    return err == YH_OK;
}

/* Signs an access token for c (fills iat/exp/jti) and, for an account a, a refresh
 * token in family (NULL: a new one) that keeps c's scopes and names this access token;
 * replies 200 with both. */
static void issue(struct req *r, struct claims *c, const struct account *a, const unsigned char *family)
{
    const struct config *cfg = &r->app->cfg;
    unsigned char jti[16];
    char refresh[64] = "";
    char scope[512];
    enum yh_err err;
    char *token = NULL;

    random_bytes(jti, sizeof(jti));
    b64url_encode(jti, sizeof(jti), c->jti);
    c->iat = now_s();
    c->exp = c->iat + cfg->access_ttl_s;
    scopes_format(c->scopes, scope, sizeof(scope));
    token = keys_sign_held(r->app, r->db, c, &err);
    if (token == NULL) {
        reply_problem(r, err, "cannot issue a token now", NULL);
        return;
    }
    if (a != NULL && !refresh_store_or_reply(r, c, a, family, scope, refresh)) {
        free(token);
        return;
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

/* issue() inside the refresh's transaction, which it ends: the rotation commits only
 * with a 200, and a 200 whose commit fails becomes a 503 (its tokens were never stored). */
static void issue_and_commit(struct req *r, struct claims *c, const struct account *a,
                             const unsigned char *family)
{
    issue(r, c, a, family);
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

/* Replies 429 with Retry-After: wait seconds (at least 1). */
static void reply_too_many(struct req *r, int64_t wait)
{
    char ra[24];
    snprintf(ra, sizeof(ra), "%lld", (long long)(wait > 0 ? wait : 1));
    reply_problem(r, YH_ERR_RATE_LIMITED, "too many failed attempts; try again later", NULL);
    reply_header(r, "Retry-After", ra);
}

/* Counts this attempt against key before anything is evaluated, so N concurrent
 * guesses cannot all pass a check made before any of them failed. Returns true when it
 * has replied: 429 when the attempt is past max (or 503 when the store fails). */
static bool throttled_or_reply(struct req *r, const char *key, int64_t max)
{
    int64_t count = 0, wait = 0;
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
    reply_too_many(r, wait);
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

/* grant_type=password: an account's login, throttled per account and per address. */
static void grant_password(struct req *r)
{
    const char *office, *username, *password;
    char akey[100], ipkey[80];
    char hash[256];
    struct account a;
    struct claims c;
    enum yh_err err;

    if (!params_ok_or_reply(r, password_fields) || !required_or_reply(r, "office", 6, &office) ||
        !required_or_reply(r, "username", 64, &username) ||
        !required_or_reply(r, "password", 128, &password)) {
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
    throttle_db_clear(r->db, akey, ipkey); /* the address counts failures only */
    account_claims(&a, &c);
    if (!narrow_scope_or_reply(r, role_scopes(a.role), &c.scopes)) {
        return;
    }
    issue(r, &c, &a, NULL);
}

/* grant_type=refresh_token: rotates the token within its family; a reused token
 * revokes the family (the commit keeps that revocation even though the reply is 401). */
static void grant_refresh(struct req *r)
{
    const char *rt;
    unsigned char h[32];
    struct refresh_use u;
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
    err = refresh_db_consume(r->db, h, &u);
    if (err == YH_OK && u.reused) {
        db_commit(r->db); /* keep the family revocation */
        reply_problem(r, YH_ERR_UNAUTHORIZED, "refresh token was already used; the session has been revoked",
                      NULL);
        return;
    }
    if (err != YH_OK || !u.has_account || u.account.disabled) {
        db_rollback(r->db);
        reply_problem(r, err == YH_ERR_UNAVAILABLE ? err : YH_ERR_UNAUTHORIZED, "invalid refresh token",
                      NULL);
        return;
    }
    account_claims(&u.account, &c);
    if (!narrow_scope_or_reply(r, tokens_family_scopes(u.scopes, u.account.role), &c.scopes)) {
        db_rollback(r->db);
        return;
    }
    issue_and_commit(r, &c, &u.account, u.family);
}

/* grant_type=client_credentials: an integration client's token, no refresh token. */
static void grant_client(struct req *r)
{
    const char *id, *secret;
    char ipkey[80];
    unsigned char stored[32], given[32];
    unsigned granted = 0;
    int64_t wait = 0;
    char bad[48];
    struct client cl;
    struct claims c;
    enum yh_err err;

    if (!params_ok_or_reply(r, client_fields) || !required_or_reply(r, "client_id", 64, &id) ||
        !required_or_reply(r, "client_secret", 128, &secret)) {
        return;
    }
    /* Client secrets are 256-bit random values, so a race of concurrent guesses gains
     * nothing and the address is only checked before (in the client's read) and charged
     * after a failure: counting first would make a busy client's concurrent token
     * requests from one address count against the limit while in flight. */
    snprintf(ipkey, sizeof(ipkey), "ip:%s", r->client_ip);
    err = clients_db_for_token(r->db, id, ipkey, r->app->cfg.login_ip_max_fails, r->app->cfg.login_window_s,
                               &cl, stored, &wait);
    if (err != YH_OK && err != YH_ERR_NOT_FOUND) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (wait > 0) {
        reply_too_many(r, wait);
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

/* POST /v1/auth/token (public; form or JSON body): dispatches on grant_type, a body
 * parameter, so it cannot be a route of its own. */
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

/* POST /v1/auth/revoke: denylists the caller's access token and, given its refresh
 * token, revokes that token's family. 204. */
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
