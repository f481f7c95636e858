/* The yearly report (GET /v1/stats/report): the overview's figures drawn as charts on A4
 * (service/stats/report_pdf.c), and the chart arithmetic it uses (report_chart.c, no
 * library, unit-tested). */
#ifndef YINHUI_STATS_REPORT_H
#define YINHUI_STATS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "yinhui/util.h"

/* What the report shows: the bodies of GET /v1/stats/overview and GET
 * /v1/org-life/compliance/report for the same office and year (every number drawn is read
 * from them), and the office's name. */
struct stats_report_doc {
    int year;
    const char *as_of;
    char office_name[401];
    const cJSON *overview;
    const cJSON *compliance; /* the body of GET /v1/org-life/compliance/report, same year */
};
/* stats_report_pdf's answer when the font is missing (PDF_NO_FONT). */
#define STATS_REPORT_NO_FONT (-2)
/* Renders d as an A4 PDF into out: 0, STATS_REPORT_NO_FONT, or -1. */
int stats_report_pdf(const struct stats_report_doc *d, struct buf *out);

/* A value axis: ticks at step from 0 to max (max a multiple of step, at least one step). */
struct chart_axis {
    int64_t step, max;
    int ticks; /* max / step */
};
/* The axis for values up to top with about `want` ticks: step 1, 2 or 5 times a power of
 * ten (an empty or all-zero series gets 0..1). */
struct chart_axis chart_axis_for(int64_t top, int want);
/* Where value v stands on axis a drawn height h points tall: its height in points. */
double chart_bar_height(const struct chart_axis *a, int64_t v, double h);
/* The font size (from max down to min, in halves) at which text measured w points wide
 * at size 10 fits in slot points; min when nothing does (the label wraps). */
double chart_label_size(double w_at_10, double slot, double min, double max);
/* The largest of v[0..n) (0 when n is 0). */
int64_t chart_top(const int64_t *v, size_t n);
/* v / 60 in hours with one decimal, into out: "12.5". */
void chart_hours_text(int64_t minutes, char *out, size_t size);
/* A share in percent with one decimal ("0.0" for a zero whole). */
void chart_percent_text(int64_t part, int64_t whole, char *out, size_t size);

#endif
