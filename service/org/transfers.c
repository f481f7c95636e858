/* /v1/transfers: the party relationship (组织关系转接) of one member or several moves to
 * another office (any office in the country) or to another branch of the same office.
 * The sender starts it, the receiver accepts it into one of its regular branches or
 * refuses it with a reason, the sender may cancel it while pending. Before acceptance the
 * receiver sees the transfer only (masked name, gender, birth year, category, dates), never
 * the member's record; on acceptance between offices the record is copied into the
 * receiving office (personal values re-sealed, the health index recomputed for it, the
 * honours copied, a primary membership opened on the day) and the sender's is closed as
 * transferred_out, in one transaction. Both offices audit every step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/org.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/transfers.h"
#include "yinhui/typed_rows.h"

/* How a unit of work ended before its commit: err with the problem's detail, or a 422
 * naming field. */
struct outcome {
    enum yh_err err;
    const char *field;
    char msg[240];
};

/* {code, name} */
static cJSON *office_json(const char *code, const char *name)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", code);
    cJSON_AddStringToObject(o, "name", name);
    return o;
}

/* {id, name}, or null when id is 0 or the caller's side does not show it. */
static void add_branch(cJSON *j, const char *name, int64_t id, const char *bname, bool shown)
{
    if (id == 0 || !shown) {
        cJSON_AddNullToObject(j, name);
        return;
    }
    cJSON *b = cJSON_AddObjectToObject(j, name);
    json_add_id(b, "id", id);
    cJSON_AddStringToObject(b, "name", bname);
}

/* The member as the caller's side sees it on the transfer: the receiver (between offices)
 * the masked name and no record id — it has no record before acceptance. */
static cJSON *transfer_member_json(const struct transfer *t, enum transfer_side side)
{
    char name[256], year[5];
    cJSON *m = cJSON_CreateObject();
    bool sender = side == TS_SENDER || side == TS_BOTH;
    if (sender) {
        json_add_id(m, "id", t->member_id);
        cJSON_AddStringToObject(m, "name", t->member_name);
    } else {
        transfer_masked_name(t->member_name, name, sizeof(name));
        cJSON_AddStringToObject(m, "name", name);
    }
    cJSON_AddStringToObject(m, "gender", t->gender);
    snprintf(year, sizeof(year), "%.4s", t->birth_date);
    cJSON_AddNumberToObject(m, "birth_year", atoi(year));
    cJSON_AddStringToObject(m, "category", t->category);
    json_add_opt(m, "joined_on", t->joined_on);
    json_add_opt(m, "full_member_on", t->full_member_on);
    return m;
}

/* Transfer t as the caller's side sees it. Caller owns it. */
static cJSON *transfer_json(const struct transfer *t, enum transfer_side side)
{
    bool sender = side == TS_SENDER || side == TS_BOTH, receiver = side == TS_RECEIVER || side == TS_BOTH;
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", t->id);
    json_add_id(j, "batch_id", t->batch_id);
    cJSON_AddStringToObject(j, "kind", transfer_kind(t->from_office, t->to_office));
    cJSON_AddStringToObject(j, "state", t->state);
    cJSON_AddItemToObject(j, "from_office", office_json(t->from_office, t->from_office_name));
    cJSON_AddItemToObject(j, "to_office", office_json(t->to_office, t->to_office_name));
    add_branch(j, "from_branch", t->from_branch_id, t->from_branch_name, sender);
    add_branch(j, "to_branch", t->to_branch_id, t->to_branch_name, receiver);
    cJSON_AddItemToObject(j, "member", transfer_member_json(t, side));
    json_add_id(j, "new_member_id", receiver ? t->new_member_id : 0);
    cJSON_AddStringToObject(j, "reason", t->reason);
    json_add_opt(j, "letter_no", t->letter_no);
    json_add_opt(j, "note", t->note);
    json_add_opt(j, "decision_reason", t->decision_reason);
    cJSON_AddStringToObject(j, "started_by", t->started_by);
    cJSON_AddStringToObject(j, "started_on", t->started_on);
    json_add_opt(j, "decided_by", t->decided_by);
    json_add_opt(j, "decided_on", t->decided_on);
    json_add_opt(j, "decided_at", t->decided_at);
    cJSON_AddNumberToObject(j, "version", (double)t->version);
    cJSON_AddStringToObject(j, "created_at", t->created_at);
    cJSON_AddStringToObject(j, "updated_at", t->updated_at);
    return j;
}

