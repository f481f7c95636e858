/* The party dues standard (中组发〔2008〕3号): each member's yearly base (income, sealed
 * at rest, masked unless revealed with pii:read, every reveal audited), the monthly
 * standard it gives, reductions with their decision, the branch's consent to quarterly or
 * advance payment, and the year's arrears and underpayments per office and branch. The
 * rules themselves are in dues_rules.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/dues_db.h"
#include "yinhui/dues_rules.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/orglife.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"

/* Replies 409 naming the rule when the member's formal branch collects no dues (a
 * temporary or functional branch); 404 when the member is not the office's. False when
 * it has replied. */
static bool member_collects_dues_or_reply(struct req *r, int64_t member_id, int year)
{
    struct due_context c;
    enum yh_err err = dues_db_context(r->db, r->claims.office, member_id, year, &c);
    if (err != YH_OK) {
        reply_error(r, err, "member");
        return false;
    }
    const char *refusal = dues_branch_refusal(c.nature);
    if (refusal != NULL) {
        reply_problem(r, YH_ERR_CONFLICT, refusal, NULL);
        return false;
    }
    return true;
}

/* Opens the sealed base of b into *base_fen. */
static enum yh_err base_open(struct req *r, const struct dues_base *b, int64_t *base_fen)
{
    struct buf plain = {0};
    enum yh_err err = YH_OK;
    if (pii_open(&r->app->cfg, b->base_enc, b->base_enc_len, &plain) != 0 || plain.data == NULL ||
        !id_parse(plain.data, base_fen)) {
        err = YH_ERR_INTERNAL;
    }
    buf_free(&plain);
    return err;
}

/* The base b as JSON: the base and its rate only when reveal (the caller holds pii:read;
 * the read is audited), otherwise masked; the standard and what is due always (the
 * member's payments record them). *out (caller owns) on YH_OK only. */
static enum yh_err base_json(struct req *r, const struct dues_base *b, bool reveal, cJSON **out)
{
    int64_t base_fen = 0;
    enum yh_err err = YH_OK;
    if (reveal) {
        err = req_audit(r, "dues.base_shown", "member", b->member_id);
        if (err == YH_OK) {
            err = base_open(r, b, &base_fen);
        }
    }
    if (err != YH_OK) {
        return err;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "member_id", b->member_id);
    cJSON_AddNumberToObject(j, "year", (double)b->year);
    cJSON_AddStringToObject(j, "category", b->category);
    if (reveal) {
        cJSON_AddNumberToObject(j, "base_fen", (double)base_fen);
        cJSON_AddNumberToObject(j, "rate_bp", (double)dues_rate_bp(b->category, base_fen));
    } else {
        cJSON_AddNullToObject(j, "base_fen");
        cJSON_AddNullToObject(j, "rate_bp");
    }
    cJSON_AddBoolToObject(j, "base_masked", !reveal);
    cJSON_AddNumberToObject(j, "standard_fen", (double)b->standard_fen);
    cJSON_AddNumberToObject(j, "due_fen", (double)dues_month_due(b->standard_fen, b->reduced_fen));
    if (b->reduced_fen >= 0) {
        cJSON *x = cJSON_AddObjectToObject(j, "reduction");
        cJSON_AddNumberToObject(x, "reduced_fen", (double)b->reduced_fen);
        cJSON_AddBoolToObject(x, "exempt", b->reduced_fen == 0);
        cJSON_AddStringToObject(x, "reason", b->reduction_reason);
        cJSON_AddStringToObject(x, "decided_on", b->decided_on);
        cJSON_AddStringToObject(x, "approval_ref", b->approval_ref);
    } else {
        cJSON_AddNullToObject(j, "reduction");
    }
    cJSON_AddStringToObject(j, "updated_by", b->updated_by);
    *out = j;
    return YH_OK;
}

/* Reads the base of member id for year and replies with it (reveal as base_json). */
static void base_reply(struct req *r, int64_t id, int year, bool reveal, int status)
{
    struct dues_base b;
    cJSON *j = NULL;
    enum yh_err err = dues_db_base_get(r->db, r->claims.office, id, year, &b);
    if (err == YH_ERR_NOT_FOUND) {
        reply_problem(r, err, "no dues base is set for this member and year", NULL);
        return;
    }
    if (err == YH_OK) {
        err = base_json(r, &b, reveal, &j);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, status, j);
}

