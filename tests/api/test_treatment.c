/* Political treatment (政治待遇) through HTTP: the office's treatment levels over the
 * defaults, a member's level (422 for a code not in the list) and former position, events
 * with invitations built by the rule (category, level "and above", health by its blind
 * index; not the deceased, not another office's), hand edits, a member replying for
 * itself only, attendance, a suggestion linked, documents with their readers, reads and
 * deliveries, and another office's 404s. Office 440000 is written here, with members born
 * in 1951 and levels of codes starting h5_ that no other test uses. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char tok[2048], tok_other[2048];
static unsigned seq = 500;

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/treatment-server.log");
    login("440000", "admin", "demo-440000-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    return 0;
}

/* A member of 440000 born in 1951 of category with extra JSON members (",..." or ""). */
static void member(const char *name, const char *category, const char *extra, char *id, size_t idlen)
{
    char idno[19];
    idno_seq(idno, "440000", "1951", seq++);
    member_create(tok, name, idno, category, extra, id, idlen);
}

/* The office's own levels used here: h5_high ranks above h5_mid above h5_low. */
static void own_levels(void)
{
    expect(200, "PUT", "/v1/treatment-levels/h5_high", tok, "{\"name\":\"测试正厅\",\"rank\":31}");
    expect(200, "PUT", "/v1/treatment-levels/h5_mid", tok, "{\"name\":\"测试副厅\",\"rank\":41}");
    expect(200, "PUT", "/v1/treatment-levels/h5_low", tok, "{\"name\":\"测试正处\",\"rank\":51}");
}

/* Whether the list at path (items[]) holds an item whose key is id. */
static bool listed_by(const char *path, const char *token, const char *key, const char *id)
{
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    const cJSON *it;
    bool found = false;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        found |= strcmp(cJSON_GetObjectItemCaseSensitive(it, key)->valuestring, id) == 0;
    }
    cJSON_Delete(j);
    return found;
}

static bool listed(const char *path, const char *token, const char *id)
{
    return listed_by(path, token, "member_id", id);
}

static void levels_defaults_and_overrides(void **s)
{
    (void)s;
    cJSON *j = expect_json(200, "GET", "/v1/treatment-levels", tok, NULL);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_true(cJSON_GetArraySize(items) >= 8);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "code")->valuestring,
                        "minister");
    cJSON_Delete(j);
    /* an override of a default: its name, and its own flag */
    j = expect_json(200, "PUT", "/v1/treatment-levels/section", tok,
                    "{\"name\":\"正科级（含）\",\"rank\":70}");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "name")->valuestring, "正科级（含）");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "own")));
    cJSON_Delete(j);
    /* another office still sees the default */
    j = expect_json(200, "GET", "/v1/treatment-levels", tok_other, NULL);
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "code")->valuestring, "section") == 0) {
            assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "name")->valuestring, "正科级");
        }
    }
    cJSON_Delete(j);
    expect_field(422, "PUT", "/v1/treatment-levels/h5_x", tok, "{\"name\":\"\",\"rank\":5}", "name");
    expect_field(422, "PUT", "/v1/treatment-levels/h5_x", tok, "{\"name\":\"x\",\"rank\":0}", "rank");
    expect_problem(400, "PUT", "/v1/treatment-levels/Bad-Code", tok, "{\"name\":\"x\",\"rank\":5}");
    own_levels();
}

static void member_treatment_level(void **s)
{
    (void)s;
    char id[24], path[64];
    own_levels();
    member("待遇甲", "lixiu", ",\"treatment_level\":\"h5_high\",\"former_position\":\"原县委书记\"", id,
           sizeof(id));
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "treatment_level")->valuestring, "h5_high");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "former_position")->valuestring, "原县委书记");
    cJSON_Delete(j);
    /* the list filters by level */
    assert_true(listed_by("/v1/members?treatment_level=h5_high&limit=100", tok, "id", id));
    assert_false(listed_by("/v1/members?treatment_level=h5_low&limit=100", tok, "id", id));
    expect_problem(400, "GET", "/v1/members?treatment_level=Bad-Code", tok, NULL);
    char idno[19], body[256], hdr[64];
    idno_seq(idno, "440000", "1951", seq++);
    snprintf(
        body, sizeof(body),
        "{\"name\":\"待遇乙\",\"id_number\":\"%s\",\"category\":\"retired\",\"treatment_level\":\"h5_none\"}",
        idno);
    expect_field(422, "POST", "/v1/members", tok, body, "treatment_level");
    /* another office's own code is not this office's */
    expect(200, "PUT", "/v1/treatment-levels/h5_theirs", tok_other, "{\"name\":\"他局\",\"rank\":45}");
    if_match(path, tok, hdr, sizeof(hdr));
    const char *const h[] = {hdr, NULL};
    expect_problem_with(422, "PATCH", path, tok, "{\"treatment_level\":\"h5_theirs\"}", h);
    expect_with(200, "PATCH", path, tok, "{\"treatment_level\":\"h5_mid\",\"former_position\":null}", h);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "treatment_level")->valuestring, "h5_mid");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "former_position")));
    cJSON_Delete(j);
}

