#ifndef YINHUI_JSON_OUT_H
#define YINHUI_JSON_OUT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* Response JSON helpers shared by the handlers. */
/* Adds id as a decimal string (ids are strings in JSON), or null when id is 0. */
void json_add_id(cJSON *obj, const char *name, int64_t id);
/* Adds s, or null when s is NULL or empty. */
void json_add_opt(cJSON *obj, const char *name, const char *s);

/* Text JSON for a large response written straight into a buffer (no cJSON tree: a due
 * list of thousands of items): each appends one value exactly as cJSON_PrintUnformatted
 * writes it, so a body is the same bytes (and ETag) either way. */
struct buf;
/* s as a JSON string ('"', '\\' and control characters escaped), or null when NULL. */
void json_buf_str(struct buf *b, const char *s);
/* id as a decimal string, or null when 0 (json_add_id). */
void json_buf_id(struct buf *b, int64_t id);
/* Appends the bytes cJSON_PrintUnformatted writes for item (a whole tree): objects,
 * arrays, strings and whole numbers without cJSON's print buffer, its two scans of each
 * string and its sprintf per number (cJSON prints the other numbers and raw items);
 * false where cJSON would fail (an invalid item). Every JSON reply goes through it. */
bool json_print(const cJSON *item, struct buf *b);

#include <stdbool.h>

#include "yinhui/db.h"
#include "yinhui/util.h"

/* How a view maps a result column. */
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
/* s split at sep as an array of strings, each cut to max bytes (at most 511); NULL as
 * an empty array. Caller owns the result. */
cJSON *json_split(const char *s, char sep, size_t max);

/* A view: the columns a store SELECT returns and how each maps to JSON, declared
 * together in the store file (VIEW(cols) counts them). view_fetch checks that the SELECT
 * returned exactly that many columns, so a column added on one side only is an error
 * the first request meets, never an out-of-bounds read. */
struct view {
    const struct jcol *cols;
    size_t n;
};
#define VIEW(cols) {(cols), ARRAY_LEN(cols)}

/* db_exec (one=false) or db_exec_row (one=true) of a SELECT that returns view v's columns.
 * YH_ERR_INTERNAL (rows freed, logged) when the column count is not v->n. */
enum yh_err view_fetch(struct db *db, const struct view *v, const char *sql, const struct db_param *p, size_t n,
                       bool one, struct db_rows *rows);
/* Row i of rows (fetched by view_fetch for v) as an object. Caller owns the result. */
cJSON *view_row(const struct db_rows *rows, size_t i, const struct view *v);
/* Rows [0, n) as an array of objects. */
cJSON *view_rows(const struct db_rows *rows, size_t n, const struct view *v);


#endif
