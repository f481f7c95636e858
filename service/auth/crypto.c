#include "yinhui/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <string.h>

#define HDR CRYPTO_HDR
#define IV 12
#define TAG 16

int crypto_seal(const unsigned char key[32], uint8_t key_id, const void *pt, size_t n,
                struct buf *out)
{
    return crypto_seal_aad(key, key_id, NULL, 0, pt, n, out);
}

int crypto_open(const unsigned char key[32], uint8_t key_id, const void *sealed, size_t n,
                struct buf *out)
{
    return crypto_open_aad(key, key_id, NULL, 0, sealed, n, out);
}

void crypto_header(uint8_t key_id, unsigned char hdr[CRYPTO_HDR])
{
    hdr[0] = 'Y';
    hdr[1] = 1;
    hdr[2] = key_id;
}

int crypto_seal_aad(const unsigned char key[32], uint8_t key_id, const void *aad, size_t aad_len,
                    const void *pt, size_t n, struct buf *out)
{
    unsigned char hdr[HDR + IV + TAG];
    EVP_CIPHER_CTX *ctx = NULL;
    int len = 0;
    int ret = -1;
    size_t start = out->len;

    crypto_header(key_id, hdr);
    if (random_bytes(hdr + HDR, IV) != 0) {
        return -1;
    }
    ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL || EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, hdr + HDR) != 1 ||
        EVP_EncryptUpdate(ctx, NULL, &len, hdr, HDR) != 1 || /* header is authenticated */
        (aad_len > 0 && EVP_EncryptUpdate(ctx, NULL, &len, aad, (int)aad_len) != 1)) {
        goto out;
    }
    buf_append(out, hdr, sizeof(hdr));
    buf_append(out, pt, n); /* reserve; overwritten in place */
    if (EVP_EncryptUpdate(ctx, (unsigned char *)out->data + start + sizeof(hdr), &len, pt, (int)n) != 1 ||
        EVP_EncryptFinal_ex(ctx, NULL, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG, out->data + start + HDR + IV) != 1) {
        out->len = start;
        goto out;
    }
    ret = 0;
out:
    EVP_CIPHER_CTX_free(ctx);
    return ret;
}

int crypto_open_aad(const unsigned char key[32], uint8_t key_id, const void *aad, size_t aad_len,
                    const void *sealed, size_t n, struct buf *out)
{
    const unsigned char *s = sealed;
    EVP_CIPHER_CTX *ctx = NULL;
    unsigned char tag[TAG];
    int len = 0;
    int ret = -1;
    size_t start = out->len;
    size_t ctlen;

    if (n < HDR + IV + TAG || s[0] != 'Y' || s[1] != 1 || s[2] != key_id) {
        return -1;
    }
    ctlen = n - HDR - IV - TAG;
    memcpy(tag, s + HDR + IV, TAG);
    buf_append(out, s + HDR + IV + TAG, ctlen);
    ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, s + HDR) != 1 ||
        EVP_DecryptUpdate(ctx, NULL, &len, s, HDR) != 1 ||
        (aad_len > 0 && EVP_DecryptUpdate(ctx, NULL, &len, aad, (int)aad_len) != 1) ||
        EVP_DecryptUpdate(ctx, (unsigned char *)out->data + start, &len, s + HDR + IV + TAG, (int)ctlen) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG, tag) != 1 ||
        EVP_DecryptFinal_ex(ctx, NULL, &len) != 1) {
        memset(out->data + start, 0, ctlen);
        out->len = start;
        out->data[start] = '\0';
        goto out;
    }
    ret = 0;
out:
    EVP_CIPHER_CTX_free(ctx);
    return ret;
}

void sha256(const void *p, size_t n, unsigned char out[32])
{
    unsigned int len = 32;
    EVP_Digest(p, n, out, &len, EVP_sha256(), NULL);
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
