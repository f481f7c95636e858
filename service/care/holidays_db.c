/* The store of /v1/care/holidays: the major holidays of a year, the office's own or the
 * defaults (office '000000'). */
#include <stdlib.h>
#include <string.h>

#include "yinhui/care_db.h"

enum yh_err holidays_db_year(struct db *db, const char *office, int64_t year, struct holidays *out)
{
    static const char sql[] =
        "SELECT code, name, day FROM holidays WHERE year = ? AND office_code = IF(EXISTS (SELECT 1 "
        "FROM holidays h WHERE h.office_code = ? AND h.year = ?), ?, '000000') ORDER BY day";
    struct db_param p[] = {P_I64(year), P_STR(office), P_I64(year), P_STR(office)};
    memset(out, 0, sizeof(*out));
    enum yh_err err = db_exec(db, sql, p, 4, &out->rows, NULL, NULL);
    if (err != YH_OK) {
        memset(out, 0, sizeof(*out));
        return err;
    }
    out->items = calloc(out->rows.nrows ? out->rows.nrows : 1, sizeof(*out->items));
    if (out->items == NULL) {
        holidays_free(out);
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < out->rows.nrows; i++) {
        out->items[i] =
            (struct holiday){db_str(&out->rows, i, 0), db_str(&out->rows, i, 1), db_str(&out->rows, i, 2)};
    }
    out->n = out->rows.nrows;
    return YH_OK;
}

void holidays_free(struct holidays *h)
{
    if (h == NULL) {
        return;
    }
    free(h->items);
    db_rows_free(&h->rows);
    memset(h, 0, sizeof(*h));
}

enum yh_err holidays_db_replace_year(struct db *db, const char *office, int64_t year, const char (*codes)[25],
                                     const char (*names)[241], const char (*days)[11], size_t n)
{
    static const char del[] = "DELETE FROM holidays WHERE office_code = ? AND year = ?";
    static const char ins[] =
        "INSERT INTO holidays (office_code, year, code, name, day) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(year)};
    enum yh_err err = db_exec(db, del, p, 2, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_STR(office), P_I64(year), P_STR(codes[i]), P_STR(names[i]), P_STR(days[i])};
        err = db_exec(db, ins, q, 5, NULL, NULL, NULL);
    }
    return err;
}
