/* Guides and contact points through HTTP (README, Guides and contact points): staff
 * accounts linked to the branches they guide (one open link per account and branch, several
 * guides per branch, ended links kept), the contact log with sealed texts opened only with
 * reveal (audited), problems and their follow-up under If-Match, the overdue list on its
 * boundary (exactly the office's days, one more) and the without-guide list, both cached and
 * changed at once by writes, secretaries reading their branch only, members refused, and
 * another office's token 404 on every id. Office 440104 is written here; 532822 is the
 * other office. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/guides.h"

static char tok[2048], tok_other[2048], tok_sec[2048], tok_member[2048], tok_g1[2048];
static char br_a[24], br_t1[24], br_t2[24], br_b[24];
static char g1[24], g2[24], g3[24], sec_acc[24];
static char c1[24], c2[24]; /* a contact with a problem, one without (contacts_are_checked) */

/* today less n days, China date */
static void days_ago(long n, char out[11])
{
    char today[11];
    test_today(today);
    assert_true(guide_overdue_cutoff(today, n, out));
}

static void account(const char *user, const char *display, const char *role, const char *branch, char *id,
                    size_t idlen)
{
    char body[320];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"%s\",\"role\":\"%s\",\"password\":\"guide-test-pass-"
             "1\"%s%s%s}",
             user, display, role, branch ? ",\"branch_id\":\"" : "", branch ? branch : "",
             branch ? "\"" : "");
    post_created("/v1/accounts", tok, body, id, idlen);
}

static int setup(void **s)
{
    (void)s;
    char idno[19], mid[24], macc[24], extra[96];
    api_start(NULL, "build/test-logs/guides-server.log");
    login("440104", "admin", "demo-440104-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    branch_create(tok, "指导员测试第一支部", "regular", "work_unit", br_a, sizeof(br_a));
    branch_create(tok, "指导员测试书画班临时支部", "temporary", "university_class", br_t1, sizeof(br_t1));
    branch_create(tok, "指导员测试合唱团临时支部", "temporary", "activity_team", br_t2, sizeof(br_t2));
    branch_create(tok, "指导员测试第二支部", "regular", "community", br_b, sizeof(br_b));
    account("guide.one", "指导员甲", "admin", NULL, g1, sizeof(g1));
    account("guide.two", "指导员乙", "admin", NULL, g2, sizeof(g2));
    account("guide.lead", "局领导丙", "admin", NULL, g3, sizeof(g3));
    account("guide.sec", "第一支部书记", "secretary", br_a, sec_acc, sizeof(sec_acc));
    login("440104", "guide.one", "guide-test-pass-1", tok_g1, sizeof(tok_g1), NULL, 0);
    login("440104", "guide.sec", "guide-test-pass-1", tok_sec, sizeof(tok_sec), NULL, 0);
    idno_seq(idno, "530000", "1933", 1);
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"1958-07-01\",\"branch_id\":\"%s\"", br_a);
    member_create(tok, "指导测试党员", idno, "retired", extra, mid, sizeof(mid));
    member_account_create(tok, "guide.member", "指导测试党员", "guide-member-pass-1", mid, macc,
                          sizeof(macc));
    login("440104", "guide.member", "guide-member-pass-1", tok_member, sizeof(tok_member), NULL, 0);
    return 0;
}

/* Links g to branch with role started on `on` (NULL: today); the expected status; the
 * link's id into id when 201. */
static void link(long status, const char *branch, const char *g, const char *role, const char *on, char *id,
                 size_t idlen)
{
    char path[96], body[200];
    struct http_res r;
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", branch);
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"role\":\"%s\"%s%s%s}", g, role,
             on ? ",\"started_on\":\"" : "", on ? on : "", on ? "\"" : "");
    assert_int_equal(jreq("POST", path, tok, body, &r), status);
    if (id != NULL) {
        assert_true(json_member(r.body, "id", id, idlen));
    }
    http_free(&r);
}

