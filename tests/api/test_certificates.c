/* Volunteer service certificates (志愿服务记录证明) through HTTP: the PDF (A4, the
 * volunteer's name and hours in its text layer, a QR code of the verification URL, read
 * back with poppler-utils and zbarimg), the same certificate when asked again, the
 * public verification (masked name, corrected when a counted entry was corrected since),
 * who may ask, and the period's validation. Office 440104 (越秀) is written here; 530100
 * is the other office. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "yinhui/config.h"
#include "yinhui/db.h"
#include "yinhui/pii.h"
#include "yinhui/vcert.h"

#define BASE "https://yinhui.example.cn"

static char tok[2048], tok_other[2048], tok_m1[2048], tok_m2[2048];
static char vid[24], mid1[24], mid2[24];
static char from[11], today[11];
static char hid[3][24];

/* A member of 440104 with a member account and its token. */
static void member_with_account(const char *name, const char *user, unsigned seq, char *mid, size_t midlen,
                                char *t, size_t tlen)
{
    char idno[19], pw[64], aid[24];
    idno_seq(idno, "440104", "1932", seq);
    member_create(tok, name, idno, "retired", "", mid, midlen);
    snprintf(pw, sizeof(pw), "member-pass-%s", user);
    member_account_create(tok, user, user, pw, mid, aid, sizeof(aid));
    login("440104", user, pw, t, tlen, NULL, 0);
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
             "{\"title\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"越秀区老干部活动中心\","
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
    login("440104", "admin", "demo-440104-pass", tok, sizeof(tok), NULL, 0);
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

/* The check code the service prints next to number (its master key is the test's). */
static void cert_code(const char *no, char code[VCERT_CODE_LEN + 1])
{
    struct config cfg;
    test_config(&cfg);
    vcert_check_code(cfg.master_key, no, code);
}

static void cert_path(char *out, size_t n, const char *id, const char *f, const char *t)
{
    snprintf(out, n, "/v1/volunteers/%s/certificate?from=%s&to=%s", id, f, t);
}

/* GETs the certificate as token into file (asserting a 200 PDF); its number into no. */
/* Where a test writes a PDF: /tmp/yh-cert-<pid>-<name> (the pinned lanes of make test run
 * this binary side by side, so no fixed path). One buffer: use it before the next call. */
static const char *tmp_pdf(const char *name)
{
    static char path[96];
    snprintf(path, sizeof(path), "/tmp/yh-cert-%ld-%s", (long)getpid(), name);
    return path;
}

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
    save_body(&r, file); /* binary: body_len bytes */
    http_free(&r);
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
    char path[160], dir[] = "/tmp/yh-cert-XXXXXX", pdf[64], cmd[256], out[16384], no[17], url[160];
    char code[VCERT_CODE_LEN + 1], shown[64];
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
    assert_memory_equal(no, "4401042", 7); /* office code and year 2xxx */
    /* A4 portrait: 595 x 842 points, so as many pixels at 72 dpi */
    unsigned w = 0, h = 0;
    snprintf(cmd, sizeof(cmd), "pdftoppm -r 72 -png -f 1 -l 1 -singlefile %s %s/p72", pdf, dir);
    run_cmd(cmd, out, sizeof(out));
    snprintf(cmd, sizeof(cmd), "%s/p72.png", dir);
    png_size(cmd, &w, &h);
    assert_true(w >= 594 && w <= 596);
    assert_true(h >= 841 && h <= 843);
    /* the text layer: the name, the hours, the masked ID number, never the whole one */
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s -", pdf);
    run_cmd(cmd, out, sizeof(out));
    assert_non_null(strstr(out, "欧阳春华"));
    assert_non_null(strstr(out, "4.25"));
    assert_non_null(strstr(out, "440104************"));
    assert_non_null(strstr(out, "社区防诈骗宣讲"));
    assert_non_null(strstr(out, "岩温"));
    assert_non_null(strstr(out, "0691-5122345"));
    assert_non_null(strstr(out, no));
    /* the check code next to the number, for a reader who types it in */
    cert_code(no, code);
    snprintf(shown, sizeof(shown), "核验码：%s", code);
    assert_non_null(strstr(out, shown));
    char idno[19];
    idno_seq(idno, "440104", "1932", 1);
    assert_null(strstr(out, idno + 6));
    /* the QR code reads back as the verification URL with the check code */
    snprintf(
        cmd, sizeof(cmd),
        "pdftoppm -r 200 -png -f 1 -l 1 -singlefile %s %s/p200 && zbarimg -q --raw %s/p200.png 2>/dev/null",
        pdf, dir, dir);
    run_cmd(cmd, out, sizeof(out));
    snprintf(url, sizeof(url), BASE "/v1/certificates/%s?c=%s\n", no, code);
    assert_string_equal(out, url);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run_cmd(cmd, out, sizeof(out));
}

