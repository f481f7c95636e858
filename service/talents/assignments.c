/* /v1/talent-requests/{id}/assignments and /v1/talent-assignments/{id}/accept|decline:
 * staff assign a talent to a request; the talent (or staff) answers. */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/outbox.h"
#include "yinhui/reach.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"

#include "talents_http.h"

/* An assignment as staff write it. */
struct assign_in {
    int64_t talent_id;
};
static const struct field assign_fields[] = {
    FIELD_ID("talent_id", struct assign_in, talent_id, FF_REQUIRED),
};

/* The talent of the body into *tid: an admitted talent of the office. False when it has
 * replied (422, or a store error). */
static bool assignee_or_reply(struct req *r, int64_t *tid)
{
    struct assign_in in = {0};
    struct talent t;
    struct verrs e = {0};
    if (!body_read_or_reply(r, assign_fields, ARRAY_LEN(assign_fields), &in, true, NULL)) {
        return false;
    }
    enum yh_err err = talents_db_get(r->db, r->claims.office, in.talent_id, &t);
    if (err == YH_ERR_NOT_FOUND || (err == YH_OK && strcmp(t.status, "admitted") != 0)) {
        verr_add(&e, "talent_id", "is no admitted talent of this office");
    } else if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    *tid = in.talent_id;
    return verrs_ok_or_reply(r, &e);
}

/* Records the assignment of talent tid to request id (version checked), audits it and
 * publishes talent_request.assigned; *aid gets the assignment's id. */
static enum yh_err assign_write(struct req *r, int64_t id, int64_t version, int64_t tid, int64_t *aid)
{
    char data[160];
    enum yh_err err =
        treq_db_move(r->db, r->claims.office, id, version, "open,assigned", "assigned", 0, NULL);
    if (err == YH_OK) {
        err = tassign_db_insert(r->db, r->claims.office, id, tid, r->claims.sub, aid);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_request.assign", "talent_request", id);
    }
    if (err == YH_OK) {
        snprintf(data, sizeof(data),
                 "{\"request_id\":\"%lld\",\"assignment_id\":\"%lld\",\"talent_id\":\"%lld\"}", (long long)id,
                 (long long)*aid, (long long)tid);
        err = outbox_publish(r->db, &r->app->cfg, r->claims.office, "talent_request.assigned", data);
    }
    return err;
}

/* POST /v1/talent-requests/{id}/assignments — {"talent_id"}; 201 with the request. */
void treqs_assign(struct req *r)
{
    struct talent_request q;
    char msg[96];
    int64_t id = 0, tid = 0, aid = 0;
    if (!request_of_path_or_reply(r, &id, &q) || !assignee_or_reply(r, &tid)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = assign_write(r, id, q.version, tid, &aid);
    }
    snprintf(msg, sizeof(msg), "a %s request takes no assignments, or the talent is assigned already",
             q.status);
    if (commit_or_reply_conflict(r, err, "request", msg)) {
        reply_request(r, 201, id);
    }
}

/* Answers assignment {id} with decision (accepted or declined): the talent itself (a
 * member), or staff; 409 when answered already or its request is no longer assigned. */
static void tassign_decide(struct req *r, const char *decision, const char *action)
{
    struct talent_assignment a;
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = tassign_db_get_for_update(r->db, r->claims.office, id, &a);
    }
    if (err == YH_OK && !req_is_staff(r) &&
        (r->claims.member_id == 0 || a.member_id != r->claims.member_id)) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_error(r, err, "assignment");
        return;
    }
    if (strcmp(a.status, "assigned") != 0 || strcmp(a.request_status, "assigned") != 0) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT,
                      "the assignment was already answered, or its request is no longer open", NULL);
        return;
    }
    err = tassign_db_decide(r->db, r->claims.office, id, decision);
    if (err == YH_OK) {
        err = req_audit(r, action, "talent_assignment", id);
    }
    if (commit_or_reply(r, err, "assignment")) {
        reply_request(r, 200, a.request_id);
    }
}

/* POST /v1/talent-assignments/{id}/accept */
void tassign_accept(struct req *r)
{
    tassign_decide(r, "accepted", "talent_assignment.accept");
}

/* POST /v1/talent-assignments/{id}/decline */
void tassign_decline(struct req *r)
{
    tassign_decide(r, "declined", "talent_assignment.decline");
}
