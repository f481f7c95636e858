/* Study records (三个一: a good book read, a reflection written, a good deed done):
 * /v1/study. A member records its own from the app; a secretary for its branch's members;
 * staff for anyone of the office. Credits follow the office's rule (default: book 1,
 * reflection 2, deed 1, study session attended 1; sessions come from organisational life:
 * study sessions and lectures attended or delivered at home). A secretary or staff may
 * feature a reflection in the member's branch's special issue (专刊), which the app reads
 * at /v1/branches/{id}/special-issue (special_issue.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/orglife.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/study_db.h"
#include "yinhui/typed_rows.h"

#define STUDY_BODY_MAX 32001 /* 8000 characters of up to four bytes, and the NUL */

static const char *const kinds[] = {"book", "reflection", "deed", NULL};
static const char *const rule_kinds[] = {"book", "reflection", "deed", "session", NULL};

bool study_year_or_reply(struct req *r, char from[16], char to[16], int *year)
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

/* Whether the caller keeps study records at all (staff, secretaries, members with a
 * member id); replies 403 when not. */
static bool people_or_reply(struct req *r)
{
    if (req_is_staff(r) || req_is_secretary(r) || (req_is_member(r) && r->claims.member_id)) {
        return true;
    }
    reply_problem(r, YH_ERR_FORBIDDEN,
                  "study records are kept by members, their secretaries and office staff", NULL);
    return false;
}

/* Reads the record's own fields into s (s->body has STUDY_BODY_MAX bytes), adding
 * faults to v. */
static void record_read(struct req *r, struct study_record *s, struct verrs *v)
{
    char today[11];
    today_cn(today);
    json_take_enum(r->json, "kind", false, kinds, s->kind, sizeof(s->kind), v);
    json_take_text(r->json, "title", false, 200, s->title, sizeof(s->title), v);
    json_take_text(r->json, "body", true, 8000, s->body, STUDY_BODY_MAX, v);
    json_take_date(r->json, "done_on", false, s->done_on, v);
    if (v->n == 0 && (!s->kind[0] || !s->title[0] || !s->done_on[0])) {
        verr_add(v, !s->kind[0] ? "kind" : !s->title[0] ? "title" : "done_on", "is required");
    }
    if (v->n == 0 && strcmp(s->kind, "reflection") == 0 && !s->body[0]) {
        verr_add(v, "body", "a reflection needs its text");
    }
    if (v->n == 0 && (strcmp(s->done_on, today) > 0 || strcmp(s->done_on, "2000-01-01") < 0)) {
        verr_add(v, "done_on", "must be a day from 2000 up to today");
    }
}

/* Whose record it is: a member records its own; secretaries and staff name the member.
 * Adds to v when the body says otherwise. */
static void record_member(struct req *r, struct study_record *s, struct verrs *v)
{
    bool for_other = cJSON_GetObjectItemCaseSensitive(r->json, "member_id") != NULL;
    if (req_is_member(r) && !req_is_staff(r) && !req_is_secretary(r)) {
        if (for_other) {
            verr_add(v, "member_id", "a member records its own");
        }
        s->member_id = r->claims.member_id;
        return;
    }
    json_take_id(r->json, "member_id", false, &s->member_id, v);
    if (v->n == 0 && !s->member_id) {
        verr_add(v, "member_id", "is required");
    }
}

/* Reads the body into s and checks its member is the caller's to record for. False when
 * it has replied. */
static bool record_read_or_reply(struct req *r, struct study_record *s)
{
    struct verrs v = {0};
    struct member m;
    record_read(r, s, &v);
    record_member(r, s, &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return false;
    }
    if (members_db_get(r->db, r->claims.office, s->member_id, &m) != YH_OK) {
        verr_add(&v, "member_id", "no such member in this office");
        return verrs_ok_or_reply(r, &v);
    }
    return member_reachable_or_reply(r, s->member_id);
}

/* A record as the API shows it (typed_page's to_json). */
static cJSON *study_json(const void *row)
{
    return fm_to_json(study_map, study_map_n, row);
}

/* The cursor key of a record: its day done and its id (the list's order). */
static void study_key(const void *row, char *out, size_t len)
{
    const struct study_row *s = row;
    snprintf(out, len, "%s|%lld", s->done_on, (long long)s->id);
}