static long certificates_of(const char *id)
{
    struct db_param p[] = {P_STR(id)};
    return test_db_count("SELECT COUNT(*) FROM volunteer_certificates WHERE volunteer_id = ?", p, 1);
}

/* The verification of number with its check code, without a token: its JSON (caller
 * deletes). */
static cJSON *verify(const char *no)
{
    char path[96], code[VCERT_CODE_LEN + 1];
    cert_code(no, code);
    snprintf(path, sizeof(path), "/v1/certificates/%s?c=%s", no, code);
    return expect_json(200, "GET", path, NULL, NULL);
}

static void same_certificate_again_and_who_may_ask(void **st)
{
    (void)st;
    char no1[17], no2[17], no3[17], path[160], target[48];
    fetch_pdf(tok, tmp_pdf("again.pdf"), no1);
    long n = certificates_of(vid);
    snprintf(target, sizeof(target), "volunteer:%s", vid);
    struct db_param p[] = {P_STR(target)};
    const char *audits =
        "SELECT COUNT(*) FROM audit_log WHERE action = 'volunteer.certificate' AND target = ?";
    long seen = test_db_count(audits, p, 1);
    fetch_pdf(tok, tmp_pdf("again.pdf"), no2);
    /* the volunteer himself, through his own token: the same certificate again */
    fetch_pdf(tok_m1, tmp_pdf("again.pdf"), no3);
    unlink(tmp_pdf("again.pdf"));
    assert_string_equal(no1, no2);
    assert_string_equal(no1, no3);
    assert_int_equal(certificates_of(vid), n);
    assert_int_equal(test_db_count(audits, p, 1), seen + 2); /* the personal data shown, each time */
    /* another member, another office, an integration: no such volunteer */
    cert_path(path, sizeof(path), vid, from, today);
    expect_problem(404, "GET", path, tok_m2, NULL);
    expect_problem(404, "GET", path, tok_other, NULL);
    expect_problem(401, "GET", path, NULL, NULL);
}

/* The body of a public verification (asserting 404): its problem without the instance. */
static void verify_404(const char *path, char *detail, size_t n)
{
    struct http_res r;
    assert_int_equal(jreq("GET", path, NULL, NULL, &r), 404);
    assert_problem(&r, 404);
    cJSON *j = cJSON_Parse(r.body);
    assert_non_null(j);
    snprintf(detail, n, "%s|%s", cJSON_GetObjectItemCaseSensitive(j, "title")->valuestring,
             cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "detail")));
    cJSON_Delete(j);
    http_free(&r);
}

/* A genuine number without its check code, with another's or with a wrong one is
 * answered as an unknown number: the sequence cannot be walked. */
static void no_code_no_certificate(const char *no)
{
    char path[96], code[VCERT_CODE_LEN + 1], unknown[512], got[512];
    cert_code("4401042026999999", code);
    snprintf(path, sizeof(path), "/v1/certificates/4401042026999999?c=%s", code);
    verify_404(path, unknown, sizeof(unknown));
    snprintf(path, sizeof(path), "/v1/certificates/%s", no);
    verify_404(path, got, sizeof(got));
    assert_string_equal(got, unknown);
    snprintf(path, sizeof(path), "/v1/certificates/%s?c=%s", no, code);
    verify_404(path, got, sizeof(got));
    assert_string_equal(got, unknown);
    cert_code(no, code);
    code[0] = code[0] == '0' ? '1' : '0';
    snprintf(path, sizeof(path), "/v1/certificates/%s?c=%s", no, code);
    verify_404(path, got, sizeof(got));
    assert_string_equal(got, unknown);
    snprintf(path, sizeof(path), "/v1/certificates/%s?c=%.9s", no, code + 1);
    verify_404(path, got, sizeof(got));
    assert_string_equal(got, unknown);
}

