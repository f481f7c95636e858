/* Organisational life and dues through HTTP: attendance of expected members only (送学上门
 * counts as organisational life), compliance per period of each rule (by quarter, the
 * office's year report, a branch's year), dues recorded once a
 * month all or nothing, arrears and CSV, and another office's 404s. Office 440000 is
 * written here; 532822 is the other office. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok[2048], tok_other[2048];
static char br_a[24], br_b[24], br_func[24];
static char m1[24], m2[24], m3[24], outsider[24];
static int idseq = 900;

static void member_in(const char *branch, const char *name, char *id, size_t idlen)
{
    char idno[19], extra[96];
    idno_seq(idno, "440000", "1945", (unsigned)idseq++);
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"1970-07-01\"%s%s%s", branch ? ",\"branch_id\":\"" : "",
             branch ? branch : "", branch ? "\"" : "");
    member_create(tok, name, idno, "retired", extra, id, idlen);
}

static int setup(void **s)
{
    (void)s;
    char body[128];
    api_start(NULL, "build/test-logs/orglife-server.log");
    login("440000", "admin", "demo-440000-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    branch_create(tok, "省直第一支部", "regular", "work_unit", br_a, sizeof(br_a));
    branch_create(tok, "省直第二支部", "regular", "work_unit", br_b, sizeof(br_b));
    branch_create(tok, "合唱团功能支部", "functional", "activity_team", br_func, sizeof(br_func));
    member_in(br_a, "甲", m1, sizeof(m1));
    member_in(br_a, "乙", m2, sizeof(m2));
    member_in(br_b, "丙", m3, sizeof(m3));
    member_in(br_b, "局外人", outsider, sizeof(outsider));
    /* 丙 takes part in the functional branch too */
    char path[96];
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", m3);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"participating\"}", br_func);
    expect(201, "POST", path, tok, body);
    /* full members (they may vote at a member meeting): the estimated 转正 of a record
     * without one, as sql/0023 gives old rows (RULES.md, Party standing) */
    struct db *db = test_db();
    static const char full[] =
        "UPDATE members SET full_member_on = DATE_ADD(joined_on, INTERVAL 1 YEAR), "
        "full_member_estimated = 1 WHERE office_code = '440000' AND full_member_on IS NULL "
        "AND joined_on IS NOT NULL";
    assert_int_equal(db_exec(db, full, NULL, 0, NULL, NULL, NULL), YH_OK);
    db_close(db);
    return 0;
}

static void activity(const char *branch, const char *kind, const char *held_at, const char *joint, char *id,
                     size_t idlen)
{
    char path[96], body[512];
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", branch);
    snprintf(body, sizeof(body),
             "{\"kind\":\"%s\",\"title\":\"%s\",\"held_at\":\"%s\",\"place\":\"活动室\"%s%s%s}", kind, kind,
             held_at, joint ? ",\"joint_branch_ids\":[\"" : "", joint ? joint : "", joint ? "\"]" : "");
    post_created(path, tok, body, id, idlen);
}

static int without_org_life(void)
{
    struct http_res r;
    char v[16];
    assert_int_equal(jreq("GET", "/v1/branches/coverage?months=12", tok, NULL, &r), 200);
    assert_true(json_member(r.body, "without_org_life", v, sizeof(v)));
    http_free(&r);
    return atoi(v);
}

/* The office's statistics for the quarter of the day `when` (YYYY-MM-DD...): attendance
 * records and attended. */
static void quarter_counts(const char *when, long *records, long *attended)
{
    struct http_res r;
    char path[64];
    snprintf(path, sizeof(path), "/v1/stats/overview?year=%.4s", when);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    assert_non_null(j);
    const cJSON *q = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "total"), "org_life"),
        (atoi(when + 5) - 1) / 3);
    assert_non_null(q);
    *records = (long)cJSON_GetObjectItemCaseSensitive(q, "attendance_records")->valuedouble;
    *attended = (long)cJSON_GetObjectItemCaseSensitive(q, "attended")->valuedouble;
    cJSON_Delete(j);
}

