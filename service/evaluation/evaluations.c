/* Demonstration-branch evaluation (示范党支部创建, 三级联创): /v1/evaluations. An office
 * scores its branches once a year against one of its sheets. Each office decides at its
 * own level: the county names its demonstration branches and nominates some to the
 * prefecture, which sees them, names its own and nominates to the province, which names
 * its own. An office sees its own branches' evaluations and those of its descendants
 * that have reached its level; nothing else (the store applies that scope). A branch's
 * demonstration status follows from the levels it was named at. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/eval_db.h"
#include "yinhui/evaluation.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"

static const char *const states[] = {"pending", "named", "not_named", NULL};
static const char *const actions[] = {"name", "not_name", "nominate", NULL};

/* See evaluation.h. */
int eval_caller_rank(const struct req *r)
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

/* See evaluation.h. */
struct eval_scope eval_scope_of(const struct req *r)
{
    struct eval_scope s = {.office = r->claims.office,
                           .min_stage = eval_caller_rank(r) ? eval_caller_rank(r) : 4,
                           .whole_office = req_whole_office(r),
                           .branch_id = r->claims.branch_id};
    snprintf(s.prefix, sizeof(s.prefix), "%.*s", (int)gbt2260_prefix_len(r->claims.office), r->claims.office);
    return s;
}

/* Evaluation e as lists show it (without scores and steps). Caller owns it. */
static cJSON *eval_summary(const struct eval_rec *e)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", e->id);
    cJSON *o = cJSON_AddObjectToObject(j, "office");
    cJSON_AddStringToObject(o, "code", e->office);
    cJSON_AddStringToObject(o, "name", e->office_name);
    cJSON *b = cJSON_AddObjectToObject(j, "branch");
    json_add_id(b, "id", e->branch_id);
    cJSON_AddStringToObject(b, "name", e->branch_name);
    cJSON_AddNumberToObject(j, "year", (double)e->year);
    cJSON *s = cJSON_AddObjectToObject(j, "sheet");
    json_add_id(s, "id", e->sheet_id);
    cJSON_AddStringToObject(s, "name", e->sheet_name);
    cJSON_AddNumberToObject(j, "total", (double)e->total_centi / 100.0);
    json_add_opt(j, "comment", e->comment);
    cJSON_AddStringToObject(j, "stage", e->stage);
    cJSON_AddStringToObject(j, "state", e->state);
    json_add_opt(j, "named_level", e->named_level);
    cJSON_AddNumberToObject(j, "version", (double)e->version);
    cJSON_AddStringToObject(j, "created_by", e->created_by);
    cJSON_AddStringToObject(j, "created_at", e->created_at);
    return j;
}

/* The scores as [{criterion, name, weight, max_score, score, note}]. Caller owns it. */
static cJSON *scores_json(const struct eval_scores *sc)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < sc->n; i++) {
        const struct eval_score *x = &sc->items[i];
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "criterion", x->code);
        cJSON_AddStringToObject(s, "name", x->name);
        cJSON_AddNumberToObject(s, "weight", (double)x->weight);
        cJSON_AddNumberToObject(s, "max_score", (double)x->max_score);
        cJSON_AddNumberToObject(s, "score", (double)x->score_tenths / 10.0);
        json_add_opt(s, "note", x->note);
        cJSON_AddItemToArray(a, s);
    }
    return a;
}

/* Evaluation id as the caller sees it, with its scores and steps, into *out (caller owns it). */
static enum yh_err eval_read(struct req *r, int64_t id, cJSON **out)
{
    struct eval_scope scope = eval_scope_of(r);
    struct evals e = {0};
    struct eval_scores sc = {0};
    struct db_rows st;
    enum yh_err err = evals_db_get(r->db, &scope, id, &e);
    if (err == YH_OK) {
        err = evals_db_scores(r->db, &scope, id, &sc);
    }
    if (err == YH_OK) {
        err = evals_db_steps(r->db, &scope, id, &st);
    }
    if (err == YH_OK) {
        *out = eval_summary(&e.items[0]);
        cJSON_AddItemToObject(*out, "scores", scores_json(&sc));
        cJSON_AddItemToObject(*out, "steps", view_rows(&st, st.nrows, &eval_steps_view));
        db_rows_free(&st);
    }
    evals_free(&e);
    eval_scores_free(&sc);
    return err;
}

