/* Hospital stays (住院登记) through HTTP: an admission makes the member hospitalised and due
 * a visit (the cached due list follows the admission and the hospital visit), the
 * discharge restores the health before; one open stay per member; dates, lengths and
 * overlaps refused with the field or rule named; health typed by hand refused; the
 * office's rule for hospital visits; hospital and ward masked unless revealed (audited);
 * the visits of a stay; 人次 in the statistics; another office's and another branch's
 * 404s. Office 440000 is written here (members with ID numbers of division 440106, born
 * 1929). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char tok[2048], tok_other[2048];
static unsigned seq = 1;

#define HOSPITAL "广州医科大学附属第一医院"
#define WARD "心内科3病区12床"

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/stays-server.log");
    login("440000", "admin", "demo-440000-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    return 0;
}

/* A retired member of 440000; extra is more JSON members. */
static void member(const char *name, const char *extra, char *id, size_t idlen)
{
    char idno[19];
    idno_seq(idno, "440106", "1929", seq++);
    member_create(tok, name, idno, "retired", extra, id, idlen);
}

/* Admits member mid on day (YYYY-MM-DD) as token; the stay's id into sid. */
static void admit_as(const char *token, const char *mid, const char *day, char *sid, size_t len)
{
    char path[96], body[256];
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", mid);
    snprintf(body, sizeof(body),
             "{\"admitted_on\":\"%.10s\",\"hospital\":\"" HOSPITAL "\",\"ward\":\"" WARD "\"}", day);
    post_created(path, token, body, sid, len);
}

static void admit(const char *mid, const char *day, char *sid, size_t len)
{
    admit_as(tok, mid, day, sid, len);
}

/* The member's health as the revealed member view shows it, into out. */
static void health_of(const char *mid, char out[16])
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/members/%s?reveal=true", mid);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    snprintf(out, 16, "%s", cJSON_GetObjectItemCaseSensitive(j, "health")->valuestring);
    cJSON_Delete(j);
}

/* The due list's hospital item of member mid (NULL: not listed; caller deletes it). */
static cJSON *due_item(const char *query, const char *mid)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/care/due%s", query);
    cJSON *j = expect_json(200, "GET", path, tok, NULL), *found = NULL;
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring, mid) == 0 &&
            strcmp(cJSON_GetObjectItemCaseSensitive(it, "kind")->valuestring, "hospitalised") == 0) {
            found = cJSON_Duplicate(it, true);
        }
    }
    cJSON_Delete(j);
    return found;
}

static bool due_listed(const char *query, const char *mid)
{
    cJSON *it = due_item(query, mid);
    cJSON_Delete(it);
    return it != NULL;
}

static void visit_on(const char *mid, const char *day, char *vid, size_t len)
{
    char body[256];
    snprintf(body, sizeof(body),
             "{\"member_ids\":[\"%s\"],\"reason\":\"hospitalisation\",\"visited_on\":\"%.10s\",\"visitors\":"
             "\"局长\"}",
             mid, day);
    post_created("/v1/visits", tok, body, vid, len);
}

/* Admission → hospitalised (revealed member view) and due (the cached list follows);
 * a hospital visit clears it (the cache again) and is one of the stay's visits;
 * the discharge restores the health before. */
static void admission_visit_and_discharge(void **s)
{
    (void)s;
    char mid[24], sid[24], vid[24], h[16], today[11], path[96];
    test_today(today);
    member("住院老党员", ",\"health\":\"frail\"", mid, sizeof(mid));
    assert_false(due_listed("", mid)); /* cached now */
    admit(mid, today, sid, sizeof(sid));
    health_of(mid, h);
    assert_string_equal(h, "hospitalised");
    cJSON *it = due_item("", mid);
    assert_non_null(it);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "admitted_on")->valuestring, today);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(it, "overdue")));
    cJSON_Delete(it);
    visit_on(mid, today, vid, sizeof(vid));
    assert_false(due_listed("", mid));
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s", sid);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "visits"), 0);
    assert_non_null(v);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(v, "visit_id")->valuestring, vid);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "in_hospital")));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s/discharge", sid);
    expect(200, "POST", path, tok, "{}");
    health_of(mid, h);
    assert_string_equal(h, "frail");
    assert_false(due_listed("", mid));
    /* once only */
    expect_problem(409, "POST", path, tok, "{}");
    /* the discharge may set the health after */
    admit(mid, today, sid, sizeof(sid));
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s/discharge", sid);
    expect(200, "POST", path, tok, "{\"health\":\"homebound\"}");
    health_of(mid, h);
    assert_string_equal(h, "homebound");
}

