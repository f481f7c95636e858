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

enum yh_err org_db_int(struct db *db, const char *sql, const struct db_param *p, size_t np, int64_t none,
                       int64_t *v)
{
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, np, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *v = rows.nrows > 0 ? db_i64(&rows, 0, 0) : none;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err org_db_insert(struct db *db, const char *sql, const struct db_param *p, size_t np, int64_t *id)
{
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, np, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err org_db_update(struct db *db, const char *sql, const struct db_param *p, size_t np,
                          const char *exists, const char *office, int64_t id)
{
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, np, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}
