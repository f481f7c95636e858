/* The office's aftercare checklist (/v1/aftercare-items: defaults and the office's own
 * rows) and the items of one aftercare done or undone (/v1/aftercares/{id}/items/{code}):
 * the aftercare is complete when every required item is done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/aftercare.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/reach.h"

/* GET /v1/aftercare-items: the office's checklist, retired items included. */
void aftercare_items_list(struct req *r)
{
    struct db_rows rows;
    enum yh_err err = aftercare_items_db_list(r->db, r->claims.office, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", view_rows(&rows, rows.nrows, &aftercare_items_view));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

struct item_body {
    char name[121];
    bool required;
    bool retired;
};
static const struct field item_fields[] = {
    FIELD_TEXT("name", struct item_body, name, 30, FF_REQUIRED),
    FIELD_BOOL("required", struct item_body, required, 0),
    FIELD_BOOL("retired", struct item_body, retired, 0),
};

/* Whether code is a checklist code: a lower-case letter then up to 23 of a-z, 0-9, _. */
static bool item_code_valid(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n > 24 || code[0] < 'a' || code[0] > 'z') {
        return false;
    }
    return strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* PUT /v1/aftercare-items/{code} (staff): the office's own row of code (a default's
 * override, or a new item); required defaults to true, retired to false. Aftercares
 * already open keep the items they opened with. */
void aftercare_items_put(struct req *r)
{
    struct item_body b = {"", true, false};
    const char *code = path_param(&r->pp, "code");
    if (!item_code_valid(code)) {
        reply_problem(r, YH_ERR_BAD_REQUEST,
                      "code must be a-z, 0-9 and _, starting with a letter, at most 24", NULL);
        return;
    }
    if (!body_read_or_reply(r, item_fields, ARRAY_LEN(item_fields), &b, true, NULL)) {
        return;
    }
    int64_t others = 0;
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = aftercare_items_db_others(r->db, r->claims.office, code, &others);
    }
    /* an aftercare holds at most AFTERCARE_STEPS_MAX items */
    if (err == YH_OK && others >= AFTERCARE_STEPS_MAX) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "a checklist holds at most 30 items: retire or rename one", NULL);
        return;
    }
    if (err == YH_OK) {
        err = aftercare_items_db_put(r->db, r->claims.office, code, b.name, b.required, b.retired);
    }
    if (err == YH_OK) {
        err = req_audit(r, "aftercare_item.put", "office", 0);
    }
    if (commit_or_reply(r, err, "aftercare item")) {
        aftercare_items_list(r);
    }
}

/* The body of POST /v1/aftercares/{id}/items/{code}. */
struct step_body {
    char done_on[11];
    char note[2001];
    int64_t visit_id;
    char recipient[401];
    char paid_on[11];
    int64_t amount_fen;
    char not_paid_reason[801];
};
static const struct field step_fields[] = {
    FIELD_DATE("done_on", struct step_body, done_on, FF_REQUIRED),
    FIELD_TEXT("note", struct step_body, note, 500, FF_NULLABLE),
    FIELD_ID("visit_id", struct step_body, visit_id, 0),
    FIELD_TEXT("recipient", struct step_body, recipient, 100, 0),
    FIELD_DATE("paid_on", struct step_body, paid_on, 0),
    FIELD_INT("amount_fen", struct step_body, amount_fen, 1, 100000000, 0),
    FIELD_TEXT("not_paid_reason", struct step_body, not_paid_reason, 200, 0),
};

/* A date of aftercare work: not before the death, not in the future. */
static void work_date_check(const char *name, const char *on, const char *died_on, struct verrs *v)
{
    char today[11];
    today_cn(today);
    if (on[0] && strcmp(on, today) > 0) {
        verr_add(v, name, "is in the future");
    } else if (on[0] && strcmp(on, died_on) < 0) {
        verr_add(v, name, "is before the death");
    }
}

/* Checks body b of item code of aftercare a: the dates, the visit (condolence only, a
 * visit to the member) and the payment's fields (survivor_payment only, one of the two
 * ways). A store failure is returned; the problems go to v. */
static enum yh_err step_check(struct req *r, const struct aftercare *a, const char *code,
                              const struct step_body *b, struct verrs *v)
{
    bool payment = strcmp(code, "survivor_payment") == 0, visit_ok = true;
    const char *field = NULL;
    work_date_check("done_on", b->done_on, a->died_on, v);
    work_date_check("paid_on", b->paid_on, a->died_on, v);
    const char *why = aftercare_payment_problem(b->recipient[0], b->paid_on[0], b->amount_fen > 0,
                                                b->not_paid_reason[0], &field);
    if (payment && why != NULL) {
        verr_add(v, field, why);
    }
    if (!payment && (b->recipient[0] || b->paid_on[0] || b->amount_fen || b->not_paid_reason[0])) {
        verr_add(v,
                 b->recipient[0] ? "recipient"
                 : b->paid_on[0] ? "paid_on"
                 : b->amount_fen ? "amount_fen"
                                 : "not_paid_reason",
                 "belongs to the survivor's payment (survivor_payment) only");
    }
    if (b->visit_id && strcmp(code, "condolence") != 0) {
        verr_add(v, "visit_id", "belongs to the condolence visit (condolence) only");
        return YH_OK;
    }
    enum yh_err err =
        b->visit_id ? aftercare_db_visit_of(r->db, r->claims.office, b->visit_id, a->member_id, &visit_ok)
                    : YH_OK;
    if (err == YH_OK && !visit_ok) {
        verr_add(v, "visit_id", "is no visit of this office to the member");
    }
    return err;
}

/* Fills step s from body b (NULL: undone), sealing note, recipient and amount; false
 * when it has replied. */