/* Transfer id as the caller sees it into *out (caller owns it). */
static enum yh_err transfer_read_json(struct req *r, int64_t id, cJSON **out)
{
    struct transfer *t = calloc(1, sizeof(*t));
    enum yh_err err = t == NULL ? YH_ERR_INTERNAL : transfers_db_get(r->db, r->claims.office, id, false, t);
    if (err == YH_OK) {
        *out = transfer_json(t, transfer_side_of(r->claims.office, t->from_office, t->to_office));
    }
    free(t);
    return err;
}

/* Replies 200 with transfer id. */
static void reply_transfer(struct req *r, int64_t id)
{
    cJSON *j = NULL;
    enum yh_err err = transfer_read_json(r, id, &j);
    if (err != YH_OK) {
        reply_error(r, err, "transfer");
        return;
    }
    reply_json_take(r, 200, j);
}

/* The step audited on both sides (once within an office). */
static enum yh_err audit_both(struct req *r, const struct transfer *t, const char *action)
{
    const char *other = strcmp(t->from_office, r->claims.office) == 0 ? t->to_office : t->from_office;
    enum yh_err err = req_audit(r, action, "transfer", t->id);
    return err == YH_OK ? req_audit_in(r, other, action, "transfer", t->id) : err;
}

/* Ends the unit of work: commits when o holds no error, and then queues the other
 * office's invalidation beside the caller's; otherwise rolls back and replies o's
 * problem. False when it has replied. */
static bool transfer_commit_or_reply(struct req *r, const struct outcome *o, const char *other)
{
    if (o->field != NULL) {
        struct verrs v = {0};
        db_rollback(r->db);
        verr_add(&v, o->field, o->msg);
        return verrs_ok_or_reply(r, &v);
    }
    if (o->err != YH_OK && o->err != YH_ERR_PRECONDITION && o->msg[0]) {
        db_rollback(r->db);
        reply_problem(r, o->err, o->msg, NULL);
        return false;
    }
    if (!commit_or_reply(r, o->err, "transfer")) {
        return false;
    }
    req_invalidate(r, other);
    return true;
}

/* ---- start ---- */

struct start_body {
    char to_office[7];
    int64_t to_branch_id;
    char reason[801], letter_no[161], note[2001];
};
static const struct field start_fields[] = {
    FIELD_OTHER("member_ids", FF_REQUIRED),
    FIELD_TEXT("to_office", struct start_body, to_office, 6, FF_REQUIRED),
    FIELD_ID("to_branch_id", struct start_body, to_branch_id, 0),
    FIELD_TEXT("reason", struct start_body, reason, TRANSFER_REASON_MAX, FF_REQUIRED),
    FIELD_TEXT("letter_no", struct start_body, letter_no, TRANSFER_LETTER_MAX, FF_NULLABLE),
    FIELD_TEXT("note", struct start_body, note, TRANSFER_NOTE_MAX, FF_NULLABLE),
};

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Reads member_ids (1 to TRANSFER_BATCH_MAX distinct ids) into ids[0..*n), ascending (the
 * order their rows are locked in, so two batches never wait on each other in a cycle). */
static void start_ids_take(const struct req *r, int64_t *ids, size_t *n, struct verrs *v)
{
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(r->json, "member_ids"), *it = NULL;
    if (ms == NULL) {
        return; /* body_read names it as required */
    }
    if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) == 0 || cJSON_GetArraySize(ms) > TRANSFER_BATCH_MAX) {
        verr_add(v, "member_ids", "must be an array of 1 to 50 member ids");
        return;
    }
    cJSON_ArrayForEach(it, ms)
    {
        if (!cJSON_IsString(it) || !id_parse(it->valuestring, &ids[*n])) {
            verr_add(v, "member_ids", "holds a value that is not an id");
            return;
        }
        (*n)++;
    }
    qsort(ids, *n, sizeof(*ids), id_cmp);
    for (size_t i = 1; i < *n; i++) {
        if (ids[i] == ids[i - 1]) {
            verr_add(v, "member_ids", "names a member twice");
            return;
        }
    }
}

