/* /v1/volunteer-reports: confirmed service by team, month or event (JSON or CSV). */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/csv.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* Replies the report's items (report_view objects) as CSV with by's column heading;
 * hours with two decimals. */
static void reply_report_csv(struct req *r, const char *by, const cJSON *items)
{
    struct buf out = {0};
    const cJSON *it = NULL;
    buf_printf(&out, "\xEF\xBB\xBF%s,label,hours,participants,events\r\n", by);
    cJSON_ArrayForEach(it, items)
    {
        csv_field(&out, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "key")));
        buf_puts(&out, ",");
        csv_field(&out, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "label")));
        buf_printf(&out, ",%.2f,%lld,%lld\r\n",
                   cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "minutes")) / 60.0,
                   (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "participants")),
                   (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "events")));
    }
    reply_header(r, "Content-Disposition", "attachment; filename=\"volunteer-report.csv\"");
    reply_raw(r, 200, "text/csv; charset=utf-8", out.data, out.len);
    buf_free(&out);
}

bool vreport_dates_or_reply(struct req *r, char from[11], char to[11])
{
    const char *fs = query_get(&r->q, "from"), *ts = query_get(&r->q, "to");
    struct verrs e = {0};
    if (fs && !date_valid(fs)) {
        verr_add(&e, "from", "must be a date YYYY-MM-DD");
    }
    if (ts && !date_valid(ts)) {
        verr_add(&e, "to", "must be a date YYYY-MM-DD (exclusive)");
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return false;
    }
    snprintf(from, 11, "%s", fs ? fs : "1990-01-01");
    snprintf(to, 11, "%s", ts ? ts : "2100-01-01");
    return true;
}

/* GET /v1/volunteer-reports */
void vreports(struct req *r)
{
    static const char *const bys[] = {"team", "month", "event", NULL};
    static const char *const formats[] = {"json", "csv", NULL};
    const char *by = NULL, *format = NULL;
    char from[11], to[11];
    struct db_rows rows;
    if (!query_enum_or_reply(r, "by", bys, &by) || !query_enum_or_reply(r, "format", formats, &format) ||
        !vreport_dates_or_reply(r, from, to)) {
        return;
    }
    by = by ? by : "team";
    enum yh_err err = report_db(r->db, r->claims.office, by, from, to, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = view_rows(&rows, rows.nrows, &report_view);
    db_rows_free(&rows);
    if (format != NULL && strcmp(format, "csv") == 0) {
        reply_report_csv(r, by, items);
        cJSON_Delete(items);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "by", by);
    cJSON_AddStringToObject(body, "from", from);
    cJSON_AddStringToObject(body, "to", to);
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}