static bool step_fill_or_reply(struct req *r, const struct step_body *b, struct aftercare_step *s)
{
    char amount[24] = "";
    if (b == NULL) {
        return true;
    }
    memcpy(s->done_on, b->done_on, sizeof(s->done_on));
    snprintf(s->done_by, sizeof(s->done_by), "%s", r->claims.sub);
    s->visit_id = b->visit_id;
    memcpy(s->paid_on, b->paid_on, sizeof(s->paid_on));
    snprintf(s->not_paid_reason, sizeof(s->not_paid_reason), "%s", b->not_paid_reason);
    if (b->amount_fen > 0) {
        snprintf(amount, sizeof(amount), "%lld", (long long)b->amount_fen);
    }
    return aftercare_seal_or_reply(r, b->note, &s->note) &&
           aftercare_seal_or_reply(r, b->recipient, &s->recipient) &&
           aftercare_seal_or_reply(r, amount, &s->amount);
}

/* After an item changed: complete when every required item is done, open again when
 * one is undone; the status is written either way, so the aftercare's version moves
 * with every item (If-Match). */
static enum yh_err aftercare_settle(struct req *r, const struct aftercare *a)
{
    struct aftercare_step *s = NULL;
    struct aftercare_state st[AFTERCARE_STEPS_MAX];
    size_t n = 0;
    char today[11], on[11];
    enum yh_err err = aftercare_db_steps(r->db, r->claims.office, a->id, &s, &n);
    for (size_t i = 0; err == YH_OK && i < n && i < AFTERCARE_STEPS_MAX; i++) {
        st[i].required = s[i].required;
        memcpy(st[i].done_on, s[i].done_on, sizeof(st[i].done_on));
    }
    aftercare_steps_free(s, n);
    n = n < AFTERCARE_STEPS_MAX ? n : AFTERCARE_STEPS_MAX;
    bool complete = aftercare_complete(st, n);
    today_cn(today);
    aftercare_completed_on(st, n, today, on);
    if (err == YH_OK) {
        err = aftercare_db_set_status(r->db, r->claims.office, a->id, complete ? "complete" : "open",
                                      complete ? on : NULL);
    }
    return err;
}

/* Locks and reads aftercare id in the caller's reach at version (If-Match), in a
 * transaction begun here; false when it has replied (and rolled back): 404, 409 when
 * withdrawn, 412 when the version is stale. */
static bool step_aftercare_or_reply(struct req *r, int64_t id, int64_t version, struct aftercare *a)
{
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = aftercare_db_lock(r->db, r->claims.office, id);
    }
    if (err == YH_OK) {
        err = aftercare_db_get(r->db, r->claims.office, aftercare_scope(r), id, a);
    }
    if (err == YH_OK && strcmp(a->status, "withdrawn") == 0) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "the death report was withdrawn as mistaken", NULL);
        return false;
    }
    if (err == YH_OK && a->version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_error(r, err, "aftercare");
    }
    return err == YH_OK;
}

/* Marks item code of aftercare id (at version) done with body b (NULL: undone); replies. */
static void step_write(struct req *r, int64_t id, int64_t version, const char *code,
                       const struct step_body *b)
{
    struct aftercare a = {0};
    struct aftercare_step s = {0};
    struct verrs v = {0};
    bool exists = false;
    snprintf(s.code, sizeof(s.code), "%s", code);
    if (!step_aftercare_or_reply(r, id, version, &a)) {
        goto out;
    }
    enum yh_err err = aftercare_db_has_step(r->db, r->claims.office, id, code, &exists);
    if (err == YH_OK && b != NULL) {
        err = step_check(r, &a, code, b, &v);
    }
    if (err == YH_OK && (!exists || v.n > 0)) {
        db_rollback(r->db);
        if (!exists) {
            reply_problem(r, YH_ERR_NOT_FOUND,
                          "no such item in this aftercare (its checklist is the office's when it opened)",
                          NULL);
        } else {
            verrs_ok_or_reply(r, &v);
        }
        goto out;
    }
    if (err == YH_OK && !step_fill_or_reply(r, b, &s)) {
        db_rollback(r->db);
        goto out;
    }
    if (err == YH_OK) {
        err = aftercare_db_step_put(r->db, r->claims.office, id, &s);
    }
    if (err == YH_OK) {
        err = aftercare_settle(r, &a);
    }
    if (err == YH_OK) {
        err = req_audit(r, b ? "aftercare.item_done" : "aftercare.item_undone", "aftercare", id);
    }
    if (commit_or_reply(r, err, "aftercare")) {
        aftercare_reply(r, 200, id);
    }
out:
    buf_free(&s.note);
    buf_free(&s.recipient);
    buf_free(&s.amount);
    aftercare_free(&a);
}

/* POST /v1/aftercares/{id}/items/{code} (If-Match: the aftercare's version): the item
 * done on done_on. */
void aftercare_step_done(struct req *r)
{
    struct step_body *b = calloc(1, sizeof(*b));
    int64_t id = 0, version = 0;
    if (b == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (id_param_or_reply(r, &id) && req_if_match_or_reply(r, &version) &&
        body_read_or_reply(r, step_fields, ARRAY_LEN(step_fields), b, true, NULL)) {
        step_write(r, id, version, path_param(&r->pp, "code"), b);
    }
    free(b);
}

/* DELETE /v1/aftercares/{id}/items/{code} (If-Match: the aftercare's version): the item
 * undone (the aftercare reopens). */
void aftercare_step_undo(struct req *r)
{
    int64_t id = 0, version = 0;
    if (id_param_or_reply(r, &id) && req_if_match_or_reply(r, &version)) {
        step_write(r, id, version, path_param(&r->pp, "code"), NULL);
    }
}
