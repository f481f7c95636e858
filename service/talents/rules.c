/* The talent pool's rules: the review workflow, review dates, and how a request's
 * candidates are scored. No SQL and no clock here (include/yinhui/talents_rules.h). */
#include "yinhui/talents_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/json_in.h"
#include "yinhui/util.h"

bool talent_code_ok(const char *c)
{
    size_t n = strlen(c);
    for (size_t i = 0; i < n; i++) {
        if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '_')) {
            return false;
        }
    }
    return n >= 2 && n <= 40;
}

/* Which step goes from where, who may take it, and whether it needs a reason. */
static const struct talent_step steps[] = {
    {"under_review", "applied,admitted", false, false},
    {"admitted", "under_review", false, false},
    {"rejected", "applied,under_review", false, true},
    {"withdrawn", "applied,under_review,admitted", true, false},
    {"retired", "admitted", false, true},
};

const struct talent_step *talent_step_to(const char *to)
{
    for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
        if (strcmp(steps[i].to, to) == 0) {
            return &steps[i];
        }
    }
    return NULL;
}

bool talent_csv_has(const char *csv, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = csv ? csv : ""; *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && strncmp(p, item, n) == 0) {
            return true;
        }
        p += k;
        p += *p == ',';
    }
    return false;
}

bool talent_step_leaves(const struct talent_step *st, const char *status)
{
    return talent_csv_has(st->from, status);
}

void talent_review_due_on(const char *today, int64_t years, char out[11])
{
    /* admitted entries are reviewed again after the office's period (2 years by default) */
    snprintf(out, 11, "%04u%s", (unsigned)(atoi(today) + (int)years) % 10000u, today + 4);
    if (!date_valid(out)) {
        out[9] = '8'; /* 29 February */
    }
}

void talent_due_by(const char *today, long within_days, char out[11])
{
    char noon[24], cn[20];
    /* noon, so that a day of the count is never lost or gained at midnight */
    snprintf(noon, sizeof(noon), "%s 12:00:00", today);
    time_cn(time_cn_parse(noon) + (int64_t)within_days * 86400, cn);
    snprintf(out, 11, "%.10s", cn);
}

/* Adds the wanted skills c holds to *score (2 each) and names them in why. */
static void score_skills(const char *wanted, const struct talent_candidate *c, double *score, struct buf *why)
{
    int matched = 0;
    for (const char *p = wanted ? wanted : ""; *p;) {
        size_t k = strcspn(p, ",");
        char skill[64];
        snprintf(skill, sizeof(skill), "%.*s", (int)(k < 63 ? k : 63), p);
        if (talent_csv_has(c->skills, skill)) {
            *score += 2;
            buf_printf(why, "%s%s", matched++ ? ", " : "skills: ", skill);
        }
        p += k;
        p += *p == ',';
    }
    if (matched) {
        buf_puts(why, "; ");
    }
}

double talent_match_score(const struct match_want *w, const struct talent_candidate *c, char *why,
                          size_t whylen)
{
    struct buf b = {0};
    double score = 0;
    if (w->category && talent_csv_has(c->categories, w->category)) {
        score += 3;
        buf_printf(&b, "category %s; ", w->category);
    }
    score_skills(w->skills, c, &score, &b);
    if (w->area) {
        char pref[7], prov[7];
        snprintf(pref, sizeof(pref), "%.4s00", w->area);
        snprintf(prov, sizeof(prov), "%.2s0000", w->area);
        if (talent_csv_has(c->service_area, w->area) || talent_csv_has(c->service_area, pref) ||
            talent_csv_has(c->service_area, prov)) {
            score += 1;
            buf_printf(&b, "serves %s; ", w->area);
        }
    }
    if (c->rating_count > 0) {
        double avg = (double)c->rating_sum / (double)c->rating_count;
        score += avg / 5.0;
        buf_printf(&b, "rated %.1f in %lld requests; ", avg, (long long)c->rating_count);
    }
    /* without the last "; " */
    snprintf(why, whylen, "%.*s", (int)(b.len > 2 ? b.len - 2 : b.len), b.data ? b.data : "");
    buf_free(&b);
    return score;
}

static int by_score(const void *a, const void *b)
{
    const struct talent_match *x = a, *y = b;
    if (x->score != y->score) {
        return x->score < y->score ? 1 : -1;
    }
    return (x->index > y->index) - (x->index < y->index);
}

size_t talent_match_rank(const struct match_want *w, const struct talent_candidate *c, size_t n,
                         struct talent_match *out)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        out[kept].index = i;
        out[kept].score = talent_match_score(w, &c[i], out[kept].why, sizeof(out[kept].why));
        if (out[kept].score >= 1) {
            kept++;
        }
    }
    qsort(out, kept, sizeof(*out), by_score);
    return kept;
}
