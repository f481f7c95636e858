#ifndef YINHUI_ORG_DB_H
#define YINHUI_ORG_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/util.h"

/* Shared by the org stores (service/org/ *_db.c). */

/* Optional WHERE clauses of list queries: each appends clause (one
 * " AND ... ?" with one parameter) to sql and its parameter to p[*np] when the filter
 * is set, so a list reads as one line per filter. p must have room. */
/* Set when value is not NULL. */
void org_db_filter_str(struct buf *sql, struct db_param *p, size_t *np, const char *clause,
                       const char *value);
/* Set when value is not 0. */
void org_db_filter_i64(struct buf *sql, struct db_param *p, size_t *np, const char *clause, int64_t value);

/* Runs sql and reads the first column of its first row into *v (none when it returns
 * no row). */
enum yh_err org_db_int(struct db *db, const char *sql, const struct db_param *p, size_t np, int64_t none,
                       int64_t *v);
/* Fills a typed struct from row i of rows. */
typedef void (*org_db_from_row)(const struct db_rows *rows, size_t i, void *dst);
/* Runs sql and fills dst (one struct) from its first row: YH_OK, NOT_FOUND when it
 * returns none, or a db error. */
enum yh_err org_db_one(struct db *db, const char *sql, const struct db_param *p, size_t np,
                       org_db_from_row from_row, void *dst);
/* Runs sql and fills a calloc'd array of *n structs of size bytes from its rows: *out
 * is NULL when there are none or on error (caller frees). */
enum yh_err org_db_all(struct db *db, const char *sql, const struct db_param *p, size_t np, size_t size,
                       org_db_from_row from_row, void **out, size_t *n);

#endif
