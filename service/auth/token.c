/* Access tokens: ES256 JWTs signed and verified here with OpenSSL on keys parsed once
 * and held in the key table. The header's alg is pinned to ES256 and every registered
 * claim is checked here: see ../shared/SECURITY.md. (libjwt made these tokens before
 * and re-parsed the PEM key on every call; tests/unit/test_jwt.c keeps the two
 * interoperable.) */
#include <cjson/cJSON.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/crypto.h"
#include "yinhui/json_in.h"
#include "yinhui/util.h"

static const struct {
    const char *name;
    unsigned bit;
} scope_names[] = {
    {"offices:read", SC_OFFICES_READ},
    {"offices:write", SC_OFFICES_WRITE},
    {"accounts:read", SC_ACCOUNTS_READ},
    {"accounts:write", SC_ACCOUNTS_WRITE},
    {"clients:read", SC_CLIENTS_READ},
    {"clients:write", SC_CLIENTS_WRITE},
    {"pii:read", SC_PII_READ},
    {"branches:read", SC_BRANCHES_READ},
    {"branches:write", SC_BRANCHES_WRITE},
    {"members:read", SC_MEMBERS_READ},
    {"members:write", SC_MEMBERS_WRITE},
    {"audit:read", SC_AUDIT_READ},
    {"volunteers:read", SC_VOLUNTEERS_READ},
    {"volunteers:write", SC_VOLUNTEERS_WRITE},
    {"volunteers:signup", SC_VOLUNTEERS_SIGNUP},
    {"talents:read", SC_TALENTS_READ},
    {"talents:write", SC_TALENTS_WRITE},
    {"talents:request", SC_TALENTS_REQUEST},
    {"talents:apply", SC_TALENTS_APPLY},
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
        return SC_OFFICES_READ | SC_OFFICES_WRITE | SC_ACCOUNTS_READ | SC_ACCOUNTS_WRITE | SC_CLIENTS_READ |
               SC_CLIENTS_WRITE | SC_PII_READ | SC_BRANCHES_READ | SC_BRANCHES_WRITE | SC_MEMBERS_READ |
               SC_MEMBERS_WRITE | SC_AUDIT_READ | SC_VOLUNTEERS_READ | SC_VOLUNTEERS_WRITE |
               SC_VOLUNTEERS_SIGNUP | SC_TALENTS_READ | SC_TALENTS_WRITE | SC_TALENTS_REQUEST |
               SC_TALENTS_APPLY | SC_CARE_REQUEST;
    }
    /* confined to their branch / own record by the handlers */
    if (strcmp(role, "secretary") == 0) {
        return SC_OFFICES_READ | SC_BRANCHES_READ | SC_BRANCHES_WRITE | SC_MEMBERS_READ | SC_MEMBERS_WRITE |
               SC_VOLUNTEERS_READ | SC_VOLUNTEERS_SIGNUP | SC_TALENTS_APPLY | SC_CARE_REQUEST;
    }
    if (strcmp(role, "member") == 0) {
        return SC_OFFICES_READ | SC_MEMBERS_READ | SC_VOLUNTEERS_READ | SC_VOLUNTEERS_SIGNUP |
               SC_TALENTS_APPLY | SC_CARE_REQUEST;
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

/* A key as loaded from the store, parsed once on its first use: PEM decoding costs
 * ~0.3-1 ms on these machines (PLATFORM.md), an ES256 signature ~40 µs. Parsing lazily
 * rather than at load keeps a reload over thousands of offices cheap, and a reload
 * hands the parsed keys of the kids it keeps to the new table. */
struct vkey {
    char kid[40];
    char office[7];
    char alg[8];
    char *pem;               /* public */
    _Atomic(EVP_PKEY *) pub; /* pem, parsed */
    unsigned char *sealed;   /* the office's signing key only: its private key, sealed */
    size_t sealed_len;
    _Atomic(EVP_PKEY *) priv; /* sealed, opened and parsed */
};

struct keyring {
    pthread_rwlock_t lock;
    struct vkey *keys; /* sorted by kid */
    size_t n;
    struct vkey **signing; /* the keys with a sealed private key, sorted by office */
    size_t nsigning;
    double loaded_at;
    /* reloads that dropped a key (a retired one): a token cached before the last of
     * them is verified again, so a retired key's tokens are refused once it is gone */
    _Atomic unsigned long drops;
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
        if (keys[i].sealed != NULL) {
            memset(keys[i].sealed, 0, keys[i].sealed_len);
        }
        free(keys[i].sealed);
        EVP_PKEY_free(atomic_load(&keys[i].pub));
        EVP_PKEY_free(atomic_load(&keys[i].priv));
    }
    free(keys);
}

