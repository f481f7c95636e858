#ifndef YINHUI_JSON_OUT_H
#define YINHUI_JSON_OUT_H

#include <cjson/cJSON.h>
#include <stdint.h>

/* Response JSON helpers shared by the handlers. */
/* Adds id as a decimal string (ids are strings in JSON), or null when id is 0. */
void json_add_id(cJSON *obj, const char *name, int64_t id);
/* Adds s, or null when s is NULL or empty. */
void json_add_opt(cJSON *obj, const char *name, const char *s);


#include "yinhui/db.h"

/* How json_row maps a result column. */
enum jcol_kind {
    JC_STR,   /* string (NULL cell: null) */
    JC_INT,   /* number */
    JC_ID,    /* id as a string (NULL or 0: null) */
    JC_BOOL,  /* 0/1 */
    JC_SKIP,  /* not shown */
};
struct jcol {
    const char *name;
    enum jcol_kind kind;
};
/* Row i of rows as an object, one member per column (cols has rows->ncols entries).
 * Caller owns the result. */
cJSON *json_row(const struct db_rows *rows, size_t i, const struct jcol *cols);
/* Rows [0, n) as an array of objects. */
cJSON *json_rows(const struct db_rows *rows, size_t n, const struct jcol *cols);

#endif
