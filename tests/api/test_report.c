/* The yearly report (GET /v1/stats/report) through HTTP: a PDF of the overview's figures
 * for the caller's office. Rendered to PNG (pdftoppm -r 50) and checked page by page:
 * the page count, no blank page (the grey levels' variance), and the text layer
 * (pdftotext) holding each section's title and the numbers GET /v1/stats/overview
 * returns for the same year. Page 1 of the demo county's is kept as
 * $YH_TEST_LOG_DIR/report-page1.png. Also: bad years, a county's report holds its own
 * figures only, a prefecture's is the sum of its counties', and a write changes the
 * cached report (and its ETag). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

static char tok_bn[2048], tok_jh[2048], tok_mh[2048], tok_yx[2048];
static char logdir[256];
static int year;

static int setup(void **s)
{
    (void)s;
    char today[11];
    api_start(NULL, "build/test-logs/report-server.log");
    login("532800", "admin", "demo-532800-pass", tok_bn, sizeof(tok_bn), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
    login("440104", "admin", "demo-440104-pass", tok_yx, sizeof(tok_yx), NULL, 0);
    const char *d = getenv("YH_TEST_LOG_DIR");
    snprintf(logdir, sizeof(logdir), "%s", d && d[0] ? d : "build/test-logs");
    mkdir(logdir, 0755);
    test_today(today);
    year = atoi(today);
    return 0;
}

/* GETs the report of year y as token into file (asserting a 200 PDF); its ETag into etag. */
static void fetch_report(const char *token, int y, const char *file, char etag[64])
{
    char path[64], ctype[64], disp[256];
    struct http_res r;
    snprintf(path, sizeof(path), "/v1/stats/report?year=%d", y);
    assert_int_equal(req("GET", path, token, NULL, NULL, NULL, &r), 200);
    assert_true(http_header(&r, "Content-Type", ctype, sizeof(ctype)));
    assert_string_equal(ctype, "application/pdf");
    assert_true(http_header(&r, "Content-Disposition", disp, sizeof(disp)));
    assert_non_null(strstr(disp, "filename=\"yinhui-report-"));
    assert_non_null(strstr(disp, "filename*=UTF-8''"));
    assert_non_null(strstr(disp, "%E5%B9%B4%E6%8A%A5")); /* 年报, RFC 5987 */
    assert_true(http_header(&r, "ETag", etag, 64));
    assert_memory_equal(r.body, "%PDF-", 5);
    save_body(&r, file);
    http_free(&r);
}

/* The text layer of file (pdftotext, layout off) into out. */
static void pdf_text(const char *file, char *out, size_t n)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s -", file);
    run_cmd(cmd, out, n);
}

/* How many pages file has (pdfinfo). */
static int pdf_pages(const char *file)
{
    char cmd[512], out[4096];
    snprintf(cmd, sizeof(cmd), "pdfinfo %s", file);
    run_cmd(cmd, out, sizeof(out));
    const char *p = strstr(out, "Pages:");
    assert_non_null(p);
    return atoi(p + 6);
}

/* The variance of the grey levels of a binary PGM (P5, 8 bits) and the share of its
 * pixels that are not white. */
static void pgm_stats(const char *file, double *variance, double *inked)
{
    FILE *fp = fopen(file, "rb");
    int w = 0, h = 0, max = 0;
    assert_non_null(fp);
    assert_int_equal(fscanf(fp, "P5 %d %d %d", &w, &h, &max), 3);
    fgetc(fp);
    assert_true(w > 0 && h > 0 && max == 255);
    double sum = 0, sq = 0, ink = 0;
    for (long i = 0; i < (long)w * h; i++) {
        int c = fgetc(fp);
        assert_true(c != EOF);
        sum += c;
        sq += (double)c * c;
        ink += c < 200;
    }
    fclose(fp);
    double n = (double)w * h, mean = sum / n;
    *variance = sq / n - mean * mean;
    *inked = ink / n;
}

