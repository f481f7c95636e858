/* Death and aftercare through HTTP: recording a death (the member deceased, its aftercare
 * open with the office's checklist, member.deceased published once, twice 409, the date
 * checked), items done until complete and undone to reopen, the survivor's payment one
 * of two ways, sealed values masked and revealed with an audit, the cached open list
 * invalidated by writes, another office's and another branch's 404s, the correction and
 * the mistaken report, and the office's own checklist. Office 440104 is written here;
 * its members are born in 1929. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok[2048], tok_other[2048], tok_sec[2048];
static char br_a[24], br_b[24];
static char yesterday[11], two_days[11], tomorrow[11];
static int idseq = 900;

static void day_at(int64_t offset_s, char out[11])
{
    char t[26];
    test_cn_at(offset_s, t);
    snprintf(out, 11, "%.10s", t);
}

static int setup(void **s)
{
    (void)s;
    char body[320], acc[24];
    api_start(NULL, "build/test-logs/aftercare-server.log");
    login("440104", "admin", "demo-440104-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    branch_create(tok, "善后甲支部", "regular", "community", br_a, sizeof(br_a));
    branch_create(tok, "善后乙支部", "regular", "community", br_b, sizeof(br_b));
    snprintf(body, sizeof(body),
             "{\"username\":\"aftercare.sec\",\"display_name\":\"支书\",\"role\":\"secretary\",\"password\":"
             "\"aftercare-secretary-1\",\"branch_id\":\"%s\"}",
             br_a);
    post_created("/v1/accounts", tok, body, acc, sizeof(acc));
    login("440104", "aftercare.sec", "aftercare-secretary-1", tok_sec, sizeof(tok_sec), NULL, 0);
    day_at(-86400, yesterday);
    day_at(-2 * 86400, two_days);
    day_at(86400, tomorrow);
    return 0;
}

/* A retiree of 440104 in branch (born 1929); extra is more JSON members. */
static void member(const char *name, const char *branch, const char *extra, char *id, size_t idlen)
{
    char idno[19], more[256];
    idno_seq(idno, "440104", "1929", (unsigned)idseq++);
    snprintf(more, sizeof(more), ",\"branch_id\":\"%s\",\"joined_on\":\"1960-01-01\"%s", branch, extra);
    member_create(tok, name, idno, "retired", more, id, idlen);
}

/* POSTs the death of member id with body as token (If-Match its current version),
 * asserting status; the aftercare's id when aftercare != NULL. */
