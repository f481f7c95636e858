/* The urgent help flow (急事快办 after filing) through HTTP: assign to the paired liaison,
 * accept with the liaison's member token, resolve (sealed), confirm by the member with a
 * satisfaction score; assign to a volunteer team through the needs flow; the rules' 409s
 * and 403s, If-Match, another office's and another member's 404; the overdue list (its
 * cache invalidated by a resolve) and help_request.overdue published once per missed
 * deadline and not before it, on the service's (pinnable) clock. Office 440000 is written
 * here (members born 1936); 532822 is the other office.
 *
 * Requests are filed by POST /v1/help-requests (request_insert), then given the state and
 * deadlines a case needs through SQL. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "yinhui/access.h"
#include "yinhui/config.h"
#include "yinhui/db.h"
#include "yinhui/help_flow.h"
#include "yinhui/pii.h"
#include "yinhui/util.h"

static char tok[2048], tok_other[2048], tok_elder[2048], tok_liaison[2048], tok_stranger[2048];
static char br[24], elder[24], liaison[24], stranger[24], lonely[24], committee[24], admin_id[24];
static int idseq = 100;

/* A member of the branch born 1936 (a member account when user is not NULL: its token). */
static void member_in(const char *name, const char *category, const char *user, char *id, char *t)
{
    char idno[19], extra[64], pw[64], aid[24];
    idno_seq(idno, "440000", "1936", (unsigned)idseq++);
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\"", br);
    member_create(tok, name, idno, category, extra, id, 24);
    if (user != NULL) {
        snprintf(pw, sizeof(pw), "help-pass-%s", user);
        member_account_create(tok, user, user, pw, id, aid, sizeof(aid));
        login("440000", user, pw, t, 2048, NULL, 0);
    }
}

/* Runs one statement on the test database. */
/* Whether j printed holds text. */
static bool json_holds(const cJSON *j, const char *text)
{
    char *t = cJSON_PrintUnformatted(j);
    bool holds = t != NULL && strstr(t, text) != NULL;
    free(t);
    return holds;
}

static void sql(const char *text, const struct db_param *p, size_t n)
{
    struct db *db = test_db();
    assert_int_equal(db_exec(db, text, p, n, NULL, NULL, NULL), YH_OK);
    db_close(db);
}

/* A single-value query's text into out. */
static void sql_value(const char *text, const struct db_param *p, size_t n, char *out, size_t outlen)
{
    struct db_rows rows;
    struct db *db = test_db();
    assert_int_equal(db_exec(db, text, p, n, &rows, NULL, NULL), YH_OK);
    assert_true(rows.nrows > 0);
    snprintf(out, outlen, "%s", db_str(&rows, 0, 0) ? db_str(&rows, 0, 0) : "");
    db_rows_free(&rows);
    db_close(db);
}

/* Files a water request of member (test-only, as the store files one: the description
 * sealed) in status with its deadlines respond_s and resolve_s seconds from now. */
static void request_insert(const char *member, const char *status, long respond_s, long resolve_s, char *id)
{
    char body[256], respond[20], resolve[20];
    snprintf(body, sizeof(body),
             "{\"member_id\":\"%s\",\"category\":\"water\",\"channel\":\"phone\","
             "\"description\":\"厨房水管爆裂，漏水严重\"}",
             member);
    post_created("/v1/help-requests", tok, body, id, 24);
    /* the state and deadlines a case needs, as if filed earlier */
    time_cn(test_now() + respond_s, respond);
    time_cn(test_now() + resolve_s, resolve);
    struct db_param p[] = {P_STR(status), P_STR(respond), P_STR(resolve), P_STR(id)};
    sql("UPDATE help_requests SET status = ?, respond_by = ?, resolve_by = ? WHERE id = ?", p, 4);
}