/* Records a contact of guide g with branch as token; its id into id when 201. */
static void contact(long status, const char *t, const char *branch, const char *g, const char *on,
                    const char *problem, char *id, size_t idlen)
{
    char path[96], body[600];
    struct http_res r;
    snprintf(path, sizeof(path), "/v1/branches/%s/guide-contacts", branch);
    snprintf(body, sizeof(body),
             "{%s%s%s\"kind\":\"visit\",\"on\":\"%s\",\"summary\":"
             "\"到支部走访，王老身体欠佳。\\n参加了主题党日。\"%s%s%s}",
             g ? "\"account_id\":\"" : "", g ? g : "", g ? "\"," : "", on, problem ? ",\"problem\":\"" : "",
             problem ? problem : "", problem ? "\"" : "");
    assert_int_equal(jreq("POST", path, t, body, &r), status);
    if (id != NULL) {
        assert_true(json_member(r.body, "id", id, idlen));
    }
    http_free(&r);
}

/* Whether any page of the list at path (following next_cursor) holds needle. */
static bool list_holds(const char *path, const char *t, const char *needle)
{
    char url[600], cur[400];
    struct http_res r;
    bool found = false;
    snprintf(url, sizeof(url), "%s", path);
    for (int page = 0; page < 50 && !found; page++) {
        assert_int_equal(jreq("GET", url, t, NULL, &r), 200);
        found = strstr(r.body, needle) != NULL;
        bool more = json_member(r.body, "next_cursor", cur, sizeof(cur)) && cur[0];
        http_free(&r);
        if (!more) {
            break;
        }
        snprintf(url, sizeof(url), "%s%scursor=%s", path, strchr(path, '?') ? "&" : "?", cur);
    }
    return found;
}

/* Several guides per branch, one open link per account and branch, the body checked. */
static void links_and_validation(void **s)
{
    (void)s;
    char path[96], body[200], l1[24], past[11], tomorrow[11], today[11];
    days_ago(60, past);
    test_today(today);
    snprintf(tomorrow, sizeof(tomorrow), "2999-01-01");
    link(201, br_a, g1, "guide", past, l1, sizeof(l1));
    link(409, br_a, g1, "guide", NULL, NULL, 0);
    link(409, br_a, g1, "contact_point", NULL, NULL, 0); /* one open link per pair */
    link(201, br_a, g3, "contact_point", NULL, NULL, 0);
    link(201, br_t1, g1, "studio", past, NULL, 0);
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", br_b);
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"role\":\"guide\"}", sec_acc);
    expect_field(422, "POST", path, tok, body, "account_id"); /* a secretary is no staff */
    expect_field(422, "POST", path, tok, "{\"account_id\":\"999999999\",\"role\":\"guide\"}", "account_id");
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"role\":\"mentor\"}", g2);
    expect_field(422, "POST", path, tok, body, "role");
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"role\":\"guide\",\"started_on\":\"%s\"}", g2,
             tomorrow);
    expect_field(422, "POST", path, tok, body, "started_on");
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"role\":\"guide\",\"colour\":\"red\"}", g2);
    expect_field(422, "POST", path, tok, body, "colour");
    expect_field(422, "POST", path, tok, "{\"role\":\"guide\"}", "account_id");
    /* the branch's guides: both, open, with the rule */
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", br_a);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 2);
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "guide_contact_days")->valuedouble, 30);
    cJSON_Delete(j);
    /* an Idempotency-Key replays the same link */
    const char *const idem[] = {"Idempotency-Key: guide-link-once-1", NULL};
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", br_b);
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"role\":\"guide\"}", g2);
    expect_with(201, "POST", path, tok, body, idem);
    expect_with(201, "POST", path, tok, body, idem);
    (void)today;
}

