/* Transfers (组织关系转接) through HTTP: 景洪 (532801) sends to 勐海 (532822) and back; the
 * receiver sees the transfer masked and never the sender's record before it accepts; on
 * acceptance the record (personal values, honours, standing) moves in one transaction, the
 * sender's is closed as transferred_out; refusal with a reason, cancellation by the
 * sender; a transfer within an office moves the same record between branches; the start's
 * rules (another office's member 404, pending twice, closed members, bad input) named;
 * both offices' audit, events and cached reads (statistics, member lists); two accepts at
 * once; a death committed while an acceptance waits; a member transferred back to an
 * office it left gets its old record again; a pending transfer and the old close routes;
 * 越秀 (440104) as the third office gets 404 everywhere. Members here have ID numbers
 * of division 530000 born 1931 (idno_seq). */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_jh[2048], tok_mh[2048], tok_yx[2048];
static char jh_b1[24], jh_b2[24], jh_temp[24], mh_b1[24], mh_temp[24];
static unsigned seq = 1;

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/transfers-server.log");
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
    login("440104", "admin", "demo-440104-pass", tok_yx, sizeof(tok_yx), NULL, 0);
    branch_create(tok_jh, "转接测试第一支部", "regular", "community", jh_b1, sizeof(jh_b1));
    branch_create(tok_jh, "转接测试第二支部", "regular", "community", jh_b2, sizeof(jh_b2));
    branch_create(tok_jh, "转接测试临时支部", "temporary", "activity_team", jh_temp, sizeof(jh_temp));
    branch_create(tok_mh, "勐海转接接收支部", "regular", "community", mh_b1, sizeof(mh_b1));
    branch_create(tok_mh, "勐海老年大学临时支部", "temporary", "university_class", mh_temp, sizeof(mh_temp));
    return 0;
}

/* A retired member of token's office in branch (its primary), with a phone, an address
 * and frail health; the ID number into idno when not NULL. */
static void member_in(const char *token, const char *name, const char *branch, char *id, size_t len,
                      char *idno_out)
{
    char idno[19], extra[400];
    idno_seq(idno, "530000", "1931", seq++);
    snprintf(extra, sizeof(extra),
             ",\"branch_id\":\"%s\",\"phone\":\"13987650%03u\",\"address\":\"景洪市嘎兰中路8号2栋\","
             "\"health\":\"frail\",\"joined_on\":\"1958-03-01\",\"residence_code\":\"532801\"",
             branch, seq);
    member_create(token, name, idno, "retired", extra, id, len);
    if (idno_out != NULL) {
        memcpy(idno_out, idno, 19);
    }
}

/* Starts a transfer as token with body's rest after member_ids [mid]; the transfer's id. */
static void start(const char *token, const char *mid, const char *rest, char *tid, size_t len)
{
    char body[600];
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"],%s}", mid, rest);
    cJSON *j = expect_json(201, "POST", "/v1/transfers", token, body);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 1);
    snprintf(tid, len, "%s",
             cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "id")->valuestring);
    cJSON_Delete(j);
}

#define TO_MH "\"to_office\":\"532822\",\"reason\":\"随子女迁居勐海\",\"letter_no\":\"景老干转字〔2026〕7号\""

/* Takes step (accept, refuse, cancel) of transfer tid as token with body at its current
 * version (read as token), expecting status. */
static void step(long status, const char *token, const char *tid, const char *what, const char *body)
{
    char path[80], hdr[48];
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    if_match(path, token, hdr, sizeof(hdr));
    snprintf(path, sizeof(path), "/v1/transfers/%s/%s", tid, what);
    expect_with(status, "POST", path, token, body, (const char *const[]){hdr, NULL});
}

/* The string at a dotted path of j ("member.name"). */
static const char *str_at(const cJSON *j, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, a);
    if (b != NULL) {
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    }
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* Outbox events of type about transfer tid. */
static long events(const char *type, const char *tid)
{
    char needle[64];
    snprintf(needle, sizeof(needle), "\"transfer_id\":\"%s\"", tid);
    return outbox_count(type, needle);
}

