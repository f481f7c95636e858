/* Organisational-life compliance rules (include/yinhui/compliance.h): plain functions
 * over rules and counts, so the rule can be tested without a database. */
#include "yinhui/compliance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void compliance_window(int year, int quarter, char from[32], char to[32], char yfrom[32])
{
    unsigned uy = (unsigned)year % 10000u, uq = (unsigned)quarter % 5u;
    snprintf(from, 32, "%04u-%02u-01 00:00:00", uy, ((uq - 1) * 3 + 1) % 100u);
    snprintf(to, 32, "%04u-%02u-01 00:00:00", (uq == 4 ? uy + 1 : uy) % 10000u,
             (uq == 4 ? 1 : uq * 3 + 1) % 100u);
    snprintf(yfrom, 32, "%04u-01-01 00:00:00", uy);
}

int64_t compliance_required(const struct orglife_rule *rule, int quarter)
{
    if (strcmp(rule->period, "month") == 0) {
        return rule->times * 3;
    }
    if (strcmp(rule->period, "year") == 0) {
        return quarter == 4 ? rule->times : 0;
    }
    return rule->times;
}

int64_t compliance_held(const struct compliance_count *c, size_t n, int64_t branch, const char *kind)
{
    int64_t held = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].branch_id == branch && strcmp(c[i].kind, kind) == 0) {
            held = c[i].count;
        }
    }
    return held;
}

bool compliance_judge(const struct orglife_rule *rules, size_t nr, int quarter, int64_t branch,
                      const struct compliance_count *year, size_t ny, const struct compliance_count *qtr,
                      size_t nq, struct compliance_kind *out)
{
    bool behind = false;
    for (size_t k = 0; k < nr; k++) {
        bool yearly = strcmp(rules[k].period, "year") == 0;
        out[k].kind = rules[k].kind;
        out[k].required = compliance_required(&rules[k], quarter);
        out[k].held = yearly ? compliance_held(year, ny, branch, rules[k].kind)
                             : compliance_held(qtr, nq, branch, rules[k].kind);
        out[k].behind = out[k].held < out[k].required;
        behind = behind || out[k].behind;
    }
    return behind;
}
