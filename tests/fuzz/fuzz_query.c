/* libFuzzer: query strings and form bodies against declared names, cursors, CSV rows,
 * and the small parsers (GB 11643 numbers, phones, RFC 3339 times, bigrams, signed codes). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/csv.h"
#include "yinhui/cursor.h"
#include "yinhui/json_in.h"
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
    struct csv c;
    struct buf scratch = {0};
    const char *fields[CSV_FIELDS_MAX];
    csv_init(&c, (const char *)data, n);
    for (int i = 0; i < 64 && csv_row(&c, &scratch, fields, CSV_FIELDS_MAX) > 0; i++) {
    }
    buf_free(&scratch);
    free(s);
    return 0;
}