static long audit_count(const char *token, const char *action, const char *tid)
{
    char path[160];
    struct http_res r;
    snprintf(path, sizeof(path), "/v1/audit?action=%s&target=transfer:%s", action, tid);
    assert_int_equal(jreq("GET", path, token, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    long n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items"));
    cJSON_Delete(j);
    http_free(&r);
    return n;
}

/* members.active of token's office's statistics for year (0: this year). */
static double active_in(const char *token, int year)
{
    char path[64];
    snprintf(path, sizeof(path), year ? "/v1/stats/overview?year=%d" : "/v1/stats/overview", year);
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    const cJSON *m =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "total"), "members");
    double n = cJSON_GetObjectItemCaseSensitive(m, "active")->valuedouble;
    cJSON_Delete(j);
    return n;
}

static int this_year(void)
{
    char today[11];
    test_today(today);
    return atoi(today);
}

/* Before acceptance: the receiver sees the transfer masked, not the record; a third
 * office sees nothing. */
static void receiver_before_acceptance(const char *mid, const char *tid, const char *name)
{
    char path[80];
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    cJSON *j = expect_json(200, "GET", path, tok_mh, NULL);
    assert_string_equal(str_at(j, "state", NULL), "pending");
    assert_string_equal(str_at(j, "kind", NULL), "between_offices");
    /* (other tests may rename the offices: the names as stored begin so) */
    assert_non_null(strstr(str_at(j, "from_office", "name"), "景洪"));
    assert_string_equal(str_at(j, "member", "name"), "刀**");
    assert_null(str_at(j, "member", "id"));
    assert_string_equal(str_at(j, "letter_no", NULL), "景老干转字〔2026〕7号");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "from_branch")));
    assert_int_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "member"), "birth_year")
            ->valueint,
        1931);
    char *txt = cJSON_PrintUnformatted(j);
    assert_null(strstr(txt, name));
    assert_null(strstr(txt, "1398765"));
    assert_null(strstr(txt, "嘎兰"));
    free(txt);
    cJSON_Delete(j);
    /* the sender sees it whole */
    j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "member", "name"), name);
    assert_string_equal(str_at(j, "member", "id"), mid);
    assert_string_equal(str_at(j, "from_branch", "id"), jh_b1);
    cJSON_Delete(j);
    expect(404, "GET", path, tok_yx, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    expect(404, "GET", path, tok_mh, NULL);
    /* the receiver's incoming list holds it; the sender's outgoing list too */
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/transfers?direction=incoming&state=pending", tok_mh, NULL, &r), 200);
    assert_true(has_id(r.body, tid));
    assert_null(strstr(r.body, name));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/transfers?direction=outgoing", tok_jh, NULL, &r), 200);
    assert_true(has_id(r.body, tid));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/transfers?direction=incoming", tok_yx, NULL, &r), 200);
    assert_false(has_id(r.body, tid));
    http_free(&r);
}

/* After acceptance: the receiver's own record with the same personal values, honours and
 * standing; the sender's closed and linked. */
static void record_moved(const char *mid, const char *nid, const char *idno, const char *name)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/members/%s?reveal=true", nid);
    cJSON *j = expect_json(200, "GET", path, tok_mh, NULL);
    assert_string_equal(str_at(j, "name", NULL), name);
    assert_string_equal(str_at(j, "id_number", NULL), idno);
    assert_string_equal(str_at(j, "health", NULL), "frail");
    assert_string_equal(str_at(j, "address", NULL), "景洪市嘎兰中路8号2栋");
    assert_string_equal(str_at(j, "joined_on", NULL), "1958-03-01");
    assert_string_equal(str_at(j, "status", NULL), "active");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "relocated")));
    assert_string_equal(str_at(j, "primary_branch", "id"), mh_b1);
    cJSON_Delete(j);
    /* the health filter finds it in its new office (the blind index is the office's) */
    struct http_res r;
    assert_int_equal(
        jreq("GET", "/v1/members?health=frail&name=%E5%88%80%E7%8E%89%E7%BD%95", tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, nid));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/honours?year=2025&kind=excellent_member", tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, nid));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "status", NULL), "transferred_out");
    assert_non_null(strstr(str_at(j, "transferred_to", NULL), "勐海县委老干部局"));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/members/%s", nid);
    expect(404, "GET", path, tok_jh, NULL);
}

