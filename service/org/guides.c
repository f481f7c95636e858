/* Guides and contact points (党建指导员, 领导联系点, 书记工作室; issue 15, seeds 000, 002,
 * 004): staff accounts linked to the branches they guide (/v1/branches/{id}/guides), the
 * office's guides with their branches (/v1/guides), guide×branch pairs past the office's
 * contact rule (/v1/guides/overdue) and branches nobody guides (/v1/branches/without-guide).
 * The contact log is guides_contacts.c; the rules are guides_rules.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/guides.h"
#include "yinhui/guides_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/org.h"
#include "yinhui/org_body.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define GUIDES_TAG "guides"
#define OVERDUE_TAG "guides-overdue"
#define WITHOUT_TAG "branches-without-guide"
#define ONE_LINK_RULE "an account guides a branch through one open link at a time; end it to change its role"

static const char *const guide_roles[] = {"guide", "contact_point", "studio", NULL};
static const char *const natures[] = {"regular", "functional", "temporary", NULL};

struct link_body {
    int64_t account_id;
    char role[16], started_on[11];
};
static const struct field link_fields[] = {
    FIELD_ID("account_id", struct link_body, account_id, FF_REQUIRED),
    FIELD_ENUM("role", struct link_body, role, guide_roles, FF_REQUIRED),
    FIELD_DATE("started_on", struct link_body, started_on, 0),
};

bool guide_branch_or_reply(struct req *r, int64_t *bid, struct branch *b)
{
    if (!id_param_or_reply(r, bid) || !branch_reachable_or_reply(r, *bid)) {
        return false;
    }
    enum yh_err err = branches_db_get(r->db, r->claims.office, *bid, b);
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return false;
    }
    return true;
}

enum yh_err guide_rule_days(struct req *r, long *days)
{
    int64_t d = GUIDE_CONTACT_DAYS_DEFAULT;
    enum yh_err err = guides_db_contact_days(r->db, r->claims.office, &d);
    *days = (long)d;
    return err;
}

/* Link l as shown, with whether it is overdue on today under days and the days since it
 * was last contacted (or started). */
static cJSON *link_item(const struct guide_link *l, const char *today, long days)
{
    long elapsed = 0;
    bool over = !l->ended_on[0] && guide_overdue(today, l->since_on, days, &elapsed);
    cJSON *j = guide_link_json(l);
    if (l->ended_on[0]) {
        cJSON_AddNullToObject(j, "days_since_contact");
    } else {
        cJSON_AddNumberToObject(j, "days_since_contact", (double)elapsed);
    }
    cJSON_AddBoolToObject(j, "overdue", over);
    return j;
}

/* {rule_days, items} of links[0..n) on today under days. */
static cJSON *links_body(const struct guide_link *links, size_t n, const char *today, long days)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "guide_contact_days", (double)days);
    cJSON *items = cJSON_AddArrayToObject(body, "items");
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(items, link_item(&links[i], today, days));
    }
    return body;
}

/* GET /v1/branches/{id}/guides: the branch's guides, open links first, then the ended
 * ones (history). A secretary reads its own branch's. */