/* Replies with record id (status 200 or 201). */
static void study_reply(struct req *r, int status, int64_t id)
{
    struct study_row *s = calloc(1, sizeof(*s));
    enum yh_err err = s != NULL ? study_db_get(r->db, r->claims.office, id, s) : YH_ERR_INTERNAL;
    if (err != YH_OK) {
        free(s);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = fm_to_json(study_map, study_map_n, s);
    free(s);
    reply_json_take(r, status, j);
}

/* POST /v1/study {kind, title, body, done_on[, member_id]}. */
void study_create(struct req *r)
{
    static const char *const fields[] = {"kind", "title", "body", "done_on", "member_id", NULL};
    struct study_record s;
    int64_t id = 0;
    if (!people_or_reply(r) || !req_fields_or_reply(r, fields)) {
        return;
    }
    memset(&s, 0, sizeof(s));
    s.body = calloc(1, STUDY_BODY_MAX);
    if (s.body == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (record_read_or_reply(r, &s)) {
        enum yh_err err = db_begin(r->db);
        if (err == YH_OK) {
            err = study_db_insert(r->db, r->claims.office, &s, r->claims.sub, &id);
        }
        if (commit_or_reply(r, err, "study record")) {
            study_reply(r, 201, id);
        }
    }
    free(s.body);
}

/* GET /v1/study?kind&member&year: a page, newest first; a secretary sees its branch's
 * members, a member its own. */
void study_list(struct req *r)
{
    struct study_row *rows = NULL;
    size_t n = 0;
    struct study_list_query q = {0};
    int year;
    char after[48], from[16], to[16];
    if (!people_or_reply(r) || !page_params_or_reply(r, "study", &q.limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "kind", kinds, &q.kind) || !query_id_or_reply(r, "member", &q.member_id) ||
        !study_year_or_reply(r, from, to, &year)) {
        return;
    }
    if (!req_is_staff(r)) {
        if (req_is_secretary(r)) {
            q.branch_id = r->claims.branch_id;
        } else {
            q.member_id = r->claims.member_id;
        }
    }
    /* the cursor is the last record shown: its day and id (study_key); the service signs
     * it, so one that does not read so is an earlier release's, and starts again */
    if (after[0] && sscanf(after, "%10[0-9-]|%" SCNd64, q.after_on, &q.after_id) != 2) {
        q.after_on[0] = '\0';
    }
    q.from = from;
    q.to = to;
    enum yh_err err = study_db_list(r->db, r->claims.office, &q, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = typed_page(r, "study", rows, n, sizeof(*rows), q.limit, study_json, study_key);
    free(rows);
    reply_json_take(r, 200, body);
}

/* Reads record id's branch (the member's, 0 without one) and whether it is a reflection,
 * when the caller may feature it: staff, or the secretary of that branch; NOT_FOUND
 * otherwise. */
static enum yh_err feature_target(struct req *r, int64_t id, int64_t *branch, bool *reflection)
{
    struct study_row *s = calloc(1, sizeof(*s));
    enum yh_err err = s != NULL ? study_db_get(r->db, r->claims.office, id, s) : YH_ERR_INTERNAL;
    if (err == YH_OK) {
        *branch = s->branch_id;
        *reflection = strcmp(s->kind, "reflection") == 0;
    }
    free(s);
    if (err != YH_OK) {
        return err;
    }
    if (req_is_secretary(r) && !req_is_staff(r) && *branch != r->claims.branch_id) {
        return YH_ERR_NOT_FOUND;
    }
    return YH_OK;
}

/* POST /v1/study/{id}/feature {featured}: staff, or the secretary of the member's branch;
 * reflections only. */
void study_feature(struct req *r)
{
    static const char *const fields[] = {"featured", NULL};
    struct verrs v = {0};
    int64_t id = 0, branch = 0;
    bool featured = true, reflection = false;
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
    enum yh_err err = feature_target(r, id, &branch, &reflection);
    if (err != YH_OK) {
        reply_error(r, err, "study record");
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
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    study_reply(r, 200, id);
}

/* The office's credits: credits[k] for rule_kinds[k], and as an object into *out
 * (caller owns). */
static enum yh_err rules_json(struct req *r, int64_t credits[STUDY_KINDS], cJSON **out)
{
    struct study_credit c[STUDY_KINDS];
    size_t n = 0;
    enum yh_err err = study_db_rules(r->db, r->claims.office, c, &n);
    if (err != YH_OK) {
        return err;
    }
    *out = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < STUDY_KINDS; k++) {
            if (strcmp(rule_kinds[k], c[i].kind) == 0) {
                credits[k] = c[i].credits;
                cJSON_AddNumberToObject(*out, rule_kinds[k], (double)credits[k]);
            }
        }
    }
    return YH_OK;
}

/* GET /v1/study/rules: {book, reflection, deed, session} credits. */
void study_rules_get(struct req *r)
{
    int64_t credits[STUDY_KINDS] = {0};
    cJSON *j = NULL;
    enum yh_err err = rules_json(r, credits, &j);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

/* The credits body: every kind's credits (0-20), in rule_kinds order. */
struct credits_body {
    int64_t c[STUDY_KINDS];
};
static const struct field credit_fields[] = {
    FIELD_INT("book", struct credits_body, c[0], 0, 20, FF_REQUIRED),
    FIELD_INT("reflection", struct credits_body, c[1], 0, 20, FF_REQUIRED),
    FIELD_INT("deed", struct credits_body, c[2], 0, 20, FF_REQUIRED),
    FIELD_INT("session", struct credits_body, c[3], 0, 20, FF_REQUIRED),
};

/* PUT /v1/study/rules {book, reflection, deed, session}: every kind's credits. */
void study_rules_put(struct req *r)
{
    struct credits_body b = {{0}};
    if (!body_read_or_reply(r, credit_fields, ARRAY_LEN(credit_fields), &b, true, NULL)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    for (int k = 0; err == YH_OK && k < STUDY_KINDS; k++) {
        err = study_db_set_rule(r->db, r->claims.office, rule_kinds[k], b.c[k]);
    }
    if (err == YH_OK) {
        err = req_audit(r, "study.rules", "office", 0);
    }
    if (commit_or_reply(r, err, "study rules")) {
        study_rules_get(r);
    }
}

/* A member's line of the summary, with its credits into *total. */
static cJSON *summary_member(const struct study_tally *t, const int64_t credits[STUDY_KINDS], int64_t *total)
{
    cJSON *m = fm_to_json(tally_map, tally_map_n, t);
    *total = 0;
    for (int k = 0; k < STUDY_KINDS; k++) {
        *total += t->n[k] * credits[k];
    }
    cJSON_AddNumberToObject(m, "credits", (double)*total);
    return m;
}

/* Adds member t (total credits) to its branch's line in branches, creating the line on
 * first sight (rows come ordered by member; branches are few: linear search). */
static void summary_branch_add(cJSON *branches, const struct study_tally *t, int64_t total)
{
    static const char *const keys[] = {"members", "books", "reflections", "deeds", "sessions", "credits"};
    cJSON *b = NULL, *it = NULL, *x = NULL;
    cJSON_ArrayForEach(it, branches)
    {
        const cJSON *bid = cJSON_GetObjectItemCaseSensitive(it, "branch_id");
        if (cJSON_IsString(bid) && t->branch_id == strtoll(bid->valuestring, NULL, 10)) {
            b = it;
        }
    }
    if (b == NULL) {
        b = cJSON_CreateObject();
        json_add_id(b, "branch_id", t->branch_id);
        json_add_opt(b, "name", t->branch_name);
        for (int k = 0; k < 6; k++) {
            cJSON_AddNumberToObject(b, keys[k], 0);
        }
        cJSON_AddItemToArray(branches, b);
    }
    x = cJSON_GetObjectItemCaseSensitive(b, "members");
    cJSON_SetNumberValue(x, x->valuedouble + 1);
    for (int k = 0; k < STUDY_KINDS; k++) {
        x = cJSON_GetObjectItemCaseSensitive(b, keys[k + 1]);
        cJSON_SetNumberValue(x, x->valuedouble + (double)t->n[k]);
    }
    x = cJSON_GetObjectItemCaseSensitive(b, "credits");
    cJSON_SetNumberValue(x, x->valuedouble + (double)total);
}

/* The summary body for year: the rules (taken), then per member and per branch the
 * counts in t[0..n) and the credits they earn. Caller owns the result. */
static cJSON *summary_json(const struct study_tally *t, size_t n, int year, cJSON *rules,
                           const int64_t credits[STUDY_KINDS])
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", year);
    cJSON_AddItemToObject(body, "rules", rules);
    cJSON *members = cJSON_AddArrayToObject(body, "members");
    cJSON *branches = cJSON_AddArrayToObject(body, "branches");
    for (size_t i = 0; i < n; i++) {
        int64_t total = 0;
        cJSON_AddItemToArray(members, summary_member(&t[i], credits, &total));
        summary_branch_add(branches, &t[i], total);
    }
    return body;
}

/* GET /v1/study/summary?year&branch: per member and per branch, counts and credits. */
void study_summary(struct req *r)
{
    struct study_tally *rows = NULL;
    size_t n = 0;
    int64_t branch = 0, credits[STUDY_KINDS] = {0};
    int year;
    char from[16], to[16];
    cJSON *rules = NULL;
    if (!req_is_staff(r) && !req_is_secretary(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "secretaries and office staff read summaries", NULL);
        return;
    }
    if (!query_id_or_reply(r, "branch", &branch) || !study_year_or_reply(r, from, to, &year)) {
        return;
    }
    if (!req_is_staff(r)) {
        branch = r->claims.branch_id;
    }
    enum yh_err err = rules_json(r, credits, &rules);
    if (err == YH_OK) {
        err = study_db_summary(r->db, r->claims.office, branch, from, to, &rows, &n);
    }
    if (err != YH_OK) {
        cJSON_Delete(rules);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = summary_json(rows, n, year, rules, credits);
    free(rows);
    reply_json_take(r, 200, body);
}
