/* Spreadsheet exports and imports through HTTP (issue 18): the member, dues, volunteer-
 * report and statistics exports as .xlsx (content type, attachment names, the workbook's
 * Chinese header row, frozen pane, column widths, numbers as numbers), the same masking,
 * pii:read and audit as the CSV, nothing of another office; CSV with Chinese headers;
 * and a GB18030/GBK file as Excel on Chinese Windows saves it imported, exported and
 * imported again. Offices: 532801 the demo county, 532822 the other county, 532800 their
 * prefecture; 532823 is made here, empty, for the import. */
#include "support.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/csv.h"
#include "yinhui/db.h"

#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define IMPORT_OFFICE "532823"

static char tok_jh[2048]; /* 532801 admin: the demo county */
static char tok_mh[2048]; /* 532822 admin: another county */
static char tok_pf[2048]; /* 532800 admin: the prefecture */
static char tok_ml[2048]; /* 532823 admin: the office the GBK file goes to */

static int setup(void **s)
{
    (void)s;
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "\"$YH_BIN\" office add %s 勐腊县委老干部局 532800 >/dev/null && YH_NEW_PASSWORD=demo-%s-pass "
             "\"$YH_BIN\" account add %s admin admin 管理员 >/dev/null",
             IMPORT_OFFICE, IMPORT_OFFICE, IMPORT_OFFICE);
    assert_int_equal(system(cmd), 0);
    api_start(NULL, "build/test-logs/sheets-server.log");
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
    login("532800", "admin", "demo-532800-pass", tok_pf, sizeof(tok_pf), NULL, 0);
    login(IMPORT_OFFICE, "admin", "demo-" IMPORT_OFFICE "-pass", tok_ml, sizeof(tok_ml), NULL, 0);
    return 0;
}

/* The workbook of an xlsx response: checks the content type and the attachment's names
 * (ASCII filename, Chinese filename* percent-encoded), then returns its sheet XML and
 * shared strings (caller frees both). */
