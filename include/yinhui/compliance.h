#ifndef YINHUI_COMPLIANCE_H
#define YINHUI_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Organisational-life compliance (三会一课 and a branch's year, RULES.md; 《中国共产党支部
 * 工作条例（试行）》, 2018): each rule of the office is judged per period of its own — a
 * monthly rule month by month, a quarterly one quarter by quarter, a yearly one on the
 * year — and only activities that took place (held at or before now, China time) count.
 * A 党员大会 counts only when more than half of the branch's voting members were present;
 * the secretary's 党课 is a lecture the branch's secretary gave. Temporary and functional
 * branches are judged by the rules the office sets for their nature. Plain functions, no
 * SQL (service/orglife/compliance.c, tests/unit/test_compliance.c). */

#define RULE_KINDS 11              /* activity kinds plus secretary_lecture */
#define RULES_MAX (3 * RULE_KINDS) /* every kind for each of the three natures */
#define COMPLIANCE_PERIODS_MAX (RULE_KINDS * 12)

/* One rule of the office: branches of nature hold kind times per period ("month",
 * "quarter", "year"). kind secretary_lecture: lectures the branch's secretary gave. */
struct orglife_rule {
    char nature[12], kind[20], period[8];
    int64_t times;
};

/* One activity as one of its holding branches held it. held_at is China time
 * "YYYY-MM-DD HH:MM:SS"; by_secretary: a lecture whose speaker is the branch's secretary;
 * voters: the branch's voting members on the day (member meetings), present: how many of
 * them were present (送学上门 is taking part, not presence at a meeting that decides). */
struct compliance_act {
    int64_t branch_id, activity_id, voters, present;
    char kind[20], held_at[20];
    bool by_secretary;
};

/* One branch's year of one ruled kind: how many of its activities counted for kind in
 * each month, whenever held (compliance_tally_add; sql/0057 keeps the same in
 * compliance_tallies with every write). */
struct compliance_tally {
    int64_t branch_id;
    char kind[20];
    int64_t month[12];
};

enum compliance_state {
    CS_FUTURE,     /* the period has not begun */
    CS_OPEN,       /* under way and not yet met */
    CS_MET,        /* held at least as often as required */
    CS_MISSING,    /* over, held fewer times than required */
    CS_NOT_JUDGED, /* the branch was founded after the period began */
};

/* One rule judged for one period. */
struct compliance_period {
    const struct orglife_rule *rule; /* borrowed */
    int index;                       /* month 0-11, quarter 0-3, year 0 */
    int64_t required, held;
    enum compliance_state state;
};

/* The service's default rules for branches of nature (RULES.md; an office may set its
 * own) into out (at most max), returning how many. Regular: committee meeting and theme
 * day monthly, member meeting quarterly, and yearly the secretary's lecture, 组织生活会,
 * 民主评议党员 and 谈心谈话. Functional and temporary: study once a quarter. */
size_t compliance_default_rules(const char *nature, struct orglife_rule *out, size_t max);

/* Periods of a year for period: 12, 4 or 1 (0 for anything else). */
int compliance_periods(const char *period);
/* The period (0-based) of the year that China time held_at falls in. */
int compliance_period_index(const char *period, const char *held_at);
/* The period's first day and the day after its last, as YYYY-MM-DD. */
void compliance_period_bounds(int year, const char *period, int index, char from[11], char to[11]);
/* The period as shown: "2026-03", "2026-Q1" or "2026". */
void compliance_period_label(int year, const char *period, int index, char out[12]);
/* A member meeting may decide: more than half of its voting members present. */
bool compliance_quorate(int64_t present, int64_t voters);
/* Whether a counts toward rule: held at or before now, of the rule's kind (a lecture by
 * the secretary also counts as secretary_lecture), and a member meeting only when
 * quorate. */
bool compliance_counts(const struct orglife_rule *rule, const struct compliance_act *a, const char *now);
/* A member meeting that took place without its quorum: flagged, not counted. */
bool compliance_flagged(const struct compliance_act *a, const char *now);
/* The state of a period of year for a branch founded on founded_on ("" when unknown),
 * with held of required, on today (YYYY-MM-DD). */
enum compliance_state compliance_period_state(int year, const char *period, int index, const char *founded_on,
                                              const char *today, int64_t held, int64_t required);
/* The state's name in the API: future, open, met, missing, not_judged. */
const char *compliance_state_name(enum compliance_state s);
/* Judges a branch of nature founded on founded_on for year at now (China time): every
 * rule of rules[0..nr) for its nature, every period, over the branch's acts[0..na).
 * Writes at most max periods to out, returns how many. */
size_t compliance_judge(const struct orglife_rule *rules, size_t nr, const char *nature, int year,
                        const char *now, const char *founded_on, const struct compliance_act *acts, size_t na,
                        struct compliance_period *out, size_t max);
/* Adds a (held in the tallies' year) to the tallies t[0..*n) (at most max, one per kind):
 * to its kind's month unless it is a member meeting without its quorum, and to
 * secretary_lecture's when it is a lecture the secretary gave (compliance_counts). */
void compliance_tally_add(struct compliance_tally *t, size_t *n, size_t max, const struct compliance_act *a);
/* Judges a branch as compliance_judge does, over its tallies t[0..nt) of year, on today
 * (YYYY-MM-DD). What was not yet held at today can only sit in a period not yet over:
 * counted, it may make such a period met rather than open, never missing. */
size_t compliance_judge_tallies(const struct orglife_rule *rules, size_t nr, const char *nature, int year,
                                const char *today, const char *founded_on, const struct compliance_tally *t,
                                size_t nt, struct compliance_period *out, size_t max);
/* Whether period (index) of rule period lies in quarter (1-4): months and the quarter
 * itself; a yearly period belongs to every quarter. */
bool compliance_in_quarter(const char *period, int index, int quarter);
/* The quarter (1-4) a period of rule period (index) is missed in, when missed: the one it
 * ends in (a yearly period: the fourth). */
int compliance_period_quarter(const char *period, int index);
/* How many quarters of year have begun on today (YYYY-MM-DD): 0 to 4. */
int compliance_quarters_begun(int year, const char *today);

/* Reads the ?year= and ?quarter= strings (NULL: absent; today "YYYY-MM-DD" gives the
 * defaults). False when either is bad, with *bad naming the field to blame. */
bool compliance_quarter_parse(const char *ys, const char *qs, const char *today, int *year, int *quarter,
                              const char **bad);

#endif