static void death(long status, const char *token, const char *id, const char *body, char *aftercare,
                  size_t alen)
{
    char path[96], ifm[64];
    struct http_res r;
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    if_match(path, tok, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/members/%s/death", id);
    long got = req("POST", path, token, "application/json", body, h, &r);
    if (got != status) {
        fprintf(stderr, "POST %s -> %ld %s\n", path, got, r.body);
    }
    assert_int_equal(got, status);
    if (aftercare != NULL) {
        assert_true(json_member(r.body, "id", aftercare, alen));
    }
    http_free(&r);
}

/* The default death body on day. */
static const char *died(const char *day)
{
    static char b[160];
    snprintf(b, sizeof(b), "{\"died_on\":\"%s\",\"cause\":\"心脏病\",\"reported_by\":\"长子 张善后\"}", day);
    return b;
}

/* Whether GET path as token (200) holds needle. */
static bool holds(const char *path, const char *token, const char *needle)
{
    struct http_res r;
    assert_int_equal(jreq("GET", path, token, NULL, &r), 200);
    bool found = strstr(r.body, needle) != NULL;
    http_free(&r);
    return found;
}

static long audits(const char *action, const char *target)
{
    struct db_param p[] = {P_STR(action), P_STR(target)};
    return test_db_count("SELECT COUNT(*) FROM audit_log WHERE action = ? AND target = ?", p, 2);
}

/* Whether the list at path as token (200) holds the item of id. */
static bool lists(const char *path, const char *token, const char *id)
{
    char needle[48];
    snprintf(needle, sizeof(needle), "{\"id\":\"%s\"", id);
    return holds(path, token, needle);
}

static void recording_a_death(void **s)
{
    (void)s;
    char m[24], ac[24], path[96], needle[96], body[700];
    member("善后一号", br_a, ",\"health\":\"homebound\"", m, sizeof(m));
    /* homebound and never visited: due until the death (the office's members round-trip
     * through CSV in test_members, so no hospital stay here: its health is not importable) */
    char due[48];
    snprintf(due, sizeof(due), "\"member_id\":\"%s\"", m);
    assert_true(holds("/v1/care/due", tok, due));
    death(422, tok, m, died(tomorrow), NULL, 0);
    expect(428, "POST", "/v1/members/1/death", tok, "{}");
    death(422, tok, m, "{\"died_on\":\"1928-12-31\",\"reported_by\":\"子女\"}", NULL, 0);
    death(422, tok, m, "{\"died_on\":\"2020-01-01\"}", NULL, 0);
    char longcause[600] = "";
    for (int i = 0; i < 501; i++) {
        strcat(longcause, "x");
    }
    snprintf(body, sizeof(body), "{\"died_on\":\"%s\",\"reported_by\":\"子女\",\"cause\":\"%s\"}", yesterday,
             longcause);
    death(422, tok, m, body, NULL, 0);
    /* an urgent help request of the member still running, and one of another member */
    char help[24], help_other[24], other[24];
    member("善后求助旁人", br_a, "", other, sizeof(other));
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\",\"category\":\"water\",\"description\":\"水管漏水\"}",
             m);
    post_created("/v1/help-requests", tok, body, help, sizeof(help));
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\",\"category\":\"water\",\"description\":\"水管漏水\"}",
             other);
    post_created("/v1/help-requests", tok, body, help_other, sizeof(help_other));
    /* the member's is assigned to a volunteer team: its need is dispatched */
    char team[24], need[24];
    team_create(tok, "善后测试队", "care", team, sizeof(team));
    snprintf(path, sizeof(path), "/v1/help-requests/%s/assign", help);
    snprintf(body, sizeof(body), "{\"kind\":\"team\",\"team_id\":\"%s\"}", team);
    struct http_res res;
    const char *const im[] = {"If-Match: \"1\"", NULL};
    assert_int_equal(req("POST", path, tok, "application/json", body, im, &res), 200);
    assert_true(json_member(res.body, "need_id", need, sizeof(need)));
    http_free(&res);
    char need_path[64];
    snprintf(need_path, sizeof(need_path), "/v1/volunteer-needs/%s", need);
    assert_true(holds(need_path, tok, "\"status\":\"dispatched\""));
    death(201, tok, m, died(yesterday), ac, sizeof(ac));
    /* the need is released with it */
    assert_true(holds(need_path, tok, "\"status\":\"cancelled\""));
    /* the member's request is cancelled with the death, logged as the caller's; the other
     * member's runs on */
    snprintf(path, sizeof(path), "/v1/help-requests/%s", help);
    assert_true(holds(path, tok, "\"status\":\"cancelled\""));
    assert_true(holds(path, tok, "\"cancel_reason\":\"成员离世\""));
    assert_true(holds(path, tok, "{\"action\":\"cancelled\",\"actor\":\"account:"));
    snprintf(path, sizeof(path), "/v1/help-requests/%s", help_other);
    assert_true(holds(path, tok, "\"status\":\"open\""));
    /* the member stays, deceased since the day */
    snprintf(path, sizeof(path), "/v1/members/%s", m);
    assert_true(holds(path, tok, "\"status\":\"deceased\""));
    snprintf(needle, sizeof(needle), "\"status_on\":\"%s\"", yesterday);
    assert_true(holds(path, tok, needle));
    /* its aftercare is open with the checklist, the cause and the reporter sealed */
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac);
    assert_true(holds(path, tok, "抚恤金发放"));
    assert_true(holds(path, tok, "\"status\":\"open\""));
    assert_true(holds(path, tok, "\"cause_sealed\":true"));
    assert_false(holds(path, tok, "心脏病"));
    assert_false(holds(path, tok, "张善后"));
    /* one event, ids only: the aftercare's, not the date */
    snprintf(needle, sizeof(needle), "\"member_id\":\"%s\",\"aftercare_id\":\"%s\"}", m, ac);
    assert_int_equal(outbox_count("member.deceased", needle), 1);
    assert_int_equal(outbox_count("member.deceased", "心脏病"), 0);
    assert_int_equal(outbox_count("member.deceased", yesterday), 0);
    /* twice: 409, no second event */
    death(409, tok, m, died(yesterday), NULL, 0);
    assert_int_equal(outbox_count("member.deceased", needle), 1);
    /* the default member list hides the deceased, the due list no longer lists them */
    assert_false(lists("/v1/members?name=%E5%96%84%E5%90%8E%E4%B8%80%E5%8F%B7", tok, m));
    assert_true(lists("/v1/members?status=deceased&name=%E5%96%84%E5%90%8E%E4%B8%80%E5%8F%B7", tok, m));
    assert_false(holds("/v1/care/due", tok, due));
    /* PATCH /v1/members/{id} does not set a status */
    snprintf(path, sizeof(path), "/v1/members/%s", m);
    expect_with(422, "PATCH", path, tok, "{\"status\":\"active\"}",
                (const char *const[]){"If-Match: \"2\"", NULL});
}