static void verification_is_public_and_masked(void **st)
{
    (void)st;
    char no[17];
    fetch_pdf(tok, tmp_pdf("verify.pdf"), no);
    unlink(tmp_pdf("verify.pdf"));
    cJSON *j = verify(no);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "genuine")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "name")->valuestring, "欧***");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "hours")->valuestring, "4.25");
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "minutes")), 255);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "from")->valuestring, from);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "to")->valuestring, today);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "issued_on")->valuestring, today);
    cJSON *office = cJSON_GetObjectItemCaseSensitive(j, "issuing_office");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(office, "code")->valuestring, "440104");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "corrected")));
    char *text = cJSON_PrintUnformatted(j);
    assert_null(strstr(text, "欧阳春华"));
    assert_null(strstr(text, "440104*"));
    assert_null(strstr(text, "volunteer_id"));
    free(text);
    cJSON_Delete(j);
    struct http_res r;
    no_code_no_certificate(no);
    assert_int_equal(jreq("GET", "/v1/certificates/44010420260000011", NULL, NULL, &r), 400);
    assert_problem(&r, 400);
    assert_non_null(strstr(r.body, "\"field\":\"number\""));
    http_free(&r);
    expect_problem(400, "GET", "/v1/certificates/4401042026abcdef", NULL, NULL);
}

struct race {
    const char *path;
    long status;
    char disp[128];
};

static void *ask(void *arg)
{
    struct race *x = arg;
    struct http_res r;
    x->status = req("GET", x->path, tok, NULL, NULL, NULL, &r);
    if (!http_header(&r, "Content-Disposition", x->disp, sizeof(x->disp))) {
        x->disp[0] = '\0';
    }
    http_free(&r);
    return NULL;
}

/* Six requests at once for a period never asked before: one certificate, six times. */
static void same_certificate_under_concurrency(void **st)
{
    (void)st;
    char path[160], f[26], first[11];
    struct race rs[6];
    pthread_t t[6];
    test_cn_at(-11 * 86400, f);
    snprintf(first, sizeof(first), "%.10s", f);
    cert_path(path, sizeof(path), vid, first, today);
    long before = certificates_of(vid);
    for (int i = 0; i < 6; i++) {
        rs[i] = (struct race){.path = path};
        assert_int_equal(pthread_create(&t[i], NULL, ask, &rs[i]), 0);
    }
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
    }
    for (int i = 0; i < 6; i++) {
        assert_int_equal(rs[i].status, 200);
        assert_string_equal(rs[i].disp, rs[0].disp);
    }
    assert_int_equal(certificates_of(vid), before + 1);
}

/* The period names the field that is wrong: 400 when absent or malformed, 422 when it
 * cannot be. */
static void period_validation(void **st)
{
    (void)st;
    char path[160], tomorrow[26], far[11];
    cert_path(path, sizeof(path), vid, today, from);
    expect_field(422, "GET", path, tok, NULL, "to");
    cert_path(path, sizeof(path), vid, "2026-02-30", today);
    expect_field(400, "GET", path, tok, NULL, "from");
    cert_path(path, sizeof(path), vid, from, "yesterday");
    expect_field(400, "GET", path, tok, NULL, "to");
    snprintf(path, sizeof(path), "/v1/volunteers/%s/certificate?to=%s", vid, today);
    expect_field(400, "GET", path, tok, NULL, "from");
    test_cn_at(86400, tomorrow);
    snprintf(far, sizeof(far), "%.10s", tomorrow);
    cert_path(path, sizeof(path), vid, from, far);
    expect_field(422, "GET", path, tok, NULL, "to");
    /* a period without counted hours has nothing to certify */
    cert_path(path, sizeof(path), vid, "2000-01-01", "2000-12-31");
    expect_problem(409, "GET", path, tok, NULL);
}

/* A correction of an entry a certificate counted (a new entry referencing it, written
 * here in SQL: the corrections' endpoint is another part of issue 16) makes the
 * verification say so; the certificate asked for again counts the correction. */
static void corrected_since(void **st)
{
    (void)st;
    char no[17], no2[17];
    fetch_pdf(tok, tmp_pdf("corr.pdf"), no);
    struct db *db = test_db();
    static const char sql[] =
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, "
        "corrects_id, "
        "status, note, reason, entered_by, served_on) SELECT office_code, volunteer_id, event_id, team_id, "
        "60, "
        "'correction', id, 'confirmed', NULL, '签到记录有误', 'account:1', served_on FROM volunteer_hours "
        "WHERE id = ?";
    struct db_param p[] = {P_I64(atoll(hid[1]))};
    assert_int_equal(db_exec(db, sql, p, 1, NULL, NULL, NULL), YH_OK);
    db_close(db);
    cJSON *j = verify(no);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "corrected")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "hours")->valuestring, "4.25");
    cJSON_Delete(j);
    /* 90 + 60 + 45 minutes now: a new certificate, the old one stays as issued */
    fetch_pdf(tok, tmp_pdf("corr.pdf"), no2);
    unlink(tmp_pdf("corr.pdf"));
    assert_string_not_equal(no, no2);
    j = verify(no2);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "hours")->valuestring, "3.25");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "corrected")));
    cJSON_Delete(j);
}

