#include "yinhui/pii.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "yinhui/calendar.h"
#include "yinhui/crypto.h"
#include "yinhui/gbt2260.h"
#include "yinhui/util.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool date_real(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    return d <= days[m - 1] + (m == 2 && cal_leap_year(y) ? 1 : 0);
}

/* Not after today in China (the service's clock, now_s). */
static bool date_not_future(int y, int m, int d)
{
    char now[20];
    cal_time_string((long long)now_s() + 8 * 3600, now);
    int today = atoi(now) * 10000 + atoi(now + 5) * 100 + atoi(now + 8);
    return y * 10000 + m * 100 + d <= today;
}

enum idno_err idno_check(const char *in, char norm[19], char birth[11], bool *female)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    char prefix[7];
    int sum = 0;

    if (in == NULL || strlen(in) != 18) {
        return IDNO_FORMAT;
    }
    for (int i = 0; i < 17; i++) {
        if (!is_digit(in[i])) {
            return IDNO_FORMAT;
        }
        norm[i] = in[i];
        sum += (in[i] - '0') * w[i];
    }
    norm[17] = in[17] == 'x' ? 'X' : in[17];
    norm[18] = '\0';
    if (!is_digit(norm[17]) && norm[17] != 'X') {
        return IDNO_FORMAT;
    }
    memcpy(prefix, norm, 6);
    prefix[6] = '\0';
    if (gbt2260_level(prefix) == LEVEL_INVALID) {
        return IDNO_PREFIX;
    }
    int y = (norm[6] - '0') * 1000 + (norm[7] - '0') * 100 + (norm[8] - '0') * 10 + (norm[9] - '0');
    int m = (norm[10] - '0') * 10 + (norm[11] - '0');
    int d = (norm[12] - '0') * 10 + (norm[13] - '0');
    if (!date_real(y, m, d) || !date_not_future(y, m, d)) {
        return IDNO_DATE;
    }
    if (map[sum % 11] != norm[17]) {
        return IDNO_CHECKSUM;
    }
    memcpy(birth, norm + 6, 4);
    birth[4] = '-';
    memcpy(birth + 5, norm + 10, 2);
    birth[7] = '-';
    memcpy(birth + 8, norm + 12, 2);
    birth[10] = '\0';
    *female = ((norm[16] - '0') % 2) == 0;
    return IDNO_OK;
}

const char *idno_message(enum idno_err e)
{
    switch (e) {
    case IDNO_FORMAT:
        return "must be 18 characters: 17 digits and a check digit 0-9 or X";
    case IDNO_PREFIX:
        return "does not start with a GB/T 2260 division code";
    case IDNO_DATE:
        return "holds no valid birth date";
    case IDNO_CHECKSUM:
        return "check digit does not match (GB 11643-1999)";
    default:
        return "is valid";
    }
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) {
            return false;
        }
    }
    return true;
}

bool phone_valid(const char *s)
{
    size_t n;
    if (s == NULL) {
        return false;
    }
    if (strncmp(s, "+86", 3) == 0) {
        s += 3;
    }
    n = strlen(s);
    if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && all_digits(s, n)) {
        return true;
    }
    if (n < 10 || n > 13 || s[0] != '0') {
        return false;
    }
    const char *dash = strchr(s, '-');
    if (dash == NULL) {
        return all_digits(s, n) && n >= 10 && n <= 12;
    }
    size_t area = (size_t)(dash - s), local = n - area - 1;
    return (area == 3 || area == 4) && all_digits(s, area) && local >= 7 && local <= 8 &&
           all_digits(dash + 1, local);
}

void mask_idno(const char *id, char out[19])
{
    size_t n = strlen(id);
    if (n != 18) {
        snprintf(out, 19, "******************");
        return;
    }
    /* the division code only: the birth date, the sequence (whose parity is the gender)
     * and the check digit stay hidden, so that with the birth year, gender and residence
     * a masked view shows, some 180,000 valid numbers remain possible (see pii.h) */
    memcpy(out, id, 6);
    memset(out + 6, '*', 12);
    out[18] = '\0';
}

