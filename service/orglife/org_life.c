/* The office's organisational-life rules and the branches' compliance with them:
 * /v1/org-life/rules and /v1/org-life/compliance. The judging is compliance.c's. */
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/compliance.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife.h"
#include "yinhui/orglife_db.h"
#include "yinhui/reach.h"

#define RULES_PUT_MAX 7

/* The office's rules (seeding the default on first use) into rules, *n of them. */
static enum yh_err rules_load(struct req *r, struct orglife_rule rules[RULES_MAX], size_t *n)
{
    enum yh_err err = rules_db_ensure(r->db, r->claims.office);
    return err == YH_OK ? rules_db_list(r->db, r->claims.office, rules, n) : err;
}

/* GET /v1/org-life/rules: {rules: [{kind, period, times}]}. */
void orglife_rules_get(struct req *r)
{
    struct orglife_rule rules[RULES_MAX];
    size_t n = 0;
    enum yh_err err = rules_load(r, rules, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(body, "rules");
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", rules[i].kind);
        cJSON_AddStringToObject(o, "period", rules[i].period);
        cJSON_AddNumberToObject(o, "times", (double)rules[i].times);
        cJSON_AddItemToArray(list, o);
    }
    reply_json_take(r, 200, body);
}

/* Reads rule it into rule (the n before it in rules), adding its faults to e. */
static void rule_read(const cJSON *it, struct orglife_rule *rules, int n, struct verrs *e)
{
    static const char *const kinds[] = {"member_meeting", "committee_meeting",
                                        "group_meeting",  "lecture",
                                        "theme_day",      "study",
                                        "other",          NULL};
    static const char *const periods[] = {"month", "quarter", "year", NULL};
    static const char *const fields[] = {"kind", "period", "times", NULL};
    struct orglife_rule *rule = &rules[n];
    json_check_fields(it, fields, e);
    json_take_enum(it, "kind", false, kinds, rule->kind, sizeof(rule->kind), e);
    json_take_enum(it, "period", false, periods, rule->period, sizeof(rule->period), e);
    json_get_int(it, "times", true, 1, 31, &rule->times, NULL, e);
    if (e->n == 0 && (!rule->kind[0] || !rule->period[0])) {
        verr_add(e, rule->kind[0] ? "period" : "kind", "is required");
    }
    for (int k = 0; e->n == 0 && k < n; k++) {
        if (strcmp(rules[k].kind, rule->kind) == 0) {
            verr_add(e, "kind", "appears twice");
        }
    }
}

/* Reads the body's rules into rules, *n of them. False when it has replied 422. */
static bool rules_read_or_reply(struct req *r, struct orglife_rule rules[RULES_PUT_MAX], int *n)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(r->json, "rules"), *it = NULL;
    struct verrs v = {0};
    *n = 0;
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > RULES_PUT_MAX) {
        verr_add(&v, "rules", "must be an array of at most 7 {kind, period, times}");
        return verrs_ok_or_reply(r, &v);
    }
    cJSON_ArrayForEach(it, list)
    {
        struct verrs e = {0};
        memset(&rules[*n], 0, sizeof(rules[*n]));
        if (!cJSON_IsObject(it)) {
            verr_add(&e, "", "must be an object");
        } else {
            rule_read(it, rules, *n, &e);
        }
        items_errors(&v, "rules", (size_t)*n, &e);
        (*n)++;
    }
    return verrs_ok_or_reply(r, &v);
}

/* PUT /v1/org-life/rules {rules: [...]}: replaces the office's rules; replies with them. */
void orglife_rules_put(struct req *r)
{
    static const char *const wrap[] = {"rules", NULL};
    struct orglife_rule rules[RULES_PUT_MAX];
    int n = 0;
    if (!req_fields_or_reply(r, wrap) || !rules_read_or_reply(r, rules, &n)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = rules_db_clear(r->db, r->claims.office);
    }
    for (int i = 0; err == YH_OK && i < n; i++) {
        err = rules_db_set(r->db, r->claims.office, rules[i].kind, rules[i].period, rules[i].times);
    }
    if (err == YH_OK) {
        err = req_audit(r, "org_life.rules", "office", atoll(r->claims.office));
    }
    if (commit_or_reply(r, err, "rules")) {
        orglife_rules_get(r);
    }
}