static void between_offices_accepted(void **state)
{
    (void)state;
    char mid[24], tid[24], idno[19], path[96], hid[24], body[200];
    int y = this_year();
    member_in(tok_jh, "刀玉罕", jh_b1, mid, sizeof(mid), idno);
    snprintf(body, sizeof(body),
             "{\"kind\":\"excellent_member\",\"level\":\"county\",\"year\":2025,\"member_id\":\"%s\"}", mid);
    post_created("/v1/honours", tok_jh, body, hid, sizeof(hid));
    double jh_now = active_in(tok_jh, 0), jh_last = active_in(tok_jh, y - 1);
    double mh_now = active_in(tok_mh, 0), mh_last = active_in(tok_mh, y - 1);
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/members?name=%E5%88%80%E7%8E%89%E7%BD%95", tok_mh, NULL, &r),
                     200); /* cached */
    http_free(&r);
    start(tok_jh, mid, TO_MH, tid, sizeof(tid));
    assert_true(events("transfer.started", tid) == 2);
    receiver_before_acceptance(mid, tid, "刀玉罕");
    /* who may accept, and into which branch */
    step(403, tok_jh, tid, "accept", "{\"branch_id\":\"1\"}");
    snprintf(path, sizeof(path), "/v1/transfers/%s/accept", tid);
    expect_with(404, "POST", path, tok_yx, "{}", (const char *const[]){"If-Match: \"1\"", NULL});
    expect(428, "POST", path, tok_mh, "{}");
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\"}", mh_temp);
    step(422, tok_mh, tid, "accept", body);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\"}", jh_b2); /* the sender's branch */
    step(422, tok_mh, tid, "accept", body);
    step(422, tok_mh, tid, "accept", "{}");
    expect_with(412, "POST", path, tok_mh, "{\"branch_id\":\"1\"}",
                (const char *const[]){"If-Match: \"9\"", NULL});
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\"}", mh_b1);
    step(200, tok_mh, tid, "accept", body);
    step(409, tok_mh, tid, "accept", body);
    step(409, tok_jh, tid, "cancel", NULL);
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    cJSON *j = expect_json(200, "GET", path, tok_mh, NULL);
    char nid[24];
    assert_string_equal(str_at(j, "state", NULL), "accepted");
    snprintf(nid, sizeof(nid), "%s", str_at(j, "new_member_id", NULL));
    assert_string_equal(str_at(j, "to_branch", "id"), mh_b1);
    assert_non_null(str_at(j, "decided_on", NULL));
    cJSON_Delete(j);
    record_moved(mid, nid, idno, "刀玉罕");
    /* both offices audited it; the sender was told (ids only) */
    assert_int_equal(audit_count(tok_jh, "transfer.start", tid), 1);
    assert_int_equal(audit_count(tok_mh, "transfer.start", tid), 1);
    assert_int_equal(audit_count(tok_jh, "transfer.accept", tid), 1);
    assert_int_equal(audit_count(tok_mh, "transfer.accept", tid), 1);
    assert_true(events("transfer.accepted", tid) == 1);
    /* the statistics (cached, invalidated for both): a flow out of 景洪 and into 勐海 this
     * year, last year's figures as they were */
    assert_true(active_in(tok_jh, 0) == jh_now - 1);
    assert_true(active_in(tok_mh, 0) == mh_now + 1);
    assert_true(active_in(tok_jh, y - 1) == jh_last);
    assert_true(active_in(tok_mh, y - 1) == mh_last);
    /* the receiver's cached member list follows */
    assert_int_equal(jreq("GET", "/v1/members?name=%E5%88%80%E7%8E%89%E7%BD%95", tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, nid));
    http_free(&r);
}