/* GET /v1/dues/bases/{id}?year=&reveal=: member id's base for the year (this year by
 * default), masked unless ?reveal=true with pii:read. */
void dues_base_get(struct req *r)
{
    int64_t id, year;
    bool ok = true;
    if (!id_param_or_reply(r, &id) || !year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    bool reveal = reveal_requested(r, &ok);
    if (ok && member_reachable_or_reply(r, id)) {
        base_reply(r, id, (int)year, reveal, 200);
    }
}

struct base_body {
    int64_t year, base_fen;
};
static const struct field base_fields[] = {
    FIELD_INT("year", struct base_body, year, 1990, 2100, FF_REQUIRED),
    FIELD_INT("base_fen", struct base_body, base_fen, 0, DUES_BASE_MAX_FEN, FF_REQUIRED),
};

/* PUT /v1/dues/bases/{id} {year, base_fen}: sets the member's monthly base for the year
 * (set once a year; a new PUT corrects it). The standard follows from the member's
 * category; a reduction already decided stays. Answers masked. */
void dues_base_put(struct req *r)
{
    int64_t id;
    struct base_body in = {0};
    struct member *m = NULL;
    struct dues_base b = {0};
    struct buf sealed = {0};
    char text[24];
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, base_fields, ARRAY_LEN(base_fields), &in, true, NULL) ||
        !member_reachable_or_reply(r, id) || !member_collects_dues_or_reply(r, id, (int)in.year)) {
        return;
    }
    m = calloc(1, sizeof(*m)); /* large: worker stacks are small */
    enum yh_err err = m == NULL ? YH_ERR_INTERNAL : members_db_get(r->db, r->claims.office, id, m);
    snprintf(text, sizeof(text), "%lld", (long long)in.base_fen);
    if (err == YH_OK && pii_seal(&r->app->cfg, text, &sealed) != 0) {
        err = YH_ERR_INTERNAL;
    }
    if (err == YH_OK && sealed.len > sizeof(b.base_enc)) {
        err = YH_ERR_INTERNAL;
    }
    if (err == YH_OK) {
        b.member_id = id;
        b.year = in.year;
        snprintf(b.category, sizeof(b.category), "%s", m->category);
        b.standard_fen = dues_standard_fen(m->category, in.base_fen);
        memcpy(b.base_enc, sealed.data, sealed.len);
        b.base_enc_len = sealed.len;
        err = db_begin(r->db);
        if (err == YH_OK) {
            err = dues_db_base_put(r->db, r->claims.office, &b, r->claims.sub);
        }
        if (err == YH_OK) {
            err = req_audit(r, "dues.base_set", "member", id);
        }
    }
    free(m);
    buf_free(&sealed);
    if (commit_or_reply(r, err, "member")) {
        base_reply(r, id, (int)in.year, false, 200);
    }
}

struct reduction_body {
    int64_t year, reduced_fen;
    char reason[801], decided_on[11], approval_ref[401];
};
static const struct field reduction_fields[] = {
    FIELD_INT("year", struct reduction_body, year, 1990, 2100, FF_REQUIRED),
    FIELD_INT("reduced_fen", struct reduction_body, reduced_fen, 0, DUES_BASE_MAX_FEN, FF_REQUIRED),
    FIELD_TEXT("reason", struct reduction_body, reason, 200, FF_REQUIRED),
    FIELD_DATE("decided_on", struct reduction_body, decided_on, FF_REQUIRED),
    FIELD_TEXT("approval_ref", struct reduction_body, approval_ref, 100, FF_REQUIRED),
};

/* PUT /v1/dues/bases/{id}/reduction {year, reduced_fen (0: exempt), reason, decided_on,
 * approval_ref}: a reduction or exemption for hardship, decided by the branch meeting
 * (decided_on) and approved by the committee above (approval_ref). The year's base must be
 * set (409 otherwise); the reduced amount must be below the standard (422). */
