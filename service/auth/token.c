/* Access tokens: the only file that includes jwt.h. libjwt 1.10 trusts the token header
 * (alg, key use) and checks no registered claim, so everything around jwt_decode is
 * ours: see ../shared/SECURITY.md. */
#include <cjson/cJSON.h>
#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/crypto.h"
#include "yinhui/util.h"

static const struct {
    const char *name;
    unsigned bit;
} scope_names[] = {
    {"offices:read", SC_OFFICES_READ},   {"offices:write", SC_OFFICES_WRITE},
    {"accounts:read", SC_ACCOUNTS_READ}, {"accounts:write", SC_ACCOUNTS_WRITE},
    {"clients:read", SC_CLIENTS_READ},   {"clients:write", SC_CLIENTS_WRITE},
    {"pii:read", SC_PII_READ},
    {"branches:read", SC_BRANCHES_READ}, {"branches:write", SC_BRANCHES_WRITE},
    {"members:read", SC_MEMBERS_READ},   {"members:write", SC_MEMBERS_WRITE},
    {"audit:read", SC_AUDIT_READ},
    {"volunteers:read", SC_VOLUNTEERS_READ}, {"volunteers:write", SC_VOLUNTEERS_WRITE},
    {"volunteers:signup", SC_VOLUNTEERS_SIGNUP},
    {"talents:read", SC_TALENTS_READ},       {"talents:write", SC_TALENTS_WRITE},
    {"talents:request", SC_TALENTS_REQUEST}, {"talents:apply", SC_TALENTS_APPLY},
    {"care:request", SC_CARE_REQUEST},
};
#define NSCOPES (sizeof(scope_names) / sizeof(scope_names[0]))

int scopes_parse(const char *s, unsigned *bits, char *bad, size_t badlen)
{
    *bits = 0;
    while (s != NULL && *s != '\0') {
        size_t len;
        bool found = false;
        while (*s == ' ') {
            s++;
        }
        len = strcspn(s, " ");
        if (len == 0) {
            break;
        }
        for (size_t i = 0; i < NSCOPES; i++) {
            if (strlen(scope_names[i].name) == len && strncmp(scope_names[i].name, s, len) == 0) {
                *bits |= scope_names[i].bit;
                found = true;
            }
        }
        if (!found) {
            snprintf(bad, badlen, "%.*s", (int)(len > 40 ? 40 : len), s);
            return -1;
        }
        s += len;
    }
    return 0;
}

void scopes_format(unsigned bits, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < NSCOPES; i++) {
        if (bits & scope_names[i].bit) {
            int w = snprintf(out + used, outlen - used, "%s%s", used ? " " : "", scope_names[i].name);
            if (w > 0 && (size_t)w < outlen - used) {
                used += (size_t)w;
            }
        }
    }
}

unsigned role_scopes(const char *role)
{
    if (strcmp(role, "admin") == 0) {
        return SC_OFFICES_READ | SC_OFFICES_WRITE | SC_ACCOUNTS_READ | SC_ACCOUNTS_WRITE |
               SC_CLIENTS_READ | SC_CLIENTS_WRITE | SC_PII_READ | SC_BRANCHES_READ |
               SC_BRANCHES_WRITE | SC_MEMBERS_READ | SC_MEMBERS_WRITE | SC_AUDIT_READ | SC_VOLUNTEERS_READ |
               SC_VOLUNTEERS_WRITE | SC_VOLUNTEERS_SIGNUP | SC_TALENTS_READ | SC_TALENTS_WRITE |
               SC_TALENTS_REQUEST | SC_TALENTS_APPLY | SC_CARE_REQUEST;
    }
    /* confined to their branch / own record by the handlers */
    if (strcmp(role, "secretary") == 0) {
        return SC_OFFICES_READ | SC_BRANCHES_READ | SC_BRANCHES_WRITE | SC_MEMBERS_READ | SC_MEMBERS_WRITE |
               SC_VOLUNTEERS_READ | SC_VOLUNTEERS_SIGNUP | SC_TALENTS_APPLY | SC_CARE_REQUEST;
    }
    if (strcmp(role, "member") == 0) {
        return SC_OFFICES_READ | SC_MEMBERS_READ | SC_VOLUNTEERS_READ | SC_VOLUNTEERS_SIGNUP | SC_TALENTS_APPLY |
               SC_CARE_REQUEST;
    }
    /* a relative files and follows its member's urgent help requests, nothing else */
    if (strcmp(role, "relative") == 0) {
        return SC_CARE_REQUEST;
    }
    return 0;
}

