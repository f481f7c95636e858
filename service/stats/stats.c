/* GET /v1/stats/overview: the figures every office is asked for — members by category,
 * health, age, years in the party (from 转正) and joining-date band, and the 50-year
 * medal's; participation in functional and temporary branches on its own line;
 * organisations by level and nature; coverage; demonstration branches; organisational
 * life by quarter; care by reason in 人次, and hospital stays (admissions and visits during
 * them) in 人次; urgent help (急事快办) filed in the year; dues; volunteer hours; talents
 * by category.
 * Members are counted once, in their office (formal affiliation), as of 31 December of
 * the year (the current year: as of today) — RULES.md, Statistics. A prefecture or
 * province gets the figures summed over its descendants and one row per child office —
 * figures only, no personal data. Cached; any write of an office invalidates its own,
 * its prefecture's and its province's figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/help_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife.h"
#include "yinhui/stats.h"
#include "yinhui/stats_report.h"
#include "yinhui/stats_db.h"
#include "yinhui/stats_rollup.h"
#include "yinhui/stats_rules.h"
#include "yinhui/util.h"

/* The figures are read where req_read_db says (a replica when it is current enough):
 * statistics may be a moment stale, and nothing here writes. */

/* The rollup of the offices under the caller's prefix (into *offs, caller frees, *n of
 * them), and members counted on 31 December of year: today's counts less the flows of
 * the later years (NULL after a problem). */
static struct rollup *rollup_or_reply(struct req *r, const char *prefix, int year, struct stat_office **offs,
                                      size_t *n)
{
    struct rollup *u = NULL;
    struct stat_rows today = {0}, later = {0};
    enum yh_err err = stats_db_offices(req_read_db(r), prefix, offs, n);
    if (err == YH_OK) {
        u = rollup_new(r->claims.office, *offs, *n);
        err = u != NULL ? YH_OK : YH_ERR_INTERNAL;
    }
    if (err == YH_OK) {
        err = stats_db_fetch(req_read_db(r), STAT_MEMBERS, prefix, *offs, *n, NULL, NULL, &today);
    }
    if (err == YH_OK) {
        err = stats_db_flows(req_read_db(r), *offs, *n, year, &later);
    }
    if (err == YH_OK) {
        rollup_add_members(u, &r->app->cfg, &today, year);
        rollup_add_members(u, &r->app->cfg, &later, year);
    }
    stat_rows_free(&today);
    stat_rows_free(&later);
    if (err != YH_OK) {
        rollup_free(u);
        u = NULL;
        reply_problem(r, err, NULL, NULL);
    }
    return u;
}

/* Everything but the members, for year, of the n offices offs under prefix;
 * participation as of as_of. */
static enum yh_err add_rest(struct req *r, struct rollup *u, const char *prefix, const struct stat_office *offs,
                            size_t n, int year, const char *as_of)
{
    enum { BR, ACT, CARE, STAYS, DUES, HRS, TAL, PART, N };
    struct stat_rows got[N] = {{0}};
    char yfrom[20], yto[20], dfrom[11], dto[11], mfrom[8], mto[8];
    unsigned uy = (unsigned)year % 10000u;
    snprintf(yfrom, sizeof(yfrom), "%04u-01-01 00:00:00", uy);
    snprintf(yto, sizeof(yto), "%04u-01-01 00:00:00", (uy + 1) % 10000u);
    snprintf(dfrom, sizeof(dfrom), "%04u-01-01", uy);
    snprintf(dto, sizeof(dto), "%04u-01-01", (uy + 1) % 10000u);
    snprintf(mfrom, sizeof(mfrom), "%04u-01", uy);
    snprintf(mto, sizeof(mto), "%04u-12", uy);
    const struct {
        enum stat_query q;
        const char *from, *to;
    } ask[N] = {[BR] = {STAT_BRANCHES, NULL, NULL}, [ACT] = {STAT_ACTIVITIES, yfrom, yto},
                [CARE] = {STAT_CARE, dfrom, dto},   [STAYS] = {STAT_STAYS, dfrom, dto},
                [DUES] = {STAT_DUES, mfrom, mto},   [HRS] = {STAT_HOURS, dfrom, dto},
                [TAL] = {STAT_TALENTS, NULL, NULL}, [PART] = {STAT_PARTICIPATION, as_of, as_of}};
    enum yh_err err = YH_OK;
    for (size_t i = 0; err == YH_OK && i < N; i++) {
        err = stats_db_fetch(req_read_db(r), ask[i].q, prefix, offs, n, ask[i].from, ask[i].to, &got[i]);
    }
    if (err == YH_OK) {
        rollup_add_branches(u, &got[BR]);
        rollup_add_activities(u, &got[ACT]);
        rollup_add_counts(u, &got[CARE], &got[DUES], &got[HRS], &got[TAL]);
        rollup_add_stays(u, &got[STAYS]);
        rollup_add_participation(u, &got[PART]);
    }
    for (size_t i = 0; i < N; i++) {
        stat_rows_free(&got[i]);
    }
    return err;
}

/* Urgent help filed in year by each of the n offices offs, their state now; for the
 * current year (now: its time, else NULL) also the requests overdue now. */
static enum yh_err add_help(struct req *r, struct rollup *u, const struct stat_office *offs, size_t n,
                            int year, const char *now)
{
    const char **codes = calloc(n + 1, sizeof(*codes));
    struct help_totals *rows = NULL, *late = NULL;
    size_t nrows = 0, nlate = 0;
    char from[11], to[11];
    if (codes == NULL) {
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < n; i++) {
        codes[i] = offs[i].code;
    }
    snprintf(from, sizeof(from), "%04u-01-01", (unsigned)year % 10000u);
    snprintf(to, sizeof(to), "%04u-12-31", (unsigned)year % 10000u);
    enum yh_err err = help_db_totals_offices(req_read_db(r), codes, n, from, to, &rows, &nrows);
    if (err == YH_OK) {
        rollup_add_help(u, rows, nrows);
    }
    if (err == YH_OK && now != NULL) {
        err = help_db_overdue_offices(req_read_db(r), codes, n, now, &late, &nlate);
    }
    if (err == YH_OK && now != NULL) {
        rollup_add_help_overdue(u, late, nlate);
    }
    free(rows);
    free(late);
    free(codes);
    return err;
}

