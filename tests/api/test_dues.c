/* The party dues standard through HTTP (中组发〔2008〕3号; RULES.md, Party dues): the
 * yearly base sealed and masked (revealed only with pii:read, and audited), the standard
 * from the category, a reduction with its decision, advance payment only with the branch's
 * consent, the 1,000-yuan rule, temporary branches refused (409 naming the rule), the
 * year's shortfall and its cache invalidated by payments, and another office's 404s.
 * Office 440000 is written here; 532822 is the other office. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok[2048], tok_other[2048], tok_member[2048];
static char br_a[24], br_tmp[24];
static char retiree[24], worker[24], newcomer[24], stray[24];
static char today[11], month[8], year[5];
static int idseq = 700;

static void member_in(const char *branch, const char *name, const char *category, char *id, size_t idlen)
{
    char idno[19], extra[96];
    idno_seq(idno, "440000", "1944", (unsigned)idseq++);
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"1970-07-01\",\"branch_id\":\"%s\"", branch);
    member_create(tok, name, idno, category, extra, id, idlen);
}

static int setup(void **s)
{
    (void)s;
    char acc[24];
    api_start(NULL, "build/test-logs/dues-server.log");
    login("440000", "admin", "demo-440000-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    branch_create(tok, "党费测试支部", "regular", "community", br_a, sizeof(br_a));
    branch_create(tok, "老年大学临时党支部", "temporary", "university_class", br_tmp, sizeof(br_tmp));
    member_in(br_a, "党费甲", "retired", retiree, sizeof(retiree));
    member_in(br_a, "党费乙", "in_service", worker, sizeof(worker));
    member_in(br_a, "党费丙", "lixiu", newcomer, sizeof(newcomer));
    member_in(br_a, "党费丁", "retired", stray, sizeof(stray));
    member_account_create(tok, "dues.member", "党费甲", "dues-member-12", retiree, acc, sizeof(acc));
    login("440000", "dues.member", "dues-member-12", tok_member, sizeof(tok_member), NULL, 0);
    test_today(today);
    snprintf(month, sizeof(month), "%.7s", today);
    snprintf(year, sizeof(year), "%.4s", today);
    return 0;
}

/* PUTs a base of base_fen for member id this year and returns the reply's standard_fen;
 * the reply never holds the base. */
static long base_put(const char *id, long base_fen)
{
    char path[96], body[96], clear[32];
    snprintf(path, sizeof(path), "/v1/dues/bases/%s", id);
    snprintf(body, sizeof(body), "{\"year\":%s,\"base_fen\":%ld}", year, base_fen);
    cJSON *j = expect_json(200, "PUT", path, tok, body);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "base_fen")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "base_masked")));
    char *text = cJSON_PrintUnformatted(j);
    snprintf(clear, sizeof(clear), "%ld", base_fen);
    assert_null(strstr(text, clear));
    free(text);
    long standard = (long)cJSON_GetObjectItemCaseSensitive(j, "standard_fen")->valuedouble;
    cJSON_Delete(j);
    return standard;
}