static void member_treatment_csv(void **s)
{
    (void)s;
    struct http_res r;
    char a[19], b[19], csv[1024], body[64];
    own_levels();
    idno_seq(a, "440000", "1951", seq++);
    idno_seq(b, "440000", "1951", seq++);
    snprintf(csv, sizeof(csv),
             "name,id_number,category,treatment_level,former_position\r\n"
             "导入甲,%s,lixiu,h5_high,原县长\r\n"
             "导入乙,%s,retired,h5_bogus,\r\n",
             a, b);
    assert_int_equal(req("POST", "/v1/members/import", tok, "text/csv", csv, NULL, &r), 422);
    assert_non_null(strstr(r.body, "\"field\":\"treatment_level\""));
    http_free(&r);
    assert_int_equal(req("POST", "/v1/members/import?partial=true", tok, "text/csv", csv, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"created\":1"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", a);
    cJSON *j = expect_json(200, "POST", "/v1/members/lookup", tok, body);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "treatment_level")->valuestring, "h5_high");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "former_position")->valuestring, "原县长");
    cJSON_Delete(j);
    assert_int_equal(req("GET", "/v1/members/export", tok, NULL, NULL, NULL, &r), 200);
    assert_non_null(
        strstr(r.body, ",treatment_level,former_position,managed_with_unit,managed_with_branch\r\n"));
    assert_non_null(strstr(r.body, ",h5_high,原县长,,\r\n")); /* then 混编's two columns (h2) */
    http_free(&r);
}

/* A briefing of kind held at held_at (RFC 3339) with audience (JSON); its id. */
static void briefing(const char *kind, const char *held_at, const char *audience, char *id, size_t idlen)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"kind\":\"%s\",\"title\":\"形势通报会\",\"held_at\":\"%s\",\"place\":\"县委礼堂\","
             "\"audience\":%s}",
             kind, held_at, audience);
    post_created("/v1/briefings", tok, body, id, idlen);
}

static void briefing_refusals(void **s)
{
    (void)s;
    const char *at = "\"held_at\":\"2026-03-01T09:00:00+08:00\"";
    char body[512];
    snprintf(body, sizeof(body), "{\"kind\":\"party\",\"title\":\"x\",%s}", at);
    expect_field(422, "POST", "/v1/briefings", tok, body, "kind");
    snprintf(body, sizeof(body), "{\"kind\":\"forum\",\"title\":\"\",%s}", at);
    expect_field(422, "POST", "/v1/briefings", tok, body, "title");
    expect_field(422, "POST", "/v1/briefings", tok, "{\"kind\":\"forum\",\"title\":\"迎新春座谈会\"}",
                 "held_at");
    snprintf(body, sizeof(body),
             "{\"kind\":\"forum\",\"title\":\"x\",%s,\"audience\":{\"categories\":[\"x\"]}}", at);
    expect_field(422, "POST", "/v1/briefings", tok, body, "audience.categories");
    snprintf(body, sizeof(body),
             "{\"kind\":\"forum\",\"title\":\"x\",%s,\"audience\":{\"treatment_levels\":[\"h5_"
             "none\"]}}",
             at);
    expect_field(422, "POST", "/v1/briefings", tok, body, "audience.treatment_levels");
    snprintf(body, sizeof(body),
             "{\"kind\":\"forum\",\"title\":\"x\",%s,\"audience\":{\"healths\":[\"ill\"]}}", at);
    expect_field(422, "POST", "/v1/briefings", tok, body, "audience.healths");
    snprintf(body, sizeof(body), "{\"kind\":\"forum\",\"title\":\"x\",%s,\"audience\":{\"and_above\":true}}",
             at);
    expect_field(422, "POST", "/v1/briefings", tok, body, "audience.and_above");
    snprintf(body, sizeof(body), "{\"kind\":\"forum\",\"title\":\"x\",%s,\"audience\":{\"who\":1}}", at);
    expect_field(422, "POST", "/v1/briefings", tok, body, "audience");
}

