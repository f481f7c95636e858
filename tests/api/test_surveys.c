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

static char tok_staff[2048], tok_m1[2048], tok_m2[2048], tok_other[2048], survey[24];

static int setup(void **s)
{
    (void)s;
    char mid[24], aid[24];
    api_start(NULL, "build/test-logs/surveys-server.log");
    login("532801", "admin", "demo-532801-pass", tok_staff, sizeof(tok_staff), NULL, 0);
    login("532801", "member", "demo-532801-member", tok_m1, sizeof(tok_m1), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    /* a second member account, bound to another member of the county */
    struct db_rows rows;
    struct db *db = test_db();
    assert_int_equal(db_exec(db, "SELECT MIN(id) FROM members WHERE office_code = '532801' AND status = 'active'", NULL, 0,
                             &rows, NULL, NULL),
                     YH_OK);
    snprintf(mid, sizeof(mid), "%s", db_str(&rows, 0, 0));
    db_rows_free(&rows);
    db_close(db);
    member_account_create(tok_staff, "survey-voter", "问卷党员", "survey-voter-pass", mid, aid, sizeof(aid));
    login("532801", "survey-voter", "survey-voter-pass", tok_m2, sizeof(tok_m2), NULL, 0);
    return 0;
}

/* POSTs body as token: status, and a problem naming field when field != NULL. */
static void posted(const char *path, const char *token, const char *body, long status, const char *field)
{
    if (field) {
        expect_field(status, "POST", path, token, body, field);
    } else {
        expect(status, "POST", path, token, body);
    }
}

static void ballot_of(const char *token, char *out, size_t n)
{
    struct http_res r;
    char path[96];
    snprintf(path, sizeof(path), "/v1/surveys/%s/ballots", survey);
    assert_int_equal(jreq("POST", path, token, NULL, &r), 201);
    assert_true(json_member(r.body, "ballot", out, n));
    http_free(&r);
}

/* The fixtures of one test: survey is a draft, then open, then answered by both members. */
static int drafted(void **s)
{
    (void)s;
    post_created("/v1/surveys", tok_staff,
                 "{\"title\":\"2026年度老干部工作满意度测评 😊\",\"questions\":["
                 "{\"kind\":\"scale\",\"text\":\"对组织生活安排的满意程度\"},"
                 "{\"kind\":\"single\",\"text\":\"最希望增加的服务\",\"options\":[\"送学上门\",\"健康讲座\","
                 "\"文体活动\"]},"
                 "{\"kind\":\"text\",\"text\":\"意见和建议\"}]}",
                 survey, sizeof(survey));
    return 0;
}

static int opened(void **s)
{
    char path[96];
    drafted(s);
    snprintf(path, sizeof(path), "/v1/surveys/%s/status", survey);
    posted(path, tok_staff, "{\"status\":\"open\"}", 200, NULL);
    return 0;
}

static int answered(void **s)
{
    char path[96], body[512], b1[80], b2[80];
    opened(s);
    ballot_of(tok_m1, b1, sizeof(b1));
    ballot_of(tok_m2, b2, sizeof(b2));
    snprintf(path, sizeof(path), "/v1/surveys/%s/responses", survey);
    snprintf(body, sizeof(body),
             "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":5},{\"question\":2,\"choice\":1},{"
             "\"question\":3,"
             "\"text\":\"希望多组织送学上门 👍\"}]}",
             b1);
    posted(path, tok_m1, body, 204, NULL);
    snprintf(body, sizeof(body),
             "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":3},{\"question\":2,\"choice\":1}]}",
             b2);
    posted(path, tok_m2, body, 204, NULL);
    return 0;
}

/* Question rules name the field; members do not make surveys. */
static void question_rules_name_the_field(void **s)
{
    (void)s;
    posted("/v1/surveys", tok_staff, "{\"title\":\"x\",\"questions\":[]}", 422, "questions");
    posted(
        "/v1/surveys", tok_staff,
        "{\"title\":\"x\",\"questions\":[{\"kind\":\"single\",\"text\":\"q\",\"options\":[\"只有一个\"]}]}",
        422, "questions[0].options");
    posted("/v1/surveys", tok_staff,
           "{\"title\":\"x\",\"questions\":[{\"kind\":\"scale\",\"text\":\"q\",\"options\":[\"a\",\"b\"]}]}",
           422, "questions[0].options");
    posted("/v1/surveys", tok_staff, "{\"title\":\"x\",\"questions\":[{\"kind\":\"poll\",\"text\":\"q\"}]}",
           422, "questions[0].kind");
    posted("/v1/surveys", tok_m1, "{\"title\":\"x\",\"questions\":[{\"kind\":\"text\",\"text\":\"q\"}]}", 403,
           NULL);
}

/* A draft is not shown to members and takes no ballots; it opens before it closes. */
static void draft_hidden_until_opened(void **s)
{
    (void)s;
    char path[96];
    snprintf(path, sizeof(path), "/v1/surveys/%s", survey);
    expect(404, "GET", path, tok_m1, NULL);
    snprintf(path, sizeof(path), "/v1/surveys/%s/ballots", survey);
    posted(path, tok_m1, NULL, 404, NULL);
    snprintf(path, sizeof(path), "/v1/surveys/%s/status", survey);
    posted(path, tok_staff, "{\"status\":\"closed\"}", 409, NULL); /* draft → closed skips open */
    posted(path, tok_staff, "{\"status\":\"open\"}", 200, NULL);
}

/* One ballot per member (staff take none); answers are checked against the questions, a
 * bad request does not spend the ballot, and a ballot is spent once. */
static void one_ballot_per_member_spent_once(void **s)
{
    (void)s;
    char path[96], body[512], b1[80], b2[80];
    ballot_of(tok_m1, b1, sizeof(b1));
    ballot_of(tok_m2, b2, sizeof(b2));
    snprintf(path, sizeof(path), "/v1/surveys/%s/ballots", survey);
    posted(path, tok_m1, NULL, 409, NULL);
    posted(path, tok_staff, NULL, 403, NULL);
    snprintf(path, sizeof(path), "/v1/surveys/%s/responses", survey);
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":6}]}", b1);
    posted(path, tok_m1, body, 422, "answers[0].scale");
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":2,\"choice\":4}]}", b1);
    posted(path, tok_m1, body, 422, "answers[0].choice");
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":5},{\"question\":1,\"scale\":4}]}", b1);
    posted(path, tok_m1, body, 422, "answers[1].question");
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":9,\"scale\":4}]}", b1);
    posted(path, tok_m1, body, 422, "answers[0].question");
    posted(path, tok_m1, "{\"ballot\":\"forged-ballot\",\"answers\":[{\"question\":1,\"scale\":5}]}", 422,
           "ballot");
    snprintf(body, sizeof(body),
             "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":5},{\"question\":2,\"choice\":1},{\"question\":3,"
             "\"text\":\"希望多组织送学上门 👍\"}]}",
             b1);
    posted(path, tok_m1, body, 204, NULL);
    posted(path, tok_m1, body, 422, "ballot"); /* spent */
    snprintf(body, sizeof(body), "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":3},{\"question\":2,\"choice\":1}]}", b2);
    posted(path, tok_m2, body, 204, NULL);
}

