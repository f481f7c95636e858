/* /v1/help-requests/{id}/assign, /accept, /resolve, /confirm, /cancel: the urgent help
 * flow (急事快办) after filing. Each action reads the request, works out what the caller
 * is to it (help_flow.h's roles; nobody → 404), checks If-Match and the rule
 * (help_flow_rules.c: 403 or 409 naming it), writes the move and its history row in one
 * transaction, and replies with the request's flow fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/help_flow.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/util.h"
#include "yinhui/volunteers_db.h"

/* What the caller is to request h (help_flow.h's HR_ bits) into *roles. */
static enum yh_err help_roles(struct req *r, const struct help_request *h, unsigned *roles)
{
    char account[40];
    bool in = false;
    enum yh_err err = YH_OK;
    *roles = 0;
    if (req_is_staff(r)) {
        *roles |= HR_STAFF;
    }
    if (req_is_secretary(r) && r->claims.branch_id != 0) {
        err = members_db_in_branch(r->db, r->claims.office, h->member_id, r->claims.branch_id, &in);
        *roles |= in ? HR_SECRETARY : 0;
    }
    snprintf(account, sizeof(account), "account:%lld", (long long)h->assignee_account_id);
    /* a liaison or committee member acts through its own account (member, or secretary
     * when it is one); a relative's member_id is the member it acts for, never itself */
    if ((!req_is_relative(r) && h->assignee_member_id != 0 && r->claims.member_id == h->assignee_member_id) ||
        (h->assignee_account_id != 0 && strcmp(r->claims.sub, account) == 0)) {
        *roles |= HR_ASSIGNEE;
    }
    if (req_acting_member(r) != 0 && req_acting_member(r) == h->member_id) {
        *roles |= HR_MEMBER;
    }
    if (!req_is_client(r) && strcmp(h->filed_by, r->claims.sub) == 0) {
        *roles |= HR_FILER;
    }
    return err;
}

/* Reads path {id} and If-Match, then the request into *h, and checks that the caller may
 * take action a on it (404 for a caller who is nothing to it, 412, then the rule's 403 or
 * 409). *roles gets what the caller is to it. False when it has replied. */
static bool help_load_or_reply(struct req *r, enum help_action a, struct help_request *h, unsigned *roles)
{
    int64_t id = 0, version = 0;
    enum help_status from = HELP_OPEN, to = HELP_OPEN;
    const char *why = NULL;
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version)) {
        return false;
    }
    enum yh_err err = help_db_get(r->db, r->claims.office, id, h, NULL);
    if (err == YH_OK) {
        err = help_roles(r, h, roles);
    }
    if (err == YH_OK && *roles == 0) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err == YH_OK && h->version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err != YH_OK) {
        reply_error(r, err, "help request");
        return false;
    }
    help_status_parse(h->status, &from);
    enum help_verdict v = help_step(a, from, strcmp(h->assignee_kind, "team") == 0, *roles, &to, &why);
    if (v != HV_OK) {
        reply_problem(r, v == HV_FORBIDDEN ? YH_ERR_FORBIDDEN : YH_ERR_CONFLICT, why, NULL);
        return false;
    }
    return true;
}

/* Ends action a on request h begun with db_begin (err: the write's outcome): its history
 * row and audit, the commit, and the reply with the request as it now is. */
static void help_finish(struct req *r, enum yh_err err, enum help_action a, const struct help_request *h,
                        const char *now)
{
    char action[32];
    struct help_request after;
    const char *logged = help_action_logged(a);
    if (err == YH_OK) {
        err = help_db_log_add(r->db, r->claims.office, h->id, logged, r->claims.sub, now);
    }
    if (err == YH_OK) {
        snprintf(action, sizeof(action), "help.%s", logged);
        err = req_audit(r, action, "help_request", h->id);
    }
    if (!commit_or_reply_conflict(r, err, "help request", "the help request changed meanwhile")) {
        return;
    }
    err = help_db_get(r->db, r->claims.office, h->id, &after, NULL);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, help_request_json(&after));
}

/* The member's name as a volunteer need shows it: the surname and 老 (张老), since the
 * need goes to volunteers who need no more to greet the member. */
static void masked_name(const char *name, char out[16])
{
    size_t n = 1;
    unsigned char c = (unsigned char)name[0];
    if (c >= 0xF0) {
        n = 4;
    } else if (c >= 0xE0) {
        n = 3;
    } else if (c >= 0xC0) {
        n = 2;
    }
    snprintf(out, 16, "%.*s老", (int)(name[0] ? n : 0), name);
}

/* Creates the volunteer need that carries request h to team (dispatched at once) into
 * *need: the category and the member's masked name only; the description, place and
 * resolution stay sealed on the request. */