/* If-Match with the current version of aftercare ac (read as the office's staff). */
static void aftercare_if_match(const char *ac, char *h, size_t n)
{
    char path[64];
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac);
    if_match(path, tok, h, n);
}

/* method on path as token with If-Match ifm (the current version of aftercare ac when
 * NULL), asserting status and, when field, a problem naming it (failures name the
 * caller's line). */
static void send_at(long status, const char *token, const char *method, const char *path, const char *body,
                    const char *ac, const char *ifm, const char *field, int line)
{
    char h[64], want[64];
    struct http_res r;
    if (ifm == NULL) {
        aftercare_if_match(ac, h, sizeof(h));
    }
    const char *hs[] = {ifm ? ifm : h, NULL};
    long got = req(method, path, token, body ? "application/json" : NULL, body, hs, &r);
    snprintf(want, sizeof(want), "\"field\":\"%s\"", field ? field : "");
    if (got != status || (field && strstr(r.body, want) == NULL)) {
        fprintf(stderr, "%s:%d: %s %s: %ld %s\n", __FILE__, line, method, path, got, r.body);
        http_free(&r);
        _fail(__FILE__, line);
    }
    http_free(&r);
}

/* method (POST: done with body, DELETE: undone) on item code of aftercare ac, as
 * send_at. */
static void item_at(long status, const char *token, const char *method, const char *ac, const char *code,
                    const char *body, const char *ifm, const char *field, int line)
{
    char path[128];
    snprintf(path, sizeof(path), "/v1/aftercares/%s/items/%s", ac, code);
    send_at(status, token, method, path, body, ac, ifm, field, line);
}
#define item(status, token, ac, code, body)                                                                  \
    item_at((status), (token), "POST", (ac), (code), (body), NULL, NULL, __LINE__)
#define item_field(ac, code, body, field)                                                                    \
    item_at(422, tok, "POST", (ac), (code), (body), NULL, (field), __LINE__)
#define item_undo(status, ac, code, ifm)                                                                     \
    item_at((status), tok, "DELETE", (ac), (code), NULL, (ifm), NULL, __LINE__)

