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

#endif
