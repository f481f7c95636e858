/* The store of /v1/evaluations: candidacies, their scores, steps and decisions. */
#include <stdlib.h>
#include <string.h>

#include "yinhui/eval_db.h"
#include "yinhui/json_out.h"

static enum yh_err scores_put(struct db *db, int64_t id, const int64_t *score_tenths,
                              const char (*notes)[2001], size_t n)
{
    static const char sql[] =
        "INSERT INTO eval_scores (evaluation_id, pos, score_tenths, note) VALUES (?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE score_tenths = VALUES(score_tenths), note = VALUES(note)";
    enum yh_err err = YH_OK;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param p[] = {P_I64(id), P_I64(i), P_I64(score_tenths[i]), P_OPT(notes[i])};
        err = db_exec(db, sql, p, 4, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err evals_db_insert(struct db *db, const char *office, const struct evaluation *e,
                            const int64_t *score_tenths, const char (*notes)[2001], size_t n, const char *by,
                            int64_t *id)
{
    static const char sql[] =
        "INSERT INTO evaluations (office_code, branch_id, year, sheet_id, total_centi, comment, "
        "stage, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),         P_I64(e->branch_id), P_I64(e->year),  P_I64(e->sheet_id),
                           P_I64(e->total_centi), P_OPT(e->comment),   P_STR(e->stage), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 8, NULL, NULL, &nid);
    *id = (int64_t)nid;
    if (err == YH_OK) {
        err = scores_put(db, *id, score_tenths, notes, n);
    }
    return err;
}

enum yh_err evals_db_rescore(struct db *db, const char *office, int64_t id, int64_t version,
                             int64_t total_centi, const char *comment, const int64_t *score_tenths,
                             const char (*notes)[2001], size_t n)
{
    static const char sql[] =
        "UPDATE evaluations SET total_centi = ?, comment = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ? AND state = 'pending'";
    struct db_param p[] = {P_I64(total_centi), P_OPT(comment), P_STR(office), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, &affected, NULL);
    if (err == YH_OK && affected != 1) {
        return YH_ERR_PRECONDITION;
    }
    return err == YH_OK ? scores_put(db, id, score_tenths, notes, n) : err;
}

#define EVAL_COLS                                                                                            \
    "e.id, e.office_code, e.branch_id, b.name, e.year, e.sheet_id, s.name, e.total_centi, e.comment, "       \
    "e.stage, e.state, e.named_level, e.version, e.created_by, " SQL_TS("e.created_at") ", o.name"
#define EVAL_FROM                                                                                            \
    " FROM evaluations e JOIN branches b ON b.id = e.branch_id JOIN eval_sheets s ON s.id = e.sheet_id "     \
    "JOIN offices o ON o.code = e.office_code "
/* What the caller of a scope sees: its own office's evaluations and its descendants' that
 * reached its level; one branch's only for a caller who does not see the whole office.
 * EVAL_SCOPE_PARAMS(scope) are its parameters. */
#define EVAL_SCOPE                                                                                           \
    "(e.office_code = ? OR (e.office_code LIKE CONCAT(?, '%') AND e.stage + 0 >= ?)) AND "                   \
    "(? OR (e.office_code = ? AND e.branch_id = ?))"
#define EVAL_SCOPE_PARAMS(s)                                                                                 \
    P_STR((s)->office), P_STR((s)->prefix), P_I64((s)->min_stage), P_I64((s)->whole_office),                 \
        P_STR((s)->office), P_I64((s)->branch_id)
#define EVAL_NCOLS 16

/* Fills out's typed items from its rows (EVAL_COLS). */
static enum yh_err evals_type(struct evals *out)
{
    const struct db_rows *r = &out->rows;
    if (r->nrows > 0 && r->ncols != EVAL_NCOLS) {
        return YH_ERR_INTERNAL;
    }
    out->items = calloc(r->nrows ? r->nrows : 1, sizeof(*out->items));
    if (out->items == NULL) {
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < r->nrows; i++) {
        out->items[i] = (struct eval_rec){
            .id = db_i64(r, i, 0),
            .office = db_str(r, i, 1),
            .branch_id = db_i64(r, i, 2),
            .branch_name = db_str(r, i, 3),
            .year = db_i64(r, i, 4),
            .sheet_id = db_i64(r, i, 5),
            .sheet_name = db_str(r, i, 6),
            .total_centi = db_i64(r, i, 7),
            .comment = db_str(r, i, 8),
            .stage = db_str(r, i, 9),
            .state = db_str(r, i, 10),
            .named_level = db_str(r, i, 11),
            .version = db_i64(r, i, 12),
            .created_by = db_str(r, i, 13),
            .created_at = db_str(r, i, 14),
            .office_name = db_str(r, i, 15),
        };
    }
    out->n = r->nrows;
    return YH_OK;
}

/* Runs a SELECT of EVAL_COLS into out (one: NOT_FOUND without a row). */
static enum yh_err evals_fetch(struct db *db, const char *sql, const struct db_param *p, size_t n, bool one,
                               struct evals *out)
{
    memset(out, 0, sizeof(*out));
    enum yh_err err =
        one ? db_exec_row(db, sql, p, n, &out->rows) : db_exec(db, sql, p, n, &out->rows, NULL, NULL);
    if (err == YH_OK) {
        err = evals_type(out);
    }
    if (err != YH_OK) {
        evals_free(out);
    }
    return err;
}

enum yh_err evals_db_get(struct db *db, const struct eval_scope *scope, int64_t id, struct evals *out)
{
    static const char sql[] = "SELECT " EVAL_COLS EVAL_FROM "WHERE e.id = ? AND " EVAL_SCOPE;
    struct db_param p[] = {P_I64(id), EVAL_SCOPE_PARAMS(scope)};
    return evals_fetch(db, sql, p, 7, true, out);
}

enum yh_err evals_db_list(struct db *db, const struct eval_scope *scope, int64_t year, const char *stage,
                          const char *state, const char *of, int64_t before, int limit, struct evals *out)
{
    static const char sql[] =
        "SELECT " EVAL_COLS EVAL_FROM "WHERE e.year = ? AND " EVAL_SCOPE
        " AND (? IS NULL OR e.stage = ?) AND (? IS NULL OR e.state = ?) AND (? IS NULL OR "
        "e.office_code = ?) AND (? = 0 OR e.id < ?) ORDER BY e.id DESC LIMIT ?";
    struct db_param p[] = {P_I64(year),     EVAL_SCOPE_PARAMS(scope),
                           P_OPT(stage),    P_OPT(stage),
                           P_OPT(state),    P_OPT(state),
                           P_OPT(of),       P_OPT(of),
                           P_I64(before),   P_I64(before),
                           P_I64(limit + 1)};
    return evals_fetch(db, sql, p, 16, false, out);
}

void evals_free(struct evals *e)
{
    if (e == NULL) {
        return;
    }
    free(e->items);
    db_rows_free(&e->rows);
    memset(e, 0, sizeof(*e));
}

enum yh_err evals_db_scores(struct db *db, const struct eval_scope *scope, int64_t id,
                            struct eval_scores *out)
{
    static const char sql[] =
        "SELECT c.code, c.name, c.weight, c.max_score, sc.score_tenths, sc.note FROM evaluations e "
        "JOIN eval_criteria c ON c.sheet_id = e.sheet_id LEFT JOIN eval_scores sc ON "
        "sc.evaluation_id = e.id AND sc.pos = c.pos WHERE e.id = ? AND " EVAL_SCOPE " ORDER BY c.pos";
    struct db_param p[] = {P_I64(id), EVAL_SCOPE_PARAMS(scope)};
    memset(out, 0, sizeof(*out));
    enum yh_err err = db_exec(db, sql, p, 7, &out->rows, NULL, NULL);
    if (err == YH_OK) {
        out->items = calloc(out->rows.nrows ? out->rows.nrows : 1, sizeof(*out->items));
        err = out->items == NULL ? YH_ERR_INTERNAL : YH_OK;
    }
    if (err != YH_OK) {
        eval_scores_free(out);
        return err;
    }
    const struct db_rows *r = &out->rows;
    for (size_t i = 0; i < r->nrows; i++) {
        out->items[i] = (struct eval_score){.code = db_str(r, i, 0),
                                            .name = db_str(r, i, 1),
                                            .weight = db_i64(r, i, 2),
                                            .max_score = db_i64(r, i, 3),
                                            .score_tenths = db_i64(r, i, 4),
                                            .note = db_str(r, i, 5)};
    }
    out->n = r->nrows;
    return YH_OK;
}

void eval_scores_free(struct eval_scores *s)
{
    if (s == NULL) {
        return;
    }
    free(s->items);
    db_rows_free(&s->rows);
    memset(s, 0, sizeof(*s));
}

static const struct jcol eval_steps_cols[] = {{"action", JC_STR}, {"stage", JC_STR},  {"office", JC_STR},
                                              {"actor", JC_STR},  {"reason", JC_STR}, {"at", JC_STR}};
const struct view eval_steps_view = VIEW(eval_steps_cols);

enum yh_err evals_db_steps(struct db *db, const struct eval_scope *scope, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT st.action, st.stage, st.office_code, st.actor, st.reason, " SQL_TS(
        "st.at") " FROM eval_steps st "
                 "JOIN evaluations e ON e.id = st.evaluation_id WHERE e.id = ? AND " EVAL_SCOPE
                 " ORDER BY st.id";
    struct db_param p[] = {P_I64(id), EVAL_SCOPE_PARAMS(scope)};
    return view_fetch(db, &eval_steps_view, sql, p, 7, false, rows);
}

