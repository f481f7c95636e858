/* Organisational-life compliance rules (include/yinhui/compliance.h): plain functions
 * over rules and held activities, so the rule can be tested without a database. */
#include "yinhui/compliance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t compliance_default_rules(const char *nature, struct orglife_rule *out, size_t max)
{
    /* 《中国共产党支部工作条例（试行）》 (RULES.md): 支委会 and 主题党日 monthly, 党员大会
     * quarterly; the secretary's 党课, 组织生活会, 民主评议 and 谈心谈话 yearly */
    static const struct orglife_rule regular[] = {
        {"regular", "committee_meeting", "month", 1}, {"regular", "theme_day", "month", 1},
        {"regular", "member_meeting", "quarter", 1},  {"regular", "secretary_lecture", "year", 1},
        {"regular", "org_life_meeting", "year", 1},   {"regular", "member_review", "year", 1},
        {"regular", "heart_talk", "year", 1},
    };
    /* temporary and functional branches organise study (RULES.md); the frequency is the
     * office's choice, this is the service's default */
    static const struct orglife_rule study[] = {{"", "study", "quarter", 1}};
    bool is_regular = strcmp(nature, "regular") == 0;
    const struct orglife_rule *src = is_regular ? regular : study;
    size_t n = is_regular ? sizeof(regular) / sizeof(regular[0]) : 1;
    n = n < max ? n : max;
    for (size_t i = 0; i < n; i++) {
        out[i] = src[i];
        snprintf(out[i].nature, sizeof(out[i].nature), "%s", nature);
    }
    return n;
}

int compliance_periods(const char *period)
{
    if (strcmp(period, "month") == 0) {
        return 12;
    }
    if (strcmp(period, "quarter") == 0) {
        return 4;
    }
    return strcmp(period, "year") == 0 ? 1 : 0;
}

int compliance_period_index(const char *period, const char *held_at)
{
    int month0 = atoi(held_at + 5) - 1;
    if (strcmp(period, "month") == 0) {
        return month0;
    }
    return strcmp(period, "quarter") == 0 ? month0 / 3 : 0;
}

void compliance_period_bounds(int year, const char *period, int index, char from[11], char to[11])
{
    int span = 12 / (compliance_periods(period) ? compliance_periods(period) : 1);
    int first = index * span + 1, next = first + span; /* months 1..13 */
    unsigned uy = (unsigned)year % 10000u;
    snprintf(from, 11, "%04u-%02u-01", uy, (unsigned)first % 100u);
    snprintf(to, 11, "%04u-%02u-01", (next > 12 ? uy + 1 : uy) % 10000u,
             (unsigned)(next > 12 ? next - 12 : next) % 100u);
}

void compliance_period_label(int year, const char *period, int index, char out[12])
{
    unsigned uy = (unsigned)year % 10000u, ui = (unsigned)(index + 1) % 100u;
    if (strcmp(period, "month") == 0) {
        snprintf(out, 12, "%04u-%02u", uy, ui);
    } else if (strcmp(period, "quarter") == 0) {
        snprintf(out, 12, "%04u-Q%u", uy, ui);
    } else {
        snprintf(out, 12, "%04u", uy);
    }
}

bool compliance_quorate(int64_t present, int64_t voters)
{
    /* 支部工作条例 (RULES.md): the meeting decides only with more than half of its voting members present */
    return voters > 0 && present * 2 > voters;
}

/* Whether a took place: held at or before now (both China time, same format). */
static bool took_place(const struct compliance_act *a, const char *now)
{
    return strcmp(a->held_at, now) <= 0;
}

bool compliance_flagged(const struct compliance_act *a, const char *now)
{
    return strcmp(a->kind, "member_meeting") == 0 && took_place(a, now) &&
           !compliance_quorate(a->present, a->voters);
}

bool compliance_counts(const struct orglife_rule *rule, const struct compliance_act *a, const char *now)
{
    if (!took_place(a, now)) {
        return false;
    }
    if (strcmp(rule->kind, "secretary_lecture") == 0) {
        return strcmp(a->kind, "lecture") == 0 && a->by_secretary;
    }
    if (strcmp(rule->kind, a->kind) != 0) {
        return false;
    }
    return strcmp(a->kind, "member_meeting") != 0 || compliance_quorate(a->present, a->voters);
}

enum compliance_state compliance_period_state(int year, const char *period, int index, const char *founded_on,
                                              const char *today, int64_t held, int64_t required)
{
    char from[11], to[11];
    compliance_period_bounds(year, period, index, from, to);
    if (strcmp(today, from) < 0) {
        return CS_FUTURE;
    }
    /* a branch is held to a period only when it existed all through it */
    if (founded_on && founded_on[0] && strcmp(founded_on, from) > 0) {
        return CS_NOT_JUDGED;
    }
    if (held >= required) {
        return CS_MET;
    }
    return strcmp(today, to) < 0 ? CS_OPEN : CS_MISSING;
}

