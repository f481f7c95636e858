/* GET /v1/stats/overview: the figures every office is asked for — members by category,
 * health, age and years in the party; organisations by level and nature; coverage;
 * demonstration branches; organisational life by quarter; visits by reason; dues;
 * volunteer hours; talents by category. A prefecture or province gets the figures summed
 * over its descendants and one row per child office — figures only, no personal data.
 * Cached; any write of an office invalidates its own, its prefecture's and its
 * province's figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/stats.h"
#include "yinhui/stats_db.h"
#include "yinhui/stats_rollup.h"

/* The rollup of the offices under the caller's prefix (NULL after a problem). */
static struct rollup *rollup_or_reply(struct req *r, const char *prefix)
{
    struct stat_office *offs = NULL;
    size_t n = 0;
    struct rollup *u = NULL;
    enum yh_err err = stats_db_offices(r->db, prefix, &offs, &n);
    if (err == YH_OK) {
        u = rollup_new(r->claims.office, offs, n);
        err = u != NULL ? YH_OK : YH_ERR_INTERNAL;
    }
    free(offs);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    }
    return u;
}

/* Members from their marginal counts, as of 31 December of year. */
static enum yh_err add_members(struct req *r, struct rollup *u, const char *prefix, int year)
{
    struct stat_rows rows;
    enum yh_err err = stats_db_members(r->db, prefix, &rows);
    if (err == YH_OK) {
        rollup_add_members(u, &r->app->cfg, &rows, year);
    }
    stat_rows_free(&rows);
    return err;
}

/* Everything but the members, for year. */
static enum yh_err add_rest(struct req *r, struct rollup *u, const char *prefix, int year)
{
    struct stat_rows br = {0}, act = {0}, vis = {0}, dues = {0}, hrs = {0}, tal = {0};
    char yfrom[20], yto[20], dfrom[11], dto[11], mfrom[8], mto[8];
    unsigned uy = (unsigned)year % 10000u;
    snprintf(yfrom, sizeof(yfrom), "%04u-01-01 00:00:00", uy);
    snprintf(yto, sizeof(yto), "%04u-01-01 00:00:00", (uy + 1) % 10000u);
    snprintf(dfrom, sizeof(dfrom), "%04u-01-01", uy);
    snprintf(dto, sizeof(dto), "%04u-01-01", (uy + 1) % 10000u);
    snprintf(mfrom, sizeof(mfrom), "%04u-01", uy);
    snprintf(mto, sizeof(mto), "%04u-12", uy);
    enum yh_err err = stats_db_branches(r->db, prefix, &br);
    if (err == YH_OK) {
        err = stats_db_activities(r->db, prefix, yfrom, yto, &act);
    }
    if (err == YH_OK) {
        err = stats_db_visits(r->db, prefix, dfrom, dto, &vis);
    }
    if (err == YH_OK) {
        err = stats_db_dues(r->db, prefix, mfrom, mto, &dues);
    }
    if (err == YH_OK) {
        err = stats_db_hours(r->db, prefix, dfrom, dto, &hrs);
    }
    if (err == YH_OK) {
        err = stats_db_talents(r->db, prefix, &tal);
    }
    if (err == YH_OK) {
        rollup_add_branches(u, &br);
        rollup_add_activities(u, &act);
        rollup_add_counts(u, &vis, &dues, &hrs, &tal);
    }
    stat_rows_free(&br);
    stat_rows_free(&act);
    stat_rows_free(&vis);
    stat_rows_free(&dues);
    stat_rows_free(&hrs);
    stat_rows_free(&tal);
    return err;
}

/* GET /v1/stats/overview?year= (cached per office and year). */
void stats_overview(struct req *r)
{
    const char *ys = query_get(&r->q, "year");
    char prefix[7], key[32];
    struct cache_stamp stamp;
    bool have_stamp = false;
    struct rollup *u = NULL;
    int64_t year64;
    if (!year_or_reply(r, ys, &year64)) {
        return;
    }
    int year = (int)year64;
    snprintf(key, sizeof(key), "st:%d", year);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    size_t pl = gbt2260_prefix_len(r->claims.office);
    snprintf(prefix, sizeof(prefix), "%.*s", (int)pl, r->claims.office);
    if ((u = rollup_or_reply(r, prefix)) == NULL) {
        return;
    }
    enum yh_err err = add_members(r, u, prefix, year);
    if (err == YH_OK) {
        err = add_rest(r, u, prefix, year);
    }
    if (err != YH_OK) {
        rollup_free(u);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = rollup_json(u, r->claims.office, year);
    rollup_free(u);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}