/* Renders every page of file at 50 dpi (pdftoppm) and asserts none is blank. */
static void pages_not_blank(const char *file, int pages)
{
    char cmd[512], out[256], pgm[320];
    snprintf(cmd, sizeof(cmd), "pdftoppm -gray -r 50 %s %s/report-check", file, logdir);
    run_cmd(cmd, out, sizeof(out));
    for (int pg = 1; pg <= pages; pg++) {
        double var = 0, ink = 0;
        snprintf(pgm, sizeof(pgm), "%s/report-check-%d.pgm", logdir, pg);
        pgm_stats(pgm, &var, &ink);
        /* a white page has variance 0; the emptiest page, the child offices' table, about 100 */
        if (var < 20 || ink < 0.002) {
            fail_msg("page %d looks blank: variance %.1f, inked %.4f", pg, var, ink);
        }
        unlink(pgm);
    }
}

/* The overview of year y as token (caller deletes). */
static cJSON *overview(const char *token, int y)
{
    char path[64];
    snprintf(path, sizeof(path), "/v1/stats/overview?year=%d", y);
    return expect_json(200, "GET", path, token, NULL);
}

static double at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b != NULL) {
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    }
    assert_true(cJSON_IsNumber(x));
    return x->valuedouble;
}

/* Asserts text holds the line fragment printf(fmt, ...) makes. */
#define HAS(text, ...)                                                                                       \
    do {                                                                                                     \
        char want_[256];                                                                                     \
        snprintf(want_, sizeof(want_), __VA_ARGS__);                                                         \
        if (strstr((text), want_) == NULL) {                                                                 \
            fail_msg("report text lacks \"%s\"", want_);                                                     \
        }                                                                                                    \
    } while (0)

/* Minutes as the report writes hours: one decimal, half up. */
static void hours_of(double minutes, char *out, size_t n)
{
    long tenths = ((long)minutes * 10 + 30) / 60;
    snprintf(out, n, "%ld.%ld", tenths / 10, tenths % 10);
}

/* The members' total the report of file prints (党员总数 N 人). */
static long members_in(const char *text)
{
    const char *p = strstr(text, "党员总数 ");
    assert_non_null(p);
    return atol(p + strlen("党员总数 "));
}

/* Asserts text has the quarters of the compliance report of year as token: the periods
 * missed in the labels, the branches behind in the chart and table. */
static void has_the_compliance_numbers(const char *text, const char *token)
{
    static const char *const quarters[] = {"一季度", "二季度", "三季度", "四季度"};
    char path[64];
    snprintf(path, sizeof(path), "/v1/org-life/compliance/report?year=%d", year);
    cJSON *c = expect_json(200, "GET", path, token, NULL);
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(c, "quarters"), *q = NULL;
    int k = 0;
    assert_true(cJSON_GetArraySize(qs) >= 1);
    cJSON_ArrayForEach(q, qs)
    {
        HAS(text, "%s（缺%.0f期）", quarters[k++], at(q, "missing", NULL));
        HAS(text, "%.0f", at(q, "behind", NULL));
        assert_true(at(q, "branches", NULL) == at(c, "branches", NULL));
    }
    for (; k < 4; k++) {
        HAS(text, "%s（未到）", quarters[k]);
    }
    cJSON_Delete(c);
}