static void base_sealed_masked_and_revealed(void **s)
{
    (void)s;
    struct http_res r;
    char path[128], body[128];
    /* retired: 5,000.00 yuan is still 0.5%; a fen more is 1% of the whole base */
    assert_int_equal(base_put(retiree, 500000), 2500);
    assert_int_equal(base_put(stray, 500001), 5000);
    assert_int_equal(base_put(newcomer, 800000), 8000); /* lixiu: a pension, the retired brackets */
    /* in service: 10,000.00 yuan is 1.5%, 12,000 yuan 2% */
    assert_int_equal(base_put(worker, 1000000), 15000);
    assert_int_equal(base_put(worker, 1200000), 24000);
    /* at rest the base is sealed: the row holds no clear amount */
    struct db *db = test_db();
    struct db_rows rows;
    int64_t mid = atoll(worker);
    struct db_param p[] = {P_I64(mid)};
    assert_int_equal(
        db_exec(db, "SELECT base_enc FROM dues_bases WHERE member_id = ?", p, 1, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 1);
    assert_null(memmem(db_str(&rows, 0, 0), db_len(&rows, 0, 0), "1200000", 7));
    db_rows_free(&rows);
    db_close(db);
    /* masked by default, even for the admin; revealed with pii:read, and audited */
    snprintf(path, sizeof(path), "/v1/dues/bases/%s?year=%s", worker, year);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"base_fen\":null"));
    assert_non_null(strstr(r.body, "\"standard_fen\":24000"));
    assert_null(strstr(r.body, "1200000"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/audit?action=dues.base_shown&target=member:%s", worker);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_null(strstr(r.body, "\"action\""));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/dues/bases/%s?year=%s&reveal=true", worker, year);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"base_fen\":1200000"));
    assert_non_null(strstr(r.body, "\"rate_bp\":200"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/audit?action=dues.base_shown&target=member:%s", worker);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"action\":\"dues.base_shown\""));
    assert_null(strstr(r.body, "1200000")); /* the audit names the record, never the value */
    http_free(&r);
    /* the member sees its own base masked, and may not reveal it (no pii:read) */
    snprintf(path, sizeof(path), "/v1/dues/bases/%s", retiree);
    assert_int_equal(jreq("GET", path, tok_member, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"base_fen\":null"));
    assert_null(strstr(r.body, "500000"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/dues/bases/%s?reveal=true", retiree);
    expect_problem(403, "GET", path, tok_member, NULL);
    snprintf(path, sizeof(path), "/v1/dues/bases/%s", worker);
    expect_problem(404, "GET", path, tok_member, NULL);
    /* another office: no such member */
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(body, sizeof(body), "{\"year\":%s,\"base_fen\":100}", year);
    expect_problem(404, "PUT", path, tok_other, body);
    /* bad input names the field */
    expect_field(422, "PUT", path, tok, "{\"year\":2026,\"base_fen\":-1}", "base_fen");
    expect_field(422, "PUT", path, tok, "{\"base_fen\":100}", "year");
    expect_field(422, "PUT", path, tok, "{\"year\":2026,\"base_fen\":100,\"salary\":1}", "salary");
    expect_field(400, "GET", "/v1/dues/bases/1?year=20x6", tok, NULL, "year");
}

static void reduction_needs_its_decision(void **s)
{
    (void)s;
    char path[96], body[512], other[24], idno[19];
    snprintf(path, sizeof(path), "/v1/dues/bases/%s/reduction", retiree);
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"reduced_fen\":1000,\"reason\":\"低保户，生活困难\",\"decided_on\":\"%s\"}", year,
             today);
    expect_field(422, "PUT", path, tok, body, "approval_ref");
    snprintf(
        body, sizeof(body),
        "{\"year\":%s,\"reduced_fen\":2500,\"reason\":\"低保\",\"decided_on\":\"%s\",\"approval_ref\":\"x\"}",
        year, today);
    expect_field(422, "PUT", path, tok, body, "reduced_fen"); /* not below the standard (2,500) */
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"reduced_fen\":1000,\"reason\":\"低保户，生活困难\",\"decided_on\":\"%s\","
             "\"approval_ref\":\"县委老干部局党委〔%s〕3号\"}",
             year, today, year);
    cJSON *j = expect_json(200, "PUT", path, tok, body);
    assert_int_equal((long)cJSON_GetObjectItemCaseSensitive(j, "due_fen")->valuedouble, 1000);
    assert_int_equal((long)cJSON_GetObjectItemCaseSensitive(j, "standard_fen")->valuedouble, 2500);
    const cJSON *red = cJSON_GetObjectItemCaseSensitive(j, "reduction");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(red, "decided_on")->valuestring, today);
    cJSON_Delete(j);
    expect_problem(404, "PUT", path, tok_other, body);
    /* a reduction on the newcomer, lifted again: the standard is due once more */
    char lift[128], getp[96];
    snprintf(lift, sizeof(lift), "/v1/dues/bases/%s/reduction", newcomer);
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"reduced_fen\":0,\"reason\":\"长期卧床，生活困难\",\"decided_on\":\"%s\","
             "\"approval_ref\":\"县委老干部局党委〔%s〕4号\"}",
             year, today, year);
    j = expect_json(200, "PUT", lift, tok, body);
    assert_int_equal((long)cJSON_GetObjectItemCaseSensitive(j, "due_fen")->valuedouble, 0); /* exempt */
    assert_true(cJSON_IsTrue(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "reduction"), "exempt")));
    cJSON_Delete(j);
    snprintf(lift, sizeof(lift), "/v1/dues/bases/%s/reduction?year=%s", newcomer, year);
    expect_problem(404, "DELETE", lift, tok_other, NULL);
    expect(204, "DELETE", lift, tok, NULL);
    expect_problem(404, "DELETE", lift, tok, NULL); /* nothing left to lift */
    snprintf(getp, sizeof(getp), "/v1/dues/bases/%s?year=%s", newcomer, year);
    j = expect_json(200, "GET", getp, tok, NULL);
    assert_int_equal((long)cJSON_GetObjectItemCaseSensitive(j, "due_fen")->valuedouble, 8000);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "reduction")));
    cJSON_Delete(j);
    /* no base for the year yet: nothing to reduce */
    idno_seq(idno, "440000", "1944", (unsigned)idseq++);
    member_create(tok, "党费戊", idno, "retired", "", other, sizeof(other));
    snprintf(path, sizeof(path), "/v1/dues/bases/%s/reduction", other);
    expect_problem(409, "PUT", path, tok, body);
}

