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

static pid_t server;
static char tok_staff[2048], tok_member[2048], tok_sec[2048], tok_client[2048], tok_other[2048], client_id[80];

static int setup(void **s)
{
    (void)s;
    struct http_res r;
    char body[256], sec[96];
    server = server_start(NULL, api_base, sizeof(api_base), "build/test-logs/suggestions-server.log");
    login("532801", "admin", "demo-532801-pass", tok_staff, sizeof(tok_staff), NULL, 0);
    login("532801", "member", "demo-532801-member", tok_member, sizeof(tok_member), NULL, 0);
    login("532801", "secretary", "demo-532801-sec", tok_sec, sizeof(tok_sec), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    assert_int_equal(jreq("POST", "/v1/clients", tok_staff, "{\"name\":\"市农业农村局\",\"scope\":\"offices:read\"}", &r), 201);
    assert_true(json_member(r.body, "client_id", client_id, sizeof(client_id)));
    assert_true(json_member(r.body, "client_secret", sec, sizeof(sec)));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"%s\"}", client_id,
             sec);
    assert_int_equal(jreq("POST", "/v1/auth/token", NULL, body, &r), 200);
    assert_true(json_member(r.body, "access_token", tok_client, sizeof(tok_client)));
    http_free(&r);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    server_stop(server);
    return 0;
}

static void expect_422(const char *token, const char *body, const char *field)
{
    struct http_res r;
    char want[64];
    long st = jreq("POST", "/v1/suggestions", token, body, &r);
    snprintf(want, sizeof(want), "\"field\":\"%s\"", field);
    if (st != 422 || strstr(r.body, want) == NULL) {
        fail_msg("%s: %ld %s (expected 422 naming %s)", body, st, r.body, field);
    }
    http_free(&r);
}

static void post_id(const char *token, const char *body, char *id, size_t n)
{
    struct http_res r;
    long st = jreq("POST", "/v1/suggestions", token, body, &r);
    if (st != 201) {
        fail_msg("%s: %ld %s", body, st, r.body);
    }
    assert_true(json_member(r.body, "id", id, n));
    http_free(&r);
}

static long step(const char *token, const char *id, const char *what, const char *body, struct http_res *r)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/suggestions/%s/%s", id, what);
    return jreq("POST", path, token, body, r);
}

static void expect_step(const char *token, const char *id, const char *what, const char *body, long status)
{
    struct http_res r;
    long st = step(token, id, what, body, &r);
    if (st != status) {
        fail_msg("%s %s: %ld %s (expected %ld)", what, body, st, r.body, status);
    }
    http_free(&r);
}

static cJSON *get_json(const char *path, const char *token, long status)
{
    struct http_res r;
    long st = jreq("GET", path, token, NULL, &r);
    if (st != status) {
        fail_msg("GET %s: %ld %s", path, st, r.body);
    }
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    return j;
}