static void attendance_of_expected_members(void **s)
{
    (void)s;
    struct http_res r;
    char act[24], path[96], body[1024];
    char when[32];
    test_cn_at(-20 * 86400, when);
    memcpy(when + 11, "10:00:00", 8);
    /* a joint lecture of branch A and the functional branch: A's members and 丙 expected */
    activity(br_a, "lecture", when, br_func, act, sizeof(act));
    snprintf(path, sizeof(path), "/v1/activities/%s/attendance", act);
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"status\":\"present\"},{\"member_id\":\"%s\",\"status\":"
             "\"leave\"}]}",
             m1, m2);
    assert_int_equal(req("PUT", path, tok, "application/json", body, NULL, &r),
                     422); /* leave needs a reason */
    assert_non_null(strstr(r.body, "items[1].reason"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"items\":[{\"member_id\":\"%s\",\"status\":\"present\"}]}", outsider);
    assert_int_equal(req("PUT", path, tok, "application/json", body, NULL, &r),
                     422); /* branch B is not invited */
    assert_non_null(strstr(r.body, "items[0].member_id"));
    http_free(&r);
    int before = without_org_life();
    long rec0, att0, rec, att;
    quarter_counts(when, &rec0, &att0); /* cached from here on */
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"status\":\"present\"},{\"member_id\":\"%s\",\"status\":"
             "\"delivered\","
             "\"delivered_by\":\"组织委员\"},{\"member_id\":\"%s\",\"status\":\"leave\",\"reason\":\"住院\","
             "\"asked_by\":\"儿子\"}]}",
             m1, m2, m3);
    assert_int_equal(req("PUT", path, tok, "application/json", body, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"delivered\""));
    assert_non_null(strstr(r.body, "\"asked_by\":\"儿子\""));
    http_free(&r);
    /* present and study delivered at home count as organisational life; leave does not */
    assert_int_equal(without_org_life(), before - 2);
    /* the statistics follow: three records, two of them attended */
    quarter_counts(when, &rec, &att);
    assert_int_equal(rec, rec0 + 3);
    assert_int_equal(att, att0 + 2);
    /* the list is replaced as a whole */
    snprintf(body, sizeof(body), "{\"items\":[{\"member_id\":\"%s\",\"status\":\"absent\"}]}", m1);
    expect(200, "PUT", path, tok, body);
    assert_int_equal(without_org_life(), before);
    quarter_counts(when, &rec, &att);
    assert_int_equal(rec, rec0 + 1);
    assert_int_equal(att, att0);
    /* another office sees none of it */
    snprintf(path, sizeof(path), "/v1/activities/%s", act);
    expect(404, "GET", path, tok_other, NULL);
    expect_with(404, "PATCH", path, tok_other, "{\"title\":\"x\"}",
                (const char *const[]){"If-Match: \"1\"", NULL});
    snprintf(path, sizeof(path), "/v1/activities/%s/attendance", act);
    expect(404, "PUT", path, tok_other, "{\"items\":[]}");
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", br_a);
    expect(404, "GET", path, tok_other, NULL);
    expect(404, "POST", path, tok_other,
           "{\"kind\":\"lecture\",\"title\":\"x\",\"held_at\":\"2026-01-01T09:00:00+08:00\"}");
    /* bad input names the field */
    assert_int_equal(
        jreq("POST", path, tok, "{\"kind\":\"party\",\"title\":\"x\",\"held_at\":\"2026-01-01 09:00\"}", &r),
        422);
    assert_non_null(strstr(r.body, "\"field\":\"kind\""));
    assert_non_null(strstr(r.body, "\"field\":\"held_at\""));
    http_free(&r);
}

