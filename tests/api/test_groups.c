/* Formal affiliation and party groups (党小组) through HTTP (RULES.md, Temporary and
 * functional branches; Party groups): a primary membership only in a regular branch (create,
 * memberships, import, a branch's change of nature); groups under a regular branch with a
 * leader who is a formal member, a member in at most one group of their branch (also under
 * concurrent writes), the leader on the service card, group meetings judged month by month
 * and another office's 404s. Office 440000 is written here; 532822 is the other office. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char tok[2048], tok_other[2048];
static char br_a[24], br_b[24], br_t[24], br_e[24];
static char a1[24], a2[24], a3[24], a4[24], b1[24];
static unsigned idseq = 7100;

static void member_in(const char *branch, const char *name, const char *phone, char *id, size_t idlen)
{
    char idno[19], extra[160];
    idno_seq(idno, "440000", "1944", idseq++);
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"1968-07-01\",\"phone\":\"%s\",\"branch_id\":\"%s\"",
             phone, branch);
    member_create(tok, name, idno, "retired", extra, id, idlen);
}

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/groups-server.log");
    login("440000", "admin", "demo-440000-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    branch_create(tok, "市直小组测试第一支部", "regular", "work_unit", br_a, sizeof(br_a));
    branch_create(tok, "市直小组测试第二支部", "regular", "work_unit", br_b, sizeof(br_b));
    branch_create(tok, "老年大学小组测试临时支部", "temporary", "university_class", br_t, sizeof(br_t));
    branch_create(tok, "市直小组测试空支部", "regular", "community", br_e, sizeof(br_e));
    member_in(br_a, "组长甲", "13800001111", a1, sizeof(a1));
    member_in(br_a, "组员乙", "13800002222", a2, sizeof(a2));
    member_in(br_a, "组员丙", "13800003333", a3, sizeof(a3));
    member_in(br_a, "组员丁", "13800004444", a4, sizeof(a4));
    member_in(br_b, "二支部戊", "13800005555", b1, sizeof(b1));
    return 0;
}

/* The string at key of object j ("" when absent or not a string). */
static const char *str_at(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* RULES.md, Temporary and functional branches: formal affiliation is always a regular
 * branch; participation in a temporary one stays possible. */
static void formal_affiliation_only_in_regular_branches(void **s)
{
    (void)s;
    struct http_res r;
    char idno[19], body[256], path[96], ifm[64], csv[512];
    idno_seq(idno, "440000", "1944", idseq++);
    snprintf(body, sizeof(body),
             "{\"name\":\"临时支部党员\",\"id_number\":\"%s\",\"category\":\"retired\",\"branch_id\":\"%s\"}",
             idno, br_t);
    expect_field(422, "POST", "/v1/members", tok, body, "branch_id");
    assert_int_equal(jreq("POST", "/v1/members", tok, body, &r), 422);
    assert_non_null(strstr(r.body, "组织关系"));
    http_free(&r);
    /* moving a primary affiliation into the temporary branch: 422; taking part: 201 */
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", a4);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"primary\"}", br_t);
    expect_field(422, "POST", path, tok, body, "branch_id");
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"participating\"}", br_t);
    expect(201, "POST", path, tok, body);
    /* the import refuses a row whose branch is temporary */
    idno_seq(idno, "440000", "1944", idseq++);
    snprintf(csv, sizeof(csv),
             "name,id_number,category,branch\r\n导入临时,%s,retired,老年大学小组测试临时支部\r\n", idno);
    assert_int_equal(req("POST", "/v1/members/import", tok, "text/csv", csv, NULL, &r), 422);
    assert_non_null(strstr(r.body, "组织关系"));
    http_free(&r);
    /* a regular branch holding formal members keeps its nature (409 naming the rule) */
    snprintf(path, sizeof(path), "/v1/branches/%s", br_a);
    if_match(path, tok, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"nature\":\"temporary\"}", h, &r), 409);
    assert_non_null(strstr(r.body, "组织关系"));
    http_free(&r);
    /* an empty one may change; the cached tree shows the change */
    assert_int_equal(jreq("GET", "/v1/branches/tree", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "市直小组测试空支部"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/branches/%s", br_e);
    if_match(path, tok, ifm, sizeof(ifm));
    const char *h2[] = {ifm, NULL};
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"nature\":\"functional\"}", h2, &r), 200);
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/branches/tree", tok, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    const cJSON *it = NULL;
    bool seen = false;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(str_at(it, "id"), br_e) == 0) {
            assert_string_equal(str_at(it, "nature"), "functional");
            seen = true;
        }
    }
    cJSON_Delete(j);
    assert_true(seen);
}

