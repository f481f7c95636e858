/* Party dues (/v1/dues): recording payments, arrears per member and branch, and the
 * CSV export for the finance side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/sheet.h"
#include "yinhui/dues_db.h"
#include "yinhui/dues_rules.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/orglife.h"
#include "yinhui/reach.h"

#define DUES_ITEMS_MAX 500

/* Whether m is a real month "YYYY-MM". */
static bool month_ok(const char *m)
{
    char d[11];
    snprintf(d, sizeof(d), "%.7s-01", m ? m : "");
    return m && strlen(m) == 7 && date_valid(d);
}

/* Months from a to b inclusive (YYYY-MM); 0 when b < a. */
static int months_between(const char *a, const char *b)
{
    int n = (atoi(b) - atoi(a)) * 12 + (atoi(b + 5) - atoi(a + 5)) + 1;
    return n > 0 ? n : 0;
}

/* Reads one payment it into d, adding its own faults to e (today bounds paid_on). */
static void due_read(const cJSON *it, const char *today, struct due *d, struct verrs *e)
{
    static const char *const fields[] = {"member_id", "month",      "amount_fen", "paid_on",
                                         "paid_by",   "proxy_name", "channel",    NULL};
    static const char *const payers[] = {"self", "proxy", NULL};
    static const char *const channels[] = {"cash", "wechat", "alipay", "bank", "other", NULL};
    json_check_fields(it, fields, e);
    json_take_id(it, "member_id", false, &d->member_id, e);
    json_take_text(it, "month", false, 7, d->month, sizeof(d->month), e);
    json_get_int(it, "amount_fen", true, 1, 100000000, &d->amount_fen, NULL, e);
    json_take_date(it, "paid_on", false, d->paid_on, e);
    json_take_enum(it, "paid_by", false, payers, d->paid_by, sizeof(d->paid_by), e);
    json_take_text(it, "proxy_name", true, 100, d->proxy_name, sizeof(d->proxy_name), e);
    json_take_enum(it, "channel", false, channels, d->channel, sizeof(d->channel), e);
    if (e->n == 0 && (d->member_id == 0 || !d->month[0] || !d->paid_on[0] || !d->channel[0])) {
        verr_add(e,
                 d->member_id == 0 ? "member_id"
                 : !d->month[0]    ? "month"
                 : !d->paid_on[0]  ? "paid_on"
                                   : "channel",
                 "is required");
    }
    if (e->n == 0 && !month_ok(d->month)) {
        verr_add(e, "month", "must be a month YYYY-MM");
    }
    if (e->n == 0 && strcmp(d->paid_on, today) > 0) {
        verr_add(e, "paid_on", "is in the future");
    }
    if (e->n == 0 && strcmp(d->paid_by, "proxy") == 0 && !d->proxy_name[0]) {
        verr_add(e, "proxy_name", "names who paid for the member");
    }
}

/* Checks that d's member is the caller's to record (this office; a secretary's branch),
 * adding to e when not. Returns an error only when the store fails. */
static enum yh_err due_member_check(struct req *r, const struct due *d, struct verrs *e)
{
    struct member m;
    bool in = true;
    enum yh_err err = members_db_get(r->db, r->claims.office, d->member_id, &m);
    if (err == YH_OK && req_is_secretary(r)) {
        err = members_db_in_branch(r->db, r->claims.office, d->member_id, r->claims.branch_id, &in);
    }
    if (err == YH_ERR_NOT_FOUND || (err == YH_OK && !in)) {
        verr_add(e, "member_id", "no such member in this office");
        return YH_OK;
    }
    return err;
}

/* Checks d against the dues standard (the member's formal branch collects dues; a month
 * not yet begun only with the branch's consent) and sets its voluntary part and the
 * 1,000-yuan flag. A refusal is written into conflict (a 409 naming the rule). Returns an
 * error only when the store fails. */
