/* /v1/evaluation-sheets: the office's scoring sheets (criteria with weights and maximum
 * scores) for the demonstration-branch evaluation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/eval_db.h"
#include "yinhui/evaluation.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/reach.h"

/* Sheet i of s with the criteria of s that are its, as JSON. Caller owns it. */
static cJSON *sheet_json(const struct sheets *s, size_t i)
{
    const struct sheet *sh = &s->items[i];
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", sh->id);
    cJSON_AddStringToObject(j, "name", sh->name);
    cJSON_AddStringToObject(j, "created_by", sh->created_by);
    cJSON_AddStringToObject(j, "created_at", sh->created_at);
    cJSON *cs = cJSON_AddArrayToObject(j, "criteria");
    for (size_t k = 0; k < s->ncrit; k++) {
        const struct sheet_criterion *c = &s->crit[k];
        if (c->sheet_id == sh->id) {
            cJSON *cj = cJSON_CreateObject();
            cJSON_AddStringToObject(cj, "code", c->code);
            cJSON_AddStringToObject(cj, "name", c->name);
            cJSON_AddNumberToObject(cj, "weight", (double)c->weight);
            cJSON_AddNumberToObject(cj, "max_score", (double)c->max_score);
            cJSON_AddItemToArray(cs, cj);
        }
    }
    return j;
}

/* The office's sheet id as JSON into *out (caller owns it; NOT_FOUND if none). */
static enum yh_err sheet_read(struct req *r, int64_t id, cJSON **out)
{
    struct sheets s;
    enum yh_err err = sheets_db_get(r->db, r->claims.office, id, &s);
    if (err == YH_OK) {
        *out = sheet_json(&s, 0);
        sheets_free(&s);
    }
    return err;
}

/* GET /v1/evaluation-sheets: the office's sheets, newest first. */
void esheets_list(struct req *r)
{
    struct sheets s;
    enum yh_err err = sheets_db_list(r->db, r->claims.office, &s);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject(), *items = cJSON_AddArrayToObject(body, "items");
    for (size_t i = 0; i < s.n; i++) {
        cJSON_AddItemToArray(items, sheet_json(&s, i));
    }
    sheets_free(&s);
    reply_json_take(r, 200, body);
}

/* GET /v1/evaluation-sheets/{id}. */
void esheets_get(struct req *r)
{
    int64_t id = 0;
    cJSON *j = NULL;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = sheet_read(r, id, &j);
    if (err != YH_OK) {
        reply_error(r, err, "scoring sheet");
        return;
    }
    reply_json_take(r, 200, j);
}

/* Whether s is a criterion code: 1 to 24 of a-z, 0-9 and _. */
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

/* Reads criterion n ({code, name, weight, max_score}, its code not among c[0..n)) into
 * c[n], adding its errors to v as criteria[n].<field>. False when it is no such object
 * (reading stops there). */
static bool criterion_take(const cJSON *it, struct eval_criterion *c, size_t n, struct verrs *v)
{
    static const char *const cfields[] = {"code", "name", "weight", "max_score", NULL};
    struct verrs e = {0};
    char f[64];
    if (!cJSON_IsObject(it) || !json_check_fields(it, cfields, &e)) {
        snprintf(f, sizeof(f), "criteria[%zu]", n);
        verr_add(v, f, "must be an object {code, name, weight, max_score}");
        return false;
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
        verr_add(v, f, e.e[k].message);
    }
    return true;
}

/* Reads the body of POST /v1/evaluation-sheets into name and c[0..*n) (1 to 20 criteria
 * whose weights add up to 100). False when it has replied. */
static bool sheet_read_or_reply(struct req *r, char name[401], struct eval_criterion *c, size_t *n)
{
    static const char *const fields[] = {"name", "criteria", NULL};
    struct verrs v = {0};
    int64_t weights = 0;
    if (!req_fields_or_reply(r, fields)) {
        return false;
    }
    json_take_text(r->json, "name", false, 100, name, 401, &v);
    if (!name[0] && v.n == 0) {
        verr_add(&v, "name", "is required");
    }
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(r->json, "criteria"), *it = NULL;
    if (!cJSON_IsArray(cs) || cJSON_GetArraySize(cs) < 1 || cJSON_GetArraySize(cs) > EVAL_CRITERIA_MAX) {
        verr_add(&v, "criteria", "must be an array of 1 to 20 {code, name, weight, max_score}");
        return verrs_ok_or_reply(r, &v);
    }
    cJSON_ArrayForEach(it, cs)
    {
        if (!criterion_take(it, c, *n, &v)) {
            break;
        }
        weights += c[*n].weight;
        (*n)++;
    }
    if (v.n == 0 && weights != 100) {
        verr_add(&v, "criteria", "weights must add up to 100");
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/evaluation-sheets {name, criteria}. */
void esheets_create(struct req *r)
{
    struct eval_criterion c[EVAL_CRITERIA_MAX];
    char name[401] = "";
    size_t n = 0;
    int64_t id = 0;
    cJSON *j = NULL;
    memset(c, 0, sizeof(c));
    if (!sheet_read_or_reply(r, name, c, &n)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = sheets_db_insert(r->db, r->claims.office, name, c, n, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "eval_sheet.create", "eval_sheet", id);
    }
    if (!commit_or_reply(r, err, "scoring sheet")) {
        return;
    }
    err = sheet_read(r, id, &j);
    if (err != YH_OK) {
        reply_error(r, err, "scoring sheet");
        return;
    }
    reply_created_take(r, "/v1/evaluation-sheets", id, j);
}