void dues_reduction_put(struct req *r)
{
    int64_t id;
    struct reduction_body in = {0};
    struct dues_base b = {0};
    char today[11];
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, reduction_fields, ARRAY_LEN(reduction_fields), &in, true, NULL) ||
        !member_reachable_or_reply(r, id) || !member_collects_dues_or_reply(r, id, (int)in.year)) {
        return;
    }
    today_cn(today);
    if (strcmp(in.decided_on, today) > 0) {
        struct verrs e = {0};
        verr_add(&e, "decided_on", "is in the future: the branch meeting must have decided");
        verrs_ok_or_reply(r, &e);
        return;
    }
    enum yh_err err = dues_db_base_get(r->db, r->claims.office, id, (int)in.year, &b);
    if (err == YH_ERR_NOT_FOUND) {
        reply_problem(r, YH_ERR_CONFLICT,
                      "set the member's dues base for the year first: a reduction lowers its standard", NULL);
        return;
    }
    if (err == YH_OK && in.reduced_fen >= b.standard_fen && b.standard_fen > 0) {
        struct verrs e = {0};
        verr_add(&e, "reduced_fen", "must be below the standard (0: exempt)");
        verrs_ok_or_reply(r, &e);
        return;
    }
    if (err == YH_OK) {
        b.reduced_fen = in.reduced_fen;
        snprintf(b.reduction_reason, sizeof(b.reduction_reason), "%s", in.reason);
        snprintf(b.decided_on, sizeof(b.decided_on), "%s", in.decided_on);
        snprintf(b.approval_ref, sizeof(b.approval_ref), "%s", in.approval_ref);
        err = db_begin(r->db);
        if (err == YH_OK) {
            err = dues_db_reduction_put(r->db, r->claims.office, &b, r->claims.sub);
        }
        if (err == YH_OK) {
            err = req_audit(r, "dues.reduction_set", "member", id);
        }
    }
    if (commit_or_reply(r, err, "dues base")) {
        base_reply(r, id, (int)in.year, false, 200);
    }
}

/* DELETE /v1/dues/bases/{id}/reduction?year=: lifts the year's reduction (the hardship
 * has ended): the standard is due again from then on. 404 when there is none. */
void dues_reduction_delete(struct req *r)
{
    int64_t id, year;
    if (!id_param_or_reply(r, &id) || !year_or_reply(r, query_get(&r->q, "year"), &year) ||
        !member_reachable_or_reply(r, id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = dues_db_reduction_lift(r->db, r->claims.office, id, (int)year, r->claims.sub);
    }
    if (err == YH_OK) {
        err = req_audit(r, "dues.reduction_lifted", "member", id);
    }
    if (commit_or_reply(r, err, "reduction")) {
        reply_empty(r, 204);
    }
}

/* The setting of branch id, replying 404 when the caller may not see it. */
static bool setting_or_reply(struct req *r, int64_t id, struct dues_setting *s)
{
    if (!branch_reachable_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = dues_db_setting_get(r->db, r->claims.office, id, s);
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return false;
    }
    return true;
}

/* GET /v1/branches/{id}/dues-settings: whether the branch consented to quarterly or
 * advance payment. */
void dues_setting_get(struct req *r)
{
    int64_t id;
    struct dues_setting s;
    if (id_param_or_reply(r, &id) && setting_or_reply(r, id, &s)) {
        cJSON *j = cJSON_CreateObject();
        json_add_id(j, "branch_id", s.branch_id);
        cJSON_AddBoolToObject(j, "advance_consent", s.advance_consent);
        json_add_opt(j, "decided_on", s.decided_on);
        cJSON_AddBoolToObject(j, "collects_dues", dues_branch_refusal(s.nature) == NULL);
        reply_json_take(r, 200, j);
    }
}

struct setting_body {
    bool advance_consent;
    char decided_on[11];
};
static const struct field setting_fields[] = {
    FIELD_BOOL("advance_consent", struct setting_body, advance_consent, FF_REQUIRED),
    FIELD_DATE("decided_on", struct setting_body, decided_on, FF_NULLABLE),
};

/* PUT /v1/branches/{id}/dues-settings {advance_consent, decided_on}: the branch's consent
 * (its meeting's decision of decided_on, required when consenting) to quarterly or
 * advance payment. A temporary or functional branch collects no dues: 409. */
void dues_setting_put(struct req *r)
{
    int64_t id;
    struct dues_setting s;
    struct setting_body in = {0};
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, setting_fields, ARRAY_LEN(setting_fields), &in, true, NULL) ||
        !setting_or_reply(r, id, &s)) {
        return;
    }
    const char *refusal = dues_branch_refusal(s.nature);
    if (refusal != NULL) {
        reply_problem(r, YH_ERR_CONFLICT, refusal, NULL);
        return;
    }
    if (in.advance_consent && !in.decided_on[0]) {
        struct verrs e = {0};
        verr_add(&e, "decided_on", "is required: the branch meeting's decision that consents");
        verrs_ok_or_reply(r, &e);
        return;
    }
    s.advance_consent = in.advance_consent;
    snprintf(s.decided_on, sizeof(s.decided_on), "%s", in.decided_on);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = dues_db_setting_put(r->db, r->claims.office, &s, r->claims.sub);
    }
    if (commit_or_reply(r, err, "branch")) {
        cJSON *j = cJSON_CreateObject();
        json_add_id(j, "branch_id", id);
        cJSON_AddBoolToObject(j, "advance_consent", s.advance_consent);
        json_add_opt(j, "decided_on", s.decided_on);
        cJSON_AddBoolToObject(j, "collects_dues", true);
        reply_json_take(r, 200, j);
    }
}

