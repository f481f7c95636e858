/* Helpers shared by the org stores (include/yinhui/org_db.h). */
#include "yinhui/org_db.h"

#include <stdlib.h>

void org_db_filter_str(struct buf *sql, struct db_param *p, size_t *np, const char *clause, const char *value)
{
    if (value != NULL) {
        buf_puts(sql, clause);
        p[(*np)++] = P_STR(value);
    }
}

void org_db_filter_i64(struct buf *sql, struct db_param *p, size_t *np, const char *clause, int64_t value)
{
    if (value != 0) {
        buf_puts(sql, clause);
        p[(*np)++] = P_I64(value);
    }
}