void keyring_free(struct keyring *k)
{
    if (k == NULL) {
        return;
    }
    free_keys(k->keys, k->n);
    free(k->signing);
    pthread_rwlock_destroy(&k->lock);
    free(k);
}

static int cmp_vkey(const void *a, const void *b)
{
    return strcmp(((const struct vkey *)a)->kid, ((const struct vkey *)b)->kid);
}

static int cmp_office(const void *a, const void *b)
{
    return strcmp((*(struct vkey *const *)a)->office, (*(struct vkey *const *)b)->office);
}

/* bsearch of a sorted table, never given a NULL array (an empty table, such as the first
 * load's, has none: UBSan stops on it). */
static void *table_find(const void *probe, const void *table, size_t n, size_t size,
                        int (*cmp)(const void *, const void *))
{
    return n > 0 ? bsearch(probe, table, n, size, cmp) : NULL;
}

/* A parsed key the old table holds for kid (a new reference), else NULL. */
static EVP_PKEY *held_ref(_Atomic(EVP_PKEY *) *slot)
{
    EVP_PKEY *pk = atomic_load(slot);
    return pk != NULL && EVP_PKEY_up_ref(pk) == 1 ? pk : NULL;
}

/* Takes over the parsed keys of old's entries whose kid keys keeps; true when keys
 * leaves out one of old's. */
static bool carry_parsed(struct keyring *old, struct vkey *keys, size_t n)
{
    size_t kept = 0;
    bool dropped;
    pthread_rwlock_rdlock(&old->lock);
    for (size_t i = 0; i < n; i++) {
        struct vkey *was = table_find(&keys[i], old->keys, old->n, sizeof(*keys), cmp_vkey);
        if (was != NULL) {
            atomic_store(&keys[i].pub, held_ref(&was->pub));
            atomic_store(&keys[i].priv, keys[i].sealed != NULL ? held_ref(&was->priv) : NULL);
            kept++;
        }
    }
    dropped = kept < old->n;
    pthread_rwlock_unlock(&old->lock);
    return dropped;
}

void keyring_replace(struct keyring *k, size_t n, const struct key_row *rows)
{
    struct vkey *keys = calloc(n + 1, sizeof(*keys));
    struct vkey **signing = calloc(n + 1, sizeof(*signing));
    struct vkey *old = NULL;
    size_t oldn, ns = 0;
    if (keys == NULL || signing == NULL) {
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(keys[i].kid, sizeof(keys[i].kid), "%s", rows[i].kid);
        snprintf(keys[i].office, sizeof(keys[i].office), "%s", rows[i].office);
        snprintf(keys[i].alg, sizeof(keys[i].alg), "%s", rows[i].alg);
        keys[i].pem = strdup(rows[i].pem);
        if (rows[i].sealed != NULL && rows[i].sealed_len > 0) {
            keys[i].sealed = malloc(rows[i].sealed_len);
            if (keys[i].sealed == NULL) {
                abort();
            }
            memcpy(keys[i].sealed, rows[i].sealed, rows[i].sealed_len);
            keys[i].sealed_len = rows[i].sealed_len;
        }
    }
    qsort(keys, n, sizeof(*keys), cmp_vkey);
    bool dropped = carry_parsed(k, keys, n);
    for (size_t i = 0; i < n; i++) {
        if (keys[i].sealed != NULL) {
            signing[ns++] = &keys[i];
        }
    }
    qsort(signing, ns, sizeof(*signing), cmp_office);
    pthread_rwlock_wrlock(&k->lock);
    old = k->keys;
    oldn = k->n;
    free(k->signing);
    k->keys = keys;
    k->n = n;
    k->signing = signing;
    k->nsigning = ns;
    k->loaded_at = mono_s();
    if (dropped) {
        atomic_fetch_add(&k->drops, 1);
    }
    pthread_rwlock_unlock(&k->lock);
    free_keys(old, oldn);
}

double keyring_age(const struct keyring *k)
{
    return k->loaded_at == 0 ? 1e9 : mono_s() - k->loaded_at;
}