static enum yh_err due_standard_check(struct req *r, struct due *d, size_t k, char *conflict, size_t clen)
{
    struct due_context c;
    enum yh_err err = dues_db_context(r->db, r->claims.office, d->member_id, atoi(d->month), &c);
    if (err != YH_OK) {
        return err;
    }
    const char *refusal = dues_branch_refusal(c.nature);
    if (refusal != NULL && !conflict[0]) {
        snprintf(conflict, clen, "items[%zu]: %s", k, refusal);
    }
    if (dues_in_advance(d->month, d->paid_on) && !c.advance_consent && !conflict[0]) {
        snprintf(
            conflict, clen,
            "items[%zu]: month %s has not begun: dues are paid monthly, quarterly or in advance only with "
            "the branch's consent (中组发〔2008〕3号; PUT /v1/branches/{id}/dues-settings)",
            k, d->month);
    }
    int64_t due = dues_month_due(c.standard_fen, c.reduced_fen);
    d->voluntary_fen = dues_voluntary_fen(c.has_base, due, d->amount_fen);
    d->remit_centre = dues_remit_to_centre(d->voluntary_fen);
    return YH_OK;
}

/* Reads the body's items into list (one entry each), replying 422 with every item's faults,
 * 409 naming the dues rule an item breaks (or the store's error). False when it has
 * replied. */
static bool dues_read_or_reply(struct req *r, const cJSON *items, struct due *list)
{
    struct verrs v = {0};
    const cJSON *it = NULL;
    char today[11], conflict[320] = "";
    size_t k = 0;
    enum yh_err err = YH_OK;
    today_cn(today);
    cJSON_ArrayForEach(it, items)
    {
        struct verrs e = {0};
        struct due *d = &list[k];
        snprintf(d->paid_by, sizeof(d->paid_by), "self");
        if (!cJSON_IsObject(it)) {
            verr_add(&e, "", "must be an object");
        } else {
            due_read(it, today, d, &e);
            err = e.n == 0 ? due_member_check(r, d, &e) : YH_OK;
            if (err == YH_OK && e.n == 0) {
                err = due_standard_check(r, d, k, conflict, sizeof(conflict));
            }
            if (err != YH_OK) {
                break;
            }
            for (size_t x = 0; d->member_id != 0 && x < k; x++) {
                if (list[x].member_id == d->member_id && strcmp(list[x].month, d->month) == 0) {
                    verr_add(&e, "month", "appears twice for this member");
                }
            }
        }
        items_errors(&v, "items", k, &e);
        k++;
    }
    if (!checks_ok_or_reply(r, err, &v)) {
        return false;
    }
    if (conflict[0]) {
        reply_problem(r, YH_ERR_CONFLICT, conflict, NULL);
        return false;
    }
    return true;
}

/* Records list[0..n) in one unit of work; on a month already recorded replies 409
 * naming it. False when it has replied. */
static bool dues_write_or_reply(struct req *r, const struct due *list, size_t n)
{
    size_t failed = 0;
    enum yh_err err = db_begin(r->db);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        err = dues_db_insert(r->db, r->claims.office, &list[i], r->claims.sub);
        failed = i;
    }
    if (err == YH_OK) {
        err = req_audit(r, "dues.record", "dues", (int64_t)n);
    }
    err = db_finish(r->db, err);
    if (err == YH_ERR_CONFLICT) {
        char msg[160];
        snprintf(msg, sizeof(msg),
                 "items[%zu]: month %s is already recorded for member %lld; nothing was recorded", failed,
                 list[failed].month, (long long)list[failed].member_id);
        reply_problem(r, err, msg, NULL);
        return false;
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    req_invalidate(r, r->claims.office);
    return true;
}

/* The payments of list[0..n) whose voluntary part is remitted whole to the Centre. */
static cJSON *remitted_json(const struct due *list, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        if (list[i].remit_centre) {
            cJSON *o = cJSON_CreateObject();
            json_add_id(o, "member_id", list[i].member_id);
            cJSON_AddStringToObject(o, "month", list[i].month);
            cJSON_AddNumberToObject(o, "voluntary_fen", (double)list[i].voluntary_fen);
            cJSON_AddItemToArray(a, o);
        }
    }
    return a;
}