/* Checks the receiving office and, within the office, the branch. */
static enum yh_err start_targets_check(struct req *r, const struct start_body *b, char *office_name,
                                       size_t len, struct verrs *v)
{
    bool digits = strlen(b->to_office) == 6 && strspn(b->to_office, "0123456789") == 6;
    enum yh_err err = digits ? transfers_db_office_name(r->db, b->to_office, office_name, len) : YH_OK;
    if (!digits || err == YH_ERR_NOT_FOUND) {
        verr_add(v, "to_office", "is not an office of the service (a 6-digit division code)");
        return YH_OK;
    }
    const char *why = transfer_start_branch_refusal(r->claims.office, b->to_office, b->to_branch_id != 0);
    if (err != YH_OK || why != NULL) {
        if (why != NULL) {
            verr_add(v, "to_branch_id", why);
        }
        return err;
    }
    if (b->to_branch_id == 0) {
        return YH_OK;
    }
    struct branch *br = calloc(1, sizeof(*br));
    err = br == NULL ? YH_ERR_INTERNAL : branches_db_get(r->db, r->claims.office, b->to_branch_id, br);
    if (err == YH_ERR_NOT_FOUND || (err == YH_OK && transfer_branch_refusal(br) != NULL)) {
        verr_add(v, "to_branch_id",
                 err == YH_OK ? transfer_branch_refusal(br) : "no such branch in this office");
        err = YH_OK;
    }
    free(br);
    return err;
}

/* Reads and checks the start's body into b and ids; false when it has replied. */
static bool start_body_or_reply(struct req *r, struct start_body *b, int64_t *ids, size_t *n)
{
    struct verrs v = {0};
    char name[401];
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, start_fields, ARRAY_LEN(start_fields), b, true, NULL, &v);
    start_ids_take(r, ids, n, &v);
    enum yh_err err = v.n == 0 ? start_targets_check(r, b, name, sizeof(name), &v) : YH_OK;
    return checks_ok_or_reply(r, err, &v);
}

/* transfer.started for the receiving office and the sender (once within an office): ids
 * and office codes only; the sender's also names its member record. */
static enum yh_err publish_started(struct req *r, const struct transfer *t)
{
    char data[200];
    snprintf(data, sizeof(data),
             "{\"transfer_id\":\"%lld\",\"batch_id\":\"%lld\",\"from_office\":\"%s\",\"to_office\":\"%s\"}",
             (long long)t->id, (long long)t->batch_id, t->from_office, t->to_office);
    enum yh_err err = YH_OK;
    if (strcmp(t->from_office, t->to_office) != 0) {
        err = outbox_publish(r->db, &r->app->cfg, t->to_office, "transfer.started", data);
    }
    snprintf(data, sizeof(data),
             "{\"transfer_id\":\"%lld\",\"batch_id\":\"%lld\",\"member_id\":\"%lld\",\"from_office\":\"%s\","
             "\"to_office\":\"%s\"}",
             (long long)t->id, (long long)t->batch_id, (long long)t->member_id, t->from_office, t->to_office);
    return err == YH_OK ? outbox_publish(r->db, &r->app->cfg, t->from_office, "transfer.started", data) : err;
}

/* Starts the transfer of member mid (t holds the batch's common values) in batch (0: the
 * first): locks and checks the member, inserts, audits both sides and publishes. */
