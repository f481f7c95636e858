#include "yinhui/json_in.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "yinhui/calendar.h"
#include "yinhui/util.h"

void verr_add(struct verrs *v, const char *field, const char *message)
{
    if (v->n >= VERR_MAX) {
        return;
    }
    snprintf(v->e[v->n].field, sizeof(v->e[v->n].field), "%s", field);
    snprintf(v->e[v->n].message, sizeof(v->e[v->n].message), "%s", message);
    v->n++;
}

/* One pass over the raw text: nesting depth and \u0000 escapes (cJSON would silently
 * truncate the string there). Returns NULL or a message. */
static const char *prescan(const char *s, size_t n, int max_depth)
{
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\') {
                if (i + 5 < n && s[i + 1] == 'u' && strncmp(s + i + 2, "0000", 4) == 0) {
                    return "strings must not contain U+0000";
                }
                i++;
            } else if (c == '"') {
                in_str = false;
            }
            continue;
        }
        if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) {
                return "nesting too deep";
            }
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return NULL;
}

static int cmp_keys(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* True when an object in node has duplicate (or case-only differing) keys; names it in msg. */
static bool dup_keys(const cJSON *node, char *msg, size_t msglen)
{
    if (cJSON_IsObject(node)) {
        size_t n = 0;
        const cJSON *c = NULL;
        cJSON_ArrayForEach(c, node)
        {
            n++;
        }
        if (n > 1) {
            const char **keys = malloc(n * sizeof(*keys));
            size_t k = 0;
            if (keys == NULL) {
                abort();
            }
            cJSON_ArrayForEach(c, node)
            {
                keys[k++] = c->string;
            }
            qsort(keys, n, sizeof(*keys), cmp_keys);
            for (size_t i = 1; i < n; i++) {
                if (strcasecmp(keys[i - 1], keys[i]) == 0) {
                    snprintf(msg, msglen, "duplicate key '%.64s'", keys[i]);
                    free(keys);
                    return true;
                }
            }
            free(keys);
        }
    }
    if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
        const cJSON *c = NULL;
        cJSON_ArrayForEach(c, node)
        {
            if (dup_keys(c, msg, msglen)) {
                return true;
            }
        }
    }
    return false;
}

enum yh_err json_parse_strict(const char *body, size_t len, int max_depth, cJSON **out, char *msg,
                              size_t msglen)
{
    const char *why = NULL;
    const char *end = NULL;
    cJSON *root = NULL;

    *out = NULL;
    if (len == 0) {
        snprintf(msg, msglen, "request body is empty");
        return YH_ERR_BAD_REQUEST;
    }
    if (!utf8_valid(body, len)) {
        snprintf(msg, msglen, "request body is not valid UTF-8");
        return YH_ERR_BAD_REQUEST;
    }
    why = prescan(body, len, max_depth);
    if (why != NULL) {
        snprintf(msg, msglen, "%s", why);
        return YH_ERR_BAD_REQUEST;
    }
    root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    if (root == NULL) {
        snprintf(msg, msglen, "malformed JSON near byte %ld",
                 (long)(cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - body : 0));
        return YH_ERR_BAD_REQUEST;
    }
    while (end != NULL && end < body + len && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t')) {
        end++;
    }
    if (end != NULL && end < body + len) {
        snprintf(msg, msglen, "trailing data after the JSON value");
        cJSON_Delete(root);
        return YH_ERR_BAD_REQUEST;
    }
    if (!cJSON_IsObject(root)) {
        snprintf(msg, msglen, "request body must be a JSON object");
        cJSON_Delete(root);
        return YH_ERR_BAD_REQUEST;
    }
    if (dup_keys(root, msg, msglen)) {
        cJSON_Delete(root);
        return YH_ERR_BAD_REQUEST;
    }
    *out = root;
    return YH_OK;
}

static const char *const forbidden[] = {"id",         "office",     "office_code", "version",
                                        "created_at", "updated_at", NULL};