static void refused_and_cancelled(void **state)
{
    (void)state;
    char mid[24], tid[24];
    member_in(tok_jh, "岩温", jh_b1, mid, sizeof(mid), NULL);
    start(tok_jh, mid, TO_MH, tid, sizeof(tid));
    step(422, tok_mh, tid, "refuse", "{}");
    step(422, tok_mh, tid, "refuse", "{\"reason\":\"\"}");
    step(403, tok_jh, tid, "refuse", "{\"reason\":\"不是我们\"}");
    step(200, tok_mh, tid, "refuse", "{\"reason\":\"本人户籍不在勐海，请核实介绍信 🙏\"}");
    step(409, tok_mh, tid, "refuse", "{\"reason\":\"再拒一次\"}");
    step(409, tok_jh, tid, "cancel", NULL);
    assert_true(events("transfer.refused", tid) == 1);
    assert_int_equal(audit_count(tok_jh, "transfer.refuse", tid), 1);
    assert_int_equal(audit_count(tok_mh, "transfer.refuse", tid), 1);
    char path[64];
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    cJSON *j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "state", NULL), "refused");
    assert_non_null(strstr(str_at(j, "decision_reason", NULL), "🙏"));
    cJSON_Delete(j);
    /* refused, the member may be sent again; the sender cancels this one */
    start(tok_jh, mid, TO_MH, tid, sizeof(tid));
    step(403, tok_mh, tid, "cancel", NULL);
    step(200, tok_jh, tid, "cancel", "{\"reason\":\"介绍信开错\"}");
    step(409, tok_mh, tid, "accept", "{}");
    assert_int_equal(audit_count(tok_mh, "transfer.cancel", tid), 1);
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "status", NULL), "active");
    cJSON_Delete(j);
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/transfers?direction=outgoing&state=cancelled", tok_jh, NULL, &r), 200);
    assert_non_null(strstr(r.body, tid));
    http_free(&r);
}

/* The start's rules, each named. */
static void start_rules(void **state)
{
    (void)state;
    char a[24], b[24], c[24], other[24], tid[24], body[800], path[80], hdr[48];
    struct http_res r;
    member_in(tok_jh, "玉香", jh_b1, a, sizeof(a), NULL);
    member_in(tok_jh, "岩罕", jh_b1, b, sizeof(b), NULL);
    member_in(tok_jh, "玉儿", jh_b1, c, sizeof(c), NULL);
    member_in(tok_mh, "勐海老党员", mh_b1, other, sizeof(other), NULL);
    /* another office's member: 404 naming it, nothing started */
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\",\"%s\"]," TO_MH "}", a, other);
    assert_int_equal(jreq("POST", "/v1/transfers", tok_jh, body, &r), 404);
    assert_non_null(strstr(r.body, other));
    http_free(&r);
    /* pending twice */
    start(tok_jh, a, TO_MH, tid, sizeof(tid));
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\",\"%s\"]," TO_MH "}", b, a);
    assert_int_equal(jreq("POST", "/v1/transfers", tok_jh, body, &r), 409);
    assert_non_null(strstr(r.body, "one pending transfer per member"));
    http_free(&r);
    /* a member whose relationship left by the free-text transfer (to an in-service unit) */
    snprintf(path, sizeof(path), "/v1/members/%s", c);
    if_match(path, tok_jh, hdr, sizeof(hdr));
    snprintf(path, sizeof(path), "/v1/members/%s/transfer", c);
    expect_with(200, "POST", path, tok_jh, "{\"to\":\"州人民医院党委（在职单位）\"}",
                (const char *const[]){hdr, NULL});
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"]," TO_MH "}", c);
    assert_int_equal(jreq("POST", "/v1/transfers", tok_jh, body, &r), 409);
    assert_non_null(strstr(r.body, "transferred_out"));
    http_free(&r);
    /* bad input, each field named */
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"],\"to_office\":\"999999\",\"reason\":\"x\"}", b);
    expect_field(422, "POST", "/v1/transfers", tok_jh, body, "to_office");
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"],\"to_office\":\"53282\",\"reason\":\"x\"}", b);
    expect_field(422, "POST", "/v1/transfers", tok_jh, body, "to_office");
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"],\"to_branch_id\":\"%s\"," TO_MH "}", b, jh_b2);
    expect_field(422, "POST", "/v1/transfers", tok_jh, body, "to_branch_id");
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"],\"to_office\":\"532801\",\"reason\":\"换支部\"}",
             b);
    expect_field(422, "POST", "/v1/transfers", tok_jh, body, "to_branch_id");
    snprintf(body, sizeof(body),
             "{\"member_ids\":[\"%s\"],\"to_office\":\"532801\",\"to_branch_id\":\"%s\",\"reason\":\"x\"}", b,
             jh_temp);
    expect_field(422, "POST", "/v1/transfers", tok_jh, body, "to_branch_id");
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"],\"to_office\":\"532822\"}", b);
    expect_field(422, "POST", "/v1/transfers", tok_jh, body, "reason");
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\",\"%s\"]," TO_MH "}", b, b);
    expect_field(422, "POST", "/v1/transfers", tok_jh, body, "member_ids");
    expect_field(422, "POST", "/v1/transfers", tok_jh, "{\"member_ids\":[]," TO_MH "}", "member_ids");
    expect_field(422, "POST", "/v1/transfers", tok_jh, "{\"member_ids\":[7]," TO_MH "}", "member_ids");
    expect_field(422, "POST", "/v1/transfers", tok_jh, "{\"member_ids\":[\"1\"]," TO_MH ",\"x\":1}", "x");
    char many[1200] = "{\"member_ids\":[";
    for (int i = 1; i <= 51; i++) {
        snprintf(many + strlen(many), sizeof(many) - strlen(many), "%s\"%d\"", i > 1 ? "," : "", i);
    }
    snprintf(many + strlen(many), sizeof(many) - strlen(many), "]," TO_MH "}");
    expect_field(422, "POST", "/v1/transfers", tok_jh, many, "member_ids");
    char longer[700];
    snprintf(longer, sizeof(longer),
             "{\"member_ids\":[\"%s\"],\"to_office\":\"532822\",\"reason\":\"%0201d\"}", b, 0);
    expect_field(422, "POST", "/v1/transfers", tok_jh, longer, "reason");
    expect(400, "GET", "/v1/transfers", tok_jh, NULL);
    expect(400, "GET", "/v1/transfers?direction=sideways", tok_jh, NULL);
    expect(400, "GET", "/v1/transfers?direction=incoming&state=lost", tok_jh, NULL);
    expect(404, "GET", "/v1/transfers/99999999", tok_jh, NULL);
}

