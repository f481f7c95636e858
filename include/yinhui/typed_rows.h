#ifndef YINHUI_TYPED_ROWS_H
#define YINHUI_TYPED_ROWS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "yinhui/db.h"
#include "yinhui/err.h"

/* Typed rows from the store to a page (service/platform/typed_rows.c): a store function
 * is its SQL, its parameters and one row mapper; a list handler is its store call and
 * one typed_page. */
struct req;

/* Fills the struct at dst from row i of rows (the mapper knows the column list). */
typedef void (*typed_row_fn)(const struct db_rows *rows, size_t i, void *dst);

/* Runs sql and maps its first row into dst. NOT_FOUND when it returns no row. */
enum yh_err typed_row_one(struct db *db, const char *sql, const struct db_param *p, size_t n,
                          typed_row_fn from_row, void *dst);
/* Runs sql and maps every row into a new array of elements of size bytes: *out (caller
 * frees, never NULL on YH_OK) and *count. */
enum yh_err typed_rows_all(struct db *db, const char *sql, const struct db_param *p, size_t n,
                           typed_row_fn from_row, size_t size, void **out, size_t *count);

/* A page of typed rows fetched with limit + 1 (n of them, size bytes each): the first
 * limit through to_json, and a cursor holding the last shown one's key (key_of) when
 * there were more. Caller owns the result; rows stay the caller's. */
cJSON *typed_page(struct req *r, const char *tag, const void *rows, size_t n, size_t size, int limit,
                  cJSON *(*to_json)(const void *row), void (*key_of)(const void *row, char *out, size_t len));

#endif
