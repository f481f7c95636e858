/* Certificates (志愿服务记录证明): numbers, hours as text, the period a certificate may
 * cover. Plain functions, unit-tested in tests/unit/test_vcert_rules.c. */
#include <stdio.h>
#include <string.h>

#include "yinhui/crypto.h"
#include "yinhui/json_in.h"
#include "yinhui/pii.h"
#include "yinhui/vcert.h"

bool vcert_no_valid(const char *s)
{
    size_t i = 0;
    for (; s[i] != '\0' && i <= VCERT_NO_LEN; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return i == VCERT_NO_LEN;
}

void vcert_no_make(const char *office, int year, int64_t seq, char out[VCERT_NO_LEN + 1])
{
    snprintf(out, VCERT_NO_LEN + 1, "%.6s%04u%06llu", office, (unsigned)year % 10000u,
             (unsigned long long)seq % 1000000ull);
}

void vcert_hours_text(int64_t minutes, char *out, size_t len)
{
    /* hundredths of an hour, rounded half up */
    long long h100 = (long long)((minutes * 100 + 30) / 60);
    if (h100 % 100 == 0) {
        snprintf(out, len, "%lld", h100 / 100);
    } else if (h100 % 10 == 0) {
        snprintf(out, len, "%lld.%lld", h100 / 100, (h100 % 100) / 10);
    } else {
        snprintf(out, len, "%lld.%02lld", h100 / 100, h100 % 100);
    }
}

const char *vcert_period_refusal(const char *from, const char *to, const char *today, const char **field,
                                 bool *bad_request)
{
    *bad_request = true;
    *field = "from";
    if (from == NULL || !date_valid(from)) {
        return "must be the period's first day, YYYY-MM-DD";
    }
    *field = "to";
    if (to == NULL || !date_valid(to)) {
        return "must be the period's last day (included), YYYY-MM-DD";
    }
    *bad_request = false;
    if (strcmp(from, to) > 0) {
        return "must not be before from";
    }
    if (strcmp(to, today) > 0) {
        return "must not be after today (China time): a certificate states hours already served";
    }
    return NULL;
}

void vcert_check_code(const unsigned char key[32], const char *number, char out[VCERT_CODE_LEN + 1])
{
    char msg[6 + VCERT_NO_LEN + 1];
    unsigned char mac[32];
    char hex[65];
    /* the purpose prefix keeps these MACs apart from the other uses of the master key */
    int n = snprintf(msg, sizeof(msg), "vcert|%.16s", number);
    hmac_sha256(key, msg, (size_t)n, mac);
    hex_encode(mac, 32, hex);
    snprintf(out, VCERT_CODE_LEN + 1, "%.10s", hex);
}

bool vcert_check_code_ok(const unsigned char key[32], const char *number, const char *code)
{
    char want[VCERT_CODE_LEN + 1];
    if (code == NULL || strlen(code) != VCERT_CODE_LEN) {
        return false;
    }
    vcert_check_code(key, number, want);
    return ct_equal(want, code, VCERT_CODE_LEN);
}

const char *vcert_id_shown(const char *id, char masked[19])
{
    char norm[19], birth[11];
    bool female = false;
    if (idno_check(id, norm, birth, &female) == IDNO_OK) {
        mask_idno(norm, masked);
        return "居民身份证";
    }
    /* no length either: a mask of the number's own length would tell its kind */
    snprintf(masked, 19, "********");
    return "其他证件";
}

void vcert_entries_key(const int64_t *ids, size_t n, unsigned char out[32])
{
    struct buf b = {0};
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, i ? ",%lld" : "%lld", (long long)ids[i]);
    }
    sha256(b.data ? b.data : "", b.len, out);
    buf_free(&b);
}