/* What compliance is judged on: the rules, the open branches, and the activity counts of
 * the year to the quarter's end and of the quarter. */
struct compliance_input {
    struct orglife_rule rules[RULES_MAX];
    size_t nrules, nbranches, nyear, nqtr;
    struct compliance_branch *branches;
    struct compliance_count *year, *qtr;
};

/* Frees what compliance_load filled (any part of it). */
static void compliance_input_free(struct compliance_input *in)
{
    free(in->branches);
    free(in->year);
    free(in->qtr);
}

/* Loads in for year and quarter (in zeroed by the caller; free it either way). */
static enum yh_err compliance_load(struct req *r, int year, int quarter, struct compliance_input *in)
{
    char from[32], to[32], yfrom[32];
    compliance_window(year, quarter, from, to, yfrom);
    enum yh_err err = rules_load(r, in->rules, &in->nrules);
    if (err == YH_OK) {
        err = compliance_db_branches(r->db, r->claims.office, &in->branches, &in->nbranches);
    }
    if (err == YH_OK) {
        err = compliance_db_counts(r->db, r->claims.office, yfrom, to, &in->year, &in->nyear);
    }
    if (err == YH_OK) {
        err = compliance_db_counts(r->db, r->claims.office, from, to, &in->qtr, &in->nqtr);
    }
    return err;
}

/* One branch's line {branch_id, name, behind, kinds}; *behind tells whether it is behind. */
static cJSON *branch_line(const struct compliance_input *in, int quarter, const struct compliance_branch *b,
                          bool *behind)
{
    struct compliance_kind k[RULES_MAX];
    *behind =
        compliance_judge(in->rules, in->nrules, quarter, b->id, in->year, in->nyear, in->qtr, in->nqtr, k);
    cJSON *kinds = cJSON_CreateArray();
    for (size_t i = 0; i < in->nrules; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", k[i].kind);
        cJSON_AddNumberToObject(o, "required", (double)k[i].required);
        cJSON_AddNumberToObject(o, "held", (double)k[i].held);
        cJSON_AddBoolToObject(o, "behind", k[i].behind);
        cJSON_AddItemToArray(kinds, o);
    }
    cJSON *j = fm_to_json(compliance_branch_map, compliance_branch_map_n, b);
    cJSON_AddBoolToObject(j, "behind", *behind);
    cJSON_AddItemToObject(j, "kinds", kinds);
    return j;
}

/* The compliance body for year and quarter: every branch's line when all, else those
 * behind. Caller owns the result. */
static cJSON *compliance_json(const struct compliance_input *in, int year, int quarter, bool all)
{
    cJSON *items = cJSON_CreateArray();
    int behind_n = 0;
    for (size_t i = 0; i < in->nbranches; i++) {
        bool behind = false;
        cJSON *line = branch_line(in, quarter, &in->branches[i], &behind);
        behind_n += behind;
        if (behind || all) {
            cJSON_AddItemToArray(items, line);
        } else {
            cJSON_Delete(line);
        }
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", year);
    cJSON_AddNumberToObject(body, "quarter", quarter);
    cJSON_AddNumberToObject(body, "branches", (double)in->nbranches);
    cJSON_AddNumberToObject(body, "behind", behind_n);
    cJSON_AddItemToObject(body, "items", items);
    return body;
}

/* GET /v1/org-life/compliance?year=&quarter=[&all=true]: per branch and ruled kind, the
 * number held against the number required in the quarter (monthly rules x3; yearly rules
 * are judged on the whole year in the fourth quarter). Branches behind by default. */
void orglife_compliance(struct req *r)
{
    struct compliance_input in = {0};
    char today[11];
    const char *all = query_get(&r->q, "all"), *bad = NULL;
    int year = 0, quarter = 0;
    today_cn(today);
    if (!compliance_quarter_parse(query_get(&r->q, "year"), query_get(&r->q, "quarter"), today, &year,
                                  &quarter, &bad)) {
        struct verrs e = {0};
        verr_add(&e, bad, "must be a year YYYY and a quarter 1-4");
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return;
    }
    enum yh_err err = compliance_load(r, year, quarter, &in);
    if (err == YH_OK) {
        reply_json_take(r, 200, compliance_json(&in, year, quarter, all && strcmp(all, "true") == 0));
    } else {
        reply_problem(r, err, NULL, NULL);
    }
    compliance_input_free(&in);
}
