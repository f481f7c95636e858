/* Recording a death (POST/PATCH /v1/members/{id}/death, POST .../death/withdraw) and
 * reading aftercares (GET /v1/aftercares[/{id}]): the death's cause, its reporter and
 * note are sealed, as are the survivor payment's recipient and amount; shown only with
 * ?reveal=true and pii:read, and audited then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/aftercare.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/help_flow.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/transfers.h"

int64_t aftercare_scope(const struct req *r)
{
    if (req_whole_office(r)) {
        return 0;
    }
    return req_is_secretary(r) && r->claims.branch_id ? r->claims.branch_id : -1;
}

bool aftercare_seal_or_reply(struct req *r, const char *text, struct buf *out)
{
    out->len = 0;
    if (text == NULL || !text[0]) {
        return true;
    }
    if (pii_seal(&r->app->cfg, text, out) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return false;
    }
    return true;
}

/* Adds sealed value b as name: opened when reveal, else null with name_sealed telling
 * whether there is one; a number when number (the amount in fen). */
static enum yh_err add_sealed(struct req *r, cJSON *j, const char *name, const struct buf *b, bool reveal,
                              bool number)
{
    struct buf t = {0};
    char flag[48];
    if (b->len && reveal) {
        if (pii_open(&r->app->cfg, b->data, b->len, &t) != 0) {
            buf_free(&t);
            return YH_ERR_INTERNAL;
        }
        if (number) {
            cJSON_AddNumberToObject(j, name, strtod(t.data, NULL));
        } else {
            cJSON_AddStringToObject(j, name, t.data);
        }
        buf_free(&t);
    } else {
        cJSON_AddNullToObject(j, name);
    }
    snprintf(flag, sizeof(flag), "%s_sealed", name);
    cJSON_AddBoolToObject(j, flag, b->len && !reveal);
    return YH_OK;
}

/* One item of an aftercare as JSON. */
static enum yh_err step_json(struct req *r, const struct aftercare_step *s, bool reveal, cJSON *items)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(items, o);
    cJSON_AddStringToObject(o, "code", s->code);
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON_AddBoolToObject(o, "required", s->required);
    cJSON_AddBoolToObject(o, "done", s->done_on[0] != '\0');
    json_add_opt(o, "done_on", s->done_on);
    json_add_opt(o, "done_by", s->done_by);
    enum yh_err err = add_sealed(r, o, "note", &s->note, reveal, false);
    if (strcmp(s->code, "condolence") == 0) {
        json_add_id(o, "visit_id", s->visit_id);
    }
    if (err == YH_OK && strcmp(s->code, "survivor_payment") == 0) {
        err = add_sealed(r, o, "recipient", &s->recipient, reveal, false);
        json_add_opt(o, "paid_on", s->paid_on);
        if (err == YH_OK) {
            err = add_sealed(r, o, "amount_fen", &s->amount, reveal, true);
        }
        json_add_opt(o, "not_paid_reason", s->not_paid_reason);
    }
    return err;
}

/* Whether a holds any sealed value (a revealed read of it is audited). */
static bool any_sealed(const struct aftercare *a, const struct aftercare_step *s, size_t n)
{
    bool any = a->cause.len || a->reported_by.len || a->note.len;
    for (size_t i = 0; i < n; i++) {
        any = any || s[i].note.len || s[i].recipient.len || s[i].amount.len;
    }
    return any;
}

/* Aftercare a with its items as JSON (*out, caller owns, set on YH_OK); reveal opens the
 * sealed values, audited. */
