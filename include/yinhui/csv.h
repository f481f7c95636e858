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

#endif