struct racer {
    char path[160];
    long status;
};

static void *race(void *p)
{
    struct racer *x = p;
    struct http_res r;
    char auth[2200], url[256];
    const char *h[] = {auth, NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    snprintf(url, sizeof(url), "%s%s", api_base, x->path);
    x->status = http_do("PUT", url, h, NULL, 0, &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

/* The card of member id: its group and group leader objects (caller deletes j). */
static cJSON *card(const char *id, bool reveal)
{
    char path[128];
    snprintf(path, sizeof(path), "/v1/members/%s/service-card%s", id, reveal ? "?reveal=true" : "");
    return expect_json(200, "GET", path, tok, NULL);
}

static char g1[24], g2[24];

static void groups_leaders_and_members(void **s)
{
    (void)s;
    struct http_res r;
    char path[160], body[256], ifm[64];
    snprintf(path, sizeof(path), "/v1/branches/%s/groups", br_t);
    expect_problem(409, "POST", path, tok, "{\"name\":\"临时小组\"}");
    snprintf(path, sizeof(path), "/v1/branches/%s/groups", br_a);
    /* the leader is a formal member of the branch */
    snprintf(body, sizeof(body), "{\"name\":\"第一党小组\",\"leader_id\":\"%s\"}", b1);
    expect_field(422, "POST", path, tok, body, "leader_id");
    expect_field(422, "POST", path, tok, "{\"name\":\"第一党小组\",\"formed_on\":\"2999-01-01\"}",
                 "formed_on");
    expect_field(422, "POST", path, tok, "{\"leader_id\":null}", "name");
    snprintf(body, sizeof(body),
             "{\"name\":\"第一党小组\",\"leader_id\":\"%s\",\"formed_on\":\"2024-01-01\"}", a1);
    cJSON *j = expect_json(201, "POST", path, tok, body);
    snprintf(g1, sizeof(g1), "%s", str_at(j, "id"));
    assert_string_equal(str_at(cJSON_GetObjectItemCaseSensitive(j, "leader"), "name"), "组长甲");
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "member_count")->valuedouble, 1);
    cJSON_Delete(j);
    expect_problem(409, "POST", path, tok, "{\"name\":\"第一党小组\"}");
    /* the leader of one group cannot lead a second: a member is in one group only */
    snprintf(body, sizeof(body), "{\"name\":\"第二党小组\",\"leader_id\":\"%s\"}", a1);
    assert_int_equal(jreq("POST", path, tok, body, &r), 409);
    assert_non_null(strstr(r.body, "at most one party group"));
    http_free(&r);
    post_created(path, tok, "{\"name\":\"第二党小组\",\"formed_on\":\"2024-01-01\"}", g2, sizeof(g2));

    /* a3 has no group yet: the card says so */
    j = card(a3, false);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "group")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "group_leader")));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s/members/%s", br_a, g1, a3);
    expect(200, "PUT", path, tok, NULL);
    expect(200, "PUT", path, tok, NULL); /* again: no change */
    /* the card prints the leader, masked as the card's other phones; full with reveal */
    j = card(a3, false);
    assert_string_equal(str_at(cJSON_GetObjectItemCaseSensitive(j, "group"), "name"), "第一党小组");
    const cJSON *gl = cJSON_GetObjectItemCaseSensitive(j, "group_leader");
    assert_string_equal(str_at(gl, "name"), "组长甲");
    assert_string_equal(str_at(gl, "member_id"), a1);
    assert_non_null(strchr(str_at(gl, "phone"), '*'));
    assert_null(strstr(str_at(gl, "phone"), "13800001111"));
    cJSON_Delete(j);
    j = card(a3, true);
    assert_string_equal(str_at(cJSON_GetObjectItemCaseSensitive(j, "group_leader"), "phone"), "13800001111");
    cJSON_Delete(j);
    assert_int_equal(jreq("GET", "/v1/audit?action=member.phone_shown&limit=100", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, a1));
    http_free(&r);
    /* in one group of the branch only */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s/members/%s", br_a, g2, a3);
    assert_int_equal(jreq("PUT", path, tok, NULL, &r), 409);
    assert_non_null(strstr(r.body, "at most one party group"));
    http_free(&r);
    /* a member of another branch: 422 naming mid */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s/members/%s", br_a, g2, b1);
    expect_field(422, "PUT", path, tok, NULL, "mid");
    /* concurrent joins of two groups: one wins, the unique key refuses the other */
    struct racer rs[2];
    pthread_t th[2];
    snprintf(rs[0].path, sizeof(rs[0].path), "/v1/branches/%s/groups/%s/members/%s", br_a, g1, a2);
    snprintf(rs[1].path, sizeof(rs[1].path), "/v1/branches/%s/groups/%s/members/%s", br_a, g2, a2);
    for (int i = 0; i < 2; i++) {
        pthread_create(&th[i], NULL, race, &rs[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
    }
    assert_true((rs[0].status == 200 && rs[1].status == 409) || (rs[0].status == 409 && rs[1].status == 200));
    /* the leader stays until another is named */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s/members/%s", br_a, g1, a1);
    expect_problem(409, "DELETE", path, tok, NULL);
    /* a new leader for the second group joins it; the card of its member follows */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s", br_a, g2);
    if_match(path, tok, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(body, sizeof(body), "{\"leader_id\":\"%s\"}", a4);
    assert_int_equal(req("PATCH", path, tok, "application/json", body, h, &r), 200);
    assert_non_null(strstr(r.body, "组员丁"));
    http_free(&r);
    expect(428, "PATCH", path, tok, body);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups", br_a);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "第一党小组"));
    assert_non_null(strstr(r.body, "组员丁"));
    http_free(&r);
    /* a3's formal affiliation moves: it leaves the old branch's group, and its card shows none */
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", a3);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"primary\"}", br_b);
    expect(201, "POST", path, tok, body);
    j = card(a3, false);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "group_leader")));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s", br_a, g1);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_null(strstr(r.body, "组员丙"));
    http_free(&r);
    /* a member out of a group */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s/members/%s", br_a, g2, a4);
    expect(409, "DELETE", path, tok, NULL); /* a4 leads g2 */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s/members/%s", br_a, g1, a4);
    expect(404, "DELETE", path, tok, NULL);
}