static enum yh_err aftercare_json(struct req *r, const struct aftercare *a, bool reveal, cJSON **out)
{
    struct aftercare_step *s = NULL;
    size_t n = 0;
    enum yh_err err = aftercare_db_steps(r->db, r->claims.office, a->id, &s, &n);
    if (err == YH_OK && reveal && any_sealed(a, s, n)) {
        err = req_audit(r, "aftercare.reveal", "aftercare", a->id);
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", a->id);
    json_add_id(j, "member_id", a->member_id);
    cJSON_AddStringToObject(j, "name", a->member_name);
    json_add_id(j, "branch_id", a->branch_id);
    cJSON_AddStringToObject(j, "died_on", a->died_on);
    if (err == YH_OK) {
        err = add_sealed(r, j, "cause", &a->cause, reveal, false);
    }
    if (err == YH_OK) {
        err = add_sealed(r, j, "reported_by", &a->reported_by, reveal, false);
    }
    if (err == YH_OK) {
        err = add_sealed(r, j, "note", &a->note, reveal, false);
    }
    cJSON_AddStringToObject(j, "status", a->status);
    json_add_opt(j, "completed_on", a->completed_on);
    json_add_opt(j, "withdrawn_reason", a->withdrawn_reason);
    cJSON_AddStringToObject(j, "recorded_by", a->recorded_by);
    cJSON_AddNumberToObject(j, "version", (double)a->version);
    cJSON *items = cJSON_AddArrayToObject(j, "items");
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        err = step_json(r, &s[i], reveal, items);
    }
    aftercare_steps_free(s, n);
    if (err != YH_OK) {
        cJSON_Delete(j);
        return err;
    }
    *out = j;
    return YH_OK;
}

void aftercare_reply(struct req *r, int status, int64_t id)
{
    struct aftercare a;
    cJSON *j = NULL;
    enum yh_err err = aftercare_db_get(r->db, r->claims.office, 0, id, &a);
    if (err == YH_OK) {
        err = aftercare_json(r, &a, false, &j);
    }
    aftercare_free(&a);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    } else if (status == 201) {
        reply_created_take(r, "/v1/aftercares", id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* The body of POST and PATCH /v1/members/{id}/death. */
struct death_body {
    char died_on[11];
    char cause[2001];
    char reported_by[401];
    char note[2001];
};
static const struct field death_fields[] = {
    FIELD_DATE("died_on", struct death_body, died_on, FF_REQUIRED),
    FIELD_TEXT("cause", struct death_body, cause, 500, FF_NULLABLE),
    FIELD_TEXT("reported_by", struct death_body, reported_by, 100, FF_REQUIRED),
    FIELD_TEXT("note", struct death_body, note, 500, FF_NULLABLE),
};

/* Checks died_on against the member's birth date and today; false when it has replied
 * 422 (after rolling back the transaction begun). */
static bool died_on_ok_or_reply(struct req *r, const char *died_on, const struct member *m)
{
    struct verrs v = {0};
    char today[11];
    today_cn(today);
    const char *why = aftercare_died_on_problem(died_on, m->birth_date, today);
    if (why == NULL) {
        return true;
    }
    if (db_in_tx(r->db)) {
        db_rollback(r->db);
    }
    verr_add(&v, "died_on", why);
    return verrs_ok_or_reply(r, &v);
}

/* Seals the body's cause, reporter and note into a; false when it has replied. */
static bool death_seal_or_reply(struct req *r, const struct death_body *d, struct aftercare *a)
{
    return aftercare_seal_or_reply(r, d->cause, &a->cause) &&
           aftercare_seal_or_reply(r, d->reported_by, &a->reported_by) &&
           aftercare_seal_or_reply(r, d->note, &a->note);
}

/* Closes member m (locked, active) as deceased through the members' one close, cancels
 * its urgent help requests still running (nobody is to go on working on them) and its
 * pending transfer, opens its aftercare and publishes member.deceased, inside the
 * transaction. */
static enum yh_err death_write(struct req *r, const struct member *m, struct aftercare *a, int64_t *id)
{
    char data[96], now[20];
    a->member_id = m->id;
    a->branch_id = m->branch_id; /* before the close ends the membership */
    snprintf(a->recorded_by, sizeof(a->recorded_by), "%s", r->claims.sub);
    enum yh_err err = members_db_close(r->db, r->claims.office, m->id, "deceased", a->died_on, NULL);
    time_cn(now_s(), now);
    if (err == YH_OK) {
        err = help_db_cancel_member_open(r->db, r->claims.office, m->id, "成员离世", r->claims.sub, now);
    }
    if (err == YH_OK) { /* a pending transfer cannot be accepted any more (org/transfers.c) */
        err = transfers_cancel_for_death(r, m->id);
    }
    if (err == YH_OK) {
        err = aftercare_db_open(r->db, r->claims.office, a, id);
    }
    if (err == YH_OK) { /* ids only: the date is read through the aftercare */
        snprintf(data, sizeof(data), "{\"member_id\":\"%lld\",\"aftercare_id\":\"%lld\"}", (long long)m->id,
                 (long long)*id);
        err = outbox_publish(r->db, &r->app->cfg, r->claims.office, "member.deceased", data);
    }
    if (err == YH_OK) {
        err = req_audit(r, "member.deceased", "member", m->id);
    }
    return err;
}

/* Locks member id and checks it is active at version; false when it has replied (and
 * rolled back). */
static bool death_member_or_reply(struct req *r, int64_t id, int64_t version, struct member *m)
{
    char msg[96];
    enum yh_err err = members_db_get_for_update(r->db, r->claims.office, id, m);
    if (err == YH_OK && m->version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK && strcmp(m->status, "active") != 0) {
        snprintf(msg, sizeof(msg), "the member is %s since %s: a death is recorded once", m->status,
                 m->status_on);
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return false;
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_error(r, err, "member");
    }
    return err == YH_OK;
}

/* POST /v1/members/{id}/death (If-Match): the member becomes deceased on died_on, its
 * memberships, pairings and committee seats end, its aftercare opens with the office's
 * checklist and member.deceased is published. */
void death_record(struct req *r)
{
    struct death_body *d = calloc(1, sizeof(*d));
    struct member *m = calloc(1, sizeof(*m));
    struct aftercare a = {0};
    int64_t id = 0, version = 0, aid = 0;
    if (d == NULL || m == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, death_fields, ARRAY_LEN(death_fields)) ||
        !req_if_match_or_reply(r, &version)) {
        goto out;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, id, m);
    if (err != YH_OK) {
        reply_error(r, err, "member");
        goto out;
    }
    if (!body_read_or_reply(r, death_fields, ARRAY_LEN(death_fields), d, true, NULL) ||
        !death_seal_or_reply(r, d, &a) || !died_on_ok_or_reply(r, d->died_on, m)) {
        goto out;
    }
    memcpy(a.died_on, d->died_on, sizeof(a.died_on));
    err = db_begin(r->db);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        goto out;
    }
    if (death_member_or_reply(r, id, version, m) &&
        commit_or_reply_conflict(r, death_write(r, m, &a, &aid), "member",
                                 "the member's death is already recorded")) {
        aftercare_reply(r, 201, aid);
    }
out:
    aftercare_free(&a);
    free(m);
    free(d);
}

