/* Volunteer service certificates (志愿服务记录证明) through HTTP: the PDF (A4, the
 * volunteer's name and hours in its text layer, a QR code of the verification URL, read
 * back with poppler-utils and zbarimg), the same certificate when asked again, the
 * public verification (masked name, corrected when a counted entry was corrected since),
 * who may ask, and the period's validation. Office 532822 (勐海) is written here; 530100
 * is the other office. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

#define BASE "https://yinhui.example.cn"

static char tok[2048], tok_other[2048], tok_m1[2048], tok_m2[2048];
static char vid[24], mid1[24], mid2[24];
static char from[11], today[11];
static char hid[3][24];

/* A member of 532822 with a member account and its token. */
static void member_with_account(const char *name, const char *user, unsigned seq, char *mid, size_t midlen,
                                char *t, size_t tlen)
{
    char idno[19], pw[64], aid[24];
    idno_seq(idno, "530000", "1932", seq);
    member_create(tok, name, idno, "retired", "", mid, midlen);
    snprintf(pw, sizeof(pw), "member-pass-%s", user);
    member_account_create(tok, user, user, pw, mid, aid, sizeof(aid));
    login("532822", user, pw, t, tlen, NULL, 0);
}

/* A past event (start_h hours from now, 3 hours long) the volunteer served minutes at:
 * signed up, claimed by staff and confirmed. The hours entry's id into hid_out. */
static void served(const char *title, int start_h, int minutes, char *hid_out, size_t n)
{
    char body[512], s[32], e[32], ev[24], path[96];
    struct http_res r;
    test_cn_at((int64_t)start_h * 3600, s);
    test_cn_at((int64_t)(start_h + 3) * 3600, e);
    snprintf(body, sizeof(body),
             "{\"title\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"勐海县老年活动中心\","
             "\"capacity\":10,\"status\":\"open\"}",
             title, s, e);
    post_created("/v1/volunteer-events", tok, body, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    expect(201, "POST", path, tok, body);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"minutes\":%d}", vid, minutes);
    assert_int_equal(jreq("POST", path, tok, body, &r), 201);
    assert_true(json_member(r.body, "id", hid_out, n));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/confirm", hid_out);
    expect(200, "POST", path, tok, NULL);
}

static int setup(void **st)
{
    (void)st;
    static const char *const env[] = {"YH_PUBLIC_BASE_URL=" BASE, NULL};
    char body[96];
    api_start(env, "build/test-logs/certificates-server.log");
    login("532822", "admin", "demo-532822-pass", tok, sizeof(tok), NULL, 0);
    login("530100", "admin", "demo-530100-pass", tok_other, sizeof(tok_other), NULL, 0);
    member_with_account("欧阳春华", "cert.one", 1, mid1, sizeof(mid1), tok_m1, sizeof(tok_m1));
    member_with_account("段志明", "cert.two", 2, mid2, sizeof(mid2), tok_m2, sizeof(tok_m2));
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", mid1);
    post_created("/v1/volunteers", tok, body, vid, sizeof(vid));
    /* 90 + 120 + 45 minutes = 4.25 hours, in the last four days */
    served("敬老院义诊", -96, 90, hid[0], sizeof(hid[0]));
    served("社区防诈骗宣讲", -72, 120, hid[1], sizeof(hid[1]));
    served("关工委读书会", -48, 45, hid[2], sizeof(hid[2]));
    test_today(today);
    char f[26];
    test_cn_at(-10 * 86400, f);
    snprintf(from, sizeof(from), "%.10s", f);
    return 0;
}

static void cert_path(char *out, size_t n, const char *id, const char *f, const char *t)
{
    snprintf(out, n, "/v1/volunteers/%s/certificate?from=%s&to=%s", id, f, t);
}