static void items_until_complete(void **s)
{
    (void)s;
    char m[24], other[24], ac[24], path[128], body[320], visit[24], bad_visit[24];
    member("善后二号", br_a, "", m, sizeof(m));
    member("善后旁人", br_a, "", other, sizeof(other));
    death(201, tok, m, died(two_days), ac, sizeof(ac));
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\",\"recipient\":\"配偶 李抚恤\"}", yesterday);
    item_field(ac, "survivor_payment", body, "paid_on");
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\",\"recipient\":\"配偶\",\"not_paid_reason\":\"无遗属\"}",
             yesterday);
    item_field(ac, "survivor_payment", body, "not_paid_reason");
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\"}", yesterday);
    item_field(ac, "survivor_payment", body, "recipient");
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\",\"amount_fen\":100}", yesterday);
    item_field(ac, "funeral", body, "amount_fen");
    item_field(ac, "funeral", "{\"done_on\":\"1999-01-01\"}", "done_on");
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\"}", tomorrow);
    item_field(ac, "funeral", body, "done_on");
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\"}", yesterday);
    item(404, tok, ac, "no_such_item", body);
    /* an item's change needs If-Match with the aftercare's version: 428 without, 412
     * stale (every item done moves the version) */
    snprintf(path, sizeof(path), "/v1/aftercares/%s/items/memorial", ac);
    expect(428, "POST", path, tok, body);
    expect(428, "DELETE", path, tok, NULL);
    char stale[64];
    aftercare_if_match(ac, stale, sizeof(stale));
    item(200, tok, ac, "memorial", body);
    item_at(412, tok, "POST", ac, "memorial", body, stale, NULL, __LINE__);
    item_undo(412, ac, "memorial", stale);
    /* the condolence visit names a visit to the member, not another's */
    snprintf(
        body, sizeof(body),
        "{\"member_ids\":[\"%s\"],\"reason\":\"bereavement\",\"visited_on\":\"%s\",\"visitors\":\"局长\"}", m,
        yesterday);
    post_created("/v1/visits", tok, body, visit, sizeof(visit));
    snprintf(
        body, sizeof(body),
        "{\"member_ids\":[\"%s\"],\"reason\":\"bereavement\",\"visited_on\":\"%s\",\"visitors\":\"局长\"}",
        other, yesterday);
    post_created("/v1/visits", tok, body, bad_visit, sizeof(bad_visit));
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\",\"visit_id\":\"%s\"}", yesterday, bad_visit);
    item_field(ac, "condolence", body, "visit_id");
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\",\"visit_id\":\"%s\",\"note\":\"送花圈\"}", yesterday,
             visit);
    item(200, tok, ac, "condolence", body);
    /* listed open (and cached) until every required item is done */
    assert_true(lists("/v1/aftercares?status=open", tok, ac));
    assert_true(lists("/v1/aftercares?status=open", tok, ac));
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\"}", yesterday);
    item(200, tok, ac, "funeral", body);
    item(200, tok, ac, "family_contact", body);
    assert_true(lists("/v1/aftercares?status=open", tok, ac));
    snprintf(body, sizeof(body),
             "{\"done_on\":\"%s\",\"recipient\":\"配偶 李抚恤\",\"paid_on\":\"%s\",\"amount_fen\":3456700}",
             yesterday, yesterday);
    item(200, tok, ac, "survivor_payment", body);
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac);
    assert_true(holds(path, tok, "\"status\":\"complete\""));
    assert_false(lists("/v1/aftercares?status=open", tok, ac));
    assert_true(lists("/v1/aftercares?status=complete", tok, ac));
    /* masked: the payment's recipient and amount sealed; revealed with pii:read, audited */
    char target[48];
    snprintf(target, sizeof(target), "aftercare:%s", ac);
    long before = audits("aftercare.reveal", target);
    assert_false(holds(path, tok, "3456700"));
    assert_false(holds(path, tok, "李抚恤"));
    assert_true(holds(path, tok, "\"amount_fen_sealed\":true"));
    assert_int_equal(audits("aftercare.reveal", target), before);
    snprintf(path, sizeof(path), "/v1/aftercares/%s?reveal=true", ac);
    assert_true(holds(path, tok, "3456700"));
    assert_true(holds(path, tok, "李抚恤"));
    assert_true(holds(path, tok, "送花圈"));
    assert_int_equal(audits("aftercare.reveal", target), before + 3);
    /* undoing an item reopens it */
    item_undo(200, ac, "funeral", NULL);
    assert_true(lists("/v1/aftercares?status=open", tok, ac));
    assert_false(lists("/v1/aftercares?status=complete", tok, ac));
}