static bool in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list != NULL && list[i] != NULL; i++) {
        if (strcmp(s, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

bool json_check_fields(const cJSON *obj, const char *const *allowed, struct verrs *v)
{
    const cJSON *c = NULL;
    bool ok = true;
    cJSON_ArrayForEach(c, obj)
    {
        if (in_list(c->string, forbidden) && !in_list(c->string, allowed)) {
            verr_add(v, c->string, "may not be set by a client");
            ok = false;
        } else if (!in_list(c->string, allowed)) {
            verr_add(v, c->string, "unknown field");
            ok = false;
        }
    }
    return ok;
}

bool json_get_string(const cJSON *obj, const char *name, bool required, size_t max_chars, const char **out,
                     struct verrs *v)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
    char msg[96];
    if (it == NULL) {
        if (required) {
            verr_add(v, name, "is required");
            return false;
        }
        return true;
    }
    if (!cJSON_IsString(it) || it->valuestring == NULL) {
        verr_add(v, name, "must be a string");
        return false;
    }
    if (it->valuestring[0] == '\0' && required) {
        verr_add(v, name, "must not be empty");
        return false;
    }
    if (utf8_len(it->valuestring) > max_chars) {
        snprintf(msg, sizeof(msg), "must be at most %zu characters", max_chars);
        verr_add(v, name, msg);
        return false;
    }
    *out = it->valuestring;
    return true;
}

/* The start json_get_int and json_get_bool share: false when name is absent (an error
 * added to v when required), else true with the member in *it. */
static bool get_present(const cJSON *obj, const char *name, bool required, bool *present, struct verrs *v,
                        const cJSON **it)
{
    *it = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (present != NULL) {
        *present = *it != NULL;
    }
    if (*it == NULL && required) {
        verr_add(v, name, "is required");
    }
    return *it != NULL;
}

bool json_get_int(const cJSON *obj, const char *name, bool required, int64_t min, int64_t max, int64_t *out,
                  bool *present, struct verrs *v)
{
    const cJSON *it = NULL;
    char msg[96];
    if (!get_present(obj, name, required, present, v, &it)) {
        return !required;
    }
    if (!cJSON_IsNumber(it) || it->valuedouble != (double)(int64_t)it->valuedouble ||
        it->valuedouble < (double)min || it->valuedouble > (double)max) {
        snprintf(msg, sizeof(msg), "must be an integer from %lld to %lld", (long long)min, (long long)max);
        verr_add(v, name, msg);
        return false;
    }
    *out = (int64_t)it->valuedouble;
    return true;
}

bool json_get_bool(const cJSON *obj, const char *name, bool required, bool *out, bool *present,
                   struct verrs *v)
{
    const cJSON *it = NULL;
    if (!get_present(obj, name, required, present, v, &it)) {
        return !required;
    }
    if (!cJSON_IsBool(it)) {
        verr_add(v, name, "must be true or false");
        return false;
    }
    *out = cJSON_IsTrue(it);
    return true;
}

/* ---- merge-patch readers: absent leaves dst alone, null clears it ---- */

enum take { TAKE_ABSENT, TAKE_NULL, TAKE_BAD, TAKE_VALUE };

/* The start every merge-patch reader shares: absent (leave dst alone), null (clear it;
 * an error unless nullable), not a string (an error), or a string in *s. */
static enum take take_string(const cJSON *obj, const char *name, bool nullable, struct verrs *v,
                             const char **s)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (it == NULL) {
        return TAKE_ABSENT;
    }
    if (cJSON_IsNull(it)) {
        if (!nullable) {
            verr_add(v, name, "must not be null");
            return TAKE_BAD;
        }
        return TAKE_NULL;
    }
    if (!cJSON_IsString(it) || it->valuestring == NULL) {
        verr_add(v, name, "must be a string");
        return TAKE_BAD;
    }
    *s = it->valuestring;
    return TAKE_VALUE;
}

/* take_string for a text destination: null empties dst. */
static enum take take_text(const cJSON *obj, const char *name, bool nullable, struct verrs *v, const char **s,
                           char *dst)
{
    enum take t = take_string(obj, name, nullable, v, s);
    if (t == TAKE_NULL) {
        dst[0] = '\0';
    }
    return t;
}

bool json_take_text(const cJSON *obj, const char *name, bool nullable, size_t max_chars, char *dst,
                    size_t dstlen, struct verrs *v)
{
    char msg[96];
    const char *s = NULL;
    enum take t = take_text(obj, name, nullable, v, &s, dst);
    if (t != TAKE_VALUE) {
        return t != TAKE_BAD;
    }
    size_t len = strlen(s);
    if (len == 0 || s[0] == ' ' || s[len - 1] == ' ') {
        verr_add(v, name, len == 0 ? "must not be empty" : "must not start or end with a space");
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
            verr_add(v, name, "must not contain control characters");
            return false;
        }
    }
    if (utf8_len(s) > max_chars || len >= dstlen) {
        snprintf(msg, sizeof(msg), "must be at most %zu characters", max_chars);
        verr_add(v, name, msg);
        return false;
    }
    memcpy(dst, s, len + 1);
    return true;
}