void guides_branch_list(struct req *r)
{
    struct branch b;
    struct guide_link *links = NULL;
    size_t n = 0;
    int64_t bid = 0;
    long days = 0;
    char today[11];
    if (!guide_branch_or_reply(r, &bid, &b)) {
        return;
    }
    enum yh_err err = guide_rule_days(r, &days);
    if (err == YH_OK) {
        err = guides_db_links_of_branch(r->db, r->claims.office, bid, &links, &n);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    today_cn(today);
    reply_json_take(r, 200, links_body(links, n, today, days));
    free(links);
}

/* Reads and checks the body of a new link against today. False when it has replied. */
static bool link_take_or_reply(struct req *r, struct link_body *lb)
{
    struct verrs v = {0};
    char today[11], role[16];
    bool disabled = false;
    enum yh_err err = YH_OK;
    if (!org_body_read_or_reply(r, link_fields, ARRAY_LEN(link_fields), lb, true, &v)) {
        return false;
    }
    today_cn(today);
    if (!lb->started_on[0]) {
        memcpy(lb->started_on, today, sizeof(lb->started_on));
    } else if (strcmp(lb->started_on, today) > 0) {
        verr_add(&v, "started_on", "is in the future");
    }
    if (v.n == 0) {
        err = guides_db_account(r->db, r->claims.office, lb->account_id, role, &disabled);
        if (err == YH_ERR_NOT_FOUND || (err == YH_OK && (strcmp(role, "admin") != 0 || disabled))) {
            verr_add(&v, "account_id", "must be an enabled staff account (role admin) of this office");
            err = YH_OK;
        }
    }
    return checks_ok_or_reply(r, err, &v);
}

/* POST /v1/branches/{id}/guides {account_id, role, started_on?} (Idempotency-Key): 201 with
 * the link; 409 when the branch is dissolved or the account guides it already. */
void guides_link(struct req *r)
{
    struct branch b;
    struct link_body lb = {0};
    struct guide_link l;
    int64_t bid = 0, id = 0;
    char coll[64];
    if (!guide_branch_or_reply(r, &bid, &b) || !body_known_or_reply(r, link_fields, ARRAY_LEN(link_fields))) {
        return;
    }
    if (b.dissolved_on[0]) {
        reply_problem(r, YH_ERR_CONFLICT, "the branch is dissolved; guides are linked to open branches",
                      NULL);
        return;
    }
    if (!link_take_or_reply(r, &lb)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = guides_db_link_insert(r->db, r->claims.office, bid, lb.account_id, lb.role, lb.started_on,
                                    r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "guide.link", "branch_guide", id);
    }
    if (err == YH_OK) {
        err = guides_db_link_get(r->db, r->claims.office, bid, id, &l);
    }
    if (commit_or_reply_conflict(r, err, "guide link",
                                 "the account guides this branch already; " ONE_LINK_RULE)) {
        char today[11];
        long days = GUIDE_CONTACT_DAYS_DEFAULT;
        today_cn(today);
        guide_rule_days(r, &days);
        snprintf(coll, sizeof(coll), "/v1/branches/%lld/guides", (long long)bid);
        reply_created_take(r, coll, id, link_item(&l, today, days));
    }
}

/* DELETE /v1/branches/{id}/guides/{lid} (If-Match: the link's version): ends the link
 * today (204); it stays in the branch's history. 409 when it has ended already, 412 when
 * it changed since the caller read it, 428 without If-Match (API.md: versioned). */
void guides_end(struct req *r)
{
    struct branch b;
    struct guide_link l;
    int64_t bid = 0, lid = 0, version = 0;
    char today[11];
    if (!guide_branch_or_reply(r, &bid, &b) || !path_id_or_reply(r, "lid", &lid) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = guides_db_link_get(r->db, r->claims.office, bid, lid, &l);
    if (err != YH_OK) {
        reply_error(r, err, "guide link");
        return;
    }
    if (l.ended_on[0]) {
        reply_problem(r, YH_ERR_CONFLICT, "the link has ended already", NULL);
        return;
    }
    today_cn(today);
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = guides_db_link_end(r->db, r->claims.office, lid, version, today);
    }
    if (err == YH_OK) {
        err = req_audit(r, "guide.end", "branch_guide", lid);
    }
    if (commit_or_reply(r, err, "guide link")) {
        reply_empty(r, 204);
    }
}

/* The cursor of an id-ordered list: after_id (0 when none); false when not one of ours. */
static bool id_after_or_reply(struct req *r, const char *after, int64_t *after_id)
{
    *after_id = 0;
    if (after[0] && !id_parse(after, after_id)) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "cursor is not one of this list's", NULL);
        return false;
    }
    return true;
}

/* Guide g with its open links on today under days: {account_id, name, open_problems,
 * overdue, branches}. */
static enum yh_err guide_item(struct req *r, const struct guide_account *g, const char *today, long days,
                              cJSON **out)
{
    struct guide_link *links = NULL;
    size_t n = 0;
    int64_t problems = 0, overdue = 0;
    enum yh_err err = guides_db_links_of_account(r->db, r->claims.office, g->id, &links, &n);
    if (err != YH_OK) {
        return err;
    }
    *out = cJSON_CreateObject();
    json_add_id(*out, "account_id", g->id);
    cJSON_AddStringToObject(*out, "name", g->name);
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        problems += links[i].open_problems;
        overdue += guide_overdue(today, links[i].since_on, days, NULL);
        cJSON_AddItemToArray(a, link_item(&links[i], today, days));
    }
    cJSON_AddNumberToObject(*out, "open_problems", (double)problems);
    cJSON_AddNumberToObject(*out, "overdue_branches", (double)overdue);
    cJSON_AddItemToObject(*out, "branches", a);
    free(links);
    return YH_OK;
}

/* The page of guides rows[0..n) (limit + 1 fetched) on today under days into *out. */
static enum yh_err guides_page(struct req *r, const struct guide_account *rows, size_t n, int limit,
                               const char *today, long days, cJSON **out)
{
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    char last[24];
    enum yh_err err = YH_OK;
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; err == YH_OK && i < shown; i++) {
        cJSON *it = NULL;
        err = guide_item(r, &rows[i], today, days, &it);
        cJSON_AddItemToArray(items, it);
    }
    if (err != YH_OK) {
        cJSON_Delete(items);
        return err;
    }
    snprintf(last, sizeof(last), "%lld", shown ? (long long)rows[shown - 1].id : 0LL);
    *out = page_body(r, GUIDES_TAG, items, n > shown ? last : NULL);
    cJSON_AddNumberToObject(*out, "guide_contact_days", (double)days);
    return YH_OK;
}

