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




#endif