struct cast {
    char high[24], mid[24], low[24], frail_high[24], dead_high[24], in_service_high[24], other_high[24];
};

static void cast_members(struct cast *c)
{
    char path[64], idno[19];
    own_levels();
    member("通报甲", "lixiu", ",\"treatment_level\":\"h5_high\"", c->high, sizeof(c->high));
    member("通报乙", "retired", ",\"treatment_level\":\"h5_mid\"", c->mid, sizeof(c->mid));
    member("通报丙", "retired", ",\"treatment_level\":\"h5_low\"", c->low, sizeof(c->low));
    member("通报丁", "retired", ",\"treatment_level\":\"h5_high\",\"health\":\"homebound\"", c->frail_high,
           sizeof(c->frail_high));
    member("通报戊", "lixiu", ",\"treatment_level\":\"h5_high\"", c->dead_high, sizeof(c->dead_high));
    member("通报己", "in_service", ",\"treatment_level\":\"h5_high\"", c->in_service_high,
           sizeof(c->in_service_high));
    snprintf(path, sizeof(path), "/v1/members/%s/death", c->dead_high);
    const char *const h[] = {"If-Match: \"1\"", NULL};
    expect_with(201, "POST", path, tok, "{\"died_on\":\"2026-01-02\",\"reported_by\":\"子女\"}", h);
    /* another office's member of the same level code (its own row) */
    expect(200, "PUT", "/v1/treatment-levels/h5_high", tok_other, "{\"name\":\"他局正厅\",\"rank\":31}");
    idno_seq(idno, "532822", "1951", seq++);
    member_create(tok_other, "他局甲", idno, "lixiu", ",\"treatment_level\":\"h5_high\"", c->other_high,
                  sizeof(c->other_high));
}