/* The contact log: by the guide, or an admin for a guide; its fields checked. */
static void contacts_are_checked(void **s)
{
    (void)s;
    char path[128], today[11], early[11];
    test_today(today);
    days_ago(61, early);
    contact(201, tok_g1, br_a, NULL, today, "活动室漏雨，需要维修", c1, sizeof(c1));
    contact(422, tok, br_a, NULL, today, NULL, NULL, 0);      /* the main admin guides nothing */
    contact(201, tok, br_a, g3, today, NULL, c2, sizeof(c2)); /* an admin records for a guide */
    contact(422, tok, br_b, g1, today, NULL, NULL, 0);        /* g1 does not guide br_b */
    contact(422, tok_g1, br_a, NULL, "2999-01-01", NULL, NULL, 0);
    contact(422, tok_g1, br_a, NULL, early, NULL, NULL, 0); /* before the link started */
    snprintf(path, sizeof(path), "/v1/branches/%s/guide-contacts", br_a);
    expect_field(422, "POST", path, tok_g1, "{\"kind\":\"visit\",\"on\":\"2020-01-01\",\"summary\":\" \"}",
                 "summary");
    expect_field(422, "POST", path, tok_g1, "{\"kind\":\"tea\",\"on\":\"2020-01-01\",\"summary\":\"x\"}",
                 "kind");
    expect_field(422, "POST", path, tok_g1, "{\"kind\":\"call\",\"on\":\"2020-01-01\"}", "summary");
    expect_field(422, "POST", path, tok_g1, "{\"kind\":\"call\",\"on\":\"2020-01-01\",\"summary\":null}",
                 "summary");
    char big[3200] = "{\"kind\":\"call\",\"on\":\"2020-01-01\",\"summary\":\"";
    for (int i = 0; i < 1001; i++) {
        strcat(big, "党");
    }
    strcat(big, "\"}");
    expect_field(422, "POST", path, tok_g1, big, "summary");
    /* 繁體 and emoji are text like any other */
    char body[256];
    snprintf(body, sizeof(body), "{\"kind\":\"lecture\",\"on\":\"%s\",\"summary\":\"講黨課 👍\"}", today);
    expect(201, "POST", path, tok_g1, body);
}

