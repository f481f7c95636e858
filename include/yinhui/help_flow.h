#ifndef YINHUI_HELP_FLOW_H
#define YINHUI_HELP_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/db.h"
#include "yinhui/err.h"
#include "yinhui/help_db.h"

struct req;

/* Urgent help (急事快办) after filing: assigned, accepted, resolved, confirmed with a
 * satisfaction score, or cancelled; overdue requests listed and escalated once per missed
 * deadline (the help_request.overdue event). Rules in help_flow_rules.c, handlers in
 * help_flow.c and help_overdue.c, SQL in help_flow_db.c. */

/* ---- rules (help_flow_rules.c), plain functions ---- */
enum help_status { HELP_OPEN, HELP_ASSIGNED, HELP_ACCEPTED, HELP_RESOLVED, HELP_CONFIRMED, HELP_CANCELLED };
/* s as a status; false when it is none. */
bool help_status_parse(const char *s, enum help_status *out);
const char *help_status_name(enum help_status s);

enum help_action { HELP_ASSIGN, HELP_ACCEPT, HELP_RESOLVE, HELP_CONFIRM, HELP_CANCEL };
/* The action's name as help_request_log records it ("assigned", ...). */
const char *help_action_logged(enum help_action a);

/* What the caller is to a request (bits; several may hold). */
enum help_role {
    HR_STAFF = 1u << 0,     /* an admin account of the office */
    HR_SECRETARY = 1u << 1, /* the secretary of the member's branch */
    HR_ASSIGNEE = 1u << 2,  /* the assigned liaison's or committee member's own account, or the
                               assigned staff account */
    HR_MEMBER = 1u << 3,    /* the request's member, or a relative acting for it */
    HR_FILER = 1u << 4,     /* the account that filed it */
};

enum help_verdict { HV_OK, HV_FORBIDDEN, HV_CONFLICT };
/* May a caller with roles take action a on a request in status from (team: assigned to a
 * volunteer team, which accepts and resolves through its need)? HV_OK with the next
 * status in *to; otherwise *why names the rule (403 for HV_FORBIDDEN, 409 for
 * HV_CONFLICT). */
enum help_verdict help_step(enum help_action a, enum help_status from, bool team, unsigned roles,
                            enum help_status *to, const char **why);

enum help_missed { HELP_MISSED_NONE, HELP_MISSED_RESPOND, HELP_MISSED_RESOLVE };
/* Which deadline a request in status has missed at now (seconds since the epoch; times
 * likewise, accepted_at 0 when not accepted): resolve once past resolve_by unresolved,
 * else respond once past respond_by unaccepted; none for a resolved, confirmed or
 * cancelled one. A deadline is met up to and including its second. */
enum help_missed help_overdue(int64_t now, enum help_status status, int64_t respond_by, int64_t accepted_at,
                              int64_t resolve_by);
const char *help_missed_name(enum help_missed m);

/* ---- store (help_flow_db.c) ---- */
/* The assignee an assign names: kind liaison|committee|staff|team and its id. */
struct help_assignee {
    char kind[12];
    int64_t member_id, account_id, team_id, need_id;
};
/* Whether member_id sits on the committee of branch (of office). */
enum yh_err help_db_on_committee(struct db *db, const char *office, int64_t branch, int64_t member_id,
                                 bool *on);
/* Whether account_id is an enabled admin account of office. */
enum yh_err help_db_is_staff(struct db *db, const char *office, int64_t account_id, bool *is);
/* Cancels need of office when it is still requested or dispatched (a reassigned or
 * cancelled request lets its team go); a need already accepted is left to the team. */
enum yh_err help_db_release_need(struct db *db, const char *office, int64_t need);
/* Cancels every request of member still open, assigned or accepted (the member died:
 * nobody is to keep working on them), with reason, each logged as cancelled by actor at
 * now (China time) and its volunteer need released as help_db_release_need does; inside
 * the caller's transaction. */
enum yh_err help_db_cancel_member_open(struct db *db, const char *office, int64_t member, const char *reason,
                                       const char *actor, const char *now);

/* The writes of the flow, each when the request's version is still version (NOT_FOUND,
 * PRECONDITION otherwise); now is China time. */
enum yh_err help_db_assign(struct db *db, const char *office, int64_t id, int64_t version,
                           const struct help_assignee *a, const char *now);
enum yh_err help_db_accept(struct db *db, const char *office, int64_t id, int64_t version, const char *now);
enum yh_err help_db_resolve(struct db *db, const char *office, int64_t id, int64_t version,
                            const void *sealed, size_t n, const char *now);
enum yh_err help_db_confirm(struct db *db, const char *office, int64_t id, int64_t version,
                            int64_t satisfaction, const char *via, const char *now);
enum yh_err help_db_cancel(struct db *db, const char *office, int64_t id, int64_t version, const char *reason,
                           const char *now);
/* The needs flow's hook: the team accepted (verb "accept") or completed ("complete") need
 * of office, so the request it serves becomes accepted or resolved (logged as actor).
 * Nothing when no request is waiting on that need. */
enum yh_err help_db_need_moved(struct db *db, const char *office, int64_t need, const char *verb,
                               const char *actor, const char *now);

/* One overdue request of the list. */
struct help_overdue_row {
    int64_t id, member_id, branch_id;
    char name[201], category[25], urgency[8], status[12], assignee_kind[12];
    char respond_by[20], resolve_by[20], accepted_at[20];
};
/* Up to limit + 1 requests of office (branch > 0: its members only) past a deadline at
 * now, by response deadline then id, after (after_by, after_id) (after_by "" from the
 * start). *rows (caller frees) and *n. */
enum yh_err help_db_overdue(struct db *db, const char *office, int64_t branch, const char *now,
                            const char *after_by, int64_t after_id, int limit, struct help_overdue_row **rows,
                            size_t *n);

/* A request due to be escalated (any office). */
struct help_escalation {
    int64_t id, member_id;
    char office[7], category[25];
};
/* Up to max requests of every office past their missed deadline at now and not yet
 * escalated for it. *rows (caller frees) and *n. */
enum yh_err help_db_escalations(struct db *db, enum help_missed missed, const char *now, size_t max,
                                struct help_escalation **rows, size_t *n);
/* Marks request id escalated for missed at now unless it already is (or no longer
 * misses it); *won is true when this call marked it. */
enum yh_err help_db_claim_escalation(struct db *db, const char *office, int64_t id, enum help_missed missed,
                                     const char *now, bool *won);

/* ---- handlers (help_flow.c, help_overdue.c) ---- */
void help_assign(struct req *r);
void help_accept(struct req *r);
void help_resolve(struct req *r);
void help_confirm(struct req *r);
void help_cancel(struct req *r);
void help_overdue_list(struct req *r);

/* The escalation pass (help_overdue.c): publishes help_request.overdue once per request
 * and missed deadline, each claimed by a conditional update so several processes running
 * it at once publish it once. Run by the outbox worker every few seconds. */
void help_publish_overdue(struct db *db, const struct config *cfg);

#endif
