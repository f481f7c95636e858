/* /v1/talents/{id}/transitions: the review workflow of an entry (applied → under review
 * → admitted, rejected, withdrawn, retired; the table is in rules.c). */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/reach.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"
#include "yinhui/talents_rules.h"

#include "talents_http.h"

/* A step as a client asks for it. */
struct transition_in {
    char to[16], reason[1201];
};
static const char *const targets[] = {"under_review", "admitted", "rejected", "withdrawn", "retired", NULL};
static const struct field transition_fields[] = {
    FIELD_ENUM("to", struct transition_in, to, targets, 0),
    FIELD_TEXT("reason", struct transition_in, reason, 300, FF_NULLABLE),
};

/* The step the body asks for into *st. False when it has replied (422, or 403 when
 * the caller may not take it). */
static bool step_of_body_or_reply(struct req *r, struct transition_in *in, bool public_only,
                                  const struct talent_step **st)
{
    struct verrs e = {0};
    body_read(r, transition_fields, ARRAY_LEN(transition_fields), in, false, NULL, &e);
    if (e.n == 0 && !in->to[0]) {
        verr_add(&e, "to", "is required");
    }
    *st = e.n == 0 ? talent_step_to(in->to) : NULL;
    if (*st != NULL && (*st)->needs_reason && !in->reason[0]) {
        verr_add(&e, "reason", "is required for this step");
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return false;
    }
    if (public_only || (!req_is_staff(r) && !(*st)->member_may)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "this step belongs to office staff", NULL);
        return false;
    }
    return true;
}

/* Takes step st of the locked entry t with reason: its status, the admission and review
 * dates when admitted, the step record and the audit; re-reads t. */
static enum yh_err step_take(struct req *r, struct talent *t, const struct talent_step *st,
                             const char *reason)
{
    char from[16], today[11], action[40];
    int64_t years = 2;
    enum yh_err err = YH_OK;
    if (strcmp(st->to, "admitted") == 0) {
        err = offices_db_review_years(r->db, r->claims.office, &years);
        if (err != YH_OK) {
            return err;
        }
        today_cn(today);
        snprintf(t->admitted_on, sizeof(t->admitted_on), "%s", today);
        talent_review_due_on(today, years, t->review_due_on);
    }
    snprintf(from, sizeof(from), "%s", t->status);
    snprintf(t->status, sizeof(t->status), "%s", st->to);
    snprintf(t->reason, sizeof(t->reason), "%s", reason);
    err = talents_db_set_status(r->db, t);
    if (err == YH_OK) {
        err = talents_db_add_step(r->db, t->office, t->id, from, st->to, r->claims.sub, reason);
    }
    if (err == YH_OK) {
        snprintf(action, sizeof(action), "talent.%s", st->to);
        err = req_audit(r, action, "talent", t->id);
    }
    if (err == YH_OK) {
        err = talents_db_get(r->db, r->claims.office, t->id, t);
    }
    return err;
}

/* POST /v1/talents/{id}/transitions — {"to", "reason"}, If-Match the version; 409 when
 * the entry's status does not allow the step. */
void talents_transition(struct req *r)
{
    struct transition_in in = {0};
    const struct talent_step *st = NULL;
    struct talent t;
    char msg[160];
    int64_t id = 0, version = 0;
    bool public_only = false;
    if (!talent_of_path_or_reply(r, &id, &t, &public_only) ||
        !body_known_or_reply(r, transition_fields, ARRAY_LEN(transition_fields)) ||
        !req_if_match_or_reply(r, &version) || !step_of_body_or_reply(r, &in, public_only, &st)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = talents_db_get_for_update(r->db, r->claims.office, id, &t);
    }
    if (err == YH_OK && t.version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK && !talent_step_leaves(st, t.status)) {
        db_rollback(r->db);
        snprintf(msg, sizeof(msg), "an entry that is %s cannot become %s", t.status, in.to);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    if (err == YH_OK) {
        err = step_take(r, &t, st, in.reason);
    }
    if (commit_or_reply(r, err, "entry")) {
        reply_talent(r, 200, &t, false);
    }
}
