/* Suggestions (建言献策) through HTTP: a member submits from the app and sees only its own,
 * staff submit for a member, forward to a department's integration client, which sees
 * only what was forwarded to it (without the member) and answers; the member sees the
 * answer; suggestion.answered goes to the outbox with ids only; illegal steps are 409;
 * bad input names the field; another office gets 404. Office 532801 is written here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_staff[2048], tok_member[2048], tok_sec[2048], tok_client[2048], tok_other[2048], client_id[80];
/* The fixture of one test: the member's own suggestion from the app, one that staff made
 * for another member of the office, and the member's id. */
static char mine[24], theirs[24], member_id[24];

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/suggestions-server.log");
    login("532801", "admin", "demo-532801-pass", tok_staff, sizeof(tok_staff), NULL, 0);
    login("532801", "member", "demo-532801-member", tok_member, sizeof(tok_member), NULL, 0);
    login("532801", "secretary", "demo-532801-sec", tok_sec, sizeof(tok_sec), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    client_token(tok_staff, "市农业农村局", "offices:read", tok_client, sizeof(tok_client), client_id,
                 sizeof(client_id));
    return 0;
}

static void refused(const char *token, const char *body, const char *field)
{
    expect_field(422, "POST", "/v1/suggestions", token, body, field);
}

static void expect_step(const char *token, const char *id, const char *what, const char *body, long status)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/suggestions/%s/%s", id, what);
    expect(status, "POST", path, token, body);
}

/* The first active member of 532801 and the first member of 532822. */
static void members_of_both_offices(char *ours, char *other, size_t n)
{
    struct db_rows rows;
    struct db *db = test_db();
    assert_int_equal(
        db_exec(
            db,
            "SELECT MIN(id), (SELECT MIN(id) FROM members WHERE office_code = '532822') FROM members WHERE "
            "office_code = '532801' AND status = 'active'",
            NULL, 0, &rows, NULL, NULL),
        YH_OK);
    snprintf(ours, n, "%s", db_str(&rows, 0, 0));
    snprintf(other, n, "%s", db_str(&rows, 0, 1));
    db_rows_free(&rows);
    db_close(db);
}

static int submitted(void **s)
{
    (void)s;
    char body[256], ours[24], other[24];
    /* a member for itself, from the app; Chinese and emoji kept */
    post_created("/v1/suggestions", tok_member,
                 "{\"topic\":\"关于农村道路\",\"body\":\"建议硬化进村道路 "
                 "🚜，方便老人出行\",\"category\":\"agriculture\"}",
                 mine, sizeof(mine));
    /* staff for another member of the office */
    members_of_both_offices(ours, other, sizeof(ours));
    snprintf(body, sizeof(body),
             "{\"topic\":\"社区养老\",\"body\":\"增设日间照料中心\",\"category\":\"elderly_care\",\"member_"
             "id\":\"%s\"}",
             ours);
    post_created("/v1/suggestions", tok_staff, body, theirs, sizeof(theirs));
    return 0;
}

/* mine forwarded to the department's client and answered by it. */
static void forward_and_answer(void)
{
    char fwd[160];
    snprintf(fwd, sizeof(fwd), "{\"client_id\":\"%s\",\"department\":\"市农业农村局\"}", client_id);
    expect_step(tok_staff, mine, "forward", fwd, 200);
    expect_step(tok_client, mine, "answer", "{\"answer\":\"已列入明年村道硬化计划\"}", 200);
}

static void bad_input_names_the_field(void **s)
{
    (void)s;
    char big[4200 + 64], body[256], ours[24], other[24];
    refused(tok_member, "{\"topic\":\"\",\"body\":\"x\"}", "topic");
    refused(tok_member, "{\"topic\":\"x\",\"body\":\"y\",\"category\":\"sports\"}", "category");
    refused(tok_member, "{\"topic\":\"x\",\"body\":\"y\",\"member_id\":\"1\"}", "member_id");
    refused(tok_member, "{\"topic\":\"x\",\"body\":\"y\",\"mood\":1}", "mood");
    memset(big, 0, sizeof(big));
    int off = snprintf(big, sizeof(big), "{\"topic\":\"x\",\"body\":\"");
    for (int i = 0; i < 4001; i++) {
        big[off++] = 'a';
    }
    snprintf(big + off, sizeof(big) - (size_t)off, "\"}");
    refused(tok_member, big, "body");
    refused(tok_staff, "{\"topic\":\"x\",\"body\":\"y\"}", "member_id");
    /* staff not for another office's member */
    members_of_both_offices(ours, other, sizeof(ours));
    snprintf(body, sizeof(body), "{\"topic\":\"x\",\"body\":\"y\",\"member_id\":\"%s\"}", other);
    refused(tok_staff, body, "member_id");
}