bool json_take_enum(const cJSON *obj, const char *name, bool nullable, const char *const *allowed, char *dst,
                    size_t dstlen, struct verrs *v)
{
    const char *s = NULL;
    enum take t = take_text(obj, name, nullable, v, &s, dst);
    if (t != TAKE_VALUE) {
        return t != TAKE_BAD;
    }
    for (size_t i = 0; allowed[i] != NULL; i++) {
        if (strcmp(s, allowed[i]) == 0 && strlen(allowed[i]) < dstlen) {
            memcpy(dst, allowed[i], strlen(allowed[i]) + 1);
            return true;
        }
    }
    char msg[160];
    size_t used = (size_t)snprintf(msg, sizeof(msg), "must be one of");
    for (size_t i = 0; allowed[i] != NULL && used < sizeof(msg); i++) {
        used += (size_t)snprintf(msg + used, sizeof(msg) - used, "%s %s", i ? "," : "", allowed[i]);
    }
    verr_add(v, name, msg);
    return false;
}

bool date_valid(const char *s)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > cal_month_days(y, m)) {
        return false;
    }
    return true;
}

bool json_take_date(const cJSON *obj, const char *name, bool nullable, char dst[11], struct verrs *v)
{
    const char *s = NULL;
    enum take t = take_text(obj, name, nullable, v, &s, dst);
    if (t != TAKE_VALUE) {
        return t != TAKE_BAD;
    }
    if (!date_valid(s)) {
        verr_add(v, name, "must be a date YYYY-MM-DD");
        return false;
    }
    memcpy(dst, s, 11);
    return true;
}

bool id_parse(const char *s, int64_t *out)
{
    int64_t v = 0;
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 18 || s[0] == '0') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool json_take_id(const cJSON *obj, const char *name, bool nullable, int64_t *dst, struct verrs *v)
{
    const char *s = NULL;
    enum take t = take_string(obj, name, nullable, v, &s);
    if (t != TAKE_VALUE) {
        *dst = t == TAKE_NULL ? 0 : *dst;
        return t != TAKE_BAD;
    }
    if (!id_parse(s, dst)) {
        verr_add(v, name, "must be an id: a string of digits");
        return false;
    }
    return true;
}

bool datetime_parse(const char *s, char out[20])
{
    int y, mo, d, h, mi, sec, n = 0;
    char date[11];
    if (s == NULL || strlen(s) < 20 ||
        sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || n != 19) {
        return false;
    }
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!date_valid(date) || h > 23 || mi > 59 || sec > 59 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    const char *z = s + 19;
    long off = 0;
    if (strcmp(z, "Z") == 0) {
        off = 0;
    } else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':' && z[1] >= '0' && z[1] <= '9' &&
               z[2] >= '0' && z[2] <= '9' && z[4] >= '0' && z[4] <= '5' && z[5] >= '0' && z[5] <= '9') {
        off = ((z[1] - '0') * 10 + (z[2] - '0')) * 3600L + ((z[4] - '0') * 10 + (z[5] - '0')) * 60L;
        if (off > 14 * 3600L) {
            return false;
        }
        off = z[0] == '-' ? -off : off;
    } else {
        return false; /* an offset is required: a bare local time is ambiguous */
    }
    cal_time_string(cal_seconds(y, mo, d, h, mi, sec) - off + 8 * 3600, out); /* to China time */
    return true;
}

bool json_take_datetime(const cJSON *obj, const char *name, bool nullable, char dst[20], struct verrs *v)
{
    const char *s = NULL;
    enum take t = take_text(obj, name, nullable, v, &s, dst);
    if (t != TAKE_VALUE) {
        return t != TAKE_BAD;
    }
    if (!datetime_parse(s, dst)) {
        verr_add(v, name, "must be a time like 2026-12-01T09:00:00+08:00");
        return false;
    }
    return true;
}