static int setup(void **s)
{
    (void)s;
    const char *env[] = {"YH_WEBHOOK_ALLOW_PRIVATE=1", "YH_WEBHOOK_POLL_MS=50", "YH_THREADS=4", NULL};
    api_start(env, "build/test-logs/help-flow-server.log");
    login("440000", "admin", "demo-440000-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    branch_create(tok, "急事快办支部", "regular", "community", br, sizeof(br));
    member_in("求助老人", "retired", "flow_elder", elder, tok_elder);
    member_in("结对干部", "in_service", "flow_liaison", liaison, tok_liaison);
    member_in("旁人老人", "retired", "flow_stranger", stranger, tok_stranger);
    member_in("无结对老人", "retired", NULL, lonely, NULL);
    member_in("支委委员", "retired", NULL, committee, NULL);
    struct db_param p[] = {P_STR(liaison), P_STR(elder)};
    sql("UPDATE members SET liaison_id = ? WHERE id = ?", p, 2);
    struct db_param c[] = {P_STR(br), P_STR(committee)};
    sql("INSERT INTO branch_committee (branch_id, member_id, role) VALUES (?, ?, 'committee_member')", c, 2);
    sql_value("SELECT id FROM accounts WHERE office_code = '440000' AND username = 'admin'", NULL, 0,
              admin_id, sizeof(admin_id));
    return 0;
}

/* POST /v1/help-requests/{id}/<action> with If-Match version (0: none) and body; asserts
 * status and returns the parsed reply (caller deletes). */
static cJSON *act(long status, const char *id, const char *action, int version, const char *t,
                  const char *body)
{
    char path[96], im[32];
    struct http_res res;
    snprintf(path, sizeof(path), "/v1/help-requests/%s/%s", id, action);
    snprintf(im, sizeof(im), "If-Match: \"%d\"", version);
    const char *extra[] = {version ? im : NULL, NULL};
    long got = req("POST", path, t, "application/json", body ? body : "{}", extra, &res);
    if (got != status) {
        fail_msg("%s %s: %ld, want %ld: %s", action, id, got, status, res.body ? res.body : "");
    }
    cJSON *j = cJSON_Parse(res.body ? res.body : "{}");
    http_free(&res);
    return j;
}

/* The request's status in the database. */
static void status_of(const char *id, char out[16])
{
    struct db_param p[] = {P_STR(id)};
    sql_value("SELECT status FROM help_requests WHERE id = ?", p, 1, out, 16);
}

static void liaison_flow(void **s)
{
    (void)s;
    char id[24], st[16], n[16];
    request_insert(elder, "open", 3600, 86400, id);
    /* another office sees nothing; the member may not assign; no If-Match is 428 */
    cJSON_Delete(act(404, id, "assign", 1, tok_other, "{\"kind\":\"liaison\"}"));
    cJSON_Delete(act(403, id, "assign", 1, tok_elder, "{\"kind\":\"liaison\"}"));
    cJSON_Delete(act(428, id, "assign", 0, tok, "{\"kind\":\"liaison\"}"));
    cJSON_Delete(act(422, id, "assign", 1, tok, "{\"kind\":\"liaison\",\"member_id\":\"1\"}"));
    cJSON_Delete(act(422, id, "assign", 1, tok, "{\"kind\":\"boss\"}"));
    cJSON *j = act(200, id, "assign", 1, tok, "{\"kind\":\"liaison\"}");
    assert_string_equal(cJSON_GetObjectItem(j, "status")->valuestring, "assigned");
    assert_string_equal(cJSON_GetObjectItem(j, "assignee_member_id")->valuestring, liaison);
    assert_int_equal(cJSON_GetObjectItem(j, "version")->valueint, 2);
    cJSON_Delete(j);
    /* stale version 412; the member is not the assignee (403); resolving before accepting 409 */
    cJSON_Delete(act(412, id, "accept", 1, tok_liaison, NULL));
    cJSON_Delete(act(403, id, "accept", 2, tok_elder, NULL));
    cJSON_Delete(act(409, id, "resolve", 2, tok_liaison, "{\"resolution\":\"修好了\"}"));
    cJSON_Delete(act(404, id, "accept", 2, tok_stranger, NULL));
    cJSON_Delete(act(200, id, "accept", 2, tok_liaison, NULL));
    {
        /* the assigned liaison reads what and where (it holds no pii:read); a stranger 404 */
        char rp[64];
        snprintf(rp, sizeof(rp), "/v1/help-requests/%s", id);
        cJSON *g = expect_json(200, "GET", rp, tok_liaison, NULL);
        assert_string_equal(cJSON_GetObjectItem(g, "description")->valuestring, "厨房水管爆裂，漏水严重");
        cJSON_Delete(g);
        expect(404, "GET", rp, tok_stranger, NULL);
    }
    cJSON_Delete(act(409, id, "accept", 3, tok_liaison, NULL));
    cJSON_Delete(act(409, id, "confirm", 3, tok_elder, "{\"satisfaction\":5}"));
    cJSON_Delete(act(422, id, "resolve", 3, tok_liaison, "{\"resolution\":\"\"}"));
    cJSON_Delete(
        act(200, id, "resolve", 3, tok_liaison, "{\"resolution\":\"更换了厨房水管接头 🔧，已不漏水\"}"));
    /* what was done is sealed at rest */
    struct db_param p[] = {P_STR(id)};
    sql_value("SELECT INSTR(resolution_enc, '厨房') FROM help_requests WHERE id = ?", p, 1, n, sizeof(n));
    assert_string_equal(n, "0");
    /* another member cannot confirm; the score is 1..5 */
    cJSON_Delete(act(404, id, "confirm", 4, tok_stranger, "{\"satisfaction\":5}"));
    cJSON_Delete(act(403, id, "confirm", 4, tok_liaison, "{\"satisfaction\":5}"));
    cJSON_Delete(act(422, id, "confirm", 4, tok_elder, "{\"satisfaction\":6}"));
    cJSON_Delete(act(422, id, "confirm", 4, tok_elder, "{\"satisfaction\":0}"));
    cJSON_Delete(act(409, id, "cancel", 4, tok_elder, "{\"reason\":\"不需要了\"}"));
    j = act(200, id, "confirm", 4, tok_elder, "{\"satisfaction\":5}");
    assert_string_equal(cJSON_GetObjectItem(j, "status")->valuestring, "confirmed");
    assert_string_equal(cJSON_GetObjectItem(j, "confirmed_via")->valuestring, "app");
    assert_int_equal(cJSON_GetObjectItem(j, "satisfaction")->valueint, 5);
    cJSON_Delete(j);
    status_of(id, st);
    assert_string_equal(st, "confirmed");
    /* filed, assigned, accepted, resolved, confirmed */
    sql_value("SELECT COUNT(*) FROM help_request_log WHERE request_id = ?", p, 1, n, sizeof(n));
    assert_string_equal(n, "5");
}

static void team_flow_through_needs(void **s)
{
    (void)s;
    char id[24], team[24], need[24], st[16], path[96], im[32];
    request_insert(elder, "open", 3600, 86400, id);
    team_create(tok, "急事快办服务队", "care", team, sizeof(team));
    cJSON_Delete(act(422, id, "assign", 1, tok, "{\"kind\":\"team\"}"));
    cJSON_Delete(act(422, id, "assign", 1, tok, "{\"kind\":\"team\",\"team_id\":\"999999\"}"));
    char body[96];
    snprintf(body, sizeof(body), "{\"kind\":\"team\",\"team_id\":\"%s\"}", team);
    cJSON *j = act(200, id, "assign", 1, tok, body);
    snprintf(need, sizeof(need), "%s", cJSON_GetObjectItem(j, "need_id")->valuestring);
    cJSON_Delete(j);
    /* the need carries the category and a masked name only */
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s", need);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(cJSON_GetObjectItem(j, "status")->valuestring, "dispatched");
    assert_string_equal(cJSON_GetObjectItem(j, "requester")->valuestring, "求老");
    assert_false(json_holds(j, "水管"));
    cJSON_Delete(j);
    /* a team's request moves through its need, not directly */
    cJSON_Delete(act(409, id, "accept", 2, tok, NULL));
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s/accept", need);
    snprintf(im, sizeof(im), "If-Match: \"2\"");
    expect_with(200, "POST", path, tok, NULL, (const char *const[]){im, NULL});
    status_of(id, st);
    assert_string_equal(st, "accepted");
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s/complete", need);
    snprintf(im, sizeof(im), "If-Match: \"3\"");
    expect_with(200, "POST", path, tok, NULL, (const char *const[]){im, NULL});
    status_of(id, st);
    assert_string_equal(st, "resolved");
    /* staff records the member's confirmation given by phone */
    j = act(200, id, "confirm", 4, tok, "{\"satisfaction\":4}");
    assert_string_equal(cJSON_GetObjectItem(j, "confirmed_via")->valuestring, "phone");
    cJSON_Delete(j);
}

static void other_assignees_and_cancel(void **s)
{
    (void)s;
    char id[24], lone[24], body[96], need_st[16];
    request_insert(lonely, "open", 3600, 86400, lone);
    cJSON_Delete(act(409, lone, "assign", 1, tok, "{\"kind\":\"liaison\"}"));
    cJSON_Delete(act(422, lone, "assign", 1, tok, "{\"kind\":\"committee\"}"));
    snprintf(body, sizeof(body), "{\"kind\":\"committee\",\"member_id\":\"%s\"}", stranger);
    cJSON_Delete(act(422, lone, "assign", 1, tok, body));
    snprintf(body, sizeof(body), "{\"kind\":\"committee\",\"member_id\":\"%s\"}", committee);
    cJSON_Delete(act(200, lone, "assign", 1, tok, body));
    cJSON_Delete(act(422, lone, "assign", 2, tok, "{\"kind\":\"staff\",\"account_id\":\"999999\"}"));
    snprintf(body, sizeof(body), "{\"kind\":\"staff\",\"account_id\":\"%s\"}", admin_id);
    cJSON *j = act(200, lone, "assign", 2, tok, body);
    assert_string_equal(cJSON_GetObjectItem(j, "assignee_kind")->valuestring, "staff");
    cJSON_Delete(j);
    /* the assigned staff account accepts; cancelling needs a reason; then cancelled */
    cJSON_Delete(act(200, lone, "accept", 3, tok, NULL));
    cJSON_Delete(act(422, lone, "cancel", 4, tok, "{}"));
    cJSON_Delete(act(200, lone, "cancel", 4, tok, "{\"reason\":\"家属已自行处理\"}"));
    cJSON_Delete(act(409, lone, "cancel", 5, tok, "{\"reason\":\"再取消\"}"));
    /* the member cancels its own; a reassigned team's need is let go */
    request_insert(elder, "open", 3600, 86400, id);
    char team[24];
    team_create(tok, "取消测试队", "care", team, sizeof(team));
    snprintf(body, sizeof(body), "{\"kind\":\"team\",\"team_id\":\"%s\"}", team);
    j = act(200, id, "assign", 1, tok, body);
    char need[24];
    snprintf(need, sizeof(need), "%s", cJSON_GetObjectItem(j, "need_id")->valuestring);
    cJSON_Delete(j);
    cJSON_Delete(act(200, id, "cancel", 2, tok_elder, "{\"reason\":\"邻居帮忙修好了\"}"));
    struct db_param p[] = {P_STR(need)};
    sql_value("SELECT status FROM volunteer_needs WHERE id = ?", p, 1, need_st, sizeof(need_st));
    assert_string_equal(need_st, "cancelled");
}

/* The item of request id in the overdue list j, or NULL. */
static const cJSON *overdue_item(const cJSON *j, const char *id)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItem(it, "id")->valuestring, id) == 0) {
            return it;
        }
    }
    return NULL;
}