/* POST /v1/dues {items: [...]}: one or many months, all or nothing; a month recorded
 * twice (here or before) is refused, so is a payment the dues rules refuse (409). */
void dues_record(struct req *r)
{
    static const char *const wrap[] = {"items", NULL};
    struct verrs v = {0};
    struct due *list = NULL;
    if (!req_fields_or_reply(r, wrap)) {
        return;
    }
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(r->json, "items");
    int n = cJSON_GetArraySize(items);
    if (!cJSON_IsArray(items) || n == 0 || n > DUES_ITEMS_MAX) {
        verr_add(&v, "items", "must be an array of 1 to 500 payments");
        verrs_ok_or_reply(r, &v);
        return;
    }
    list = calloc((size_t)n, sizeof(*list));
    if (list == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (dues_read_or_reply(r, items, list) && dues_write_or_reply(r, list, (size_t)n)) {
        cJSON *body = cJSON_CreateObject();
        cJSON_AddNumberToObject(body, "recorded", n);
        cJSON_AddItemToObject(body, "remitted_to_centre", remitted_json(list, (size_t)n));
        reply_json_take(r, 201, body);
    }
    free(list);
}

/* The [from, to] months of a query (default: January to the current month). */
static bool month_range_or_reply(struct req *r, char from[11], char to[11])
{
    const char *fs = query_get(&r->q, "from"), *ts = query_get(&r->q, "to");
    char today[11];
    today_cn(today);
    snprintf(from, 11, "%.4s-01", today);
    snprintf(to, 11, "%.7s", today);
    if ((fs && !month_ok(fs)) || (ts && !month_ok(ts))) {
        struct verrs e = {0};
        verr_add(&e, fs && !month_ok(fs) ? "from" : "to", "must be a month YYYY-MM");
        reply_problem(r, YH_ERR_BAD_REQUEST, "from and to are months YYYY-MM", &e);
        return false;
    }
    if (fs) {
        snprintf(from, 11, "%.7s", fs);
    }
    if (ts) {
        snprintf(to, 11, "%.7s", ts);
    }
    return true;
}

/* Adds one owing member p (owed months) to its branch's line in branches (keyed by
 * branch id while counting), creating the line on first sight. */
static void arrears_branch_add(cJSON *branches, const struct due_payer *p, int64_t owed)
{
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)p->branch_id);
    cJSON *b = cJSON_GetObjectItemCaseSensitive(branches, key);
    if (b == NULL) {
        b = cJSON_AddObjectToObject(branches, key);
        json_add_id(b, "branch_id", p->branch_id);
        cJSON_AddStringToObject(b, "name", p->branch_name);
        cJSON_AddNumberToObject(b, "members_owing", 0);
        cJSON_AddNumberToObject(b, "months_owed", 0);
    }
    cJSON *mo = cJSON_GetObjectItemCaseSensitive(b, "members_owing");
    cJSON_SetNumberValue(mo, mo->valuedouble + 1);
    cJSON *mm = cJSON_GetObjectItemCaseSensitive(b, "months_owed");
    cJSON_SetNumberValue(mm, mm->valuedouble + (double)owed);
}

/* The arrears body for payers[0..n) over [from, to]: months owed from the later of
 * from and the month each member joined. Caller owns the result. */