const char *compliance_state_name(enum compliance_state s)
{
    static const char *const names[] = {"future", "open", "met", "missing", "not_judged"};
    return names[s];
}

void compliance_tally_add(struct compliance_tally *t, size_t *n, size_t max, const struct compliance_act *a)
{
    const char *kinds[] = {a->kind, "secretary_lecture"};
    int month0 = atoi(a->held_at + 5) - 1;
    if (month0 < 0 || month0 > 11) {
        return;
    }
    for (size_t k = 0; k < 2; k++) {
        struct orglife_rule rule = {.times = 1};
        snprintf(rule.kind, sizeof(rule.kind), "%s", kinds[k]);
        /* counted whenever held: its own time as now */
        if (!compliance_counts(&rule, a, a->held_at)) {
            continue;
        }
        size_t i = 0;
        while (i < *n && strcmp(t[i].kind, rule.kind) != 0) {
            i++;
        }
        if (i == *n && *n < max) {
            t[i] = (struct compliance_tally){.branch_id = a->branch_id};
            snprintf(t[i].kind, sizeof(t[i].kind), "%s", rule.kind);
            (*n)++;
        }
        if (i < *n) {
            t[i].month[month0]++;
        }
    }
}

/* How many times rule's kind was held in period p of the rule, by tallies t[0..nt). */
static int64_t tally_held(const struct orglife_rule *rule, int p, const struct compliance_tally *t, size_t nt)
{
    int span = 12 / compliance_periods(rule->period);
    int64_t held = 0;
    for (size_t i = 0; i < nt; i++) {
        if (strcmp(t[i].kind, rule->kind) != 0) {
            continue;
        }
        for (int m = p * span; m < (p + 1) * span; m++) {
            held += t[i].month[m];
        }
    }
    return held;
}

size_t compliance_judge_tallies(const struct orglife_rule *rules, size_t nr, const char *nature, int year,
                                const char *today, const char *founded_on, const struct compliance_tally *t,
                                size_t nt, struct compliance_period *out, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < nr; k++) {
        const struct orglife_rule *rule = &rules[k];
        int periods = compliance_periods(rule->period);
        if (strcmp(rule->nature, nature) != 0) {
            continue;
        }
        for (int p = 0; p < periods && n < max; p++) {
            struct compliance_period *o = &out[n++];
            o->rule = rule;
            o->index = p;
            o->required = rule->times;
            o->held = tally_held(rule, p, t, nt);
            o->state =
                compliance_period_state(year, rule->period, p, founded_on, today, o->held, o->required);
        }
    }
    return n;
}

size_t compliance_judge(const struct orglife_rule *rules, size_t nr, const char *nature, int year,
                        const char *now, const char *founded_on, const struct compliance_act *acts, size_t na,
                        struct compliance_period *out, size_t max)
{
    struct compliance_tally t[RULE_KINDS];
    size_t nt = 0;
    char today[11];
    snprintf(today, sizeof(today), "%.10s", now);
    for (size_t i = 0; i < na; i++) {
        /* what has not taken place by now counts for nothing yet */
        if (atoi(acts[i].held_at) == year && took_place(&acts[i], now)) {
            compliance_tally_add(t, &nt, RULE_KINDS, &acts[i]);
        }
    }
    return compliance_judge_tallies(rules, nr, nature, year, today, founded_on, t, nt, out, max);
}

bool compliance_in_quarter(const char *period, int index, int quarter)
{
    if (strcmp(period, "month") == 0) {
        return index / 3 == quarter - 1;
    }
    return strcmp(period, "quarter") == 0 ? index == quarter - 1 : true;
}

int compliance_period_quarter(const char *period, int index)
{
    if (strcmp(period, "month") == 0) {
        return index / 3 + 1;
    }
    return strcmp(period, "quarter") == 0 ? index + 1 : 4;
}

int compliance_quarters_begun(int year, const char *today)
{
    int now = atoi(today);
    if (year != now) {
        return year < now ? 4 : 0;
    }
    return (atoi(today + 5) - 1) / 3 + 1;
}

bool compliance_quarter_parse(const char *ys, const char *qs, const char *today, int *year, int *quarter,
                              const char **bad)
{
    *year = ys ? atoi(ys) : atoi(today);
    *quarter = qs ? atoi(qs) : (atoi(today + 5) - 1) / 3 + 1;
    bool year_bad = ys && (strlen(ys) != 4 || *year < 1990 || *year > 2100);
    bool quarter_bad = qs && (strlen(qs) != 1 || *quarter < 1 || *quarter > 4);
    *bad = year_bad ? "year" : "quarter";
    return !year_bad && !quarter_bad;
}