/* A contact's texts: sealed, revealed with pii:read and audited, never in lists. */
static void contact_texts_sealed(void **s)
{
    (void)s;
    char path[128];
    struct http_res r;
    snprintf(path, sizeof(path), "/v1/guide-contacts/%s", c1);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_null(strstr(r.body, "漏雨"));
    assert_non_null(strstr(r.body, "\"texts_sealed\":true"));
    assert_non_null(strstr(r.body, "\"problem_state\":\"open\""));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/guide-contacts/%s?reveal=true", c1);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "活动室漏雨"));
    assert_non_null(strstr(r.body, "王老身体欠佳"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/audit?action=guide_contact.read_texts&target=guide_contact:%s", c1);
    assert_true(list_holds(path, tok, "guide_contact.read_texts"));
    /* lists never carry the texts */
    snprintf(path, sizeof(path), "/v1/branches/%s/guide-contacts?limit=1", br_a);
    assert_false(list_holds(path, tok, "漏雨"));
    assert_true(list_holds(path, tok, c1));
    snprintf(path, sizeof(path), "/v1/guides/%s/contacts", g1);
    assert_true(list_holds(path, tok, c1));
    assert_true(list_holds("/v1/guide-contacts/problems", tok, c1));
}

/* The follow-up of a problem: If-Match, the note required, resolved closes it. */
static void problems_followed_up(void **s)
{
    (void)s;
    char path[128], body[256], ifm[64];
    snprintf(path, sizeof(path), "/v1/guide-contacts/%s/follow-up", c1);
    expect(428, "POST", path, tok, "{\"note\":\"已联系物业\",\"resolved\":false}");
    snprintf(body, sizeof(body), "/v1/guide-contacts/%s", c1);
    if_match(body, tok, ifm, sizeof(ifm));
    const char *const h[] = {ifm, NULL};
    expect_with(422, "POST", path, tok, "{\"resolved\":false}", h);
    expect_with(200, "POST", path, tok, "{\"note\":\"已联系物业\",\"resolved\":false}", h);
    expect_with(412, "POST", path, tok, "{\"note\":\"已修好\",\"resolved\":true}", h);
    if_match(body, tok, ifm, sizeof(ifm));
    expect_with(200, "POST", path, tok, "{\"note\":\"已修好\",\"resolved\":true}", h);
    if_match(body, tok, ifm, sizeof(ifm));
    expect_problem_with(409, "POST", path, tok, "{\"note\":\"再次\",\"resolved\":true}", h);
    assert_false(list_holds("/v1/guide-contacts/problems", tok, c1));
    snprintf(path, sizeof(path), "/v1/guide-contacts/%s?reveal=true", c1);
    assert_true(list_holds(path, tok, "已修好"));
    /* a contact without a problem has nothing to follow up */
    snprintf(path, sizeof(path), "/v1/guide-contacts/%s/follow-up", c2);
    snprintf(body, sizeof(body), "/v1/guide-contacts/%s", c2);
    if_match(body, tok, ifm, sizeof(ifm));
    expect_problem_with(409, "POST", path, tok, "{\"note\":\"无\",\"resolved\":true}", h);
}

/* The overdue list on its boundary: exactly the office's days is in time, one more day is
 * overdue; a contact or the office's rule changes the cached list at once. */
static void overdue_boundary_and_cache(void **s)
{
    (void)s;
    char d30[11], d31[11], today[11], pair30[64], pair31[64], l30[24], l31[24], path[96], ifm[64];
    days_ago(30, d30);
    days_ago(31, d31);
    test_today(today);
    link(201, br_t2, g2, "guide", d30, l30, sizeof(l30));
    link(201, br_t1, g2, "guide", d31, l31, sizeof(l31));
    snprintf(pair30, sizeof(pair30), "\"id\":\"%s\"", l30);
    snprintf(pair31, sizeof(pair31), "\"id\":\"%s\"", l31);
    assert_false(list_holds("/v1/guides/overdue?limit=1", tok, pair30));
    assert_true(list_holds("/v1/guides/overdue?limit=1", tok, pair31));
    assert_true(list_holds("/v1/guides/overdue", tok, "\"days_over\":1"));
    /* the office's rule: 31 days puts both in time (the cached list follows) */
    if_match("/v1/offices/440104", tok, ifm, sizeof(ifm));
    const char *const h[] = {ifm, NULL};
    expect_with(422, "PATCH", "/v1/offices/440104", tok, "{\"guide_contact_days\":0}", h);
    expect_with(200, "PATCH", "/v1/offices/440104", tok, "{\"guide_contact_days\":31}", h);
    assert_false(list_holds("/v1/guides/overdue", tok, pair31));
    if_match("/v1/offices/440104", tok, ifm, sizeof(ifm));
    expect_with(200, "PATCH", "/v1/offices/440104", tok, "{\"guide_contact_days\":30}", h);
    assert_true(list_holds("/v1/guides/overdue", tok, pair31));
    /* a contact today takes the pair off the cached list */
    contact(201, tok, br_t1, g2, today, NULL, NULL, 0);
    assert_false(list_holds("/v1/guides/overdue", tok, pair31));
    /* the guides' list: g2 with its branches and last contacts */
    assert_true(list_holds("/v1/guides?limit=2", tok, "\"last_contact_on\":\""));
    assert_true(list_holds("/v1/guides", tok, "指导员乙"));
    /* ending a link is a versioned DELETE: If-Match required (428), a stale one 412 */
    snprintf(path, sizeof(path), "/v1/branches/%s/guides/%s", br_t2, l30);
    expect_problem(428, "DELETE", path, tok, NULL);
    expect_with(412, "DELETE", path, tok, NULL, (const char *const[]){"If-Match: \"7\"", NULL});
    expect_with(204, "DELETE", path, tok, NULL, (const char *const[]){"If-Match: \"1\"", NULL});
    expect_with(409, "DELETE", path, tok, NULL, (const char *const[]){"If-Match: \"2\"", NULL});
    expect_problem(400, "GET", "/v1/guides/overdue?cursor=nonsense", tok, NULL);
}

/* Branches without a guide: cached, changed by a link and by its end; ended links stay. */
static void without_guide(void **s)
{
    (void)s;
    char needle[48], path[96], l[24];
    snprintf(needle, sizeof(needle), "\"id\":\"%s\"", br_t2);
    /* br_t2's only link ended in the test before: it has no guide */
    assert_true(list_holds("/v1/branches/without-guide?nature=temporary&limit=5", tok, needle));
    assert_false(list_holds("/v1/branches/without-guide?nature=regular", tok, needle));
    snprintf(needle, sizeof(needle), "\"id\":\"%s\"", br_a);
    assert_false(list_holds("/v1/branches/without-guide", tok, needle));
    snprintf(needle, sizeof(needle), "\"id\":\"%s\"", br_t2);
    link(201, br_t2, g3, "contact_point", NULL, l, sizeof(l));
    assert_false(list_holds("/v1/branches/without-guide?nature=temporary", tok, needle));
    snprintf(path, sizeof(path), "/v1/branches/%s/guides/%s", br_t2, l);
    expect_with(204, "DELETE", path, tok, NULL, (const char *const[]){"If-Match: \"1\"", NULL});
    assert_true(list_holds("/v1/branches/without-guide?nature=temporary", tok, needle));
    /* the history keeps both ended links */
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", br_t2);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *it = NULL;
    int ended = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        ended += cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "ended_on"));
    }
    cJSON_Delete(j);
    assert_int_equal(ended, 2);
    expect_problem(400, "GET", "/v1/branches/without-guide?nature=committee", tok, NULL);
    expect_problem(400, "GET", "/v1/branches/without-guide?colour=red", tok, NULL);
}

