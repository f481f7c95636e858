#ifndef YINHUI_BODY_H
#define YINHUI_BODY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;
struct verrs;

/* A request body declared once per resource (Kore style): each field's name, type,
 * limits, allowed values, whether it is required on create, whether null clears it, and
 * who may set it. The unknown-field 422 and the readers come from the table; values are
 * written into the handler's struct at the declared offset. A create starts from the
 * struct's defaults, a patch from the stored record (merge-patch). */
enum field_type {
    FT_TEXT,     /* single-line text of 1..max characters into char[size] */
    FT_ENUM,     /* one of allowed into char[size] */
    FT_DATE,     /* YYYY-MM-DD into char[11] */
    FT_DATETIME, /* RFC 3339 into China time char[20] */
    FT_ID,       /* id string into int64_t */
    FT_INT,      /* integer in [min, max] into int64_t */
    FT_BOOL,     /* true/false into bool */
    FT_OTHER,    /* declared (so not unknown) but read by the handler itself */
};
enum field_flags {
    FF_REQUIRED = 1u << 0, /* must be present on create */
    FF_NULLABLE = 1u << 1, /* null clears it (FT_INT: stores FIELD_INT_NULL; its min must be >= 0) */
};
#define FIELD_INT_NULL (-1)
struct field {
    const char *name;
    enum field_type type;
    unsigned flags;
    size_t offset, size;                  /* where the value goes in the handler's struct */
    int64_t min, max;                     /* FT_TEXT: max characters; FT_INT: bounds */
    const char *const *allowed;           /* FT_ENUM: NULL-terminated */
    bool (*may_set)(const struct req *r); /* NULL: anyone who may call the route */
};
#define FIELD_MEMBER_SIZE(st, m) sizeof(((st *)0)->m)
#define FIELD_TEXT(name, st, m, maxc, fl)                                                                    \
    {                                                                                                        \
        name, FT_TEXT, fl, offsetof(st, m), FIELD_MEMBER_SIZE(st, m), 0, maxc, NULL, NULL                    \
    }
#define FIELD_ENUM(name, st, m, list, fl)                                                                    \
    {                                                                                                        \
        name, FT_ENUM, fl, offsetof(st, m), FIELD_MEMBER_SIZE(st, m), 0, 0, list, NULL                       \
    }
#define FIELD_DATE(name, st, m, fl)                                                                          \
    {                                                                                                        \
        name, FT_DATE, fl, offsetof(st, m), FIELD_MEMBER_SIZE(st, m), 0, 0, NULL, NULL                       \
    }
#define FIELD_DATETIME(name, st, m, fl)                                                                      \
    {                                                                                                        \
        name, FT_DATETIME, fl, offsetof(st, m), FIELD_MEMBER_SIZE(st, m), 0, 0, NULL, NULL                   \
    }
#define FIELD_ID(name, st, m, fl)                                                                            \
    {                                                                                                        \
        name, FT_ID, fl, offsetof(st, m), FIELD_MEMBER_SIZE(st, m), 0, 0, NULL, NULL                         \
    }
#define FIELD_INT(name, st, m, lo, hi, fl)                                                                   \
    {                                                                                                        \
        name, FT_INT, fl, offsetof(st, m), FIELD_MEMBER_SIZE(st, m), lo, hi, NULL, NULL                      \
    }
#define FIELD_BOOL(name, st, m, fl)                                                                          \
    {                                                                                                        \
        name, FT_BOOL, fl, offsetof(st, m), FIELD_MEMBER_SIZE(st, m), 0, 0, NULL, NULL                       \
    }
#define FIELD_OTHER(name, fl)                                                                                \
    {                                                                                                        \
        name, FT_OTHER, fl, 0, 0, 0, 0, NULL, NULL                                                           \
    }
#define FIELDS_MAX 48

/* Bit i set: fields[i] was present in the body (null included). */
typedef uint64_t field_set;

/* Reads r's JSON body into dst through fields (n entries): unknown and service-wide
 * forbidden members, bad values, fields the caller may not set and (when create) missing
 * required fields are added to v. *given (may be NULL) gets the fields present.
 * Returns true when it added nothing. */
bool body_read(struct req *r, const struct field *fields, size_t n, void *dst, bool create, field_set *given,
               struct verrs *v);
/* body_read, replying 400 without a JSON body and 422 naming the fields otherwise. */
bool body_read_or_reply(struct req *r, const struct field *fields, size_t n, void *dst, bool create,
                        field_set *given);
/* Only the unknown-field check of the table (400 without a JSON body, 422 naming unknown
 * or forbidden members), for routes that must refuse those before a lookup (404) or an
 * If-Match (428) and read the values afterwards. */
bool body_known_or_reply(struct req *r, const struct field *fields, size_t n);
/* Whether field name (declared in fields) was given. */
bool body_given(const struct field *fields, size_t n, field_set given, const char *name);

#endif
