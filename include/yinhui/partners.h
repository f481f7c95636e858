#ifndef YINHUI_PARTNERS_H
#define YINHUI_PARTNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/router.h"

struct req;

/* The associations and partners domain (service/partners/): its part of the route table
 * (routes.c) and its handlers. */
extern const struct route partners_routes[];
extern const size_t partners_nroutes;
/* organisations.c */
void orgs_list(struct req *r);
void orgs_create(struct req *r);
void orgs_get(struct req *r);
void orgs_patch(struct req *r);
void orgs_delete(struct req *r);
/* pairings.c */
void pairings_list(struct req *r);
void pairings_create(struct req *r);
void pairings_end(struct req *r);
void pairings_get(struct req *r);
void pairings_of_branch(struct req *r);
/* joint_activities.c */
void joints_list(struct req *r);
void joints_create(struct req *r);
void joints_get(struct req *r);
void joints_patch(struct req *r);
/* overview.c */
void partners_overview(struct req *r);

/* partners_rules.c: the rules, without the database. */
#define ORG_NAME_MAX 100
#define ORG_CONTACT_MAX 60
#define ORG_NOTES_MAX 500
#define ORGS_PER_OFFICE_MAX 500
#define PAIRING_NOTE_MAX 200
#define JOINT_TITLE_MAX 100
#define JOINT_REASON_MAX 200
#define JOINT_NOTES_MAX 500
#define JOINT_BRANCHES_MAX 20
#define JOINT_PER_YEAR_MAX 50
#define JOINT_PEOPLE_MAX 100000

/* NULL-terminated lists of the values the schema allows. */
extern const char *const org_kinds[];
extern const char *const org_partner_types[];
extern const char *const joint_kinds[];
extern const char *const joint_statuses[];

/* Why kind and partner_type ("" for none) do not go together (a partner names its type,
 * an association has none), or NULL. */
const char *org_type_refusal(const char *kind, const char *partner_type);
/* Why a pairing from since cannot be recorded on today (it starts in the future), or
 * NULL. Dates are YYYY-MM-DD, today in China time. */
const char *pairing_since_refusal(const char *since, const char *today);
/* Why a pairing from since cannot end on until (before since, or in the future), or NULL. */
const char *pairing_end_refusal(const char *since, const char *until, const char *today);

/* A joint activity's plan: the year (this year − 1 to this year + 1, China time), the
 * month 1-12 and an optional day. */
struct joint_plan {
    int64_t year, month; /* month 0: take it from day */
    char day[11];        /* "" when only the month is planned */
};
/* Why plan p cannot be agreed when today is today (*field names the culprit), or NULL;
 * fills p->month from p->day when it was 0. year_fixed: the year was agreed before (a
 * patch), so it is not checked against today's. */
const char *joint_plan_refusal(struct joint_plan *p, bool year_fixed, const char *today, const char **field);

/* What became of a joint activity: agreed (nothing recorded), held (held_on, people
 * served) or not_held (reason). people_served -1: none. */
struct joint_outcome {
    char status[12];
    char held_on[11];
    int64_t people_served;
    char reason[801];
};
/* Why outcome o of a joint activity of year is inconsistent on today (*field names the
 * culprit), or NULL: held needs held_on from 1 January of its year to today and the
 * people served, not_held a reason, and neither carries the other's values. */
const char *joint_outcome_refusal(const struct joint_outcome *o, int64_t year, const char *today,
                                  const char **field);
/* Whether a joint activity planned for month of year and still agreed (nothing recorded)
 * is overdue on today (China date): from the first day of the month after its month. */
bool joint_overdue(int64_t year, int64_t month, const char *status, const char *today);

/* An organisation's year of joint activities, as the overview counts them: agreed (all),
 * held, not held, overdue (agreed, month passed, nothing recorded) and upcoming (agreed,
 * month not passed yet). */
struct joint_tally {
    int64_t agreed, held, not_held, overdue, upcoming;
};
/* Adds n joint activities of year planned for month in status to t, judged on today. */
void joint_tally_add(struct joint_tally *t, int64_t n, int64_t year, int64_t month, const char *status,
                     const char *today);

#endif