struct racer {
    char path[96], body[160];
    long status;
};

static void *race(void *p)
{
    struct racer *x = p;
    struct http_res r;
    x->status = jreq("POST", x->path, tok, x->body, &r);
    http_free(&r);
    return NULL;
}

/* Eight simultaneous links of one account to one branch (a double submit without a key):
 * one 201, the others 409 (the unique key on the open link). */
static void concurrent_links_leave_one(void **s)
{
    (void)s;
    struct racer x[8];
    pthread_t t[8];
    int created = 0, conflicts = 0;
    for (int i = 0; i < 8; i++) {
        snprintf(x[i].path, sizeof(x[i].path), "/v1/branches/%s/guides", br_b);
        snprintf(x[i].body, sizeof(x[i].body), "{\"account_id\":\"%s\",\"role\":\"contact_point\"}", g3);
        assert_int_equal(pthread_create(&t[i], NULL, race, &x[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        created += x[i].status == 201;
        conflicts += x[i].status == 409;
    }
    assert_int_equal(created, 1);
    assert_int_equal(conflicts, 7);
}

/* A secretary reads its branch's guides and contacts only; members are refused. */
static void secretary_and_member(void **s)
{
    (void)s;
    char path[96];
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", br_a);
    expect(200, "GET", path, tok_sec, NULL);
    expect(403, "GET", path, tok_member, NULL);
    expect(403, "POST", path, tok_sec, "{\"account_id\":\"1\",\"role\":\"guide\"}");
    snprintf(path, sizeof(path), "/v1/branches/%s/guide-contacts", br_a);
    assert_true(list_holds(path, tok_sec, "\"kind\":\"visit\""));
    expect(403, "GET", path, tok_member, NULL);
    expect(403, "POST", path, tok_sec, "{\"kind\":\"visit\",\"on\":\"2020-01-01\",\"summary\":\"x\"}");
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", br_t1);
    expect(404, "GET", path, tok_sec, NULL);
    snprintf(path, sizeof(path), "/v1/branches/%s/guide-contacts", br_t1);
    expect(404, "GET", path, tok_sec, NULL);
    expect(403, "GET", "/v1/guides", tok_sec, NULL);
    expect(403, "GET", "/v1/guides/overdue", tok_sec, NULL);
    expect(403, "GET", "/v1/branches/without-guide", tok_sec, NULL);
    expect(403, "GET", "/v1/guide-contacts/problems", tok_member, NULL);
    expect(200, "GET", "/v1/guide-contacts/problems", tok_sec, NULL);
}

/* Another office's token: 404 on every id, and its lists hold none of ours. */
static void another_office(void **s)
{
    (void)s;
    char c[24], path[128], today[11], body[160], needle[48];
    test_today(today);
    contact(201, tok_g1, br_a, NULL, today, "另一个问题", c, sizeof(c));
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", br_a);
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"role\":\"guide\"}", g1);
    expect_problem(404, "POST", path, tok_other, body);
    snprintf(path, sizeof(path), "/v1/branches/%s/guides/1", br_a);
    expect_with(404, "DELETE", path, tok_other, NULL, (const char *const[]){"If-Match: \"1\"", NULL});
    snprintf(path, sizeof(path), "/v1/branches/%s/guide-contacts", br_a);
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(body, sizeof(body), "{\"kind\":\"call\",\"on\":\"%s\",\"summary\":\"x\"}", today);
    expect_problem(404, "POST", path, tok_other, body);
    snprintf(path, sizeof(path), "/v1/guide-contacts/%s", c);
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/guide-contacts/%s/follow-up", c);
    const char *const h[] = {"If-Match: \"1\"", NULL};
    expect_problem_with(404, "POST", path, tok_other, "{\"note\":\"x\",\"resolved\":true}", h);
    snprintf(path, sizeof(path), "/v1/guides/%s/contacts", g1);
    expect_problem(404, "GET", path, tok_other, NULL);
    /* the other office's own account cannot be linked here (422 naming it), and its lists
     * hold none of ours */
    char other_acc[24];
    post_created("/v1/accounts", tok_other,
                 "{\"username\":\"guide.elsewhere\",\"display_name\":\"外局指导员\",\"role\":\"admin\","
                 "\"password\":\"guide-test-pass-1\"}",
                 other_acc, sizeof(other_acc));
    snprintf(path, sizeof(path), "/v1/branches/%s/guides", br_b);
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"role\":\"guide\"}", other_acc);
    expect_field(422, "POST", path, tok, body, "account_id");
    snprintf(path, sizeof(path), "/v1/branches/%s/guide-contacts", br_b);
    snprintf(body, sizeof(body), "{\"account_id\":\"%s\",\"kind\":\"call\",\"on\":\"%s\",\"summary\":\"x\"}",
             other_acc, today);
    expect_field(422, "POST", path, tok, body, "account_id");
    snprintf(path, sizeof(path), "/v1/guides/%s/contacts", other_acc);
    expect_problem(404, "GET", path, tok, NULL);
    snprintf(needle, sizeof(needle), "\"id\":\"%s\"", c);
    assert_false(list_holds("/v1/guide-contacts/problems", tok_other, needle));
    assert_false(list_holds("/v1/guides", tok_other, "指导员甲"));
    assert_false(list_holds("/v1/guides/overdue", tok_other, "指导员"));
    snprintf(needle, sizeof(needle), "\"id\":\"%s\"", br_t2);
    assert_false(list_holds("/v1/branches/without-guide", tok_other, needle));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(links_and_validation),
        cmocka_unit_test(contacts_are_checked),
        cmocka_unit_test(contact_texts_sealed),
        cmocka_unit_test(problems_followed_up),
        cmocka_unit_test(overdue_boundary_and_cache),
        cmocka_unit_test(without_guide),
        cmocka_unit_test(concurrent_links_leave_one),
        cmocka_unit_test(secretary_and_member),
        cmocka_unit_test(another_office),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