/* The attendance of activity act: members[0..n) present, the other given ones absent. */
static void attend(const char *act, const char *const *present, size_t np, const char *const *absent,
                   size_t na)
{
    char path[96], body[1024];
    int used = snprintf(body, sizeof(body), "{\"items\":[");
    for (size_t i = 0; i < np + na; i++) {
        used +=
            snprintf(body + used, sizeof(body) - (size_t)used, "%s{\"member_id\":\"%s\",\"status\":\"%s\"}",
                     i ? "," : "", i < np ? present[i] : absent[i - np], i < np ? "present" : "absent");
    }
    snprintf(body + used, sizeof(body) - (size_t)used, "]}");
    snprintf(path, sizeof(path), "/v1/activities/%s/attendance", act);
    expect(200, "PUT", path, tok, body);
}

/* The line of branch name among the items of body j (NULL when absent). */
static const cJSON *item_named(const cJSON *j, const char *name)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "name")->valuestring, name) == 0) {
            return it;
        }
    }
    return NULL;
}

/* RULES.md 三会一课: a monthly rule is judged month by month (three committee meetings in
 * March do not make up January and February), and a member meeting counts only with
 * more than half of its voting members present. */
static void compliance_by_quarter(void **s)
{
    (void)s;
    struct http_res r;
    char id[24], meeting[24];
    expect(200, "PUT", "/v1/org-life/rules", tok,
           "{\"rules\":[{\"kind\":\"committee_meeting\",\"period\":\"month\",\"times\":1},"
           "{\"kind\":\"member_meeting\",\"period\":\"quarter\",\"times\":1}]}");
    const char *months[] = {"2025-01-10T09:00:00+08:00", "2025-02-10T09:00:00+08:00",
                            "2025-03-10T09:00:00+08:00"};
    for (int i = 0; i < 3; i++) {
        activity(br_a, "committee_meeting", months[i], NULL, id, sizeof(id));
    }
    /* A's member meeting: 甲 of its two voting members present, not more than half */
    activity(br_a, "member_meeting", "2025-03-20T09:00:00+08:00", NULL, meeting, sizeof(meeting));
    attend(meeting, (const char *const[]){m1}, 1, (const char *const[]){m2}, 1);
    /* B: three committee meetings, all in March, and one in April */
    activity(br_b, "committee_meeting", "2025-03-02T09:00:00+08:00", NULL, id, sizeof(id));
    activity(br_b, "committee_meeting", "2025-03-10T09:00:00+08:00", NULL, id, sizeof(id));
    activity(br_b, "committee_meeting", "2025-03-31T23:59:00+08:00", NULL, id, sizeof(id));
    activity(br_b, "committee_meeting", "2025-04-01T00:30:00+08:00", NULL, id, sizeof(id)); /* Q2 */
    cJSON *j = expect_json(200, "GET", "/v1/org-life/compliance?year=2025&quarter=1", tok, NULL);
    char *txt = cJSON_PrintUnformatted(item_named(j, "省直第二支部"));
    assert_non_null(strstr(txt,
                           "{\"kind\":\"committee_meeting\",\"period\":\"month\",\"required\":3,\"held\":3,"
                           "\"behind\":true,\"missing\":[\"2025-01\",\"2025-02\"]}"));
    free(txt);
    txt = cJSON_PrintUnformatted(item_named(j, "省直第一支部"));
    assert_non_null(strstr(txt,
                           "{\"kind\":\"member_meeting\",\"period\":\"quarter\",\"required\":1,\"held\":0,"
                           "\"behind\":true,\"missing\":[\"2025-Q1\"]}"));
    free(txt);
    cJSON_Delete(j);
    /* both present: the meeting counts and A is no longer behind */
    attend(meeting, (const char *const[]){m1, m2}, 2, NULL, 0);
    assert_int_equal(jreq("GET", "/v1/org-life/compliance?year=2025&quarter=1", tok, NULL, &r), 200);
    assert_null(strstr(r.body, "省直第一支部"));
    assert_non_null(strstr(r.body, "省直第二支部"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/org-life/compliance?year=2025&quarter=1&all=true", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "省直第一支部"));
    http_free(&r);
    /* the functional branch is judged by the functional rule (study once a quarter), not
     * by the regular branches' committee meetings */
    j = expect_json(200, "GET", "/v1/org-life/compliance?year=2025&quarter=1", tok, NULL);
    txt = cJSON_PrintUnformatted(item_named(j, "合唱团功能支部"));
    assert_non_null(strstr(txt, "\"kinds\":[{\"kind\":\"study\",\"period\":\"quarter\""));
    assert_null(strstr(txt, "committee_meeting"));
    free(txt);
    cJSON_Delete(j);
    activity(br_func, "study", "2025-02-20T09:00:00+08:00", NULL, id, sizeof(id));
    assert_int_equal(jreq("GET", "/v1/org-life/compliance?year=2025&quarter=1", tok, NULL, &r), 200);
    assert_null(strstr(r.body, "合唱团功能支部"));
    http_free(&r);
    /* the office's own rule: committee meetings once a quarter; functional rules kept */
    expect(200, "PUT", "/v1/org-life/rules", tok,
           "{\"rules\":[{\"kind\":\"committee_meeting\",\"period\":\"quarter\",\"times\":1}]}");
    assert_int_equal(jreq("GET", "/v1/org-life/rules", tok, NULL, &r), 200);
    assert_non_null(
        strstr(r.body, "{\"nature\":\"functional\",\"kind\":\"study\",\"period\":\"quarter\",\"times\":1}"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/org-life/compliance?year=2025&quarter=1", tok, NULL, &r), 200);
    assert_null(strstr(r.body, "省直第二支部"));
    http_free(&r);
    assert_int_equal(req("PUT", "/v1/org-life/rules", tok, "application/json",
                         "{\"rules\":[{\"kind\":\"lecture\",\"period\":\"fortnight\",\"times\":1},"
                         "{\"nature\":\"class\",\"kind\":\"study\",\"period\":\"year\",\"times\":1}]}",
                         NULL, &r),
                     422);
    assert_non_null(strstr(r.body, "rules[0].period"));
    assert_non_null(strstr(r.body, "rules[1].nature"));
    http_free(&r);
    expect(400, "GET", "/v1/org-life/compliance?year=2025&quarter=5", tok, NULL);
    assert_int_equal(jreq("GET", "/v1/org-life/compliance?year=2025&quarter=1", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "省直"));
    http_free(&r);
    /* another office keeps the defaults of RULES.md, the yearly items included */
    assert_int_equal(jreq("GET", "/v1/org-life/rules", tok_other, NULL, &r), 200);
    assert_non_null(
        strstr(r.body, "{\"nature\":\"regular\",\"kind\":\"committee_meeting\",\"period\":\"month\""));
    assert_non_null(
        strstr(r.body, "{\"nature\":\"regular\",\"kind\":\"secretary_lecture\",\"period\":\"year\""));
    assert_non_null(strstr(r.body, "{\"nature\":\"regular\",\"kind\":\"member_review\",\"period\":\"year\""));
    assert_non_null(strstr(r.body, "{\"nature\":\"temporary\",\"kind\":\"study\",\"period\":\"quarter\""));
    assert_null(strstr(r.body, "\"period\":\"fortnight\""));
    http_free(&r);
}

/* The office's year report: what each branch misses period by period, the member
 * meetings without their quorum; cached, and activity and attendance writes invalidate it. */
/* The periods missed in quarter q (1-4) by the office line code of a compliance report,
 * after asserting its quarters add up to its missing and the report's quarters to its
 * offices'. */
static double quarter_missing(const cJSON *report, const char *code, int q)
{
    const cJSON *o = NULL, *line = NULL, *x = NULL;
    double sum_q[4] = {0}, sum_lines[4] = {0};
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(report, "offices"))
    {
        const cJSON *qs = cJSON_GetObjectItemCaseSensitive(o, "quarters");
        double all = 0;
        assert_int_equal(cJSON_GetArraySize(qs), 4); /* a past year: every quarter */
        for (int k = 0; k < 4; k++) {
            x = cJSON_GetArrayItem(qs, k);
            all += cJSON_GetObjectItemCaseSensitive(x, "missing")->valuedouble;
            sum_lines[k] += cJSON_GetObjectItemCaseSensitive(x, "missing")->valuedouble;
        }
        assert_true(all == cJSON_GetObjectItemCaseSensitive(o, "missing")->valuedouble);
        if (strcmp(cJSON_GetObjectItemCaseSensitive(o, "office_code")->valuestring, code) == 0) {
            line = o;
        }
    }
    for (int k = 0; k < 4; k++) {
        x = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(report, "quarters"), k);
        sum_q[k] = cJSON_GetObjectItemCaseSensitive(x, "missing")->valuedouble;
        assert_true(sum_q[k] == sum_lines[k]);
    }
    assert_non_null(line);
    x = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(line, "quarters"), q - 1);
    return cJSON_GetObjectItemCaseSensitive(x, "missing")->valuedouble;
}

static void compliance_report_of_the_office(void **s)
{
    (void)s;
    struct http_res r;
    char id[24], meeting[24], line[160], path[96], body[384];
    expect(200, "PUT", "/v1/org-life/rules", tok,
           "{\"rules\":[{\"kind\":\"committee_meeting\",\"period\":\"month\",\"times\":1},"
           "{\"kind\":\"org_life_meeting\",\"period\":\"year\",\"times\":1}]}");
    assert_int_equal(jreq("GET", "/v1/org-life/compliance/report?year=2025", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"office_code\":\"440000\""));
    assert_non_null(strstr(r.body, "{\"kind\":\"committee_meeting\",\"period\":\"2025-05\"}"));
    assert_non_null(strstr(r.body, "{\"kind\":\"org_life_meeting\",\"period\":\"2025\"}"));
    http_free(&r);
    /* cached: the same body again; a committee meeting for B in May is seen at once */
    cJSON *j = expect_json(200, "GET", "/v1/org-life/compliance/report?year=2025", tok, NULL);
    char *txt = cJSON_PrintUnformatted(item_named(j, "省直第二支部"));
    assert_non_null(strstr(txt, "{\"kind\":\"committee_meeting\",\"period\":\"2025-05\"}"));
    free(txt);
    cJSON_Delete(j);
    activity(br_b, "committee_meeting", "2025-05-06T09:00:00+08:00", NULL, id, sizeof(id));
    j = expect_json(200, "GET", "/v1/org-life/compliance/report?year=2025", tok, NULL);
    txt = cJSON_PrintUnformatted(item_named(j, "省直第二支部"));
    assert_null(strstr(txt, "{\"kind\":\"committee_meeting\",\"period\":\"2025-05\"}"));
    assert_non_null(strstr(txt, "{\"kind\":\"committee_meeting\",\"period\":\"2025-06\"}"));
    free(txt);
    cJSON_Delete(j);
    /* a member meeting nobody attended is flagged; its attendance, written, clears it */
    activity(br_a, "member_meeting", "2025-06-15T15:00:00+08:00", NULL, meeting, sizeof(meeting));
    snprintf(line, sizeof(line),
             "{\"activity_id\":\"%s\",\"held_at\":\"2025-06-15T15:00:00+08:00\",\"voters\":2,"
             "\"present\":0}",
             meeting);
    assert_int_equal(jreq("GET", "/v1/org-life/compliance/report?year=2025", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, line));
    http_free(&r);
    /* one of two present and the other's study delivered at home (送学上门): taking part, but
     * not presence where the meeting decides — still not more than half present */
    snprintf(path, sizeof(path), "/v1/activities/%s/attendance", meeting);
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"status\":\"present\"},{\"member_id\":\"%s\","
             "\"status\":\"delivered\",\"delivered_by\":\"组织委员\"}]}",
             m1, m2);
    expect(200, "PUT", path, tok, body);
    snprintf(line, sizeof(line),
             "{\"activity_id\":\"%s\",\"held_at\":\"2025-06-15T15:00:00+08:00\",\"voters\":2,"
             "\"present\":1}",
             meeting);
    assert_int_equal(jreq("GET", "/v1/org-life/compliance/report?year=2025", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, line));
    http_free(&r);
    attend(meeting, (const char *const[]){m1, m2}, 2, NULL, 0);
    assert_int_equal(jreq("GET", "/v1/org-life/compliance/report?year=2025", tok, NULL, &r), 200);
    assert_null(strstr(r.body, meeting));
    http_free(&r);
    /* another office's report holds none of this office's branches */
    assert_int_equal(jreq("GET", "/v1/org-life/compliance/report?year=2025", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "省直"));
    http_free(&r);
    expect_field(400, "GET", "/v1/org-life/compliance/report?year=1989", tok, NULL, "year");
}