static void other_offices_and_branches(void **s)
{
    (void)s;
    char a[24], b[24], ac_a[24], ac_b[24], path[128], body[96];
    member("善后甲员", br_a, "", a, sizeof(a));
    member("善后乙员", br_b, "", b, sizeof(b));
    death(404, tok_other, a, died(yesterday), NULL, 0);
    death(403, tok_sec, a, died(yesterday), NULL, 0);
    death(201, tok, a, died(yesterday), ac_a, sizeof(ac_a));
    death(201, tok, b, died(yesterday), ac_b, sizeof(ac_b));
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\"}", yesterday);
    /* another office: 404 everywhere */
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac_a);
    expect(404, "GET", path, tok_other, NULL);
    item(404, tok_other, ac_a, "funeral", body);
    assert_false(lists("/v1/aftercares", tok_other, ac_a));
    snprintf(path, sizeof(path), "/v1/members/%s/death", a);
    send_at(404, tok_other, "PATCH", path, "{\"cause\":\"x\"}", ac_a, NULL, NULL, __LINE__);
    /* the secretary: its branch's aftercare (masked only), not another branch's */
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac_a);
    expect(200, "GET", path, tok_sec, NULL);
    snprintf(path, sizeof(path), "/v1/aftercares/%s?reveal=true", ac_a);
    expect(403, "GET", path, tok_sec, NULL);
    item(200, tok_sec, ac_a, "funeral", body);
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac_b);
    expect(404, "GET", path, tok_sec, NULL);
    item(404, tok_sec, ac_b, "funeral", body);
    assert_true(lists("/v1/aftercares", tok_sec, ac_a));
    assert_false(lists("/v1/aftercares", tok_sec, ac_b));
    assert_true(lists("/v1/aftercares", tok, ac_b));
    expect_field(400, "GET", "/v1/aftercares?status=withdrawn", tok, NULL, "status");
    /* keyset pages, newest first: ac_b then ac_a */
    cJSON *j = expect_json(200, "GET", "/v1/aftercares?limit=1", tok, NULL);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "id")->valuestring, ac_b);
    snprintf(path, sizeof(path), "/v1/aftercares?limit=1&cursor=%s",
             cJSON_GetObjectItemCaseSensitive(j, "next_cursor")->valuestring);
    cJSON_Delete(j);
    assert_true(lists(path, tok, ac_a));
    expect_field(400, "GET", "/v1/aftercares?limit=101", tok, NULL, "limit");
    /* a member's app sees no aftercares */
    char alive[24], acc[24], tok_member[2048];
    member("善后在世", br_a, "", alive, sizeof(alive));
    member_account_create(tok, "aftercare.member", "善后在世", "aftercare-member-1", alive, acc, sizeof(acc));
    login("440104", "aftercare.member", "aftercare-member-1", tok_member, sizeof(tok_member), NULL, 0);
    expect(403, "GET", "/v1/aftercares", tok_member, NULL);
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac_a);
    expect(404, "GET", path, tok_member, NULL);
    item(403, tok_member, ac_a, "memorial", body); /* (a member token has no members:write) */
    /* corrections and withdrawals are the staff's */
    snprintf(path, sizeof(path), "/v1/members/%s/death", a);
    expect(403, "PATCH", path, tok_sec, "{\"cause\":\"x\"}");
    expect(403, "POST", "/v1/members/1/death/withdraw", tok_sec, "{\"reason\":\"x\"}");
}

