/* The office's organisational-life rules and the branches' compliance with them:
 * /v1/org-life/rules, /v1/org-life/compliance (a quarter), /v1/org-life/compliance/report
 * (the year, per office) and /v1/branches/{id}/compliance (one branch's year). The
 * judging is compliance.c's. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/cache.h"
#include "yinhui/compliance.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife.h"
#include "yinhui/org_rules.h"
#include "yinhui/orglife_db.h"
#include "yinhui/party_groups_db.h"
#include "yinhui/reach.h"
#include "yinhui/util.h"

#define RULES_PUT_MAX RULES_MAX

/* The office's rules (seeding the default on first use) into rules, *n of them. */
static enum yh_err rules_load(struct req *r, struct orglife_rule rules[RULES_MAX], size_t *n)
{
    enum yh_err err = rules_db_ensure(r->db, r->claims.office);
    return err == YH_OK ? rules_db_list(r->db, r->claims.office, rules, n) : err;
}

/* GET /v1/org-life/rules: {rules: [{nature, kind, period, times}]}. */
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
        cJSON_AddStringToObject(o, "nature", rules[i].nature);
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
    static const char *const kinds[] = {
        "member_meeting", "committee_meeting", "group_meeting", "lecture",    "theme_day",         "study",
        "other",          "org_life_meeting",  "member_review", "heart_talk", "secretary_lecture", NULL};
    static const char *const periods[] = {"month", "quarter", "year", NULL};
    static const char *const natures[] = {"regular", "functional", "temporary", NULL};
    static const char *const fields[] = {"nature", "kind", "period", "times", NULL};
    struct orglife_rule *rule = &rules[n];
    json_check_fields(it, fields, e);
    json_take_enum(it, "nature", false, natures, rule->nature, sizeof(rule->nature), e);
    json_take_enum(it, "kind", false, kinds, rule->kind, sizeof(rule->kind), e);
    json_take_enum(it, "period", false, periods, rule->period, sizeof(rule->period), e);
    json_get_int(it, "times", true, 1, 31, &rule->times, NULL, e);
    if (!rule->nature[0]) {
        snprintf(rule->nature, sizeof(rule->nature), "regular");
    }
    if (e->n == 0 && (!rule->kind[0] || !rule->period[0])) {
        verr_add(e, rule->kind[0] ? "period" : "kind", "is required");
    }
    for (int k = 0; e->n == 0 && k < n; k++) {
        if (strcmp(rules[k].kind, rule->kind) == 0 && strcmp(rules[k].nature, rule->nature) == 0) {
            verr_add(e, "kind", "appears twice for this nature");
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
        verr_add(&v, "rules", "must be an array of at most 33 {nature, kind, period, times}");
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

/* Whether nature is the nature of one of rules[0..n). */
static bool nature_named(const struct orglife_rule *rules, int n, const char *nature)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(rules[i].nature, nature) == 0) {
            return true;
        }
    }
    return false;
}

/* PUT /v1/org-life/rules {rules: [...]}: replaces the office's rules for each branch
 * nature the body names (nature defaults to regular); the other natures keep theirs.
 * Replies with all of them. */
void orglife_rules_put(struct req *r)
{
    static const char *const wrap[] = {"rules", NULL};
    static const char *const natures[] = {"regular", "functional", "temporary"};
    struct orglife_rule rules[RULES_PUT_MAX];
    int n = 0;
    if (!req_fields_or_reply(r, wrap) || !rules_read_or_reply(r, rules, &n)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = rules_db_ensure(r->db, r->claims.office);
    }
    for (size_t k = 0; err == YH_OK && k < 3; k++) {
        if (nature_named(rules, n, natures[k])) {
            err = rules_db_clear(r->db, r->claims.office, natures[k]);
        }
    }
    for (int i = 0; err == YH_OK && i < n; i++) {
        err = rules_db_set(r->db, r->claims.office, &rules[i]);
    }
    if (err == YH_OK) {
        err = req_audit(r, "org_life.rules", "office", atoll(r->claims.office));
    }
    if (commit_or_reply(r, err, "rules")) {
        orglife_rules_get(r);
    }
}