/* Events help_request.overdue published for request id (of the elder) and deadline. */
static long overdue_events(const char *id, const char *missed)
{
    char needle[512];
    snprintf(needle, sizeof(needle),
             "\"id\":\"%s\",\"member_id\":\"%s\",\"category\":\"water\",\"missed\":\"%s\"", id, elder,
             missed);
    return outbox_count("help_request.overdue", needle);
}

static void overdue_list_and_escalation(void **s)
{
    (void)s;
    char late[24], fine[24], slow[24], lw[16];
    expect(201, "POST", "/v1/webhooks", tok,
           "{\"url\":\"http://127.0.0.1:9/help\",\"events\":[\"help_request.overdue\"]}");
    request_insert(elder, "open", 3600, 86400, fine);
    request_insert(elder, "assigned", -120, 3600, late);
    request_insert(elder, "accepted", -7200, -60, slow);
    struct db_param p[] = {P_STR(slow)};
    sql("UPDATE help_requests SET accepted_at = respond_by, assignee_kind = 'staff' WHERE id = ?", p, 1);
    /* the list: the late one missed its response, the slow one its resolution */
    cJSON *j = expect_json(200, "GET", "/v1/help-requests/overdue?limit=100", tok, NULL);
    assert_null(overdue_item(j, fine));
    assert_string_equal(cJSON_GetObjectItem(overdue_item(j, late), "missed")->valuestring, "respond");
    /* 120 s late by this process's clock; a pinned clock starts when each process does, so
     * the server's may run a few seconds behind */
    assert_true(cJSON_GetObjectItem(overdue_item(j, late), "overdue_seconds")->valuedouble >= 60);
    assert_string_equal(cJSON_GetObjectItem(overdue_item(j, slow), "missed")->valuestring, "resolve");
    assert_false(json_holds(j, "水管"));
    cJSON_Delete(j);
    expect(403, "GET", "/v1/help-requests/overdue", tok_elder, NULL);
    j = expect_json(200, "GET", "/v1/help-requests/overdue", tok_other, NULL);
    assert_null(overdue_item(j, late));
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/help-requests/overdue?limit=1", tok, NULL);
    assert_true(cJSON_IsString(cJSON_GetObjectItem(j, "next_cursor")));
    cJSON_Delete(j);
    /* the worker escalates each missed deadline once, and nothing not yet due */
    for (int i = 0; i < 100 && (overdue_events(late, "respond") == 0 || overdue_events(slow, "resolve") == 0);
         i++) {
        usleep(100000);
    }
    sleep(2);
    assert_int_equal(overdue_events(late, "respond"), 1);
    assert_int_equal(overdue_events(slow, "resolve"), 1);
    assert_int_equal(overdue_events(fine, "respond"), 0);
    struct db_param q[] = {P_STR(late)};
    sql_value("SELECT COUNT(*) FROM help_request_log WHERE request_id = ? AND action = 'escalated'", q, 1, lw,
              sizeof(lw));
    assert_string_equal(lw, "1");
    /* the cached list forgets the slow one once staff resolve it */
    j = expect_json(200, "GET", "/v1/help-requests/overdue?limit=100", tok, NULL);
    assert_non_null(overdue_item(j, slow));
    cJSON_Delete(j);
    cJSON_Delete(act(200, slow, "resolve", 1, tok, "{\"resolution\":\"工作人员上门处理\"}"));
    j = expect_json(200, "GET", "/v1/help-requests/overdue?limit=100", tok, NULL);
    assert_null(overdue_item(j, slow));
    assert_non_null(overdue_item(j, late));
    cJSON_Delete(j);
}