/* Results are staff's; two responses, below the office's threshold (5): no counts, no
 * texts, no rate. */
static void results_below_the_threshold_suppressed(void **s)
{
    (void)s;
    char path[96];
    snprintf(path, sizeof(path), "/v1/surveys/%s/results", survey);
    expect(403, "GET", path, tok_m1, NULL);
    expect(404, "GET", path, tok_other, NULL);
    cJSON *j = expect_json(200, "GET", path, tok_staff, NULL);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "responses")->valuedouble, 2);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "ballots_taken")->valuedouble, 2);
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
}

/* Anonymity: the tables that hold answers and ballots have no member and no time column,
 * nothing else in the schema points at them, and the audit log holds nothing of ballots
 * or answers (surveys answered before this test). */
static void nothing_links_answers_to_members(void **s)
{
    (void)s;
    struct db_rows rows;
    struct db *db = test_db();
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
}

/* A closed survey; another office sees none. */
static void closed_and_hidden_from_another_office(void **s)
{
    (void)s;
    char path[96];
    snprintf(path, sizeof(path), "/v1/surveys/%s/status", survey);
    posted(path, tok_staff, "{\"status\":\"closed\"}", 200, NULL);
    snprintf(path, sizeof(path), "/v1/surveys/%s", survey);
    expect(404, "GET", path, tok_other, NULL);
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
    struct db_rows rows;
    struct db *db = test_db();
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
        char user[32], pass[32], display[48], aid[24];
        snprintf(user, sizeof(user), "k-voter-%d", i);
        snprintf(pass, sizeof(pass), "k-voter-pass-%d", i);
        snprintf(display, sizeof(display), "问卷党员%d", i);
        member_account_create(tok_staff, user, display, pass, db_str(&rows, (size_t)i, 0), aid, sizeof(aid));
        login("532801", user, pass, toks[2 + i], sizeof(toks[2 + i]), NULL, 0);
    }
    db_rows_free(&rows);
    post_created("/v1/surveys", tok_staff,
                 "{\"title\":\"送学上门满意度\",\"questions\":[{\"kind\":\"scale\",\"text\":\"满意程度\"},"
                 "{\"kind\":\"text\",\"text\":\"建议\"}]}",
                 sid, sizeof(sid));
    int64_t id = atoll(sid);
    snprintf(path, sizeof(path), "/v1/surveys/%s/status", sid);
    posted(path, tok_staff, "{\"status\":\"open\"}", 200, NULL);
    for (int i = 0; i < 5; i++) {
        /* taking a ballot writes the voter's mark and nothing else */
        snprintf(path, sizeof(path), "/v1/surveys/%s/ballots", sid);
        assert_int_equal(jreq("POST", path, toks[i], NULL, &r), 201);
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
        posted(path, toks[i], body, 422, "ballot");
        snprintf(body, sizeof(body),
                 "{\"ballot\":\"%s\",\"answers\":[{\"question\":1,\"scale\":%d},{\"question\":2,\"text\":"
                 "\"建议%d号\"}]}",
                 ballot, 5 - (i % 2), i);
        posted(path, toks[i], body, 204, NULL);
        posted(path, toks[i], body, 422, "ballot"); /* spent */
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
    expect_with(200, "PATCH", "/v1/offices/532801", tok_staff, "{\"survey_min_responses\":5}",
                (const char *const[]){im, NULL});
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
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(question_rules_name_the_field),
        cmocka_unit_test_setup(draft_hidden_until_opened, drafted),
        cmocka_unit_test_setup(one_ballot_per_member_spent_once, opened),
        cmocka_unit_test_setup(results_below_the_threshold_suppressed, answered),
        cmocka_unit_test(nothing_links_answers_to_members),
        cmocka_unit_test_setup(closed_and_hidden_from_another_office, answered),
        cmocka_unit_test(threshold_and_unlinkable_ballots),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