/* Now in China time "YYYY-MM-DD HH:MM:SS": what has taken place by now counts. */
static void now_cn(char out[20])
{
    time_cn(now_s(), out);
}

/* The year's [from, to) as China times. */
static void year_window(int year, char from[20], char to[20])
{
    unsigned uy = (unsigned)year % 10000u;
    snprintf(from, 20, "%04u-01-01 00:00:00", uy);
    snprintf(to, 20, "%04u-01-01 00:00:00", (uy + 1) % 10000u);
}

/* acts and tallies are sorted by their first member, the branch: the index in base[0..n)
 * (elements of size bytes) of the first of branch's, and how many there are. */
static size_t branch_run(const void *base, size_t n, size_t size, int64_t branch, size_t *count)
{
    _Static_assert(offsetof(struct compliance_act, branch_id) == 0, "branch first");
    _Static_assert(offsetof(struct compliance_tally, branch_id) == 0, "branch first");
    const char *b = base;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (*(const int64_t *)(const void *)(b + mid * size) < branch) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    size_t end = lo;
    while (end < n && *(const int64_t *)(const void *)(b + end * size) == branch) {
        end++;
    }
    *count = end - lo;
    return lo;
}

/* The first of acts[0..n) (sorted by branch) of branch, and how many there are. */
static const struct compliance_act *acts_of(const struct compliance_act *acts, size_t n, int64_t branch,
                                            size_t *count)
{
    return acts + branch_run(acts, n, sizeof(*acts), branch, count);
}

/* What compliance is judged on: the rules, the open branches and the activities held
 * in the year up to now. */
struct compliance_input {
    struct orglife_rule rules[RULES_MAX];
    size_t nrules, nbranches, nacts;
    struct compliance_branch *branches;
    struct compliance_act *acts;
    struct compliance_tally *tallies; /* the report's: its acts are the office's member meetings */
    size_t ntallies;
    char now[20];
};

/* Frees what compliance_load filled (any part of it). */
static void compliance_input_free(struct compliance_input *in)
{
    free(in->branches);
    free(in->acts);
    free(in->tallies);
}

/* Loads in for the caller's office, year and branch (0: every branch); in zeroed by the
 * caller, freed by it either way. */
static enum yh_err compliance_load(struct req *r, int year, int64_t branch, struct compliance_input *in)
{
    char from[20], to[20];
    year_window(year, from, to);
    now_cn(in->now);
    enum yh_err err = rules_load(r, in->rules, &in->nrules);
    if (err == YH_OK) {
        err = compliance_db_branches(r->db, r->claims.office, branch, &in->branches, &in->nbranches);
    }
    if (err == YH_OK) {
        err = compliance_db_acts(r->db, r->claims.office, branch, from, to, in->now, &in->acts, &in->nacts);
    }
    return err;
}

/* Judges branch b on in for year into out, returning how many periods. */
static size_t branch_judge(const struct compliance_input *in, int year, const struct compliance_branch *b,
                           struct compliance_period out[COMPLIANCE_PERIODS_MAX])
{
    size_t na = 0;
    const struct compliance_act *acts = acts_of(in->acts, in->nacts, b->id, &na);
    return compliance_judge(in->rules, in->nrules, b->nature, year, in->now, b->founded_on, acts, na, out,
                            COMPLIANCE_PERIODS_MAX);
}

/* Judges branch b on the tallies of in for year into out, returning how many periods. */
static size_t branch_judge_tallies(const struct compliance_input *in, int year,
                                   const struct compliance_branch *b,
                                   struct compliance_period out[COMPLIANCE_PERIODS_MAX])
{
    char today[11];
    size_t nt = 0, first = branch_run(in->tallies, in->ntallies, sizeof(*in->tallies), b->id, &nt);
    snprintf(today, sizeof(today), "%.10s", in->now);
    return compliance_judge_tallies(in->rules, in->nrules, b->nature, year, today, b->founded_on,
                                    in->tallies + first, nt, out, COMPLIANCE_PERIODS_MAX);
}

