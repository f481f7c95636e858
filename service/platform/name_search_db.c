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
    buf_puts(sql, " WHERE office_code = ? AND id = ?");
}

enum yh_err search_keys_write(struct db *db, const struct keyed_table *t, const char *office, int64_t id,
                              const char *const *texts)
{
    struct name_keys *k = calloc((size_t)t->nfields, sizeof(*k));
    struct db_param p[8];
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
        p[np++] = P_STR(office);
        p[np++] = P_I64(id);
        keys_update_sql(t, &sql);
        err = db_exec(db, sql.data, p, np, NULL, NULL, NULL);
    }
    buf_free(&sql);
    free(k);
    return err;
}

/* One UPDATE writing keys k (nfields per row) into rows ids[0..n) of t. */
static enum yh_err keys_update_many(struct db *db, const struct keyed_table *t, const int64_t *ids,
                                    const struct name_keys *k, size_t n)
{
    size_t per = 1 + 3 * (size_t)t->nfields, np = 0;
    struct db_param *p = calloc(n * per, sizeof(*p));
    struct buf sql = {0};
    if (p == NULL) {
        return YH_ERR_INTERNAL;
    }
    buf_printf(&sql, "UPDATE %s t JOIN (", t->table);
    for (size_t i = 0; i < n; i++) {
        buf_puts(&sql, i ? " UNION ALL SELECT ?" : "SELECT ? id");
        p[np++] = P_I64(ids[i]);
        for (int f = 0; f < t->nfields; f++) {
            const struct name_keys *kf = &k[i * (size_t)t->nfields + (size_t)f];
            if (i == 0) {
                buf_printf(&sql, ", ? s%d, ? p%d, ? i%d", f, f, f);
            } else {
                buf_puts(&sql, ", ?, ?, ?");
            }
            p[np++] = P_STR(kf->simplified);
            p[np++] = P_STR(kf->py);
            p[np++] = P_STR(kf->initials);
        }
    }
    buf_puts(&sql, ") k ON k.id = t.id SET ");
    for (int f = 0; f < t->nfields; f++) {
        const char *c = t->field[f];
        buf_printf(&sql, "%st.%s_simplified = k.s%d, t.%s_py = k.p%d, t.%s_initials = k.i%d", f ? ", " : "",
                   c, f, c, f, c, f);
    }
    enum yh_err err = db_exec(db, sql.data, p, np, NULL, NULL, NULL);
    buf_free(&sql);
    free(p);
    return err;
}

/* The keys of rows' texts (columns 1.. of each row, one per field of t) into k, their ids
 * into ids. False when a text cannot be keyed (ICU unavailable). */
static bool keys_of_rows(const struct keyed_table *t, const struct db_rows *rows, int64_t *ids,
                         struct name_keys *k)
{
    for (size_t i = 0; i < rows->nrows; i++) {
        ids[i] = db_i64(rows, i, 0);
        for (int f = 0; f < t->nfields; f++) {
            const char *text = db_str(rows, i, 1 + (size_t)f);
            if (!name_keys_of(text ? text : "", t->is_name[f], &k[i * (size_t)t->nfields + (size_t)f])) {
                return false;
            }
        }
    }
    return true;
}

/* Keys the next batch of t's rows without keys, in one UPDATE; *got: rows read. The rows
 * are found office by office through the (office_code, F_py) index: a database whose
 * rows all have keys costs one index probe per office, never a scan. */
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
    int64_t *ids = calloc(rows.nrows + 1, sizeof(*ids));
    struct name_keys *k = calloc(rows.nrows * (size_t)t->nfields + 1, sizeof(*k));
    err = ids && k && keys_of_rows(t, &rows, ids, k) ? YH_OK : YH_ERR_INTERNAL;
    if (err == YH_OK && rows.nrows > 0) {
        err = keys_update_many(db, t, ids, k, rows.nrows);
    }
    for (size_t i = 0; err == YH_OK && t->after && i < rows.nrows; i++) {
        err = t->after(db, ids[i]);
    }
    db_rows_free(&rows);
    free(ids);
    free(k);
    return err;
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