static cJSON *arrears_json(const struct due_payer *payers, size_t n, const char *from, const char *to)
{
    cJSON *members = cJSON_CreateArray();
    cJSON *branches = cJSON_CreateObject();
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const struct due_payer *p = &payers[i];
        const char *start = p->joined_month[0] && strcmp(p->joined_month, from) > 0 ? p->joined_month : from;
        int64_t owed = months_between(start, to) - p->paid;
        if (owed <= 0) {
            continue;
        }
        total += owed;
        cJSON *m = fm_to_json(payer_map, payer_map_n, p);
        cJSON_AddNumberToObject(m, "months_owed", (double)owed);
        cJSON_AddItemToArray(members, m);
        arrears_branch_add(branches, p, owed);
    }
    cJSON *blist = cJSON_CreateArray();
    while (branches->child != NULL) {
        cJSON_AddItemToArray(blist, cJSON_DetachItemViaPointer(branches, branches->child));
    }
    cJSON_Delete(branches);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "from", from);
    cJSON_AddStringToObject(body, "to", to);
    cJSON_AddNumberToObject(body, "months_owed", (double)total);
    cJSON_AddItemToObject(body, "branches", blist);
    cJSON_AddItemToObject(body, "members", members);
    return body;
}

/* GET /v1/dues/arrears: months owed per member (from the later of `from` and the month
 * the member joined) and per branch. */
void dues_arrears(struct req *r)
{
    struct due_payer *payers = NULL;
    size_t n = 0;
    char from[11], to[11];
    int64_t bid = 0;
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "arrears are for staff and secretaries", NULL);
        return;
    }
    if (!month_range_or_reply(r, from, to) || !query_id_or_reply(r, "branch", &bid)) {
        return;
    }
    if (!branch_scope_or_reply(r, &bid)) {
        return;
    }
    enum yh_err err = dues_db_paid(r->db, r->claims.office, bid, from, to, &payers, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = arrears_json(payers, n, from, to);
    free(payers);
    reply_json_take(r, 200, body);
}

/* Writes one payment to the sheet at ctx as a row (text cells through the sheet, which
 * neutralises formula starts in CSV; the amounts in yuan as numbers; whether the
 * voluntary part is remitted whole to the Centre). */
static void export_line(const struct due_line *l, void *ctx)
{
    struct sheet *sh = ctx;
    const char *before[] = {l->month, l->member_id, l->name, l->branch};
    const char *after[] = {l->paid_on, l->paid_by, l->proxy_name, l->channel};
    for (size_t c = 0; c < 4; c++) {
        sheet_text(sh, before[c]);
    }
    sheet_number(sh, (double)l->amount_fen / 100.0, 2);
    for (size_t c = 0; c < 4; c++) {
        sheet_text(sh, after[c]);
    }
    sheet_number(sh, (double)l->voluntary_fen / 100.0, 2);
    sheet_text(sh, l->remit_centre ? "yes" : "no");
    sheet_end_row(sh);
}

/* GET /v1/dues/export: the payments for the finance side, CSV or .xlsx (?format=),
 * English or Chinese headers (?headers=). */
void dues_export(struct req *r)
{
    static const char *const formats[] = {"csv", "xlsx", NULL};
    static const char *const en[] = {"month",       "member_id",      "name",           "branch",
                                     "amount_yuan", "paid_on",        "paid_by",        "proxy_name",
                                     "channel",     "voluntary_yuan", "remit_to_centre"};
    static const char *const zh[] = {"月份",       "党员编号",       "姓名",        "所在党组织",
                                     "党费（元）", "缴纳日期",       "缴纳人",      "代缴人",
                                     "缴纳渠道",   "自愿多交（元）", "全额上缴中央"};
    struct sheet sh;
    const char *format = NULL;
    char from[11], to[11];
    bool in_zh = false;
    if (!month_range_or_reply(r, from, to) || !sheet_query_or_reply(r, formats, &format, &in_zh)) {
        return;
    }
    if (!sheet_open(&sh, strcmp(format, "xlsx") == 0 ? SHEET_XLSX : SHEET_CSV, "党费")) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    sheet_header(&sh, in_zh ? zh : en, (int)ARRAY_LEN(en));
    enum yh_err err = dues_db_export(r->db, r->claims.office, from, to, export_line, &sh);
    if (err != YH_OK) {
        sheet_free(&sh);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    sheet_reply(r, &sh, "dues", "党费");
}
