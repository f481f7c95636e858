#ifndef YINHUI_CRYPTO_H
#define YINHUI_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/util.h"

/* AES-256-GCM sealing of secrets at rest. A sealed value is
 *   'Y' version(1) key_id(1) iv(12) tag(16) ciphertext
 * so a key can rotate: the key id tells which key opens it. */
int crypto_seal(const unsigned char key[32], uint8_t key_id, const void *pt, size_t n,
                struct buf *out);
/* The first bytes of every value sealed under key_id ('Y', version, key id): a store finds
 * the values sealed under another key by comparing them with a column's prefix. */
#define CRYPTO_HDR 3
void crypto_header(uint8_t key_id, unsigned char hdr[CRYPTO_HDR]);
/* Opens a sealed value with key (whose id must match). Plaintext appended to out. */
int crypto_open(const unsigned char key[32], uint8_t key_id, const void *sealed, size_t n,
                struct buf *out);
/* The same with additional authenticated data (e.g. where the value is stored): a value
 * opens only with the aad it was sealed with. aad may be NULL when aad_len is 0. */
int crypto_seal_aad(const unsigned char key[32], uint8_t key_id, const void *aad, size_t aad_len,
                    const void *pt, size_t n, struct buf *out);
int crypto_open_aad(const unsigned char key[32], uint8_t key_id, const void *aad, size_t aad_len,
                    const void *sealed, size_t n, struct buf *out);

/* Hashes, MACs and randomness for the whole service (OpenSSL stays behind this header). */
void sha256(const void *p, size_t n, unsigned char out[32]);
void hmac_sha256(const unsigned char key[32], const void *p, size_t n, unsigned char out[32]);
/* HMAC-SHA256 with a key of any length (webhook secrets). */
void hmac_sha256_any(const void *key, size_t keylen, const void *p, size_t n, unsigned char out[32]);
/* Cryptographically random bytes; returns 0 or -1. */
int random_bytes(unsigned char *out, size_t n);
/* Random token of n bytes as base64url text in out (size >= 4n/3+3). */
int random_token(size_t n, char *out);
/* Constant-time equality of two buffers of equal length. */
bool ct_equal(const void *a, const void *b, size_t n);

#endif
