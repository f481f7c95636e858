/* The office's organisational-life rules and the counts compliance is judged on: the
 * store of /v1/org-life/rules and /v1/org-life/compliance (org_life.c). */
#include "yinhui/orglife_db.h"

#include <stdio.h>
#include <stdlib.h>

#include "yinhui/json_out.h"

enum yh_err rules_db_ensure(struct db *db, const char *office)
{
    static const char sql[] =
        "INSERT IGNORE INTO org_life_rules (office_code, kind, period, times) SELECT ?, r.kind, "
        "r.period, r.times FROM (SELECT 'committee_meeting' kind, 'month' period, 1 times UNION ALL "
        "SELECT 'member_meeting', 'quarter', 1 UNION ALL SELECT 'lecture', 'quarter', 1) r WHERE "
        "NOT EXISTS (SELECT 1 FROM org_life_rules x WHERE x.office_code = ?)";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

/* The columns of rules_db_list, in SELECT order. */
static const struct jcol rule_cols[] = {{"kind", JC_STR}, {"period", JC_STR}, {"times", JC_INT}};
static const struct view rule_view = VIEW(rule_cols);

enum yh_err rules_db_list(struct db *db, const char *office, struct orglife_rule out[RULES_MAX], size_t *n)
{
    static const char sql[] =
        "SELECT kind, period, times FROM org_life_rules WHERE office_code = ? ORDER BY kind";
    struct db_param p[] = {P_STR(office)};
    struct db_rows rows;
    enum yh_err err = view_fetch(db, &rule_view, sql, p, 1, false, &rows);
    if (err != YH_OK) {
        return err;
    }
    /* kinds are unique per office and there are fewer than RULES_MAX of them */
    for (*n = 0; *n < rows.nrows && *n < RULES_MAX; (*n)++) {
        DB_CP(out[*n].kind, db_str(&rows, *n, 0));
        DB_CP(out[*n].period, db_str(&rows, *n, 1));
        out[*n].times = db_i64(&rows, *n, 2);
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err rules_db_set(struct db *db, const char *office, const char *kind, const char *period,
                         int64_t times)
{
    static const char sql[] =
        "INSERT INTO org_life_rules (office_code, kind, period, times) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(kind), P_STR(period), P_I64(times)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err rules_db_clear(struct db *db, const char *office)
{
    static const char sql[] = "DELETE FROM org_life_rules WHERE office_code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}

/* The columns of compliance_db_branches, in SELECT order. */
static const struct jcol branch_cols[] = {{"branch_id", JC_ID}, {"name", JC_STR}};
static const struct view branch_view = VIEW(branch_cols);

enum yh_err compliance_db_branches(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT id, name FROM branches WHERE office_code = ? AND level = 'branch' AND "
                              "dissolved_on IS NULL ORDER BY id LIMIT 10000";
    struct db_param p[] = {P_STR(office)};
    return view_fetch(db, &branch_view, sql, p, 1, false, rows);
}

void compliance_db_branch(const struct db_rows *rows, size_t i, struct compliance_branch *out)
{
    out->id = db_i64(rows, i, 0);
    out->name = db_str(rows, i, 1);
}

/* The columns of compliance_db_counts, in SELECT order. */
static const struct jcol count_cols[] = {{"branch_id", JC_ID}, {"kind", JC_STR}, {"count", JC_INT}};
static const struct view count_view = VIEW(count_cols);

enum yh_err compliance_db_counts(struct db *db, const char *office, const char *from, const char *to,
                                 struct compliance_count **out, size_t *n)
{
    static const char sql[] =
        "SELECT ab.branch_id, a.kind, COUNT(*) FROM activities a JOIN activity_branches ab ON "
        "ab.activity_id = a.id WHERE a.office_code = ? AND a.held_at >= ? AND a.held_at < ? "
        "GROUP BY ab.branch_id, a.kind";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    struct db_rows rows;
    enum yh_err err = view_fetch(db, &count_view, sql, p, 3, false, &rows);
    if (err != YH_OK) {
        return err;
    }
    *n = rows.nrows;
    *out = calloc(rows.nrows ? rows.nrows : 1, sizeof(**out));
    if (*out == NULL) {
        db_rows_free(&rows);
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        (*out)[i].branch_id = db_i64(&rows, i, 0);
        DB_CP((*out)[i].kind, db_str(&rows, i, 1));
        (*out)[i].count = db_i64(&rows, i, 2);
    }
    db_rows_free(&rows);
    return YH_OK;
}
