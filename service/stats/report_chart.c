/* The yearly report's chart arithmetic (include/yinhui/stats_report.h): axes, bar heights,
 * label sizes and the numbers' text. No library: unit-tested in tests/unit. */
#include <stdio.h>

#include "yinhui/stats_report.h"

struct chart_axis chart_axis_for(int64_t top, int want)
{
    struct chart_axis a = {1, 1, 1};
    if (want < 1) {
        want = 1;
    }
    if (top <= 0) {
        return a;
    }
    /* the smallest 1, 2 or 5 × 10^k step that reaches top in at most want ticks */
    static const int64_t mult[] = {1, 2, 5};
    for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10) {
        for (int k = 0; k < 3; k++) {
            int64_t step = mult[k] * p;
            int64_t ticks = (top + step - 1) / step;
            if (ticks <= want) {
                a.step = step;
                a.ticks = (int)ticks;
                a.max = ticks * step;
                return a;
            }
        }
    }
    return a;
}

double chart_bar_height(const struct chart_axis *a, int64_t v, double h)
{
    if (v <= 0 || a->max <= 0) {
        return 0;
    }
    return v >= a->max ? h : h * (double)v / (double)a->max;
}

double chart_label_size(double w_at_10, double slot, double min, double max)
{
    for (double s = max; s >= min; s -= 0.5) {
        if (w_at_10 * s / 10.0 <= slot) {
            return s;
        }
    }
    return min;
}

int64_t chart_top(const int64_t *v, size_t n)
{
    int64_t top = 0;
    for (size_t i = 0; i < n; i++) {
        top = v[i] > top ? v[i] : top;
    }
    return top;
}

void chart_hours_text(int64_t minutes, char *out, size_t size)
{
    /* tenths of an hour, rounded half up: 6 minutes each */
    int64_t tenths = (minutes * 10 + 30) / 60;
    snprintf(out, size, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

void chart_percent_text(int64_t part, int64_t whole, char *out, size_t size)
{
    int64_t permille = whole > 0 ? (part * 1000 + whole / 2) / whole : 0;
    snprintf(out, size, "%lld.%lld", (long long)(permille / 10), (long long)(permille % 10));
}