unsigned client_grantable_scopes(void)
{
    /* pii:read only when an admin lists it explicitly (clients:write is the admin's):
     * without it a client reaches no route flagged R_PERSONAL */
    return SC_OFFICES_READ | SC_BRANCHES_READ | SC_MEMBERS_READ | SC_VOLUNTEERS_READ | SC_VOLUNTEERS_WRITE |
           SC_TALENTS_READ | SC_TALENTS_REQUEST | SC_PII_READ | SC_CARE_REQUEST;
}

/* ---- key table ----------------------------------------------------------------- */

struct vkey {
    char kid[40];
    char office[7];
    char alg[8];
    char *pem;
};

struct keyring {
    pthread_rwlock_t lock;
    struct vkey *keys; /* sorted by kid */
    size_t n;
    double loaded_at;
};

struct keyring *keyring_new(void)
{
    struct keyring *k = calloc(1, sizeof(*k));
    if (k == NULL) {
        abort();
    }
    pthread_rwlock_init(&k->lock, NULL);
    return k;
}

static void free_keys(struct vkey *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(keys[i].pem);
    }
    free(keys);
}

void keyring_free(struct keyring *k)
{
    if (k == NULL) {
        return;
    }
    free_keys(k->keys, k->n);
    pthread_rwlock_destroy(&k->lock);
    free(k);
}

static int cmp_vkey(const void *a, const void *b)
{
    return strcmp(((const struct vkey *)a)->kid, ((const struct vkey *)b)->kid);
}

void keyring_replace(struct keyring *k, size_t n, const char *const *kid, const char *const *office,
                     const char *const *alg, const char *const *pem)
{
    struct vkey *keys = calloc(n + 1, sizeof(*keys));
    struct vkey *old = NULL;
    size_t oldn;
    if (keys == NULL) {
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(keys[i].kid, sizeof(keys[i].kid), "%s", kid[i]);
        snprintf(keys[i].office, sizeof(keys[i].office), "%s", office[i]);
        snprintf(keys[i].alg, sizeof(keys[i].alg), "%s", alg[i]);
        keys[i].pem = strdup(pem[i]);
    }
    qsort(keys, n, sizeof(*keys), cmp_vkey);
    pthread_rwlock_wrlock(&k->lock);
    old = k->keys;
    oldn = k->n;
    k->keys = keys;
    k->n = n;
    k->loaded_at = mono_s();
    pthread_rwlock_unlock(&k->lock);
    free_keys(old, oldn);
}

double keyring_age(const struct keyring *k)
{
    return k->loaded_at == 0 ? 1e9 : mono_s() - k->loaded_at;
}

/* ---- verified-token cache --------------------------------------------------------- */

#define TC_STRIPES 64
struct tc_slot {
    unsigned char hash[32];
    bool used;
    struct claims claims;
};
struct token_cache {
    size_t mask;
    struct tc_slot *slots;
    pthread_mutex_t locks[TC_STRIPES];
};

struct token_cache *token_cache_new(size_t slots)
{
    struct token_cache *t = calloc(1, sizeof(*t));
    size_t n = 16;
    while (n < slots) {
        n *= 2;
    }
    if (t == NULL || (t->slots = calloc(n, sizeof(*t->slots))) == NULL) {
        abort();
    }
    t->mask = n - 1;
    for (int i = 0; i < TC_STRIPES; i++) {
        pthread_mutex_init(&t->locks[i], NULL);
    }
    return t;
}