/* One open stay per member (409 naming the rule); dates, lengths and unknown fields 422
 * naming the field; overlaps 409; a deceased member is not admitted. */
static void one_open_stay_and_bad_input(void **s)
{
    (void)s;
    struct http_res r;
    char mid[24], sid[24], dead[24], today[11], tomorrow[26], yesterday[26], path[96], body[512];
    test_today(today);
    test_cn_at(86400, tomorrow);
    test_cn_at(-86400, yesterday);
    member("重复住院", "", mid, sizeof(mid));
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", mid);
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%.10s\",\"hospital\":\"二院\"}", tomorrow);
    expect_field(422, "POST", path, tok, body, "admitted_on");
    expect_field(422, "POST", path, tok, "{\"admitted_on\":\"2026-02-30\",\"hospital\":\"二院\"}",
                 "admitted_on");
    expect_field(422, "POST", path, tok, "{\"admitted_on\":\"2026-01-02\",\"hospital\":\"\"}", "hospital");
    expect_field(422, "POST", path, tok, "{\"admitted_on\":\"2026-01-02\"}", "hospital");
    expect_field(422, "POST", path, tok,
                 "{\"admitted_on\":\"2026-01-02\",\"hospital\":\"二院\",\"ward\":"
                 "\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四"
                 "五六七八九十一\"}",
                 "ward");
    expect_field(422, "POST", path, tok,
                 "{\"admitted_on\":\"2026-01-02\",\"hospital\":\"二院\",\"bed\":\"3\"}", "bed");
    admit(mid, yesterday, sid, sizeof(sid));
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%s\",\"hospital\":\"三院\"}", today);
    assert_int_equal(jreq("POST", path, tok, body, &r), 409);
    assert_non_null(strstr(r.body, "one open stay per member"));
    http_free(&r);
    /* discharged before its admission, or tomorrow: 422 */
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s/discharge", sid);
    expect_field(422, "POST", path, tok, "{\"discharged_on\":\"2020-01-01\"}", "discharged_on");
    snprintf(body, sizeof(body), "{\"discharged_on\":\"%.10s\"}", tomorrow);
    expect_field(422, "POST", path, tok, body, "discharged_on");
    expect_field(422, "POST", path, tok, "{\"health\":\"hospitalised\"}", "health");
    snprintf(body, sizeof(body), "{\"discharged_on\":\"%s\"}", today);
    expect(200, "POST", path, tok, body);
    /* a stay starting before that discharge overlaps it */
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", mid);
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%.10s\",\"hospital\":\"三院\"}", yesterday);
    assert_int_equal(jreq("POST", path, tok, body, &r), 409);
    assert_non_null(strstr(r.body, "never overlap"));
    http_free(&r);
    /* a deceased member is not admitted */
    member("已故", "", dead, sizeof(dead));
    snprintf(path, sizeof(path), "/v1/members/%s/death", dead);
    snprintf(body, sizeof(body), "{\"died_on\":\"%s\",\"reported_by\":\"子女\"}", today);
    expect_with(201, "POST", path, tok, body, (const char *const[]){"If-Match: \"1\"", NULL});
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", dead);
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%s\",\"hospital\":\"三院\"}", today);
    expect_problem(409, "POST", path, tok, body);
}

/* Health follows the stays: hospitalised is never typed by hand (create, PATCH, CSV
 * import: 422 on health), and while in hospital the health does not change by hand (409). */