/* Replies status with evaluation id as the caller sees it. */
static void reply_eval(struct req *r, int status, int64_t id)
{
    cJSON *j = NULL;
    enum yh_err err = eval_read(r, id, &j);
    if (err != YH_OK) {
        reply_error(r, err, "evaluation");
    } else if (status == 201) {
        reply_created_take(r, "/v1/evaluations", id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* The evaluation of path {id} as the caller may see it into *e (404 otherwise). False
 * when it has replied. */
static bool eval_of_path_or_reply(struct req *r, int64_t *id, struct evals *e)
{
    struct eval_scope scope = eval_scope_of(r);
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = evals_db_get(r->db, &scope, *id, e);
    if (err != YH_OK) {
        reply_error(r, err, "evaluation");
        return false;
    }
    return true;
}

/* Reads score item idx ({criterion, score, note}) against the sheet's criteria, adding
 * its errors to v as scores[idx].<field>; a good one fills score_tenths/notes at its
 * criterion's position and adds its weighted share to *total. */
static void score_take(const cJSON *it, size_t idx, const struct sheets *s, bool *seen, int64_t *score_tenths,
                       char (*notes)[2001], double *total, struct verrs *v)
{
    static const char *const sfields[] = {"criterion", "score", "note", NULL};
    struct verrs e = {0};
    char code[25] = "", f[64];
    size_t pos = s->ncrit;
    if (!cJSON_IsObject(it) || !json_check_fields(it, sfields, &e)) {
        verr_add(&e, "criterion", "each score must be an object {criterion, score, note}");
    }
    if (e.n == 0) {
        json_take_text(it, "criterion", false, 24, code, sizeof(code), &e);
    }
    for (size_t k = 0; e.n == 0 && k < s->ncrit; k++) {
        if (strcmp(s->crit[k].code, code) == 0) {
            pos = k;
        }
    }
    if (e.n == 0 && pos == s->ncrit) {
        verr_add(&e, "criterion", "is not a criterion of the sheet");
    } else if (e.n == 0 && seen[pos]) {
        verr_add(&e, "criterion", "is scored twice");
    }
    const cJSON *sv = cJSON_GetObjectItemCaseSensitive(it, "score");
    if (e.n == 0) {
        double max = (double)s->crit[pos].max_score, tenths = cJSON_IsNumber(sv) ? sv->valuedouble * 10 : -1;
        if (!cJSON_IsNumber(sv) || sv->valuedouble < 0 || sv->valuedouble > max ||
            fabs(tenths - round(tenths)) > 1e-6) {
            char msg[96];
            snprintf(msg, sizeof(msg), "must be a number from 0 to %.0f with at most one decimal", max);
            verr_add(&e, "score", msg);
        } else {
            seen[pos] = true;
            score_tenths[pos] = (int64_t)llround(tenths);
            *total += (double)s->crit[pos].weight * (double)score_tenths[pos] / 10.0 / max;
            notes[pos][0] = '\0';
            json_take_text(it, "note", true, 500, notes[pos], 2001, &e);
        }
    }
    for (int k = 0; k < e.n; k++) {
        snprintf(f, sizeof(f), "scores[%zu].%s", idx, e.e[k].field);
        verr_add(v, f, e.e[k].message);
    }
}

/* Reads scores [{criterion, score, note}] against the office's sheet sheet_id: every
 * criterion once, 0..max_score in steps of 0.1. Sets score_tenths/notes by criterion
 * position, *n and *total_centi (weighted, out of 100, in hundredths). */
static enum yh_err scores_take(struct req *r, int64_t sheet_id, int64_t *score_tenths, char (*notes)[2001],
                               size_t *n, int64_t *total_centi, struct verrs *v)
{
    struct sheets s;
    enum yh_err err = sheets_db_get(r->db, r->claims.office, sheet_id, &s);
    if (err != YH_OK) {
        return err;
    }
    bool seen[EVAL_CRITERIA_MAX] = {false};
    double total = 0;
    size_t idx = 0;
    *n = s.ncrit;
    const cJSON *ss = cJSON_GetObjectItemCaseSensitive(r->json, "scores"), *it = NULL;
    if (!cJSON_IsArray(ss) || cJSON_GetArraySize(ss) != (int)s.ncrit) {
        char msg[96];
        snprintf(msg, sizeof(msg), "must give each of the sheet's %zu criteria one score", s.ncrit);
        verr_add(v, "scores", msg);
    } else {
        cJSON_ArrayForEach(it, ss)
        {
            score_take(it, idx++, &s, seen, score_tenths, notes, &total, v);
        }
    }
    sheets_free(&s);
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

/* The body of POST /v1/evaluations; scores are read by scores_take. */
static const struct field eval_fields[] = {
    FIELD_ID("branch_id", struct evaluation, branch_id, FF_REQUIRED),
    FIELD_INT("year", struct evaluation, year, 2000, 2100, FF_REQUIRED),
    FIELD_ID("sheet_id", struct evaluation, sheet_id, FF_REQUIRED),
    FIELD_OTHER("scores", 0),
    FIELD_TEXT("comment", struct evaluation, comment, 1000, FF_NULLABLE),
};

/* The branch must be the office's and not dissolved, the sheet the office's (checked
 * only when nothing else is wrong). */
static void eval_targets_check(struct req *r, const struct evaluation *e, struct verrs *v)
{
    if (v->n == 0) {
        struct branch b;
        if (branches_db_get(r->db, r->claims.office, e->branch_id, &b) != YH_OK) {
            verr_add(v, "branch_id", "no such branch in this office");
        } else if (b.dissolved_on[0]) {
            verr_add(v, "branch_id", "the branch is dissolved");
        }
    }
    if (v->n == 0) {
        struct sheets s;
        if (sheets_db_get(r->db, r->claims.office, e->sheet_id, &s) != YH_OK) {
            verr_add(v, "sheet_id", "no such scoring sheet in this office");
        }
        sheets_free(&s);
    }
}

/* Reads and checks the body of POST /v1/evaluations into e, tenths, notes and *n. False
 * when it has replied. */
static bool eval_read_or_reply(struct req *r, struct evaluation *e, int64_t *tenths, char (*notes)[2001],
                               size_t *n)
{
    struct verrs v = {0};
    int rank = eval_caller_rank(r);
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    snprintf(e->stage, sizeof(e->stage), "%s", rank > 0 ? eval_stages[rank - 1] : "county");
    body_read(r, eval_fields, ARRAY_LEN(eval_fields), e, true, NULL, &v);
    eval_targets_check(r, e, &v);
    enum yh_err err = v.n == 0 ? scores_take(r, e->sheet_id, tenths, notes, n, &e->total_centi, &v) : YH_OK;
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/evaluations with the notes buffers of with_notes. */
static void create_with(struct req *r, char (*notes)[2001])
{
    struct evaluation e;
    int64_t tenths[EVAL_CRITERIA_MAX] = {0}, id = 0;
    size_t n = 0;
    memset(&e, 0, sizeof(e));
    if (!eval_read_or_reply(r, &e, tenths, notes, &n)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
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
    reply_eval(r, 201, id);
}

/* POST /v1/evaluations {branch_id, year, sheet_id, scores, comment}: scores a branch at
 * the caller's level. */
void evals_create(struct req *r)
{
    with_notes(r, create_with);
}

/* GET /v1/evaluations/{id}. */
void evals_get(struct req *r)
{
    struct evals e;
    int64_t id = 0;
    if (eval_of_path_or_reply(r, &id, &e)) {
        evals_free(&e);
        reply_eval(r, 200, id);
    }
}

/* Reads the PATCH body of the caller's own pending evaluation *cur into comment (the
 * stored one unless given), tenths, notes, *n and *total. False when it has replied. */
static bool rescore_read_or_reply(struct req *r, const struct eval_rec *cur, char comment[4001],
                                  int64_t *tenths, char (*notes)[2001], size_t *n, int64_t *total)
{
    struct verrs v = {0};
    enum yh_err err = YH_OK;
    snprintf(comment, 4001, "%s", cur->comment ? cur->comment : "");
    json_take_text(r->json, "comment", true, 1000, comment, 4001, &v);
    if (cJSON_GetObjectItemCaseSensitive(r->json, "scores")) {
        err = scores_take(r, cur->sheet_id, tenths, notes, n, total, &v);
    } else {
        verr_add(&v, "scores", "is required (the whole list)");
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, &v);
}

/* PATCH {scores, comment}: rescoring, only by the office that scored and only before it
 * decided. */
static void patch_with(struct req *r, char (*notes)[2001])
{
    static const char *const fields[] = {"scores", "comment", NULL};
    struct evals cur;
    int64_t id = 0, version = 0, tenths[EVAL_CRITERIA_MAX] = {0}, total = 0;
    char comment[4001] = "", stage[12];
    size_t n = 0;
    if (!req_fields_or_reply(r, fields) || !req_if_match_or_reply(r, &version) ||
        !eval_of_path_or_reply(r, &id, &cur)) {
        return;
    }
    const struct eval_rec *e = &cur.items[0];
    bool own = strcmp(e->office, r->claims.office) == 0 && strcmp(e->state, "pending") == 0 &&
               eval_stage_rank(e->stage) == eval_caller_rank(r);
    snprintf(stage, sizeof(stage), "%s", e->stage);
    if (!own) {
        reply_problem(r, YH_ERR_CONFLICT, "scores are fixed once the office that scored has decided", NULL);
    } else if (rescore_read_or_reply(r, e, comment, tenths, notes, &n, &total)) {
        enum yh_err err = db_begin(r->db);
        if (err == YH_OK) {
            err = evals_db_rescore(r->db, r->claims.office, id, version, total, comment, tenths, notes, n);
        }
        if (err == YH_OK) {
            err = evals_db_step(r->db, id, "rescored", stage, r->claims.office, r->claims.sub, NULL);
        }
        if (err == YH_OK) {
            err = req_audit(r, "evaluation.rescore", "evaluation", id);
        }
        if (commit_or_reply(r, err, "evaluation")) {
            reply_eval(r, 200, id);
        }
    }
    evals_free(&cur);
}

/* PATCH /v1/evaluations/{id} (If-Match). */
void evals_patch(struct req *r)
{
    with_notes(r, patch_with);
}

/* The body of POST /v1/evaluations/{id}/decisions. */
struct decision {
    char action[12], reason[2001];
};
static const struct field decision_fields[] = {
    FIELD_ENUM("action", struct decision, action, actions, 0),
    FIELD_TEXT("reason", struct decision, reason, 500, FF_NULLABLE),
};

/* Reads the decision body into d: an action, and a reason when not naming. False when it
 * has replied. */
static bool decision_read_or_reply(struct req *r, struct decision *d)
{
    struct verrs v = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, decision_fields, ARRAY_LEN(decision_fields), d, true, NULL, &v);
    if (v.n == 0 && !d->action[0]) {
        verr_add(&v, "action", "is required: name, not_name or nominate");
    }
    if (v.n == 0 && strcmp(d->action, "not_name") == 0 && !d->reason[0]) {
        verr_add(&v, "reason", "is required when not naming");
    }
    return verrs_ok_or_reply(r, &v);
}

/* Applies decision d to evaluation e, at version, in one unit of work. False when it has
 * replied (409 when the decision is not the caller's to take or does not apply). */
static bool decide_or_reply(struct req *r, const struct eval_rec *e, int64_t version,
                            const struct decision *d)
{
    const char *to_stage = NULL, *to_state = NULL, *named = NULL;
    struct eval_scope scope = eval_scope_of(r);
    char msg[128];
    int rank = eval_stage_rank(e->stage);
    if (rank != eval_caller_rank(r)) {
        snprintf(msg, sizeof(msg), "the evaluation waits for the %s office's decision", e->stage);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return false;
    }
    if (!eval_decide_next(d->action, e->stage, e->state, &to_stage, &to_state, &named)) {
        snprintf(msg, sizeof(msg), "cannot %s an evaluation that is %s at the %s level%s", d->action,
                 e->state, e->stage,
                 strcmp(d->action, "nominate") == 0 && rank == 3 ? " (the province is the top level)" : "");
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return false;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = evals_db_decide(r->db, &scope, e->id, version, to_stage, to_state, named);
    }
    if (err == YH_OK) {
        err = evals_db_step(r->db, e->id, d->action, e->stage, r->claims.office, r->claims.sub, d->reason);
    }
    if (err == YH_OK && named) {
        err = evals_db_sync_branch(r->db, e->branch_id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "evaluation.decide", "evaluation", e->id);
    }
    if (!commit_or_reply(r, err, "evaluation")) {
        return false;
    }
    req_invalidate(r, e->office); /* the branch's status and its office's statistics */
    return true;
}

/* POST /v1/evaluations/{id}/decisions {action, reason} (If-Match): name (pending → named
 * at this level), not_name (pending → not_named, with a reason), nominate (named →
 * pending at the next level). */
void evals_decide(struct req *r)
{
    struct decision d = {0};
    struct evals cur;
    int64_t id = 0, version = 0;
    if (!decision_read_or_reply(r, &d) || !req_if_match_or_reply(r, &version) ||
        !eval_of_path_or_reply(r, &id, &cur)) {
        return;
    }
    if (decide_or_reply(r, &cur.items[0], version, &d)) {
        reply_eval(r, 200, id);
    }
    evals_free(&cur);
}

/* Reads ?office= (one office under the caller's; NULL: all) into *of. False when it has
 * replied 400. */
static bool office_query_or_reply(struct req *r, const char **of)
{
    struct verrs v = {0};
    *of = query_get(&r->q, "office");
    if (*of && gbt2260_level(*of) == LEVEL_INVALID) {
        verr_add(&v, "office", "must be a six-digit office code");
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return false;
    }
    return true;
}

/* GET /v1/evaluations?year=&stage=&state=&office=: what the caller sees, newest first. */
void evals_list(struct req *r)
{
    struct evals e;
    struct eval_scope scope = eval_scope_of(r);
    const char *stage = NULL, *state = NULL, *of = NULL;
    char after[24], last[24];
    int limit;
    int64_t year;
    if (!page_params_or_reply(r, "evaluations", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "stage", eval_stages, &stage) ||
        !query_enum_or_reply(r, "state", states, &state) ||
        !year_or_reply(r, query_get(&r->q, "year"), &year) || !office_query_or_reply(r, &of)) {
        return;
    }
    enum yh_err err = evals_db_list(r->db, &scope, year, stage, state, of,
                                    after[0] ? strtoll(after, NULL, 10) : 0, limit, &e);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = e.n > (size_t)limit ? (size_t)limit : e.n;
    snprintf(last, sizeof(last), "%lld", shown ? (long long)e.items[shown - 1].id : 0LL);
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, eval_summary(&e.items[i]));
    }
    bool more = e.n > shown;
    evals_free(&e);
    reply_json_take(r, 200, page_body(r, "evaluations", items, more ? last : NULL));
}