/* The month (1-12) and year of the China date in an RFC 3339 time. */
static void month_of(const char *at, int *year, int *month)
{
    *year = atoi(at);
    *month = atoi(at + 5);
}

static const cJSON *month_entry(const cJSON *g, int month)
{
    return cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(g, "meetings"), "months"),
        month - 1);
}

static void group_meetings_judged_by_month(void **s)
{
    (void)s;
    struct http_res r;
    char path[160], body[512], past[26], later[26], gb[24], act[24];
    int py, pm, ly, lm;
    test_cn_at(-40 * 86400, past);
    test_cn_at(2 * 86400, later);
    month_of(past, &py, &pm);
    month_of(later, &ly, &lm);
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", br_a);
    /* the branch has groups: a group meeting names its group */
    snprintf(body, sizeof(body), "{\"kind\":\"group_meeting\",\"title\":\"小组会\",\"held_at\":\"%s\"}",
             past);
    expect_field(422, "POST", path, tok, body, "group_id");
    snprintf(body, sizeof(body),
             "{\"kind\":\"theme_day\",\"title\":\"主题党日\",\"held_at\":\"%s\",\"group_id\":\"%s\"}", past,
             g1);
    expect_field(422, "POST", path, tok, body, "group_id");
    /* a group of another branch */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups", br_b);
    post_created(path, tok, "{\"name\":\"二支部小组\"}", gb, sizeof(gb));
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", br_a);
    snprintf(body, sizeof(body),
             "{\"kind\":\"group_meeting\",\"title\":\"小组会\",\"held_at\":\"%s\",\"group_id\":\"%s\"}", past,
             gb);
    expect_field(422, "POST", path, tok, body, "group_id");
    snprintf(body, sizeof(body),
             "{\"kind\":\"group_meeting\",\"title\":\"小组会\",\"held_at\":\"%s\",\"group_id\":\"%s\"}", past,
             g1);
    cJSON *j = expect_json(201, "POST", path, tok, body);
    assert_string_equal(str_at(j, "group_id"), g1);
    snprintf(act, sizeof(act), "%s", str_at(j, "id"));
    cJSON_Delete(j);
    /* one scheduled two days ahead has not taken place: it does not count */
    snprintf(body, sizeof(body),
             "{\"kind\":\"group_meeting\",\"title\":\"下次小组会\",\"held_at\":\"%s\",\"group_id\":\"%s\"}",
             later, g1);
    expect(201, "POST", path, tok, body);
    /* the meeting's month is met, the rest of its months before it missed */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s?year=%d", br_a, g1, py);
    j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *m = month_entry(j, pm);
    assert_string_equal(str_at(m, "state"), "met");
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(m, "held")->valuedouble, 1);
    if (pm > 1) {
        assert_string_equal(str_at(month_entry(j, pm - 1), "state"), "missed");
    }
    cJSON_Delete(j);
    /* the branch's compliance lists the group's missed months with what else is missing */
    snprintf(path, sizeof(path), "/v1/branches/%s/compliance?year=%d", br_a, py);
    j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *grp = NULL, *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "groups"))
    {
        if (strcmp(str_at(it, "id"), g1) == 0) {
            grp = it;
        }
    }
    assert_non_null(grp);
    char label[32];
    snprintf(label, sizeof(label), "%04d-%02d", py, pm);
    bool met_listed = false, before_listed = false;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(grp, "months_missed"))
    {
        met_listed = met_listed || strcmp(it->valuestring, label) == 0;
    }
    assert_false(met_listed);
    if (pm > 1) {
        snprintf(label, sizeof(label), "%04d-%02d", py, pm - 1);
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "missing"))
        {
            before_listed = before_listed || (strcmp(str_at(it, "kind"), "group_meeting") == 0 &&
                                              strcmp(str_at(it, "period"), label) == 0 &&
                                              strcmp(str_at(it, "group_id"), g1) == 0);
        }
        assert_true(before_listed);
        assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "behind")));
    }
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s?year=%d", br_a, g1, ly);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_string_not_equal(str_at(month_entry(j, lm), "state"), "met");
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(month_entry(j, lm), "held")->valuedouble, 0);
    cJSON_Delete(j);
    /* formed on 1 January 2024, no meetings that year: twelve months missed; 2023 not due */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s?year=2024", br_a, g1);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(
        (int)cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "meetings"), "missed")
            ->valuedouble,
        12);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s?year=2023", br_a, g1);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(str_at(month_entry(j, 1), "state"), "not_due");
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s?year=1989", br_a, g1);
    expect_field(400, "GET", path, tok, NULL, "year");
    /* the group of the path must be the branch's */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s", br_b, g1);
    expect(404, "GET", path, tok, NULL);
    /* a removed group: 404, its meeting stays, no longer the group's */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s", br_b, gb);
    expect(204, "DELETE", path, tok, NULL);
    expect(404, "GET", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/activities/%s", act);
    expect(200, "GET", path, tok, NULL);
    (void)r;
}

