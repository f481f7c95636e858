/* GET /v1/help-requests/overdue and the escalation pass: urgent help requests past their
 * response or resolution deadline (fixed when filed), which deadline each missed and by
 * how long; and help_request.overdue, published once per request and missed deadline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/help_flow.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/util.h"

#define OVERDUE_TAG "help-overdue"
#define ESCALATIONS_PER_PASS 200

/* The overdue row w at now as a list item: the plain fields (no sealed ones), the
 * deadline missed, when it fell and the seconds since. */
static cJSON *overdue_item(const struct help_overdue_row *w, int64_t now)
{
    enum help_status st = HELP_OPEN;
    char at[26];
    help_status_parse(w->status, &st);
    int64_t accepted = w->accepted_at[0] ? time_cn_parse(w->accepted_at) : 0;
    int64_t respond = time_cn_parse(w->respond_by), resolve = time_cn_parse(w->resolve_by);
    enum help_missed m = help_overdue(now, st, respond, accepted, resolve);
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", w->id);
    json_add_id(j, "member_id", w->member_id);
    cJSON_AddStringToObject(j, "name", w->name);
    json_add_id(j, "branch_id", w->branch_id);
    cJSON_AddStringToObject(j, "category", w->category);
    cJSON_AddStringToObject(j, "urgency", w->urgency);
    cJSON_AddStringToObject(j, "status", w->status);
    json_add_opt(j, "assignee_kind", w->assignee_kind);
    time_cn_rfc3339(w->respond_by, at);
    cJSON_AddStringToObject(j, "respond_by", at);
    time_cn_rfc3339(w->resolve_by, at);
    cJSON_AddStringToObject(j, "resolve_by", at);
    cJSON_AddStringToObject(j, "missed", help_missed_name(m));
    int64_t deadline = m == HELP_MISSED_RESOLVE ? resolve : respond;
    cJSON_AddNumberToObject(j, "overdue_seconds", (double)(now - deadline));
    return j;
}

/* The page of rows (n of them, limit + 1 fetched) at now, with a cursor of the last
 * shown one's response deadline and id when there were more. */
static cJSON *overdue_page(struct req *r, const struct help_overdue_row *rows, size_t n, int limit,
                           int64_t now)
{
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    char last[48];
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, overdue_item(&rows[i], now));
    }
    if (n <= shown) {
        return page_body(r, OVERDUE_TAG, items, NULL);
    }
    snprintf(last, sizeof(last), "%s|%lld", rows[shown - 1].respond_by, (long long)rows[shown - 1].id);
    return page_body(r, OVERDUE_TAG, items, last);
}

/* The cursor's position: response deadline and id; false when it is not one of ours. */
static bool overdue_after(const char *after, char by[20], int64_t *id)
{
    by[0] = '\0';
    *id = 0;
    if (after[0] == '\0') {
        return true;
    }
    const char *bar = strchr(after, '|');
    if (bar == NULL || bar - after != 19 || !id_parse(bar + 1, id)) {
        return false;
    }
    snprintf(by, 20, "%.19s", after);
    return true;
}

/* GET /v1/help-requests/overdue: staff and integrations the whole office, a secretary its
 * branch; members 403. Cached per minute of the clock (a request falls overdue as time
 * passes) and invalidated by every write of the office. */
void help_overdue_list(struct req *r)
{
    struct cache_stamp stamp;
    struct help_overdue_row *rows = NULL;
    bool have_stamp = false;
    char after[64], by[20], now_cn[20], key[160];
    int64_t branch = 0, after_id = 0, now = now_s();
    int limit = PAGE_DEFAULT;
    size_t n = 0;
    if (req_acting_member(r) != 0 || req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the overdue list is for staff and secretaries", NULL);
        return;
    }
    if (!page_params_or_reply(r, OVERDUE_TAG, &limit, after, sizeof(after)) ||
        !branch_scope_or_reply(r, &branch)) {
        return;
    }
    if (!overdue_after(after, by, &after_id)) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "cursor is not one of this list's", NULL);
        return;
    }
    snprintf(key, sizeof(key), "help-overdue:%lld:%lld:%d:%s", (long long)(now / 60), (long long)branch,
             limit, after);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    time_cn(now, now_cn);
    enum yh_err err =
        help_db_overdue(r->db, r->claims.office, branch, now_cn, by, after_id, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = overdue_page(r, rows, n, limit, now);
    free(rows);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* Escalates request e for missed at now: claims it (the conditional update), records it
 * in its history and publishes the event, in one transaction; a process that lost the
 * claim publishes nothing. */
static void escalate_one(struct db *db, const struct config *cfg, const struct help_escalation *e,
                         enum help_missed missed, const char *now)
{
    char data[256];
    bool won = false;
    enum yh_err err = db_begin(db);
    if (err == YH_OK) {
        err = help_db_claim_escalation(db, e->office, e->id, missed, now, &won);
    }
    if (err == YH_OK && won) {
        err = help_db_log_add(db, e->office, e->id, "escalated", "system", now);
    }
    if (err == YH_OK && won) {
        snprintf(data, sizeof(data),
                 "{\"id\":\"%lld\",\"member_id\":\"%lld\",\"category\":\"%s\",\"missed\":\"%s\"}",
                 (long long)e->id, (long long)e->member_id, e->category, help_missed_name(missed));
        err = outbox_publish(db, cfg, e->office, "help_request.overdue", data);
    }
    db_finish(db, err);
}

void help_publish_overdue(struct db *db, const struct config *cfg)
{
    static const enum help_missed kinds[] = {HELP_MISSED_RESPOND, HELP_MISSED_RESOLVE};
    char now[20];
    time_cn(now_s(), now);
    for (size_t k = 0; k < 2; k++) {
        struct help_escalation *rows = NULL;
        size_t n = 0;
        if (help_db_escalations(db, kinds[k], now, ESCALATIONS_PER_PASS, &rows, &n) == YH_OK) {
            for (size_t i = 0; i < n; i++) {
                escalate_one(db, cfg, &rows[i], kinds[k], now);
            }
        }
        free(rows);
    }
}
