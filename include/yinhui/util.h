#ifndef YINHUI_UTIL_H
#define YINHUI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Number of elements of an array (a compile error for a pointer). */
#define ARRAY_LEN(a)                                                                                                   \
    (sizeof(a) / sizeof((a)[0]) +                                                                                      \
     0 * sizeof(struct { int not_an_array : __builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0])) ? -1 : 1; }))

/* Growable byte buffer; data is always NUL-terminated. Free with buf_free. */
struct buf {
    char *data;
    size_t len, cap;
};
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);
/* Appends v in decimal (no printf: cheap enough for every response). */
void buf_put_int(struct buf *b, long long v);
/* Makes room for extra more bytes (one allocation for what is appended next). */
void buf_grow(struct buf *b, size_t extra);

/* base64url without padding. Encode writes NUL-terminated text to out (size
 * >= 4*n/3+3). Decode returns the byte count or -1 on bad input / short out. */
void b64url_encode(const unsigned char *in, size_t n, char *out);
long b64url_decode(const char *in, size_t n, unsigned char *out, size_t outcap);

void hex_encode(const unsigned char *in, size_t n, char *out); /* out: 2n+1 */

/* Current time in seconds / milliseconds since the epoch: the one clock of every date
 * rule (today_cn and time_cn build on it). clock_pin (tests only, YH_TEST_CLOCK) moves
 * it so that now_s() is `at` now and advances in real time from there. */
void clock_pin(int64_t at);
bool clock_pinned(void);
int64_t now_s(void);
int64_t now_ms(void);
double mono_s(void);

/* Strong ETag of a body: "\"<16 hex>\"" written to out (size >= 19). */
void etag_of(const void *body, size_t n, char out[19]);

/* True when s[0..n) is well-formed UTF-8 without NUL, surrogates or overlongs. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8 text. */
size_t utf8_len(const char *s);

#endif
