/* Anonymous surveys through HTTP: questions and their rules, one ballot per member, a
 * ballot spent once, answers checked against the questions, results with counts, means,
 * texts and the satisfaction rate, and anonymity: no table holds a link from an answer
 * to a member, and no column records when an answer came. Office 532801 is written here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/util.h"

static pid_t server;
static char tok_staff[2048], tok_m1[2048], tok_m2[2048], tok_other[2048], survey[24];

static int setup(void **s)
{
    (void)s;
    struct http_res r;
    char body[256];
    server = server_start(NULL, api_base, sizeof(api_base), "build/test-logs/surveys-server.log");
    login("532801", "admin", "demo-532801-pass", tok_staff, sizeof(tok_staff), NULL, 0);
    login("532801", "member", "demo-532801-member", tok_m1, sizeof(tok_m1), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    /* a second member account, bound to another member of the county */
    struct config cfg;
    enum yh_err err;
    struct db_rows rows;
    test_config(&cfg);
    struct db *db = db_open(&cfg, &err);
    assert_non_null(db);
    assert_int_equal(db_exec(db, "SELECT MIN(id) FROM members WHERE office_code = '532801' AND status = 'active'", NULL, 0,
                             &rows, NULL, NULL),
                     YH_OK);
    snprintf(body, sizeof(body),
             "{\"username\":\"survey-voter\",\"display_name\":\"问卷党员\",\"role\":\"member\",\"password\":\"survey-voter-pass\","
             "\"member_id\":\"%s\"}",
             db_str(&rows, 0, 0));
    db_rows_free(&rows);
    db_close(db);
    assert_int_equal(jreq("POST", "/v1/accounts", tok_staff, body, &r), 201);
    http_free(&r);
    login("532801", "survey-voter", "survey-voter-pass", tok_m2, sizeof(tok_m2), NULL, 0);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    server_stop(server);
    return 0;
}

static long post(const char *path, const char *token, const char *body, struct http_res *r)
{
    return jreq("POST", path, token, body, r);
}

static void expect(const char *path, const char *token, const char *body, long status, const char *field)
{
    struct http_res r;
    long st = post(path, token, body, &r);
    char want[80] = "";
    if (field) {
        snprintf(want, sizeof(want), "\"field\":\"%s\"", field);
    }
    if (st != status || (field && strstr(r.body, want) == NULL)) {
        fail_msg("POST %s %s: %ld %s (expected %ld %s)", path, body ? body : "", st, r.body, status, field ? field : "");
    }
    http_free(&r);
}

static void ballot_of(const char *token, char *out, size_t n)
{
    struct http_res r;
    char path[96];
    snprintf(path, sizeof(path), "/v1/surveys/%s/ballots", survey);
    assert_int_equal(post(path, token, NULL, &r), 201);
    assert_true(json_member(r.body, "ballot", out, n));
    http_free(&r);
}