/* A secretary account bound to branch b; its token in t. */
static void secretary_of(const char *b, const char *user, char *t)
{
    char body[320], acc[24];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"支书\",\"role\":\"secretary\",\"password\":"
             "\"help-secretary-1\",\"branch_id\":\"%s\"}",
             user, b);
    post_created("/v1/accounts", tok, body, acc, sizeof(acc));
    login("440000", user, "help-secretary-1", t, 2048, NULL, 0);
}

static void secretary_assigns_in_its_branch(void **s)
{
    (void)s;
    char id[24], late[24], other_br[24], tok_sec[2048], tok_sec2[2048];
    branch_create(tok, "急事快办另一支部", "regular", "community", other_br, sizeof(other_br));
    secretary_of(br, "help.sec", tok_sec);
    secretary_of(other_br, "help.sec2", tok_sec2);
    request_insert(elder, "open", 3600, 86400, id);
    request_insert(elder, "open", -30, 86400, late);
    /* another branch's secretary does not see the request, nor its overdue entry */
    cJSON_Delete(act(404, id, "assign", 1, tok_sec2, "{\"kind\":\"liaison\"}"));
    cJSON *j = expect_json(200, "GET", "/v1/help-requests/overdue?limit=100", tok_sec2, NULL);
    assert_null(overdue_item(j, late));
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/help-requests/overdue?limit=100", tok_sec, NULL);
    assert_non_null(overdue_item(j, late));
    cJSON_Delete(j);
    /* the member's secretary assigns, but may not accept for the liaison or cancel */
    cJSON_Delete(act(200, id, "assign", 1, tok_sec, "{\"kind\":\"liaison\"}"));
    cJSON_Delete(act(403, id, "accept", 2, tok_sec, NULL));
    cJSON_Delete(act(403, id, "cancel", 2, tok_sec, "{\"reason\":\"重复\"}"));
    cJSON_Delete(act(200, late, "cancel", 1, tok, "{\"reason\":\"重复登记\"}"));
}