static enum yh_err help_need_create(struct req *r, const struct help_request *h, int64_t team,
                                    const char *now, int64_t *need)
{
    struct member m;
    char requester[16];
    struct vevent *e = calloc(1, sizeof(*e)); /* 10 KB: worker stacks are small */
    enum yh_err err = e == NULL ? YH_ERR_INTERNAL : members_db_get(r->db, r->claims.office, h->member_id, &m);
    if (err == YH_OK) {
        masked_name(m.name, requester);
        snprintf(e->title, sizeof(e->title), "急事快办 #%lld（%s）", (long long)h->id, h->category);
        snprintf(e->starts_at, sizeof(e->starts_at), "%s", now);
        snprintf(e->ends_at, sizeof(e->ends_at), "%s", strcmp(h->resolve_by, now) > 0 ? h->resolve_by : now);
        snprintf(e->place, sizeof(e->place), "上门（地址见急事快办 #%lld）", (long long)h->id);
        e->capacity = 1;
        snprintf(e->posted_by, sizeof(e->posted_by), "%s", r->claims.sub);
        err = needs_db_insert(r->db, r->claims.office, e, requester, NULL, 0, need);
    }
    if (err == YH_OK) {
        err = needs_db_move(r->db, r->claims.office, *need, 1, "requested", "dispatched", team, 0);
    }
    free(e);
    return err;
}

struct assign_body {
    char kind[12];
    int64_t member_id, account_id, team_id;
};
static const char *const assignee_kinds[] = {"liaison", "committee", "staff", "team", NULL};
static const struct field assign_fields[] = {
    FIELD_ENUM("kind", struct assign_body, kind, assignee_kinds, FF_REQUIRED),
    FIELD_ID("member_id", struct assign_body, member_id, 0),
    FIELD_ID("account_id", struct assign_body, account_id, 0),
    FIELD_ID("team_id", struct assign_body, team_id, 0),
};

/* Checks the ids of body b against its kind: the one it needs present, the others
 * absent. */
static void assign_ids_check(const struct assign_body *b, struct verrs *v)
{
    bool member = strcmp(b->kind, "liaison") == 0 || strcmp(b->kind, "committee") == 0;
    bool staff = strcmp(b->kind, "staff") == 0, team = strcmp(b->kind, "team") == 0;
    if (strcmp(b->kind, "committee") == 0 && b->member_id == 0) {
        verr_add(v, "member_id", "is required for a committee member");
    }
    if (!member && b->member_id != 0) {
        verr_add(v, "member_id", "goes with kind liaison or committee only");
    }
    if (staff != (b->account_id != 0)) {
        verr_add(v, "account_id", staff ? "is required for staff" : "goes with kind staff only");
    }
    if (team != (b->team_id != 0)) {
        verr_add(v, "team_id", team ? "is required for a volunteer team" : "goes with kind team only");
    }
}

/* The assignee body b names for request h into *a: the member's paired liaison (409 when
 * there is none), a member on the committee of the member's branch, an admin account or
 * a volunteer team of the office (422 naming the field otherwise). False when replied. */
static bool assignee_or_reply(struct req *r, const struct help_request *h, const struct assign_body *b,
                              struct help_assignee *a)
{
    struct verrs v = {0};
    struct member m;
    struct vteam t;
    bool ok = true;
    enum yh_err err = YH_OK;
    memset(a, 0, sizeof(*a));
    snprintf(a->kind, sizeof(a->kind), "%s", b->kind);
    assign_ids_check(b, &v);
    if (v.n == 0 && strcmp(b->kind, "liaison") == 0) {
        err = members_db_get(r->db, r->claims.office, h->member_id, &m);
        if (err == YH_OK && m.liaison_id == 0) {
            reply_problem(r, YH_ERR_CONFLICT,
                          "the member has no paired liaison (结对): pair one or assign another", NULL);
            return false;
        }
        if (err == YH_OK && b->member_id != 0 && b->member_id != m.liaison_id) {
            verr_add(&v, "member_id", "is not the member's paired liaison");
        }
        a->member_id = m.liaison_id;
    } else if (v.n == 0 && strcmp(b->kind, "committee") == 0) {
        err = help_db_on_committee(r->db, r->claims.office, h->branch_id, b->member_id, &ok);
        if (err == YH_OK && (!ok || h->branch_id == 0)) {
            verr_add(&v, "member_id", "is not on the committee of the member's branch");
        }
        a->member_id = b->member_id;
    } else if (v.n == 0 && strcmp(b->kind, "staff") == 0) {
        err = help_db_is_staff(r->db, r->claims.office, b->account_id, &ok);
        if (err == YH_OK && !ok) {
            verr_add(&v, "account_id", "is no staff (admin) account of this office");
        }
        a->account_id = b->account_id;
    } else if (v.n == 0) {
        err = vteams_db_read(r->db, r->claims.office, b->team_id, &t);
        if (err == YH_ERR_NOT_FOUND) {
            err = YH_OK;
            verr_add(&v, "team_id", "no such volunteer team in this office");
        }
        a->team_id = b->team_id;
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/help-requests/{id}/assign: open or assigned → assigned (reassigning before
 * acceptance), by staff or the secretary of the member's branch. A team gets the request
 * through a volunteer need dispatched to it; a team assigned before loses its need. */
void help_assign(struct req *r)
{
    struct assign_body b = {0};
    struct help_request h;
    struct help_assignee a;
    unsigned roles = 0;
    char now[20];
    if (!body_read_or_reply(r, assign_fields, ARRAY_LEN(assign_fields), &b, true, NULL) ||
        !help_load_or_reply(r, HELP_ASSIGN, &h, &roles) || !assignee_or_reply(r, &h, &b, &a)) {
        return;
    }
    time_cn(now_s(), now);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK && h.need_id != 0) {
        err = help_db_release_need(r->db, r->claims.office, h.need_id);
    }
    if (err == YH_OK && a.team_id != 0) {
        err = help_need_create(r, &h, a.team_id, now, &a.need_id);
    }
    if (err == YH_OK) {
        err = help_db_assign(r->db, r->claims.office, h.id, h.version, &a, now);
    }
    help_finish(r, err, HELP_ASSIGN, &h, now);
}

/* POST /v1/help-requests/{id}/accept: assigned → accepted, by the assignee (or staff
 * recording an acceptance given by phone); a team accepts through its need. */
void help_accept(struct req *r)
{
    struct help_request h;
    unsigned roles = 0;
    char now[20];
    if (!help_load_or_reply(r, HELP_ACCEPT, &h, &roles)) {
        return;
    }
    time_cn(now_s(), now);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = help_db_accept(r->db, r->claims.office, h.id, h.version, now);
    }
    help_finish(r, err, HELP_ACCEPT, &h, now);
}

