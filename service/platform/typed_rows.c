/* Typed rows from the store (include/yinhui/typed_rows.h): a store function is its SQL, its parameters and
 * one row mapper. */
#include "yinhui/typed_rows.h"

#include <stdlib.h>

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

enum yh_err typed_rows_all(struct db *db, const char *sql, const struct db_param *p, size_t n,
                           typed_row_fn from_row, size_t size, void **out, size_t *count)
{
    struct db_rows rows = {0};
    char *a = NULL;
    enum yh_err err = db_exec(db, sql, p, n, &rows, NULL, NULL);
    *out = NULL;
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
    *out = a;
    *count = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

cJSON *typed_page(struct req *r, const char *tag, const void *rows, size_t n, size_t size, int limit,
                  cJSON *(*to_json)(const void *row), void (*key_of)(const void *row, char *out, size_t len))
{
    const char *a = rows;
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    cJSON *items = cJSON_CreateArray();
    char last[64];
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, to_json(a + i * size));
    }
    if (n <= shown) {
        return page_body(r, tag, items, NULL);
    }
    key_of(a + (shown - 1) * size, last, sizeof(last));
    return page_body(r, tag, items, last);
}