/* Not before the deadline: a request due to respond in 3 seconds is escalated only once
 * they have passed; a second pass (here, in this process, as another process would run
 * it) publishes nothing more. */
static void escalation_waits_for_the_deadline(void **s)
{
    (void)s;
    char soon[24];
    struct config cfg;
    request_insert(elder, "assigned", 3, 86400, soon);
    usleep(1500000);
    assert_int_equal(overdue_events(soon, "respond"), 0);
    for (int i = 0; i < 100 && overdue_events(soon, "respond") == 0; i++) {
        usleep(100000);
    }
    assert_int_equal(overdue_events(soon, "respond"), 1);
    test_config(&cfg);
    struct db *db = test_db();
    help_publish_overdue(db, &cfg);
    help_publish_overdue(db, &cfg);
    db_close(db);
    assert_int_equal(overdue_events(soon, "respond"), 1);
    assert_int_equal(overdue_events(soon, "resolve"), 0);
}

/* An escalation pass run over and over for 4 seconds on its own connection, as another
 * process would. */
static void *escalate_for_a_while(void *arg)
{
    (void)arg;
    struct config cfg;
    test_config(&cfg);
    struct db *db = test_db();
    int64_t until = test_now() + 4;
    while (test_now() < until) {
        help_publish_overdue(db, &cfg);
    }
    db_close(db);
    return NULL;
}