/* Asserts text has every section's title and the numbers of the overview f (its total). */
static void has_the_overview_numbers(const char *text, const cJSON *f)
{
    static const char *const titles[] = {"一、党员按类别",
                                         "二、党员按年龄段",
                                         "三、组织覆盖",
                                         "四、三会一课落实（按季度）",
                                         "五、组织生活出席（按季度）",
                                         "六、走访慰问人次（按事由）",
                                         "七、志愿服务时长（按月）",
                                         "八、银发人才（按类别）"};
    static const char *const quarters[] = {"一季度", "二季度", "三季度", "四季度"};
    char h[32];
    for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
        HAS(text, "%s", titles[i]);
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(f, "members");
    const cJSON *care = cJSON_GetObjectItemCaseSensitive(f, "care");
    HAS(text, "党员总数 %.0f 人", at(m, "active", NULL));
    HAS(text, "组织覆盖率 %.1f%%", at(f, "coverage", "rate") * 100);
    HAS(text, "共 %.0f 人次", at(care, "member_visits", NULL));
    HAS(text, "住院登记 %.0f 人次", at(care, "hospital_stays", "admissions"));
    hours_of(at(f, "volunteer_minutes", NULL), h, sizeof(h));
    HAS(text, "全年志愿服务 %s 小时", h);
    const cJSON *months = cJSON_GetObjectItemCaseSensitive(f, "volunteer_minutes_by_month");
    assert_int_equal(cJSON_GetArraySize(months), 12);
    for (int i = 0; i < 12; i++) {
        hours_of(cJSON_GetArrayItem(months, i)->valuedouble, h, sizeof(h));
        HAS(text, "%s", h);
    }
    const cJSON *q = NULL;
    int k = 0;
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(f, "org_life"))
    {
        HAS(text, "%s（%.0f次）", quarters[k++], at(q, "activities", NULL));
        HAS(text, "%.0f", at(q, "attended", NULL));
    }
    const cJSON *x = NULL;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(m, "by_category"))
    {
        HAS(text, "%.0f", x->valuedouble);
    }
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(care, "by_reason"))
    {
        HAS(text, "%.0f", x->valuedouble);
    }
}

static void county_report_is_a_pdf_of_its_figures(void **s)
{
    (void)s;
    char pdf[320], etag[64], cmd[640], out[256];
    static char text[65536];
    snprintf(pdf, sizeof(pdf), "%s/report-532801.pdf", logdir);
    fetch_report(tok_jh, year, pdf, etag);
    /* the kept picture: page 1 at 50 dpi */
    snprintf(cmd, sizeof(cmd), "pdftoppm -png -r 50 -f 1 -l 1 -singlefile %s %s/report-page1", pdf, logdir);
    run_cmd(cmd, out, sizeof(out));
    int pages = pdf_pages(pdf);
    assert_int_equal(pages, 3); /* title and three sections, three sections, one section */
    pages_not_blank(pdf, pages);
    pdf_text(pdf, text, sizeof(text));
    HAS(text, "景洪市");
    HAS(text, "%d 年度老干部工作统计报告", year);
    assert_null(strstr(text, "九、所辖单位汇总")); /* a county has no child offices */
    cJSON *j = overview(tok_jh, year);
    has_the_overview_numbers(text, cJSON_GetObjectItemCaseSensitive(j, "total"));
    cJSON_Delete(j);
    has_the_compliance_numbers(text, tok_jh);
    /* cached: the same ETag answers 304 */
    char inm[96];
    snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
    snprintf(cmd, sizeof(cmd), "/v1/stats/report?year=%d", year);
    expect_with(304, "GET", cmd, tok_jh, NULL, (const char *const[]){inm, NULL});
}

static void past_year_and_bad_years(void **s)
{
    (void)s;
    char pdf[320], etag[64], path[64];
    static char text[65536];
    snprintf(pdf, sizeof(pdf), "%s/report-532801-past.pdf", logdir);
    fetch_report(tok_jh, 2001, pdf, etag); /* before the demo's records: sections say 无数据 */
    pdf_text(pdf, text, sizeof(text));
    HAS(text, "无数据");
    HAS(text, "2001 年度老干部工作统计报告");
    expect_field(400, "GET", "/v1/stats/report?year=20x6", tok_jh, NULL, "year");
    expect_field(400, "GET", "/v1/stats/report?year=1989", tok_jh, NULL, "year");
    snprintf(path, sizeof(path), "/v1/stats/report?year=%d", year + 1);
    expect_field(400, "GET", path, tok_jh, NULL, "year");
    expect(401, "GET", "/v1/stats/report", NULL, NULL);
}

/* A county's report is its own: 勐海's and 越秀's hold none of 景洪's figures. */
static void another_office_gets_its_own_report_only(void **s)
{
    (void)s;
    char pdf[320], etag[64];
    static char text[65536];
    snprintf(pdf, sizeof(pdf), "%s/report-440104.pdf", logdir);
    fetch_report(tok_yx, year, pdf, etag);
    pdf_text(pdf, text, sizeof(text));
    assert_null(strstr(text, "景洪"));
    assert_null(strstr(text, "西双版纳"));
    assert_null(strstr(text, "九、所辖单位汇总"));
    cJSON *j = overview(tok_yx, year);
    HAS(text, "党员总数 %.0f 人", at(cJSON_GetObjectItemCaseSensitive(j, "total"), "members", "active"));
    cJSON_Delete(j);
}

