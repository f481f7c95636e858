/* Study records (三个一: a good book read, a reflection written, a good deed done):
 * /v1/study. A member records its own from the app; a secretary for its branch's members;
 * staff for anyone of the office. Credits follow the office's rule (default: book 1,
 * reflection 2, deed 1, study session attended 1; sessions come from organisational life:
 * study sessions and lectures attended or delivered at home). A secretary or staff may
 * feature a reflection in the member's branch's special issue (专刊), which the app reads
 * at /v1/branches/{id}/special-issue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/orglife.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/study_db.h"

static const char *const kinds[] = {"book", "reflection", "deed", NULL};
static const char *const rule_kinds[] = {"book", "reflection", "deed", "session", NULL};

static const struct jcol study_cols[] = {
    {"id", JC_ID},         {"member_id", JC_ID}, {"member_name", JC_STR},
    {"branch_id", JC_ID},  {"kind", JC_STR},     {"title", JC_STR},
    {"body", JC_STR},      {"done_on", JC_STR},  {"featured_branch_id", JC_ID},
    {"created_at", JC_STR}};

/* A year as [from, to) dates (default this year). false after a 400. */
static bool year_range_or_reply(struct req *r, char from[16], char to[16], int *year)
{
    int64_t y;
    if (!year_or_reply(r, query_get(&r->q, "year"), &y)) {
        return false;
    }
    *year = (int)y;
    snprintf(from, 16, "%04d-01-01", *year % 10000);
    snprintf(to, 16, "%04d-01-01", (*year + 1) % 10000);
    return true;
}

static bool people_or_reply(struct req *r)
{
    if (req_is_staff(r) || req_is_secretary(r) || (req_is_member(r) && r->claims.member_id)) {
        return true;
    }
    reply_problem(r, YH_ERR_FORBIDDEN,
                  "study records are kept by members, their secretaries and office staff", NULL);
    return false;
}