static enum yh_err start_one(struct req *r, struct transfer *t, int64_t mid, int64_t *batch,
                             struct outcome *o)
{
    struct member *m = calloc(1, sizeof(*m));
    int64_t pending = 0;
    enum yh_err err =
        m == NULL ? YH_ERR_INTERNAL : members_db_get_for_update(r->db, r->claims.office, mid, m);
    if (err == YH_ERR_NOT_FOUND) {
        snprintf(o->msg, sizeof(o->msg), "no such member %lld in this office", (long long)mid);
    } else if (err == YH_OK && !transfer_member_allowed(m, t->to_branch_id, o->msg, sizeof(o->msg))) {
        err = YH_ERR_CONFLICT;
    }
    err = err == YH_OK ? transfers_db_pending_of(r->db, mid, &pending) : err;
    if (err == YH_OK && pending == 0) {
        t->member_id = mid;
        t->from_branch_id = m->branch_id;
        err = transfers_db_insert(r->db, t, *batch, &t->id);
    }
    if (pending != 0 || err == YH_ERR_CONFLICT) {
        if (pending != 0 || !o->msg[0]) {
            snprintf(o->msg, sizeof(o->msg),
                     "member %lld already has a pending transfer%s: one pending transfer per member (cancel "
                     "it first)",
                     (long long)mid, pending != 0 ? "" : " (started meanwhile)");
        }
        err = YH_ERR_CONFLICT;
    }
    free(m);
    if (err == YH_OK) {
        t->batch_id = *batch = *batch ? *batch : t->id;
        err = audit_both(r, t, "transfer.start");
    }
    return err == YH_OK ? publish_started(r, t) : err;
}

/* POST /v1/transfers {member_ids, to_office, to_branch_id?, reason, letter_no?, note?}:
 * one transfer per member, one batch, all or nothing. 201 with {batch_id, items}. */
void transfers_start(struct req *r)
{
    struct start_body b = {0};
    struct transfer *t = calloc(1, sizeof(*t));
    struct outcome o = {0};
    int64_t ids[TRANSFER_BATCH_MAX], tids[TRANSFER_BATCH_MAX], batch = 0;
    size_t n = 0;
    if (t == NULL || !start_body_or_reply(r, &b, ids, &n)) {
        if (t == NULL) {
            reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        }
        free(t);
        return;
    }
    snprintf(t->from_office, sizeof(t->from_office), "%s", r->claims.office);
    memcpy(t->to_office, b.to_office, sizeof(t->to_office));
    t->to_branch_id = b.to_branch_id;
    memcpy(t->reason, b.reason, sizeof(t->reason));
    memcpy(t->letter_no, b.letter_no, sizeof(t->letter_no));
    memcpy(t->note, b.note, sizeof(t->note));
    snprintf(t->started_by, sizeof(t->started_by), "%s/%s", r->claims.office, r->claims.sub);
    today_cn(t->started_on);
    o.err = db_begin(r->db);
    for (size_t i = 0; o.err == YH_OK && i < n; i++) {
        o.err = start_one(r, t, ids[i], &batch, &o);
        tids[i] = t->id;
    }
    bool ok = transfer_commit_or_reply(r, &o, b.to_office);
    free(t);
    cJSON *body = ok ? cJSON_CreateObject() : NULL, *items = NULL;
    if (body != NULL) {
        json_add_id(body, "batch_id", batch);
        items = cJSON_AddArrayToObject(body, "items");
    }
    for (size_t i = 0; body != NULL && i < n; i++) {
        cJSON *j = NULL;
        if (transfer_read_json(r, tids[i], &j) == YH_OK) {
            cJSON_AddItemToArray(items, j);
        }
    }
    if (body != NULL) {
        reply_created_take(r, "/v1/transfers", tids[0], body);
    }
}

/* ---- reads ---- */

/* GET /v1/transfers/{id}: either side's view; a third office's 404. */
void transfers_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_transfer(r, id);
    }
}

/* What a page of transfers shows, from the caller's side. */
static cJSON *transfer_page_json(const void *row, void *ctx)
{
    const struct transfer *t = row;
    return transfer_json(t, transfer_side_of(ctx, t->from_office, t->to_office));
}

/* GET /v1/transfers?direction=incoming|outgoing&state=: the office's transfers, newest
 * first, keyset-paginated. */
