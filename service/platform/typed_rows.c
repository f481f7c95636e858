/* Typed rows from the store (include/yinhui/typed_rows.h): a store function is its SQL, its parameters and
 * one row mapper. */
#include "yinhui/typed_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"

enum yh_err typed_row_one(struct db *db, const char *sql, const struct db_param *p, size_t n,
                          typed_row_fn from_row, void *dst)
{
    struct db_rows rows = {0};
    enum yh_err err = db_exec_row(db, sql, p, n, &rows);
    if (err != YH_OK) {
        return err;
    }
    from_row(&rows, 0, dst);
    db_rows_free(&rows);
    return YH_OK;
}

/* Writes the array a into the caller's pointer at out (the address of a pointer of any
 * object type: written whole, never through a cast of it to void **). */
static void array_out(void *out, char *a)
{
    memcpy(out, &a, sizeof(a));
}

enum yh_err typed_rows_all(struct db *db, const char *sql, const struct db_param *p, size_t n,
                           typed_row_fn from_row, size_t size, void *out, size_t *count)
{
    struct db_rows rows = {0};
    char *a = NULL;
    enum yh_err err = db_exec(db, sql, p, n, &rows, NULL, NULL);
    array_out(out, NULL);
    *count = 0;
    if (err != YH_OK) {
        return err;
    }
    a = calloc(rows.nrows + 1, size);
    if (a == NULL) {
        abort();
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        from_row(&rows, i, a + i * size);
    }
    array_out(out, a);
    *count = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

cJSON *typed_page_ctx(struct req *r, const char *tag, const void *rows, size_t n, size_t size, int limit,
                      cJSON *(*to_json)(const void *row, void *ctx), void *ctx,
                      void (*key_of)(const void *row, char *out, size_t len))
{
    const char *a = rows;
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    cJSON *items = cJSON_CreateArray();
    char last[64];
    for (size_t i = 0; i < shown; i++) {
        cJSON *j = to_json(a + i * size, ctx);
        if (j == NULL) {
            cJSON_Delete(items);
            return NULL;
        }
        cJSON_AddItemToArray(items, j);
    }
    if (n <= shown) {
        return page_body(r, tag, items, NULL);
    }
    key_of(a + (shown - 1) * size, last, sizeof(last));
    return page_body(r, tag, items, last);
}

/* typed_page's to_json carried through typed_page_ctx's context. */
struct plain_json {
    cJSON *(*to_json)(const void *row);
};

static cJSON *plain_json(const void *row, void *ctx)
{
    return ((struct plain_json *)ctx)->to_json(row);
}

cJSON *typed_page(struct req *r, const char *tag, const void *rows, size_t n, size_t size, int limit,
                  cJSON *(*to_json)(const void *row), void (*key_of)(const void *row, char *out, size_t len))
{
    struct plain_json p = {to_json};
    return typed_page_ctx(r, tag, rows, n, size, limit, plain_json, &p, key_of);
}

void typed_key_id(const void *row, char *out, size_t len)
{
    snprintf(out, len, "%lld", (long long)*(const int64_t *)row);
}

void fm_from_row(const struct db_rows *rows, size_t i, const struct fm *map, size_t n, void *dst)
{
    for (size_t c = 0; c < n && c < rows->ncols; c++) {
        char *at = (char *)dst + map[c].offset;
        const char *v = db_str(rows, i, c);
        switch (map[c].kind) {
        case FM_ID:
        case FM_INT:
            *(int64_t *)(void *)at = db_i64(rows, i, c);
            break;
        case FM_BOOL:
            *(bool *)(void *)at = db_i64(rows, i, c) != 0;
            break;
        case FM_STR:
        case FM_OPT:
        case FM_TIME: {
            /* as snprintf("%s") would, without its format parsing (a member has 23 of these) */
            size_t len = v != NULL ? db_len(rows, i, c) : 0;
            len = len < map[c].size ? len : map[c].size - 1;
            memcpy(at, v != NULL ? v : "", len);
            at[len] = '\0';
            break;
        }
        }
    }
}

/* One column's JSON value: a string, a number, true/false or null. */
static cJSON *fm_value(const struct fm *f, const char *at)
{
    char t[26];
    switch (f->kind) {
    case FM_ID: {
        int64_t id = *(const int64_t *)(const void *)at;
        if (id == 0) {
            return cJSON_CreateNull();
        }
        snprintf(t, sizeof(t), "%lld", (long long)id);
        return cJSON_CreateString(t);
    }
    case FM_INT:
        return cJSON_CreateNumber((double)*(const int64_t *)(const void *)at);
    case FM_BOOL:
        return cJSON_CreateBool(*(const bool *)(const void *)at);
    case FM_STR:
        return cJSON_CreateString(at);
    case FM_OPT:
        return at[0] != '\0' ? cJSON_CreateString(at) : cJSON_CreateNull();
    case FM_TIME:
        if (at[0] == '\0') {
            return cJSON_CreateNull();
        }
        time_cn_rfc3339(at, t);
        return cJSON_CreateString(t);
    }
    return cJSON_CreateNull();
}

/* The names are the maps' string literals, so the object keeps them as they are
 * (cJSON_AddItemToObjectCS: no copy of each name per row, nor its free). */
void fm_add_json(cJSON *obj, const struct fm *map, size_t n, const void *src)
{
    for (size_t c = 0; c < n; c++) {
        if (map[c].json != NULL) {
            cJSON_AddItemToObjectCS(obj, map[c].json, fm_value(&map[c], (const char *)src + map[c].offset));
        }
    }
}

cJSON *fm_to_json(const struct fm *map, size_t n, const void *src)
{
    cJSON *o = cJSON_CreateObject();
    fm_add_json(o, map, n, src);
    return o;
}

/* The map's column count against the SELECT's; logs the mismatch. */
static bool fm_fits(const struct db_rows *rows, size_t n)
{
    if (rows->ncols == n) {
        return true;
    }
    fprintf(stderr,
            "{\"level\":\"error\",\"msg\":\"struct map out of step with its "
            "SELECT\",\"map\":%zu,\"select\":%zu}\n",
            n, rows->ncols);
    return false;
}

enum yh_err fm_one_extra(struct db *db, const char *sql, const struct db_param *p, size_t np,
                         const struct fm *map, size_t n, size_t extra, void *dst, struct db_rows *rows)
{
    enum yh_err err = db_exec_row(db, sql, p, np, rows);
    if (err != YH_OK) {
        return err;
    }
    if (!fm_fits(rows, n + extra)) {
        db_rows_free(rows);
        return YH_ERR_INTERNAL;
    }
    fm_from_row(rows, 0, map, n, dst);
    return YH_OK;
}

enum yh_err fm_one(struct db *db, const char *sql, const struct db_param *p, size_t np, const struct fm *map,
                   size_t n, void *dst)
{
    struct db_rows rows = {0};
    enum yh_err err = fm_one_extra(db, sql, p, np, map, n, 0, dst, &rows);
    if (err == YH_OK) {
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err fm_all(struct db *db, const char *sql, const struct db_param *p, size_t np, const struct fm *map,
                   size_t n, size_t size, void *out, size_t *count)
{
    struct db_rows rows = {0};
    enum yh_err err = db_exec(db, sql, p, np, &rows, NULL, NULL);
    array_out(out, NULL);
    *count = 0;
    if (err != YH_OK) {
        return err;
    }
    if (!fm_fits(&rows, n)) {
        db_rows_free(&rows);
        return YH_ERR_INTERNAL;
    }
    char *a = calloc(rows.nrows + 1, size);
    if (a == NULL) {
        abort();
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        fm_from_row(&rows, i, map, n, a + i * size);
    }
    array_out(out, a);
    *count = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err fm_each(struct db *db, const char *sql, const struct db_param *p, size_t np, const struct fm *map,
                    size_t n, size_t size, void (*each)(const void *row, void *arg), void *arg)
{
    struct db_rows rows = {0};
    enum yh_err err = db_exec(db, sql, p, np, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    char *one = fm_fits(&rows, n) ? malloc(size) : NULL;
    if (one == NULL) {
        db_rows_free(&rows);
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        memset(one, 0, size);
        fm_from_row(&rows, i, map, n, one);
        each(one, arg);
    }
    free(one);
    db_rows_free(&rows);
    return YH_OK;
}