/* The member reads its own as written and lists its own only; secretaries do not list. */
static void member_sees_its_own(void **s)
{
    (void)s;
    char path[96];
    snprintf(path, sizeof(path), "/v1/suggestions/%s", mine);
    cJSON *j = expect_json(200, "GET", path, tok_member, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "body")->valuestring, "建议硬化进村道路 🚜，方便老人出行");
    snprintf(member_id, sizeof(member_id), "%s",
             cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "member"), "id")->valuestring);
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/suggestions", tok_member, NULL);
    const cJSON *it = NULL;
    int n = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(it, "member"), "id")->valuestring,
                            member_id);
        n++;
    }
    assert_true(n >= 1);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/suggestions/%s", theirs);
    expect(404, "GET", path, tok_member, NULL);
    expect(403, "GET", "/v1/suggestions", tok_sec, NULL);
}

/* Only staff forward, to a client of the office; the department sees what was forwarded
 * to it, without the member, and answers once; the member sees the answer;
 * suggestion.answered is in the outbox with ids only. */
static void forwarded_and_answered(void **s)
{
    (void)s;
    char path[96], fwd[160];
    expect_step(tok_member, mine, "forward", "{\"department\":\"农业农村局\"}", 403);
    expect_step(tok_staff, mine, "forward", "{}", 422);
    expect_step(tok_staff, mine, "forward", "{\"client_id\":\"532801-nosuchclient\"}", 422);
    snprintf(fwd, sizeof(fwd), "{\"client_id\":\"%s\",\"department\":\"市农业农村局\"}", client_id);
    expect_step(tok_staff, mine, "forward", fwd, 200);
    cJSON *j = expect_json(200, "GET", "/v1/suggestions", tok_client, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    const cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring, mine);
    assert_null(cJSON_GetObjectItemCaseSensitive(it, "member"));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/suggestions/%s", theirs);
    expect(404, "GET", path, tok_client, NULL); /* not forwarded to it */
    expect_step(tok_client, theirs, "answer", "{\"answer\":\"x\"}", 404);
    expect_step(tok_client, mine, "answer", "{\"answer\":\"\"}", 422);
    expect_step(tok_client, mine, "answer", "{\"answer\":\"已列入明年村道硬化计划\"}", 200);
    expect_step(tok_client, mine, "answer", "{\"answer\":\"again\"}", 409);
    expect_step(tok_client, mine, "close", "{}", 403);
    snprintf(path, sizeof(path), "/v1/suggestions/%s", mine);
    j = expect_json(200, "GET", path, tok_member, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "status")->valuestring, "answered");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "answer")->valuestring, "已列入明年村道硬化计划");
    cJSON_Delete(j);
    struct db_rows rows;
    struct db *db = test_db();
    struct db_param p[] = {P_STR("suggestion.answered")};
    assert_int_equal(db_exec(db, "SELECT payload FROM outbox WHERE type = ? ORDER BY id DESC LIMIT 1", p, 1, &rows, NULL, NULL),
                     YH_OK);
    assert_int_equal((int)rows.nrows, 1);
    char want[64];
    snprintf(want, sizeof(want), "\"suggestion_id\":\"%s\"", mine);
    assert_non_null(strstr(db_str(&rows, 0, 0), want));
    assert_null(strstr(db_str(&rows, 0, 0), "道路"));
    db_rows_free(&rows);
    db_close(db);
}

/* Staff close an answered suggestion once; nothing follows a close; another office sees
 * nothing. */
static void closed_once_and_hidden_from_another_office(void **s)
{
    (void)s;
    char path[96];
    forward_and_answer();
    expect_step(tok_staff, mine, "close", "{\"note\":\"已办结\"}", 200);
    expect_step(tok_staff, mine, "close", "{}", 409);
    expect_step(tok_staff, mine, "answer", "{\"answer\":\"late\"}", 409);
    snprintf(path, sizeof(path), "/v1/suggestions/%s", mine);
    expect(404, "GET", path, tok_other, NULL);
    expect_step(tok_other, theirs, "forward", "{\"department\":\"x\"}", 404);
    cJSON *j = expect_json(200, "GET", "/v1/suggestions?status=closed", tok_other, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 0);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_input_names_the_field),
        cmocka_unit_test_setup(member_sees_its_own, submitted),
        cmocka_unit_test_setup(forwarded_and_answered, submitted),
        cmocka_unit_test_setup(closed_once_and_hidden_from_another_office, submitted),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