/* GETs the certificate as token into file (asserting a 200 PDF); its number into no. */
static void fetch_pdf(const char *t, const char *file, char no[17])
{
    char path[160], ctype[64], disp[128];
    struct http_res r;
    cert_path(path, sizeof(path), vid, from, today);
    assert_int_equal(req("GET", path, t, NULL, NULL, NULL, &r), 200);
    assert_true(http_header(&r, "Content-Type", ctype, sizeof(ctype)));
    assert_string_equal(ctype, "application/pdf");
    assert_true(http_header(&r, "Content-Disposition", disp, sizeof(disp)));
    const char *at = strstr(disp, "certificate-");
    assert_non_null(at);
    snprintf(no, 17, "%s", at + strlen("certificate-"));
    assert_int_equal(strlen(no), 16);
    assert_memory_equal(r.body, "%PDF-", 5);
    /* the body is binary: its length comes from the header */
    char len[24];
    assert_true(http_header(&r, "Content-Length", len, sizeof(len)));
    FILE *fp = fopen(file, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(r.body, 1, (size_t)atol(len), fp), (size_t)atol(len));
    fclose(fp);
    http_free(&r);
}

/* The output of a shell command (asserting it ran), into out. */
static void run(const char *cmd, char *out, size_t n)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    assert_int_equal(pclose(p), 0);
}

/* Width and height in pixels of a PNG (its IHDR). */
static void png_size(const char *file, unsigned *w, unsigned *h)
{
    unsigned char b[24];
    FILE *fp = fopen(file, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(b, 1, 24, fp), 24);
    fclose(fp);
    *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
    *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
}

static void set_cert_settings(const char *body)
{
    char hdr[64];
    if_match("/v1/volunteer-settings", tok, hdr, sizeof(hdr));
    expect_with(200, "PATCH", "/v1/volunteer-settings", tok, body, (const char *const[]){hdr, NULL});
}

static void renders_a4_with_name_hours_and_qr(void **st)
{
    (void)st;
    char path[160], dir[] = "/tmp/yh-cert-XXXXXX", pdf[64], cmd[256], out[16384], no[17], url[128];
    struct http_res r;
    cert_path(path, sizeof(path), vid, from, today);
    /* no responsible person and contact yet: 409 naming the setting */
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 409);
    assert_problem(&r, 409);
    assert_non_null(strstr(r.body, "cert_responsible"));
    assert_non_null(strstr(r.body, "/v1/volunteer-settings"));
    http_free(&r);
    set_cert_settings("{\"cert_responsible\":\"岩温\",\"cert_contact\":\"0691-5122345\"}");
    assert_non_null(mkdtemp(dir));
    snprintf(pdf, sizeof(pdf), "%s/c.pdf", dir);
    fetch_pdf(tok, pdf, no);
    assert_memory_equal(no, "5328222", 7); /* office code and year 2xxx */
    /* A4 portrait: 595 x 842 points, so as many pixels at 72 dpi */
    unsigned w = 0, h = 0;
    snprintf(cmd, sizeof(cmd), "pdftoppm -r 72 -png -f 1 -l 1 -singlefile %s %s/p72", pdf, dir);
    run(cmd, out, sizeof(out));
    snprintf(cmd, sizeof(cmd), "%s/p72.png", dir);
    png_size(cmd, &w, &h);
    assert_true(w >= 594 && w <= 596);
    assert_true(h >= 841 && h <= 843);
    /* the text layer: the name, the hours, the masked ID number, never the whole one */
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s -", pdf);
    run(cmd, out, sizeof(out));
    assert_non_null(strstr(out, "欧阳春华"));
    assert_non_null(strstr(out, "4.25"));
    assert_non_null(strstr(out, "530000************"));
    assert_non_null(strstr(out, "社区防诈骗宣讲"));
    assert_non_null(strstr(out, "岩温"));
    assert_non_null(strstr(out, "0691-5122345"));
    assert_non_null(strstr(out, no));
    char idno[19];
    idno_seq(idno, "530000", "1932", 1);
    assert_null(strstr(out, idno + 6));
    /* the QR code reads back as the verification URL */
    snprintf(cmd, sizeof(cmd), "pdftoppm -r 200 -png -f 1 -l 1 -singlefile %s %s/p200 && zbarimg -q --raw %s/p200.png 2>/dev/null",
             pdf, dir, dir);
    run(cmd, out, sizeof(out));
    snprintf(url, sizeof(url), BASE "/v1/certificates/%s\n", no);
    assert_string_equal(out, url);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, out, sizeof(out));
    (void)r;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renders_a4_with_name_hours_and_qr),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
