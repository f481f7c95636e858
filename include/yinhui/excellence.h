#ifndef YINHUI_EXCELLENCE_H
#define YINHUI_EXCELLENCE_H

#include <stdbool.h>
#include <stdint.h>

struct exc_round;
struct req;

/* 两优一先 (service/evaluation/excellence*.c): yearly rounds per office and level,
 * nominations going up by the evaluation flow's stages (stages.c), 公示 with objections,
 * naming written to honours. */

/* excellence.c: rounds */
void exc_rounds_list(struct req *r);
void exc_rounds_create(struct req *r);
void exc_rounds_get(struct req *r);
void exc_rounds_notice(struct req *r);
void exc_rounds_notice_list(struct req *r);
/* The round's quota of kind (send: what each office below may send up to it). */
int64_t exc_round_quota(const struct exc_round *x, const char *kind, bool send);
/* excellence_noms.c: nominations, decisions, objections */
void exc_noms_list(struct req *r);
void exc_noms_create(struct req *r);
void exc_noms_get(struct req *r);
void exc_noms_decide(struct req *r);
void exc_objections_create(struct req *r);
void exc_objections_resolve(struct req *r);

/* excellence_rules.c: the rules, without the database (tests/unit/test_excellence_rules.c). */

/* "excellent_member", "excellent_worker", "advanced_org", NULL. */
extern const char *const exc_kinds[];
/* The honours kind and title a kind is written as (honours.kind, 两优一先 titles). */
const char *exc_honour_kind(const char *kind);
const char *exc_honour_title(const char *kind);

/* 公示: at least EXC_NOTICE_MIN working days, an office may set up to EXC_NOTICE_MAX. */
#define EXC_NOTICE_MIN 5
#define EXC_NOTICE_MAX 30
/* The first day of a notice started on date from (YYYY-MM-DD): from itself when a working
 * day (Monday to Friday), else the Monday after. */
void exc_notice_first(const char *from, char out[11]);
/* The last day of a notice of days working days starting on from (exc_notice_first):
 * counting only Mondays to Fridays. */
void exc_notice_last(const char *from, int days, char out[11]);
/* Where today stands against a notice from..until ("" or NULL: none published):
 * "none", "scheduled" (today before from: published on a weekend, or ahead), "running"
 * (from ≤ today ≤ until) or "ended" (today after until). */
const char *exc_notice_state(const char *from, const char *until, const char *today);

/* Why naming a nomination in state at its level is refused (NULL: it may be named):
 * only a pending one, after its notice has ended and with no objection open. */
const char *exc_name_refusal(const char *state, const char *notice_from, const char *notice_until,
                             int64_t open_objections, const char *today);
/* Why an objection may not be recorded (NULL: it may): for a pending nomination whose
 * notice has started, received during it (received_on from..until) and not after today
 * (it may be recorded after the notice ended, as long as it was received in time). */
const char *exc_objection_refusal(const char *state, const char *notice_from, const char *notice_until,
                                  const char *received_on, const char *today);
/* A member's standing as the nomination rules read it (YYYY-MM-DD dates, "" unknown). */
struct exc_standing {
    const char *status, *joined_on, *full_member_on, *probation_until;
};
/* Why a member may not be nominated for kind on today (NULL: may): an active member of
 * the office (status), neither probationary (预备党员) nor under 留党察看 (standing.h: no
 * right to vote or be elected), and for excellent_worker one who holds or held a party
 * post (posts: current committee seats, elected committee seats of past terms and party
 * group leaderships). */
const char *exc_member_refusal(const char *kind, const struct exc_standing *m, int64_t posts,
                               const char *today);
/* Why a member of standing m may not be nominated or named on today (NULL: may):
 * probationary (预备党员) or under 留党察看 (standing.h: no right to vote or be elected). */
const char *exc_standing_refusal(const struct exc_standing *m, const char *today);
/* Why a nomination may not be named or sent up (NULL: may): its subject (member status,
 * or "active" / "dissolved" for a branch) is still active. */
const char *exc_subject_refusal(const char *subject_status);
/* Why a branch may not be nominated as an advanced organisation (NULL: may): a regular
 * branch of the office, not dissolved. */
const char *exc_branch_refusal(const char *nature, const char *dissolved_on);
/* The months of year whose dues the record expects paid: from the month of joining
 * (joined_on, "" unknown: the whole year) to December; none for in-service members, who
 * pay at their work unit (中组发〔2008〕3号), nor for a year before joining. */
int exc_dues_months_due(const char *joined_on, const char *category, int year);
/* Whether one more fits a quota: used < quota (a quota of 0 allows none). */
bool exc_quota_allows(int64_t quota, int64_t used);

#endif