/* The members' total of the report of year as token. */
static long report_members(const char *token, const char *name)
{
    char pdf[320], etag[64];
    static char text[65536];
    snprintf(pdf, sizeof(pdf), "%s/report-%s.pdf", logdir, name);
    fetch_report(token, year, pdf, etag);
    pdf_text(pdf, text, sizeof(text));
    return members_in(text);
}

static void prefecture_report_is_the_sum_of_its_counties(void **s)
{
    (void)s;
    char pdf[320], etag[64];
    static char text[65536];
    long jh = report_members(tok_jh, "jh"), mh = report_members(tok_mh, "mh");
    snprintf(pdf, sizeof(pdf), "%s/report-532800.pdf", logdir);
    fetch_report(tok_bn, year, pdf, etag);
    int pages = pdf_pages(pdf);
    assert_int_equal(pages, 4); /* the sections, then the child offices' table */
    pages_not_blank(pdf, pages);
    pdf_text(pdf, text, sizeof(text));
    HAS(text, "九、所辖单位汇总");
    HAS(text, "景洪市");
    HAS(text, "勐海县");
    HAS(text, "合计");
    cJSON *j = overview(tok_bn, year);
    has_the_overview_numbers(text, cJSON_GetObjectItemCaseSensitive(j, "total"));
    has_the_compliance_numbers(text, tok_bn);
    /* 景洪's and 勐海's own reports add up to it, with the members of the rest (the
     * prefecture's own, none in the demo, and of any office other tests made under it:
     * the overview's total less those two children's rows) */
    double rest = at(cJSON_GetObjectItemCaseSensitive(j, "total"), "members", "active");
    const cJSON *c = NULL;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "children"))
    {
        const char *code = cJSON_GetObjectItemCaseSensitive(c, "office")->valuestring;
        if (strcmp(code, "532801") == 0 || strcmp(code, "532822") == 0) {
            rest -= at(cJSON_GetObjectItemCaseSensitive(c, "figures"), "members", "active");
        }
    }
    cJSON_Delete(j);
    assert_int_equal(members_in(text), jh + mh + (long)rest);
}

/* A member joins in 勐海 (景洪's exact figures are other tests' fixtures): the cached
 * reports of the county and of its prefecture change. */
static void a_write_changes_the_cached_report(void **s)
{
    (void)s;
    char pdf[320], e1[64], e2[64], eb1[64], eb2[64], idno[19], id[24];
    static char text[65536];
    snprintf(pdf, sizeof(pdf), "%s/report-cache.pdf", logdir);
    fetch_report(tok_mh, year, pdf, e1);
    pdf_text(pdf, text, sizeof(text));
    long before = members_in(text);
    fetch_report(tok_bn, year, pdf, eb1);
    pdf_text(pdf, text, sizeof(text));
    long before_bn = members_in(text);
    fetch_report(tok_mh, year, pdf, e2); /* from the cache: the same bytes */
    assert_string_equal(e1, e2);
    idno_make(idno, "532822", "19390909", 779);
    member_create(tok_mh, "报表新人", idno, "retired", "", id, sizeof(id));
    fetch_report(tok_mh, year, pdf, e2);
    assert_string_not_equal(e1, e2);
    pdf_text(pdf, text, sizeof(text));
    assert_int_equal(members_in(text), before + 1);
    fetch_report(tok_bn, year, pdf, eb2);
    assert_string_not_equal(eb1, eb2);
    pdf_text(pdf, text, sizeof(text));
    assert_int_equal(members_in(text), before_bn + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(county_report_is_a_pdf_of_its_figures),
        cmocka_unit_test(past_year_and_bad_years),
        cmocka_unit_test(another_office_gets_its_own_report_only),
        cmocka_unit_test(prefecture_report_is_the_sum_of_its_counties),
        cmocka_unit_test(a_write_changes_the_cached_report),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