enum yh_err evals_db_decide(struct db *db, const struct eval_scope *scope, int64_t id, int64_t version,
                            const char *stage, const char *state, const char *named_level)
{
    static const char sql[] =
        "UPDATE evaluations e SET e.stage = ?, e.state = ?, e.named_level = IFNULL(?, e.named_level), "
        "e.version = e.version + 1, e.updated_at = NOW(3) WHERE e.id = ? AND e.version = ? AND " EVAL_SCOPE;
    struct db_param p[] = {P_STR(stage), P_STR(state),   P_OPT(named_level),
                           P_I64(id),    P_I64(version), EVAL_SCOPE_PARAMS(scope)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 11, NULL, &affected, NULL);
    return err == YH_OK && affected != 1 ? YH_ERR_PRECONDITION : err;
}

enum yh_err evals_db_step(struct db *db, int64_t id, const char *action, const char *stage,
                          const char *office, const char *actor, const char *reason)
{
    static const char sql[] =
        "INSERT INTO eval_steps (evaluation_id, action, stage, office_code, actor, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_I64(id),     P_STR(action), P_STR(stage),
                           P_STR(office), P_STR(actor),  P_OPT(reason)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}

enum yh_err evals_db_sync_branch(struct db *db, int64_t branch_id)
{
    /* ENUM values order by their position: county < prefecture < province */
    static const char sql[] =
        "UPDATE branches b LEFT JOIN (SELECT year, named_level FROM evaluations WHERE branch_id = ? AND "
        "named_level IS "
        "NOT NULL ORDER BY named_level DESC, year DESC LIMIT 1) n ON 1 = 1 SET b.demo_level = n.named_level, "
        "b.demo_year = n.year, b.version = b.version + 1, b.updated_at = NOW(3) WHERE b.id = ? AND n.year IS "
        "NOT NULL";
    struct db_param p[] = {P_I64(branch_id), P_I64(branch_id)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}
