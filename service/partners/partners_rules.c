/* The rules of associations, partners, pairings and joint activities, without the
 * database (README.md, Associations and partners). Dates are YYYY-MM-DD in China time,
 * so their order is their string order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/partners.h"

const char *const org_kinds[] = {"association", "partner", NULL};
const char *const org_partner_types[] = {"department", "party_school", "hospital", "library", "school",
                                         "enterprise", "community",    "other",    NULL};
const char *const joint_kinds[] = {"lecture", "training",     "health_check", "health_talk", "reading",
                                   "visit",   "care_service", "cultural",     "sports",      "other",
                                   NULL};
const char *const joint_statuses[] = {"agreed", "held", "not_held", NULL};

const char *org_type_refusal(const char *kind, const char *partner_type)
{
    bool partner = strcmp(kind, "partner") == 0;
    if (partner && !partner_type[0]) {
        return "is required for a partner (department, party_school, hospital, library, …)";
    }
    if (!partner && partner_type[0]) {
        return "is for partners only: an association has no partner_type";
    }
    return NULL;
}

const char *pairing_since_refusal(const char *since, const char *today)
{
    return strcmp(since, today) > 0 ? "must not be in the future: a pairing is recorded once agreed" : NULL;
}

const char *pairing_end_refusal(const char *since, const char *until, const char *today)
{
    if (strcmp(until, since) < 0) {
        return "must not be before the pairing's since";
    }
    return strcmp(until, today) > 0 ? "must not be in the future" : NULL;
}

const char *joint_plan_refusal(struct joint_plan *p, bool year_fixed, const char *today, const char **field)
{
    int64_t this_year = atoi(today);
    *field = "year";
    if (!year_fixed && (p->year < this_year - 1 || p->year > this_year + 1)) {
        return "must be last year, this year or next year (China time)";
    }
    if (p->day[0]) {
        int64_t y = atoi(p->day), m = atoi(p->day + 5);
        *field = "planned_on";
        if (y != p->year) {
            return "must be in the activity's year";
        }
        if (p->month != 0 && p->month != m) {
            return "must be in planned_month";
        }
        p->month = m;
    }
    *field = "planned_month";
    if (p->month < 1 || p->month > 12) {
        return "is required (1-12) unless planned_on gives the day";
    }
    *field = NULL;
    return NULL;
}

const char *joint_outcome_refusal(const struct joint_outcome *o, int64_t year, const char *today,
                                  const char **field)
{
    bool held = strcmp(o->status, "held") == 0, not_held = strcmp(o->status, "not_held") == 0;
    *field = "held_on";
    if (held && !o->held_on[0]) {
        return "is required when the activity was held";
    }
    if (held && (atoi(o->held_on) < year || strcmp(o->held_on, today) > 0)) {
        return "must be from 1 January of the activity's year to today";
    }
    if (!held && o->held_on[0]) {
        return "is only for a held activity";
    }
    *field = "people_served";
    if (held && o->people_served < 0) {
        return "is required when the activity was held (0 when nobody was counted)";
    }
    if (!held && o->people_served >= 0) {
        return "is only for a held activity";
    }
    *field = "reason";
    if (not_held && !o->reason[0]) {
        return "is required when the activity was not held";
    }
    if (!not_held && o->reason[0]) {
        return "is only for an activity not held";
    }
    *field = NULL;
    return NULL;
}

bool joint_overdue(int64_t year, int64_t month, const char *status, const char *today)
{
    if (strcmp(status, "agreed") != 0) {
        return false;
    }
    int64_t ty = atoi(today), tm = atoi(today + 5);
    return ty * 12 + tm > year * 12 + month;
}

void joint_tally_add(struct joint_tally *t, int64_t n, int64_t year, int64_t month, const char *status,
                     const char *today)
{
    t->agreed += n;
    if (strcmp(status, "held") == 0) {
        t->held += n;
    } else if (strcmp(status, "not_held") == 0) {
        t->not_held += n;
    } else if (joint_overdue(year, month, status, today)) {
        t->overdue += n;
    } else {
        t->upcoming += n;
    }
}