/* The report by quarter (the yearly report's chart), on the rules the test before set: a
 * missed August committee meeting counts in the third quarter, the yearly item in the
 * fourth; holding it moves the third only. */
static void compliance_report_by_quarter(void **s)
{
    (void)s;
    char id[24];
    cJSON *j = expect_json(200, "GET", "/v1/org-life/compliance/report?year=2025", tok, NULL);
    double q3 = quarter_missing(j, "440000", 3), q4 = quarter_missing(j, "440000", 4);
    assert_true(q3 >= 1 && q4 >= 1);
    cJSON_Delete(j);
    activity(br_b, "committee_meeting", "2025-08-06T09:00:00+08:00", NULL, id, sizeof(id));
    j = expect_json(200, "GET", "/v1/org-life/compliance/report?year=2025", tok, NULL);
    assert_true(quarter_missing(j, "440000", 3) == q3 - 1);
    assert_true(quarter_missing(j, "440000", 4) == q4);
    cJSON_Delete(j);
}

/* One branch's year: the secretary's lecture (its speaker recorded), the yearly items,
 * and an activity still to come that does not count. */
static void compliance_of_a_branch(void **s)
{
    (void)s;
    struct http_res r;
    char id[24], path[96], body[512], ifm[64], when[26];
    expect(200, "PUT", "/v1/org-life/rules", tok,
           "{\"rules\":[{\"kind\":\"secretary_lecture\",\"period\":\"year\",\"times\":1},"
           "{\"kind\":\"heart_talk\",\"period\":\"year\",\"times\":1}]}");
    /* 甲 is A's secretary */
    snprintf(path, sizeof(path), "/v1/branches/%s", br_a);
    if_match(path, tok, ifm, sizeof(ifm));
    snprintf(body, sizeof(body), "{\"committee\":[{\"member_id\":\"%s\",\"role\":\"secretary\"}]}", m1);
    expect_with(200, "PATCH", path, tok, body, (const char *const[]){ifm, NULL});
    /* 乙's lecture is not the secretary's */
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", br_a);
    snprintf(body, sizeof(body),
             "{\"kind\":\"lecture\",\"title\":\"党课\",\"held_at\":\"2025-09-01T09:00:00+08:00\",\"speaker_"
             "id\":\"%s\"}",
             m2);
    post_created(path, tok, body, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/branches/%s/compliance?year=2025", br_a);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"missing\":[{\"kind\":\"heart_talk\",\"period\":\"2025\"},"
                                   "{\"kind\":\"secretary_lecture\",\"period\":\"2025\"}]"));
    assert_non_null(strstr(r.body, "\"behind\":true"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", br_a);
    snprintf(body, sizeof(body),
             "{\"kind\":\"lecture\",\"title\":\"书记讲党课\",\"held_at\":\"2025-10-01T09:00:00+08:00\","
             "\"speaker_id\":\"%s\"}",
             m1);
    post_created(path, tok, body, id, sizeof(id));
    activity(br_a, "heart_talk", "2025-11-01T09:00:00+08:00", NULL, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/branches/%s/compliance?year=2025", br_a);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(
        strstr(r.body, "{\"kind\":\"secretary_lecture\",\"period\":\"year\",\"times\":1,\"periods\":"
                       "[{\"period\":\"2025\",\"from\":\"2025-01-01\",\"to\":\"2026-01-01\",\"required\":1,"
                       "\"held\":1,\"state\":\"met\"}]}"));
    assert_non_null(strstr(r.body, "\"missing\":[]"));
    assert_non_null(strstr(r.body, "\"behind\":false"));
    http_free(&r);
    /* a talk two days ahead has not taken place: it does not count for its year */
    test_cn_at(2 * 86400, when);
    activity(br_b, "heart_talk", when, NULL, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/branches/%s/compliance?year=%.4s", br_b, when);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(
        strstr(r.body, "{\"kind\":\"heart_talk\",\"period\":\"year\",\"times\":1,\"periods\":[{"));
    assert_non_null(strstr(r.body, "\"required\":1,\"held\":0,"));
    http_free(&r);
    /* a speaker must be a member of this office; the new kinds are accepted */
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", br_a);
    expect_field(422, "POST", path, tok,
                 "{\"kind\":\"lecture\",\"title\":\"x\",\"held_at\":\"2025-10-01T09:00:00+08:00\",\"speaker_"
                 "id\":\"999999999\"}",
                 "speaker_id");
    activity(br_a, "member_review", "2025-12-01T09:00:00+08:00", NULL, id, sizeof(id));
    activity(br_a, "org_life_meeting", "2025-12-02T09:00:00+08:00", NULL, id, sizeof(id));
    /* another office, a bad year */
    snprintf(path, sizeof(path), "/v1/branches/%s/compliance?year=2025", br_a);
    expect(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/branches/%s/compliance?year=20x5", br_a);
    expect_field(400, "GET", path, tok, NULL, "year");
}

/* The demo county: a branch behind on last year's yearly items, and the secretary's view
 * (its own branch's year; another branch 404; the office's report is for office staff). */
static void compliance_in_the_demo_county(void **s)
{
    (void)s;
    struct http_res r;
    char tok_jh[2048], tok_sec[2048], bid[24] = "", path[96], today[11], needle[96];
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532801", "secretary", "demo-532801-sec", tok_sec, sizeof(tok_sec), NULL, 0);
    test_today(today);
    snprintf(path, sizeof(path), "/v1/org-life/compliance/report?year=%d", atoi(today) - 1);
    snprintf(needle, sizeof(needle), "{\"kind\":\"org_life_meeting\",\"period\":\"%d\"}", atoi(today) - 1);
    assert_int_equal(jreq("GET", path, tok_jh, NULL, &r), 200);
    assert_non_null(strstr(r.body, needle));
    http_free(&r);
    expect(403, "GET", path, tok_sec, NULL);
    cJSON *j = expect_json(200, "GET", "/v1/accounts?limit=100", tok_jh, NULL);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "username")->valuestring, "secretary") == 0) {
            snprintf(bid, sizeof(bid), "%s", cJSON_GetObjectItemCaseSensitive(it, "branch_id")->valuestring);
        }
    }
    cJSON_Delete(j);
    assert_true(bid[0] != '\0');
    snprintf(path, sizeof(path), "/v1/branches/%s/compliance", bid);
    assert_int_equal(jreq("GET", path, tok_sec, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"kind\":\"secretary_lecture\",\"period\":\"year\""));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/branches/%lld/compliance", atoll(bid) + 1);
    expect(404, "GET", path, tok_sec, NULL);
}