static void xlsx_parts(const struct http_res *r, const char *name, const char *zh_pct, char **sheet,
                       char **strs)
{
    char ct[128], cd[256], want[200];
    assert_int_equal(r->status, 200);
    assert_true(http_header(r, "Content-Type", ct, sizeof(ct)));
    assert_string_equal(ct, XLSX);
    assert_true(http_header(r, "Content-Disposition", cd, sizeof(cd)));
    snprintf(want, sizeof(want), "attachment; filename=\"%s.xlsx\"; filename*=UTF-8''%s.xlsx", name, zh_pct);
    assert_string_equal(cd, want);
    assert_true(r->body_len > 1000 && memcmp(r->body, "PK\x03\x04", 4) == 0);
    *sheet = zip_entry(r->body, r->body_len, "xl/worksheets/sheet1.xml");
    *strs = zip_entry(r->body, r->body_len, "xl/sharedStrings.xml");
    assert_non_null(*sheet);
    assert_non_null(*strs);
    /* the header row stays in view: frozen below row 1 */
    assert_non_null(strstr(*sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
    assert_non_null(strstr(*sheet, "state=\"frozen\""));
}

/* The width the sheet sets for column col (1-based), 0 when none. */
static double col_width(const char *sheet, int col)
{
    char want[64];
    snprintf(want, sizeof(want), "<col min=\"%d\" max=\"%d\" width=\"", col, col);
    const char *p = strstr(sheet, want);
    return p ? atof(p + strlen(want)) : 0;
}

/* The XML of cell ref ("E2") up to its end, copied into out; false when absent. */
static bool cell_xml(const char *sheet, const char *ref, char *out, size_t n)
{
    char want[32];
    snprintf(want, sizeof(want), "<c r=\"%s\"", ref);
    const char *p = strstr(sheet, want), *e = p ? strstr(p, "</c>") : NULL;
    if (e == NULL) {
        return false;
    }
    snprintf(out, n, "%.*s", (int)(e - p), p);
    return true;
}

/* Whether the shared strings hold text as a whole string. */
static bool has_string(const char *strs, const char *text)
{
    char want[512];
    snprintf(want, sizeof(want), "<t>%s</t>", text);
    return strstr(strs, want) != NULL;
}

/* The n-th (from 0) field of the first CSV line of body after the header that holds
 * needle, copied into out. */
static void csv_field_of(const char *body, const char *needle, int n, char *out, size_t outlen)
{
    struct csv c;
    struct buf scratch = {0};
    const char *f[CSV_FIELDS_MAX];
    int nf;
    out[0] = '\0';
    csv_init(&c, body, strlen(body));
    while ((nf = csv_row(&c, &scratch, f, CSV_FIELDS_MAX)) > 0) {
        for (int i = 0; i < nf && c.line > 1; i++) {
            if (strcmp(f[i], needle) == 0 && n < nf) {
                snprintf(out, outlen, "%s", f[n]);
                buf_free(&scratch);
                return;
            }
        }
    }
    buf_free(&scratch);
}

static long audits(const char *action)
{
    struct db_param p[] = {P_STR("532801"), P_STR(action)};
    return test_db_count("SELECT COUNT(*) FROM audit_log WHERE office_code = ? AND action = ?", p, 2);
}

/* The first member name and its full ID number in the demo county's revealed CSV. */
static void first_member(char name[64], char idno[19])
{
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/members/export?reveal=true", tok_jh, NULL, &r), 200);
    const char *line = strstr(r.body, "\r\n") + 2;
    assert_int_equal(sscanf(line, "%63[^,],%*[^,],%*[^,],%18[0-9X]", name, idno), 2);
    http_free(&r);
}

static void members_xlsx_masked_revealed_and_audited(void **s)
{
    (void)s;
    struct http_res r;
    char *sheet = NULL, *strs = NULL, name[64], idno[19], masked[64], phone[64], cell[256];
    first_member(name, idno);
    /* the masked CSV's values of that member */
    assert_int_equal(jreq("GET", "/v1/members/export", tok_jh, NULL, &r), 200);
    csv_field_of(r.body, name, 3, masked, sizeof(masked));
    csv_field_of(r.body, name, 4, phone, sizeof(phone));
    http_free(&r);
    assert_non_null(strstr(masked, "****"));
    long before = audits("member.export_pii");
    assert_int_equal(jreq("GET", "/v1/members/export?format=xlsx", tok_jh, NULL, &r), 200);
    xlsx_parts(&r, "members", "%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C", &sheet, &strs);
    /* Chinese headers, the masked birth column's own; the masked values only */
    assert_true(has_string(strs, "姓名") && has_string(strs, "身份证号") && has_string(strs, "出生年份"));
    assert_true(has_string(strs, name) && has_string(strs, masked) && has_string(strs, phone));
    assert_null(strstr(strs, idno));
    assert_int_equal(audits("member.export_pii"), before);
    /* the header row is bold (a style of its own) and text; widths fit: the ID number's
     * 18 characters, the name's CJK counting double, a long address capped */
    assert_true(cell_xml(sheet, "A1", cell, sizeof(cell)) && strstr(cell, " s=\"") &&
                strstr(cell, " t=\"s\""));
    assert_true(col_width(sheet, 4) >= 20 && col_width(sheet, 4) < 22);
    assert_true(col_width(sheet, 1) >= 6 && col_width(sheet, 1) < 20);
    for (int c = 1; c <= 23; c++) {
        assert_true(col_width(sheet, c) > 0 && col_width(sheet, c) <= 61);
    }
    free(sheet);
    free(strs);
    http_free(&r);
    /* revealed: the full number, audited once, as the CSV is */
    assert_int_equal(jreq("GET", "/v1/members/export?format=xlsx&reveal=true", tok_jh, NULL, &r), 200);
    xlsx_parts(&r, "members", "%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C", &sheet, &strs);
    assert_true(has_string(strs, idno) && has_string(strs, "出生日期"));
    assert_int_equal(audits("member.export_pii"), before + 1);
    free(sheet);
    free(strs);
    http_free(&r);
}

static void members_xlsx_needs_what_the_csv_needs(void **s)
{
    (void)s;
    char tok[2048], name[64], idno[19];
    struct http_res r;
    char *sheet = NULL, *strs = NULL;
    first_member(name, idno);
    /* no pii:read: no reveal, in either format */
    client_token(tok_jh, "报表 members:read", "members:read", tok, sizeof(tok), NULL, 0);
    expect(403, "GET", "/v1/members/export?format=xlsx&reveal=true", tok, NULL);
    expect(403, "GET", "/v1/members/export?format=xlsx", tok, NULL);
    expect(403, "GET", "/v1/members/export?reveal=true", tok, NULL);
    expect(400, "GET", "/v1/members/export?format=xls", tok_jh, NULL);
    expect(400, "GET", "/v1/members/export?headers=fr", tok_jh, NULL);
    expect(401, "GET", "/v1/members/export?format=xlsx", NULL, NULL);
    /* another county's file holds none of the demo county's members */
    assert_int_equal(jreq("GET", "/v1/members/export?format=xlsx&reveal=true&status=all", tok_mh, NULL, &r),
                     200);
    xlsx_parts(&r, "members", "%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C", &sheet, &strs);
    assert_false(has_string(strs, name));
    assert_null(strstr(strs, idno));
    free(sheet);
    free(strs);
    http_free(&r);
}

static void csv_with_chinese_headers(void **s)
{
    (void)s;
    struct http_res r;
    char cd[256];
    assert_int_equal(jreq("GET", "/v1/members/export?headers=zh", tok_jh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\xEF\xBB\xBF姓名,性别,出生年份,身份证号,联系电话,住址,"));
    assert_true(http_header(&r, "Content-Disposition", cd, sizeof(cd)));
    assert_string_equal(
        cd,
        "attachment; filename=\"members.csv\"; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C.csv");
    http_free(&r);
    /* English stays the default of the CSV */
    assert_int_equal(jreq("GET", "/v1/members/export", tok_jh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\xEF\xBB\xBFname,gender,birth_year,id_number,"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/dues/export?headers=zh", tok_jh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\xEF\xBB\xBF月份,党员编号,姓名,所在党组织,党费（元）,"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/volunteer-reports?format=csv&by=month&headers=zh", tok_jh, NULL, &r),
                     200);
    assert_non_null(strstr(r.body, "\xEF\xBB\xBF月份,名称,服务时长（小时）,参与人数,活动场次\r\n"));
    http_free(&r);
}

static void dues_xlsx_has_numbers(void **s)
{
    (void)s;
    struct http_res r, c;
    char *sheet = NULL, *strs = NULL, cell[256];
    assert_int_equal(jreq("GET", "/v1/dues/export?format=xlsx", tok_jh, NULL, &r), 200);
    xlsx_parts(&r, "dues", "%E5%85%9A%E8%B4%B9", &sheet, &strs);
    assert_true(has_string(strs, "月份") && has_string(strs, "党费（元）") && has_string(strs, "代缴人"));
    /* the amount is a number cell (no t= attribute), the month text */
    assert_true(cell_xml(sheet, "E2", cell, sizeof(cell)));
    assert_null(strstr(cell, " t=\""));
    assert_non_null(strstr(cell, "<v>"));
    assert_true(cell_xml(sheet, "A2", cell, sizeof(cell)) && strstr(cell, " t=\"s\""));
    /* as many rows as the CSV */
    assert_int_equal(jreq("GET", "/v1/dues/export", tok_jh, NULL, &c), 200);
    long lines = 0;
    for (const char *p = c.body; (p = strstr(p, "\r\n")) != NULL; p += 2) {
        lines++;
    }
    char last[32];
    snprintf(last, sizeof(last), "<row r=\"%ld\"", lines);
    assert_true(lines > 2);
    assert_non_null(strstr(sheet, last));
    snprintf(last, sizeof(last), "<row r=\"%ld\"", lines + 1);
    assert_null(strstr(sheet, last));
    http_free(&c);
    free(sheet);
    free(strs);
    http_free(&r);
    /* another county's dues file is its own: none of these rows */
    assert_int_equal(jreq("GET", "/v1/dues/export?format=xlsx", tok_mh, NULL, &r), 200);
    xlsx_parts(&r, "dues", "%E5%85%9A%E8%B4%B9", &sheet, &strs);
    assert_null(strstr(sheet, "<row r=\"2\""));
    free(sheet);
    free(strs);
    http_free(&r);
}

static void volunteer_report_xlsx(void **s)
{
    (void)s;
    struct http_res r;
    char *sheet = NULL, *strs = NULL, cell[256];
    assert_int_equal(jreq("GET", "/v1/volunteer-reports?format=xlsx&by=team", tok_jh, NULL, &r), 200);
    xlsx_parts(&r, "volunteer-report", "%E5%BF%97%E6%84%BF%E6%9C%8D%E5%8A%A1%E6%97%B6%E9%95%BF", &sheet,
               &strs);
    assert_true(has_string(strs, "服务队") && has_string(strs, "服务时长（小时）"));
    assert_true(cell_xml(sheet, "C2", cell, sizeof(cell)) && strstr(cell, "<v>") && !strstr(cell, " t=\""));
    free(sheet);
    free(strs);
    http_free(&r);
    expect(400, "GET", "/v1/volunteer-reports?format=pdf", tok_jh, NULL);
}

static void statistics_xlsx(void **s)
{
    (void)s;
    struct http_res r, j;
    char *sheet = NULL, *strs = NULL, cell[256], v[64];
    assert_int_equal(jreq("GET", "/v1/stats/overview?format=xlsx", tok_pf, NULL, &r), 200);
    xlsx_parts(&r, "statistics", "%E7%BB%9F%E8%AE%A1%E6%A6%82%E8%A7%88", &sheet, &strs);
    assert_true(has_string(strs, "指标") && has_string(strs, "合计"));
    assert_true(has_string(strs, "members.active") && has_string(strs, "coverage.rate"));
    /* a column per child office, named and coded */
    assert_non_null(strstr(strs, "（532801）</t>"));
    assert_non_null(strstr(strs, "（532822）</t>"));
    /* members.active's total as a number equal to the JSON's */
    assert_int_equal(jreq("GET", "/v1/stats/overview", tok_pf, NULL, &j), 200);
    cJSON *o = cJSON_Parse(j.body);
    double active = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "total"), "members"), "active"));
    cJSON_Delete(o);
    http_free(&j);
    /* rows 2..8 are the heading figures (office, level, year, ...); members.active is row 9 */
    assert_true(cell_xml(sheet, "B9", cell, sizeof(cell)));
    assert_null(strstr(cell, " t=\""));
    snprintf(v, sizeof(v), "<v>%.0f</v>", active);
    assert_non_null(strstr(cell, v));
    free(sheet);
    free(strs);
    http_free(&r);
    expect(400, "GET", "/v1/stats/overview?format=csv", tok_pf, NULL);
    /* a county's workbook has its own total only, no other county */
    assert_int_equal(jreq("GET", "/v1/stats/overview?format=xlsx", tok_mh, NULL, &r), 200);
    xlsx_parts(&r, "statistics", "%E7%BB%9F%E8%AE%A1%E6%A6%82%E8%A7%88", &sheet, &strs);
    assert_null(strstr(strs, "532801"));
    assert_true(has_string(strs, "532822"));
    free(sheet);
    free(strs);
    http_free(&r);
}

