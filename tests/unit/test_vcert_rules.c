/* Certificates' rules (service/volunteers/certificates_rules.c) and renderer
 * (certificates_pdf.c), without a database: numbers, hours as text, the period on its
 * boundary days, the identity of what a certificate counted, and a long certificate
 * over several pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "yinhui/vcert.h"

static void numbers(void **state)
{
    (void)state;
    char no[VCERT_NO_LEN + 1];
    vcert_no_make("532801", 2026, 1, no);
    assert_string_equal(no, "5328012026000001");
    assert_true(vcert_no_valid(no));
    vcert_no_make("440104", 2027, 999999, no);
    assert_string_equal(no, "4401042027999999");
    assert_false(vcert_no_valid(""));
    assert_false(vcert_no_valid("532801202600000"));   /* 15 */
    assert_false(vcert_no_valid("53280120260000011")); /* 17 */
    assert_false(vcert_no_valid("532801202600000X"));
    assert_false(vcert_no_valid("5328012026 00001"));
    assert_false(vcert_no_valid("../../../etc/pass"));
}

static void hours_text(void **state)
{
    (void)state;
    static const struct {
        int64_t minutes;
        const char *text;
    } cases[] = {{0, "0"},     {60, "1"},   {90, "1.5"},   {255, "4.25"}, {20, "0.33"},
                 {40, "0.67"}, {1, "0.02"}, {6000, "100"}, {45, "0.75"},  {725, "12.08"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[24];
        vcert_hours_text(cases[i].minutes, out, sizeof(out));
        assert_string_equal(out, cases[i].text);
    }
}

/* The period's refusal: NULL, or the field and whether it is a 400. */
static void refused(const char *from, const char *to, const char *today, const char *field, bool bad)
{
    const char *f = NULL;
    bool b = !bad;
    assert_non_null(vcert_period_refusal(from, to, today, &f, &b));
    assert_string_equal(f, field);
    assert_int_equal(b, bad);
}

static void allowed(const char *from, const char *to, const char *today)
{
    const char *f = NULL;
    bool b = true;
    assert_null(vcert_period_refusal(from, to, today, &f, &b));
}

static void period(void **state)
{
    (void)state;
    allowed("2026-01-01", "2026-12-31", "2026-12-31"); /* the last day of the year is today */
    allowed("2026-12-02", "2026-12-02", "2026-12-02"); /* one day, today */
    allowed("2027-01-01", "2027-01-01", "2027-01-01"); /* the first day of a year (China time) */
    allowed("2028-02-29", "2028-02-29", "2028-03-01");
    refused("2026-01-01", "2027-01-01", "2026-12-31", "to", false);  /* tomorrow */
    refused("2026-12-03", "2026-12-02", "2026-12-31", "to", false);  /* from after to */
    refused("2027-02-29", "2027-03-01", "2027-03-01", "from", true); /* no 29 February in 2027 */
    refused(NULL, "2026-12-01", "2026-12-31", "from", true);
    refused("2026-12-01", NULL, "2026-12-31", "to", true);
    refused("2026-1-1", "2026-12-01", "2026-12-31", "from", true);
    refused("2026-12-01", "2026-12-01T00:00", "2026-12-31", "to", true);
}

static void entries_key(void **state)
{
    (void)state;
    const int64_t a[] = {3, 17, 250}, b[] = {3, 17, 250}, c[] = {3, 17, 251}, d[] = {31, 7, 250};
    unsigned char ka[32], kb[32], kc[32], kd[32], ke[32];
    vcert_entries_key(a, 3, ka);
    vcert_entries_key(b, 3, kb);
    vcert_entries_key(c, 3, kc);
    vcert_entries_key(d, 3, kd); /* "31,7,250" is not "3,17,250" */
    vcert_entries_key(a, 0, ke);
    assert_memory_equal(ka, kb, 32);
    assert_memory_not_equal(ka, kc, 32);
    assert_memory_not_equal(ka, kd, 32);
    assert_memory_not_equal(ka, ke, 32);
}

/* The check code: 10 lowercase hex digits, one per number and key; only the exact code
 * passes. */
static void check_code(void **state)
{
    (void)state;
    unsigned char k1[32] = {1}, k2[32] = {2};
    char a[VCERT_CODE_LEN + 1], b[VCERT_CODE_LEN + 1], c[VCERT_CODE_LEN + 1], d[VCERT_CODE_LEN + 1];
    vcert_check_code(k1, "5328012026000001", a);
    vcert_check_code(k1, "5328012026000001", b);
    vcert_check_code(k1, "5328012026000002", c);
    vcert_check_code(k2, "5328012026000001", d);
    assert_int_equal(strlen(a), VCERT_CODE_LEN);
    assert_int_equal(strspn(a, "0123456789abcdef"), VCERT_CODE_LEN);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_string_not_equal(a, d);
    assert_true(vcert_check_code_ok(k1, "5328012026000001", a));
    assert_false(vcert_check_code_ok(k1, "5328012026000002", a));
    assert_false(vcert_check_code_ok(k2, "5328012026000001", a));
    assert_false(vcert_check_code_ok(k1, "5328012026000001", NULL));
    assert_false(vcert_check_code_ok(k1, "5328012026000001", ""));
    char longer[VCERT_CODE_LEN + 2];
    snprintf(longer, sizeof(longer), "%s0", a);
    assert_false(vcert_check_code_ok(k1, "5328012026000001", longer));
    a[9] = a[9] == '0' ? '1' : '0';
    assert_false(vcert_check_code_ok(k1, "5328012026000001", a));
}

/* Only a valid GB 11643 number is labelled 居民身份证 (and shows its division code);
 * anything else is 其他证件, masked whole. */
static void id_shown(void **state)
{
    (void)state;
    char m[19];
    assert_string_equal(vcert_id_shown("11010519491231002X", m), "居民身份证");
    assert_string_equal(m, "110105************");
    assert_string_equal(vcert_id_shown("11010519491231002x", m), "居民身份证");
    assert_string_equal(m, "110105************");
    static const char *const other[] = {"E12345678",   "110105491231002",    "110105194912310020",
                                        "H1234567801", "1101051949123100XX", ""};
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
        memset(m, 'z', sizeof(m));
        assert_string_equal(vcert_id_shown(other[i], m), "其他证件");
        assert_string_equal(m, "********");
    }
}

