#ifndef YINHUI_COMPLIANCE_H
#define YINHUI_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Organisational-life compliance (三会一课): how many activities of each ruled kind a
 * branch must hold in a quarter against how many it held. Plain functions, no SQL. */

#define RULES_MAX 8

/* One rule of the office: kind held times per period ("month", "quarter", "year"). */
struct orglife_rule {
    char kind[20], period[8];
    int64_t times;
};
/* Activities of kind held by a branch in some window. */
struct compliance_count {
    int64_t branch_id, count;
    char kind[20];
};
/* One ruled kind judged for one branch. */
struct compliance_kind {
    const char *kind; /* borrowed from the rule */
    int64_t required, held;
    bool behind;
};

/* Reads the ?year= and ?quarter= strings (NULL: absent; today "YYYY-MM-DD" gives the
 * defaults). False when either is bad, with *bad naming the field to blame. */
bool compliance_quarter_parse(const char *ys, const char *qs, const char *today, int *year, int *quarter,
                              const char **bad);
/* The quarter's [from, to) and the year's first moment, as China times
 * "YYYY-MM-DD 00:00:00". */
void compliance_window(int year, int quarter, char from[32], char to[32], char yfrom[32]);
/* How many the rule requires in quarter (1-4): monthly rules three times their times,
 * quarterly rules their times, yearly rules their times in the fourth quarter (judged on
 * the whole year) and nothing before. */
int64_t compliance_required(const struct orglife_rule *rule, int quarter);
/* The count of kind for branch among c[0..n) (0 when absent). */
int64_t compliance_held(const struct compliance_count *c, size_t n, int64_t branch, const char *kind);
/* Judges branch on each of rules[0..nr) into out[0..nr): yearly rules against year (the
 * year to the quarter's end), the others against quarter (the quarter's counts).
 * Returns true when the branch is behind on any kind. */
bool compliance_judge(const struct orglife_rule *rules, size_t nr, int quarter, int64_t branch,
                      const struct compliance_count *year, size_t ny, const struct compliance_count *qtr,
                      size_t nq, struct compliance_kind *out);

#endif
