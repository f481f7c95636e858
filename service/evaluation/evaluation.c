/* Demonstration-branch evaluation (示范党支部创建, 三级联创): /v1/evaluation-sheets and
 * /v1/evaluations. An office writes scoring sheets (criteria with weights and maximum
 * scores) and scores its branches once a year. Each office decides at its own level:
 * the county names its demonstration branches and nominates some to the prefecture,
 * which sees them, names its own and nominates to the province, which names its own.
 * An office sees its own branches' evaluations and those of its descendants that have
 * reached its level; nothing else. A branch's demonstration status follows from the
 * levels it was named at. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/eval_db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/evaluation.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"

static const char *const stages[] = {"county", "prefecture", "province", NULL};
static const char *const states[] = {"pending", "named", "not_named", NULL};
static const char *const actions[] = {"name", "not_name", "nominate", NULL};

/* 1 county, 2 prefecture, 3 province (0: unknown). */
static int stage_rank(const char *s)
{
    for (int i = 0; s && stages[i]; i++) {
        if (strcmp(stages[i], s) == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* The caller's level as a stage rank. */
static int caller_rank(const struct req *r)
{
    switch (gbt2260_level(r->claims.office)) {
    case LEVEL_COUNTY:
        return 1;
    case LEVEL_PREFECTURE:
        return 2;
    case LEVEL_PROVINCE:
        return 3;
    default:
        return 0;
    }
}

/* ---- sheets ---- */

static enum yh_err criteria_json(struct db *db, int64_t sheet_id, cJSON **out)
{
    static const struct jcol cols[] = {
        {"pos", JC_SKIP}, {"code", JC_STR}, {"name", JC_STR}, {"weight", JC_INT}, {"max_score", JC_INT}};
    struct db_rows rows;
    enum yh_err err = sheets_db_criteria(db, sheet_id, &rows);
    if (err == YH_OK) {
        *out = json_rows(&rows, rows.nrows, cols);
        db_rows_free(&rows);
    }
    return err;
}

static const struct jcol sheet_cols[] = {
    {"id", JC_ID}, {"name", JC_STR}, {"created_by", JC_STR}, {"created_at", JC_STR}};

static void reply_sheet(struct req *r, int status, int64_t id)
{
    struct db_rows rows;
    cJSON *crit = NULL;
    enum yh_err err = sheets_db_get(r->db, r->claims.office, id, &rows);
    if (err == YH_OK) {
        err = criteria_json(r->db, id, &crit);
        if (err != YH_OK) {
            db_rows_free(&rows);
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such scoring sheet" : NULL, NULL);
        return;
    }
    cJSON *j = json_row(&rows, 0, sheet_cols);
    db_rows_free(&rows);
    cJSON_AddItemToObject(j, "criteria", crit);
    reply_json_take(r, status, j);
}

void esheets_list(struct req *r)
{
    static const struct jcol ccols[] = {
        {"sheet_id", JC_SKIP}, {"code", JC_STR}, {"name", JC_STR}, {"weight", JC_INT}, {"max_score", JC_INT}};
    struct db_rows rows, crit;
    enum yh_err err = sheets_db_list(r->db, r->claims.office, &rows);
    if (err == YH_OK && (err = sheets_db_office_criteria(r->db, r->claims.office, &crit)) != YH_OK) {
        db_rows_free(&rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < rows.nrows; i++) {
        cJSON *j = json_row(&rows, i, sheet_cols), *cs = cJSON_AddArrayToObject(j, "criteria");
        for (size_t k = 0; k < crit.nrows; k++) {
            if (db_i64(&crit, k, 0) == db_i64(&rows, i, 0)) {
                cJSON_AddItemToArray(cs, json_row(&crit, k, ccols));
            }
        }
        cJSON_AddItemToArray(items, j);
    }
    db_rows_free(&rows);
    db_rows_free(&crit);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}

void esheets_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_sheet(r, 200, id);
    }
}

static bool code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 24) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

void esheets_create(struct req *r)
{
    static const char *const fields[] = {"name", "criteria", NULL};
    static const char *const cfields[] = {"code", "name", "weight", "max_score", NULL};
    struct eval_criterion c[EVAL_CRITERIA_MAX];
    char name[401] = "";
    struct verrs v = {0};
    size_t n = 0;
    int64_t weights = 0, id = 0;
    if (!req_fields_or_reply(r, fields)) {
        return;
    }
    memset(c, 0, sizeof(c));
    json_take_text(r->json, "name", false, 100, name, sizeof(name), &v);
    if (!name[0] && v.n == 0) {
        verr_add(&v, "name", "is required");
    }
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(r->json, "criteria"), *it = NULL;
    if (!cJSON_IsArray(cs) || cJSON_GetArraySize(cs) < 1 || cJSON_GetArraySize(cs) > EVAL_CRITERIA_MAX) {
        verr_add(&v, "criteria", "must be an array of 1 to 20 {code, name, weight, max_score}");
    } else {
        cJSON_ArrayForEach(it, cs)
        {
            struct verrs e = {0};
            char f[64];
            if (!cJSON_IsObject(it) || !json_check_fields(it, cfields, &e)) {
                snprintf(f, sizeof(f), "criteria[%zu]", n);
                verr_add(&v, f, "must be an object {code, name, weight, max_score}");
                break;
            }
            json_take_text(it, "code", false, 24, c[n].code, sizeof(c[n].code), &e);
            json_take_text(it, "name", false, 100, c[n].name, sizeof(c[n].name), &e);
            json_get_int(it, "weight", true, 1, 100, &c[n].weight, NULL, &e);
            json_get_int(it, "max_score", true, 1, 1000, &c[n].max_score, NULL, &e);
            if (e.n == 0 && !code_ok(c[n].code)) {
                verr_add(&e, "code", "must be 1 to 24 of a-z, 0-9 and _");
            }
            if (e.n == 0 && !c[n].name[0]) {
                verr_add(&e, "name", "is required");
            }
            for (size_t k = 0; e.n == 0 && k < n; k++) {
                if (strcmp(c[k].code, c[n].code) == 0) {
                    verr_add(&e, "code", "appears twice in the sheet");
                }
            }
            for (int k = 0; k < e.n; k++) {
                snprintf(f, sizeof(f), "criteria[%zu].%s", n, e.e[k].field);
                verr_add(&v, f, e.e[k].message);
            }
            weights += c[n].weight;
            n++;
        }
        if (v.n == 0 && weights != 100) {
            verr_add(&v, "criteria", "weights must add up to 100");
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = sheets_db_insert(r->db, r->claims.office, name, c, n, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "eval_sheet.create", "eval_sheet", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof(loc), "/v1/evaluation-sheets/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_sheet(r, 201, id);
}

/* ---- evaluations ---- */

enum {
    E_ID,
    E_OFFICE,
    E_BRANCH,
    E_BRANCH_NAME,
    E_YEAR,
    E_SHEET,
    E_SHEET_NAME,
    E_TOTAL,
    E_COMMENT,
    E_STAGE,
    E_STATE,
    E_NAMED,
    E_VERSION,
    E_BY,
    E_AT,
    E_OFFICE_NAME
};

/* Whether the caller sees an evaluation of office at stage: its own office's, or a
 * descendant's that has reached the caller's level. */
static bool eval_visible(const struct req *r, const char *office, const char *stage)
{
    if (strcmp(office, r->claims.office) == 0) {
        return true;
    }
    int lvl = caller_rank(r);
    return lvl > 0 && gbt2260_covers(r->claims.office, office) && stage_rank(stage) >= lvl;
}

static cJSON *eval_summary(const struct db_rows *rows, size_t i)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", db_i64(rows, i, E_ID));
    cJSON *o = cJSON_AddObjectToObject(j, "office");
    cJSON_AddStringToObject(o, "code", db_str(rows, i, E_OFFICE));
    cJSON_AddStringToObject(o, "name", db_str(rows, i, E_OFFICE_NAME));
    cJSON *b = cJSON_AddObjectToObject(j, "branch");
    json_add_id(b, "id", db_i64(rows, i, E_BRANCH));
    cJSON_AddStringToObject(b, "name", db_str(rows, i, E_BRANCH_NAME));
    cJSON_AddNumberToObject(j, "year", (double)db_i64(rows, i, E_YEAR));
    cJSON *s = cJSON_AddObjectToObject(j, "sheet");
    json_add_id(s, "id", db_i64(rows, i, E_SHEET));
    cJSON_AddStringToObject(s, "name", db_str(rows, i, E_SHEET_NAME));
    cJSON_AddNumberToObject(j, "total", (double)db_i64(rows, i, E_TOTAL) / 100.0);
    json_add_opt(j, "comment", db_str(rows, i, E_COMMENT));
    cJSON_AddStringToObject(j, "stage", db_str(rows, i, E_STAGE));
    cJSON_AddStringToObject(j, "state", db_str(rows, i, E_STATE));
    json_add_opt(j, "named_level", db_str(rows, i, E_NAMED));
    cJSON_AddNumberToObject(j, "version", (double)db_i64(rows, i, E_VERSION));
    cJSON_AddStringToObject(j, "created_by", db_str(rows, i, E_BY));
    cJSON_AddStringToObject(j, "created_at", db_str(rows, i, E_AT));
    return j;
}

/* The evaluation of path {id} as the caller may see it (404 otherwise). A secretary sees
 * its own branch's; staff and integrations their office's and what reached their level. */
static bool eval_of_path_or_reply(struct req *r, int64_t *id, struct db_rows *rows)
{
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = evals_db_get(r->db, *id, rows);
    if (err == YH_OK && (!eval_visible(r, db_str(rows, 0, E_OFFICE), db_str(rows, 0, E_STAGE)) ||
                         (!req_whole_office(r) && (strcmp(db_str(rows, 0, E_OFFICE), r->claims.office) != 0 ||
                                                   r->claims.branch_id != db_i64(rows, 0, E_BRANCH))))) {
        db_rows_free(rows);
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such evaluation" : NULL, NULL);
        return false;
    }
    return true;
}

static void reply_eval(struct req *r, int status, int64_t id)
{
    static const struct jcol step_cols[] = {{"action", JC_STR}, {"stage", JC_STR},  {"office", JC_STR},
                                            {"actor", JC_STR},  {"reason", JC_STR}, {"at", JC_STR}};
    struct db_rows e, sc, st;
    enum yh_err err = evals_db_get(r->db, id, &e);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    err = evals_db_scores(r->db, id, &sc);
    if (err == YH_OK) {
        err = evals_db_steps(r->db, id, &st);
        if (err != YH_OK) {
            db_rows_free(&sc);
        }
    }
    if (err != YH_OK) {
        db_rows_free(&e);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = eval_summary(&e, 0);
    cJSON *scores = cJSON_AddArrayToObject(j, "scores");
    for (size_t i = 0; i < sc.nrows; i++) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "criterion", db_str(&sc, i, 1));
        cJSON_AddStringToObject(s, "name", db_str(&sc, i, 2));
        cJSON_AddNumberToObject(s, "weight", (double)db_i64(&sc, i, 3));
        cJSON_AddNumberToObject(s, "max_score", (double)db_i64(&sc, i, 4));
        cJSON_AddNumberToObject(s, "score", (double)db_i64(&sc, i, 5) / 10.0);
        json_add_opt(s, "note", db_str(&sc, i, 6));
        cJSON_AddItemToArray(scores, s);
    }
    cJSON_AddItemToObject(j, "steps", json_rows(&st, st.nrows, step_cols));
    db_rows_free(&e);
    db_rows_free(&sc);
    db_rows_free(&st);
    reply_json_take(r, status, j);
}

/* Reads scores [{criterion, score, note}] against the sheet's criteria: every criterion
 * once, 0..max_score in steps of 0.1. Sets score_tenths/notes by criterion position and
 * *total_centi (weighted, out of 100, in hundredths). */
static enum yh_err scores_take(struct req *r, int64_t sheet_id, int64_t *score_tenths, char (*notes)[2001],
                               size_t *n, int64_t *total_centi, struct verrs *v)
{
    static const char *const sfields[] = {"criterion", "score", "note", NULL};
    struct db_rows crit;
    enum yh_err err = sheets_db_criteria(r->db, sheet_id, &crit);
    if (err != YH_OK) {
        return err;
    }
    bool seen[EVAL_CRITERIA_MAX] = {false};
    double total = 0;
    size_t idx = 0;
    *n = crit.nrows;
    const cJSON *ss = cJSON_GetObjectItemCaseSensitive(r->json, "scores"), *it = NULL;
    if (!cJSON_IsArray(ss) || cJSON_GetArraySize(ss) != (int)crit.nrows) {
        char msg[96];
        snprintf(msg, sizeof(msg), "must give each of the sheet's %zu criteria one score", crit.nrows);
        verr_add(v, "scores", msg);
    } else {
        cJSON_ArrayForEach(it, ss)
        {
            struct verrs e = {0};
            char code[25] = "", f[64];
            size_t pos = crit.nrows;
            if (!cJSON_IsObject(it) || !json_check_fields(it, sfields, &e)) {
                verr_add(&e, "criterion", "each score must be an object {criterion, score, note}");
            }
            if (e.n == 0) {
                json_take_text(it, "criterion", false, 24, code, sizeof(code), &e);
            }
            for (size_t k = 0; e.n == 0 && k < crit.nrows; k++) {
                if (strcmp(db_str(&crit, k, 1), code) == 0) {
                    pos = k;
                }
            }
            if (e.n == 0 && pos == crit.nrows) {
                verr_add(&e, "criterion", "is not a criterion of the sheet");
            } else if (e.n == 0 && seen[pos]) {
                verr_add(&e, "criterion", "is scored twice");
            }
            const cJSON *sv = cJSON_GetObjectItemCaseSensitive(it, "score");
            if (e.n == 0) {
                double max = (double)db_i64(&crit, pos, 4),
                       tenths = cJSON_IsNumber(sv) ? sv->valuedouble * 10 : -1;
                if (!cJSON_IsNumber(sv) || sv->valuedouble < 0 || sv->valuedouble > max ||
                    fabs(tenths - round(tenths)) > 1e-6) {
                    char msg[96];
                    snprintf(msg, sizeof(msg), "must be a number from 0 to %.0f with at most one decimal",
                             max);
                    verr_add(&e, "score", msg);
                } else {
                    seen[pos] = true;
                    score_tenths[pos] = (int64_t)llround(tenths);
                    total += (double)db_i64(&crit, pos, 3) * (double)score_tenths[pos] / 10.0 / max;
                    notes[pos][0] = '\0';
                    json_take_text(it, "note", true, 500, notes[pos], 2001, &e);
                }
            }
            for (int k = 0; k < e.n; k++) {
                snprintf(f, sizeof(f), "scores[%zu].%s", idx, e.e[k].field);
                verr_add(v, f, e.e[k].message);
            }
            idx++;
        }
    }
    db_rows_free(&crit);
    *total_centi = llround(total * 100.0);
    return YH_OK;
}

/* Runs fn with the notes buffers (40 KB) on the heap: worker stacks are small. */
static void with_notes(struct req *r, void (*fn)(struct req *, char (*)[2001]))
{
    char(*notes)[2001] = calloc(EVAL_CRITERIA_MAX, sizeof(*notes));
    if (notes == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    fn(r, notes);
    free(notes);
}

static void create_with(struct req *r, char (*notes)[2001])
{
    static const char *const fields[] = {"branch_id", "year", "sheet_id", "scores", "comment", NULL};
    struct evaluation e;
    struct verrs v = {0};
    int64_t tenths[EVAL_CRITERIA_MAX] = {0}, id = 0;
    size_t n = 0;
    if (!req_fields_or_reply(r, fields)) {
        return;
    }
    memset(&e, 0, sizeof(e));
    int rank = caller_rank(r);
    snprintf(e.stage, sizeof(e.stage), "%s", rank > 0 ? stages[rank - 1] : "county");
    json_take_id(r->json, "branch_id", false, &e.branch_id, &v);
    json_get_int(r->json, "year", true, 2000, 2100, &e.year, NULL, &v);
    json_take_id(r->json, "sheet_id", false, &e.sheet_id, &v);
    json_take_text(r->json, "comment", true, 1000, e.comment, sizeof(e.comment), &v);
    if (v.n == 0 && (!e.branch_id || !e.sheet_id)) {
        verr_add(&v, !e.branch_id ? "branch_id" : "sheet_id", "is required");
    }
    if (v.n == 0) {
        struct branch b;
        if (branches_db_get(r->db, r->claims.office, e.branch_id, &b) != YH_OK) {
            verr_add(&v, "branch_id", "no such branch in this office");
        } else if (b.dissolved_on[0]) {
            verr_add(&v, "branch_id", "the branch is dissolved");
        }
    }
    if (v.n == 0) {
        struct db_rows s;
        if (sheets_db_get(r->db, r->claims.office, e.sheet_id, &s) != YH_OK) {
            verr_add(&v, "sheet_id", "no such scoring sheet in this office");
        } else {
            db_rows_free(&s);
        }
    }
    enum yh_err err = v.n == 0 ? scores_take(r, e.sheet_id, tenths, notes, &n, &e.total_centi, &v) : YH_OK;
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = evals_db_insert(r->db, r->claims.office, &e, tenths, notes, n, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = evals_db_step(r->db, id, "scored", e.stage, r->claims.office, r->claims.sub, NULL);
    }
    if (err == YH_OK) {
        err = req_audit(r, "evaluation.create", "evaluation", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_CONFLICT ? "the branch already has an evaluation for that year" : NULL,
                      NULL);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof(loc), "/v1/evaluations/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_eval(r, 201, id);
}

void evals_create(struct req *r)
{
    with_notes(r, create_with);
}

void evals_get(struct req *r)
{
    struct db_rows rows;
    int64_t id = 0;
    if (eval_of_path_or_reply(r, &id, &rows)) {
        db_rows_free(&rows);
        reply_eval(r, 200, id);
    }
}

/* PATCH {scores, comment}: rescoring, only by the office that scored and only before it
 * decided. */
static void patch_with(struct req *r, char (*notes)[2001])
{
    static const char *const fields[] = {"scores", "comment", NULL};
    struct db_rows rows;
    struct verrs v = {0};
    int64_t id = 0, version = 0, tenths[EVAL_CRITERIA_MAX] = {0}, total = 0;
    char comment[4001] = "";
    size_t n = 0;
    if (!req_fields_or_reply(r, fields) || !req_if_match_or_reply(r, &version) ||
        !eval_of_path_or_reply(r, &id, &rows)) {
        return;
    }
    bool own = strcmp(db_str(&rows, 0, E_OFFICE), r->claims.office) == 0 &&
               strcmp(db_str(&rows, 0, E_STATE), "pending") == 0 &&
               stage_rank(db_str(&rows, 0, E_STAGE)) == caller_rank(r);
    int64_t sheet = db_i64(&rows, 0, E_SHEET);
    snprintf(comment, sizeof(comment), "%s", db_str(&rows, 0, E_COMMENT) ? db_str(&rows, 0, E_COMMENT) : "");
    char stage[12];
    snprintf(stage, sizeof(stage), "%s", db_str(&rows, 0, E_STAGE));
    db_rows_free(&rows);
    if (!own) {
        reply_problem(r, YH_ERR_CONFLICT, "scores are fixed once the office that scored has decided", NULL);
        return;
    }
    json_take_text(r->json, "comment", true, 1000, comment, sizeof(comment), &v);
    enum yh_err err = YH_OK;
    if (cJSON_GetObjectItemCaseSensitive(r->json, "scores")) {
        err = scores_take(r, sheet, tenths, notes, &n, &total, &v);
    } else {
        verr_add(&v, "scores", "is required (the whole list)");
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = evals_db_rescore(r->db, id, version, total, comment, tenths, notes, n);
    }
    if (err == YH_OK) {
        err = evals_db_step(r->db, id, "rescored", stage, r->claims.office, r->claims.sub, NULL);
    }
    if (err == YH_OK) {
        err = req_audit(r, "evaluation.rescore", "evaluation", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the evaluation changed since you read it" : NULL,
                      NULL);
        return;
    }
    reply_eval(r, 200, id);
}

void evals_patch(struct req *r)
{
    with_notes(r, patch_with);
}

/* POST /{id}/decisions {action, reason}: name (pending → named at this level), not_name
 * (pending → not_named, with a reason), nominate (named → pending at the next level). */
void evals_decide(struct req *r)
{
    static const char *const fields[] = {"action", "reason", NULL};
    struct db_rows rows;
    struct verrs v = {0};
    char action[12] = "", reason[2001] = "", office[7], stage[12], state[12];
    int64_t id = 0, version = 0, branch = 0;
    if (!req_fields_or_reply(r, fields)) {
        return;
    }
    json_take_enum(r->json, "action", false, actions, action, sizeof(action), &v);
    json_take_text(r->json, "reason", true, 500, reason, sizeof(reason), &v);
    if (v.n == 0 && !action[0]) {
        verr_add(&v, "action", "is required: name, not_name or nominate");
    }
    if (v.n == 0 && strcmp(action, "not_name") == 0 && !reason[0]) {
        verr_add(&v, "reason", "is required when not naming");
    }
    if (!verrs_ok_or_reply(r, &v) || !req_if_match_or_reply(r, &version) ||
        !eval_of_path_or_reply(r, &id, &rows)) {
        return;
    }
    snprintf(office, sizeof(office), "%s", db_str(&rows, 0, E_OFFICE));
    snprintf(stage, sizeof(stage), "%s", db_str(&rows, 0, E_STAGE));
    snprintf(state, sizeof(state), "%s", db_str(&rows, 0, E_STATE));
    branch = db_i64(&rows, 0, E_BRANCH);
    db_rows_free(&rows);
    int rank = stage_rank(stage);
    if (rank != caller_rank(r)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "the evaluation waits for the %s office's decision", stage);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    const char *to_stage = stage, *to_state = NULL, *named = NULL;
    if (strcmp(action, "name") == 0 && strcmp(state, "pending") == 0) {
        to_state = "named";
        named = stage;
    } else if (strcmp(action, "not_name") == 0 && strcmp(state, "pending") == 0) {
        to_state = "not_named";
    } else if (strcmp(action, "nominate") == 0 && strcmp(state, "named") == 0 && rank < 3) {
        to_stage = stages[rank];
        to_state = "pending";
    }
    if (to_state == NULL) {
        char msg[128];
        snprintf(msg, sizeof(msg), "cannot %s an evaluation that is %s at the %s level%s", action, state,
                 stage,
                 strcmp(action, "nominate") == 0 && rank == 3 ? " (the province is the top level)" : "");
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = evals_db_decide(r->db, id, version, to_stage, to_state, named);
    }
    if (err == YH_OK) {
        err = evals_db_step(r->db, id, action, stage, r->claims.office, r->claims.sub, reason);
    }
    if (err == YH_OK && named) {
        err = evals_db_sync_branch(r->db, branch);
    }
    if (err == YH_OK) {
        err = req_audit(r, "evaluation.decide", "evaluation", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the evaluation changed since you read it" : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, office); /* the branch's status and its office's statistics */
    reply_eval(r, 200, id);
}

void evals_list(struct req *r)
{
    struct db_rows rows;
    const char *stage = NULL, *state = NULL, *of = query_get(&r->q, "office");
    char after[24], last[24], prefix[7];
    int limit;
    int64_t year;
    if (!page_params_or_reply(r, "evaluations", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "stage", stages, &stage) ||
        !query_enum_or_reply(r, "state", states, &state) ||
        !year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    struct verrs v = {0};
    if (of && gbt2260_level(of) == LEVEL_INVALID) {
        verr_add(&v, "office", "must be a six-digit office code");
    }
    if (v.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return;
    }
    size_t pl = gbt2260_prefix_len(r->claims.office);
    snprintf(prefix, sizeof(prefix), "%.*s", (int)pl, r->claims.office);
    enum yh_err err =
        evals_db_list(r->db, r->claims.office, prefix, caller_rank(r) ? caller_rank(r) : 4, year, stage,
                      state, of, after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)limit ? (size_t)limit : rows.nrows;
    snprintf(last, sizeof(last), "%s", shown ? db_str(&rows, shown - 1, 0) : "0");
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, eval_summary(&rows, i));
    }
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    reply_json_take(r, 200, page_body(r, "evaluations", items, more ? last : NULL));
}
