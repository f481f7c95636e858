#ifndef YINHUI_JSON_IN_H
#define YINHUI_JSON_IN_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/err.h"

#define JSON_MAX_DEPTH 32
#define VERR_MAX 16

/* Validation errors collected for one request body: [{field, message}]. */
struct verrs {
    int n;
    struct {
        char field[64];
        char message[160];
    } e[VERR_MAX];
};
void verr_add(struct verrs *v, const char *field, const char *message);

/* Parses body[0..len) strictly: valid UTF-8, no \u0000, nesting <= max_depth, no
 * duplicate keys or keys differing only in case, top level an object.
 * Returns YH_OK and *out (free with cJSON_Delete), or YH_ERR_BAD_REQUEST with msg. */
enum yh_err json_parse_strict(const char *body, size_t len, int max_depth, cJSON **out,
                              char *msg, size_t msglen);

/* Checks the members of obj: a name in the service-wide forbidden list (id, office,
 * version, created_at, ...) or not in allowed (NULL-terminated) is added to v.
 * Returns true when all members are allowed. */
bool json_check_fields(const cJSON *obj, const char *const *allowed, struct verrs *v);

/* Field readers. Each returns true when the field is absent or valid; on a bad value
 * it adds to v and returns false. *present tells whether it was given. */
bool json_get_string(const cJSON *obj, const char *name, bool required, size_t max_chars,
                     const char **out, struct verrs *v);
bool json_get_int(const cJSON *obj, const char *name, bool required, int64_t min, int64_t max,
                  int64_t *out, bool *present, struct verrs *v);
bool json_get_bool(const cJSON *obj, const char *name, bool required, bool *out, bool *present,
                   struct verrs *v);

/* Merge-patch readers (create starts from an empty record, patch from the stored one):
 * an absent field leaves dst alone; null clears it when nullable (else an error); a
 * value is validated and copied. Each returns false after adding to v. */
/* Single-line text: 1..max_chars characters, no control characters, no outer spaces. */
bool json_take_text(const cJSON *obj, const char *name, bool nullable, size_t max_chars, char *dst,
                    size_t dstlen, struct verrs *v);
/* One of allowed (NULL-terminated). */
bool json_take_enum(const cJSON *obj, const char *name, bool nullable, const char *const *allowed, char *dst,
                    size_t dstlen, struct verrs *v);
/* A real calendar date YYYY-MM-DD (years 1900-2200). */
bool json_take_date(const cJSON *obj, const char *name, bool nullable, char dst[11], struct verrs *v);
/* An id: a JSON string of digits (ids are strings: 64-bit values do not fit a double). */
bool json_take_id(const cJSON *obj, const char *name, bool nullable, int64_t *dst, struct verrs *v);

/* RFC 3339 time with an offset (or Z), converted to China time "YYYY-MM-DD HH:MM:SS". */
bool json_take_datetime(const cJSON *obj, const char *name, bool nullable, char dst[20], struct verrs *v);
bool datetime_parse(const char *s, char out[20]);

bool date_valid(const char *s);
/* Positive decimal id without sign or leading zero. */
bool id_parse(const char *s, int64_t *out);

#endif