static void health_by_hand_refused(void **s)
{
    (void)s;
    struct http_res r;
    char mid[24], sid[24], today[11], path[96], idno[19], csv[256];
    test_today(today);
    idno_seq(idno, "440106", "1929", seq++);
    snprintf(
        csv, sizeof(csv),
        "{\"name\":\"手填住院\",\"id_number\":\"%s\",\"category\":\"retired\",\"health\":\"hospitalised\"}",
        idno);
    expect_field(422, "POST", "/v1/members", tok, csv, "health");
    member("手填", "", mid, sizeof(mid));
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    expect_with(422, "PATCH", path, tok, "{\"health\":\"hospitalised\"}",
                (const char *const[]){"If-Match: \"1\"", NULL});
    admit(mid, today, sid, sizeof(sid));
    char im[48];
    if_match(path, tok, im, sizeof(im));
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"health\":\"able\"}",
                         (const char *const[]){im, NULL}, &r),
                     409);
    assert_non_null(strstr(r.body, "discharge"));
    http_free(&r);
    /* other fields still change */
    expect_with(200, "PATCH", path, tok, "{\"work_unit\":\"市卫生局\"}", (const char *const[]){im, NULL});
    idno_seq(idno, "440106", "1929", seq++);
    snprintf(csv, sizeof(csv), "name,id_number,category,health\n导入住院,%s,retired,hospitalised\n", idno);
    assert_int_equal(req("POST", "/v1/members/import", tok, "text/csv", csv, NULL, &r), 422);
    assert_non_null(strstr(r.body, "hospital stay"));
    http_free(&r);
}

/* PATCH corrects dates, hospital and ward under If-Match; the discharge day only by the
 * discharge while open. */
static void corrections(void **s)
{
    (void)s;
    struct http_res r;
    char mid[24], sid[24], today[11], yesterday[26], path[96], im[48], body[128];
    test_today(today);
    test_cn_at(-86400, yesterday);
    member("更正", "", mid, sizeof(mid));
    admit(mid, today, sid, sizeof(sid));
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s", sid);
    expect_problem(428, "PATCH", path, tok, "{\"ward\":\"外科\"}");
    if_match(path, tok, im, sizeof(im));
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%.10s\",\"ward\":\"外科2床\"}", yesterday);
    expect_with(200, "PATCH", path, tok, body, (const char *const[]){im, NULL});
    expect_with(412, "PATCH", path, tok, "{\"ward\":null}", (const char *const[]){im, NULL});
    if_match(path, tok, im, sizeof(im));
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"discharged_on\":\"2026-01-01\"}",
                         (const char *const[]){im, NULL}, &r),
                     422);
    assert_non_null(strstr(r.body, "discharged_on"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s?reveal=true", sid);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "ward")->valuestring, "外科2床");
    assert_int_equal(strncmp(cJSON_GetObjectItemCaseSensitive(j, "admitted_on")->valuestring, yesterday, 10),
                     0);
    cJSON_Delete(j);
}

/* Hospital and ward masked in the lists and the stay; in full with reveal=true and
 * pii:read, audited; never in full to a caller without pii:read. */
static void masking_reveal_audit(void **s)
{
    (void)s;
    struct http_res r;
    char mid[24], sid[24], today[11], path[128], cid[24], ctok[2048];
    test_today(today);
    member("保密", "", mid, sizeof(mid));
    admit(mid, today, sid, sizeof(sid));
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s", sid);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_null(strstr(r.body, HOSPITAL));
    assert_null(strstr(r.body, WARD));
    assert_non_null(strstr(r.body, "\"pii\":\"masked\""));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/hospital-stays?current=true&limit=100", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, sid));
    assert_null(strstr(r.body, HOSPITAL));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s?reveal=true", sid);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, HOSPITAL));
    assert_non_null(strstr(r.body, WARD));
    assert_non_null(strstr(r.body, "\"health_before\":\"able\""));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/audit?action=hospital_stay.read_pii&target=hospital_stay:%s", sid);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "hospital_stay.read_pii"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays?reveal=true", mid);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, HOSPITAL));
    http_free(&r);
    client_token(tok, "卫健局 住院", "members:read", ctok, sizeof(ctok), cid, sizeof(cid));
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s?reveal=true", sid);
    expect_problem(403, "GET", path, ctok, NULL);
    expect_problem(403, "GET", "/v1/hospital-stays", ctok, NULL);
}

