#include "yinhui/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define HDR CRYPTO_HDR
#define IV 12
#define TAG 16

int crypto_seal(const unsigned char key[32], uint8_t key_id, const void *pt, size_t n, struct buf *out)
{
    return crypto_seal_aad(key, key_id, NULL, 0, pt, n, out);
}

int crypto_open(const unsigned char key[32], uint8_t key_id, const void *sealed, size_t n, struct buf *out)
{
    return crypto_open_aad(key, key_id, NULL, 0, sealed, n, out);
}

void crypto_header(uint8_t key_id, unsigned char hdr[CRYPTO_HDR])
{
    hdr[0] = 'Y';
    hdr[1] = 1;
    hdr[2] = key_id;
}

/* One AES-256-GCM context per thread and direction, keyed once: a cached read opens a
 * value on every hit, and a fresh context with its key schedule per call cost more than
 * the decryption of a small value. Re-initialised with the IV alone while the key stays
 * the same (a failed open leaves nothing behind: the next init resets the state). */
struct gcm_ctx {
    EVP_CIPHER_CTX *ctx;
    unsigned char key[32];
    bool keyed;
};
struct gcm_pair {
    struct gcm_ctx dir[2]; /* [0] open, [1] seal */
};
static pthread_key_t gcm_key;
static pthread_once_t gcm_once = PTHREAD_ONCE_INIT;

static void gcm_pair_free(void *p)
{
    struct gcm_pair *g = p;
    for (int i = 0; i < 2; i++) {
        EVP_CIPHER_CTX_free(g->dir[i].ctx);
        OPENSSL_cleanse(g->dir[i].key, sizeof(g->dir[i].key));
    }
    free(g);
}

static void gcm_key_make(void)
{
    pthread_key_create(&gcm_key, gcm_pair_free);
}

/* This thread's context for enc (1 seal, 0 open), initialised for key and iv; NULL on
 * failure. */
static EVP_CIPHER_CTX *gcm_begin(const unsigned char key[32], const unsigned char iv[IV], int enc)
{
    pthread_once(&gcm_once, gcm_key_make);
    struct gcm_pair *g = pthread_getspecific(gcm_key);
    if (g == NULL) {
        if ((g = calloc(1, sizeof(*g))) == NULL || pthread_setspecific(gcm_key, g) != 0) {
            free(g);
            return NULL;
        }
    }
    struct gcm_ctx *c = &g->dir[enc];
    if (c->ctx == NULL && (c->ctx = EVP_CIPHER_CTX_new()) == NULL) {
        return NULL;
    }
    bool same = c->keyed && CRYPTO_memcmp(c->key, key, 32) == 0;
    int ok = same ? EVP_CipherInit_ex(c->ctx, NULL, NULL, NULL, iv, enc)
                  : EVP_CipherInit_ex(c->ctx, EVP_aes_256_gcm(), NULL, key, iv, enc);
    c->keyed = ok == 1;
    if (ok != 1) {
        return NULL;
    }
    if (!same) {
        memcpy(c->key, key, 32);
    }
    return c->ctx;
}

int crypto_seal_aad(const unsigned char key[32], uint8_t key_id, const void *aad, size_t aad_len,
                    const void *pt, size_t n, struct buf *out)
{
    unsigned char hdr[HDR + IV + TAG];
    EVP_CIPHER_CTX *ctx = NULL;
    int len = 0;
    size_t start = out->len;

    crypto_header(key_id, hdr);
    if (random_bytes(hdr + HDR, IV) != 0) {
        return -1;
    }
    ctx = gcm_begin(key, hdr + HDR, 1);
    if (ctx == NULL || EVP_EncryptUpdate(ctx, NULL, &len, hdr, HDR) != 1 || /* header is authenticated */
        (aad_len > 0 && EVP_EncryptUpdate(ctx, NULL, &len, aad, (int)aad_len) != 1)) {
        return -1;
    }
    buf_append(out, hdr, sizeof(hdr));
    buf_grow(out, n); /* the ciphertext is written in place */
    if (EVP_EncryptUpdate(ctx, (unsigned char *)out->data + start + sizeof(hdr), &len, pt, (int)n) != 1 ||
        EVP_EncryptFinal_ex(ctx, NULL, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG, out->data + start + HDR + IV) != 1) {
        out->len = start;
        out->data[start] = '\0';
        return -1;
    }
    out->len += n;
    out->data[out->len] = '\0';
    return 0;
}

