#ifndef YINHUI_PII_H
#define YINHUI_PII_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/util.h"

/* Personal information: validation of national ID numbers and phones, masking, and
 * sealing at rest under the data key (PIPL, GB/T 35273). */

enum idno_err { IDNO_OK, IDNO_FORMAT, IDNO_PREFIX, IDNO_DATE, IDNO_CHECKSUM };
/* Validates a GB 11643-1999 number: 18 characters, 17 digits + check digit (0-9 or X,
 * x accepted), known province prefix, real birth date not in the future and after
 * 1900, check digit by weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2. On IDNO_OK, norm
 * holds the normalised number (upper-case X), birth "YYYY-MM-DD" and *female the sex
 * from the 17th digit. */
enum idno_err idno_check(const char *in, char norm[19], char birth[11], bool *female);
/* A sentence naming what is wrong, for problem details. */
const char *idno_message(enum idno_err e);

/* Mainland mobile (1[3-9] + 9 digits, optional +86) or landline 0 + 2-3 digit area
 * code, optional '-', 7-8 digits. */
bool phone_valid(const char *s);

/* 530102************: the 6-digit division code, the other 12 characters hidden. A
 * masked view shows the birth year (never the birth date or the age, which moves on
 * the birthday), so from it, the gender and the residence (division) at least
 * 365 days x 500 sequences with the gender's parity = 182,500 valid GB 11643 numbers
 * remain possible (tests/unit/test_pii.c counts them). The old mask, which kept the
 * last 4 beside the birth date, left exactly one. */
void mask_idno(const char *id, char out[19]);
/* 138****5678: first 3 and last 4 characters kept. */
void mask_phone(const char *p, char *out, size_t outlen);
/* The first 6 characters (code points; at most half of a short address) then "****". */
void mask_address(const char *a, char *out, size_t outlen);

/* Seals text under the current data key (key id in the value). 0 or -1. */
int pii_seal(const struct config *cfg, const char *text, struct buf *out);
/* Opens a value sealed under the current or the old data key. Appends the text to out
 * (NUL-terminated by buf). 0, or -1 when no configured key opens it. */
int pii_open(const struct config *cfg, const void *sealed, size_t n, struct buf *out);
/* pii_seal into a fixed column buffer: text ("" seals nothing, *len 0) into dst (cap
 * bytes), *len its length. 0, or -1 when it cannot be sealed or does not fit. */
int pii_seal_into(const struct config *cfg, const char *text, unsigned char *dst, size_t cap, size_t *len);
/* pii_open into a fixed buffer: the n sealed bytes as text into dst (cap bytes; "" when
 * n is 0). 0, or -1 when no key opens them or they do not fit. */
int pii_open_into(const struct config *cfg, const void *sealed, size_t n, char *dst, size_t cap);
/* Seals n bytes of data bound to context (authenticated, not stored: e.g. the Redis key
 * or idempotency row the value belongs to), so a value copied elsewhere never opens. */
int pii_seal_bound(const struct config *cfg, const char *context, const void *data, size_t n,
                   struct buf *out);
/* Opens a value sealed by pii_seal_bound with the same context (current or old key). */
int pii_open_bound(const struct config *cfg, const char *context, const void *sealed, size_t n,
                   struct buf *out);
/* Key id a sealed value was made with (-1 when it is not a sealed value). */
int pii_key_id(const void *sealed, size_t n);
/* HMAC-SHA256 of a normalised ID number under YH_PII_HMAC_KEY. */
void pii_idno_hmac(const struct config *cfg, const char *norm, unsigned char out[32]);
/* Blind index of a small enumerated value (e.g. health) within an office: the first 8
 * bytes of HMAC(YH_PII_HMAC_KEY, field ":" office ":" value). */
void pii_blind_idx(const struct config *cfg, const char *field, const char *office, const char *value,
                   unsigned char out[8]);

#endif