/* The year of ?year= with the day its members are counted on (as_of) and today; false
 * after a 400 naming year (not a year from 1990 to 2100, or after the current year). */
static bool stats_year_or_reply(struct req *r, int *year, char as_of[11], char today[11])
{
    int64_t year64;
    if (!year_or_reply(r, query_get(&r->q, "year"), &year64)) {
        return false;
    }
    *year = (int)year64;
    today_cn(today);
    if (!stats_as_of(*year, today, as_of)) {
        struct verrs e = {0};
        verr_add(&e, "year", "must not be after the current year");
        reply_problem(r, YH_ERR_BAD_REQUEST, "year must not be after the current year", &e);
        return false;
    }
    return true;
}

/* The overview body of the caller's office for year (members as of as_of): the figures
 * of GET /v1/stats/overview, computed once here for it and for the yearly report. NULL
 * after a problem reply. */
static cJSON *overview_body(struct req *r, int year, const char *as_of, const char *today)
{
    char prefix[7];
    struct rollup *u = NULL;
    struct stat_office *offs = NULL;
    size_t noffs = 0;
    size_t pl = gbt2260_prefix_len(r->claims.office);
    snprintf(prefix, sizeof(prefix), "%.*s", (int)pl, r->claims.office);
    if ((u = rollup_or_reply(r, prefix, year, &offs, &noffs)) == NULL) {
        free(offs);
        return NULL;
    }
    enum yh_err err = add_rest(r, u, prefix, offs, noffs, year, as_of);
    if (err == YH_OK) {
        char now[20];
        time_cn(now_s(), now);
        err = add_help(r, u, offs, noffs, year, strcmp(as_of, today) == 0 ? now : NULL);
    }
    free(offs);
    if (err != YH_OK) {
        rollup_free(u);
        reply_problem(r, err, NULL, NULL);
        return NULL;
    }
    cJSON *body = rollup_json(u, r->claims.office, year, as_of);
    rollup_free(u);
    return body;
}

/* GET /v1/stats/overview?year=&format= (JSON cached per office and year; ?format=xlsx
 * the same figures as a workbook; a year after the current one has no figures yet: 400). */
void stats_overview(struct req *r)
{
    static const char *const formats[] = {"json", "xlsx", NULL};
    const char *format = NULL;
    char key[32], today[11], as_of[11];
    struct cache_stamp stamp;
    bool have_stamp = false;
    int year = 0;
    if (!stats_year_or_reply(r, &year, as_of, today) || !query_enum_or_reply(r, "format", formats, &format)) {
        return;
    }
    bool xlsx = format != NULL && strcmp(format, "xlsx") == 0;
    /* the current year's figures are today's: the key carries the day */
    snprintf(key, sizeof(key), "st:%s", as_of);
    if (!xlsx && req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    cJSON *body = overview_body(r, year, as_of, today);
    if (body == NULL) {
        return;
    }
    if (xlsx) {
        stats_reply_xlsx(r, body);
        cJSON_Delete(body);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* GET /v1/stats/report?year=: the overview's figures as a PDF to look at (report_pdf.c),
 * cached like the overview under its own key (the same writes invalidate both). A year
 * before the office's records gives a report whose sections say 无数据. */
void stats_report(struct req *r)
{
    char key[32], today[11], as_of[11], disp[160];
    struct cache_stamp stamp;
    bool have_stamp = false;
    int year = 0;
    if (!stats_year_or_reply(r, &year, as_of, today)) {
        return;
    }
    r->cache_type = "application/pdf";
    snprintf(key, sizeof(key), "sr:%s", as_of);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    struct stats_report_doc d = {.year = year, .as_of = as_of};
    enum yh_err err = stats_db_office_name(r->db, r->claims.office, d.office_name);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *overview = overview_body(r, year, as_of, today), *compliance = NULL;
    if (overview == NULL) {
        return;
    }
    if ((err = orglife_compliance_report_body(r, year, &compliance)) != YH_OK) {
        cJSON_Delete(overview);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    d.overview = overview;
    d.compliance = compliance;
    struct buf pdf = {0};
    int rc = stats_report_pdf(&d, &pdf);
    cJSON_Delete(overview);
    cJSON_Delete(compliance);
    if (rc != 0) {
        buf_free(&pdf);
        reply_problem(r, rc == STATS_REPORT_NO_FONT ? YH_ERR_UNAVAILABLE : YH_ERR_INTERNAL,
                      rc == STATS_REPORT_NO_FONT ? "the font Noto Sans CJK SC is not installed (package "
                                                   "fonts-noto-cjk): reports cannot be rendered"
                                                 : "the report could not be rendered",
                      NULL);
        return;
    }
    /* stored with the cached body: a hit replies with the same headers */
    snprintf(
        disp, sizeof(disp),
        "inline; filename=\"yinhui-report-%s-%d.pdf\"; filename*=UTF-8''%s%%E5%%B9%%B4%%E6%%8A%%A5-%d.pdf",
        r->claims.office, year, r->claims.office, year);
    reply_header(r, "Content-Disposition", disp);
    req_cache_reply_buf(r, r->claims.office, key, &stamp, have_stamp, &pdf);
    buf_free(&pdf);
}