static void dues_once_a_month(void **s)
{
    (void)s;
    struct http_res r;
    char body[1024];
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"month\":\"2026-01\",\"amount_fen\":2000,\"paid_on\":\"2026-"
             "01-15\",\"channel\":\"wechat\"},"
             "{\"member_id\":\"%s\",\"month\":\"2026-02\",\"amount_fen\":2000,\"paid_on\":\"2026-02-15\","
             "\"channel\":\"cash\","
             "\"paid_by\":\"proxy\",\"proxy_name\":\"女儿\"}]}",
             m1, m1);
    assert_int_equal(jreq("POST", "/v1/dues", tok, body, &r), 201);
    assert_non_null(strstr(r.body, "\"recorded\":2"));
    http_free(&r);
    /* January again (with a new March): refused, and March is not recorded either */
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"month\":\"2026-03\",\"amount_fen\":2000,\"paid_on\":\"2026-"
             "03-15\",\"channel\":\"cash\"},"
             "{\"member_id\":\"%s\",\"month\":\"2026-01\",\"amount_fen\":2000,\"paid_on\":\"2026-03-15\","
             "\"channel\":\"cash\"}]}",
             m1, m1);
    assert_int_equal(jreq("POST", "/v1/dues", tok, body, &r), 409);
    assert_non_null(strstr(r.body, "2026-01"));
    http_free(&r);
    /* the same month twice in one request; a proxy without a name; another office's member */
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"month\":\"2026-04\",\"amount_fen\":1,\"paid_on\":\"2026-04-"
             "01\",\"channel\":\"cash\"},"
             "{\"member_id\":\"%s\",\"month\":\"2026-04\",\"amount_fen\":1,\"paid_on\":\"2026-04-01\","
             "\"channel\":\"cash\",\"paid_by\":\"proxy\"}]}",
             m2, m2);
    assert_int_equal(jreq("POST", "/v1/dues", tok, body, &r), 422);
    assert_non_null(strstr(r.body, "items[1].month"));
    assert_non_null(strstr(r.body, "items[1].proxy_name"));
    http_free(&r);
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"month\":\"2026-04\",\"amount_fen\":1,\"paid_on\":\"2026-04-"
             "01\",\"channel\":\"cash\"}]}",
             m1);
    assert_int_equal(jreq("POST", "/v1/dues", tok_other, body, &r), 422);
    assert_non_null(strstr(r.body, "items[0].member_id"));
    http_free(&r);
    /* arrears January to March: 甲 owes March only, 乙 three months */
    assert_int_equal(jreq("GET", "/v1/dues/arrears?from=2026-01&to=2026-03", tok, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *it = NULL;
    int owed_m1 = -1, owed_m2 = -1;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "members"))
    {
        const char *id = cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring;
        int owed = (int)cJSON_GetObjectItemCaseSensitive(it, "months_owed")->valuedouble;
        owed_m1 = strcmp(id, m1) == 0 ? owed : owed_m1;
        owed_m2 = strcmp(id, m2) == 0 ? owed : owed_m2;
    }
    cJSON_Delete(j);
    http_free(&r);
    assert_int_equal(owed_m1, 1);
    assert_int_equal(owed_m2, 3);
    assert_int_equal(jreq("GET", "/v1/dues/export?from=2026-01&to=2026-03", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "2026-02,"));
    assert_non_null(strstr(r.body, ",20.00,2026-02-15,proxy,女儿,cash"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/dues/export?from=2026-01&to=2026-03", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "女儿"));
    http_free(&r);
    expect(400, "GET", "/v1/dues/arrears?from=2026-13", tok, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(attendance_of_expected_members),
        cmocka_unit_test(compliance_by_quarter),
        cmocka_unit_test(compliance_report_of_the_office),
        cmocka_unit_test(compliance_report_by_quarter),
        cmocka_unit_test(compliance_of_a_branch),
        cmocka_unit_test(compliance_in_the_demo_county),
        cmocka_unit_test(dues_once_a_month),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