static void invitations_by_rule_and_by_hand(void **s)
{
    (void)s;
    struct cast c;
    char id[24], path[160], inv[160];
    cast_members(&c);
    /* retirees (not in service) of h5_mid and above, able */
    briefing("situation_briefing", "2026-06-30T15:00:00+08:00",
             "{\"categories\":[\"lixiu\",\"retired\"],\"treatment_levels\":[\"h5_mid\"],\"and_above\":true,"
             "\"healths\":[\"able\"]}",
             id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/build", id);
    cJSON *j = expect_json(200, "POST", path, tok, NULL);
    assert_true(cJSON_GetObjectItemCaseSensitive(j, "added")->valuedouble >= 2);
    cJSON_Delete(j);
    /* building again adds nobody */
    j = expect_json(200, "POST", path, tok, NULL);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "added")->valuedouble, 0);
    cJSON_Delete(j);
    snprintf(inv, sizeof(inv), "/v1/briefings/%s/invitations?limit=100", id);
    assert_true(listed(inv, tok, c.high));
    assert_true(listed(inv, tok, c.mid));
    assert_false(listed(inv, tok, c.low));
    assert_false(listed(inv, tok, c.frail_high));
    assert_false(listed(inv, tok, c.dead_high));
    assert_false(listed(inv, tok, c.in_service_high));
    /* by hand: the homebound member added, the lower one too, then removed */
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s", id, c.frail_high);
    expect(201, "POST", path, tok, NULL);
    expect(200, "POST", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s", id, c.low);
    expect(201, "POST", path, tok, NULL);
    expect(204, "DELETE", path, tok, NULL);
    expect_problem(404, "DELETE", path, tok, NULL);
    assert_true(listed(inv, tok, c.frail_high));
    assert_false(listed(inv, tok, c.low));
    /* the deceased and another office's member are not invited by hand either */
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s", id, c.dead_high);
    expect_problem(409, "POST", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s", id, c.other_high);
    expect_problem(404, "POST", path, tok, NULL);
    /* another office sees neither the briefing nor its invitations */
    snprintf(path, sizeof(path), "/v1/briefings/%s", id);
    expect_problem(404, "GET", path, tok_other, NULL);
    expect_problem(404, "GET", inv, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/build", id);
    expect_problem(404, "POST", path, tok_other, NULL);
}

/* A member account of member id and its token. */
static void member_login(const char *id, char *token, size_t len)
{
    char user[32], acc[24];
    snprintf(user, sizeof(user), "h5.member.%u", seq++);
    member_account_create(tok, user, "阅文人", "h5-member-pass-1", id, acc, sizeof(acc));
    login("440000", user, "h5-member-pass-1", token, len, NULL, 0);
}

static void replies_attendance_and_suggestions(void **s)
{
    (void)s;
    struct cast c;
    char id[24], path[160], tok_member[2048], sid[24], body[256];
    cast_members(&c);
    briefing("forum", "2026-01-20T09:00:00+08:00", "{\"treatment_levels\":[\"h5_high\",\"h5_mid\"]}", id,
             sizeof(id));
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/build", id);
    expect(200, "POST", path, tok, NULL);
    member_login(c.high, tok_member, sizeof(tok_member));
    /* the member replies for itself; another member's invitation is 404 to it */
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s/reply", id, c.high);
    cJSON *j = expect_json(200, "PUT", path, tok_member, "{\"reply\":\"accepted\"}");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "reply")->valuestring, "accepted");
    cJSON_Delete(j);
    expect_field(422, "PUT", path, tok_member, "{\"reply\":\"maybe\"}", "reply");
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s/reply", id, c.mid);
    expect_problem(404, "PUT", path, tok_member, "{\"reply\":\"declined\"}");
    /* staff take the other's reply by phone */
    expect(200, "PUT", path, tok, "{\"reply\":\"declined\",\"reason\":\"住院治疗中\"}");
    /* the member sees its own invitation only, and the briefing */
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations", id);
    assert_true(listed(path, tok_member, c.high));
    assert_false(listed(path, tok_member, c.mid));
    snprintf(path, sizeof(path), "/v1/briefings/%s", id);
    expect(200, "GET", path, tok_member, NULL);
    /* attendance by staff */
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s/attendance", id, c.high);
    expect(200, "PUT", path, tok, "{\"attendance\":\"present\"}");
    expect_field(422, "PUT", path, tok, "{\"attendance\":\"late\"}", "attendance");
    expect_problem(403, "PUT", path, tok_member, "{\"attendance\":\"present\"}");
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s/attendance", id, c.low);
    expect_problem(404, "PUT", path, tok, "{\"attendance\":\"present\"}");
    /* a suggestion raised there */
    snprintf(body, sizeof(body),
             "{\"topic\":\"老干部活动中心\",\"body\":\"增加阅览室开放时间\",\"member_id\":\"%s\"}", c.high);
    post_created("/v1/suggestions", tok, body, sid, sizeof(sid));
    snprintf(path, sizeof(path), "/v1/briefings/%s/suggestions", id);
    snprintf(body, sizeof(body), "{\"suggestion_id\":\"%s\"}", sid);
    j = expect_json(200, "POST", path, tok, body);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "suggestions")->valuedouble, 1);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "present")->valuedouble, 1);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "accepted")->valuedouble, 1);
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "suggestion_ids"), 0)->valuestring, sid);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/suggestions/%s", sid);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "briefing_id")->valuestring, id);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/briefings/%s/suggestions", id);
    expect_problem(404, "POST", path, tok, "{\"suggestion_id\":\"999999999\"}");
    expect_problem(404, "POST", path, tok_other, body);
}

/* Replies and readings are the member's word or staff's: an integration client (with
 * members:read, even with pii:read) and the secretary of the member's branch get 403, a
 * secretary of another branch 404; nothing is written. */
