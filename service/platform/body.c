/* Request bodies read through declared field tables (include/yinhui/body.h). */
#include "yinhui/body.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "yinhui/http.h"
#include "yinhui/json_in.h"

/* Reads one present field into dst; false after adding to v. */
static bool read_field(const cJSON *obj, const struct field *f, char *dst, struct verrs *v)
{
    bool nullable = (f->flags & FF_NULLABLE) != 0;
    bool present = false;
    switch (f->type) {
    case FT_TEXT:
        return json_take_text(obj, f->name, nullable, (size_t)f->max, dst, f->size, v);
    case FT_ENUM:
        return json_take_enum(obj, f->name, nullable, f->allowed, dst, f->size, v);
    case FT_DATE:
        return json_take_date(obj, f->name, nullable, dst, v);
    case FT_DATETIME:
        return json_take_datetime(obj, f->name, nullable, dst, v);
    case FT_ID:
        return json_take_id(obj, f->name, nullable, (int64_t *)(void *)dst, v);
    case FT_INT:
        if (nullable && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(obj, f->name))) {
            *(int64_t *)(void *)dst = FIELD_INT_NULL;
            return true;
        }
        return json_get_int(obj, f->name, false, f->min, f->max, (int64_t *)(void *)dst, &present, v);
    case FT_BOOL:
        return json_get_bool(obj, f->name, false, (bool *)(void *)dst, &present, v);
    case FT_OTHER:
        return true;
    }
    return true;
}

/* The table's names, NULL-terminated, in names (FIELDS_MAX + 1 entries). */
static void field_names(const struct field *fields, size_t n, const char **names)
{
    size_t k = 0;
    for (; k < n && k < FIELDS_MAX; k++) {
        names[k] = fields[k].name;
    }
    names[k] = NULL;
}

bool body_known_or_reply(struct req *r, const struct field *fields, size_t n)
{
    const char *names[FIELDS_MAX + 1];
    field_names(fields, n, names);
    return req_fields_or_reply(r, names);
}

bool body_read(struct req *r, const struct field *fields, size_t n, void *dst, bool create, field_set *given,
               struct verrs *v)
{
    const char *names[FIELDS_MAX + 1];
    int before = v->n;
    field_set seen = 0;
    field_names(fields, n, names);
    json_check_fields(r->json, names, v);
    for (size_t i = 0; i < n && i < FIELDS_MAX; i++) {
        const struct field *f = &fields[i];
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->json, f->name);
        if (it == NULL) {
            if (create && (f->flags & FF_REQUIRED)) {
                verr_add(v, f->name, "is required");
            }
            continue;
        }
        seen |= (field_set)1 << i;
        if (f->may_set != NULL && !f->may_set(r)) {
            verr_add(v, f->name, "may not be set by this caller");
            continue;
        }
        read_field(r->json, f, (char *)dst + f->offset, v);
    }
    if (given != NULL) {
        *given = seen;
    }
    return v->n == before;
}

bool body_read_or_reply(struct req *r, const struct field *fields, size_t n, void *dst, bool create,
                        field_set *given)
{
    struct verrs v = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, fields, n, dst, create, given, &v);
    return verrs_ok_or_reply(r, &v);
}

bool body_given(const struct field *fields, size_t n, field_set given, const char *name)
{
    for (size_t i = 0; i < n && i < FIELDS_MAX; i++) {
        if (strcmp(fields[i].name, name) == 0) {
            return (given >> i) & 1;
        }
    }
    return false;
}