void token_cache_free(struct token_cache *t)
{
    if (t == NULL) {
        return;
    }
    for (int i = 0; i < TC_STRIPES; i++) {
        pthread_mutex_destroy(&t->locks[i]);
    }
    free(t->slots);
    free(t);
}

static size_t slot_of(const struct token_cache *t, const unsigned char h[32])
{
    size_t v;
    memcpy(&v, h, sizeof(v));
    return v & t->mask;
}

static bool tc_get(struct token_cache *t, const unsigned char h[32], struct claims *out)
{
    size_t s = slot_of(t, h);
    pthread_mutex_t *l = &t->locks[s % TC_STRIPES];
    bool hit = false;
    pthread_mutex_lock(l);
    if (t->slots[s].used && memcmp(t->slots[s].hash, h, 32) == 0) {
        *out = t->slots[s].claims;
        hit = true;
    }
    pthread_mutex_unlock(l);
    return hit;
}

static void tc_put(struct token_cache *t, const unsigned char h[32], const struct claims *c)
{
    size_t s = slot_of(t, h);
    pthread_mutex_t *l = &t->locks[s % TC_STRIPES];
    pthread_mutex_lock(l);
    memcpy(t->slots[s].hash, h, 32);
    t->slots[s].claims = *c;
    t->slots[s].used = true;
    pthread_mutex_unlock(l);
}

void token_cache_forget(struct token_cache *t, const char *token)
{
    unsigned char h[32];
    sha256(token, strlen(token), h);
    size_t s = slot_of(t, h);
    pthread_mutex_t *l = &t->locks[s % TC_STRIPES];
    pthread_mutex_lock(l);
    if (memcmp(t->slots[s].hash, h, 32) == 0) {
        t->slots[s].used = false;
    }
    pthread_mutex_unlock(l);
}

/* ---- verification ------------------------------------------------------------------ */

#define TOKEN_MAX 4096

static bool str_claim(const cJSON *o, const char *name, char *out, size_t outlen)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(it) || it->valuestring[0] == '\0' || strlen(it->valuestring) >= outlen) {
        return false;
    }
    memcpy(out, it->valuestring, strlen(it->valuestring) + 1);
    return true;
}

static bool int_claim(const cJSON *o, const char *name, int64_t *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(it) || it->valuedouble != (double)(int64_t)it->valuedouble) {
        return false;
    }
    *out = (int64_t)it->valuedouble;
    return true;
}

/* An optional positive integer claim; absent leaves *out 0. */
static bool opt_id_claim(const cJSON *o, const char *name, int64_t *out)
{
    *out = 0;
    if (cJSON_GetObjectItemCaseSensitive(o, name) == NULL) {
        return true;
    }
    return int_claim(o, name, out) && *out > 0;
}

/* Checks the decoded header: returns kid, or NULL when alg/typ/crit is unacceptable. */
static bool header_ok(const char *token, size_t hlen, char kid[40])
{
    unsigned char raw[512];
    long n = b64url_decode(token, hlen, raw, sizeof(raw) - 1);
    cJSON *h = NULL;
    bool ok = false;
    const cJSON *alg, *typ;
    if (n <= 0 || !utf8_valid((const char *)raw, (size_t)n)) {
        return false;
    }
    h = cJSON_ParseWithLength((const char *)raw, (size_t)n);
    if (!cJSON_IsObject(h)) {
        goto out;
    }
    alg = cJSON_GetObjectItemCaseSensitive(h, "alg");
    typ = cJSON_GetObjectItemCaseSensitive(h, "typ");
    /* we only ever issue ES256; 'none', HS*, RS* are refused before libjwt sees them */
    if (!cJSON_IsString(alg) || strcmp(alg->valuestring, "ES256") != 0) {
        goto out;
    }
    if (typ != NULL && (!cJSON_IsString(typ) || strcmp(typ->valuestring, "JWT") != 0)) {
        goto out;
    }
    if (cJSON_GetObjectItemCaseSensitive(h, "crit") != NULL) {
        goto out;
    }
    ok = str_claim(h, "kid", kid, 40);
out:
    cJSON_Delete(h);
    return ok;
}