/* One kind's line for quarter: {kind, period, required, held, behind, missing}, over
 * the periods of p[0..np) for rule that lie in the quarter and have begun. */
static cJSON *quarter_kind(int year, int quarter, const struct orglife_rule *rule,
                           const struct compliance_period *p, size_t np, bool *behind)
{
    int64_t required = 0, held = 0;
    cJSON *missing = cJSON_CreateArray();
    *behind = false;
    for (size_t i = 0; i < np; i++) {
        char label[12];
        if (p[i].rule != rule || !compliance_in_quarter(rule->period, p[i].index, quarter) ||
            p[i].state == CS_FUTURE || p[i].state == CS_NOT_JUDGED) {
            continue;
        }
        required += p[i].required;
        held += p[i].held;
        if (p[i].state == CS_MISSING) {
            *behind = true;
            compliance_period_label(year, rule->period, p[i].index, label);
            cJSON_AddItemToArray(missing, cJSON_CreateString(label));
        }
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", rule->kind);
    cJSON_AddStringToObject(o, "period", rule->period);
    cJSON_AddNumberToObject(o, "required", (double)required);
    cJSON_AddNumberToObject(o, "held", (double)held);
    cJSON_AddBoolToObject(o, "behind", *behind);
    cJSON_AddItemToObject(o, "missing", missing);
    return o;
}

/* One branch's line for quarter {branch_id, name, nature, founded_on, behind, kinds};
 * *behind tells whether it is behind. */
static cJSON *quarter_line(const struct compliance_input *in, int year, int quarter,
                           const struct compliance_branch *b, bool *behind)
{
    struct compliance_period *p = calloc(COMPLIANCE_PERIODS_MAX, sizeof(*p));
    size_t np = p != NULL ? branch_judge(in, year, b, p) : 0;
    cJSON *kinds = cJSON_CreateArray();
    *behind = false;
    for (size_t k = 0; k < in->nrules; k++) {
        bool kb = false;
        if (strcmp(in->rules[k].nature, b->nature) == 0) {
            cJSON_AddItemToArray(kinds, quarter_kind(year, quarter, &in->rules[k], p, np, &kb));
            *behind = *behind || kb;
        }
    }
    free(p);
    cJSON *j = fm_to_json(compliance_branch_map, compliance_branch_map_n, b);
    cJSON_AddBoolToObject(j, "behind", *behind);
    cJSON_AddItemToObject(j, "kinds", kinds);
    return j;
}

/* GET /v1/org-life/compliance?year=&quarter=[&all=true]: per branch and ruled kind, the
 * quarter's periods of the rule judged one by one (a monthly rule month by month, a
 * yearly one on the year): required and held over the periods begun, the missing ones.
 * Branches behind by default. */
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
    enum yh_err err = compliance_load(r, year, 0, &in);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        compliance_input_free(&in);
        return;
    }
    bool everyone = all && strcmp(all, "true") == 0;
    cJSON *items = cJSON_CreateArray();
    int behind_n = 0;
    for (size_t i = 0; i < in.nbranches; i++) {
        bool behind = false;
        cJSON *line = quarter_line(&in, year, quarter, &in.branches[i], &behind);
        behind_n += behind;
        if (behind || everyone) {
            cJSON_AddItemToArray(items, line);
        } else {
            cJSON_Delete(line);
        }
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", year);
    cJSON_AddNumberToObject(body, "quarter", quarter);
    cJSON_AddNumberToObject(body, "branches", (double)in.nbranches);
    cJSON_AddNumberToObject(body, "behind", behind_n);
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
    compliance_input_free(&in);
}

