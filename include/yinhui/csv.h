#ifndef YINHUI_CSV_H
#define YINHUI_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "yinhui/util.h"

/* RFC 4180 CSV: fields separated by commas, optionally quoted with "" for a quote;
 * rows end with CRLF or LF. A reader over a text held by the caller. */
struct csv {
    const char *p, *end;
    int line; /* 1-based line of the row just read */
};
#define CSV_FIELDS_MAX 32

/* Starts reading text[0..n), skipping a UTF-8 byte-order mark. */
void csv_init(struct csv *c, const char *text, size_t n);
/* Reads the next row into fields (pointers into scratch, which it resets). Returns the
 * field count, 0 at the end, -1 on a malformed row (unterminated quote, text after a
 * closing quote, more than max fields). Blank lines are skipped. */
int csv_row(struct csv *c, struct buf *scratch, const char **fields, int max);
/* Appends s as one CSV field (quoted when it holds a comma, quote or line break; a
 * leading =, +, -, @, TAB or CR is prefixed with ' so spreadsheets do not run it as a
 * formula; the import takes such a quote off again). */
void csv_field(struct buf *out, const char *s);

/* How a CSV file's bytes were read: UTF-8 as they are, or converted from GB18030 (which
 * contains GBK and GB2312: Excel on Chinese Windows saves "CSV" so, without a BOM). */
enum csv_encoding { CSV_UTF8, CSV_GB18030, CSV_UTF16, CSV_UNKNOWN };
/* The name of e as reports give it ("UTF-8", "GB18030"). */
const char *csv_encoding_name(enum csv_encoding e);
/* Reads in[0..n) as text: valid UTF-8 (with or without a BOM; no NUL) is taken as it is
 * and out stays empty; otherwise the GB18030 reading (iconv) goes to out as UTF-8.
 * Returns CSV_UTF8 or CSV_GB18030, or CSV_UTF16 (a UTF-16 byte-order mark: not read) or
 * CSV_UNKNOWN with *bad the offset of the first byte neither reading accepts. */
enum csv_encoding csv_decode(const char *in, size_t n, struct buf *out, size_t *bad);

#endif
