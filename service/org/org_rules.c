/* The organisation's rules as plain functions (see include/yinhui/org_rules.h). */
#include "yinhui/org_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int branch_size_advice(const struct branch *b, char out[BRANCH_ADVICE_MAX][160])
{
    int n = 0;
    if (b->dissolved_on[0] || strcmp(b->level, "branch") != 0) {
        return 0;
    }
    if (strcmp(b->nature, "regular") != 0) {
        /* its members take part; formal members here are records from before the rule */
        if (b->primary_count > 0) {
            snprintf(out[n++], 160,
                     "%lld formal members here: 组织关系 belongs in a regular branch; move them",
                     (long long)b->primary_count);
        }
        return n;
    }
    if (b->primary_count < 3) {
        snprintf(out[n++], 160, "a branch needs at least 3 formal members; it has %lld",
                 (long long)b->primary_count);
    }
    if (b->primary_count >= 50) {
        snprintf(out[n++], 160, "%lld formal members: 50 or more suggests a general branch",
                 (long long)b->primary_count);
    }
    return n;
}

bool branch_may_dissolve(const struct branch *b, int64_t children, char *msg, size_t len)
{
    if (b->dissolved_on[0]) {
        snprintf(msg, len, "the branch was dissolved on %s", b->dissolved_on);
    } else if (b->primary_count > 0) {
        snprintf(msg, len, "the branch still has %lld active primary members; move them first",
                 (long long)b->primary_count);
    } else if (children > 0) {
        snprintf(msg, len, "the branch still has %lld open sub-organisations", (long long)children);
    } else {
        return true;
    }
    return false;
}

void member_age_bound(const char *today, long a, bool upper, char out[11])
{
    /* age >= a <=> born in or before year Y - a; age <= a <=> born after year Y - a - 1 */
    int y = atoi(today) - (int)a - (upper ? 1 : 0);
    snprintf(out, 11, "%04u-12-31", (unsigned)(y < 1 ? 1 : y) % 10000u);
}

const char *membership_target_refusal(const struct branch *b, const struct member *m, const char *kind)
{
    bool participating = strcmp(kind, "participating") == 0;
    if (b->dissolved_on[0]) {
        return "the branch is dissolved";
    }
    if (!participating && strcmp(b->nature, "regular") != 0) {
        return AFFILIATION_RULE;
    }
    if (participating && strcmp(b->nature, "regular") == 0) {
        return "participation is in functional or temporary branches; a regular branch holds primary members";
    }
    if (participating && m->branch_id == b->id) {
        return "this is the member's primary branch";
    }
    return NULL;
}

bool branch_nature_change_allowed(const struct branch *b, const char *nature, char *msg, size_t len)
{
    if (strcmp(b->nature, "regular") != 0 || strcmp(nature, "regular") == 0 || b->primary_count == 0) {
        return true;
    }
    snprintf(msg, len, "the branch holds the formal affiliation of %lld members; " AFFILIATION_RULE,
             (long long)b->primary_count);
    return false;
}

void pairing_decide(const struct member *m, const struct member *l, int64_t liaison_id, int64_t paired,
                    int64_t cap, struct pairing_verdict *out)
{
    out->field_error = NULL;
    out->conflict[0] = '\0';
    if (strcmp(l->category, "in_service") != 0 || strcmp(l->status, "active") != 0) {
        out->field_error = "a liaison is an active in-service member (在职)";
    } else if (strcmp(m->category, "in_service") == 0) {
        out->field_error = "liaisons are paired with retired members, not in-service ones";
    } else if (strcmp(m->status, "active") != 0) {
        snprintf(out->conflict, sizeof(out->conflict), "the member is not active");
    } else if (m->liaison_id == liaison_id) {
        snprintf(out->conflict, sizeof(out->conflict), "the member is already paired with this liaison");
    } else if (paired >= cap) {
        snprintf(out->conflict, sizeof(out->conflict),
                 "the liaison already looks after %lld members (cap %lld)", (long long)paired,
                 (long long)cap);
    }
}

/* The month m (1-12) of year as "YYYY-MM-01". */
static void month_first(int year, int m, char out[11])
{
    snprintf(out, 11, "%04u-%02u-01", (unsigned)year % 10000u, (unsigned)m % 100u);
}

int group_meetings_judge(int year, const char *formed_on, const char *today, const int held[12],
                         struct group_month out[12])
{
    char first[11], next[11];
    int missed = 0;
    for (int m = 1; m <= 12; m++) {
        struct group_month *g = &out[m - 1];
        month_first(year, m, first);
        month_first(m == 12 ? year + 1 : year, m == 12 ? 1 : m + 1, next);
        g->month = m;
        g->held = held[m - 1];
        if (g->held > 0) {
            g->state = "met";
        } else if (strcmp(formed_on, first) > 0 || strcmp(today, first) < 0) {
            /* the group did not exist all month, or the month has not begun */
            g->state = "not_due";
        } else if (strcmp(today, next) < 0) {
            g->state = "open";
        } else {
            g->state = "missed";
            missed++;
        }
    }
    return missed;
}