static bool claims_ok(const struct config *cfg, const char *grants, const char *key_office,
                      int64_t now, struct claims *c)
{
    cJSON *o = cJSON_Parse(grants);
    const cJSON *aud = NULL;
    char iss[7] = "";
    char scope[512] = "";
    char bad[48];
    int64_t nbf = 0;
    bool ok = false;
    int64_t skew = cfg->clock_skew_s;

    memset(c, 0, sizeof(*c));
    if (!cJSON_IsObject(o)) {
        goto out;
    }
    aud = cJSON_GetObjectItemCaseSensitive(o, "aud");
    if (!cJSON_IsString(aud) || strcmp(aud->valuestring, cfg->jwt_aud) != 0) {
        goto out;
    }
    if (!str_claim(o, "iss", iss, sizeof(iss)) || strcmp(iss, key_office) != 0) {
        goto out;
    }
    if (!str_claim(o, "sub", c->sub, sizeof(c->sub)) || !str_claim(o, "role", c->role, sizeof(c->role)) ||
        !str_claim(o, "jti", c->jti, sizeof(c->jti)) || !int_claim(o, "exp", &c->exp) ||
        !int_claim(o, "iat", &c->iat) || !int_claim(o, "nbf", &nbf)) {
        goto out;
    }
    /* scope may be empty but must be a string */
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(o, "scope");
    if (!cJSON_IsString(sc) || strlen(sc->valuestring) >= sizeof(scope)) {
        goto out;
    }
    memcpy(scope, sc->valuestring, strlen(sc->valuestring) + 1);
    if (scopes_parse(scope, &c->scopes, bad, sizeof(bad)) != 0) {
        goto out;
    }
    if (!opt_id_claim(o, "branch", &c->branch_id) || !opt_id_claim(o, "member", &c->member_id)) {
        goto out;
    }
    if (now >= c->exp + skew || nbf > now + skew || c->iat > now + skew ||
        c->exp - c->iat > 3600 || c->exp <= c->iat) {
        goto out;
    }
    memcpy(c->office, iss, sizeof(iss));
    ok = true;
out:
    cJSON_Delete(o);
    return ok;
}

enum tok_result token_verify(const struct config *cfg, struct keyring *keys,
                             struct token_cache *tc, const char *token, int64_t now,
                             struct claims *out)
{
    size_t len = strlen(token);
    const char *dot1 = NULL;
    const char *dot2 = NULL;
    char kid[40];
    unsigned char h[32];
    struct vkey probe;
    struct vkey *key = NULL;
    jwt_t *jwt = NULL;
    char *grants = NULL;
    enum tok_result res = TOK_INVALID;

    if (len == 0 || len > TOKEN_MAX) {
        return TOK_INVALID;
    }
    if (tc != NULL) {
        sha256(token, len, h);
        if (tc_get(tc, h, out)) {
            return now < out->exp + cfg->clock_skew_s ? TOK_OK : TOK_INVALID;
        }
    }
    dot1 = strchr(token, '.');
    dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (dot1 == NULL || dot2 == NULL || strchr(dot2 + 1, '.') != NULL || dot2[1] == '\0') {
        return TOK_INVALID;
    }
    if (!header_ok(token, (size_t)(dot1 - token), kid)) {
        return TOK_INVALID;
    }
    pthread_rwlock_rdlock(&keys->lock);
    memcpy(probe.kid, kid, sizeof(kid));
    key = bsearch(&probe, keys->keys, keys->n, sizeof(*keys->keys), cmp_vkey);
    if (key == NULL) {
        res = TOK_UNKNOWN_KID;
        goto out;
    }
    if (strcmp(key->alg, "ES256") != 0 || key->pem == NULL || key->pem[0] == '\0') {
        goto out;
    }
    if (jwt_decode(&jwt, token, (const unsigned char *)key->pem, (int)strlen(key->pem)) != 0 ||
        jwt == NULL || jwt_get_alg(jwt) != JWT_ALG_ES256) {
        goto out;
    }
    grants = jwt_get_grants_json(jwt, NULL);
    if (grants == NULL || !claims_ok(cfg, grants, key->office, now, out)) {
        goto out;
    }
    res = TOK_OK;
    if (tc != NULL) {
        tc_put(tc, h, out);
    }
out:
    pthread_rwlock_unlock(&keys->lock);
    free(grants);
    jwt_free(jwt);
    return res;
}

