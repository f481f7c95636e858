#include "yinhui/crypto.h"
#include "yinhui/cursor.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/util.h"

void cursor_encode(const unsigned char key[32], const char *tag, const char *value, char *out,
                   size_t outlen)
{
    char plain[192];
    char p64[260];
    char m64[32];
    unsigned char mac[32];
    int n = snprintf(plain, sizeof(plain), "%s|%s", tag, value);
    if (n < 0 || (size_t)n >= sizeof(plain)) {
        out[0] = '\0';
        return;
    }
    hmac_sha256(key, plain, (size_t)n, mac);
    b64url_encode((const unsigned char *)plain, (size_t)n, p64);
    b64url_encode(mac, 16, m64);
    snprintf(out, outlen, "%s.%s", p64, m64);
}

bool cursor_decode(const unsigned char key[32], const char *tag, const char *cursor, char *value,
                   size_t valuelen)
{
    const char *dot = strchr(cursor, '.');
    unsigned char plain[192];
    unsigned char mac[32];
    unsigned char given[20];
    long n, m;
    size_t tl = strlen(tag);
    if (dot == NULL || strlen(cursor) > 400) {
        return false;
    }
    n = b64url_decode(cursor, (size_t)(dot - cursor), plain, sizeof(plain) - 1);
    m = b64url_decode(dot + 1, strlen(dot + 1), given, sizeof(given));
    if (n <= 0 || m != 16) {
        return false;
    }
    hmac_sha256(key, plain, (size_t)n, mac);
    if (!ct_equal(mac, given, 16)) {
        return false;
    }
    plain[n] = '\0';
    if ((size_t)n <= tl || memcmp(plain, tag, tl) != 0 || plain[tl] != '|' ||
        (size_t)n - tl - 1 >= valuelen) {
        return false;
    }
    memcpy(value, plain + tl + 1, (size_t)n - tl);
    return true;
}
