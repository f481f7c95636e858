/* Volunteer hours to decide, leaderboards and reports (JSON or CSV). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/csv.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/volunteers.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/volunteers_db.h"

void vhours_list(struct req *r)
{
    static const char *const statuses[] = {"pending", "confirmed", "rejected", NULL};
    static const struct jcol cols[] = {
        {"id", JC_ID},       {"volunteer_id", JC_ID}, {"name", JC_STR},    {"event_id", JC_ID},
        {"title", JC_STR},   {"minutes", JC_INT},     {"source", JC_STR},  {"status", JC_STR},
        {"note", JC_STR},    {"served_on", JC_STR},   {"created_at", JC_STR},
    };
    struct db_rows rows;
    const char *status = NULL;
    int64_t vid = 0;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "vhours", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &status) || !query_id_or_reply(r, "volunteer", &vid)) {
        return;
    }
    enum yh_err err = hours_db_list(r->db, r->claims.office, status, vid, after[0] ? strtoll(after, NULL, 10) : 0,
                                    limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, page_of_rows(r, "vhours", &rows, limit, cols));
}

/* The period [from, to) named by period (month|year) and at (YYYY-MM | YYYY; default:
 * the current one). False when it has replied 400. */
static bool period_or_reply(struct req *r, char from[11], char to[11])
{
    static const char *const periods[] = {"month", "year", NULL};
    const char *period = NULL;
    const char *at = query_get(&r->q, "at");
    char today[11];
    if (!query_enum_or_reply(r, "period", periods, &period)) {
        return false;
    }
    today_cn(today);
    bool year = period != NULL && strcmp(period, "year") == 0;
    int y = atoi(today), m = atoi(today + 5);
    if (at != NULL) {
        int n = 0;
        bool ok = year ? sscanf(at, "%4d%n", &y, &n) == 1 && n == 4 && strlen(at) == 4
                       : sscanf(at, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && strlen(at) == 7;
        if (!ok || y < 1990 || y > 2100 || m < 1 || m > 12) {
            struct verrs e = {0};
            verr_add(&e, "at", year ? "must be a year YYYY" : "must be a month YYYY-MM");
            reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
            return false;
        }
    }
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u;
    if (year) {
        snprintf(from, 11, "%04u-01-01", uy);
        snprintf(to, 11, "%04u-01-01", (uy + 1) % 10000u);
    } else {
        snprintf(from, 11, "%04u-%02u-01", uy, um);
        snprintf(to, 11, "%04u-%02u-01", (um == 12 ? uy + 1 : uy) % 10000u, (um == 12 ? 1 : um + 1) % 100u);
    }
    return true;
}

void vleaderboard(struct req *r)
{
    static const char *const bys[] = {"volunteer", "team", NULL};
    static const struct jcol cols[] = {{"id", JC_ID}, {"name", JC_STR}, {"minutes", JC_INT}, {"events", JC_INT}};
    const char *by = NULL;
    char from[11], to[11], key[64];
    struct cache_stamp stamp;
    bool have_stamp = false;
    struct db_rows rows;
    if (!query_enum_or_reply(r, "by", bys, &by) || !period_or_reply(r, from, to)) {
        return;
    }
    by = by ? by : "volunteer";
    if (req_is_client(r) && strcmp(by, "volunteer") == 0) {
        reply_problem(r, YH_ERR_FORBIDDEN, "integrations read aggregates: use by=team", NULL);
        return;
    }
    /* hot: the app shows it to every member; confirmations invalidate it */
    snprintf(key, sizeof(key), "lb:%s:%s:%s", by, from, to);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = leaderboard_db(r->db, r->claims.office, by, from, to, 50, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "by", by);
    cJSON_AddStringToObject(body, "from", from);
    cJSON_AddStringToObject(body, "to", to);
    cJSON *items = json_rows(&rows, rows.nrows, cols);
    cJSON *it = NULL;
    int rank = 0;
    cJSON_ArrayForEach(it, items)
    {
        cJSON_AddNumberToObject(it, "rank", ++rank);
    }
    cJSON_AddItemToObject(body, "items", items);
    db_rows_free(&rows);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

void vreports(struct req *r)
{
    static const char *const bys[] = {"team", "month", "event", NULL};
    static const char *const formats[] = {"json", "csv", NULL};
    static const struct jcol cols[] = {{"key", JC_STR}, {"label", JC_STR}, {"minutes", JC_INT},
                                       {"participants", JC_INT}, {"events", JC_INT}};
    const char *by = NULL, *format = NULL;
    const char *fs = query_get(&r->q, "from"), *ts = query_get(&r->q, "to");
    char from[11] = "1990-01-01", to[11] = "2100-01-01";
    struct verrs e = {0};
    struct db_rows rows;
    if (!query_enum_or_reply(r, "by", bys, &by) || !query_enum_or_reply(r, "format", formats, &format)) {
        return;
    }
    if (fs && !date_valid(fs)) {
        verr_add(&e, "from", "must be a date YYYY-MM-DD");
    }
    if (ts && !date_valid(ts)) {
        verr_add(&e, "to", "must be a date YYYY-MM-DD (exclusive)");
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return;
    }
    snprintf(from, sizeof(from), "%s", fs ? fs : "1990-01-01");
    snprintf(to, sizeof(to), "%s", ts ? ts : "2100-01-01");
    by = by ? by : "team";
    enum yh_err err = report_db(r->db, r->claims.office, by, from, to, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (format != NULL && strcmp(format, "csv") == 0) {
        struct buf out = {0};
        buf_printf(&out, "\xEF\xBB\xBF%s,label,hours,participants,events\r\n", by);
        for (size_t i = 0; i < rows.nrows; i++) {
            csv_field(&out, db_str(&rows, i, 0));
            buf_puts(&out, ",");
            csv_field(&out, db_str(&rows, i, 1));
            buf_printf(&out, ",%.2f,%lld,%lld\r\n", (double)db_i64(&rows, i, 2) / 60.0, (long long)db_i64(&rows, i, 3),
                       (long long)db_i64(&rows, i, 4));
        }
        db_rows_free(&rows);
        reply_header(r, "Content-Disposition", "attachment; filename=\"volunteer-report.csv\"");
        reply_raw(r, 200, "text/csv; charset=utf-8", out.data, out.len);
        buf_free(&out);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "by", by);
    cJSON_AddStringToObject(body, "from", from);
    cJSON_AddStringToObject(body, "to", to);
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}