/* The member's ID number on record replaced by text, sealed as the service seals it. */
static void member_idno_set(const char *mid, const char *text)
{
    struct config cfg;
    struct buf sealed = {0};
    test_config(&cfg);
    assert_int_equal(pii_seal(&cfg, text, &sealed), 0);
    struct db *db = test_db();
    struct db_param p[] = {P_BLOB(sealed.data, sealed.len), P_I64(atoll(mid))};
    assert_int_equal(db_exec(db, "UPDATE members SET id_enc = ? WHERE id = ?", p, 2, NULL, NULL, NULL),
                     YH_OK);
    buf_free(&sealed);
    db_close(db);
}

/* A volunteer whose ID number on record is not a resident ID card (a passport): the
 * certificate says 其他证件 and shows none of it, never 居民身份证. */
static void other_id_document(void **st)
{
    (void)st;
    char no[17], cmd[160], out[16384], idno[19];
    member_idno_set(mid1, "E12345678");
    fetch_pdf(tok, tmp_pdf("otherid.pdf"), no);
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s -", tmp_pdf("otherid.pdf"));
    run_cmd(cmd, out, sizeof(out));
    unlink(tmp_pdf("otherid.pdf"));
    idno_seq(idno, "440104", "1932", 1);
    member_idno_set(mid1, idno); /* back as it was */
    assert_non_null(strstr(out, "证件类型：其他证件"));
    assert_null(strstr(out, "居民身份证"));
    assert_null(strstr(out, "12345678"));
    assert_non_null(strstr(out, "欧阳春华"));
}

/* A server whose fontconfig has no Noto Sans CJK SC (an empty font directory): a
 * certificate is refused 503 naming the font, and nothing of it is committed — no
 * certificate recorded, no number used, no audit — even for a period never asked (the
 * record is written in the transaction the render must succeed in). */
static void missing_font_refused_nothing_recorded(void **st)
{
    static char fc_env[96];
    char dir[] = "/tmp/yh-cert-fc-XXXXXX", conf[64], path[160], f[26], first[11], cmd[160], out[64];
    struct http_res r;
    assert_non_null(mkdtemp(dir));
    snprintf(conf, sizeof(conf), "%s/fonts.conf", dir);
    FILE *fp = fopen(conf, "w");
    assert_non_null(fp);
    fprintf(fp, "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n",
            dir, dir);
    fclose(fp);
    snprintf(fc_env, sizeof(fc_env), "FONTCONFIG_FILE=%s", conf);
    const char *const env[] = {"YH_PUBLIC_BASE_URL=" BASE, fc_env, NULL};
    api_stop(st);
    api_start(env, "build/test-logs/certificates-nofont-server.log");
    test_cn_at(-12 * 86400, f);
    snprintf(first, sizeof(first), "%.10s", f);
    cert_path(path, sizeof(path), vid, first, today);
    struct db_param p[] = {P_STR("440104")};
    const char *numbers = "SELECT COALESCE(SUM(last), 0) FROM volunteer_cert_numbers WHERE office_code = ?";
    const char *audits = "SELECT COUNT(*) FROM audit_log WHERE action = 'volunteer.certificate'";
    long certs = certificates_of(vid), used = test_db_count(numbers, p, 1),
         seen = test_db_count(audits, NULL, 0);
    for (int i = 0; i < 2; i++) { /* the second time from what the first found */
        assert_int_equal(jreq("GET", path, tok, NULL, &r), 503);
        assert_problem(&r, 503);
        assert_non_null(strstr(r.body, "Noto Sans CJK SC"));
        http_free(&r);
    }
    assert_int_equal(certificates_of(vid), certs);
    assert_int_equal(test_db_count(numbers, p, 1), used);
    assert_int_equal(test_db_count(audits, NULL, 0), seen);
    api_stop(st);
    api_start((const char *const[]){"YH_PUBLIC_BASE_URL=" BASE, NULL},
              "build/test-logs/certificates-server2.log");
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run_cmd(cmd, out, sizeof(out));
}

/* The office's settings back to the defaults' values for the tests that run next. */
static int teardown(void **st)
{
    set_cert_settings("{\"cert_responsible\":null,\"cert_contact\":null}");
    return api_stop(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renders_a4_with_name_hours_and_qr),
        cmocka_unit_test(same_certificate_again_and_who_may_ask),
        cmocka_unit_test(same_certificate_under_concurrency),
        cmocka_unit_test(verification_is_public_and_masked),
        cmocka_unit_test(period_validation),
        cmocka_unit_test(corrected_since),
        cmocka_unit_test(other_id_document),
        cmocka_unit_test(missing_font_refused_nothing_recorded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
