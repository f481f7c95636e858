/* gzip of cached bodies (see gzip.h): the only file that includes zlib.h. */
#include "yinhui/gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* The q-value of one list item's parameters at p (up to its comma): 1000 without one,
 * else thousandths; -1 when malformed (the item is then ignored). */
static int qvalue(const char *p, const char *end)
{
    int q = 1000;
    while (p < end) {
        p += strspn(p, " \t;");
        if (p >= end) {
            break;
        }
        if ((p[0] == 'q' || p[0] == 'Q') && p + 1 < end && p[1] == '=') {
            char *stop = NULL;
            double v = strtod(p + 2, &stop);
            if (stop == p + 2 || stop > end || v < 0 || v > 1) {
                return -1;
            }
            q = (int)(v * 1000 + 0.5);
            p = stop;
        } else {
            p += strcspn(p, ";,");
        }
    }
    return q;
}

static bool coding_is(const char *p, size_t n, const char *name)
{
    return strlen(name) == n && strncasecmp(p, name, n) == 0;
}

bool gzip_accepted(const char *ae)
{
    int gzip_q = -1, star_q = -1;
    const char *p = ae;
    while (p != NULL && *p != '\0') {
        p += strspn(p, " \t,");
        const char *end = p + strcspn(p, ",");
        size_t n = strcspn(p, " \t;,");
        int q = qvalue(p + n, end);
        if (coding_is(p, n, "gzip") || coding_is(p, n, "x-gzip")) {
            gzip_q = q > gzip_q ? q : gzip_q;
        } else if (coding_is(p, n, "*")) {
            star_q = q;
        }
        p = end;
    }
    return gzip_q > 0 || (gzip_q < 0 && star_q > 0);
}

bool gzip_encode(const void *in, size_t n, struct buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    /* 15 + 16: a gzip header and trailer around the deflate stream */
    if (n > UINT32_MAX || deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return false;
    }
    size_t bound = deflateBound(&z, (uLong)n);
    buf_grow(out, bound);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    if (rc == Z_STREAM_END) {
        out->len += z.total_out;
        out->data[out->len] = '\0';
    }
    deflateEnd(&z);
    return rc == Z_STREAM_END;
}