/* Several processes escalating at once (the server's worker and two passes here) publish
 * each missed deadline once: the conditional update claims it. */
static void concurrent_passes_escalate_once(void **s)
{
    (void)s;
    char ids[12][24];
    pthread_t t[2];
    for (int i = 0; i < 12; i++) {
        request_insert(elder, "open", 2, 86400, ids[i]);
    }
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, escalate_for_a_while, NULL), 0);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    for (int i = 0; i < 12; i++) {
        assert_int_equal(overdue_events(ids[i], "respond"), 1);
    }
}

/* A relative's account for the elder. */
static void relative_token(char *t)
{
    char body[256], aid[24];
    snprintf(body, sizeof(body),
             "{\"username\":\"flow_relative\",\"display_name\":\"家属\",\"role\":\"relative\","
             "\"password\":\"help-pass-relative\",\"member_id\":\"%s\"}",
             elder);
    post_created("/v1/accounts", tok, body, aid, sizeof(aid));
    login("440000", "flow_relative", "help-pass-relative", t, 2048, NULL, 0);
}

/* A relative confirms and cancels for the member, as the member would (via app); a
 * committee member accepts and resolves through its own member account. */
static void relative_and_committee_member(void **s)
{
    (void)s;
    char id[24], other[24], body[96], aid[24], tok_rel[2048], tok_com[2048];
    relative_token(tok_rel);
    member_account_create(tok, "flow_committee", "flow_committee", "help-pass-committee", committee, aid,
                          sizeof(aid));
    login("440000", "flow_committee", "help-pass-committee", tok_com, sizeof(tok_com), NULL, 0);
    request_insert(elder, "open", 3600, 86400, id);
    snprintf(body, sizeof(body), "{\"kind\":\"committee\",\"member_id\":\"%s\"}", committee);
    cJSON_Delete(act(403, id, "assign", 1, tok_rel, body));
    cJSON_Delete(act(200, id, "assign", 1, tok, body));
    cJSON_Delete(act(403, id, "accept", 2, tok_rel, NULL));
    cJSON_Delete(act(404, id, "accept", 2, tok_liaison, NULL));
    cJSON_Delete(act(200, id, "accept", 2, tok_com, NULL));
    cJSON_Delete(act(200, id, "resolve", 3, tok_com, "{\"resolution\":\"代买降压药两盒\"}"));
    cJSON *j = act(200, id, "confirm", 4, tok_rel, "{\"satisfaction\":3}");
    assert_string_equal(cJSON_GetObjectItem(j, "confirmed_via")->valuestring, "app");
    cJSON_Delete(j);
    expect(403, "GET", "/v1/help-requests/overdue", tok_rel, NULL);
    /* another member's request is nothing to the elder's relative */
    request_insert(stranger, "open", 3600, 86400, other);
    cJSON_Delete(act(404, other, "cancel", 1, tok_rel, "{\"reason\":\"不需要\"}"));
    cJSON_Delete(act(200, other, "cancel", 1, tok_stranger, "{\"reason\":\"不需要了\"}"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(liaison_flow),
        cmocka_unit_test(team_flow_through_needs),
        cmocka_unit_test(other_assignees_and_cancel),
        cmocka_unit_test(overdue_list_and_escalation),
        cmocka_unit_test(secretary_assigns_in_its_branch),
        cmocka_unit_test(escalation_waits_for_the_deadline),
        cmocka_unit_test(concurrent_passes_escalate_once),
        cmocka_unit_test(relative_and_committee_member),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