void transfers_list(struct req *r)
{
    static const char *const directions[] = {"incoming", "outgoing", NULL};
    static const char *const states[] = {"pending", "accepted", "refused", "cancelled", NULL};
    struct transfer_filter f = {0};
    struct transfer *rows = NULL;
    const char *direction = NULL;
    char after[24];
    size_t n = 0;
    if (!page_params_or_reply(r, "transfers", &f.limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "direction", directions, &direction) ||
        !query_enum_or_reply(r, "state", states, &f.state)) {
        return;
    }
    if (direction == NULL) {
        struct verrs v = {0};
        verr_add(&v, "direction", "is required: incoming or outgoing");
        reply_problem(r, YH_ERR_BAD_REQUEST, "direction is required", &v);
        return;
    }
    f.incoming = strcmp(direction, "incoming") == 0;
    f.before = after[0] ? strtoll(after, NULL, 10) : 0;
    enum yh_err err = transfers_db_list(r->db, r->claims.office, &f, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = typed_page_ctx(r, "transfers", rows, n, sizeof(*rows), f.limit, transfer_page_json,
                                 r->claims.office, typed_key_id);
    free(rows);
    reply_json_take(r, 200, body);
}

/* ---- decisions ---- */

struct decision_body {
    int64_t branch_id;
    char reason[2001];
};
static const struct field accept_fields[] = {
    FIELD_ID("branch_id", struct decision_body, branch_id, 0),
};
static const struct field refuse_fields[] = {
    FIELD_TEXT("reason", struct decision_body, reason, TRANSFER_REFUSAL_MAX, FF_REQUIRED),
};
static const struct field cancel_fields[] = {
    FIELD_TEXT("reason", struct decision_body, reason, TRANSFER_REFUSAL_MAX, 0),
};

/* Locks transfer id and checks that the caller's side may take step a at version. */
static enum yh_err decision_check(struct req *r, int64_t id, int64_t version, enum transfer_action a,
                                  struct transfer *t, struct outcome *o)
{
    enum yh_err err = transfers_db_get(r->db, r->claims.office, id, true, t);
    if (err != YH_OK) {
        return err;
    }
    int status = transfer_action_check(a, transfer_side_of(r->claims.office, t->from_office, t->to_office),
                                       t->state, o->msg, sizeof(o->msg));
    if (status != 0) {
        return status == 403 ? YH_ERR_FORBIDDEN : status == 404 ? YH_ERR_NOT_FOUND : YH_ERR_CONFLICT;
    }
    return t->version != version ? YH_ERR_PRECONDITION : YH_OK;
}

/* The receiving branch of an acceptance: the body's, or within an office the one named at
 * the start; checked to be an open regular branch of the caller's office. */
static enum yh_err accept_branch_check(struct req *r, const struct transfer *t, int64_t *branch_id,
                                       struct outcome *o)
{
    if (*branch_id == 0) {
        *branch_id = t->to_branch_id;
    }
    if (*branch_id == 0) {
        o->field = "branch_id";
        snprintf(o->msg, sizeof(o->msg), "is required: the regular branch that receives the member");
        return YH_ERR_VALIDATION;
    }
    struct branch *b = calloc(1, sizeof(*b));
    enum yh_err err = b == NULL ? YH_ERR_INTERNAL : branches_db_get(r->db, r->claims.office, *branch_id, b);
    const char *why = err == YH_ERR_NOT_FOUND ? "no such branch in this office"
                      : err == YH_OK          ? transfer_branch_refusal(b)
                                              : NULL;
    free(b);
    if (why != NULL) {
        o->field = "branch_id";
        snprintf(o->msg, sizeof(o->msg), "%s", why);
        return YH_ERR_VALIDATION;
    }
    return err;
}

/* transfer.accepted / transfer.refused for the sending office: ids only. */
static enum yh_err publish_decided(struct req *r, const struct transfer *t, const char *type)
{
    char data[160];
    snprintf(data, sizeof(data), "{\"transfer_id\":\"%lld\",\"member_id\":\"%lld\",\"to_office\":\"%s\"}",
             (long long)t->id, (long long)t->member_id, t->to_office);
    return outbox_publish(r->db, &r->app->cfg, t->from_office, type, data);
}

/* Takes step a on transfer id at version with body d; the unit of work's end in o. */
static void decide(struct req *r, int64_t id, int64_t version, enum transfer_action a,
                   struct decision_body *d, struct outcome *o, struct transfer *t)
{
    static const char *const actions[] = {"transfer.accept", "transfer.refuse", "transfer.cancel"};
    char on[11], by[96];
    int64_t new_id = 0;
    today_cn(on);
    snprintf(by, sizeof(by), "%s/%s", r->claims.office, r->claims.sub);
    o->err = db_begin(r->db);
    o->err = o->err == YH_OK ? decision_check(r, id, version, a, t, o) : o->err;
    if (o->err == YH_OK && a == TA_ACCEPT) {
        o->err = accept_branch_check(r, t, &d->branch_id, o);
        bool within = strcmp(t->from_office, t->to_office) == 0;
        if (o->err == YH_OK) {
            o->err = transfer_accept_move(r->db, &r->app->cfg, t, d->branch_id, on, &new_id, o->msg,
                                          sizeof(o->msg));
        }
        if (o->err == YH_OK) {
            o->err = req_audit(r, within ? "member.move" : "member.transfer_in", "member", new_id);
        }
    }
    if (o->err == YH_OK) {
        o->err = transfers_db_decide(r->db, id, version, transfer_state_after(a), by, on, new_id,
                                     d->branch_id, d->reason[0] ? d->reason : NULL);
    }
    o->err = o->err == YH_OK ? audit_both(r, t, actions[a]) : o->err;
    if (o->err == YH_OK && a != TA_CANCEL) {
        o->err = publish_decided(r, t, a == TA_ACCEPT ? "transfer.accepted" : "transfer.refused");
    }
}

/* POST /v1/transfers/{id}/{accept|refuse|cancel} (If-Match): step a with its body. */
static void transfer_step(struct req *r, enum transfer_action a, const struct field *fields, size_t n)
{
    struct decision_body d = {0};
    struct outcome o = {0};
    int64_t id = 0, version = 0;
    /* a cancel needs no body */
    bool body = r->json != NULL || a != TA_CANCEL;
    if (!id_param_or_reply(r, &id) || (body && !body_known_or_reply(r, fields, n)) ||
        !req_if_match_or_reply(r, &version) || (body && !body_read_or_reply(r, fields, n, &d, true, NULL))) {
        return;
    }
    struct transfer *t = calloc(1, sizeof(*t));
    if (t == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    decide(r, id, version, a, &d, &o, t);
    const char *other = strcmp(t->from_office, r->claims.office) == 0 ? t->to_office : t->from_office;
    bool ok = transfer_commit_or_reply(r, &o, other[0] ? other : r->claims.office);
    free(t);
    if (ok) {
        reply_transfer(r, id);
    }
}

/* POST /v1/transfers/{id}/accept {branch_id}: the receiver takes the member into one of
 * its regular branches. */
void transfers_accept(struct req *r)
{
    transfer_step(r, TA_ACCEPT, accept_fields, ARRAY_LEN(accept_fields));
}

/* POST /v1/transfers/{id}/refuse {reason}: the receiver refuses, saying why. */
void transfers_refuse(struct req *r)
{
    transfer_step(r, TA_REFUSE, refuse_fields, ARRAY_LEN(refuse_fields));
}

/* POST /v1/transfers/{id}/cancel {reason?}: the sender withdraws a pending transfer. */
void transfers_cancel(struct req *r)
{
    transfer_step(r, TA_CANCEL, cancel_fields, ARRAY_LEN(cancel_fields));
}

enum yh_err transfers_cancel_for_death(struct req *r, int64_t member_id)
{
    char by[96], on[11];
    int64_t id = 0;
    enum yh_err err = transfers_db_pending_of(r->db, member_id, &id);
    if (err != YH_OK || id == 0) {
        return err;
    }
    struct transfer *t = calloc(1, sizeof(*t));
    err = t == NULL ? YH_ERR_INTERNAL : transfers_db_get(r->db, r->claims.office, id, true, t);
    snprintf(by, sizeof(by), "%s/%s", r->claims.office, r->claims.sub);
    today_cn(on);
    if (err == YH_OK) {
        err = transfers_db_decide(r->db, id, t->version, "cancelled", by, on, 0, 0,
                                  "成员离世：the member's death was recorded while the transfer was pending");
    }
    err = err == YH_OK ? audit_both(r, t, "transfer.cancel") : err;
    if (err == YH_OK) {
        /* queued: it runs after the caller's commit */
        req_invalidate(r, strcmp(t->from_office, r->claims.office) == 0 ? t->to_office : t->from_office);
    }
    free(t);
    return err;
}