/* Another office's stays and members are 404 on every route, and its lists hold none. */
static void another_office(void **s)
{
    (void)s;
    struct http_res r;
    char mid[24], sid[24], today[11], path[96], body[128];
    test_today(today);
    member("他局", "", mid, sizeof(mid));
    admit(mid, today, sid, sizeof(sid));
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s", sid);
    expect_problem(404, "GET", path, tok_other, NULL);
    expect_problem_with(404, "PATCH", path, tok_other, "{\"ward\":\"x\"}",
                        (const char *const[]){"If-Match: \"1\"", NULL});
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s/discharge", sid);
    expect_problem(404, "POST", path, tok_other, "{}");
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", mid);
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%s\",\"hospital\":\"x\"}", today);
    expect_problem(404, "POST", path, tok_other, body);
    expect_problem(404, "GET", path, tok_other, NULL);
    assert_int_equal(jreq("GET", "/v1/hospital-stays?limit=100", tok_other, NULL, &r), 200);
    char want[48];
    snprintf(want, sizeof(want), "\"id\":\"%s\"", sid);
    assert_null(strstr(r.body, want));
    http_free(&r);
}

/* A secretary admits and reads its branch's members only: another branch's member and
 * stay are 404, its list holds its branch's stays only, and it never reveals. */
static void secretary_within_branch(void **s)
{
    (void)s;
    struct http_res r;
    char bid[24], mine[24], theirs[24], sid_mine[24], sid_theirs[24], stok[2048], today[11], path[96],
        body[256], extra[64];
    test_today(today);
    branch_create(tok, "住院测试支部", "regular", "community", bid, sizeof(bid));
    snprintf(body, sizeof(body),
             "{\"username\":\"stay.sec\",\"display_name\":\"住院秘书\",\"role\":\"secretary\",\"password\":"
             "\"stay-secretary-pass-1\",\"branch_id\":\"%s\"}",
             bid);
    expect(201, "POST", "/v1/accounts", tok, body);
    login("440000", "stay.sec", "stay-secretary-pass-1", stok, sizeof(stok), NULL, 0);
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\"", bid);
    member("本支部", extra, mine, sizeof(mine));
    member("别支部", "", theirs, sizeof(theirs));
    admit_as(stok, mine, today, sid_mine, sizeof(sid_mine));
    admit(theirs, today, sid_theirs, sizeof(sid_theirs));
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", theirs);
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%s\",\"hospital\":\"x\"}", today);
    expect_problem(404, "POST", path, stok, body);
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s", sid_theirs);
    expect_problem(404, "GET", path, stok, NULL);
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s/discharge", sid_theirs);
    expect_problem(404, "POST", path, stok, "{}");
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s", sid_mine);
    expect(200, "GET", path, stok, NULL);
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s?reveal=true", sid_mine);
    expect_problem(403, "GET", path, stok, NULL);
    assert_int_equal(jreq("GET", "/v1/hospital-stays?limit=100", stok, NULL, &r), 200);
    assert_non_null(strstr(r.body, sid_mine));
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring, mine);
    }
    cJSON_Delete(j);
    http_free(&r);
}

/* The office's rule: PATCH /v1/offices/{code} hospital_visit_days; ?hospital_days=
 * overrides it; a visit before this admission does not clear the member. */