static void anonymous_satisfaction_survey(void **s)
{
    (void)s;
    struct http_res r;
    char path[96], body[512], b1[80], b2[80];
    /* question rules name the field */
    expect("/v1/surveys", tok_staff, "{\"title\":\"x\",\"questions\":[]}", 422, "questions");
    expect("/v1/surveys", tok_staff, "{\"title\":\"x\",\"questions\":[{\"kind\":\"single\",\"text\":\"q\",\"options\":[\"只有一个\"]}]}",
           422, "questions[0].options");
    expect("/v1/surveys", tok_staff, "{\"title\":\"x\",\"questions\":[{\"kind\":\"scale\",\"text\":\"q\",\"options\":[\"a\",\"b\"]}]}",
           422, "questions[0].options");
    expect("/v1/surveys", tok_staff, "{\"title\":\"x\",\"questions\":[{\"kind\":\"poll\",\"text\":\"q\"}]}", 422,
           "questions[0].kind");
    expect("/v1/surveys", tok_m1, "{\"title\":\"x\",\"questions\":[{\"kind\":\"text\",\"text\":\"q\"}]}", 403, NULL);
    assert_int_equal(post("/v1/surveys", tok_staff,
                          "{\"title\":\"2026年度老干部工作满意度测评 😊\",\"questions\":["
                          "{\"kind\":\"scale\",\"text\":\"对组织生活安排的满意程度\"},"
                          "{\"kind\":\"single\",\"text\":\"最希望增加的服务\",\"options\":[\"送学上门\",\"健康讲座\",\"文体活动\"]},"
                          "{\"kind\":\"text\",\"text\":\"意见和建议\"}]}",
                          &r),
                     201);
    assert_true(json_member(r.body, "id", survey, sizeof(survey)));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/surveys/%s", survey);
    assert_int_equal(jreq("GET", path, tok_m1, NULL, &r), 404); /* a draft is not shown to members */
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/surveys/%s/ballots", survey);
    expect(path, tok_m1, NULL, 404, NULL);
    snprintf(path, sizeof(path), "/v1/surveys/%s/status", survey);
    expect(path, tok_staff, "{\"status\":\"closed\"}", 409, NULL); /* draft → closed skips open */
    expect(path, tok_staff, "{\"status\":\"open\"}", 200, NULL);
    /* one ballot per member */
    ballot_of(tok_m1, b1, sizeof(b1));
    ballot_of(tok_m2, b2, sizeof(b2));
    snprintf(path, sizeof(path), "/v1/surveys/%s/ballots", survey);
    expect(path, tok_m1, NULL, 409, NULL);
    expect(path, tok_staff, NULL, 403, NULL);
    /* answers are checked against the questions; a bad request does not spend the ballot */
    snprintf(path, sizeof(path), "/v1/surveys/%s/responses", survey);
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":6}]}", b1);
    expect(path, tok_m1, body, 422, "answers[0].scale");
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":2,\"choice\":4}]}", b1);
    expect(path, tok_m1, body, 422, "answers[0].choice");
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":5},{\"question\":1,\"scale\":4}]}", b1);
    expect(path, tok_m1, body, 422, "answers[1].question");
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":9,\"scale\":4}]}", b1);
    expect(path, tok_m1, body, 422, "answers[0].question");
    expect(path, tok_m1, "{\"ballot\":\"forged-ballot\",\"answers\":[{\"question\":1,\"scale\":5}]}", 422, "ballot");
    snprintf(body, sizeof(body),
             "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":5},{\"question\":2,\"choice\":1},{\"question\":3,"
             "\"text\":\"希望多组织送学上门 👍\"}]}",
             b1);
    expect(path, tok_m1, body, 204, NULL);
    expect(path, tok_m1, body, 422, "ballot"); /* spent */
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":3},{\"question\":2,\"choice\":1}]}", b2);
    expect(path, tok_m2, body, 204, NULL);
    /* results */
    snprintf(path, sizeof(path), "/v1/surveys/%s/results", survey);
    assert_int_equal(jreq("GET", path, tok_m1, NULL, &r), 403);
    http_free(&r);
    assert_int_equal(jreq("GET", path, tok_other, NULL, &r), 404);
    http_free(&r);
    assert_int_equal(jreq("GET", path, tok_staff, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "responses")->valuedouble, 2);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "ballots_taken")->valuedouble, 2);
    /* two responses, below the office's threshold (5): no counts, no texts, no rate */
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "suppressed")));
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "min_responses")->valuedouble, 5);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "satisfaction_rate")));
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(j, "questions");
    assert_int_equal(cJSON_GetArraySize(qs), 3);
    for (int i = 0; i < 3; i++) {
        const cJSON *q = cJSON_GetArrayItem(qs, i);
        assert_null(cJSON_GetObjectItemCaseSensitive(q, "counts"));
        assert_null(cJSON_GetObjectItemCaseSensitive(q, "texts"));
        assert_null(cJSON_GetObjectItemCaseSensitive(q, "mean"));
        assert_null(cJSON_GetObjectItemCaseSensitive(q, "answered"));
    }
    cJSON_Delete(j);
    /* anonymity: the tables that hold answers and ballots have no member and no time
     * column, and nothing else in the schema points at them */
    struct config cfg;
    enum yh_err err;
    struct db_rows rows;
    test_config(&cfg);
    struct db *db = db_open(&cfg, &err);
    assert_non_null(db);
    assert_int_equal(
        db_exec(
            db,
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
            "AND table_name IN ('survey_answers', 'survey_ballots', 'survey_spent') AND (column_name LIKE "
            "'%member%' OR "
            "column_name LIKE '%account%' OR column_name LIKE '%actor%' OR data_type IN ('datetime', "
            "'timestamp', 'date') OR extra LIKE '%auto_increment%')",
            NULL, 0, &rows, NULL, NULL),
        YH_OK);
    assert_int_equal((int)rows.nrows, 0);
    db_rows_free(&rows);
    assert_int_equal(
        db_exec(
            db,
            "SELECT COUNT(*) FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND "
            "referenced_table_name IN ('survey_answers', 'survey_ballots', 'survey_spent')",
            NULL, 0, &rows, NULL, NULL),
        YH_OK);
    assert_int_equal((int)db_i64(&rows, 0, 0), 0);
    db_rows_free(&rows);
    /* the audit log holds nothing of ballots or answers */
    assert_int_equal(db_exec(db, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'survey.%' AND action NOT IN ('survey.create', "
                                 "'survey.status')",
                             NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    assert_int_equal((int)db_i64(&rows, 0, 0), 0);
    db_rows_free(&rows);
    db_close(db);
    /* closed: no more answers */
    snprintf(path, sizeof(path), "/v1/surveys/%s/status", survey);
    expect(path, tok_staff, "{\"status\":\"closed\"}", 200, NULL);
    snprintf(path, sizeof(path), "/v1/surveys/%s", survey);
    assert_int_equal(jreq("GET", path, tok_other, NULL, &r), 404);
    http_free(&r);
}

static int64_t count_of(struct db *db, const char *sql, int64_t id)
{
    struct db_rows rows;
    struct db_param p[] = {P_I64(id)};
    assert_int_equal(db_exec(db, sql, p, 1, &rows, NULL, NULL), YH_OK);
    int64_t n = db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    return n;
}

static void results_of(const char *sid, cJSON **out)
{
    struct http_res r;
    char path[96];
    snprintf(path, sizeof(path), "/v1/surveys/%s/results", sid);
    assert_int_equal(jreq("GET", path, tok_staff, NULL, &r), 200);
    *out = cJSON_Parse(r.body);
    http_free(&r);
    assert_non_null(*out);
}

/* k-anonymity of results (4 answers: suppressed, 5: shown; the office setting moves the
 * threshold) and ballots that nothing written links to their voter: taking a ballot
 * writes the voter mark only (no ballot row, no hash of the token anywhere); spending it
 * writes the hash into survey_spent, which has no member, time or auto-increment. */
static void threshold_and_unlinkable_ballots(void **s)
{
    (void)s;
    struct http_res r;
    char sid[24], path[96], body[512], toks[5][2048], ballot[80];
    struct config cfg;
    enum yh_err err;
    struct db_rows rows;
    test_config(&cfg);
    struct db *db = db_open(&cfg, &err);
    assert_non_null(db);
    memcpy(toks[0], tok_m1, sizeof(toks[0]));
    memcpy(toks[1], tok_m2, sizeof(toks[1]));
    assert_int_equal(
        db_exec(db,
                "SELECT id FROM members WHERE office_code = '532801' AND status = 'active' AND id NOT IN "
                "(SELECT member_id FROM accounts WHERE member_id IS NOT NULL) ORDER BY id LIMIT 3",
                NULL, 0, &rows, NULL, NULL),
        YH_OK);
    assert_int_equal((int)rows.nrows, 3);
    for (int i = 0; i < 3; i++) {
        char user[32], pass[32];
        snprintf(user, sizeof(user), "k-voter-%d", i);
        snprintf(pass, sizeof(pass), "k-voter-pass-%d", i);
        snprintf(body, sizeof(body),
                 "{\"username\":\"%s\",\"display_name\":\"问卷党员%d\",\"role\":\"member\",\"password\":\"%"
                 "s\",\"member_id\":\"%s\"}",
                 user, i, pass, db_str(&rows, (size_t)i, 0));
        assert_int_equal(jreq("POST", "/v1/accounts", tok_staff, body, &r), 201);
        http_free(&r);
        login("532801", user, pass, toks[2 + i], sizeof(toks[2 + i]), NULL, 0);
    }
    db_rows_free(&rows);
    assert_int_equal(
        post("/v1/surveys", tok_staff,
             "{\"title\":\"送学上门满意度\",\"questions\":[{\"kind\":\"scale\",\"text\":\"满意程度\"},"
             "{\"kind\":\"text\",\"text\":\"建议\"}]}",
             &r),
        201);
    assert_true(json_member(r.body, "id", sid, sizeof(sid)));
    http_free(&r);
    int64_t id = atoll(sid);
    snprintf(path, sizeof(path), "/v1/surveys/%s/status", sid);
    expect(path, tok_staff, "{\"status\":\"open\"}", 200, NULL);
    for (int i = 0; i < 5; i++) {
        /* taking a ballot writes the voter's mark and nothing else */
        snprintf(path, sizeof(path), "/v1/surveys/%s/ballots", sid);
        assert_int_equal(post(path, toks[i], NULL, &r), 201);
        assert_true(json_member(r.body, "ballot", ballot, sizeof(ballot)));
        http_free(&r);
        assert_int_equal(count_of(db, "SELECT COUNT(*) FROM survey_voters WHERE survey_id = ?", id), i + 1);
        assert_int_equal(count_of(db, "SELECT COUNT(*) FROM survey_ballots WHERE survey_id = ?", id), 0);
        assert_int_equal(count_of(db, "SELECT COUNT(*) FROM survey_spent WHERE survey_id = ?", id), i);
        unsigned char h[32];
        sha256(ballot, strlen(ballot), h);
        struct db_param hp[] = {P_BLOB(h, 32)};
        assert_int_equal(
            db_exec(db,
                    "SELECT (SELECT COUNT(*) FROM survey_spent WHERE ballot = ?) + (SELECT COUNT(*) FROM "
                    "survey_ballots WHERE ballot = ?)",
                    (struct db_param[]){hp[0], hp[0]}, 2, &rows, NULL, NULL),
            YH_OK);
        assert_int_equal((int)db_i64(&rows, 0, 0), 0);
        db_rows_free(&rows);
        /* a ballot of another survey, or altered, is refused */
        char forged[80];
        snprintf(forged, sizeof(forged), "%s", ballot);
        forged[30] = forged[30] == 'a' ? 'b' : 'a';
        snprintf(path, sizeof(path), "/v1/surveys/%s/responses", sid);
        snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":4}]}",
                 forged);
        expect(path, toks[i], body, 422, "ballot");
        snprintf(body, sizeof(body),
                 "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":%d},{\"question\":2,\"text\":"
                 "\"建议%d号\"}]}",
                 ballot, 5 - (i % 2), i);
        expect(path, toks[i], body, 204, NULL);
        expect(path, toks[i], body, 422, "ballot"); /* spent */
        assert_int_equal(count_of(db, "SELECT COUNT(*) FROM survey_spent WHERE survey_id = ?", id), i + 1);
        cJSON *j;
        results_of(sid, &j);
        assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "responses")->valuedouble, i + 1);
        bool suppressed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "suppressed"));
        const cJSON *qs = cJSON_GetObjectItemCaseSensitive(j, "questions");
        char *text = cJSON_PrintUnformatted(j);
        if (i < 4) { /* 1 to 4 answers: suppressed */
            assert_true(suppressed);
            assert_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(qs, 0), "counts"));
            assert_null(strstr(text, "建议0号"));
            assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "satisfaction_rate")));
        } else { /* 5: shown */
            assert_false(suppressed);
            const cJSON *counts = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(qs, 0), "counts");
            assert_int_equal((int)cJSON_GetArrayItem(counts, 4)->valuedouble, 3); /* three 5s */
            assert_int_equal((int)cJSON_GetArrayItem(counts, 3)->valuedouble, 2); /* two 4s */
            assert_non_null(strstr(text, "建议0号"));
            assert_non_null(strstr(text, "建议4号"));
            assert_true(cJSON_GetObjectItemCaseSensitive(j, "satisfaction_rate")->valuedouble == 1.0);
        }
        free(text);
        cJSON_Delete(j);
    }
    /* the threshold is the office's setting */
    assert_int_equal(jreq("GET", "/v1/offices/532801", tok_staff, NULL, &r), 200);
    char v[16], im[32];
    assert_true(json_member(r.body, "version", v, sizeof(v)));
    assert_non_null(strstr(r.body, "\"survey_min_responses\":5"));
    http_free(&r);
    snprintf(im, sizeof(im), "If-Match: \"%s\"", v);
    assert_int_equal(req("PATCH", "/v1/offices/532801", tok_staff, "application/json",
                         "{\"survey_min_responses\":1}", (const char *const[]){im, NULL}, &r),
                     422); /* at least 2 */
    assert_non_null(strstr(r.body, "survey_min_responses"));
    http_free(&r);
    assert_int_equal(req("PATCH", "/v1/offices/532801", tok_staff, "application/json",
                         "{\"survey_min_responses\":6}", (const char *const[]){im, NULL}, &r),
                     200);
    assert_true(json_member(r.body, "version", v, sizeof(v)));
    http_free(&r);
    cJSON *j;
    results_of(sid, &j);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "suppressed")));
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "min_responses")->valuedouble, 6);
    cJSON_Delete(j);
    snprintf(im, sizeof(im), "If-Match: \"%s\"", v);
    assert_int_equal(req("PATCH", "/v1/offices/532801", tok_staff, "application/json",
                         "{\"survey_min_responses\":5}", (const char *const[]){im, NULL}, &r),
                     200);
    http_free(&r);
    /* the tables written when a ballot is taken and when it is spent have no member, no
     * time and no auto-increment column: only the voter mark names a member */
    assert_int_equal(
        db_exec(
            db,
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
            "AND table_name IN ('survey_voters', 'survey_spent', 'survey_answers') AND (data_type IN "
            "('datetime', 'timestamp', 'date', 'time') OR extra LIKE '%auto_increment%' OR extra LIKE "
            "'%on update%' OR column_default LIKE '%current_timestamp%')",
            NULL, 0, &rows, NULL, NULL),
        YH_OK);
    assert_int_equal((int)rows.nrows, 0);
    db_rows_free(&rows);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(anonymous_satisfaction_survey),
                                       cmocka_unit_test(threshold_and_unlinkable_ballots)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