/* POSTs one payment of member for month m paid today; the reply's status. */
static long pay(const char *member, const char *m, long fen, struct http_res *r)
{
    char body[320];
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"month\":\"%s\",\"amount_fen\":%ld,\"paid_on\":\"%s\","
             "\"channel\":\"cash\",\"paid_by\":\"proxy\",\"proxy_name\":\"儿子\"}]}",
             member, m, fen, today);
    return jreq("POST", "/v1/dues", tok, body, r);
}

static void advance_needs_consent_and_1000_yuan_goes_to_the_centre(void **s)
{
    (void)s;
    struct http_res r;
    char next[32], path[96], body[160];
    int y = atoi(month), mo = atoi(month + 5);
    snprintf(next, sizeof(next), "%04d-%02d", mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1);
    /* next month is paid in advance: refused until the branch consents */
    assert_int_equal(pay(worker, next, 24000, &r), 409);
    assert_non_null(strstr(r.body, "consent"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/branches/%s/dues-settings", br_a);
    expect_field(422, "PUT", path, tok, "{\"advance_consent\":true}", "decided_on");
    snprintf(body, sizeof(body), "{\"advance_consent\":true,\"decided_on\":\"%s\"}", today);
    expect_problem(404, "PUT", path, tok_other, body);
    expect(200, "PUT", path, tok, body);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"advance_consent\":true"));
    http_free(&r);
    assert_int_equal(pay(worker, next, 24000, &r), 201);
    assert_non_null(strstr(r.body, "\"remitted_to_centre\":[]"));
    http_free(&r);
    /* 240 yuan due and 1,240 paid: a voluntary 1,000 yuan, remitted whole to the Centre */
    assert_int_equal(pay(worker, month, 124000, &r), 201);
    assert_non_null(strstr(r.body, "\"voluntary_fen\":100000"));
    http_free(&r);
    char path_csv[64];
    snprintf(path_csv, sizeof(path_csv), "/v1/dues/export?from=%s&to=%s", month, month);
    assert_int_equal(jreq("GET", path_csv, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, ",1240.00,"));
    assert_non_null(strstr(r.body, ",1000.00,yes\r\n"));
    http_free(&r);
    /* 999.99 yuan above the due amount stays with the branch */
    assert_int_equal(pay(newcomer, month, 8000 + 99999, &r), 201);
    assert_non_null(strstr(r.body, "\"remitted_to_centre\":[]"));
    http_free(&r);
}