/* A P-256 key from PEM text (private or public), else NULL. */
static EVP_PKEY *p256_from_pem(const char *pem, size_t len, bool private)
{
    BIO *b = BIO_new_mem_buf(pem, (int)len);
    EVP_PKEY *pk = NULL;
    if (b != NULL) {
        pk =
            private ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
    }
    BIO_free(b);
    if (pk != NULL && !(EVP_PKEY_is_a(pk, "EC") && EVP_PKEY_get_bits(pk) == 256)) {
        EVP_PKEY_free(pk);
        pk = NULL;
    }
    return pk;
}

/* Installs a freshly parsed key in slot unless another thread was first; the key held. */
static EVP_PKEY *install(_Atomic(EVP_PKEY *) *slot, EVP_PKEY *pk)
{
    EVP_PKEY *none = NULL;
    if (pk == NULL || atomic_compare_exchange_strong(slot, &none, pk)) {
        return pk;
    }
    EVP_PKEY_free(pk);
    return none;
}

/* key's public key, parsed on its first use (the caller holds the read lock). */
static EVP_PKEY *public_of(struct vkey *key)
{
    EVP_PKEY *pk = atomic_load(&key->pub);
    return pk != NULL ? pk : install(&key->pub, p256_from_pem(key->pem, strlen(key->pem), false));
}

/* key's private key, opened and parsed on its first use (the caller holds the read lock). */
static EVP_PKEY *private_of(struct vkey *key, const unsigned char master_key[32])
{
    EVP_PKEY *pk = atomic_load(&key->priv);
    struct buf pem = {0};
    if (pk != NULL) {
        return pk;
    }
    if (crypto_open(master_key, KEY_SEAL_ID, key->sealed, key->sealed_len, &pem) == 0) {
        pk = p256_from_pem(pem.data, pem.len, true);
    }
    if (pem.data != NULL) {
        memset(pem.data, 0, pem.len);
    }
    buf_free(&pem);
    return install(&key->priv, pk);
}

/* ---- verified-token cache --------------------------------------------------------- */

/* A slot holds the whole token it verified, so a hit is an exact comparison: the slot is
 * found by a cheap keyed hash (a SHA-256 of every token cost a cached read as much as
 * the rest of its handling), and two tokens with the same hash only evict each other.
 * A keyed 128-bit digest in place of the copy (16 bytes a slot, not the token's ~750)
 * was measured with callgrind on a cached GET: SipHash-2-4 cost 2,550 and SipHash-1-3
 * 1,200 instructions more a request than this hash and memcmp (976 for a 744-byte token,
 * of about 88,700 a request), so the copy stays: up to 16,384 slots of ~750 bytes. */
#define TC_STRIPES 64
struct tc_slot {
    char *token; /* NULL: empty */
    size_t len;
    unsigned long drops; /* the keyring's drops when it was verified */
    struct claims claims;
};
struct token_cache {
    size_t mask;
    uint64_t seed;
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
    if (t == NULL || (t->slots = calloc(n, sizeof(*t->slots))) == NULL ||
        random_bytes((unsigned char *)&t->seed, sizeof(t->seed)) != 0) {
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
    for (size_t i = 0; i <= t->mask; i++) {
        free(t->slots[i].token);
    }
    free(t->slots);
    free(t);
}

/* Where a token lives: a seeded multiply-xorshift over its bytes (a few hundred
 * instructions for a 500-byte token). Collisions cost an eviction, never a wrong hit. */
static size_t slot_of(const struct token_cache *t, const char *token, size_t len)
{
    uint64_t h = t->seed ^ (len * 0x9e3779b97f4a7c15ULL);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, token + i, sizeof(w));
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    for (; i < len; i++) {
        h = (h ^ (unsigned char)token[i]) * 0xc4ceb9fe1a85ec53ULL;
    }
    h ^= h >> 29;
    return (size_t)h & t->mask;
}

static bool slot_holds(const struct tc_slot *s, const char *token, size_t len)
{
    return s->token != NULL && s->len == len && memcmp(s->token, token, len) == 0;
}

static bool tc_get(struct token_cache *t, const char *token, size_t len, unsigned long drops,
                   struct claims *out)
{
    size_t s = slot_of(t, token, len);
    pthread_mutex_t *l = &t->locks[s % TC_STRIPES];
    bool hit = false;
    pthread_mutex_lock(l);
    if (slot_holds(&t->slots[s], token, len) && t->slots[s].drops == drops) {
        *out = t->slots[s].claims;
        hit = true;
    }
    pthread_mutex_unlock(l);
    return hit;
}