/* The authenticated data of an open: the header, then aad. GCM authenticates them as
 * one string however they are fed, so a short aad goes in with the header in one call (a
 * cached hit opens a value per request; each update call costs about 800 instructions). */
static bool open_ad(EVP_CIPHER_CTX *ctx, const unsigned char *hdr, const void *aad, size_t aad_len)
{
    unsigned char both[HDR + 256];
    int len = 0;
    if (aad_len <= sizeof(both) - HDR) {
        memcpy(both, hdr, HDR);
        if (aad_len > 0) {
            memcpy(both + HDR, aad, aad_len);
        }
        return EVP_DecryptUpdate(ctx, NULL, &len, both, (int)(HDR + aad_len)) == 1;
    }
    return EVP_DecryptUpdate(ctx, NULL, &len, hdr, HDR) == 1 &&
           EVP_DecryptUpdate(ctx, NULL, &len, aad, (int)aad_len) == 1;
}

int crypto_open_aad(const unsigned char key[32], uint8_t key_id, const void *aad, size_t aad_len,
                    const void *sealed, size_t n, struct buf *out)
{
    const unsigned char *s = sealed;
    EVP_CIPHER_CTX *ctx = NULL;
    unsigned char tag[TAG];
    int len = 0;
    size_t start = out->len;
    size_t ctlen;

    if (n < HDR + IV + TAG || s[0] != 'Y' || s[1] != 1 || s[2] != key_id) {
        return -1;
    }
    ctlen = n - HDR - IV - TAG;
    memcpy(tag, s + HDR + IV, TAG);
    buf_grow(out, ctlen); /* room for the plaintext, written in place (no copy of the input first) */
    ctx = gcm_begin(key, s + HDR, 0);
    if (ctx == NULL || !open_ad(ctx, s, aad, aad_len) ||
        EVP_DecryptUpdate(ctx, (unsigned char *)out->data + start, &len, s + HDR + IV + TAG, (int)ctlen) !=
            1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG, tag) != 1 ||
        EVP_DecryptFinal_ex(ctx, NULL, &len) != 1) {
        memset(out->data + start, 0, ctlen);
        out->data[start] = '\0';
        return -1;
    }
    out->len = start + ctlen;
    out->data[out->len] = '\0';
    return 0;
}

/* SHA-256 fetched from the provider once, and a digest context per thread: EVP_sha256()
 * made every digest fetch it again and EVP_Digest allocates a context per call (a cached
 * list's key is hashed on every hit). */
static EVP_MD *sha256_md;
static pthread_key_t sha256_key;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_ctx_free(void *p)
{
    EVP_MD_CTX_free(p);
}

static void sha256_fetch(void)
{
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
    pthread_key_create(&sha256_key, sha256_ctx_free);
}

void sha256(const void *p, size_t n, unsigned char out[32])
{
    unsigned int len = 32;
    pthread_once(&sha256_once, sha256_fetch);
    EVP_MD_CTX *c = pthread_getspecific(sha256_key);
    if (c == NULL && (c = EVP_MD_CTX_new()) != NULL && pthread_setspecific(sha256_key, c) != 0) {
        EVP_MD_CTX_free(c);
        c = NULL;
    }
    if (c == NULL || sha256_md == NULL || EVP_DigestInit_ex2(c, sha256_md, NULL) != 1 ||
        EVP_DigestUpdate(c, p, n) != 1 || EVP_DigestFinal_ex(c, out, &len) != 1) {
        EVP_Digest(p, n, out, &len, EVP_sha256(), NULL);
    }
}

void hmac_sha256(const unsigned char key[32], const void *p, size_t n, unsigned char out[32])
{
    unsigned int len = 32;
    HMAC(EVP_sha256(), key, 32, p, n, out, &len);
}

int random_bytes(unsigned char *out, size_t n)
{
    return RAND_bytes(out, (int)n) == 1 ? 0 : -1;
}

int random_token(size_t n, char *out)
{
    unsigned char raw[64];
    if (n > sizeof(raw) || random_bytes(raw, n) != 0) {
        return -1;
    }
    b64url_encode(raw, n, out);
    return 0;
}

bool ct_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

void hmac_sha256_any(const void *key, size_t keylen, const void *p, size_t n, unsigned char out[32])
{
    unsigned int len = 32;
    HMAC(EVP_sha256(), key, (int)keylen, p, n, out, &len);
}