static void temporary_branches_collect_no_dues(void **s)
{
    (void)s;
    struct http_res r;
    char path[96], body[160];
    snprintf(path, sizeof(path), "/v1/branches/%s/dues-settings", br_tmp);
    snprintf(body, sizeof(body), "{\"advance_consent\":true,\"decided_on\":\"%s\"}", today);
    assert_int_equal(jreq("PUT", path, tok, body, &r), 409);
    assert_non_null(strstr(r.body, "temporary branch collects no dues"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/dues/shortfall?branch=%s", br_tmp);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 409);
    assert_non_null(strstr(r.body, "组织关系"));
    http_free(&r);
    /* an old record whose formal branch is a temporary one (the API no longer allows it):
     * its dues are refused, naming the rule */
    struct db *db = test_db();
    int64_t b = atoll(br_tmp), m = atoll(stray);
    struct db_param p[] = {P_I64(b), P_I64(m)};
    assert_int_equal(db_exec(db, "UPDATE members SET branch_id = ? WHERE id = ?", p, 2, NULL, NULL, NULL),
                     YH_OK);
    assert_int_equal(pay(stray, month, 5000, &r), 409);
    assert_non_null(strstr(r.body, "temporary branch collects no dues"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/dues/bases/%s", stray);
    snprintf(body, sizeof(body), "{\"year\":%s,\"base_fen\":500001}", year);
    expect_problem(409, "PUT", path, tok, body);
    struct db_param q[] = {P_I64(atoll(br_a)), P_I64(m)};
    assert_int_equal(db_exec(db, "UPDATE members SET branch_id = ? WHERE id = ?", q, 2, NULL, NULL, NULL),
                     YH_OK);
    db_close(db);
}

/* The shortfall line of member id in the body j (NULL when the member owes nothing). */
static const cJSON *line_of(const cJSON *j, const char *id)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "members"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring, id) == 0) {
            return it;
        }
    }
    return NULL;
}

/* The state of month m in a member's line ("" when the month is not short). */
static const char *month_state(const cJSON *line, const char *m)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(line, "months"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "month")->valuestring, m) == 0) {
            return cJSON_GetObjectItemCaseSensitive(it, "state")->valuestring;
        }
    }
    return "";
}

static void shortfall_month_by_month_and_invalidated(void **s)
{
    (void)s;
    struct http_res r;
    char path[96];
    snprintf(path, sizeof(path), "/v1/dues/shortfall?year=%s&branch=%s", year, br_a);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *l = line_of(j, retiree);
    assert_non_null(l);
    assert_string_equal(month_state(l, month), "unpaid");
    if (line_of(j, worker) != NULL) { /* its earlier months may be short; this one is paid */
        assert_string_equal(month_state(line_of(j, worker), month), "");
    }
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(l, "months"), 0);
    /* the reduced amount is what is due */
    assert_int_equal((long)cJSON_GetObjectItemCaseSensitive(first, "due_fen")->valuedouble, 1000);
    cJSON_Delete(j);
    /* the same again is served from the cache; a payment below the due amount invalidates it */
    expect(200, "GET", path, tok, NULL);
    assert_int_equal(pay(retiree, month, 600, &r), 201);
    http_free(&r);
    j = expect_json(200, "GET", path, tok, NULL);
    l = line_of(j, retiree);
    assert_non_null(l);
    assert_string_equal(month_state(l, month), "underpaid");
    const cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "branches"), 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "branch_id")->valuestring, br_a);
    assert_true(cJSON_GetObjectItemCaseSensitive(b, "months_underpaid")->valuedouble >= 1);
    cJSON_Delete(j);
    /* a new base invalidates it too: exempting nothing, the standard moves */
    base_put(retiree, 100000); /* 1,000 yuan: 5 yuan due; the reduction (10 yuan) no longer lowers it */
    j = expect_json(200, "GET", path, tok, NULL);
    l = line_of(j, retiree);
    assert_true(l == NULL || strcmp(month_state(l, month), "") == 0); /* 6 yuan paid ≥ 5 due */
    cJSON_Delete(j);
    /* another office: 404 for the branch; its own office-wide list holds none of ours */
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/dues/shortfall?year=%s", year);
    assert_int_equal(jreq("GET", path, tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "党费甲"));
    http_free(&r);
    expect_problem(403, "GET", path, tok_member, NULL);
    expect_field(400, "GET", "/v1/dues/shortfall?year=1800", tok, NULL, "year");
}

