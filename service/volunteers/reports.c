/* /v1/volunteer-reports: confirmed service by team, month or event (JSON, CSV or .xlsx). */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/sheet.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* Replies the report's items (report_view objects) as a CSV or .xlsx file with by's
 * column heading (Chinese headers when zh); hours with two decimals. */
static void reply_report_file(struct req *r, const char *by, const cJSON *items, bool xlsx, bool zh)
{
    static const char *const bys[] = {"team", "month", "event"};
    static const char *const by_zh[] = {"服务队", "月份", "活动"};
    const char *en[] = {by, "label", "hours", "participants", "events"};
    const char *cn[] = {by_zh[0], "名称", "服务时长（小时）", "参与人数", "活动场次"};
    struct sheet sh;
    const cJSON *it = NULL;
    for (int i = 0; i < 3; i++) {
        cn[0] = strcmp(by, bys[i]) == 0 ? by_zh[i] : cn[0];
    }
    if (!sheet_open(&sh, xlsx ? SHEET_XLSX : SHEET_CSV, "志愿服务时长")) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    sheet_header(&sh, zh ? cn : en, 5);
    cJSON_ArrayForEach(it, items)
    {
        sheet_text(&sh, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "key")));
        sheet_text(&sh, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "label")));
        sheet_number(&sh, cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "minutes")) / 60.0, 2);
        sheet_number(&sh, cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "participants")), 0);
        sheet_number(&sh, cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "events")), 0);
        sheet_end_row(&sh);
    }
    sheet_reply(r, &sh, "volunteer-report", "志愿服务时长");
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
    static const char *const formats[] = {"json", "csv", "xlsx", NULL};
    const char *by = NULL, *format = NULL;
    bool zh = false;
    char from[11], to[11];
    struct db_rows rows;
    if (!query_enum_or_reply(r, "by", bys, &by) || !sheet_query_or_reply(r, formats, &format, &zh) ||
        !vreport_dates_or_reply(r, from, to)) {
        return;
    }
    by = by ? by : "team";
    /* a moment stale is fine: the replica when current (req_read_db) */
    enum yh_err err = report_db(req_read_db(r), r->claims.office, by, from, to, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = view_rows(&rows, rows.nrows, &report_view);
    db_rows_free(&rows);
    if (strcmp(format, "json") != 0) {
        reply_report_file(r, by, items, strcmp(format, "xlsx") == 0, zh);
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