static void only_the_member_or_staff_answer(void **s)
{
    (void)s;
    char br[24], in[24], out[24], id[24], doc[24], acc[24], body[320], path[160];
    char tok_sec[2048], tok_client[2048], tok_client_pii[2048];
    own_levels();
    branch_create(tok, "政治待遇支部", "regular", "community", br, sizeof(br));
    snprintf(body, sizeof(body), ",\"treatment_level\":\"h5_high\",\"branch_id\":\"%s\"", br);
    member("答复甲", "lixiu", body, in, sizeof(in));
    member("答复乙", "lixiu", ",\"treatment_level\":\"h5_high\"", out, sizeof(out));
    snprintf(body, sizeof(body),
             "{\"username\":\"h5.sec\",\"display_name\":\"支书\",\"role\":\"secretary\",\"password\":"
             "\"h5-secretary-1\",\"branch_id\":\"%s\"}",
             br);
    post_created("/v1/accounts", tok, body, acc, sizeof(acc));
    login("440000", "h5.sec", "h5-secretary-1", tok_sec, sizeof(tok_sec), NULL, 0);
    client_token(tok, "政治待遇接口", "members:read", tok_client, sizeof(tok_client), NULL, 0);
    client_token(tok, "政治待遇接口 pii", "members:read pii:read", tok_client_pii, sizeof(tok_client_pii),
                 NULL, 0);
    briefing("forum", "2026-02-10T09:00:00+08:00", "{}", id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s", id, in);
    expect(201, "POST", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s", id, out);
    expect(201, "POST", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s/reply", id, in);
    expect_problem(403, "PUT", path, tok_client, "{\"reply\":\"accepted\"}");
    expect_problem(403, "PUT", path, tok_client_pii, "{\"reply\":\"accepted\"}");
    expect_problem(403, "PUT", path, tok_sec, "{\"reply\":\"accepted\"}");
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations/%s/reply", id, out);
    expect_problem(404, "PUT", path, tok_sec, "{\"reply\":\"accepted\"}");
    snprintf(path, sizeof(path), "/v1/briefings/%s/invitations?limit=100", id);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(it, "reply")));
    }
    cJSON_Delete(j);
    post_created("/v1/documents", tok,
                 "{\"title\":\"阅文：情况通报\",\"level\":\"county\",\"issued_on\":\"2026-01-05\","
                 "\"audience\":{\"treatment_levels\":[\"h5_high\"]}}",
                 doc, sizeof(doc));
    snprintf(path, sizeof(path), "/v1/documents/%s/reads", doc);
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", in);
    expect_problem(403, "POST", path, tok_client, body);
    expect_problem(403, "POST", path, tok_client_pii, body);
    expect_problem(403, "POST", path, tok_sec, body);
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", out);
    expect_problem(404, "POST", path, tok_sec, body);
    snprintf(path, sizeof(path), "/v1/documents/%s/readers?status=unread&limit=100", doc);
    assert_true(listed(path, tok, in));
    assert_true(listed(path, tok, out));
}

static void briefing_patch_and_delete(void **s)
{
    (void)s;
    char id[24], path[64], sid[24], body[256];
    briefing("other", "2026-04-01T09:00:00+08:00", "{}", id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/briefings/%s", id);
    expect_problem(428, "PATCH", path, tok, "{\"title\":\"列席县人大会议\"}");
    expect_problem_with(412, "PATCH", path, tok, "{\"title\":\"列席县人大会议\"}",
                        (const char *const[]){"If-Match: \"7\"", NULL});
    expect_problem_with(404, "PATCH", path, tok_other, "{\"title\":\"x\"}",
                        (const char *const[]){"If-Match: \"1\"", NULL});
    expect_problem_with(422, "PATCH", path, tok, "{\"audience\":{\"healths\":[\"ill\"]}}",
                        (const char *const[]){"If-Match: \"1\"", NULL});
    expect_with(
        200, "PATCH", path, tok,
        "{\"kind\":\"observer\",\"title\":\"列席县人大会议\",\"audience\":{\"categories\":[\"lixiu\"]}}",
        (const char *const[]){"If-Match: \"1\"", NULL});
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "kind")->valuestring, "observer");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "title")->valuestring, "列席县人大会议");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "place")->valuestring, "县委礼堂");
    const cJSON *cats =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "audience"), "categories");
    assert_string_equal(cJSON_GetArrayItem(cats, 0)->valuestring, "lixiu");
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "version")->valuedouble, 2);
    cJSON_Delete(j);
    /* deleting keeps the suggestions linked to it, unlinked */
    char mid[24];
    member("删除甲", "lixiu", "", mid, sizeof(mid));
    snprintf(body, sizeof(body),
             "{\"topic\":\"列席意见\",\"body\":\"建议会前送达材料\",\"member_id\":\"%s\"}", mid);
    post_created("/v1/suggestions", tok, body, sid, sizeof(sid));
    snprintf(path, sizeof(path), "/v1/briefings/%s/suggestions", id);
    snprintf(body, sizeof(body), "{\"suggestion_id\":\"%s\"}", sid);
    expect(200, "POST", path, tok, body);
    snprintf(path, sizeof(path), "/v1/briefings/%s", id);
    expect_problem_with(404, "DELETE", path, tok_other, NULL, (const char *const[]){"If-Match: \"2\"", NULL});
    expect_problem(428, "DELETE", path, tok, NULL);
    expect_problem_with(412, "DELETE", path, tok, NULL, (const char *const[]){"If-Match: \"1\"", NULL});
    expect(200, "GET", path, tok, NULL);
    expect_with(204, "DELETE", path, tok, NULL, (const char *const[]){"If-Match: \"2\"", NULL});
    expect_problem(404, "GET", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/suggestions/%s", sid);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "briefing_id")));
    cJSON_Delete(j);
}