/* The missing periods of p[0..np) as [{kind, period}], *count of them. */
static cJSON *missing_json(int year, const struct compliance_period *p, size_t np, int64_t *count)
{
    cJSON *list = cJSON_CreateArray();
    *count = 0;
    for (size_t i = 0; i < np; i++) {
        char label[12];
        if (p[i].state != CS_MISSING) {
            continue;
        }
        compliance_period_label(year, p[i].rule->period, p[i].index, label);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", p[i].rule->kind);
        cJSON_AddStringToObject(o, "period", label);
        cJSON_AddItemToArray(list, o);
        (*count)++;
    }
    return list;
}

/* The member meetings of acts[0..n) held without their quorum, as
 * [{activity_id, held_at, voters, present}], *count of them. */
static cJSON *flagged_json(const struct compliance_act *acts, size_t n, const char *now, int64_t *count)
{
    cJSON *list = cJSON_CreateArray();
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        char id[24], held[26];
        if (!compliance_flagged(&acts[i], now)) {
            continue;
        }
        snprintf(id, sizeof(id), "%lld", (long long)acts[i].activity_id);
        time_cn_rfc3339(acts[i].held_at, held);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "activity_id", id);
        cJSON_AddStringToObject(o, "held_at", held);
        cJSON_AddNumberToObject(o, "voters", (double)acts[i].voters);
        cJSON_AddNumberToObject(o, "present", (double)acts[i].present);
        cJSON_AddItemToArray(list, o);
        (*count)++;
    }
    return list;
}

/* The rules of nature with each period's {period, from, to, required, held, state}. */
static cJSON *periods_json(const struct compliance_input *in, int year, const char *nature,
                           const struct compliance_period *p, size_t np)
{
    cJSON *rules = cJSON_CreateArray();
    for (size_t k = 0; k < in->nrules; k++) {
        const struct orglife_rule *rule = &in->rules[k];
        if (strcmp(rule->nature, nature) != 0) {
            continue;
        }
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", rule->kind);
        cJSON_AddStringToObject(o, "period", rule->period);
        cJSON_AddNumberToObject(o, "times", (double)rule->times);
        cJSON *list = cJSON_AddArrayToObject(o, "periods");
        for (size_t i = 0; i < np; i++) {
            char label[12], from[11], to[11];
            if (p[i].rule != rule) {
                continue;
            }
            compliance_period_label(year, rule->period, p[i].index, label);
            compliance_period_bounds(year, rule->period, p[i].index, from, to);
            cJSON *q = cJSON_CreateObject();
            cJSON_AddStringToObject(q, "period", label);
            cJSON_AddStringToObject(q, "from", from);
            cJSON_AddStringToObject(q, "to", to);
            cJSON_AddNumberToObject(q, "required", (double)p[i].required);
            cJSON_AddNumberToObject(q, "held", (double)p[i].held);
            cJSON_AddStringToObject(q, "state", compliance_state_name(p[i].state));
            cJSON_AddItemToArray(list, q);
        }
        cJSON_AddItemToArray(rules, o);
    }
    return rules;
}

/* The as_of member: now as RFC 3339. */
static void add_as_of(cJSON *body, const char *now)
{
    char at[26];
    time_cn_rfc3339(now, at);
    cJSON_AddStringToObject(body, "as_of", at);
}

/* The branch's party groups judged month by month under "党小组会: generally once a
 * month" (group_meetings_judge, only meetings that took place) as [{id, name, missed,
 * months_missed}]; each missed month is added to missing as {kind: group_meeting, period,
 * group_id} and counted in *count. */
