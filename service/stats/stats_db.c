/* Statistics: grouped by office, for one office or every office under a prefix. Each
 * query returns office_code, then nkeys text keys, then nnums numbers (see stats_db.h). */
#include "yinhui/stats_db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"
#include "yinhui/volunteers_db.h"

void stat_rows_free(struct stat_rows *r)
{
    if (r != NULL) {
        free(r->row);
        r->row = NULL;
        r->n = 0;
    }
}

/* Runs sql (params p, np), whose columns are office_code, nkeys keys and nnums numbers,
 * into *out. */
static enum yh_err stat_fetch(struct db *db, const char *sql, const struct db_param *p, size_t np,
                              size_t nkeys, size_t nnums, struct stat_rows *out)
{
    struct db_rows rows;
    out->row = NULL;
    out->n = 0;
    enum yh_err err = db_exec(db, sql, p, np, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.ncols != 1 + nkeys + nnums || (out->row = calloc(rows.nrows + 1, sizeof(*out->row))) == NULL) {
        db_rows_free(&rows);
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        struct stat_row *x = &out->row[i];
        DB_CP(x->office, db_str(&rows, i, 0));
        for (size_t k = 0; k < nkeys; k++) {
            size_t len = db_len(&rows, i, 1 + k);
            x->key_len[k] = len < sizeof(x->key[k]) ? len : sizeof(x->key[k]) - 1;
            if (db_str(&rows, i, 1 + k) != NULL) {
                memcpy(x->key[k], db_str(&rows, i, 1 + k), x->key_len[k]);
            }
        }
        for (size_t k = 0; k < nnums; k++) {
            x->num[k] = db_i64(&rows, i, 1 + nkeys + k);
        }
    }
    out->n = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

/* Each query's SQL and its columns after office_code; ranged: its next two parameters
 * are [from, to) and it is read by office lists (fetch_by_offices: each "LIKE CONCAT(?,
 * '%')" becomes an IN list), else by the prefix; twice: it takes (offices, from, to)
 * twice (a union of two reads). Indexed by enum stat_query. */
static const struct {
    const char *sql;
    size_t nkeys, nnums;
    bool ranged, twice;
} queries[] = {
    [STAT_MEMBERS] = {"SELECT office_code, val, dim, n FROM member_marginals WHERE office_code LIKE "
                      "CONCAT(?, '%') AND n <> 0",
                      1, 2, false, false},
    [STAT_BRANCHES] = {"SELECT office_code, level, nature, IFNULL(demo_level, ''), COUNT(*) FROM branches "
                       "WHERE office_code LIKE CONCAT(?, '%') AND dissolved_on IS NULL GROUP BY "
                       "office_code, level, nature, demo_level",
                       3, 1, false, false},
    [STAT_ACTIVITIES] = {"SELECT office_code, QUARTER(held_at), COUNT(*), SUM(records), SUM(attended) FROM "
                         "activities WHERE office_code LIKE CONCAT(?, '%') AND held_at >= ? AND held_at < ? "
                         "GROUP BY office_code, QUARTER(held_at)",
                         0, 4, true, false},
    [STAT_CARE] = {"SELECT office_code, reason, COUNT(*) FROM visit_members WHERE office_code LIKE CONCAT(?, "
                   "'%') AND visited_on >= ? AND visited_on < ? GROUP BY office_code, reason",
                   1, 1, true, false},
    /* admissions in [from, to), and visits in [from, to) to members then in hospital: the
     * member's visit_members rows dated within one of its stays */
    [STAT_STAYS] =
        {"SELECT office_code, SUM(adm), SUM(vis) FROM (SELECT office_code, COUNT(*) adm, 0 vis FROM "
         "hospital_stays WHERE office_code LIKE CONCAT(?, '%') AND admitted_on >= ? AND admitted_on < "
         "? GROUP BY office_code UNION ALL SELECT s.office_code, 0, COUNT(*) FROM hospital_stays s JOIN "
         "visit_members vm ON vm.office_code = s.office_code AND vm.member_id = s.member_id AND "
         "vm.visited_on >= s.admitted_on AND (s.discharged_on IS NULL OR vm.visited_on <= "
         "s.discharged_on) WHERE s.office_code LIKE CONCAT(?, '%') AND vm.visited_on >= ? AND "
         "vm.visited_on < ? GROUP BY s.office_code) x GROUP BY office_code",
         0, 2, true, true},
    [STAT_DUES] = {"SELECT office_code, SUM(amount_fen) FROM dues WHERE office_code LIKE CONCAT(?, '%') AND "
                   "month BETWEEN ? AND ? GROUP BY office_code",
                   0, 1, true, false},
    [STAT_HOURS] = {"SELECT h.office_code, MONTH(h.served_on), SUM(h.minutes) FROM volunteer_hours h WHERE "
                    "h.office_code LIKE CONCAT(?, '%') AND " VHOURS_COUNTED " AND h.served_on >= ? AND "
                    "h.served_on < ? GROUP BY h.office_code, MONTH(h.served_on)",
                    0, 2, true, false},
    [STAT_TALENTS] = {"SELECT t.office_code, c.code, COUNT(*) FROM talents t JOIN talent_category_links l ON "
                      "l.talent_id = t.id JOIN talent_categories c ON c.id = l.category_id WHERE "
                      "t.office_code LIKE CONCAT(?, '%') AND t.status = 'admitted' GROUP BY t.office_code, "
                      "c.code",
                      1, 1, false, false},
    [STAT_PARTICIPATION] = {"SELECT ms.office_code, b.nature, COUNT(DISTINCT ms.member_id), COUNT(*) FROM "
                            "memberships ms JOIN branches b ON b.id = ms.branch_id WHERE ms.kind = "
                            "'participating' AND ms.office_code LIKE CONCAT(?, '%') AND b.nature IN "
                            "('functional', 'temporary') AND ms.started_on <= ? AND (ms.ended_on IS NULL OR "
                            "ms.ended_on > ?) GROUP BY ms.office_code, b.nature",
                            1, 2, true, false},
};

/* Offices per batched query: enough to keep a province's reads to a few statements, few
 * enough that each office stays its own range of its key. */
enum { OFFICE_BATCH = 64 };

/* Copies got's rows to the end of out (the caller frees got). */
static enum yh_err rows_append(struct stat_rows *out, struct stat_rows *got)
{
    if (got->n == 0) {
        return YH_OK;
    }
    struct stat_row *grown = realloc(out->row, (out->n + got->n) * sizeof(*grown));
    if (grown == NULL) {
        return YH_ERR_INTERNAL;
    }
    memcpy(grown + out->n, got->row, got->n * sizeof(*grown));
    out->row = grown;
    out->n += got->n;
    return YH_OK;
}

/* sql with each office prefix condition ("office_code LIKE CONCAT(?, '%')") made a list of
 * OFFICE_BATCH offices ("office_code IN (?, ...)"), into out of cap bytes; false when it
 * does not fit. */
static bool by_offices_sql(const char *sql, char *out, size_t cap)
{
    static const char like[] = "LIKE CONCAT(?, '%')";
    size_t len = 0;
    const char *at;
    while ((at = strstr(sql, like)) != NULL && len < cap) {
        len += (size_t)snprintf(out + len, cap - len, "%.*sIN (?", (int)(at - sql), sql);
        for (int i = 1; i < OFFICE_BATCH && len < cap; i++) {
            len += (size_t)snprintf(out + len, cap - len, ", ?");
        }
        if (len < cap) {
            len += (size_t)snprintf(out + len, cap - len, ")");
        }
        sql = at + sizeof(like) - 1;
    }
    if (len < cap) {
        len += (size_t)snprintf(out + len, cap - len, "%s", sql);
    }
    return len < cap;
}

/* The OFFICE_BATCH offices of offs[0..n) from at into p (a short last batch repeats its
 * first office: IN ignores the repeats). */
static void office_batch(struct db_param *p, const struct stat_office *offs, size_t n, size_t at)
{
    for (size_t i = 0; i < OFFICE_BATCH; i++) {
        p[i] = P_STR(offs[at + (at + i < n ? i : 0)].code);
    }
}

/* A ranged query over the n offices offs, OFFICE_BATCH at a time. */
static enum yh_err fetch_by_offices(struct db *db, enum stat_query q, const struct stat_office *offs, size_t n,
                                    const char *from, const char *to, struct stat_rows *out)
{
    char sql[2048 + 2 * 3 * OFFICE_BATCH];
    struct db_param p[2 * (OFFICE_BATCH + 2)];
    size_t reps = queries[q].twice ? 2 : 1, np = reps * (OFFICE_BATCH + 2);
    enum yh_err err = YH_OK;
    if (!by_offices_sql(queries[q].sql, sql, sizeof(sql))) {
        return YH_ERR_INTERNAL;
    }
    for (size_t at = 0; err == YH_OK && at < n; at += OFFICE_BATCH) {
        struct stat_rows got = {0};
        for (size_t k = 0, j = 0; k < reps; k++, j += OFFICE_BATCH + 2) {
            office_batch(p + j, offs, n, at);
            p[j + OFFICE_BATCH] = P_STR(from);
            p[j + OFFICE_BATCH + 1] = P_STR(to);
        }
        err = stat_fetch(db, sql, p, np, queries[q].nkeys, queries[q].nnums, &got);
        if (err == YH_OK) {
            err = rows_append(out, &got);
        }
        stat_rows_free(&got);
    }
    return err;
}

enum yh_err stats_db_fetch(struct db *db, enum stat_query q, const char *prefix, const struct stat_office *offs,
                           size_t n, const char *from, const char *to, struct stat_rows *out)
{
    struct db_param p[1] = {P_STR(prefix)};
    if (queries[q].ranged) {
        out->row = NULL;
        out->n = 0;
        return fetch_by_offices(db, q, offs, n, from, to, out);
    }
    return stat_fetch(db, queries[q].sql, p, 1, queries[q].nkeys, queries[q].nnums, out);
}

enum yh_err stats_db_flows(struct db *db, const struct stat_office *offs, size_t n, int year,
                           struct stat_rows *out)
{
    /* the flows of the years after year, negated: added to today's counts they give
     * the counts of 31 December of year (sql/0031) */
    static const char by_prefix[] = "SELECT office_code, val, dim, -SUM(n) FROM member_flows WHERE yr > ? AND "
                                    "office_code LIKE CONCAT(?, '%') GROUP BY office_code, dim, val HAVING "
                                    "SUM(n) <> 0";
    char sql[sizeof(by_prefix) + 3 * OFFICE_BATCH];
    struct db_param p[1 + OFFICE_BATCH];
    enum yh_err err = YH_OK;
    out->row = NULL;
    out->n = 0;
    if (!by_offices_sql(by_prefix, sql, sizeof(sql))) {
        return YH_ERR_INTERNAL;
    }
    p[0] = P_I64(year);
    for (size_t at = 0; err == YH_OK && at < n; at += OFFICE_BATCH) {
        struct stat_rows got = {0};
        office_batch(p + 1, offs, n, at);
        err = stat_fetch(db, sql, p, 1 + OFFICE_BATCH, 1, 2, &got);
        if (err == YH_OK) {
            err = rows_append(out, &got);
        }
        stat_rows_free(&got);
    }
    return err;
}

static const struct fm office_map[] = {
    FM(FM_STR, NULL, struct stat_office, code),
    FM(FM_STR, NULL, struct stat_office, name),
};

enum yh_err stats_db_offices(struct db *db, const char *prefix, struct stat_office **out, size_t *n)
{
    static const char sql[] =
        "SELECT code, name FROM offices WHERE code LIKE CONCAT(?, '%') ORDER BY code LIMIT 100000";
    struct db_param p[] = {P_STR(prefix)};
    return FM_ALL(db, sql, p, 1, office_map, ARRAY_LEN(office_map), out, n);
}

enum yh_err stats_db_office_name(struct db *db, const char *code, char name[401])
{
    struct stat_office *o = NULL;
    size_t n = 0;
    static const char sql[] = "SELECT code, name FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(code)};
    enum yh_err err = FM_ALL(db, sql, p, 1, office_map, ARRAY_LEN(office_map), &o, &n);
    if (err == YH_OK && n == 0) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err == YH_OK) {
        snprintf(name, 401, "%s", o[0].name);
    }
    free(o);
    return err;
}
