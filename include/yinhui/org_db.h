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

/* Runs an INSERT and hands back the new row's id in *id. */
enum yh_err org_db_insert(struct db *db, const char *sql, const struct db_param *p, size_t np, int64_t *id);

/* Runs an UPDATE of one row whose WHERE checks its version: YH_OK when it changed the
 * row, else (through exists, "SELECT 1 ... WHERE office_code = ? AND id = ?")
 * NOT_FOUND when the row is absent and PRECONDITION when its version moved on. */
enum yh_err org_db_update(struct db *db, const char *sql, const struct db_param *p, size_t np,
                          const char *exists, const char *office, int64_t id);

#endif
