/* libFuzzer: query strings and form bodies against declared names, cursors, CSV files as
 * the import reads them (UTF-8 or GB18030, rows, the header names), and the small parsers
 * (GB 11643 numbers, phones, RFC 3339 times, bigrams, signed codes, Accept-Encoding); the
 * input gzipped as a cached body is (its length checked against the gzip trailer). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/csv.h"
#include "yinhui/cursor.h"
#include "yinhui/gzip.h"
#include "yinhui/json_in.h"
#include "yinhui/member_json.h"
#include "yinhui/pii.h"
#include "yinhui/router.h"
#include "yinhui/signed_code.h"
#include "yinhui/text.h"
#include "yinhui/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static const char *const declared[] = {"limit", "cursor", "branch", "q", "status", NULL};
    static const unsigned char key[32] = {7};
    char *s = malloc(n + 1);
    struct query q;
    char msg[160], value[400], norm[19], birth[11], dt[20];
    bool female;
    int64_t id;
    if (s == NULL) {
        return 0;
    }
    memcpy(s, data, n);
    s[n] = '\0';
    query_parse(s, declared, &q, msg, sizeof(msg));
    form_parse(s, n, &q, msg, sizeof(msg));
    cursor_decode(key, "members", s, value, sizeof(value));
    idno_check(s, norm, birth, &female);
    phone_valid(s);
    datetime_parse(s, dt);
    signed_code_check(key, "event-checkin", "532801", s, 1000, &id);
    char grams[32][GRAM_MAX];
    text_bigrams(s, grams, 32);
    gzip_accepted(s);
    struct buf gz = {0};
    if (gzip_encode(data, n, &gz)) {
        /* ISIZE, the last four bytes: the input's length mod 2^32, little-endian */
        const unsigned char *t = (const unsigned char *)gz.data + gz.len - 4;
        if (gz.len < 18 || (t[0] | t[1] << 8 | t[2] << 16 | (uint32_t)t[3] << 24) != (uint32_t)n) {
            abort();
        }
    }
    buf_free(&gz);
    struct csv c;
    struct buf scratch = {0};
    const char *fields[CSV_FIELDS_MAX];
    struct buf text = {0};
    size_t bad = 0;
    /* the import's reading: UTF-8 as it is, else GB18030 converted; then its header names */
    enum csv_encoding enc = csv_decode((const char *)data, n, &text, &bad);
    if (enc == CSV_GB18030) {
        csv_init(&c, text.data, text.len);
    } else {
        csv_init(&c, (const char *)data, n);
    }
    for (int i = 0, nf; i < 64 && (nf = csv_row(&c, &scratch, fields, CSV_FIELDS_MAX)) > 0; i++) {
        for (int k = 0; k < nf; k++) {
            member_csv_column(fields[k]);
        }
    }
    buf_free(&text);
    buf_free(&scratch);
    free(s);
    return 0;
}
