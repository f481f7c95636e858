#ifndef YINHUI_TYPED_ROWS_H
#define YINHUI_TYPED_ROWS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* Runs sql and maps every row into a new array of elements of size bytes: the pointer at
 * out (the address of the caller's `struct T *`; caller frees, never NULL on YH_OK) and
 * *count. */
enum yh_err typed_rows_all(struct db *db, const char *sql, const struct db_param *p, size_t n,
                           typed_row_fn from_row, size_t size, void *out, size_t *count);

/* A page of typed rows fetched with limit + 1 (n of them, size bytes each): the first
 * limit through to_json, and a cursor holding the last shown one's key (key_of) when
 * there were more. Caller owns the result; rows stay the caller's. */
cJSON *typed_page(struct req *r, const char *tag, const void *rows, size_t n, size_t size, int limit,
                  cJSON *(*to_json)(const void *row), void (*key_of)(const void *row, char *out, size_t len));
/* typed_page whose to_json takes ctx and may fail (NULL: a personal value that would not
 * open); then the whole page is NULL. */
cJSON *typed_page_ctx(struct req *r, const char *tag, const void *rows, size_t n, size_t size, int limit,
                      cJSON *(*to_json)(const void *row, void *ctx), void *ctx,
                      void (*key_of)(const void *row, char *out, size_t len));
/* key_of for rows whose first member is an int64_t id. */
void typed_key_id(const void *row, char *out, size_t len);

/* A struct map: one line per column of a SELECT, naming the struct member it fills and
 * the JSON member it becomes, so the column list, the struct and the JSON mapping are
 * declared together once (no row mapper and no JSON builder written out by hand). The
 * fetch checks the SELECT returned exactly n columns. */
enum fm_kind {
    FM_ID,   /* int64_t; JSON: decimal string, null when 0 */
    FM_INT,  /* int64_t; JSON: number */
    FM_BOOL, /* bool from 0/1; JSON: true/false */
    FM_STR,  /* char[]; NULL cell as ""; JSON: string ("" stays "") */
    FM_OPT,  /* char[]; JSON: string, null when empty */
    FM_TIME, /* char[] "YYYY-MM-DD HH:MM:SS" China time; JSON: RFC 3339 +08:00, null when empty */
};
struct fm {
    const char *json; /* JSON member name, a string literal (objects keep it, no copy); NULL: not shown */
    enum fm_kind kind;
    size_t offset, size;
};
/* A member mapped as FM_ID or FM_INT must be an int64_t and FM_BOOL a bool: otherwise the
 * array size is negative and the map does not compile (the store writes that many bytes). */
#define FM_SIZE_OK(kind, size)                                                                               \
    sizeof(char[(((kind) == FM_ID || (kind) == FM_INT) && (size) != sizeof(int64_t)) ||                      \
                        ((kind) == FM_BOOL && (size) != sizeof(bool))                                        \
                    ? -1                                                                                     \
                    : 1])
#define FM(kind, json, st, m)                                                                                \
    {                                                                                                        \
        json, kind, offsetof(st, m) + 0 * FM_SIZE_OK(kind, sizeof(((st *)0)->m)), sizeof(((st *)0)->m)       \
    }

/* Fills dst from row i of rows through map (n entries, one per column). */
void fm_from_row(const struct db_rows *rows, size_t i, const struct fm *map, size_t n, void *dst);
/* Adds src's mapped members to obj (those with a JSON name), in map order. */
void fm_add_json(cJSON *obj, const struct fm *map, size_t n, const void *src);
/* A new object with src's mapped members. Caller owns it. */
cJSON *fm_to_json(const struct fm *map, size_t n, const void *src);
/* Runs sql and fills dst from its one row: NOT_FOUND when none, INTERNAL when the
 * SELECT's columns are not the map's. */
enum yh_err fm_one(struct db *db, const char *sql, const struct db_param *p, size_t np, const struct fm *map,
                   size_t n, void *dst);
/* fm_one for a SELECT of n + extra columns: the map fills dst from the first n, the
 * extra ones (blobs, which a map does not hold) stay in *rows for the caller to read and
 * free (on YH_OK only). */
enum yh_err fm_one_extra(struct db *db, const char *sql, const struct db_param *p, size_t np, const struct fm *map,
                         size_t n, size_t extra, void *dst, struct db_rows *rows);
/* Runs sql and fills a new array of *count structs of size bytes into the pointer at out
 * (the address of the caller's `struct T *`, size its sizeof(**out); caller frees, never
 * NULL on YH_OK); INTERNAL when the SELECT's columns are not the map's. */
enum yh_err fm_all(struct db *db, const char *sql, const struct db_param *p, size_t np, const struct fm *map,
                   size_t n, size_t size, void *out, size_t *count);
/* fm_all into out, the address of the caller's `struct T *`, with the element size taken
 * from out's type: an argument that is not the address of a pointer does not compile. */
#define FM_ALL(db, sql, p, np, map, n, out, count)                                                           \
    fm_all((db), (sql), (p), (np), (map), (n), sizeof(**(out)), (out), (count))
/* Runs sql and hands each row in turn to each, mapped into one struct of size bytes (the
 * rows are not all held as structs at once: a calendar of hundreds of 3 KB bookings);
 * INTERNAL when the SELECT's columns are not the map's. */
enum yh_err fm_each(struct db *db, const char *sql, const struct db_param *p, size_t np, const struct fm *map,
                    size_t n, size_t size, void (*each)(const void *row, void *arg), void *arg);

#endif
