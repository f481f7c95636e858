/* The store of /v1/evaluation-sheets: the office's scoring sheets and their criteria. */
#include <stdlib.h>
#include <string.h>

#include "yinhui/eval_db.h"

enum yh_err sheets_db_insert(struct db *db, const char *office, const char *name,
                             const struct eval_criterion *c, size_t n, const char *by, int64_t *id)
{
    static const char sql[] = "INSERT INTO eval_sheets (office_code, name, created_by) VALUES (?, ?, ?)";
    static const char crit[] = "INSERT INTO eval_criteria (sheet_id, pos, code, name, weight, max_score) "
                               "VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(name), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, NULL, &nid);
    *id = (int64_t)nid;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_I64(*id),       P_I64(i),           P_STR(c[i].code),
                               P_STR(c[i].name), P_I64(c[i].weight), P_I64(c[i].max_score)};
        err = db_exec(db, crit, q, 6, NULL, NULL, NULL);
    }
    return err;
}

/* Fills out's typed arrays from its rows (sheets: id, name, created_by, created_at;
 * criteria: sheet_id, code, name, weight, max_score). */
static enum yh_err sheets_type(struct sheets *out)
{
    const struct db_rows *r = &out->rows, *c = &out->crit_rows;
    out->items = calloc(r->nrows ? r->nrows : 1, sizeof(*out->items));
    out->crit = calloc(c->nrows ? c->nrows : 1, sizeof(*out->crit));
    if (out->items == NULL || out->crit == NULL) {
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < r->nrows; i++) {
        out->items[i] = (struct sheet){db_i64(r, i, 0), db_str(r, i, 1), db_str(r, i, 2), db_str(r, i, 3)};
    }
    for (size_t i = 0; i < c->nrows; i++) {
        out->crit[i] = (struct sheet_criterion){db_i64(c, i, 0), db_str(c, i, 1), db_str(c, i, 2),
                                                db_i64(c, i, 3), db_i64(c, i, 4)};
    }
    out->n = r->nrows;
    out->ncrit = c->nrows;
    return YH_OK;
}

#define SHEET_COLS "s.id, s.name, s.created_by, " SQL_TS("s.created_at")
#define CRIT_COLS "c.sheet_id, c.code, c.name, c.weight, c.max_score"

enum yh_err sheets_db_list(struct db *db, const char *office, struct sheets *out)
{
    static const char sql[] =
        "SELECT " SHEET_COLS " FROM eval_sheets s WHERE s.office_code = ? ORDER BY s.id DESC "
        "LIMIT 200";
    static const char crit[] =
        "SELECT " CRIT_COLS " FROM eval_criteria c JOIN eval_sheets s ON s.id = c.sheet_id "
        "WHERE s.office_code = ? ORDER BY c.sheet_id, c.pos";
    struct db_param p[] = {P_STR(office)};
    memset(out, 0, sizeof(*out));
    enum yh_err err = db_exec(db, sql, p, 1, &out->rows, NULL, NULL);
    if (err == YH_OK) {
        err = db_exec(db, crit, p, 1, &out->crit_rows, NULL, NULL);
    }
    if (err == YH_OK) {
        err = sheets_type(out);
    }
    if (err != YH_OK) {
        sheets_free(out);
    }
    return err;
}

enum yh_err sheets_db_get(struct db *db, const char *office, int64_t id, struct sheets *out)
{
    static const char sql[] = "SELECT " SHEET_COLS " FROM eval_sheets s WHERE s.office_code = ? AND s.id = ?";
    static const char crit[] =
        "SELECT " CRIT_COLS " FROM eval_criteria c JOIN eval_sheets s ON s.id = c.sheet_id "
        "WHERE s.office_code = ? AND c.sheet_id = ? ORDER BY c.pos";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    memset(out, 0, sizeof(*out));
    enum yh_err err = db_exec_row(db, sql, p, 2, &out->rows);
    if (err == YH_OK) {
        err = db_exec(db, crit, p, 2, &out->crit_rows, NULL, NULL);
    }
    if (err == YH_OK) {
        err = sheets_type(out);
    }
    if (err != YH_OK) {
        sheets_free(out);
    }
    return err;
}

void sheets_free(struct sheets *s)
{
    if (s == NULL) {
        return;
    }
    free(s->items);
    free(s->crit);
    db_rows_free(&s->rows);
    db_rows_free(&s->crit_rows);
    memset(s, 0, sizeof(*s));
}
