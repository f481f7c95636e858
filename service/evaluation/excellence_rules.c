/* The rules of 两优一先 as plain functions (tests/unit/test_excellence_rules.c): the notice
 * period (公示) in working days, when a nomination may be named or objected to, who may
 * be nominated and the quotas. The way up (stages, decisions) is stages.c's. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "yinhui/calendar.h"
#include "yinhui/excellence.h"
#include "yinhui/standing.h"

const char *const exc_kinds[] = {"excellent_member", "excellent_worker", "advanced_org", NULL};

const char *exc_honour_kind(const char *kind)
{
    return strcmp(kind, "advanced_org") == 0 ? "advanced_organisation" : kind;
}

const char *exc_honour_title(const char *kind)
{
    if (strcmp(kind, "excellent_member") == 0) {
        return "优秀共产党员";
    }
    return strcmp(kind, "excellent_worker") == 0 ? "优秀党务工作者" : "先进基层党组织";
}

/* Days since 1970-01-01 of a YYYY-MM-DD date (dates are calendar days: no time zone). */
static long long day_number(const char *date)
{
    int y = 1970, m = 1, d = 1;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3) {
        return 0;
    }
    return cal_seconds(y, m, d, 0, 0, 0) / 86400;
}

static void day_format(long long n, char out[11])
{
    cal_date_of((long)n, out);
}

/* Monday 0 .. Sunday 6 (1970-01-01 was a Thursday). */
static int weekday(long long n)
{
    return (int)(((n % 7) + 7 + 3) % 7);
}

void exc_notice_first(const char *from, char out[11])
{
    long long n = day_number(from);
    while (weekday(n) >= 5) {
        n++;
    }
    day_format(n, out);
}

void exc_notice_last(const char *from, int days, char out[11])
{
    long long n = day_number(from);
    int counted = 0;
    for (;; n++) {
        if (weekday(n) < 5 && ++counted >= days) {
            break;
        }
    }
    day_format(n, out);
}

const char *exc_notice_state(const char *from, const char *until, const char *today)
{
    if (from == NULL || until == NULL || !from[0] || !until[0]) {
        return "none";
    }
    if (strcmp(today, until) > 0) {
        return "ended";
    }
    return strcmp(today, from) >= 0 ? "running" : "scheduled";
}

const char *exc_name_refusal(const char *state, const char *notice_from, const char *notice_until,
                             int64_t open_objections, const char *today)
{
    const char *ns = exc_notice_state(notice_from, notice_until, today);
    if (strcmp(state, "pending") != 0) {
        return "only a pending nomination may be named";
    }
    if (strcmp(ns, "none") == 0) {
        return "a nomination is named only after its public notice (公示): start the notice first";
    }
    if (strcmp(ns, "running") == 0 || strcmp(ns, "scheduled") == 0) {
        return "the public notice (公示) has not ended: naming waits for its last day to pass";
    }
    return open_objections > 0 ? "an objection (异议) to the nomination is open: resolve it before naming"
                               : NULL;
}

const char *exc_objection_refusal(const char *state, const char *notice_from, const char *notice_until,
                                  const char *received_on, const char *today)
{
    if (strcmp(state, "pending") != 0) {
        return "objections are recorded only for a pending nomination";
    }
    if (notice_from == NULL || notice_until == NULL || !notice_from[0] || !notice_until[0]) {
        return "the nomination is not in public notice (公示)";
    }
    if (strcmp(received_on, today) > 0) {
        return "received_on is in the future";
    }
    if (strcmp(received_on, notice_from) < 0 || strcmp(received_on, notice_until) > 0) {
        return "objections are received during the public notice (公示) only";
    }
    return NULL;
}

const char *exc_standing_refusal(const struct exc_standing *m, const char *today)
{
    /* 党章: neither has the right to vote, elect or be elected (RULES.md "Party standing") */
    if (standing_probationary(m->joined_on, m->full_member_on, today)) {
        return "a probationary member (预备党员, not yet 转正) may not be nominated or named: no right to "
               "vote or be elected (党章)";
    }
    if (standing_under_probation(m->probation_until, today)) {
        return "a member under 留党察看 may not be nominated or named while it lasts: no right to vote or be "
               "elected (党章)";
    }
    return NULL;
}

const char *exc_member_refusal(const char *kind, const struct exc_standing *m, int64_t posts,
                               const char *today)
{
    if (strcmp(m->status, "active") != 0) {
        return "only an active member of the office may be nominated";
    }
    const char *why = exc_standing_refusal(m, today);
    if (why) {
        return why;
    }
    if (strcmp(kind, "excellent_worker") == 0 && posts == 0) {
        return "an excellent party worker holds or has held a party post (branch committee or party group "
               "leader)";
    }
    return NULL;
}

const char *exc_subject_refusal(const char *subject_status)
{
    return strcmp(subject_status, "active") == 0
               ? NULL
               : "the nominee is no longer active (transferred out, deceased or dissolved): an honour is not "
                 "written to a closed record";
}

const char *exc_branch_refusal(const char *nature, const char *dissolved_on)
{
    if (dissolved_on && dissolved_on[0]) {
        return "the branch is dissolved";
    }
    return strcmp(nature, "regular") == 0
               ? NULL
               : "an advanced organisation is a regular branch (not a functional or "
                 "temporary one)";
}

bool exc_quota_allows(int64_t quota, int64_t used)
{
    return used < quota;
}

int exc_dues_months_due(const char *joined_on, const char *category, int year)
{
    int y = 0, m = 0;
    if (strcmp(category, "in_service") == 0) {
        return 0;
    }
    if (joined_on == NULL || sscanf(joined_on, "%4d-%2d", &y, &m) != 2 || y < year) {
        return 12;
    }
    return y > year ? 0 : 13 - m;
}