static void tc_put(struct token_cache *t, const char *token, size_t len, unsigned long drops,
                   const struct claims *c)
{
    size_t s = slot_of(t, token, len);
    pthread_mutex_t *l = &t->locks[s % TC_STRIPES];
    char *copy = strndup(token, len);
    if (copy == NULL) {
        return; /* not cached: verified again next time */
    }
    pthread_mutex_lock(l);
    free(t->slots[s].token);
    t->slots[s].token = copy;
    t->slots[s].len = len;
    t->slots[s].drops = drops;
    t->slots[s].claims = *c;
    pthread_mutex_unlock(l);
}

void token_cache_forget(struct token_cache *t, const char *token)
{
    size_t len = strlen(token);
    size_t s = slot_of(t, token, len);
    pthread_mutex_t *l = &t->locks[s % TC_STRIPES];
    pthread_mutex_lock(l);
    if (slot_holds(&t->slots[s], token, len)) {
        free(t->slots[s].token);
        t->slots[s].token = NULL;
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

/* ---- ES256 (RFC 7518 3.4) ---------------------------------------------------------- */

/* The P-256 group order n and (n-1)/2, big-endian. Signatures are made with s <= (n-1)/2
 * ("low S", one spelling of what we sign). Both spellings are accepted: libjwt, which
 * signed before, makes either, and its tokens must stay valid through a rolling upgrade;
 * nothing here keys on a token's spelling (revocation is by jti, the verified-token
 * cache only holds what verified). */
static const unsigned char p256_n[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                                         0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
                                         0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
static const unsigned char p256_half_n[32] = {
    0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xde, 0x73, 0x7d, 0x56, 0xd3, 0x8b, 0xcf, 0x42, 0x79, 0xdc, 0xe5, 0x61, 0x7e, 0x31, 0x92, 0xa8};

/* s = n - s (big-endian, 0 < s < n). */
static void negate_mod_n(unsigned char s[32])
{
    int borrow = 0;
    for (int i = 31; i >= 0; i--) {
        int d = p256_n[i] - s[i] - borrow;
        borrow = d < 0;
        s[i] = (unsigned char)(borrow ? d + 256 : d);
    }
}

/* 0 < v < n. */
static bool scalar_ok(const unsigned char v[32])
{
    unsigned char any = 0;
    for (int i = 0; i < 32; i++) {
        any |= v[i];
    }
    return any != 0 && memcmp(v, p256_n, 32) < 0;
}

/* The JOSE signature of input by pk: r || s, 32 bytes each, s low. */
static bool es256_sign(EVP_PKEY *pk, const char *input, size_t n, unsigned char rs[64])
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char der[80];
    size_t dlen = sizeof(der);
    const unsigned char *p = der;
    ECDSA_SIG *sig = NULL;
    bool ok = md != NULL && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pk) == 1 &&
              EVP_DigestSign(md, der, &dlen, (const unsigned char *)input, n) == 1 &&
              (sig = d2i_ECDSA_SIG(NULL, &p, (long)dlen)) != NULL &&
              BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs, 32) == 32 &&
              BN_bn2binpad(ECDSA_SIG_get0_s(sig), rs + 32, 32) == 32;
    if (ok && memcmp(rs + 32, p256_half_n, 32) > 0) {
        negate_mod_n(rs + 32);
    }
    ECDSA_SIG_free(sig);
    EVP_MD_CTX_free(md);
    return ok;
}

/* True when sig64 (base64url, no padding) is pk's JOSE signature of input: exactly 64
 * bytes canonically encoded, r and s in [1, n-1]. */
static bool es256_verify(EVP_PKEY *pk, const char *input, size_t n, const char *sig64, size_t siglen)
{
    unsigned char rs[64], der[80];
    unsigned char *dp = der;
    ECDSA_SIG *sig = NULL;
    BIGNUM *r = NULL, *s = NULL;
    EVP_MD_CTX *md = NULL;
    int dlen = 0;
    bool ok = false;
    if (siglen != 86 || b64url_decode(sig64, siglen, rs, sizeof(rs)) != 64 || !scalar_ok(rs) ||
        !scalar_ok(rs + 32)) {
        return false;
    }
    sig = ECDSA_SIG_new();
    r = BN_bin2bn(rs, 32, NULL);
    s = BN_bin2bn(rs + 32, 32, NULL);
    if (sig == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        goto out;
    }
    dlen = i2d_ECDSA_SIG(sig, &dp);
    md = EVP_MD_CTX_new();
    ok = dlen > 0 && md != NULL && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pk) == 1 &&
         EVP_DigestVerify(md, der, (size_t)dlen, (const unsigned char *)input, n) == 1;