static void secretary_sees_its_branch_masked(void **s)
{
    (void)s;
    struct http_res r;
    char body[320], acc[24], tok_sec[2048], path[128], other_br[24], elsewhere[24], idno[19];
    snprintf(body, sizeof(body),
             "{\"username\":\"dues.sec\",\"display_name\":\"支书\",\"role\":\"secretary\",\"password\":"
             "\"dues-secretary-1\",\"branch_id\":\"%s\"}",
             br_a);
    post_created("/v1/accounts", tok, body, acc, sizeof(acc));
    login("440000", "dues.sec", "dues-secretary-1", tok_sec, sizeof(tok_sec), NULL, 0);
    branch_create(tok, "党费另一支部", "regular", "community", other_br, sizeof(other_br));
    idno_seq(idno, "440000", "1944", (unsigned)idseq++);
    snprintf(body, sizeof(body), ",\"joined_on\":\"1970-07-01\",\"branch_id\":\"%s\"", other_br);
    member_create(tok, "党费己", idno, "retired", body, elsewhere, sizeof(elsewhere));
    /* its branch's member: the base masked, and no reveal without pii:read */
    snprintf(path, sizeof(path), "/v1/dues/bases/%s?year=%s", worker, year);
    assert_int_equal(jreq("GET", path, tok_sec, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"base_masked\":true"));
    assert_null(strstr(r.body, "1200000"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/dues/bases/%s?year=%s&reveal=true", worker, year);
    expect_problem(403, "GET", path, tok_sec, NULL);
    /* another branch's member and list: 404 */
    snprintf(path, sizeof(path), "/v1/dues/bases/%s", elsewhere);
    snprintf(body, sizeof(body), "{\"year\":%s,\"base_fen\":300000}", year);
    expect_problem(404, "PUT", path, tok_sec, body);
    snprintf(path, sizeof(path), "/v1/dues/shortfall?branch=%s", other_br);
    expect_problem(404, "GET", path, tok_sec, NULL);
    /* its own shortfall holds its branch only */
    snprintf(path, sizeof(path), "/v1/dues/shortfall?year=%s", year);
    assert_int_equal(jreq("GET", path, tok_sec, NULL, &r), 200);
    assert_non_null(strstr(r.body, "党费丁")); /* paid nothing (its payment was refused) */
    assert_null(strstr(r.body, "党费己"));
    http_free(&r);
    /* the admin's office-wide list holds both */
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "党费己"));
    http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base_sealed_masked_and_revealed),
        cmocka_unit_test(reduction_needs_its_decision),
        cmocka_unit_test(advance_needs_consent_and_1000_yuan_goes_to_the_centre),
        cmocka_unit_test(temporary_branches_collect_no_dues),
        cmocka_unit_test(shortfall_month_by_month_and_invalidated),
        cmocka_unit_test(secretary_sees_its_branch_masked),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