static enum yh_err groups_json(struct req *r, int64_t bid, int year, cJSON *missing, int64_t *count,
                               cJSON **out)
{
    struct party_group *g = NULL;
    size_t n = 0;
    enum yh_err err = party_groups_db_list(r->db, r->claims.office, bid, &g, &n);
    *out = cJSON_CreateArray();
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct group_month months[12];
        char id[24];
        int missed = 0;
        err = party_group_year(r->db, r->claims.office, &g[i], year, months, &missed);
        if (err != YH_OK) {
            break;
        }
        snprintf(id, sizeof(id), "%lld", (long long)g[i].id);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", id);
        cJSON_AddStringToObject(o, "name", g[i].name);
        cJSON_AddNumberToObject(o, "missed", missed);
        cJSON *list = cJSON_AddArrayToObject(o, "months_missed");
        for (int m = 0; m < 12; m++) {
            char label[12];
            if (strcmp(months[m].state, "missed") != 0) {
                continue;
            }
            snprintf(label, sizeof(label), "%04u-%02u", (unsigned)year % 10000u,
                     (unsigned)months[m].month % 100u);
            cJSON_AddItemToArray(list, cJSON_CreateString(label));
            cJSON *miss = cJSON_CreateObject();
            cJSON_AddStringToObject(miss, "kind", "group_meeting");
            cJSON_AddStringToObject(miss, "period", label);
            cJSON_AddStringToObject(miss, "group_id", id);
            cJSON_AddItemToArray(missing, miss);
            (*count)++;
        }
        cJSON_AddItemToArray(*out, o);
    }
    free(g);
    return err;
}

/* GET /v1/branches/{id}/compliance?year=: the branch's year, rule by rule and period by
 * period, what is missing, and the member meetings flagged for want of a quorum. */
