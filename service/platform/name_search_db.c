/* Stored search keys of names: writing them, filling rows without them, matching a
 * query against them (see name_search.h). */
#include "yinhui/name_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 200

/* The SQL writing the keys of t's fields into one row by id. */
static void keys_update_sql(const struct keyed_table *t, struct buf *sql)
{
    buf_printf(sql, "UPDATE %s SET ", t->table);
    for (int f = 0; f < t->nfields; f++) {
        buf_printf(sql, "%s%s_simplified = ?, %s_py = ?, %s_initials = ?", f ? ", " : "", t->field[f],
                   t->field[f], t->field[f]);
    }
    buf_puts(sql, " WHERE id = ?");
}

enum yh_err search_keys_write(struct db *db, const struct keyed_table *t, int64_t id,
                              const char *const *texts)
{
    struct name_keys *k = calloc((size_t)t->nfields, sizeof(*k));
    struct db_param p[7];
    struct buf sql = {0};
    size_t np = 0;
    enum yh_err err = k ? YH_OK : YH_ERR_INTERNAL;
    for (int f = 0; err == YH_OK && f < t->nfields; f++) {
        if (!name_keys_of(texts[f] ? texts[f] : "", t->is_name[f], &k[f])) {
            err = YH_ERR_INTERNAL; /* ICU unavailable, or text not UTF-8 */
            break;
        }
        p[np++] = P_STR(k[f].simplified);
        p[np++] = P_STR(k[f].py);
        p[np++] = P_STR(k[f].initials);
    }
    if (err == YH_OK) {
        p[np++] = P_I64(id);
        keys_update_sql(t, &sql);
        err = db_exec(db, sql.data, p, np, NULL, NULL, NULL);
    }
    buf_free(&sql);
    free(k);
    return err;
}

/* Keys the next batch of t's rows without keys; *got: rows read. The rows are found
 * office by office through the (office_code, F_py) index: a database whose rows all
 * have keys costs one index probe per office, never a scan. */
static enum yh_err reindex_batch(struct db *db, const struct keyed_table *t, size_t *got)
{
    struct buf sql = {0};
    struct db_rows rows;
    struct db_param p[] = {P_I64(BATCH)};
    buf_printf(&sql,
               "SELECT STRAIGHT_JOIN t.id, t.%s, t.%s FROM offices o JOIN %s t FORCE INDEX (ix_%s_%s_py) ON "
               "t.office_code = o.code AND t.%s_py IS NULL LIMIT ?",
               t->field[0], t->field[t->nfields - 1], t->table, t->table, t->field[0], t->field[0]);
    enum yh_err err = db_exec(db, sql.data, p, 1, &rows, NULL, NULL);
    buf_free(&sql);
    *got = err == YH_OK ? rows.nrows : 0;
    if (err != YH_OK) {
        return err;
    }
    err = db_begin(db);
    for (size_t i = 0; err == YH_OK && i < rows.nrows; i++) {
        const char *texts[2] = {db_str(&rows, i, 1), db_str(&rows, i, 2)};
        int64_t id = db_i64(&rows, i, 0);
        err = search_keys_write(db, t, id, texts);
        if (err == YH_OK && t->after) {
            err = t->after(db, id);
        }
    }
    db_rows_free(&rows);
    return db_finish(db, err);
}

enum yh_err names_reindex(struct db *db, long *n)
{
    const struct keyed_table *tables[] = {&keyed_members, &keyed_volunteers, &keyed_talents};
    enum yh_err err = YH_OK;
    *n = 0;
    for (size_t i = 0; err == YH_OK && i < ARRAY_LEN(tables); i++) {
        size_t got = BATCH;
        while (err == YH_OK && got == BATCH) {
            err = reindex_batch(db, tables[i], &got);
            *n += (long)got;
        }
    }
    return err;
}

size_t name_match_cond(struct buf *sql, struct db_param *p, size_t np, const char *a, const char *f,
                       const struct pinyin_query *pq)
{
    buf_printf(sql, "(INSTR(%s.%s_simplified, ?) > 0", a, f);
    p[np++] = P_STR(pq->simplified);
    /* the pinyin has letters only: no LIKE wildcard to escape */
    if (pq->mode == PQ_MIXED) {
        buf_printf(sql, " OR (%s.%s_py LIKE CONCAT(?, '%%') AND INSTR(%s.%s_simplified, ?) > 0)", a, f, a, f);
        p[np++] = P_STR(pq->py);
        p[np++] = P_STR(pq->han);
    }
    if (pq->mode == PQ_LATIN) {
        buf_printf(sql, " OR %s.%s_py LIKE CONCAT(?, '%%') OR %s.%s_initials LIKE CONCAT(?, '%%')", a, f, a,
                   f);
        p[np++] = P_STR(pq->py);
        p[np++] = P_STR(pq->py);
    }
    buf_puts(sql, ")");
    return np;
}

size_t name_match_sql(struct buf *sql, struct db_param *p, size_t np, const char *a, const char *f,
                      const struct pinyin_query *pq)
{
    buf_puts(sql, " AND ");
    return name_match_cond(sql, p, np, a, f, pq);
}