static void half_years(void **s)
{
    (void)s;
    char id[24];
    /* 2031: one in the first half only (the last hour of 30 June, China time) */
    briefing("situation_briefing", "2031-06-30T23:30:00+08:00", "{}", id, sizeof(id));
    briefing("forum", "2031-09-01T09:00:00+08:00", "{}", id, sizeof(id));
    cJSON *j = expect_json(200, "GET", "/v1/briefings?kind=situation_briefing&year=2031", tok, NULL);
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(j, "half_years");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(h, 0), "held")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(h, 1), "held")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    cJSON_Delete(j);
    expect_problem(400, "GET", "/v1/briefings?kind=party", tok, NULL);
    expect_problem(400, "GET", "/v1/briefings?year=1800", tok, NULL);
    j = expect_json(200, "GET", "/v1/briefings?kind=situation_briefing&year=2031", tok_other, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 0);
    cJSON_Delete(j);
}

static void document_refusals(void **s)
{
    (void)s;
    expect_field(422, "POST", "/v1/documents", tok,
                 "{\"title\":\"\",\"level\":\"county\",\"issued_on\":\"2026-01-05\"}", "title");
    expect_field(422, "POST", "/v1/documents", tok,
                 "{\"title\":\"x\",\"level\":\"city\",\"issued_on\":\"2026-01-05\"}", "level");
    expect_field(422, "POST", "/v1/documents", tok,
                 "{\"title\":\"x\",\"level\":\"county\",\"issued_on\":\"2999-01-05\"}", "issued_on");
    expect_field(
        422, "POST", "/v1/documents", tok,
        "{\"title\":\"x\",\"level\":\"county\",\"issued_on\":\"2026-01-05\",\"audience\":{\"healths\":[1]}}",
        "audience.healths");
}