/* Running totals of the shortfall (the office's, or one branch's line). */
struct shortfall_sum {
    int64_t members_short, months_unpaid, months_underpaid, shortfall_fen;
};

static void shortfall_sum_json(cJSON *o, const struct shortfall_sum *s)
{
    cJSON_AddNumberToObject(o, "members_short", (double)s->members_short);
    cJSON_AddNumberToObject(o, "months_unpaid", (double)s->months_unpaid);
    cJSON_AddNumberToObject(o, "months_underpaid", (double)s->months_underpaid);
    cJSON_AddNumberToObject(o, "shortfall_fen", (double)s->shortfall_fen);
}

/* Judges member m's months [first, last] of year against paid[1..12] (-1: none), adding
 * its short months to a new object (NULL when none is short) and to *sum. */
static cJSON *member_shortfall(const struct dues_standing *m, int year, int first, int last,
                               const int64_t *paid, struct shortfall_sum *sum)
{
    int64_t due = dues_month_due(m->standard_fen, m->reduced_fen);
    struct shortfall_sum mine = {0};
    cJSON *months = cJSON_CreateArray();
    for (int k = first; k <= last; k++) {
        enum dues_month_state st = dues_month_judge(m->has_base, due, paid[k] >= 0, paid[k]);
        if (st == DUES_PAID) {
            continue;
        }
        char month[8];
        snprintf(month, sizeof(month), "%04d-%02d", year, k);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "month", month);
        cJSON_AddStringToObject(o, "state", st == DUES_UNPAID ? "unpaid" : "underpaid");
        if (m->has_base) {
            cJSON_AddNumberToObject(o, "due_fen", (double)due);
        } else {
            cJSON_AddNullToObject(o, "due_fen");
        }
        cJSON_AddNumberToObject(o, "paid_fen", (double)(paid[k] >= 0 ? paid[k] : 0));
        cJSON_AddItemToArray(months, o);
        mine.months_unpaid += st == DUES_UNPAID;
        mine.months_underpaid += st == DUES_UNDERPAID;
        mine.shortfall_fen += m->has_base ? due - (paid[k] >= 0 ? paid[k] : 0) : 0;
    }
    if (cJSON_GetArraySize(months) == 0) {
        cJSON_Delete(months);
        return NULL;
    }
    sum->members_short++;
    sum->months_unpaid += mine.months_unpaid;
    sum->months_underpaid += mine.months_underpaid;
    sum->shortfall_fen += mine.shortfall_fen;
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "member_id", m->member_id);
    cJSON_AddStringToObject(j, "name", m->name);
    json_add_id(j, "branch_id", m->branch_id);
    cJSON_AddStringToObject(j, "category", m->category);
    cJSON_AddBoolToObject(j, "has_base", m->has_base);
    mine.members_short = 1;
    shortfall_sum_json(j, &mine);
    cJSON_AddItemToObject(j, "months", months);
    return j;
}

/* Adds member m's shortfall s to its branch's line in lines (keyed by branch id while
 * counting). */
static void branch_line_add(cJSON *lines, const struct dues_standing *m, const struct shortfall_sum *s)
{
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)m->branch_id);
    cJSON *b = cJSON_GetObjectItemCaseSensitive(lines, key);
    if (b == NULL) {
        b = cJSON_AddObjectToObject(lines, key);
        json_add_id(b, "branch_id", m->branch_id);
        cJSON_AddStringToObject(b, "name", m->branch_name);
        shortfall_sum_json(b, &(struct shortfall_sum){0});
    }
    const char *names[] = {"members_short", "months_unpaid", "months_underpaid", "shortfall_fen"};
    const int64_t add[] = {s->members_short, s->months_unpaid, s->months_underpaid, s->shortfall_fen};
    for (size_t i = 0; i < 4; i++) {
        cJSON *v = cJSON_GetObjectItemCaseSensitive(b, names[i]);
        cJSON_SetNumberValue(v, v->valuedouble + (double)add[i]);
    }
}