/* Applies the given fields of PATCH /v1/members/{id}/death to a, sealing the texts;
 * false when it has replied. */
static bool death_patch_or_reply(struct req *r, const struct death_body *d, field_set given,
                                 struct aftercare *a)
{
    const struct field *f = death_fields;
    size_t n = ARRAY_LEN(death_fields);
    if (body_given(f, n, given, "died_on")) {
        memcpy(a->died_on, d->died_on, sizeof(a->died_on));
    }
    return (!body_given(f, n, given, "cause") || aftercare_seal_or_reply(r, d->cause, &a->cause)) &&
           (!body_given(f, n, given, "reported_by") ||
            aftercare_seal_or_reply(r, d->reported_by, &a->reported_by)) &&
           (!body_given(f, n, given, "note") || aftercare_seal_or_reply(r, d->note, &a->note));
}

/* Locks the member id and its standing death record, whose aftercare must be at version
 * (If-Match); false when it has replied (and rolled back): 404 when the member has none,
 * 412 when the version is stale. */
static bool death_of_or_reply(struct req *r, int64_t id, int64_t version, struct member *m,
                              struct aftercare *a)
{
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_get_for_update(r->db, r->claims.office, id, m);
    }
    if (err == YH_OK) {
        err = aftercare_db_of_member(r->db, r->claims.office, id, a);
    }
    if (err == YH_OK && a->version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no recorded death of this member" : NULL, NULL);
    }
    return err == YH_OK;
}

/* PATCH /v1/members/{id}/death (staff, If-Match: the aftercare's version): corrects the
 * date, cause, reporter or note. */