static void documents_readers_and_reads(void **s)
{
    (void)s;
    struct cast c;
    char id[24], path[160], tok_member[2048], body[256];
    cast_members(&c);
    post_created(
        "/v1/documents", tok,
        "{\"title\":\"关于进一步加强离退休干部工作的意见（阅文）\",\"level\":\"central\",\"issued_on\":"
        "\"2026-01-05\",\"audience\":{\"categories\":[\"lixiu\",\"retired\"],\"treatment_levels\":[\"h5_"
        "high\"]}}",
        id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/documents/%s/readers?status=unread&limit=100", id);
    assert_true(listed(path, tok, c.high));
    assert_true(listed(path, tok, c.frail_high));
    assert_false(listed(path, tok, c.mid));
    assert_false(listed(path, tok, c.dead_high));
    assert_false(listed(path, tok, c.in_service_high));
    /* the homebound reader is to be delivered to */
    snprintf(path, sizeof(path), "/v1/documents/%s", id);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_true(cJSON_GetObjectItemCaseSensitive(j, "to_deliver")->valuedouble >= 1);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "read")->valuedouble, 0);
    cJSON_Delete(j);
    /* the member records its own reading, not another's, not a delivery */
    member_login(c.high, tok_member, sizeof(tok_member));
    snprintf(path, sizeof(path), "/v1/documents/%s/reads", id);
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", c.high);
    j = expect_json(200, "POST", path, tok_member, body);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "how")->valuestring, "read");
    cJSON_Delete(j);
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\",\"how\":\"delivered\"}", c.high);
    expect_field(422, "POST", path, tok_member, body, "how");
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", c.frail_high);
    expect_problem(404, "POST", path, tok_member, body);
    /* staff record the delivery home, on a date between issue and today */
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\",\"how\":\"delivered\",\"on\":\"2026-01-04\"}",
             c.frail_high);
    expect_field(422, "POST", path, tok, body, "on");
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\",\"how\":\"delivered\",\"on\":\"2999-01-04\"}",
             c.frail_high);
    expect_field(422, "POST", path, tok, body, "on");
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\",\"how\":\"delivered\",\"on\":\"2026-01-06\"}",
             c.frail_high);
    expect(200, "POST", path, tok, body);
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", c.low);
    expect_problem(404, "POST", path, tok, body);
    snprintf(path, sizeof(path), "/v1/documents/%s/readers?status=read&limit=100", id);
    assert_true(listed(path, tok, c.high));
    assert_true(listed(path, tok, c.frail_high));
    snprintf(path, sizeof(path), "/v1/documents/%s/readers?status=unread&limit=100", id);
    assert_false(listed(path, tok, c.high));
    assert_false(listed(path, tok, c.frail_high));
    /* the member sees its own row and the document; another office nothing */
    snprintf(path, sizeof(path), "/v1/documents/%s/readers", id);
    assert_true(listed(path, tok_member, c.high));
    assert_false(listed(path, tok_member, c.frail_high));
    expect_problem(404, "GET", path, tok_other, NULL);
    expect_problem(400, "GET", "/v1/documents/1/readers?status=done", tok, NULL);
    snprintf(path, sizeof(path), "/v1/documents/%s", id);
    expect(200, "GET", path, tok_member, NULL);
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/documents/%s/reads", id);
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", c.high);
    expect_problem(404, "POST", path, tok_other, body);
    j = expect_json(200, "GET", "/v1/documents", tok_other, NULL);
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_string_not_equal(cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring, id);
    }
    cJSON_Delete(j);
}

/* How many levels of its own the office of token has. */
static int own_count(const char *token)
{
    cJSON *j = expect_json(200, "GET", "/v1/treatment-levels", token, NULL);
    const cJSON *it;
    int n = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        n += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "own"));
    }
    cJSON_Delete(j);
    return n;
}

/* At 30 levels of its own an office adds no more (409) but still renames and retires the
 * ones it has. Runs last: the office stays at the cap. */
static void levels_at_the_cap(void **s)
{
    (void)s;
    char path[64];
    own_levels();
    for (int i = own_count(tok); i < 30; i++) {
        snprintf(path, sizeof(path), "/v1/treatment-levels/h5_cap_%02d", i);
        expect(200, "PUT", path, tok, "{\"name\":\"限额\",\"rank\":90}");
    }
    assert_int_equal(own_count(tok), 30);
    expect_problem(409, "PUT", "/v1/treatment-levels/h5_cap_over", tok, "{\"name\":\"超额\",\"rank\":90}");
    cJSON *j =
        expect_json(200, "PUT", "/v1/treatment-levels/h5_high", tok, "{\"name\":\"测试正厅级\",\"rank\":31}");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "name")->valuestring, "测试正厅级");
    cJSON_Delete(j);
    j = expect_json(200, "PUT", "/v1/treatment-levels/h5_low", tok,
                    "{\"name\":\"测试正处\",\"rank\":51,\"retired\":true}");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "retired")));
    cJSON_Delete(j);
    assert_int_equal(own_count(tok), 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(levels_defaults_and_overrides),
        cmocka_unit_test(member_treatment_level),
        cmocka_unit_test(member_treatment_csv),
        cmocka_unit_test(briefing_refusals),
        cmocka_unit_test(invitations_by_rule_and_by_hand),
        cmocka_unit_test(replies_attendance_and_suggestions),
        cmocka_unit_test(only_the_member_or_staff_answer),
        cmocka_unit_test(briefing_patch_and_delete),
        cmocka_unit_test(half_years),
        cmocka_unit_test(document_refusals),
        cmocka_unit_test(documents_readers_and_reads),
        cmocka_unit_test(levels_at_the_cap),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