static void correction_and_mistaken_report(void **s)
{
    (void)s;
    char m[24], ac[24], ac2[24], path[128], body[160], needle[64];
    member("善后误报", br_a, "", m, sizeof(m));
    death(201, tok, m, died(yesterday), ac, sizeof(ac));
    snprintf(path, sizeof(path), "/v1/members/%s/death", m);
    snprintf(body, sizeof(body), "{\"died_on\":\"%s\"}", tomorrow);
    send_at(422, tok, "PATCH", path, body, ac, NULL, "died_on", __LINE__);
    /* If-Match with the aftercare's version: 428 without, 412 stale */
    snprintf(body, sizeof(body), "{\"died_on\":\"%s\",\"cause\":\"肺炎\"}", two_days);
    expect(428, "PATCH", path, tok, body);
    char stale[64];
    aftercare_if_match(ac, stale, sizeof(stale));
    send_at(200, tok, "PATCH", path, body, ac, NULL, NULL, __LINE__);
    send_at(412, tok, "PATCH", path, body, ac, stale, NULL, __LINE__);
    snprintf(needle, sizeof(needle), "\"status_on\":\"%s\"", two_days);
    snprintf(path, sizeof(path), "/v1/members/%s", m);
    assert_true(holds(path, tok, needle));
    snprintf(path, sizeof(path), "/v1/aftercares/%s?reveal=true", ac);
    assert_true(holds(path, tok, "肺炎"));
    assert_true(holds(path, tok, "张善后")); /* the reporter, not given, stays */
    /* the member is alive: a reason is required, in the body (personal text stays out of
     * the URL and its logs), up to 200 characters; active again in its branch */
    snprintf(path, sizeof(path), "/v1/members/%s/death?reason=x", m);
    expect(405, "DELETE", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s/death/withdraw", m);
    send_at(422, tok, "POST", path, "{}", ac, NULL, "reason", __LINE__);
    send_at(422, tok, "POST", path, "{\"reason\":\"\"}", ac, NULL, "reason", __LINE__);
    char reason[700] = "{\"reason\":\"家属误报";
    for (int i = 0; i < 49; i++) {
        strcat(reason, "家属误报");
    }
    strcat(reason, "x\"}");
    send_at(422, tok, "POST", path, reason, ac, NULL, "reason", __LINE__);
    reason[strlen(reason) - 3] = '\0';
    strcat(reason, "\"}"); /* 200 characters */
    assert_true(lists("/v1/aftercares?status=open", tok, ac));
    expect(428, "POST", path, tok, reason);
    send_at(412, tok, "POST", path, reason, ac, stale, NULL, __LINE__);
    send_at(200, tok, "POST", path, reason, ac, NULL, NULL, __LINE__);
    send_at(404, tok, "POST", path, reason, ac, NULL, NULL, __LINE__);
    snprintf(path, sizeof(path), "/v1/members/%s", m);
    assert_true(holds(path, tok, "\"status\":\"active\""));
    snprintf(needle, sizeof(needle), "\"primary_branch\":{\"id\":\"%s\"", br_a);
    assert_true(holds(path, tok, needle));
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", m);
    assert_true(holds(path, tok, "\"ended_on\":null"));
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac);
    assert_true(holds(path, tok, "\"status\":\"withdrawn\""));
    assert_true(holds(path, tok, "家属误报"));
    assert_false(lists("/v1/aftercares", tok, ac));
    item(409, tok, ac, "funeral", "{\"done_on\":\"2020-01-01\"}");
    /* a later, true death is recorded afresh */
    death(201, tok, m, died(yesterday), ac2, sizeof(ac2));
    assert_string_not_equal(ac, ac2);
}

struct racer {
    char path[64];
    long status;
};