/* text (UTF-8) in GB18030, as Excel on Chinese Windows saves a CSV; caller frees. */
static char *to_gbk(const char *text, size_t *len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in = strlen(text), room = in * 2 + 1;
    char *out = calloc(1, room), *src = (char *)text, *dst = out;
    assert_true(iconv(cd, &src, &in, &dst, &room) != (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(dst - out);
    return out;
}

static long import_csv(const char *token, const char *body, struct http_res *r)
{
    return req("POST", "/v1/members/import", token, "text/csv", body, NULL, r);
}

/* A file with Chinese headers and names in both scripts (張 is in GBK's traditional
 * part), in GBK with CRLF and no BOM: imported, named GB18030, exported with the same
 * values, and the export (Chinese headers, in GBK again) imported once more: all there. */
static void gbk_file_round_trips(void **s)
{
    (void)s;
    struct http_res r;
    char a[19], b[19], utf8[1024], got[256];
    size_t len = 0;
    idno_make(a, "532823", "19380512", 11);
    idno_make(b, "532823", "19410203", 22);
    snprintf(utf8, sizeof(utf8),
             "姓名,性别,出生日期,身份证号,人员类别,联系电话,住址,备注\r\n"
             "張德明,male,1938-05-12,%s,lixiu,13988887777,勐腊县勐腊镇曼龙代村12号,\"老干部, 書法\"\r\n"
             "张建国,female,1941-02-03,%s,retired,,勐腊县城,\r\n",
             a, b);
    char *gbk = to_gbk(utf8, &len);
    assert_int_equal(strlen(gbk), len);
    assert_null(strstr(gbk, "張")); /* not UTF-8 any more */
    assert_int_equal(import_csv(tok_ml, gbk, &r), 200);
    assert_non_null(strstr(r.body, "\"encoding\":\"GB18030\""));
    assert_non_null(strstr(r.body, "\"created\":2"));
    http_free(&r);
    free(gbk);
    /* the export holds the same values */
    assert_int_equal(jreq("GET", "/v1/members/export?reveal=true&headers=zh", tok_ml, NULL, &r), 200);
    csv_field_of(r.body, "張德明", 3, got, sizeof(got));
    assert_string_equal(got, a);
    csv_field_of(r.body, "張德明", 5, got, sizeof(got));
    assert_string_equal(got, "勐腊县勐腊镇曼龙代村12号");
    csv_field_of(r.body, "張德明", 14, got, sizeof(got));
    assert_string_equal(got, "老干部, 書法");
    csv_field_of(r.body, "張德明", 4, got, sizeof(got));
    assert_string_equal(got, "13988887777");
    csv_field_of(r.body, "张建国", 3, got, sizeof(got));
    assert_string_equal(got, b);
    csv_field_of(r.body, "张建国", 1, got, sizeof(got));
    assert_string_equal(got, "female");
    /* saved again in GBK (Excel drops the BOM), the exported file imports: both there */
    gbk = to_gbk(r.body + 3, &len);
    http_free(&r);
    assert_int_equal(import_csv(tok_ml, gbk, &r), 200);
    assert_non_null(strstr(r.body, "\"encoding\":\"GB18030\""));
    assert_non_null(strstr(r.body, "\"existing\":2"));
    assert_non_null(strstr(r.body, "\"invalid\":0"));
    http_free(&r);
    free(gbk);
    /* nothing of it in the demo county */
    assert_int_equal(jreq("GET", "/v1/members/export?headers=zh", tok_jh, NULL, &r), 200);
    assert_null(strstr(r.body, "張德明"));
    http_free(&r);
}

static void utf8_file_names_its_encoding(void **s)
{
    (void)s;
    struct http_res r;
    char a[19], csv[512];
    idno_make(a, "532823", "19390101", 33);
    snprintf(csv, sizeof(csv), "\xEF\xBB\xBF姓名,身份证号码,人员类别\r\n李四,%s,retired\r\n", a);
    assert_int_equal(import_csv(tok_ml, csv, &r), 200);
    assert_non_null(strstr(r.body, "\"encoding\":\"UTF-8\""));
    assert_non_null(strstr(r.body, "\"created\":1"));
    http_free(&r);
    /* an invalid row's report names it too */
    assert_int_equal(import_csv(tok_ml, "姓名,身份证号,人员类别\r\n王五,123,retired\r\n", &r), 422);
    assert_non_null(strstr(r.body, "\"encoding\":\"UTF-8\""));
    assert_non_null(strstr(r.body, "\"invalid\":1"));
    http_free(&r);
}

static void undecodable_files_get_422(void **s)
{
    (void)s;
    struct http_res r;
    /* 0xFF is a byte of neither UTF-8 nor GB18030 */
    assert_int_equal(import_csv(tok_ml, "name,id_number,category\r\n\xD5\xC5\xFF,1,2\r\n", &r), 422);
    assert_problem(&r, 422);
    assert_non_null(strstr(r.body, "\"field\":\"file\""));
    assert_non_null(strstr(r.body, "neither UTF-8 nor GB18030"));
    assert_non_null(strstr(r.body, "byte 28"));
    http_free(&r);
    /* UTF-16 (Excel's "Unicode text") is named as such */
    assert_int_equal(import_csv(tok_ml, "\xFF\xFE\xD3\x59\x0D\x54", &r), 422);
    assert_non_null(strstr(r.body, "UTF-16"));
    http_free(&r);
    /* a header that names no column, in Chinese too */
    assert_int_equal(import_csv(tok_ml, "姓名,工资\r\n张三,1\r\n", &r), 400);
    assert_non_null(strstr(r.body, "工资"));
    http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(members_xlsx_masked_revealed_and_audited),
        cmocka_unit_test(members_xlsx_needs_what_the_csv_needs),
        cmocka_unit_test(csv_with_chinese_headers),
        cmocka_unit_test(dues_xlsx_has_numbers),
        cmocka_unit_test(volunteer_report_xlsx),
        cmocka_unit_test(statistics_xlsx),
        cmocka_unit_test(gbk_file_round_trips),
        cmocka_unit_test(utf8_file_names_its_encoding),
        cmocka_unit_test(undecodable_files_get_422),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