void death_correct(struct req *r)
{
    struct death_body *d = calloc(1, sizeof(*d));
    struct member *m = calloc(1, sizeof(*m));
    struct aftercare a = {0};
    field_set given = 0;
    int64_t id = 0, version = 0;
    char old_on[11];
    if (d == NULL || m == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
    } else if (id_param_or_reply(r, &id) && req_if_match_or_reply(r, &version) &&
               body_read_or_reply(r, death_fields, ARRAY_LEN(death_fields), d, false, &given) &&
               death_of_or_reply(r, id, version, m, &a)) {
        memcpy(old_on, a.died_on, sizeof(old_on));
        if (death_patch_or_reply(r, d, given, &a) && died_on_ok_or_reply(r, a.died_on, m)) {
            enum yh_err err = aftercare_db_update_death(r->db, r->claims.office, &a);
            if (err == YH_OK && strcmp(old_on, a.died_on) != 0) {
                err = members_db_redate_death(r->db, r->claims.office, id, old_on, a.died_on);
            }
            if (err == YH_OK) {
                err = req_audit(r, "member.death_correct", "member", id);
            }
            if (commit_or_reply(r, err, "member")) {
                aftercare_reply(r, 200, a.id);
            }
        } else if (db_in_tx(r->db)) {
            db_rollback(r->db);
        }
    }
    aftercare_free(&a);
    free(m);
    free(d);
}

/* The body of POST /v1/members/{id}/death/withdraw: a reason, personal text, kept out
 * of the URL (and so out of access logs). */
struct withdraw_body {
    char reason[801];
};
static const struct field withdraw_fields[] = {
    FIELD_TEXT("reason", struct withdraw_body, reason, 200, FF_REQUIRED),
};

/* POST /v1/members/{id}/death/withdraw {reason} (staff, If-Match: the aftercare's
 * version): the report was mistaken, the member is alive: active again in its branch,
 * its aftercare withdrawn (kept, with the reason). */
void death_withdraw(struct req *r)
{
    struct member *m = calloc(1, sizeof(*m));
    struct aftercare a = {0};
    struct withdraw_body b = {""};
    int64_t id = 0, version = 0;
    if (m == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version) ||
        !body_read_or_reply(r, withdraw_fields, ARRAY_LEN(withdraw_fields), &b, true, NULL)) {
        goto out;
    }
    if (death_of_or_reply(r, id, version, m, &a)) {
        enum yh_err err = members_db_reopen(r->db, r->claims.office, id, a.died_on, a.branch_id);
        if (err == YH_OK) {
            err = aftercare_db_withdraw(r->db, r->claims.office, a.id, b.reason);
        }
        if (err == YH_OK) {
            err = req_audit(r, "member.death_withdraw", "member", id);
        }
        if (commit_or_reply(r, err, "member")) {
            aftercare_reply(r, 200, a.id);
        }
    }
out:
    aftercare_free(&a);
    free(m);
}

/* GET /v1/aftercares/{id}[?reveal=true]. */
void aftercares_get(struct req *r)
{
    struct aftercare a = {0};
    int64_t id = 0;
    cJSON *j = NULL;
    bool reveal = false;
    if (!reveal_id_or_reply(r, &reveal, &id)) {
        return;
    }
    enum yh_err err = aftercare_db_get(r->db, r->claims.office, aftercare_scope(r), id, &a);
    if (err == YH_OK) {
        err = aftercare_json(r, &a, reveal, &j);
    }
    aftercare_free(&a);
    if (err != YH_OK) {
        reply_error(r, err, "aftercare");
        return;
    }
    reply_json_take(r, 200, j);
}

/* GET /v1/aftercares?status=open|complete: the office's aftercares (a secretary's: its
 * branch's), newest first, without sealed values. Cached; writes invalidate it. */
void aftercares_list(struct req *r)
{
    static const char *const statuses[] = {"open", "complete", NULL};
    const char *status = NULL;
    struct db_rows rows;
    struct cache_stamp stamp;
    bool have_stamp = false;
    int limit;
    char after[24], key[96];
    if (req_is_member(r) || req_is_relative(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the aftercares are for staff and secretaries", NULL);
        return;
    }
    if (!page_params_or_reply(r, "aftercares", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &status)) {
        return;
    }
    int64_t scope = aftercare_scope(r);
    snprintf(key, sizeof(key), "aftercares:%s:%lld:%d:%s", status ? status : "", (long long)scope, limit,
             after);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = aftercare_db_list(r->db, r->claims.office, scope, status,
                                        after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp,
                         page_of_view(r, "aftercares", &rows, limit, &aftercares_view));
}
