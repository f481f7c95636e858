/* Demonstration-branch evaluation: sheets, candidacies, decisions. */
#include "yinhui/eval_db.h"

#include <stdio.h>
#include <string.h>

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

enum yh_err sheets_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT id, name, created_by, " SQL_TS("created_at") " FROM eval_sheets WHERE office_code = ? "
                                                             "ORDER BY id DESC LIMIT 200";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err sheets_db_office_criteria(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT c.sheet_id, c.code, c.name, c.weight, c.max_score FROM eval_criteria c JOIN "
        "eval_sheets s ON s.id = c.sheet_id WHERE s.office_code = ? ORDER BY c.sheet_id, c.pos";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err sheets_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT id, name, created_by, " SQL_TS("created_at") " FROM eval_sheets WHERE office_code = ? "
                                                             "AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err sheets_db_criteria(struct db *db, int64_t sheet_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT pos, code, name, weight, max_score FROM eval_criteria WHERE sheet_id = ? "
        "ORDER BY pos";
    struct db_param p[] = {P_I64(sheet_id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

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

enum yh_err evals_db_rescore(struct db *db, int64_t id, int64_t version, int64_t total_centi,
                             const char *comment, const int64_t *score_tenths, const char (*notes)[2001],
                             size_t n)
{
    static const char sql[] = "UPDATE evaluations SET total_centi = ?, comment = ?, version = version + 1, "
                              "updated_at = NOW(3) WHERE id = ? AND version = ? AND state = 'pending'";
    struct db_param p[] = {P_I64(total_centi), P_OPT(comment), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    if (err == YH_OK && affected != 1) {
        return YH_ERR_PRECONDITION;
    }
    return err == YH_OK ? scores_put(db, id, score_tenths, notes, n) : err;
}

#define EVAL_COLS                                                                                            \
    "e.id, e.office_code, e.branch_id, b.name, e.year, e.sheet_id, s.name, e.total_centi, e.comment, "       \
    "e.stage, "                                                                                              \
    "e.state, e.named_level, e.version, e.created_by, " SQL_TS("e.created_at") ", o.name"
#define EVAL_FROM                                                                                            \
    " FROM evaluations e JOIN branches b ON b.id = e.branch_id JOIN eval_sheets s ON s.id = e.sheet_id "     \
    "JOIN offices o ON o.code = e.office_code "

enum yh_err evals_db_get(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " EVAL_COLS EVAL_FROM "WHERE e.id = ?";
    struct db_param p[] = {P_I64(id)};
    return db_exec_row(db, sql, p, 1, rows);
}

enum yh_err evals_db_scores(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT c.pos, c.code, c.name, c.weight, c.max_score, sc.score_tenths, sc.note FROM "
        "evaluations e JOIN eval_criteria c ON c.sheet_id = e.sheet_id LEFT JOIN eval_scores sc "
        "ON sc.evaluation_id = e.id AND sc.pos = c.pos WHERE e.id = ? ORDER BY c.pos";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err evals_db_steps(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT action, stage, office_code, actor, reason, " SQL_TS("at") " FROM eval_steps WHERE "
                                                                          "evaluation_id = ? ORDER BY id";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err evals_db_decide(struct db *db, int64_t id, int64_t version, const char *stage, const char *state,
                            const char *named_level)
{
    static const char sql[] =
        "UPDATE evaluations SET stage = ?, state = ?, named_level = IFNULL(?, named_level), "
        "version = version + 1, updated_at = NOW(3) WHERE id = ? AND version = ?";
    struct db_param p[] = {P_STR(stage), P_STR(state), P_OPT(named_level), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, &affected, NULL);
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

enum yh_err evals_db_list(struct db *db, const char *office, const char *prefix, int min_stage, int64_t year,
                          const char *stage, const char *state, const char *of, int64_t before, int limit,
                          struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " EVAL_COLS EVAL_FROM
        "WHERE e.year = ? AND (e.office_code = ? OR (e.office_code LIKE CONCAT(?, '%') AND "
        "e.stage + 0 >= ?)) AND (? IS NULL OR e.stage = ?) AND (? IS NULL OR e.state = ?) AND "
        "(? IS NULL OR e.office_code = ?) AND (? = 0 OR e.id < ?) ORDER BY e.id DESC LIMIT ?";
    struct db_param p[] = {P_I64(year),   P_STR(office), P_STR(prefix),   P_I64(min_stage), P_OPT(stage),
                           P_OPT(stage),  P_OPT(state),  P_OPT(state),    P_OPT(of),        P_OPT(of),
                           P_I64(before), P_I64(before), P_I64(limit + 1)};
    return db_exec(db, sql, p, 13, rows, NULL, NULL);
}
