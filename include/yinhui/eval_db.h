#ifndef YINHUI_EVAL_DB_H
#define YINHUI_EVAL_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

struct view;

/* Demonstration-branch evaluation: scoring sheets (sheets_db.c), scored candidacies and
 * their way up county → prefecture → province (三级联创, evals_db.c). */

#define EVAL_CRITERIA_MAX 20

struct eval_criterion {
    char code[25], name[401];
    int64_t weight, max_score;
};
enum yh_err sheets_db_insert(struct db *db, const char *office, const char *name,
                             const struct eval_criterion *c, size_t n, const char *by, int64_t *id);

/* A criterion of a sheet read back; strings borrowed from the struct sheets holding it. */
struct sheet_criterion {
    int64_t sheet_id;
    const char *code, *name;
    int64_t weight, max_score;
};
/* A sheet read back; strings borrowed from the struct sheets holding it. */
struct sheet {
    int64_t id;
    const char *name, *created_by, *created_at;
};
/* Sheets with their criteria (in order, by sheet). Free with sheets_free. */
struct sheets {
    struct sheet *items;
    size_t n;
    struct sheet_criterion *crit;
    size_t ncrit;
    struct db_rows rows, crit_rows; /* own the strings */
};
/* The office's sheets, newest first (at most 200), with their criteria. */
enum yh_err sheets_db_list(struct db *db, const char *office, struct sheets *out);
/* The office's sheet id with its criteria (NOT_FOUND unless it is the office's). */
enum yh_err sheets_db_get(struct db *db, const char *office, int64_t id, struct sheets *out);
/* Frees what sheets_db_list/get filled (NULL or zeroed: nothing). */
void sheets_free(struct sheets *s);

/* Whose evaluations a caller sees: its own office's (of one branch only when not
 * whole_office) and, when whole_office, those of offices under prefix whose stage has
 * reached min_stage (1 county, 2 prefecture, 3 province; 4: none). */
struct eval_scope {
    const char *office;
    char prefix[7];
    int min_stage;
    bool whole_office;
    int64_t branch_id;
};

struct evaluation {
    int64_t branch_id, year, sheet_id, total_centi;
    char comment[4001], stage[12];
};
/* One candidacy of a branch and year (CONFLICT for a second). score_tenths[pos],
 * notes[pos] ("" for none) for each criterion. */
enum yh_err evals_db_insert(struct db *db, const char *office, const struct evaluation *e,
                            const int64_t *score_tenths, const char (*notes)[2001], size_t n, const char *by,
                            int64_t *id);
/* Rescoring of the office's evaluation id while pending and at version (PRECONDITION otherwise). */
enum yh_err evals_db_rescore(struct db *db, const char *office, int64_t id, int64_t version,
                             int64_t total_centi, const char *comment, const int64_t *score_tenths,
                             const char (*notes)[2001], size_t n);

/* An evaluation read back; strings borrowed from the struct evals holding it (comment and
 * named_level NULL when unset). */
struct eval_rec {
    int64_t id, branch_id, year, sheet_id, total_centi, version;
    const char *office, *office_name, *branch_name, *sheet_name, *comment, *stage, *state, *named_level,
        *created_by, *created_at;
};
struct evals {
    struct eval_rec *items;
    size_t n;
    struct db_rows rows; /* owns the strings */
};
/* Evaluation id as the caller of scope sees it (NOT_FOUND otherwise): out->items[0]. */
enum yh_err evals_db_get(struct db *db, const struct eval_scope *scope, int64_t id, struct evals *out);
/* Evaluations of year the caller of scope sees (stage/state NULL: any; of: one office
 * (NULL: all)) below id before (0: from the newest), newest first, limit + 1 of them. */
enum yh_err evals_db_list(struct db *db, const struct eval_scope *scope, int64_t year, const char *stage,
                          const char *state, const char *of, int64_t before, int limit, struct evals *out);
/* Frees what evals_db_get/list filled (NULL or zeroed: nothing). */
void evals_free(struct evals *e);

/* A score read back; strings borrowed from the struct eval_scores holding it. */
struct eval_score {
    const char *code, *name, *note; /* note NULL: none */
    int64_t weight, max_score, score_tenths;
};
struct eval_scores {
    struct eval_score *items;
    size_t n;
    struct db_rows rows; /* owns the strings */
};
/* The scores of evaluation id as the caller of scope sees it (none otherwise), by
 * criterion. Free with eval_scores_free. */
enum yh_err evals_db_scores(struct db *db, const struct eval_scope *scope, int64_t id,
                            struct eval_scores *out);
void eval_scores_free(struct eval_scores *s);
/* The steps of evaluation id as the caller of scope sees it (none otherwise) through
 * eval_steps_view (action, stage, office, actor, reason, at). */
extern const struct view eval_steps_view;
enum yh_err evals_db_steps(struct db *db, const struct eval_scope *scope, int64_t id, struct db_rows *rows);

/* Sets stage, state and named_level (NULL: unchanged) of evaluation id when the caller of
 * scope sees it and it is at version (PRECONDITION otherwise). */
enum yh_err evals_db_decide(struct db *db, const struct eval_scope *scope, int64_t id, int64_t version,
                            const char *stage, const char *state, const char *named_level);
/* Records a step of evaluation id taken by office's actor. */
enum yh_err evals_db_step(struct db *db, int64_t id, const char *action, const char *stage,
                          const char *office, const char *actor, const char *reason);
/* The branch's demonstration status from its named results: the highest level it was
 * named at, and the latest year it was named at that level. */
enum yh_err evals_db_sync_branch(struct db *db, int64_t branch_id);

#endif