/* Several members in one batch, all or nothing, one Idempotency-Key replayed. */
static void batch_and_replay(void **state)
{
    (void)state;
    char a[24], b[24], body[400];
    member_in(tok_jh, "岩香", jh_b1, a, sizeof(a), NULL);
    member_in(tok_jh, "玉南", jh_b1, b, sizeof(b), NULL);
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\",\"%s\"]," TO_MH ",\"note\":\"同一批\"}", b, a);
    const char *const key[] = {"Idempotency-Key: h1-batch-1", NULL};
    struct http_res r1, r2;
    assert_int_equal(req("POST", "/v1/transfers", tok_jh, "application/json", body, key, &r1), 201);
    assert_int_equal(req("POST", "/v1/transfers", tok_jh, "application/json", body, key, &r2), 201);
    assert_string_equal(r1.body, r2.body);
    cJSON *j = cJSON_Parse(r1.body);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 2);
    const char *batch = str_at(j, "batch_id", NULL);
    assert_string_equal(str_at(cJSON_GetArrayItem(items, 0), "batch_id", NULL), batch);
    assert_string_equal(str_at(cJSON_GetArrayItem(items, 1), "batch_id", NULL), batch);
    cJSON_Delete(j);
    http_free(&r1);
    http_free(&r2);
    /* one page at a time */
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/transfers?direction=incoming&state=pending&limit=1", tok_mh, NULL, &r),
                     200);
    j = cJSON_Parse(r.body);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(j, "next_cursor");
    assert_true(cJSON_IsString(cur));
    char path[200];
    snprintf(path, sizeof(path), "/v1/transfers?direction=incoming&state=pending&limit=1&cursor=%s",
             cur->valuestring);
    cJSON_Delete(j);
    http_free(&r);
    expect(200, "GET", path, tok_mh, NULL);
}