char *token_sign(const struct claims *c, const char *aud, const char *kid, const char *priv_pem)
{
    jwt_t *jwt = NULL;
    char *out = NULL;
    char scope[512];
    scopes_format(c->scopes, scope, sizeof(scope));
    if (jwt_new(&jwt) != 0) {
        return NULL;
    }
    if (jwt_add_header(jwt, "kid", kid) != 0 || jwt_add_grant(jwt, "iss", c->office) != 0 ||
        jwt_add_grant(jwt, "aud", aud) != 0 || jwt_add_grant(jwt, "sub", c->sub) != 0 ||
        jwt_add_grant(jwt, "role", c->role) != 0 || jwt_add_grant(jwt, "scope", scope) != 0 ||
        jwt_add_grant(jwt, "jti", c->jti) != 0 || jwt_add_grant_int(jwt, "iat", (long)c->iat) != 0 ||
        jwt_add_grant_int(jwt, "nbf", (long)c->iat) != 0 ||
        jwt_add_grant_int(jwt, "exp", (long)c->exp) != 0 ||
        (c->branch_id > 0 && jwt_add_grant_int(jwt, "branch", (long)c->branch_id) != 0) ||
        (c->member_id > 0 && jwt_add_grant_int(jwt, "member", (long)c->member_id) != 0) ||
        jwt_set_alg(jwt, JWT_ALG_ES256, (const unsigned char *)priv_pem, (int)strlen(priv_pem)) != 0) {
        goto out;
    }
    out = jwt_encode_str(jwt);
out:
    jwt_free(jwt);
    return out;
}

/* ---- keys ---------------------------------------------------------------------------- */

static char *bio_string(BIO *b)
{
    char *data = NULL;
    long n = BIO_get_mem_data(b, &data);
    char *s = malloc((size_t)n + 1);
    if (s == NULL) {
        abort();
    }
    memcpy(s, data, (size_t)n);
    s[n] = '\0';
    return s;
}

int key_generate_es256(char **priv_pem, char **pub_pem)
{
    EVP_PKEY *pk = EVP_EC_gen("P-256");
    BIO *b1 = BIO_new(BIO_s_mem());
    BIO *b2 = BIO_new(BIO_s_mem());
    int ret = -1;
    if (pk == NULL || b1 == NULL || b2 == NULL ||
        PEM_write_bio_PrivateKey(b1, pk, NULL, NULL, 0, NULL, NULL) != 1 ||
        PEM_write_bio_PUBKEY(b2, pk) != 1) {
        goto out;
    }
    *priv_pem = bio_string(b1);
    *pub_pem = bio_string(b2);
    ret = 0;
out:
    BIO_free(b1);
    BIO_free(b2);
    EVP_PKEY_free(pk);
    return ret;
}

int key_public_jwk(const char *pub_pem, char x[48], char y[48])
{
    BIO *b = BIO_new_mem_buf(pub_pem, -1);
    EVP_PKEY *pk = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;
    unsigned char pt[65];
    size_t ptlen = 0;
    int ret = -1;
    if (pk == NULL ||
        EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt), &ptlen) != 1 ||
        ptlen != 65 || pt[0] != 4) {
        goto out;
    }
    b64url_encode(pt + 1, 32, x);
    b64url_encode(pt + 33, 32, y);
    ret = 0;
out:
    EVP_PKEY_free(pk);
    BIO_free(b);
    return ret;
}
