#ifndef YINHUI_GZIP_H
#define YINHUI_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "yinhui/util.h"

/* Content coding of cached reads (RFC 9110 §8.4, §12.5.3): a cached JSON body is gzipped
 * once, when it is stored, and served as it is to every client that accepts gzip. */

/* Whether an Accept-Encoding value (NULL: none sent) accepts gzip: "gzip", "x-gzip" or
 * "*" with a q-value above 0, unless gzip itself is listed with q=0. */
bool gzip_accepted(const char *accept_encoding);

/* in[0..n) as a gzip member (zlib level 6, no name, mtime 0: the same bytes for the same
 * input in every process, so its ETag is stable) appended to out; false on failure. */
bool gzip_encode(const void *in, size_t n, struct buf *out);

#endif