/* Within an office: the same record changes branch through the same flow. */
static void within_office(void **state)
{
    (void)state;
    char mid[24], tid[24], rest[200], path[96];
    member_in(tok_jh, "波岩", jh_b1, mid, sizeof(mid), NULL);
    snprintf(rest, sizeof(rest), "\"to_office\":\"532801\",\"to_branch_id\":\"%s\",\"reason\":\"迁居新社区\"",
             jh_b2);
    start(tok_jh, mid, rest, tid, sizeof(tid));
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/transfers?direction=incoming", tok_jh, NULL, &r), 200);
    assert_non_null(strstr(r.body, tid));
    http_free(&r);
    step(200, tok_jh, tid, "accept", "{}");
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    cJSON *j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "kind", NULL), "within_office");
    assert_string_equal(str_at(j, "new_member_id", NULL), mid);
    assert_string_equal(str_at(j, "to_branch", "id"), jh_b2);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "status", NULL), "active");
    assert_string_equal(str_at(j, "primary_branch", "id"), jh_b2);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", mid);
    assert_int_equal(jreq("GET", path, tok_jh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"end_reason\":\"moved\""));
    http_free(&r);
    assert_true(events("transfer.accepted", tid) == 1);
    /* and into its own branch again: 409 */
    snprintf(rest, sizeof(rest),
             "{\"member_ids\":[\"%s\"],\"to_office\":\"532801\",\"to_branch_id\":\"%s\",\"reason\":\"x\"}",
             mid, jh_b2);
    expect(409, "POST", "/v1/transfers", tok_jh, rest);
}

/* 勐海 to 景洪 the other way, and two accepts at once: one wins. */
struct racer {
    char path[80], hdr[48], body[64];
    long status;
};

static void *race(void *arg)
{
    struct racer *x = arg;
    struct http_res r;
    const char *const extra[] = {x->hdr, NULL};
    x->status = req("POST", x->path, tok_jh, "application/json", x->body, extra, &r);
    http_free(&r);
    return NULL;
}

static void two_accepts_at_once(void **state)
{
    (void)state;
    char mid[24], tid[24], path[80], hdr[48];
    member_in(tok_mh, "咪章", mh_b1, mid, sizeof(mid), NULL);
    start(tok_mh, mid, "\"to_office\":\"532801\",\"reason\":\"回景洪居住\"", tid, sizeof(tid));
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    if_match(path, tok_jh, hdr, sizeof(hdr));
    struct racer rs[2];
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        snprintf(rs[i].path, sizeof(rs[i].path), "/v1/transfers/%s/accept", tid);
        snprintf(rs[i].hdr, sizeof(rs[i].hdr), "%s", hdr);
        snprintf(rs[i].body, sizeof(rs[i].body), "{\"branch_id\":\"%s\"}", jh_b1);
        assert_int_equal(pthread_create(&th[i], NULL, race, &rs[i]), 0);
    }
    int won = 0;
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
        assert_true(rs[i].status == 200 || rs[i].status == 409 || rs[i].status == 412);
        won += rs[i].status == 200;
    }
    assert_int_equal(won, 1);
    /* one record in 景洪 with that number, the other closed in 勐海 */
    cJSON *j = expect_json(200, "GET", path, tok_jh, NULL);
    char nid[24];
    snprintf(nid, sizeof(nid), "%s", str_at(j, "new_member_id", NULL));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/members/%s", nid);
    expect(200, "GET", path, tok_jh, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    j = expect_json(200, "GET", path, tok_mh, NULL);
    assert_string_equal(str_at(j, "status", NULL), "transferred_out");
    cJSON_Delete(j);
}

/* A death committed while an acceptance waits for the member's row: the acceptance reads
 * the row with its lock (the latest version, not its snapshot taken before) and is 409;
 * nothing moves. */
static void death_while_accepting(void **state)
{
    (void)state;
    char mid[24], tid[24], path[80], hdr[48];
    member_in(tok_mh, "岩庄", mh_b1, mid, sizeof(mid), NULL);
    start(tok_mh, mid, "\"to_office\":\"532801\",\"reason\":\"回景洪居住\"", tid, sizeof(tid));
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    if_match(path, tok_jh, hdr, sizeof(hdr));
    struct db *db = test_db();
    struct db_param p[] = {P_STR(mid)};
    assert_int_equal(db_begin(db), YH_OK);
    assert_int_equal(db_exec(db,
                             "UPDATE members SET status = 'deceased', status_on = '2024-01-02' WHERE "
                             "office_code = '532822' AND id = ?",
                             p, 1, NULL, NULL, NULL),
                     YH_OK);
    struct racer x;
    pthread_t th;
    snprintf(x.path, sizeof(x.path), "/v1/transfers/%s/accept", tid);
    snprintf(x.hdr, sizeof(x.hdr), "%s", hdr);
    snprintf(x.body, sizeof(x.body), "{\"branch_id\":\"%s\"}", jh_b1);
    assert_int_equal(pthread_create(&th, NULL, race, &x), 0);
    usleep(800 * 1000); /* the acceptance has read the transfer and waits for the member */
    assert_int_equal(db_commit(db), YH_OK);
    db_close(db);
    pthread_join(th, NULL);
    assert_int_equal(x.status, 409);
    cJSON *j = expect_json(200, "GET", path, tok_mh, NULL);
    assert_string_equal(str_at(j, "state", NULL), "pending");
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    j = expect_json(200, "GET", path, tok_mh, NULL);
    assert_string_equal(str_at(j, "status", NULL), "deceased");
    cJSON_Delete(j);
}