void mask_phone(const char *p, char *out, size_t outlen)
{
    size_t n = strlen(p);
    if (n < 8) {
        snprintf(out, outlen, "****");
        return;
    }
    snprintf(out, outlen, "%.3s****%s", p, p + n - 4);
}

void mask_address(const char *a, char *out, size_t outlen)
{
    size_t i = 0;
    int cps = 0, total = 0;
    for (size_t k = 0; a[k] != '\0'; k++) {
        total += ((unsigned char)a[k] & 0xC0) != 0x80;
    }
    int keep = total / 2 < 6 ? total / 2 : 6; /* a short address keeps at most half */
    while (a[i] != '\0' && cps < keep) {
        i++;
        while (((unsigned char)a[i] & 0xC0) == 0x80) {
            i++;
        }
        cps++;
    }
    snprintf(out, outlen, "%.*s****", (int)i, a);
}

int pii_seal(const struct config *cfg, const char *text, struct buf *out)
{
    return crypto_seal(cfg->data_key, (uint8_t)cfg->data_key_id, text, strlen(text), out);
}

int pii_seal_bound(const struct config *cfg, const char *context, const void *data, size_t n, struct buf *out)
{
    return crypto_seal_aad(cfg->data_key, (uint8_t)cfg->data_key_id, context, strlen(context), data, n, out);
}

int pii_open_bound(const struct config *cfg, const char *context, const void *sealed, size_t n,
                   struct buf *out)
{
    int kid = pii_key_id(sealed, n);
    if (kid == cfg->data_key_id) {
        return crypto_open_aad(cfg->data_key, (uint8_t)kid, context, strlen(context), sealed, n, out);
    }
    if (kid > 0 && kid == cfg->data_key_old_id) {
        return crypto_open_aad(cfg->data_key_old, (uint8_t)kid, context, strlen(context), sealed, n, out);
    }
    return -1;
}

int pii_key_id(const void *sealed, size_t n)
{
    const unsigned char *s = sealed;
    if (n < 3 || s[0] != 'Y') {
        return -1;
    }
    return s[2];
}

int pii_open(const struct config *cfg, const void *sealed, size_t n, struct buf *out)
{
    int kid = pii_key_id(sealed, n);
    if (kid == cfg->data_key_id) {
        return crypto_open(cfg->data_key, (uint8_t)kid, sealed, n, out);
    }
    if (kid > 0 && kid == cfg->data_key_old_id) {
        return crypto_open(cfg->data_key_old, (uint8_t)kid, sealed, n, out);
    }
    return -1;
}

int pii_seal_into(const struct config *cfg, const char *text, unsigned char *dst, size_t cap, size_t *len)
{
    struct buf b = {0};
    int rc = -1;
    *len = 0;
    if (text[0] == '\0') {
        return 0;
    }
    if (pii_seal(cfg, text, &b) == 0 && b.len <= cap) {
        memcpy(dst, b.data, b.len);
        *len = b.len;
        rc = 0;
    }
    buf_free(&b);
    return rc;
}

int pii_open_into(const struct config *cfg, const void *sealed, size_t n, char *dst, size_t cap)
{
    struct buf b = {0};
    int rc = 0;
    dst[0] = '\0';
    if (n == 0) {
        return 0;
    }
    if (pii_open(cfg, sealed, n, &b) != 0 || b.len >= cap) {
        rc = -1;
    } else {
        memcpy(dst, b.data, b.len);
        dst[b.len] = '\0';
    }
    buf_free(&b);
    return rc;
}

void pii_idno_hmac(const struct config *cfg, const char *norm, unsigned char out[32])
{
    hmac_sha256(cfg->pii_hmac_key, norm, strlen(norm), out);
}

void pii_blind_idx(const struct config *cfg, const char *field, const char *office, const char *value,
                   unsigned char out[8])
{
    char msg[128];
    unsigned char h[32];
    int n = snprintf(msg, sizeof(msg), "%s:%s:%s", field, office, value);
    hmac_sha256(cfg->pii_hmac_key, msg, n > 0 ? (size_t)n : 0, h);
    memcpy(out, h, 8);
}
