/* The rules of urgent help (include/yinhui/help.h): category codes, deadlines and the
 * ratios of the statistics. Plain functions, unit-tested in tests/unit/test_help_rules.c. */
#include <math.h>
#include <string.h>

#include "yinhui/help.h"

#define CN_OFFSET (8 * 3600)
#define DAY 86400

bool help_code_ok(const char *code)
{
    size_t n = strlen(code);
    if (n == 0 || n > 24) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!((code[i] >= 'a' && code[i] <= 'z') || code[i] == '_')) {
            return false;
        }
    }
    return true;
}

/* The last second of the China day holding t. */
static int64_t cn_day_end(int64_t t)
{
    int64_t local = t + CN_OFFSET;
    /* floor division: the epoch's days before 1970 are negative */
    int64_t day = local >= 0 ? local / DAY : -((-local + DAY - 1) / DAY);
    return (day + 1) * DAY - 1 - CN_OFFSET;
}

void help_deadlines(int64_t filed_at, int64_t respond_hours, int64_t resolve_hours, int64_t *respond_by,
                    int64_t *resolve_by)
{
    *resolve_by = filed_at + resolve_hours * 3600;
    *respond_by = respond_hours > 0 ? filed_at + respond_hours * 3600 : cn_day_end(filed_at);
    if (*respond_by > *resolve_by) {
        *respond_by = *resolve_by;
    }
}

double help_share(int64_t num, int64_t den)
{
    return den > 0 ? round((double)num * 1000.0 / (double)den) / 1000.0 : -1;
}

double help_average(int64_t sum, int64_t n)
{
    return n > 0 ? round((double)sum * 100.0 / (double)n) / 100.0 : -1;
}
