#ifndef YINHUI_EVAL_DB_H
#define YINHUI_EVAL_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Demonstration-branch evaluation: scoring sheets, scored candidacies and their way up
 * county → prefecture → province (三级联创). */

#define EVAL_CRITERIA_MAX 20

struct eval_criterion {
    char code[25], name[401];
    int64_t weight, max_score;
};
enum yh_err sheets_db_insert(struct db *db, const char *office, const char *name,
                             const struct eval_criterion *c, size_t n, const char *by, int64_t *id);
/* Rows: id, name, created_by, created_at (newest first). */
enum yh_err sheets_db_list(struct db *db, const char *office, struct db_rows *rows);
/* The criteria of all the office's sheets in one read. Rows: sheet_id, code, name,
 * weight, max_score (by sheet, then position). */
enum yh_err sheets_db_office_criteria(struct db *db, const char *office, struct db_rows *rows);
/* NOT_FOUND unless the sheet is the office's. Rows: id, name, created_by, created_at. */
enum yh_err sheets_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Rows: pos, code, name, weight, max_score (in order). */
enum yh_err sheets_db_criteria(struct db *db, int64_t sheet_id, struct db_rows *rows);

struct evaluation {
    int64_t branch_id, year, sheet_id, total_centi;
    char comment[4001], stage[12];
};
/* One candidacy of a branch and year (CONFLICT for a second). score_tenths[pos],
 * notes[pos] ("" for none) for each criterion. */
enum yh_err evals_db_insert(struct db *db, const char *office, const struct evaluation *e,
                            const int64_t *score_tenths, const char (*notes)[2001], size_t n, const char *by,
                            int64_t *id);
enum yh_err evals_db_rescore(struct db *db, int64_t id, int64_t version, int64_t total_centi,
                             const char *comment, const int64_t *score_tenths, const char (*notes)[2001],
                             size_t n);
/* Rows: id, office_code, branch_id, branch_name, year, sheet_id, sheet_name, total_centi,
 * comment, stage, state, named_level, version, created_by, created_at, office_name. */
enum yh_err evals_db_get(struct db *db, int64_t id, struct db_rows *rows);
/* Rows: pos, code, name, weight, max_score, score_tenths, note. */
enum yh_err evals_db_scores(struct db *db, int64_t id, struct db_rows *rows);
/* Rows: action, stage, office_code, actor, reason, at. */
enum yh_err evals_db_steps(struct db *db, int64_t id, struct db_rows *rows);
/* Sets stage, state and named_level (NULL: unchanged) when at version (PRECONDITION otherwise). */
enum yh_err evals_db_decide(struct db *db, int64_t id, int64_t version, const char *stage, const char *state,
                            const char *named_level);
enum yh_err evals_db_step(struct db *db, int64_t id, const char *action, const char *stage,
                          const char *office, const char *actor, const char *reason);
/* The branch's demonstration status from its named results: the highest level it was
 * named at, and the latest year it was named at that level. */
enum yh_err evals_db_sync_branch(struct db *db, int64_t branch_id);
/* Evaluations of year an office sees: its own branches' (any stage) and those of offices
 * under prefix whose stage has reached min_stage (1 county, 2 prefecture, 3 province).
 * stage/state NULL: any; of: one office under prefix (NULL: all). Rows as evals_db_get. */
enum yh_err evals_db_list(struct db *db, const char *office, const char *prefix, int min_stage, int64_t year,
                          const char *stage, const char *state, const char *of, int64_t before, int limit,
                          struct db_rows *rows);

#endif