static size_t count(const char *hay, size_t n, const char *needle)
{
    size_t k = 0, m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        k += memcmp(hay + i, needle, m) == 0;
    }
    return k;
}

static struct vcert_line lines[60];

static void long_certificate_pages(void **state)
{
    (void)state;
    for (int i = 0; i < 60; i++) {
        lines[i].id = i + 1;
        snprintf(lines[i].served_on, sizeof(lines[i].served_on), "2026-%02u-%02u", (unsigned)(1 + i / 6) % 100u,
                 (unsigned)(1 + i % 28) % 100u);
        snprintf(lines[i].title, sizeof(lines[i].title), "社区敬老助餐志愿服务第%d场（嘎兰中路）😊", i + 1);
        lines[i].minutes = 90;
    }
    struct vcert_doc d = {.number = "5328012026000001",
                          .check_code = "0123456789",
                          .name = "玛依努尔·买买提",
                          .volunteer_no = "5328010000001",
                          .from = "2026-01-01",
                          .to = "2026-12-31",
                          .issued_on = "2026-12-02",
                          .office_name = "景洪市委老干部局",
                          .responsible = "岩温",
                          .contact = "0691-5122345",
                          .verify_url = "http://127.0.0.1:8080/v1/certificates/5328012026000001",
                          .minutes = 5400,
                          .lines = lines,
                          .nlines = 60};
    struct buf out = {0};
    assert_int_equal(vcert_pdf(&d, &out), 0);
    assert_memory_equal(out.data, "%PDF-", 5);
    /* 60 rows do not fit one A4 page: two pages or more, each A4 (595.28 x 841.89 pt) */
    assert_true(count(out.data, out.len, "/MediaBox [ 0 0 595.28 841.89 ]") >= 2);
    assert_int_equal(count(out.data, out.len, "/MediaBox"),
                     count(out.data, out.len, "/MediaBox [ 0 0 595.28 841.89 ]"));
    buf_free(&out);
}

static void *render(void *arg)
{
    const struct vcert_doc *d = arg;
    struct buf out = {0};
    int rc = vcert_pdf(d, &out);
    bool ok = rc == 0 && out.len > 1000 && memcmp(out.data, "%PDF-", 5) == 0;
    buf_free(&out);
    return ok ? arg : NULL;
}

/* More renders at once than font maps (the server's threads): each one whole. */
static void renders_on_many_threads(void **state)
{
    (void)state;
    struct vcert_doc d = {.number = "5328012026000002",
                          .check_code = "abcdef0123",
                          .name = "张三",
                          .volunteer_no = "5328010000002",
                          .id_type = "居民身份证",
                          .id_masked = "530102************",
                          .from = "2026-01-01",
                          .to = "2026-06-30",
                          .issued_on = "2026-07-01",
                          .office_name = "景洪市委老干部局",
                          .responsible = "岩温",
                          .contact = "0691-5122345",
                          .verify_url = "https://x.cn/v1/c/1",
                          .minutes = 900,
                          .lines = lines,
                          .nlines = 10};
    pthread_t t[10];
    for (int i = 0; i < 10; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, render, &d), 0);
    }
    for (int i = 0; i < 10; i++) {
        void *res = NULL;
        pthread_join(t[i], &res);
        assert_ptr_equal(res, &d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers),
        cmocka_unit_test(hours_text),
        cmocka_unit_test(period),
        cmocka_unit_test(entries_key),
        cmocka_unit_test(check_code),
        cmocka_unit_test(id_shown),
        cmocka_unit_test(long_certificate_pages),
        cmocka_unit_test(renders_on_many_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