/* A member in hospital arrives with the health before the admission; the stay ends with the
 * sender's record (the receiver records its own admission). */
static void in_hospital_when_accepted(void **state)
{
    (void)state;
    char mid[24], tid[24], sid[24], path[96], body[200], today[11];
    test_today(today);
    member_in(tok_jh, "刀香", jh_b1, mid, sizeof(mid), NULL);
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", mid);
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%s\",\"hospital\":\"西双版纳州人民医院\"}", today);
    post_created(path, tok_jh, body, sid, sizeof(sid));
    start(tok_jh, mid, TO_MH, tid, sizeof(tid));
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\"}", mh_b1);
    step(200, tok_mh, tid, "accept", body);
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    cJSON *j = expect_json(200, "GET", path, tok_mh, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s?reveal=true", str_at(j, "new_member_id", NULL));
    cJSON_Delete(j);
    j = expect_json(200, "GET", path, tok_mh, NULL);
    assert_string_equal(str_at(j, "health", NULL), "frail");
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/hospital-stays/%s", sid);
    j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "discharged_on", NULL), today);
    cJSON_Delete(j);
}

/* A secretary and an integration client without pii:read do not reach transfers. */
static void who_reaches_transfers(void **state)
{
    (void)state;
    char ctok[2048], stok[2048], acc[24], body[300];
    client_token(tok_jh, "转接集成", "members:read", ctok, sizeof(ctok), NULL, 0);
    expect(403, "GET", "/v1/transfers?direction=outgoing", ctok, NULL);
    snprintf(body, sizeof(body),
             "{\"username\":\"h1.transfer.sec\",\"display_name\":\"支书\",\"role\":\"secretary\","
             "\"password\":\"h1-transfer-secretary-1\",\"branch_id\":\"%s\"}",
             jh_b1);
    post_created("/v1/accounts", tok_jh, body, acc, sizeof(acc));
    login("532801", "h1.transfer.sec", "h1-transfer-secretary-1", stok, sizeof(stok), NULL, 0);
    expect(403, "GET", "/v1/transfers?direction=outgoing", stok, NULL);
    expect(403, "POST", "/v1/transfers", stok, "{\"member_ids\":[\"1\"]," TO_MH "}");
    /* the receiving office's audit names the acting office */
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/audit?action=transfer.start", tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"actor\":\"532801/account:"));
    http_free(&r);
}

/* The accepted transfer's new_member_id (read as token). */
static void new_member_of(const char *token, const char *tid, char *nid, size_t len)
{
    char path[64];
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    assert_string_equal(str_at(j, "state", NULL), "accepted");
    snprintf(nid, len, "%s", str_at(j, "new_member_id", NULL));
    cJSON_Delete(j);
}

/* 景洪 → 勐海 → 景洪: back home the member's old record (closed as transferred_out, its ID
 * number held once per office) is active again in the receiving branch, one record, its
 * honour once; the consent given under 景洪's grants does not follow it to 勐海. */