void study_create(struct req *r)
{
    static const char *const fields[] = {"kind", "title", "body", "done_on", "member_id", NULL};
    struct study_record s;
    struct verrs v = {0};
    char today[11];
    int64_t id = 0;
    if (!people_or_reply(r) || !req_fields_or_reply(r, fields)) {
        return;
    }
    memset(&s, 0, sizeof(s));
    s.body = calloc(1, 32001);
    if (s.body == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    today_cn(today);
    json_take_enum(r->json, "kind", false, kinds, s.kind, sizeof(s.kind), &v);
    json_take_text(r->json, "title", false, 200, s.title, sizeof(s.title), &v);
    json_take_text(r->json, "body", true, 8000, s.body, 32001, &v);
    json_take_date(r->json, "done_on", false, s.done_on, &v);
    if (v.n == 0 && (!s.kind[0] || !s.title[0] || !s.done_on[0])) {
        verr_add(&v, !s.kind[0] ? "kind" : !s.title[0] ? "title" : "done_on", "is required");
    }
    if (v.n == 0 && strcmp(s.kind, "reflection") == 0 && !s.body[0]) {
        verr_add(&v, "body", "a reflection needs its text");
    }
    if (v.n == 0 && (strcmp(s.done_on, today) > 0 || strcmp(s.done_on, "2000-01-01") < 0)) {
        verr_add(&v, "done_on", "must be a day from 2000 up to today");
    }
    bool for_other = cJSON_GetObjectItemCaseSensitive(r->json, "member_id") != NULL;
    if (req_is_member(r) && !req_is_staff(r) && !req_is_secretary(r)) {
        if (for_other) {
            verr_add(&v, "member_id", "a member records its own");
        }
        s.member_id = r->claims.member_id;
    } else {
        json_take_id(r->json, "member_id", false, &s.member_id, &v);
        if (v.n == 0 && !s.member_id) {
            verr_add(&v, "member_id", "is required");
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        free(s.body);
        return;
    }
    struct member m;
    if (members_db_get(r->db, r->claims.office, s.member_id, &m) != YH_OK) {
        verr_add(&v, "member_id", "no such member in this office");
        verrs_ok_or_reply(r, &v);
        free(s.body);
        return;
    }
    if (!member_reachable_or_reply(r, s.member_id)) {
        free(s.body);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = study_db_insert(r->db, r->claims.office, &s, r->claims.sub, &id);
    }
    free(s.body);
    err = db_finish(r->db, err);
    struct db_rows rows;
    if (err == YH_OK) {
        err = study_db_get(r->db, r->claims.office, id, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = json_row(&rows, 0, study_cols);
    db_rows_free(&rows);
    reply_json_take(r, 201, j);
}

void study_list(struct req *r)
{
    struct db_rows rows;
    const char *kind = NULL;
    int64_t member = 0, branch = 0;
    int limit, year;
    char after[24], from[16], to[16];
    if (!people_or_reply(r) || !page_params_or_reply(r, "study", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "kind", kinds, &kind) || !query_id_or_reply(r, "member", &member) ||
        !year_range_or_reply(r, from, to, &year)) {
        return;
    }
    if (!req_is_staff(r)) {
        if (req_is_secretary(r)) {
            branch = r->claims.branch_id;
        } else {
            member = r->claims.member_id;
        }
    }
    enum yh_err err = study_db_list(r->db, r->claims.office, member, branch, kind, from, to,
                                    after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, page_of_rows(r, "study", &rows, limit, study_cols));
}

/* POST /{id}/feature {featured}: staff, or the secretary of the member's branch; reflections only. */
void study_feature(struct req *r)
{
    static const char *const fields[] = {"featured", NULL};
    struct db_rows rows;
    struct verrs v = {0};
    int64_t id = 0;
    bool featured = true;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, fields)) {
        return;
    }
    if (!req_is_staff(r) && !req_is_secretary(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "secretaries and office staff feature reflections", NULL);
        return;
    }
    json_get_bool(r->json, "featured", true, &featured, NULL, &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = study_db_get(r->db, r->claims.office, id, &rows);
    int64_t branch = err == YH_OK ? db_i64(&rows, 0, 3) : 0;
    bool reflection = err == YH_OK && strcmp(db_str(&rows, 0, 4), "reflection") == 0;
    if (err == YH_OK) {
        db_rows_free(&rows);
    }
    if (err == YH_OK && req_is_secretary(r) && !req_is_staff(r) && branch != r->claims.branch_id) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such study record" : NULL, NULL);
        return;
    }
    if (!reflection || (featured && branch == 0)) {
        reply_problem(r, YH_ERR_CONFLICT,
                      !reflection ? "only reflections are featured"
                                  : "the member has no branch to feature it in",
                      NULL);
        return;
    }
    err = study_db_feature(r->db, r->claims.office, id, featured ? branch : 0);
    if (err == YH_OK) {
        err = study_db_get(r->db, r->claims.office, id, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *j = json_row(&rows, 0, study_cols);
    db_rows_free(&rows);
    reply_json_take(r, 200, j);
}

/* GET /v1/branches/{id}/special-issue?year: the branch's featured reflections, for its
 * members' app, its secretary and staff. */
void study_special_issue(struct req *r)
{
    static const struct jcol cols[] = {
        {"id", JC_ID}, {"author", JC_STR}, {"title", JC_STR}, {"body", JC_STR}, {"done_on", JC_STR}};
    struct db_rows rows;
    int64_t branch = 0;
    int year;
    char from[16], to[16];
    if (!id_param_or_reply(r, &branch) || !year_range_or_reply(r, from, to, &year)) {
        return;
    }
    /* the branch must be the caller's office's: staff, its secretary, or its members */
    struct branch b;
    enum yh_err err = branches_db_get(r->db, r->claims.office, branch, &b);
    bool allowed =
        err == YH_OK && (req_is_staff(r) || (req_is_secretary(r) && r->claims.branch_id == branch));
    if (err == YH_OK && !allowed && req_is_member(r) && r->claims.member_id) {
        struct member m;
        allowed = members_db_get(r->db, r->claims.office, r->claims.member_id, &m) == YH_OK &&
                  m.branch_id == branch;
    }
    if (err == YH_OK) {
        err = allowed ? study_db_special_issue(r->db, branch, from, to, &rows) : YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such branch" : NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    json_add_id(body, "branch_id", branch);
    cJSON_AddNumberToObject(body, "year", year);
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

static enum yh_err rules_json(struct req *r, int64_t credits[4], cJSON **out)
{
    struct db_rows rows;
    enum yh_err err = study_db_rules(r->db, r->claims.office, &rows);
    if (err != YH_OK) {
        return err;
    }
    *out = cJSON_CreateObject();
    for (size_t i = 0; i < rows.nrows; i++) {
        for (int k = 0; k < 4; k++) {
            if (strcmp(rule_kinds[k], db_str(&rows, i, 0)) == 0) {
                credits[k] = db_i64(&rows, i, 1);
                cJSON_AddNumberToObject(*out, rule_kinds[k], (double)credits[k]);
            }
        }
    }
    db_rows_free(&rows);
    return YH_OK;
}

void study_rules_get(struct req *r)
{
    int64_t credits[4] = {0};
    cJSON *j = NULL;
    enum yh_err err = rules_json(r, credits, &j);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

void study_rules_put(struct req *r)
{
    struct verrs v = {0};
    int64_t c[4] = {0};
    if (!req_fields_or_reply(r, rule_kinds)) {
        return;
    }
    for (int k = 0; k < 4; k++) {
        json_get_int(r->json, rule_kinds[k], true, 0, 20, &c[k], NULL, &v);
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    for (int k = 0; err == YH_OK && k < 4; k++) {
        err = study_db_set_rule(r->db, r->claims.office, rule_kinds[k], c[k]);
    }
    if (err == YH_OK) {
        err = req_audit(r, "study.rules", "office", 0);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    study_rules_get(r);
}

/* GET /summary?year&branch: per member and per branch, counts and credits. */
void study_summary(struct req *r)
{
    struct db_rows rows;
    int64_t branch = 0, credits[4] = {0};
    int year;
    char from[16], to[16];
    cJSON *rules = NULL;
    if (!req_is_staff(r) && !req_is_secretary(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "secretaries and office staff read summaries", NULL);
        return;
    }
    if (!query_id_or_reply(r, "branch", &branch) || !year_range_or_reply(r, from, to, &year)) {
        return;
    }
    if (!req_is_staff(r)) {
        branch = r->claims.branch_id;
    }
    enum yh_err err = rules_json(r, credits, &rules);
    if (err == YH_OK) {
        err = study_db_summary(r->db, r->claims.office, branch, from, to, &rows);
    }
    if (err != YH_OK) {
        cJSON_Delete(rules);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", year);
    cJSON_AddItemToObject(body, "rules", rules);
    cJSON *members = cJSON_AddArrayToObject(body, "members");
    cJSON *branches = cJSON_AddArrayToObject(body, "branches");
    for (size_t i = 0; i < rows.nrows; i++) {
        int64_t n[4], total = 0;
        for (int k = 0; k < 4; k++) {
            n[k] = db_i64(&rows, i, 4 + (size_t)k);
            total += n[k] * credits[k];
        }
        cJSON *m = cJSON_CreateObject();
        json_add_id(m, "member_id", db_i64(&rows, i, 0));
        cJSON_AddStringToObject(m, "name", db_str(&rows, i, 1));
        json_add_id(m, "branch_id", db_i64(&rows, i, 2));
        cJSON_AddNumberToObject(m, "books", (double)n[0]);
        cJSON_AddNumberToObject(m, "reflections", (double)n[1]);
        cJSON_AddNumberToObject(m, "deeds", (double)n[2]);
        cJSON_AddNumberToObject(m, "sessions", (double)n[3]);
        cJSON_AddNumberToObject(m, "credits", (double)total);
        cJSON_AddItemToArray(members, m);
        /* the branch row (rows come ordered by member; branches are few: linear search) */
        cJSON *b = NULL, *it = NULL;
        cJSON_ArrayForEach(it, branches)
        {
            const cJSON *bid = cJSON_GetObjectItemCaseSensitive(it, "branch_id");
            if (cJSON_IsString(bid) && db_i64(&rows, i, 2) == strtoll(bid->valuestring, NULL, 10)) {
                b = it;
            }
        }
        if (b == NULL) {
            b = cJSON_CreateObject();
            json_add_id(b, "branch_id", db_i64(&rows, i, 2));
            json_add_opt(b, "name", db_str(&rows, i, 3));
            static const char *const keys[] = {"members", "books",    "reflections",
                                               "deeds",   "sessions", "credits"};
            for (int k = 0; k < 6; k++) {
                cJSON_AddNumberToObject(b, keys[k], 0);
            }
            cJSON_AddItemToArray(branches, b);
        }
        static const char *const add[] = {"books", "reflections", "deeds", "sessions"};
        cJSON *x = cJSON_GetObjectItemCaseSensitive(b, "members");
        cJSON_SetNumberValue(x, x->valuedouble + 1);
        for (int k = 0; k < 4; k++) {
            x = cJSON_GetObjectItemCaseSensitive(b, add[k]);
            cJSON_SetNumberValue(x, x->valuedouble + (double)n[k]);
        }
        x = cJSON_GetObjectItemCaseSensitive(b, "credits");
        cJSON_SetNumberValue(x, x->valuedouble + (double)total);
    }
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}