static void from_submission_to_answer(void **s)
{
    (void)s;
    char mine[24], theirs[24], path[96], big[4200 + 64], member_id[24];
    /* bad input names the field */
    expect_422(tok_member, "{\"topic\":\"\",\"body\":\"x\"}", "topic");
    expect_422(tok_member, "{\"topic\":\"x\",\"body\":\"y\",\"category\":\"sports\"}", "category");
    expect_422(tok_member, "{\"topic\":\"x\",\"body\":\"y\",\"member_id\":\"1\"}", "member_id");
    expect_422(tok_member, "{\"topic\":\"x\",\"body\":\"y\",\"mood\":1}", "mood");
    memset(big, 0, sizeof(big));
    int off = snprintf(big, sizeof(big), "{\"topic\":\"x\",\"body\":\"");
    for (int i = 0; i < 4001; i++) {
        big[off++] = 'a';
    }
    snprintf(big + off, sizeof(big) - (size_t)off, "\"}");
    expect_422(tok_member, big, "body");
    expect_422(tok_staff, "{\"topic\":\"x\",\"body\":\"y\"}", "member_id");
    /* a member for itself, from the app; Chinese and emoji kept */
    post_id(tok_member, "{\"topic\":\"关于农村道路\",\"body\":\"建议硬化进村道路 🚜，方便老人出行\",\"category\":\"agriculture\"}",
            mine, sizeof(mine));
    snprintf(path, sizeof(path), "/v1/suggestions/%s", mine);
    cJSON *j = get_json(path, tok_member, 200);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "body")->valuestring, "建议硬化进村道路 🚜，方便老人出行");
    snprintf(member_id, sizeof(member_id), "%s",
             cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "member"), "id")->valuestring);
    cJSON_Delete(j);
    /* staff for another member of the office; not for another office's member */
    struct config cfg;
    enum yh_err err;
    struct db_rows rows;
    test_config(&cfg);
    struct db *db = db_open(&cfg, &err);
    assert_non_null(db);
    assert_int_equal(db_exec(db, "SELECT MIN(id), (SELECT MIN(id) FROM members WHERE office_code = '532822') FROM members WHERE "
                                 "office_code = '532801' AND status = 'active'",
                             NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    char body[256];
    snprintf(body, sizeof(body), "{\"topic\":\"社区养老\",\"body\":\"增设日间照料中心\",\"category\":\"elderly_care\",\"member_id\":\"%s\"}",
             db_str(&rows, 0, 0));
    post_id(tok_staff, body, theirs, sizeof(theirs));
    snprintf(body, sizeof(body), "{\"topic\":\"x\",\"body\":\"y\",\"member_id\":\"%s\"}", db_str(&rows, 0, 1));
    expect_422(tok_staff, body, "member_id");
    db_rows_free(&rows);
    /* the member sees its own only */
    j = get_json("/v1/suggestions", tok_member, 200);
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
    cJSON_Delete(get_json(path, tok_member, 404));
    cJSON_Delete(get_json("/v1/suggestions", tok_sec, 403));
    /* routing: only staff forward, to a client of the office */
    expect_step(tok_member, mine, "forward", "{\"department\":\"农业农村局\"}", 403);
    expect_step(tok_staff, mine, "forward", "{}", 422);
    expect_step(tok_staff, mine, "forward", "{\"client_id\":\"532801-nosuchclient\"}", 422);
    char fwd[160];
    snprintf(fwd, sizeof(fwd), "{\"client_id\":\"%s\",\"department\":\"市农业农村局\"}", client_id);
    expect_step(tok_staff, mine, "forward", fwd, 200);
    /* the department sees what was forwarded to it, without the member */
    j = get_json("/v1/suggestions", tok_client, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring, mine);
    assert_null(cJSON_GetObjectItemCaseSensitive(it, "member"));
    cJSON_Delete(j);
    cJSON_Delete(get_json(path, tok_client, 404)); /* not forwarded to it */
    expect_step(tok_client, theirs, "answer", "{\"answer\":\"x\"}", 404);
    expect_step(tok_client, mine, "answer", "{\"answer\":\"\"}", 422);
    expect_step(tok_client, mine, "answer", "{\"answer\":\"已列入明年村道硬化计划\"}", 200);
    expect_step(tok_client, mine, "answer", "{\"answer\":\"again\"}", 409);
    expect_step(tok_client, mine, "close", "{}", 403);
    /* the member sees the answer */
    snprintf(path, sizeof(path), "/v1/suggestions/%s", mine);
    j = get_json(path, tok_member, 200);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "status")->valuestring, "answered");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "answer")->valuestring, "已列入明年村道硬化计划");
    cJSON_Delete(j);
    /* suggestion.answered is in the outbox with ids only */
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
    /* staff close; closing twice is 409; another office sees nothing */
    expect_step(tok_staff, mine, "close", "{\"note\":\"已办结\"}", 200);
    expect_step(tok_staff, mine, "close", "{}", 409);
    expect_step(tok_staff, mine, "answer", "{\"answer\":\"late\"}", 409);
    cJSON_Delete(get_json(path, tok_other, 404));
    expect_step(tok_other, theirs, "forward", "{\"department\":\"x\"}", 404);
    j = get_json("/v1/suggestions?status=closed", tok_other, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 0);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(from_submission_to_answer)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
