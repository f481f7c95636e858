#ifndef YINHUI_UTIL_H
#define YINHUI_UTIL_H

#include <pthread.h>
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

/* A background thread's stop request, which it sleeps on between its runs: stop_wait
 * returns when the time is up or at once when stop_raise is called, so an idle thread
 * wakes only when it has work (a 10 ms sleep loop watching a flag woke it 100 times a
 * second, ~20 us of CPU each on the 2-core VM, in every process). */
struct stop_signal {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* on CLOCK_MONOTONIC */
    bool raised;
};
void stop_init(struct stop_signal *s);
/* Waits up to ms (<= 0: not at all); true when stop was raised. */
bool stop_wait(struct stop_signal *s, int64_t ms);
void stop_raise(struct stop_signal *s);
void stop_destroy(struct stop_signal *s);

/* Strong ETag of a body: "\"<16 hex>\"" written to out (size >= 19). */
void etag_of(const void *body, size_t n, char out[19]);

/* True when s[0..n) is well-formed UTF-8 without NUL, surrogates or overlongs. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8 text. */
size_t utf8_len(const char *s);

#endif