static void another_office_gets_404(void **s)
{
    (void)s;
    char path[160];
    snprintf(path, sizeof(path), "/v1/branches/%s/groups", br_a);
    expect(404, "GET", path, tok_other, NULL);
    expect(404, "POST", path, tok_other, "{\"name\":\"越权小组\"}");
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s", br_a, g1);
    expect(404, "GET", path, tok_other, NULL);
    expect_with(404, "PATCH", path, tok_other, "{\"name\":\"越权\"}",
                (const char *const[]){"If-Match: \"1\"", NULL});
    expect(404, "DELETE", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s/members/%s", br_a, g1, a4);
    expect(404, "PUT", path, tok_other, NULL);
    expect(404, "DELETE", path, tok_other, NULL);
    /* and the group is still there for its own office */
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s", br_a, g1);
    expect(200, "GET", path, tok, NULL);
}

/* The demo county: the secretary sees its regular branch's two groups, each with a
 * leader and a year of meetings judged, and no other branch's; the demo member's card
 * prints its group leader, whose phone is full for the member the card belongs to. */
static void demo_county_groups_for_secretary_and_member(void **s)
{
    (void)s;
    struct http_res r;
    char sec[2048], mem[2048], jh[2048], path[160], own[24] = "", other[24] = "", gid[24] = "";
    login("532801", "secretary", "demo-532801-sec", sec, sizeof(sec), NULL, 0);
    login("532801", "member", "demo-532801-member", mem, sizeof(mem), NULL, 0);
    login("532801", "admin", "demo-532801-pass", jh, sizeof(jh), NULL, 0);
    cJSON *j = expect_json(200, "GET", "/v1/branches?limit=5", sec, NULL);
    snprintf(own, sizeof(own), "%s",
             str_at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0), "id"));
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/branches?limit=100&nature=regular&level=branch", jh, NULL);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(str_at(it, "id"), own) != 0) {
            snprintf(other, sizeof(other), "%s", str_at(it, "id"));
        }
    }
    cJSON_Delete(j);
    assert_true(own[0] && other[0]);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups", own);
    j = expect_json(200, "GET", path, sec, NULL);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 2);
    cJSON_ArrayForEach(it, items)
    {
        assert_true(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(it, "leader")));
    }
    snprintf(gid, sizeof(gid), "%s", str_at(cJSON_GetArrayItem(items, 0), "id"));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s/groups/%s", own, gid);
    j = expect_json(200, "GET", path, sec, NULL);
    int met = 0;
    cJSON_ArrayForEach(
        it, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "meetings"), "months"))
    {
        met += strcmp(str_at(it, "state"), "met") == 0;
    }
    cJSON_Delete(j);
    char today[11];
    test_today(today);
    /* a meeting on the 25th of each past month of this year (not every group every month) */
    assert_true(met > 0 || (atoi(today + 5) == 1 && atoi(today + 8) < 25));
    snprintf(path, sizeof(path), "/v1/branches/%s/groups", other);
    expect(404, "GET", path, sec, NULL);
    /* the member's own card: its group leader with a full phone */
    assert_int_equal(jreq("GET", "/v1/accounts?limit=100", jh, NULL, &r), 200);
    j = cJSON_Parse(r.body);
    http_free(&r);
    char me[24] = "";
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(str_at(it, "username"), "member") == 0) {
            snprintf(me, sizeof(me), "%s", str_at(it, "member_id"));
        }
    }
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/members/%s/service-card", me);
    j = expect_json(200, "GET", path, mem, NULL);
    const cJSON *gl = cJSON_GetObjectItemCaseSensitive(j, "group_leader");
    assert_true(cJSON_IsObject(gl));
    assert_true(strlen(str_at(gl, "phone")) == 11 && strchr(str_at(gl, "phone"), '*') == NULL);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formal_affiliation_only_in_regular_branches),
        cmocka_unit_test(groups_leaders_and_members),
        cmocka_unit_test(group_meetings_judged_by_month),
        cmocka_unit_test(another_office_gets_404),
        cmocka_unit_test(demo_county_groups_for_secretary_and_member),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