void orglife_branch_compliance(struct req *r)
{
    struct compliance_input in = {0};
    int64_t bid = 0, year = 0, nmissing = 0, nflagged = 0;
    if (!id_param_or_reply(r, &bid) || !branch_reachable_or_reply(r, bid) ||
        !year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    enum yh_err err = compliance_load(r, (int)year, bid, &in);
    struct compliance_period *p = err == YH_OK ? calloc(COMPLIANCE_PERIODS_MAX, sizeof(*p)) : NULL;
    if (err == YH_OK && (p == NULL || in.nbranches == 0)) {
        err = p == NULL ? YH_ERR_INTERNAL : YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        free(p);
        compliance_input_free(&in);
        return;
    }
    const struct compliance_branch *b = &in.branches[0];
    size_t np = branch_judge(&in, (int)year, b, p);
    cJSON *body = fm_to_json(compliance_branch_map, compliance_branch_map_n, b);
    cJSON_AddNumberToObject(body, "year", (double)year);
    add_as_of(body, in.now);
    cJSON_AddItemToObject(body, "rules", periods_json(&in, (int)year, b->nature, p, np));
    cJSON *missing = missing_json((int)year, p, np, &nmissing), *groups = NULL;
    cJSON_AddItemToObject(body, "missing", missing);
    err = groups_json(r, bid, (int)year, missing, &nmissing, &groups);
    cJSON_AddItemToObject(body, "groups", groups);
    cJSON_AddItemToObject(body, "flagged_meetings", flagged_json(in.acts, in.nacts, in.now, &nflagged));
    cJSON_AddBoolToObject(body, "behind", nmissing > 0);
    if (err == YH_OK) {
        reply_json_take(r, 200, body);
    } else {
        cJSON_Delete(body);
        reply_problem(r, err, NULL, NULL);
    }
    free(p);
    compliance_input_free(&in);
}

/* The rules branches of office are judged by: its own among r[0..n) (sorted by office,
 * *cursor the first not yet passed) and the service's defaults for each nature it has
 * none of (as rules_db_ensure would seed them), into out; returns how many. */
static size_t office_rules(const char *office, const struct office_rule *r, size_t n, size_t *cursor,
                           struct orglife_rule out[RULES_MAX])
{
    static const char *const natures[] = {"regular", "functional", "temporary"};
    size_t k = 0;
    while (*cursor < n && strcmp(r[*cursor].office, office) < 0) {
        (*cursor)++;
    }
    for (; *cursor < n && strcmp(r[*cursor].office, office) == 0; (*cursor)++) {
        if (k < RULES_MAX) {
            out[k++] = r[*cursor].rule;
        }
    }
    for (size_t i = 0; i < 3; i++) {
        bool has = false;
        for (size_t j = 0; j < k && !has; j++) {
            has = strcmp(out[j].nature, natures[i]) == 0;
        }
        if (!has) {
            k += compliance_default_rules(natures[i], out + k, RULES_MAX - k);
        }
    }
    return k;
}

/* An office's line of the report while it is being added up. */
struct office_tally {
    char office[7];
    int64_t branches, behind, missing;
    int64_t q_behind[4], q_missing[4]; /* by the quarter a missed period ends in */
};

/* Adds one branch's missed periods p[0..np) to t by quarter. */
static void tally_quarters(struct office_tally *t, const struct compliance_period *p, size_t np)
{
    int64_t missed[4] = {0};
    for (size_t i = 0; i < np; i++) {
        if (p[i].state == CS_MISSING) {
            missed[(compliance_period_quarter(p[i].rule->period, p[i].index) - 1) & 3]++;
        }
    }
    for (int q = 0; q < 4; q++) {
        t->q_missing[q] += missed[q];
        t->q_behind[q] += missed[q] > 0;
    }
}

/* The quarters begun (nq of them) of t as [{quarter, branches, behind, missing}]. */
static cJSON *quarters_json(const struct office_tally *t, int nq)
{
    cJSON *a = cJSON_CreateArray();
    for (int q = 0; q < nq; q++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "quarter", q + 1);
        cJSON_AddNumberToObject(o, "branches", (double)t->branches);
        cJSON_AddNumberToObject(o, "behind", (double)t->q_behind[q]);
        cJSON_AddNumberToObject(o, "missing", (double)t->q_missing[q]);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

/* Adds t's line to offices (when it has branches), with its nq quarters begun, and t to
 * the report's sum. */
static void tally_close(cJSON *offices, const struct office_tally *t, int nq, struct office_tally *sum)
{
    if (t->branches == 0) {
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "office_code", t->office);
    cJSON_AddNumberToObject(o, "branches", (double)t->branches);
    cJSON_AddNumberToObject(o, "behind", (double)t->behind);
    cJSON_AddNumberToObject(o, "missing", (double)t->missing);
    cJSON_AddItemToObject(o, "quarters", quarters_json(t, nq));
    cJSON_AddItemToArray(offices, o);
    sum->branches += t->branches;
    for (int q = 0; q < 4; q++) {
        sum->q_behind[q] += t->q_behind[q];
        sum->q_missing[q] += t->q_missing[q];
    }
}

/* Loads the report's input for the offices under prefix: their rules, open branches and
 * the year's tallies, and the caller's office's member meetings up to in->now (in zeroed
 * by the caller, freed by it). */
static enum yh_err report_load(struct req *r, const char *prefix, int year, struct compliance_input *in,
                               struct office_rule **rules, size_t *nrules)
{
    char from[20], to[20];
    year_window(year, from, to);
    now_cn(in->now);
    enum yh_err err = rules_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = rules_db_under(r->db, prefix, rules, nrules);
    }
    if (err == YH_OK) {
        err = compliance_db_branches(r->db, prefix, 0, &in->branches, &in->nbranches);
    }
    if (err == YH_OK) {
        err = compliance_db_tallies(r->db, prefix, year, &in->tallies, &in->ntallies);
    }
    if (err == YH_OK) {
        err = compliance_db_meetings(r->db, r->claims.office, from, to, in->now, &in->acts, &in->nacts);
    }
    return err;
}

/* The report body for year over in (rules per office from rules[0..nrules)): a line per
 * office under the caller's, and the caller's own branches that miss a period or held a
 * member meeting without its quorum. Caller owns the result (NULL when out of memory). */
static cJSON *report_json(struct req *r, int year, struct compliance_input *in,
                          const struct office_rule *rules, size_t nrules)
{
    struct compliance_period *p = calloc(COMPLIANCE_PERIODS_MAX, sizeof(*p));
    struct office_tally t = {{0}, 0, 0, 0, {0}, {0}}, sum = t;
    int64_t behind = 0;
    size_t cursor = 0;
    int nq = compliance_quarters_begun(year, in->now);
    if (p == NULL) {
        return NULL;
    }
    cJSON *body = cJSON_CreateObject(), *offices = cJSON_CreateArray(), *items = cJSON_CreateArray();
    for (size_t i = 0; i < in->nbranches; i++) {
        const struct compliance_branch *b = &in->branches[i];
        int64_t nmissing = 0, nflagged = 0;
        size_t na = 0;
        if (strcmp(b->office, t.office) != 0) {
            tally_close(offices, &t, nq, &sum);
            memset(&t, 0, sizeof(t));
            snprintf(t.office, sizeof(t.office), "%s", b->office);
            in->nrules = office_rules(b->office, rules, nrules, &cursor, in->rules);
        }
        bool own = strcmp(b->office, r->claims.office) == 0;
        const struct compliance_act *acts = acts_of(in->acts, own ? in->nacts : 0, b->id, &na);
        size_t np = branch_judge_tallies(in, year, b, p);
        cJSON *missing = missing_json(year, p, np, &nmissing);
        cJSON *flagged = flagged_json(acts, na, in->now, &nflagged);
        tally_quarters(&t, p, np);
        t.branches++;
        t.behind += nmissing > 0;
        t.missing += nmissing;
        behind += nmissing > 0;
        if (own && (nmissing > 0 || nflagged > 0)) {
            cJSON *line = fm_to_json(compliance_branch_map, compliance_branch_map_n, b);
            cJSON_AddItemToObject(line, "missing", missing);
            cJSON_AddItemToObject(line, "flagged_meetings", flagged);
            cJSON_AddItemToArray(items, line);
        } else {
            cJSON_Delete(missing);
            cJSON_Delete(flagged);
        }
    }
    tally_close(offices, &t, nq, &sum);
    free(p);
    cJSON_AddNumberToObject(body, "year", year);
    add_as_of(body, in->now);
    cJSON_AddNumberToObject(body, "branches", (double)in->nbranches);
    cJSON_AddNumberToObject(body, "behind", (double)behind);
    cJSON_AddItemToObject(body, "quarters", quarters_json(&sum, nq));
    cJSON_AddItemToObject(body, "offices", offices);
    cJSON_AddItemToObject(body, "items", items);
    return body;
}

enum yh_err orglife_compliance_report_body(struct req *r, int year, cJSON **out)
{
    struct compliance_input in = {0};
    struct office_rule *rules = NULL;
    size_t nrules = 0;
    char prefix[7];
    snprintf(prefix, sizeof(prefix), "%.*s", (int)gbt2260_prefix_len(r->claims.office), r->claims.office);
    enum yh_err err = report_load(r, prefix, year, &in, &rules, &nrules);
    *out = err == YH_OK ? report_json(r, year, &in, rules, nrules) : NULL;
    if (err == YH_OK && *out == NULL) {
        err = YH_ERR_INTERNAL;
    }
    free(rules);
    compliance_input_free(&in);
    return err;
}

/* GET /v1/org-life/compliance/report?year=: the year so far for the caller's office and
 * every office under it (each by its own rules): per office the branches, those behind
 * and the periods missing; the caller's own branches that are behind or held a member
 * meeting without its quorum, with what is missing period by period. Cached per office,
 * year and day (periods close at midnight); activity and attendance writes invalidate
 * it with the office's other cached reads. */
void orglife_compliance_report(struct req *r)
{
    struct cache_stamp stamp;
    bool have_stamp = false;
    int64_t year = 0;
    char key[40], today[11];
    cJSON *body = NULL;
    if (!year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    today_cn(today);
    snprintf(key, sizeof(key), "cr:%lld:%s", (long long)year, today);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = orglife_compliance_report_body(r, (int)year, &body);
    if (err == YH_OK) {
        req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
    } else {
        reply_problem(r, err, NULL, NULL);
    }
}