/* GET /v1/guides: the office's guides (accounts with open links) by id, each with its
 * branches, the last contact and open problems per branch. Cached per day (overdue moves
 * with the date) and invalidated by every write of the office. */
void guides_list(struct req *r)
{
    struct cache_stamp stamp;
    struct guide_account *rows = NULL;
    bool have_stamp = false;
    char after[32], today[11], key[96];
    int64_t after_id = 0;
    int limit = PAGE_DEFAULT;
    long days = 0;
    size_t n = 0;
    cJSON *body = NULL;
    if (!page_params_or_reply(r, GUIDES_TAG, &limit, after, sizeof(after)) ||
        !id_after_or_reply(r, after, &after_id)) {
        return;
    }
    today_cn(today);
    snprintf(key, sizeof(key), "guides:%s:%d:%lld", today, limit, (long long)after_id);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = guide_rule_days(r, &days);
    if (err == YH_OK) {
        err = guides_db_accounts(r->db, r->claims.office, after_id, limit, &rows, &n);
    }
    if (err == YH_OK) {
        err = guides_page(r, rows, n, limit, today, days, &body);
    }
    free(rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* The overdue cursor: since_on and id of the last pair shown; false when not one of ours. */
static bool overdue_after(const char *after, char since[11], int64_t *id)
{
    since[0] = '\0';
    *id = 0;
    if (after[0] == '\0') {
        return true;
    }
    const char *bar = strchr(after, '|');
    if (bar == NULL || bar - after != 10 || !id_parse(bar + 1, id)) {
        return false;
    }
    snprintf(since, 11, "%.10s", after);
    return date_valid(since);
}

/* The page of overdue pairs rows[0..n) (limit + 1 fetched) on today under days. */
static cJSON *overdue_page(struct req *r, const struct guide_link *rows, size_t n, int limit,
                           const char *today, long days)
{
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    char last[40];
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        long elapsed = 0;
        cJSON *j = link_item(&rows[i], today, days);
        guide_overdue(today, rows[i].since_on, days, &elapsed);
        cJSON_AddNumberToObject(j, "days_over", (double)(elapsed - days));
        cJSON_AddItemToArray(items, j);
    }
    snprintf(last, sizeof(last), "%s|%lld", shown ? rows[shown - 1].since_on : "",
             shown ? (long long)rows[shown - 1].id : 0LL);
    cJSON *body = page_body(r, OVERDUE_TAG, items, n > shown ? last : NULL);
    cJSON_AddNumberToObject(body, "guide_contact_days", (double)days);
    return body;
}

/* GET /v1/guides/overdue: open guide×branch pairs whose last contact (or, never contacted,
 * the link's start) is more than the office's guide_contact_days ago, longest first.
 * Cached per day and invalidated by every write of the office. */
void guides_overdue(struct req *r)
{
    struct cache_stamp stamp;
    struct guide_link *rows = NULL;
    bool have_stamp = false;
    char after[48], since[11], today[11], cutoff[11], key[128];
    int64_t after_id = 0;
    int limit = PAGE_DEFAULT;
    long days = 0;
    size_t n = 0;
    if (!page_params_or_reply(r, OVERDUE_TAG, &limit, after, sizeof(after))) {
        return;
    }
    if (!overdue_after(after, since, &after_id)) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "cursor is not one of this list's", NULL);
        return;
    }
    today_cn(today);
    snprintf(key, sizeof(key), "guides-overdue:%s:%d:%s", today, limit, after);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = guide_rule_days(r, &days);
    if (err == YH_OK && !guide_overdue_cutoff(today, days, cutoff)) {
        err = YH_ERR_INTERNAL;
    }
    if (err == YH_OK) {
        err = guides_db_overdue(r->db, r->claims.office, cutoff, since, after_id, limit, &rows, &n);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = overdue_page(r, rows, n, limit, today, days);
    free(rows);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* GET /v1/branches/without-guide?nature=: open branches (level branch) that no enabled
 * account guides, by id. Cached and invalidated by every write of the office. */
void guides_without(struct req *r)
{
    struct cache_stamp stamp;
    struct guide_branch *rows = NULL;
    bool have_stamp = false;
    const char *nature = NULL;
    char after[32], key[96];
    int64_t after_id = 0;
    int limit = PAGE_DEFAULT;
    size_t n = 0;
    if (!page_params_or_reply(r, WITHOUT_TAG, &limit, after, sizeof(after)) ||
        !id_after_or_reply(r, after, &after_id) || !query_enum_or_reply(r, "nature", natures, &nature)) {
        return;
    }
    snprintf(key, sizeof(key), "guides-without:%s:%d:%lld", nature ? nature : "", limit, (long long)after_id);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = guides_db_without(r->db, r->claims.office, nature, after_id, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = typed_page(r, WITHOUT_TAG, rows, n, sizeof(*rows), limit, guide_branch_json, typed_key_id);
    free(rows);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}
