#ifndef YINHUI_ORG_RULES_H
#define YINHUI_ORG_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/branches_db.h"
#include "yinhui/members_db.h"

/* The organisation's rules as plain functions (no database, no request): what the
 * handlers of service/org/ decide, testable on their own (tests/unit/test_org_rules.c). */

#define BRANCH_ADVICE_MAX 2
/* Size advice from practice for an open regular branch (warnings, never errors); for a
 * functional or temporary one, which holds participants, a warning when it still holds
 * formal members (组织关系 is always a regular branch). Writes up to BRANCH_ADVICE_MAX
 * messages into out and returns how many. */
int branch_size_advice(const struct branch *b, char out[BRANCH_ADVICE_MAX][160]);
/* Why b, with children open sub-organisations, cannot be dissolved: false with the
 * reason in msg (for a 409), true when it can. */
bool branch_may_dissolve(const struct branch *b, int64_t children, char *msg, size_t len);

/* The birth-date bound for an age in whole calendar years (this year minus the birth
 * year; masked views show the birth year only, and a bound that moved on each birthday
 * would tell the birth date to anyone who asks day after day). upper false: age >= a,
 * born on or before out; upper true: age <= a, born after out. today is YYYY-MM-DD. */
void member_age_bound(const char *today, long a, bool upper, char out[11]);

/* RULES.md, Temporary and functional branches (中国共产党支部工作条例 and the Central
 * Organisation Department's rules on temporary organisations): they hold no 组织关系. */
#define AFFILIATION_RULE                                                                                     \
    "formal affiliation (组织关系) is always a regular branch; functional and temporary branches hold "  \
    "participants only"

/* Why branch b cannot take member m as a membership of kind: a message for the
 * branch_id field, or NULL when it can. A primary (formal) membership only in a regular
 * branch, a participating one only in a functional or temporary branch. */
const char *membership_target_refusal(const struct branch *b, const struct member *m, const char *kind);

/* Whether stored branch b may become of nature: a regular branch holding formal members
 * keeps its nature (they would lose their 组织关系); false with the reason in msg (409). */
bool branch_nature_change_allowed(const struct branch *b, const char *nature, char *msg, size_t len);

/* Outcome of pairing member m with liaison l, who looks after paired members of cap. */
struct pairing_verdict {
    const char *field_error; /* for liaison_id (422), or NULL */
    char conflict[160];      /* the 409's detail, or "" */
};
/* Decides whether m may be paired with l (whose id is liaison_id). */
void pairing_decide(const struct member *m, const struct member *l, int64_t liaison_id, int64_t paired,
                    int64_t cap, struct pairing_verdict *out);

/* A party group's month under "党小组会: generally once a month" (RULES.md, 三会一课). */
struct group_month {
    int month;         /* 1-12 */
    int held;          /* group meetings held in the month (China time) */
    const char *state; /* met | missed | open (the current month, none yet) | not_due */
};
/* Judges the months of year for a group formed on formed_on, today (both YYYY-MM-DD,
 * China time), held[m-1] group meetings that took place in month m: a month with a
 * meeting is met; one the group did not exist for from its first day, or that has not
 * begun, is not due; the current month without one is open; any other is missed.
 * Returns how many were missed. */
int group_meetings_judge(int year, const char *formed_on, const char *today, const int held[12],
                         struct group_month out[12]);

#endif