static void transferred_back_home(void **state)
{
    (void)state;
    char mid[24], tid[24], nid[24], back[24], hid[24], body[200], path[96];
    member_in(tok_jh, "岩罕回", jh_b1, mid, sizeof(mid), NULL);
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    char im[64];
    if_match(path, tok_jh, im, sizeof(im));
    expect_with(200, "PATCH", path, tok_jh, "{\"nearby_consent\":true}", (const char *const[]){im, NULL});
    snprintf(body, sizeof(body),
             "{\"kind\":\"excellent_member\",\"level\":\"county\",\"year\":2024,\"member_id\":\"%s\"}", mid);
    post_created("/v1/honours", tok_jh, body, hid, sizeof(hid));
    start(tok_jh, mid, TO_MH, tid, sizeof(tid));
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\"}", mh_b1);
    step(200, tok_mh, tid, "accept", body);
    new_member_of(tok_mh, tid, nid, sizeof(nid));
    snprintf(path, sizeof(path), "/v1/members/%s", nid);
    cJSON *j = expect_json(200, "GET", path, tok_mh, NULL);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "nearby_consent")));
    assert_null(str_at(j, "nearby_consent_on", NULL));
    cJSON_Delete(j);
    start(tok_mh, nid, "\"to_office\":\"532801\",\"reason\":\"回景洪居住\"", back, sizeof(back));
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\"}", jh_b2);
    step(200, tok_jh, back, "accept", body);
    new_member_of(tok_jh, back, nid, sizeof(nid));
    assert_string_equal(nid, mid);
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "status", NULL), "active");
    assert_string_equal(str_at(j, "primary_branch", "id"), jh_b2);
    assert_null(str_at(j, "transferred_to", NULL));
    cJSON_Delete(j);
    struct db_param p[] = {P_STR("岩罕回")};
    assert_int_equal(
        test_db_count("SELECT COUNT(*) FROM members WHERE office_code = '532801' AND name = ?", p, 1), 1);
    struct db_param ph[] = {P_STR(mid)};
    assert_int_equal(test_db_count("SELECT COUNT(*) FROM honours WHERE member_id = ?", ph, 1), 1);
    assert_int_equal(audit_count(tok_jh, "transfer.accept", back), 1);
}

/* The old close routes and a pending transfer: the free-text way out answers 409 naming
 * it; a recorded death cancels it (both offices' audit), and the receiver can no longer
 * accept. */
static void pending_and_the_close_routes(void **state)
{
    (void)state;
    char mid[24], tid[24], path[96], im[64];
    member_in(tok_jh, "玉香逝", jh_b1, mid, sizeof(mid), NULL);
    start(tok_jh, mid, TO_MH, tid, sizeof(tid));
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    if_match(path, tok_jh, im, sizeof(im));
    snprintf(path, sizeof(path), "/v1/members/%s/transfer", mid);
    struct http_res r;
    assert_int_equal(req("POST", path, tok_jh, "application/json", "{\"to\":\"昆明市\"}",
                         (const char *const[]){im, NULL}, &r),
                     409);
    assert_non_null(strstr(r.body, tid));
    assert_non_null(strstr(r.body, "pending"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/transfers?direction=incoming&state=cancelled", tok_mh, NULL, &r),
                     200); /* cached */
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%s/death", mid);
    expect_with(201, "POST", path, tok_jh, "{\"died_on\":\"2024-01-02\",\"reported_by\":\"子女\"}",
                (const char *const[]){im, NULL});
    snprintf(path, sizeof(path), "/v1/transfers/%s", tid);
    cJSON *j = expect_json(200, "GET", path, tok_jh, NULL);
    assert_string_equal(str_at(j, "state", NULL), "cancelled");
    assert_non_null(strstr(str_at(j, "decision_reason", NULL), "成员离世"));
    cJSON_Delete(j);
    assert_int_equal(audit_count(tok_jh, "transfer.cancel", tid), 1);
    assert_int_equal(audit_count(tok_mh, "transfer.cancel", tid), 1);
    step(409, tok_mh, tid, "accept", "{}");
    /* the receiver's cached incoming list follows */
    assert_int_equal(jreq("GET", "/v1/transfers?direction=incoming&state=cancelled", tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, tid));
    http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(between_offices_accepted),
        cmocka_unit_test(refused_and_cancelled),
        cmocka_unit_test(start_rules),
        cmocka_unit_test(batch_and_replay),
        cmocka_unit_test(within_office),
        cmocka_unit_test(two_accepts_at_once),
        cmocka_unit_test(death_while_accepting),
        cmocka_unit_test(in_hospital_when_accepted),
        cmocka_unit_test(who_reaches_transfers),
        cmocka_unit_test(transferred_back_home),
        cmocka_unit_test(pending_and_the_close_routes),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