/* PUTs an optional item at x->path as the office's staff (one of several at once). */
static void *race_put(void *p)
{
    struct racer *x = p;
    struct http_res r;
    char auth[2200], url[256];
    static const char body[] = "{\"name\":\"并发\",\"required\":false}";
    const char *h[] = {auth, "Content-Type: application/json", NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    snprintf(url, sizeof(url), "%s%s", api_base, x->path);
    x->status = http_do("PUT", url, h, body, strlen(body), &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

static void the_office_checklist(void **s)
{
    (void)s;
    char m[24], ac[24], path[96];
    assert_true(holds("/v1/aftercare-items", tok, "抚恤金发放"));
    expect(403, "PUT", "/v1/aftercare-items/memorial", tok_sec, "{\"name\":\"追悼会\"}");
    expect_problem(400, "PUT", "/v1/aftercare-items/Bad-Code", tok, "{\"name\":\"x\"}");
    expect_field(422, "PUT", "/v1/aftercare-items/home_visit", tok, "{\"name\":\"\"}", "name");
    expect_field(422, "PUT", "/v1/aftercare-items/home_visit", tok,
                 "{\"name\":\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\"}", "name");
    expect(200, "PUT", "/v1/aftercare-items/memorial", tok, "{\"name\":\"追悼会\",\"required\":true}");
    expect(200, "PUT", "/v1/aftercare-items/home_visit", tok, "{\"name\":\"家属回访 👪\",\"required\":false}");
    expect(200, "PUT", "/v1/aftercare-items/condolence", tok, "{\"name\":\"吊唁慰问\",\"retired\":true}");
    assert_true(holds("/v1/aftercare-items", tok, "家属回访"));
    assert_false(holds("/v1/aftercare-items", tok_other, "家属回访"));
    assert_true(holds("/v1/aftercare-items", tok_other, "悼念活动"));
    member("善后清单", br_b, "", m, sizeof(m));
    death(201, tok, m, died(yesterday), ac, sizeof(ac));
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac);
    assert_true(holds(path, tok, "家属回访"));
    assert_true(holds(path, tok, "追悼会"));
    assert_false(holds(path, tok, "吊唁慰问"));
    /* the new item is optional: the required ones done, the aftercare is complete */
    char body[64];
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\"}", yesterday);
    item(200, tok, ac, "funeral", body);
    item(200, tok, ac, "memorial", body);
    item(200, tok, ac, "family_contact", body);
    snprintf(path, sizeof(path), "/v1/aftercares/%s", ac);
    assert_true(holds(path, tok, "\"status\":\"open\""));
    snprintf(body, sizeof(body), "{\"done_on\":\"%s\",\"not_paid_reason\":\"无遗属\"}", yesterday);
    item(200, tok, ac, "survivor_payment", body);
    assert_true(holds(path, tok, "\"status\":\"complete\""));
    assert_true(holds(path, tok, "无遗属"));
    /* at most 30 items (an aftercare holds them all): 6 now, 23 more, then of 6 new ones
     * put at once only one gets in: the 30th */
    for (int i = 0; i < 23; i++) {
        snprintf(path, sizeof(path), "/v1/aftercare-items/extra_%02d", i);
        expect_at(200, "PUT", path, tok, "{\"name\":\"其他\",\"required\":false}", NULL, __FILE__, __LINE__);
    }
    struct racer rs[6];
    pthread_t th[6];
    int won = 0;
    for (int i = 0; i < 6; i++) {
        snprintf(rs[i].path, sizeof(rs[i].path), "/v1/aftercare-items/race_%d", i);
        assert_int_equal(pthread_create(&th[i], NULL, race_put, &rs[i]), 0);
    }
    for (int i = 0; i < 6; i++) {
        pthread_join(th[i], NULL);
        assert_true(rs[i].status == 200 || rs[i].status == 409);
        won += rs[i].status == 200;
    }
    assert_int_equal(won, 1);
    expect(409, "PUT", "/v1/aftercare-items/extra_99", tok, "{\"name\":\"其他\"}");
    expect(200, "PUT", "/v1/aftercare-items/extra_00", tok, "{\"name\":\"其他事项\",\"retired\":true}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recording_a_death),          cmocka_unit_test(items_until_complete),
        cmocka_unit_test(other_offices_and_branches), cmocka_unit_test(correction_and_mistaken_report),
        cmocka_unit_test(the_office_checklist),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
