#include "yinhui/csv.h"

#include <iconv.h>
#include <string.h>

void csv_init(struct csv *c, const char *text, size_t n)
{
    c->p = text;
    c->end = text + n;
    c->line = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        c->p += 3;
    }
}

/* Reads a quoted field (c->p just past the opening quote) into scratch; -1 when the
 * quote never closes or text follows the closing quote. */
static int quoted_field(struct csv *c, struct buf *scratch)
{
    for (;;) {
        if (c->p >= c->end) {
            return -1;
        }
        if (*c->p == '"') {
            if (c->p + 1 < c->end && c->p[1] == '"') {
                buf_append(scratch, "\"", 1);
                c->p += 2;
                continue;
            }
            c->p++;
            break;
        }
        if (*c->p == '\n') {
            c->line++;
        }
        buf_append(scratch, c->p, 1);
        c->p++;
    }
    return c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r' ? -1 : 0;
}

/* Reads an unquoted field into scratch; -1 on a quote inside it. */
static int plain_field(struct csv *c, struct buf *scratch)
{
    const char *s = c->p;
    while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
        if (*c->p == '"') {
            return -1;
        }
        c->p++;
    }
    buf_append(scratch, s, (size_t)(c->p - s));
    return 0;
}

/* Skips blank lines; false at the end of the text. */
static bool next_line(struct csv *c)
{
    while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
        if (*c->p == '\n') {
            c->line++;
        }
        c->p++;
    }
    if (c->p >= c->end) {
        return false;
    }
    c->line++;
    return true;
}

int csv_row(struct csv *c, struct buf *scratch, const char **fields, int max)
{
    size_t offs[CSV_FIELDS_MAX];
    int n = 0;

    scratch->len = 0;
    if (!next_line(c)) {
        return 0;
    }
    for (;;) {
        if (n >= max || n >= CSV_FIELDS_MAX) {
            return -1;
        }
        offs[n++] = scratch->len;
        bool quoted = c->p < c->end && *c->p == '"';
        if (quoted) {
            c->p++;
        }
        if ((quoted ? quoted_field(c, scratch) : plain_field(c, scratch)) != 0) {
            return -1;
        }
        buf_append(scratch, "", 1); /* NUL between fields */
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '\r') {
            c->p++;
        }
        if (c->p < c->end && *c->p == '\n') {
            c->p++;
        }
        break;
    }
    for (int i = 0; i < n; i++) {
        fields[i] = scratch->data + offs[i];
    }
    return n;
}

void csv_field(struct buf *out, const char *s)
{
    /* OWASP CSV injection: a cell a spreadsheet would read as a formula (or whose leading
     * TAB or CR it would drop before one) gets a leading single quote */
    bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        buf_puts(out, s);
        return;
    }
    buf_append(out, "\"", 1);
    if (formula) {
        buf_append(out, "'", 1);
    }
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            buf_append(out, "\"\"", 2);
        } else {
            buf_append(out, p, 1);
        }
    }
    buf_append(out, "\"", 1);
}

const char *csv_encoding_name(enum csv_encoding e)
{
    static const char *const names[] = {"UTF-8", "GB18030", "UTF-16", "unknown"};
    return names[e];
}

/* Converts in[0..n) from GB18030 to UTF-8 into out. False with *bad at the first byte
 * that is not GB18030 (or cut short at the end). */
static bool from_gb18030(const char *in, size_t n, struct buf *out, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        *bad = 0;
        return false;
    }
    out->len = 0;
    buf_grow(out, n * 2 + 1); /* 2 bytes become 3 at most, 4 stay 4 */
    char *src = (char *)in, *dst = out->data;
    size_t left = n, room = out->cap - 1;
    size_t rc = iconv(cd, &src, &left, &dst, &room);
    bool ok = rc != (size_t)-1 && iconv(cd, NULL, NULL, &dst, &room) != (size_t)-1;
    iconv_close(cd);
    out->len = (size_t)(dst - out->data);
    out->data[out->len] = '\0';
    *bad = (size_t)(src - in);
    return ok && left == 0;
}

enum csv_encoding csv_decode(const char *in, size_t n, struct buf *out, size_t *bad)
{
    *bad = 0;
    out->len = 0;
    if (utf8_valid(in, n)) {
        return CSV_UTF8;
    }
    if (n >= 2 && (memcmp(in, "\xFF\xFE", 2) == 0 || memcmp(in, "\xFE\xFF", 2) == 0)) {
        return CSV_UTF16;
    }
    if (!from_gb18030(in, n, out, bad)) {
        out->len = 0;
        return CSV_UNKNOWN;
    }
    if (!utf8_valid(out->data, out->len)) { /* a NUL byte: no text file */
        *bad = (size_t)(memchr(in, '\0', n) ? (const char *)memchr(in, '\0', n) - in : 0);
        out->len = 0;
        return CSV_UNKNOWN;
    }
    return CSV_GB18030;
}
