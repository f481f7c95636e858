#include "yinhui/crypto.h"
#include "yinhui/signed_code.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/util.h"

#define MAC_LEN 12

static void mac_of(const unsigned char key[32], const char *purpose, const char *office, const unsigned char *body,
                   unsigned char mac[32])
{
    char msg[96];
    int n = snprintf(msg, sizeof(msg), "%s|%s|", purpose, office);
    unsigned char buf[96 + 12];
    memcpy(buf, msg, (size_t)n);
    memcpy(buf + n, body, 12);
    hmac_sha256(key, buf, (size_t)n + 12, mac);
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static uint64_t get_be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

void signed_code_make(const unsigned char key[32], const char *purpose, const char *office, int64_t id,
                      int64_t expires, char out[SIGNED_CODE_LEN + 1])
{
    unsigned char raw[24], mac[32];
    put_be(raw, (uint64_t)id, 8);
    put_be(raw + 8, (uint64_t)expires, 4);
    mac_of(key, purpose, office, raw, mac);
    memcpy(raw + 12, mac, MAC_LEN);
    b64url_encode(raw, sizeof(raw), out);
}

enum code_check signed_code_check(const unsigned char key[32], const char *purpose, const char *office,
                                  const char *code, int64_t now, int64_t *id)
{
    unsigned char raw[32], mac[32];
    if (code == NULL || strlen(code) != SIGNED_CODE_LEN || b64url_decode(code, SIGNED_CODE_LEN, raw, sizeof(raw)) != 24) {
        return CODE_BAD;
    }
    mac_of(key, purpose, office, raw, mac);
    if (!ct_equal(mac, raw + 12, MAC_LEN)) {
        return CODE_BAD;
    }
    *id = (int64_t)get_be(raw, 8);
    return (int64_t)get_be(raw + 8, 4) < now ? CODE_EXPIRED : CODE_OK;
}