/* The shortfall body of year as of today for members[0..n) and their payments
 * paid[0..np) (both by member id). Caller owns it. */
static cJSON *shortfall_json(int year, const char *today, const struct dues_standing *members, size_t n,
                             const struct dues_paid *paid, size_t np)
{
    struct shortfall_sum total = {0};
    int64_t without_base = 0;
    size_t j = 0;
    cJSON *list = cJSON_CreateArray(), *lines = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++) {
        const struct dues_standing *m = &members[i];
        int64_t month_paid[13];
        int first, last;
        for (int k = 0; k < 13; k++) {
            month_paid[k] = -1;
        }
        while (j < np && paid[j].member_id < m->member_id) {
            j++;
        }
        for (; j < np && paid[j].member_id == m->member_id; j++) {
            int k = atoi(paid[j].month + 5);
            month_paid[k >= 1 && k <= 12 ? k : 0] = paid[j].amount_fen;
        }
        without_base += !m->has_base;
        if (!dues_year_months(year, m->joined_month, today, &first, &last)) {
            continue;
        }
        struct shortfall_sum mine = {0};
        cJSON *o = member_shortfall(m, year, first, last, month_paid, &mine);
        if (o != NULL) {
            cJSON_AddItemToArray(list, o);
            branch_line_add(lines, m, &mine);
            total.members_short += mine.members_short;
            total.months_unpaid += mine.months_unpaid;
            total.months_underpaid += mine.months_underpaid;
            total.shortfall_fen += mine.shortfall_fen;
        }
    }
    cJSON *branches = cJSON_CreateArray();
    while (lines->child != NULL) {
        cJSON_AddItemToArray(branches, cJSON_DetachItemViaPointer(lines, lines->child));
    }
    cJSON_Delete(lines);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", year);
    shortfall_sum_json(body, &total);
    cJSON_AddNumberToObject(body, "members_without_base", (double)without_base);
    cJSON_AddItemToObject(body, "branches", branches);
    cJSON_AddItemToObject(body, "members", list);
    return body;
}

/* GET /v1/dues/shortfall?year=&branch=: arrears (months without a payment) and
 * underpayments (paid below the standard due) of the year, month by month, per member and
 * per branch, for the office or one branch (a secretary: its own). Cached per office;
 * every dues, base, reduction or setting write invalidates it. */
void dues_shortfall(struct req *r)
{
    int64_t year, bid = 0;
    struct dues_standing *members = NULL;
    struct dues_paid *paid = NULL;
    size_t n = 0, np = 0;
    struct cache_stamp stamp;
    bool have_stamp = false;
    char key[64], today[11], from[8], to[8];
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the dues shortfall is for staff and secretaries", NULL);
        return;
    }
    if (!year_or_reply(r, query_get(&r->q, "year"), &year) || !query_id_or_reply(r, "branch", &bid)) {
        return;
    }
    if (!branch_scope_or_reply(r, &bid)) {
        return;
    }
    if (bid > 0) {
        struct dues_setting s;
        enum yh_err err = dues_db_setting_get(r->db, r->claims.office, bid, &s);
        if (err != YH_OK) {
            reply_error(r, err, "branch");
            return;
        }
        if (dues_branch_refusal(s.nature) != NULL) {
            reply_problem(r, YH_ERR_CONFLICT, dues_branch_refusal(s.nature), NULL);
            return;
        }
    }
    today_cn(today); /* the months owed run to this one: the day is part of the key */
    snprintf(key, sizeof(key), "dues_shortfall:%lld:%lld:%s", (long long)year, (long long)bid, today);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    snprintf(from, sizeof(from), "%04lld-01", (long long)year);
    snprintf(to, sizeof(to), "%04lld-12", (long long)year);
    enum yh_err err =
        dues_db_year(r->db, r->claims.office, bid, (int)year, from, to, &members, &n, &paid, &np);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = shortfall_json((int)year, today, members, n, paid, np);
    free(members);
    free(paid);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}