static void office_rule_and_earlier_visits(void **s)
{
    (void)s;
    char mid[24], sid[24], vid[24], today[11], yesterday[26], path[64], im[48], want[48];
    test_today(today);
    test_cn_at(-86400, yesterday);
    member("规则", "", mid, sizeof(mid));
    visit_on(mid, yesterday, vid, sizeof(vid)); /* before the admission */
    admit(mid, today, sid, sizeof(sid));
    assert_true(due_listed("", mid));
    snprintf(path, sizeof(path), "/v1/offices/440000");
    expect_field(422, "PATCH", path, tok, "{\"hospital_visit_days\":0}", "hospital_visit_days");
    if_match(path, tok, im, sizeof(im));
    expect_with(200, "PATCH", path, tok, "{\"hospital_visit_days\":3}", (const char *const[]){im, NULL});
    cJSON *it = due_item("", mid);
    assert_non_null(it);
    /* visit expected 3 days after today's admission */
    char by[26];
    test_cn_at(3 * 86400, by);
    snprintf(want, sizeof(want), "%.10s", by);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "visit_by")->valuestring, want);
    cJSON_Delete(it);
    cJSON *j = expect_json(200, "GET", "/v1/care/due?hospital_days=10", tok, NULL);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "hospital_days")->valueint, 10);
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/care/due", tok, NULL);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "hospital_days")->valueint, 3);
    cJSON_Delete(j);
    if_match(path, tok, im, sizeof(im));
    expect_with(200, "PATCH", path, tok, "{\"hospital_visit_days\":7}", (const char *const[]){im, NULL});
}

/* A member who dies in hospital leaves it with the record: the stay ends on the day of
 * death and the member is no longer in hospital now. */
static void death_ends_the_stay(void **s)
{
    (void)s;
    char mid[24], sid[24], yesterday[26], today[11], path[96], im[48], body[64];
    test_today(today);
    test_cn_at(-86400, yesterday);
    member("病故", "", mid, sizeof(mid));
    admit(mid, yesterday, sid, sizeof(sid));
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    if_match(path, tok, im, sizeof(im));
    snprintf(path, sizeof(path), "/v1/members/%s/death", mid);
    snprintf(body, sizeof(body), "{\"died_on\":\"%s\",\"reported_by\":\"子女\"}", today);
    expect_with(201, "POST", path, tok, body, (const char *const[]){im, NULL});
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s", sid);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "discharged_on")->valuestring, today);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "in_hospital")));
    cJSON_Delete(j);
}

/* The statistics count admissions and the visits made during stays in 人次. */
static void stays_in_statistics(void **s)
{
    (void)s;
    char mid[24], sid[24], vid[24], today[11];
    test_today(today);
    cJSON *j = expect_json(200, "GET", "/v1/stats/overview", tok, NULL);
    const cJSON *hs = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "total"), "care"),
        "hospital_stays");
    assert_non_null(hs);
    double adm = cJSON_GetObjectItemCaseSensitive(hs, "admissions")->valuedouble;
    double vis = cJSON_GetObjectItemCaseSensitive(hs, "visits")->valuedouble;
    cJSON_Delete(j);
    member("统计", "", mid, sizeof(mid));
    admit(mid, today, sid, sizeof(sid));
    visit_on(mid, today, vid, sizeof(vid));
    j = expect_json(200, "GET", "/v1/stats/overview", tok, NULL);
    hs = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "total"), "care"),
        "hospital_stays");
    assert_true(cJSON_GetObjectItemCaseSensitive(hs, "admissions")->valuedouble == adm + 1);
    assert_true(cJSON_GetObjectItemCaseSensitive(hs, "visits")->valuedouble == vis + 1);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(admission_visit_and_discharge), cmocka_unit_test(one_open_stay_and_bad_input),
        cmocka_unit_test(health_by_hand_refused),        cmocka_unit_test(corrections),
        cmocka_unit_test(masking_reveal_audit),          cmocka_unit_test(another_office),
        cmocka_unit_test(secretary_within_branch),       cmocka_unit_test(office_rule_and_earlier_visits),
        cmocka_unit_test(death_ends_the_stay),           cmocka_unit_test(stays_in_statistics),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