out:
    ECDSA_SIG_free(sig);
    EVP_MD_CTX_free(md);
    return ok;
}

/* A token segment (base64url JSON) parsed strictly: one object, no duplicate keys. */
static cJSON *segment_json(const char *seg, size_t n)
{
    unsigned char raw[TOKEN_MAX];
    long len = b64url_decode(seg, n, raw, sizeof(raw) - 1);
    cJSON *o = NULL;
    char msg[128];
    if (len <= 0 || json_parse_strict((const char *)raw, (size_t)len, 4, &o, msg, sizeof(msg)) != YH_OK) {
        return NULL;
    }
    return o;
}

/* Checks the decoded header: returns kid, or NULL when alg/typ/crit is unacceptable. */
static bool header_ok(const char *token, size_t hlen, char kid[40])
{
    cJSON *h = segment_json(token, hlen);
    bool ok = false;
    const cJSON *alg, *typ;
    if (h == NULL) {
        return false;
    }
    alg = cJSON_GetObjectItemCaseSensitive(h, "alg");
    typ = cJSON_GetObjectItemCaseSensitive(h, "typ");
    /* we only ever issue ES256; 'none', HS*, RS* are refused before any key is used */
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

static bool claims_ok(const struct config *cfg, const char *seg, size_t seglen, const char *key_office,
                      int64_t now, struct claims *c)
{
    cJSON *o = segment_json(seg, seglen);
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
    if (now >= c->exp + skew || nbf > now + skew || c->iat > now + skew || c->exp - c->iat > 3600 ||
        c->exp <= c->iat) {
        goto out;
    }
    memcpy(c->office, iss, sizeof(iss));
    ok = true;
out:
    cJSON_Delete(o);
    return ok;
}

/* The public key of kid (a reference the caller frees) and its office; TOK_OK, or
 * TOK_UNKNOWN_KID, or TOK_INVALID for a key that is not ES256 or does not parse. */
static enum tok_result verifying_key(struct keyring *keys, const char kid[40], EVP_PKEY **pk, char office[7])
{
    struct vkey probe;
    struct vkey *key = NULL;
    enum tok_result res = TOK_INVALID;
    *pk = NULL;
    memcpy(probe.kid, kid, sizeof(probe.kid));
    pthread_rwlock_rdlock(&keys->lock);
    key = table_find(&probe, keys->keys, keys->n, sizeof(*keys->keys), cmp_vkey);
    if (key == NULL) {
        res = TOK_UNKNOWN_KID;
    } else if (strcmp(key->alg, "ES256") == 0 && (*pk = public_of(key)) != NULL &&
               EVP_PKEY_up_ref(*pk) == 1) {
        memcpy(office, key->office, sizeof(key->office));
        res = TOK_OK;
    } else {
        *pk = NULL;
    }
    pthread_rwlock_unlock(&keys->lock);
    return res;
}

enum tok_result token_verify(const struct config *cfg, struct keyring *keys, struct token_cache *tc,
                             const char *token, int64_t now, struct claims *out)
{
    size_t len = strlen(token);
    const char *dot1 = NULL;
    const char *dot2 = NULL;
    char kid[40];
    char office[7];
    EVP_PKEY *pk = NULL;
    enum tok_result res;
    /* read before the table: a reload that drops a key during this verification leaves
     * the token cached under the older count, verified again next time */
    unsigned long drops = atomic_load(&keys->drops);

    if (len == 0 || len > TOKEN_MAX) {
        return TOK_INVALID;
    }
    if (tc != NULL) {
        if (tc_get(tc, token, len, drops, out)) {
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
    /* the signature first: no claim of an unauthenticated token is looked at */
    res = verifying_key(keys, kid, &pk, office);
    if (res == TOK_OK && (!es256_verify(pk, token, (size_t)(dot2 - token), dot2 + 1, strlen(dot2 + 1)) ||
                          !claims_ok(cfg, dot1 + 1, (size_t)(dot2 - dot1 - 1), office, now, out))) {
        res = TOK_INVALID;
    }
    EVP_PKEY_free(pk);
    if (res == TOK_OK && tc != NULL) {
        tc_put(tc, token, len, drops, out);
    }
    return res;
}

/* ---- signing ------------------------------------------------------------------------ */

/* base64url of p[0..n) appended to b. */
static void append_b64(struct buf *b, const void *p, size_t n)
{
    char *enc = malloc(n / 3 * 4 + 8);
    if (enc == NULL) {
        abort();
    }
    b64url_encode(p, n, enc);
    buf_append(b, enc, strlen(enc));
    free(enc);
}

/* The claims of c as JSON, keys in the sorted order libjwt wrote them, so a token is
 * byte for byte what libjwt made of the same claims (tests/unit/test_jwt.c). */
static char *claims_text(const struct claims *c, const char *aud)
{
    char scope[512];
    cJSON *o = cJSON_CreateObject();
    char *text = NULL;
    scopes_format(c->scopes, scope, sizeof(scope));
    if (o != NULL && cJSON_AddStringToObject(o, "aud", aud) != NULL &&
        (c->branch_id <= 0 || cJSON_AddNumberToObject(o, "branch", (double)c->branch_id) != NULL) &&
        cJSON_AddNumberToObject(o, "exp", (double)c->exp) != NULL &&
        cJSON_AddNumberToObject(o, "iat", (double)c->iat) != NULL &&
        cJSON_AddStringToObject(o, "iss", c->office) != NULL &&
        cJSON_AddStringToObject(o, "jti", c->jti) != NULL &&
        (c->member_id <= 0 || cJSON_AddNumberToObject(o, "member", (double)c->member_id) != NULL) &&
        cJSON_AddNumberToObject(o, "nbf", (double)c->iat) != NULL &&
        cJSON_AddStringToObject(o, "role", c->role) != NULL &&
        cJSON_AddStringToObject(o, "scope", scope) != NULL &&
        cJSON_AddStringToObject(o, "sub", c->sub) != NULL) {
        text = cJSON_PrintUnformatted(o);
    }
    cJSON_Delete(o);
    return text;
}

/* An ES256 JWT of c signed by pk and naming kid. */
static char *jwt_es256(EVP_PKEY *pk, const char *kid, const struct claims *c, const char *aud)
{
    cJSON *hdr = cJSON_CreateObject();
    char *htext = NULL, *ctext = claims_text(c, aud);
    struct buf b = {0};
    unsigned char rs[64];
    bool ok = false;
    if (hdr != NULL && cJSON_AddStringToObject(hdr, "alg", "ES256") != NULL &&
        cJSON_AddStringToObject(hdr, "kid", kid) != NULL &&
        cJSON_AddStringToObject(hdr, "typ", "JWT") != NULL) {
        htext = cJSON_PrintUnformatted(hdr);
    }
    if (htext != NULL && ctext != NULL) {
        append_b64(&b, htext, strlen(htext));
        buf_append(&b, ".", 1);
        append_b64(&b, ctext, strlen(ctext));
        ok = es256_sign(pk, b.data, b.len, rs);
        buf_append(&b, ".", 1);
        append_b64(&b, rs, sizeof(rs));
    }
    cJSON_Delete(hdr);
    free(htext);
    free(ctext);
    if (!ok) {
        buf_free(&b);
        return NULL;
    }
    return b.data;
}

char *token_sign(const struct claims *c, const char *aud, const char *kid, const char *priv_pem)
{
    EVP_PKEY *pk = p256_from_pem(priv_pem, strlen(priv_pem), true);
    char *t = pk != NULL ? jwt_es256(pk, kid, c, aud) : NULL;
    EVP_PKEY_free(pk);
    return t;
}

char *keyring_sign(struct keyring *k, const unsigned char master_key[32], const struct claims *c,
                   const char *aud, bool *no_key)
{
    struct vkey probe;
    struct vkey *pp = &probe;
    struct vkey **at = NULL;
    EVP_PKEY *pk = NULL;
    char kid[40] = "";
    char *t = NULL;
    snprintf(probe.office, sizeof(probe.office), "%s", c->office);
    pthread_rwlock_rdlock(&k->lock);
    at = table_find(&pp, k->signing, k->nsigning, sizeof(*k->signing), cmp_office);
    if (at != NULL && (pk = private_of(*at, master_key)) != NULL && EVP_PKEY_up_ref(pk) == 1) {
        memcpy(kid, (*at)->kid, sizeof(kid));
    } else {
        pk = NULL;
    }
    pthread_rwlock_unlock(&k->lock);
    *no_key = at == NULL;
    if (pk != NULL) {
        t = jwt_es256(pk, kid, c, aud);
        EVP_PKEY_free(pk);
    }
    return t;
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