struct resolve_body {
    char resolution[4001];
};
static const struct field resolve_fields[] = {
    FIELD_TEXT("resolution", struct resolve_body, resolution, 1000, FF_REQUIRED),
};

/* POST /v1/help-requests/{id}/resolve {resolution}: accepted → resolved by the assignee
 * or staff (staff also from assigned); what was done is sealed (it tells of a home). */
void help_resolve(struct req *r)
{
    struct resolve_body b = {0};
    struct help_request h;
    struct buf sealed = {0};
    unsigned roles = 0;
    char now[20];
    if (!body_read_or_reply(r, resolve_fields, ARRAY_LEN(resolve_fields), &b, true, NULL) ||
        !help_load_or_reply(r, HELP_RESOLVE, &h, &roles)) {
        return;
    }
    if (pii_seal(&r->app->cfg, b.resolution, &sealed) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    time_cn(now_s(), now);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = help_db_resolve(r->db, r->claims.office, h.id, h.version, sealed.data, sealed.len, now);
    }
    buf_free(&sealed);
    help_finish(r, err, HELP_RESOLVE, &h, now);
}

struct confirm_body {
    int64_t satisfaction;
};
static const struct field confirm_fields[] = {
    FIELD_INT("satisfaction", struct confirm_body, satisfaction, 1, 5, FF_REQUIRED),
};

/* POST /v1/help-requests/{id}/confirm {satisfaction 1..5}: resolved → confirmed by the
 * member or a relative for it (via app), or by staff recording it (via phone). */
void help_confirm(struct req *r)
{
    struct confirm_body b = {0};
    struct help_request h;
    unsigned roles = 0;
    char now[20];
    if (!body_read_or_reply(r, confirm_fields, ARRAY_LEN(confirm_fields), &b, true, NULL) ||
        !help_load_or_reply(r, HELP_CONFIRM, &h, &roles)) {
        return;
    }
    time_cn(now_s(), now);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = help_db_confirm(r->db, r->claims.office, h.id, h.version, b.satisfaction,
                              (roles & HR_MEMBER) ? "app" : "phone", now);
    }
    help_finish(r, err, HELP_CONFIRM, &h, now);
}

struct cancel_body {
    char reason[801];
};
static const struct field cancel_fields[] = {
    FIELD_TEXT("reason", struct cancel_body, reason, 200, FF_REQUIRED),
};

/* POST /v1/help-requests/{id}/cancel {reason}: before resolution, by the member, a
 * relative, whoever filed it or staff; a volunteer need not yet accepted is cancelled. */
void help_cancel(struct req *r)
{
    struct cancel_body b = {0};
    struct help_request h;
    unsigned roles = 0;
    char now[20];
    if (!body_read_or_reply(r, cancel_fields, ARRAY_LEN(cancel_fields), &b, true, NULL) ||
        !help_load_or_reply(r, HELP_CANCEL, &h, &roles)) {
        return;
    }
    time_cn(now_s(), now);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK && h.need_id != 0) {
        err = help_db_release_need(r->db, r->claims.office, h.need_id);
    }
    if (err == YH_OK) {
        err = help_db_cancel(r->db, r->claims.office, h.id, h.version, b.reason, now);
    }
    help_finish(r, err, HELP_CANCEL, &h, now);
}
