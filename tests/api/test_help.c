/* Urgent help (急事快办) through HTTP: the office's categories and their overrides, filing
 * by a member, a relative, a secretary, staff and a client, bad input naming the field,
 * the deadlines fixed when filed, sealed texts (masked, revealed with pii:read and
 * audited, the member's own in clear), who sees which request (another member's and
 * another office's: 404; a relative nothing else), the lists with their filters, paging
 * and cache, an idempotent double submit, the created event, the assignee's list and the
 * statistics. Office 440000 (广东) is written here (a branch, its secretary, members born
 * 1941; not the demo county, whose exact counts other tests check); 532822 is the other
 * office. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_client_np[2048]; /* a client without pii:read */
static char tok_staff[2048], tok_sec[2048], tok_member[2048], tok_relative[2048], tok_client[2048],
    tok_other[2048];
/* m1: the member of the app accounts; m2: another member; m3: a member of the secretary's
 * branch; gone: a deceased member */
static char m1[24], m2[24], m3[24], gone[24], staff_account[24];
static unsigned idseq = 1;

/* One SQL statement on the test database (p, n parameters); asserts it worked. */
static void sql(const char *q, const struct db_param *p, size_t n)
{
    struct db *db = test_db();
    assert_int_equal(db_exec(db, q, p, n, NULL, NULL, NULL), YH_OK);
    db_close(db);
}

/* The first integer of the first row of q. */
static long long sql_int(const char *q, const struct db_param *p, size_t n)
{
    struct db_rows rows;
    struct db *db = test_db();
    assert_int_equal(db_exec(db, q, p, n, &rows, NULL, NULL), YH_OK);
    long long v = rows.nrows ? (long long)db_i64(&rows, 0, 0) : -1;
    db_rows_free(&rows);
    db_close(db);
    return v;
}

static void new_member(const char *name, const char *extra, char *id)
{
    char idno[19];
    idno_seq(idno, "440000", "1941", idseq++);
    member_create(tok_staff, name, idno, "retired", extra, id, 24);
}

/* An account of role bound to binding ("member_id" or "branch_id") id; logs it in into tok. */
static void account_for(const char *user, const char *role, const char *binding, const char *id, char *tok)
{
    char body[320], aid[24];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"家属\",\"role\":\"%s\",\"password\":\"help-pass-0123\","
             "\"%s\":\"%s\"}",
             user, role, binding, id);
    post_created("/v1/accounts", tok_staff, body, aid, sizeof(aid));
    login("440000", user, "help-pass-0123", tok, 2048, NULL, 0);
}

static int setup(void **s)
{
    (void)s;
    char branch[24], extra[64];
    api_start(NULL, "build/test-logs/help-server.log");
    login("440000", "admin", "demo-440000-pass", tok_staff, sizeof(tok_staff), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    /* a hotline files for members: a reply names the member, so it needs pii:read */
    client_token(tok_staff, "12345热线", "care:request pii:read", tok_client, sizeof(tok_client), NULL, 0);
    client_token(tok_staff, "无权热线", "care:request", tok_client_np, sizeof(tok_client_np), NULL, 0);
    branch_create(tok_staff, "急事快办测试支部", "regular", "community", branch, sizeof(branch));
    account_for("help_sec", "secretary", "branch_id", branch, tok_sec);
    new_member("求助甲", "", m1);
    new_member("求助乙", "", m2);
    new_member("已故丙", "", gone);
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\"", branch);
    new_member("支部丁", extra, m3);
    struct db_param p[] = {P_STR(gone)};
    sql("UPDATE members SET status = 'deceased', status_on = '2020-01-01' WHERE id = ?", p, 1);
    account_for("help_member", "member", "member_id", m1, tok_member);
    account_for("help_relative", "relative", "member_id", m1, tok_relative);
    snprintf(staff_account, sizeof(staff_account), "%lld",
             sql_int("SELECT id FROM accounts WHERE office_code = '440000' AND username = 'admin'", NULL, 0));
    return 0;
}

/* Files body as token, asserting 201; the request's id into id. */
static void file(const char *token, const char *body, char *id)
{
    post_created("/v1/help-requests", token, body, id, 24);
}

/* A body for member m (NULL: none) of category with description. */
static void body_for(char *out, size_t n, const char *m, const char *category, const char *description)
{
    if (m != NULL) {
        snprintf(out, n, "{\"member_id\":\"%s\",\"category\":\"%s\",\"description\":\"%s\"}", m, category,
                 description);
    } else {
        snprintf(out, n, "{\"category\":\"%s\",\"description\":\"%s\"}", category, description);
    }
}

static const char *str_of(const cJSON *j, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* GET /v1/help-requests/{id} as token, asserting status; the body (NULL unless 200). */
static cJSON *get_request(const char *token, const char *id, const char *query, long status)
{
    char path[160];
    snprintf(path, sizeof(path), "/v1/help-requests/%.40s%.64s", id, query);
    if (status != 200) {
        expect(status, "GET", path, token, NULL);
        return NULL;
    }
    return expect_json(200, "GET", path, token, NULL);
}

static void categories(void **s)
{
    (void)s;
    /* the defaults, for a relative too */
    cJSON *j = expect_json(200, "GET", "/v1/help-categories", tok_relative, NULL);
    cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_true(cJSON_GetArraySize(items) >= 7);
    const cJSON *water = cJSON_GetArrayItem(items, cJSON_GetArraySize(items) - 1);
    assert_string_equal(str_of(water, "code"), "water");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(water, "respond_hours")));
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(water, "resolve_hours")->valueint, 24);
    cJSON_Delete(j);
    /* staff only; bad codes and hours named */
    expect(403, "PUT", "/v1/help-categories/bulb", tok_member, "{\"name\":\"换灯泡\",\"resolve_hours\":48}");
    expect(403, "PUT", "/v1/help-categories/bulb", tok_sec, "{\"name\":\"换灯泡\",\"resolve_hours\":48}");
    expect_field(400, "PUT", "/v1/help-categories/Bulb", tok_staff, "{\"name\":\"x\",\"resolve_hours\":4}",
                 "code");
    expect_field(422, "PUT", "/v1/help-categories/bulb", tok_staff, "{\"resolve_hours\":48}", "name");
    expect_field(422, "PUT", "/v1/help-categories/bulb", tok_staff,
                 "{\"name\":\"换灯泡\",\"resolve_hours\":721}", "resolve_hours");
    expect_field(422, "PUT", "/v1/help-categories/bulb", tok_staff,
                 "{\"name\":\"换灯泡\",\"resolve_hours\":4,\"respond_hours\":0}", "respond_hours");
    expect_field(422, "PUT", "/v1/help-categories/bulb", tok_staff,
                 "{\"name\":\"换灯泡\",\"resolve_hours\":4,\"respond_hours\":8}", "respond_hours");
    expect_field(422, "PUT", "/v1/help-categories/bulb", tok_staff, "{\"name\":\"换灯泡\",\"colour\":1}",
                 "colour");
    /* a new code (201), then the list (cached) shows it */
    expect(201, "PUT", "/v1/help-categories/bulb", tok_staff,
           "{\"name\":\"换灯泡 💡\",\"respond_hours\":4,\"resolve_hours\":48}");
    j = expect_json(200, "GET", "/v1/help-categories", tok_member, NULL);
    char *txt = cJSON_PrintUnformatted(j);
    assert_non_null(strstr(txt, "换灯泡 💡"));
    free(txt);
    cJSON_Delete(j);
    /* retired: gone from the list, kept with ?all=true, not for new requests */
    expect(200, "PUT", "/v1/help-categories/bulb", tok_staff, "{\"retired\":true}");
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/help-categories", tok_member, NULL, &r), 200);
    assert_null(strstr(r.body, "\"bulb\""));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/help-categories?all=true", tok_member, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"bulb\""));
    http_free(&r);
    expect(400, "GET", "/v1/help-categories?all=yes", tok_member, NULL);
    expect_field(422, "POST", "/v1/help-requests", tok_member,
                 "{\"category\":\"bulb\",\"description\":\"灯坏了\"}", "category");
    /* another office keeps the defaults */
    assert_int_equal(jreq("GET", "/v1/help-categories?all=true", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "\"bulb\""));
    http_free(&r);
}

/* Each role files; the channel follows the role. */
static void filing_by_each_role(void **s)
{
    (void)s;
    char body[512], id[24];
    const char *who[][3] = {
        {tok_member, NULL, "app"}, {tok_relative, NULL, "relative"}, {tok_sec, m3, "secretary"},
        {tok_staff, m2, "phone"},  {tok_client, m2, "phone"},
    };
    /* the reply names the member: a client without pii:read may not file */
    body_for(body, sizeof(body), m2, "water", "水管爆了，厨房漏水");
    expect(403, "POST", "/v1/help-requests", tok_client_np, body);
    for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
        body_for(body, sizeof(body), who[i][1], "water", "水管爆了，厨房漏水");
        file(who[i][0], body, id);
        cJSON *j = get_request(tok_staff, id, "", 200);
        assert_string_equal(str_of(j, "channel"), who[i][2]);
        assert_string_equal(str_of(j, "member_id"), who[i][1] ? who[i][1] : m1);
        assert_string_equal(str_of(j, "status"), "open");
        cJSON *log = cJSON_GetObjectItemCaseSensitive(j, "log");
        assert_int_equal(cJSON_GetArraySize(log), 1);
        assert_string_equal(str_of(cJSON_GetArrayItem(log, 0), "action"), "filed");
        cJSON_Delete(j);
        char needle[48];
        snprintf(needle, sizeof(needle), "{\"id\":\"%s\",", id);
        assert_int_equal(outbox_count("help_request.created", needle), 1);
    }
    /* a member or relative names itself or nobody: another member is 404 */
    body_for(body, sizeof(body), m1, "medicine", "买降压药");
    file(tok_relative, body, id);
    body_for(body, sizeof(body), m2, "medicine", "买降压药");
    expect(404, "POST", "/v1/help-requests", tok_relative, body);
    expect(404, "POST", "/v1/help-requests", tok_member, body);
    /* a secretary only for its branch's members */
    expect(404, "POST", "/v1/help-requests", tok_sec, body);
    /* staff may say the channel, nobody else */
    snprintf(body, sizeof(body),
             "{\"member_id\":\"%s\",\"category\":\"bills\",\"description\":\"交电费\",\"channel\":\"phone\","
             "\"urgency\":\"urgent\"}",
             m2);
    file(tok_staff, body, id);
    expect_field(422, "POST", "/v1/help-requests", tok_member,
                 "{\"category\":\"bills\",\"description\":\"交电费\",\"channel\":\"phone\"}", "channel");
    /* another office: the member is no member there */
    body_for(body, sizeof(body), m1, "water", "漏水");
    expect(404, "POST", "/v1/help-requests", tok_other, body);
    /* a deceased member: 409 naming the rule */
    body_for(body, sizeof(body), gone, "water", "漏水");
    struct http_res r;
    assert_int_equal(jreq("POST", "/v1/help-requests", tok_staff, body, &r), 409);
    assert_non_null(strstr(r.body, "active members"));
    http_free(&r);
}

static void bad_input_names_the_field(void **s)
{
    (void)s;
    char body[8192];
    expect_field(422, "POST", "/v1/help-requests", tok_staff,
                 "{\"category\":\"water\",\"description\":\"x\"}", "member_id");
    expect_field(422, "POST", "/v1/help-requests", tok_member, "{\"category\":\"gas\",\"description\":\"x\"}",
                 "category");
    expect_field(422, "POST", "/v1/help-requests", tok_member,
                 "{\"category\":\"water\",\"description\":\"\"}", "description");
    expect_field(422, "POST", "/v1/help-requests", tok_member, "{\"category\":\"water\"}", "description");
    expect_field(422, "POST", "/v1/help-requests", tok_member, "{\"description\":\"x\"}", "category");
    expect_field(422, "POST", "/v1/help-requests", tok_member,
                 "{\"category\":\"water\",\"description\":\"x\",\"urgency\":\"now\"}", "urgency");
    expect_field(422, "POST", "/v1/help-requests", tok_member,
                 "{\"category\":\"water\",\"description\":\"x\",\"mood\":1}", "mood");
    /* 1000 characters (Chinese, three bytes each) pass, 1001 do not */
    int off = snprintf(body, sizeof(body), "{\"category\":\"water\",\"description\":\"");
    for (int i = 0; i < 1000; i++) {
        off += snprintf(body + off, sizeof(body) - (size_t)off, "漏");
    }
    snprintf(body + off, sizeof(body) - (size_t)off, "\"}");
    expect(201, "POST", "/v1/help-requests", tok_member, body);
    snprintf(body + off, sizeof(body) - (size_t)off, "a\"}");
    expect_field(422, "POST", "/v1/help-requests", tok_member, body, "description");
    off = snprintf(body, sizeof(body), "{\"category\":\"water\",\"description\":\"x\",\"location\":\"");
    for (int i = 0; i < 301; i++) {
        body[off++] = 'a';
    }
    snprintf(body + off, sizeof(body) - (size_t)off, "\"}");
    expect_field(422, "POST", "/v1/help-requests", tok_member, body, "location");
}

/* Texts sealed at rest, masked for staff, shown with reveal (audited), the member's own in
 * clear; another member's request 404, another office's 404. */
static void masking_and_reach(void **s)
{
    (void)s;
    char id[24], other_id[24], body[512];
    file(tok_member,
         "{\"category\":\"escort\",\"description\":\"明早陪同去医院复查 🏥\nthank "
         "you\",\"location\":\"幸福小区3栋2单元\","
         "\"urgency\":\"urgent\"}",
         id);
    body_for(body, sizeof(body), m2, "escort", "陪诊");
    file(tok_staff, body, other_id);
    struct db_param p[] = {P_STR(id)};
    assert_int_equal(sql_int("SELECT COUNT(*) FROM help_requests WHERE id = ? AND INSTR(description_enc, "
                             "'复查') = 0 AND INSTR(location_enc, '幸福') = 0",
                             p, 1),
                     1);
    cJSON *j = get_request(tok_staff, id, "", 200);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "description")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "sealed")));
    cJSON_Delete(j);
    char target[64];
    snprintf(target, sizeof(target), "help_request:%s", id);
    struct db_param a[] = {P_STR(target)};
    const char *audits =
        "SELECT COUNT(*) FROM audit_log WHERE action = 'help_request.read_texts' AND target = ?";
    long long before = sql_int(audits, a, 1);
    j = get_request(tok_staff, id, "?reveal=true", 200);
    assert_string_equal(str_of(j, "description"), "明早陪同去医院复查 🏥\nthank you");
    assert_string_equal(str_of(j, "location"), "幸福小区3栋2单元");
    assert_string_equal(str_of(j, "urgency"), "urgent");
    cJSON_Delete(j);
    assert_int_equal(sql_int(audits, a, 1), before + 1);
    /* a client without pii:read may not reveal; the secretary does not see m1's */
    get_request(tok_client_np, id, "?reveal=true", 403);
    get_request(tok_sec, id, "", 404);
    /* the member's and the relative's own, in clear (audited) */
    j = get_request(tok_relative, id, "", 200);
    assert_string_equal(str_of(j, "location"), "幸福小区3栋2单元");
    cJSON_Delete(j);
    j = get_request(tok_member, id, "?reveal=true", 200);
    assert_string_equal(str_of(j, "description"), "明早陪同去医院复查 🏥\nthank you");
    cJSON_Delete(j);
    assert_int_equal(sql_int(audits, a, 1), before + 3);
    get_request(tok_member, id, "?reveal=maybe", 400);
    /* another member's request and another office: 404 */
    get_request(tok_member, other_id, "", 404);
    get_request(tok_relative, other_id, "", 404);
    get_request(tok_other, id, "", 404);
    get_request(tok_staff, "999999999", "", 404);
    /* a relative reaches nothing else of the member or the office */
    expect(403, "GET", "/v1/members", tok_relative, NULL);
    snprintf(body, sizeof(body), "/v1/members/%s", m1);
    expect(403, "GET", body, tok_relative, NULL);
    expect(403, "GET", "/v1/visits", tok_relative, NULL);
    expect(403, "GET", "/v1/help-requests/stats", tok_relative, NULL);
    expect(403, "GET", "/v1/help-requests/assigned", tok_relative, NULL);
    /* nor the routes that check members by role (they were not written for relatives) */
    expect(403, "GET", "/v1/suggestions", tok_relative, NULL);
    expect(403, "GET", "/v1/study", tok_relative, NULL);
    expect(403, "GET", "/v1/surveys", tok_relative, NULL);
    expect(403, "GET", "/v1/talent-categories", tok_relative, NULL);
}

/* The ids of a list page's items, and its next cursor (or "" for none). */
static int list_ids(const char *token, const char *path, char ids[][24], int max, char *cursor, size_t clen)
{
    cJSON *j = expect_json(200, "GET", path, token, NULL), *it = NULL;
    int n = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        /* a list shows no texts */
        assert_null(cJSON_GetObjectItemCaseSensitive(it, "description"));
        if (n < max) {
            snprintf(ids[n], 24, "%s", str_of(it, "id"));
        }
        n++;
    }
    const char *c = str_of(j, "next_cursor");
    if (cursor != NULL) {
        snprintf(cursor, clen, "%s", c ? c : "");
    }
    cJSON_Delete(j);
    return n;
}

static void lists(void **s)
{
    (void)s;
    char ids[100][24], cursor[128], path[256], id[24];
    /* my requests: the member's and relative's lists are m1's only, newest first */
    int n = list_ids(tok_member, "/v1/help-requests?limit=100", ids, 100, NULL, 0);
    assert_true(n >= 4);
    for (int i = 0; i < n && i < 100; i++) {
        cJSON *j = get_request(tok_staff, ids[i], "", 200);
        assert_string_equal(str_of(j, "member_id"), m1);
        cJSON_Delete(j);
        assert_true(i == 0 || strtoll(ids[i], NULL, 10) < strtoll(ids[i - 1], NULL, 10));
    }
    assert_int_equal(list_ids(tok_relative, "/v1/help-requests?limit=100", ids, 100, NULL, 0), n);
    snprintf(path, sizeof(path), "/v1/help-requests?member=%s", m2);
    expect(404, "GET", path, tok_member, NULL);
    /* cached, and a new request shows at once */
    list_ids(tok_member, "/v1/help-requests?limit=100", ids, 100, NULL, 0);
    file(tok_member, "{\"category\":\"other\",\"description\":\"修窗户\"}", id);
    assert_int_equal(list_ids(tok_member, "/v1/help-requests?limit=100", ids, 100, NULL, 0), n + 1);
    assert_string_equal(ids[0], id);
    /* staff: filters and paging */
    snprintf(path, sizeof(path), "/v1/help-requests?status=open&category=bills&member=%s", m2);
    int bills = list_ids(tok_staff, path, ids, 100, NULL, 0);
    assert_int_equal(bills, 1);
    snprintf(path, sizeof(path), "/v1/help-requests?member=%s&limit=2", m1);
    int seen = 0, pages = 0;
    char last[48] = "";
    cursor[0] = '\0';
    do {
        char page[2][24];
        int k = list_ids(tok_staff, path, page, 2, cursor, sizeof(cursor));
        assert_true(k <= 2);
        for (int i = 0; i < k; i++) {
            assert_true(!last[0] || strtoll(page[i], NULL, 10) < strtoll(last, NULL, 10));
            snprintf(last, sizeof(last), "%s", page[i]);
        }
        seen += k;
        pages++;
        snprintf(path, sizeof(path), "/v1/help-requests?member=%s&limit=2&cursor=%s", m1, cursor);
    } while (cursor[0] && pages < 50);
    assert_int_equal(seen, n + 1);
    assert_true(pages >= 2);
    /* a resolved one leaves the open list; unassigned is the status open itself */
    struct db_param p[] = {P_STR(id)};
    sql("UPDATE help_requests SET status = 'assigned' WHERE id = ?", p, 1);
    snprintf(path, sizeof(path), "/v1/help-requests?status=unassigned&member=%s&limit=100", m1);
    int unassigned = list_ids(tok_staff, path, ids, 100, NULL, 0);
    snprintf(path, sizeof(path), "/v1/help-requests?status=open&member=%s&limit=100", m1);
    assert_int_equal(list_ids(tok_staff, path, ids, 100, NULL, 0), unassigned + 1);
    expect(400, "GET", "/v1/help-requests?status=lost", tok_staff, NULL);
    expect(400, "GET", "/v1/help-requests?limit=101", tok_staff, NULL);
    expect(400, "GET", "/v1/help-requests?member=x", tok_staff, NULL);
    /* the secretary's list is its branch's members' */
    n = list_ids(tok_sec, "/v1/help-requests?limit=100", ids, 100, NULL, 0);
    assert_true(n >= 1);
    for (int i = 0; i < n && i < 100; i++) {
        cJSON_Delete(get_request(tok_sec, ids[i], "", 200));
    }
    snprintf(path, sizeof(path), "/v1/help-requests?member=%s", m1);
    assert_int_equal(list_ids(tok_sec, path, ids, 100, NULL, 0), 0);
    /* another office sees none of these */
    snprintf(path, sizeof(path), "/v1/help-requests?member=%s", m1);
    assert_int_equal(list_ids(tok_other, path, ids, 100, NULL, 0), 0);
}

/* The assignee's list: as an assignee member and as a staff account (columns set here:
 * assigning is the flow's). */
static void assigned(void **s)
{
    (void)s;
    char ids[10][24], id[24], body[256];
    body_for(body, sizeof(body), m2, "housekeeping", "找护工");
    file(tok_staff, body, id);
    assert_int_equal(list_ids(tok_member, "/v1/help-requests/assigned", ids, 10, NULL, 0), 0);
    struct db_param p[] = {P_STR(m1), P_STR(id)};
    sql("UPDATE help_requests SET status = 'assigned', assignee_kind = 'liaison', assignee_member_id = ? "
        "WHERE "
        "id = ?",
        p, 2);
    assert_int_equal(list_ids(tok_member, "/v1/help-requests/assigned", ids, 10, NULL, 0), 1);
    assert_string_equal(ids[0], id);
    /* the assigned member reads it, texts in clear (what and where), though it is another
     * member's */
    cJSON *j = get_request(tok_member, id, "", 200);
    assert_string_equal(str_of(j, "description"), "找护工");
    assert_string_equal(str_of(j, "assignee_member_id"), m1);
    cJSON_Delete(j);
    int before = list_ids(tok_staff, "/v1/help-requests/assigned?limit=100", ids, 10, NULL, 0);
    struct db_param q[] = {P_STR(staff_account), P_STR(id)};
    sql("UPDATE help_requests SET assignee_kind = 'staff', assignee_member_id = NULL, assignee_account_id = "
        "? "
        "WHERE id = ?",
        q, 2);
    assert_int_equal(list_ids(tok_staff, "/v1/help-requests/assigned?limit=100", ids, 10, NULL, 0),
                     before + 1);
    assert_int_equal(list_ids(tok_member, "/v1/help-requests/assigned", ids, 10, NULL, 0), 0);
    expect(403, "GET", "/v1/help-requests/assigned", tok_client, NULL);
    /* assigned to a team the member leads (as the team's volunteer leader): on the
     * member's list; led by someone else: not */
    char vid[24], team[24], path[96];
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\",\"phone\":\"13900004401\",\"skills\":[\"护理\"]}", m1);
    post_created("/v1/volunteers", tok_staff, body, vid, sizeof(vid));
    team_create(tok_staff, "求助队", "care", team, sizeof(team));
    struct db_param t[] = {P_STR(team), P_STR(id)};
    sql("UPDATE help_requests SET assignee_kind = 'team', assignee_account_id = NULL, assignee_team_id = ? "
        "WHERE id = ?",
        t, 2);
    assert_int_equal(list_ids(tok_member, "/v1/help-requests/assigned", ids, 10, NULL, 0), 0);
    snprintf(path, sizeof(path), "/v1/volunteer-teams/%s/members/%s", team, vid);
    expect(200, "PUT", path, tok_staff, "{\"role\":\"leader\"}");
    assert_int_equal(list_ids(tok_member, "/v1/help-requests/assigned", ids, 10, NULL, 0), 1);
    assert_string_equal(ids[0], id);
}

/* Idempotency-Key: the same submit twice is one request. */
static void double_submit(void **s)
{
    (void)s;
    const char *const key[] = {"Idempotency-Key: help-double-1", NULL};
    const char *body = "{\"category\":\"electricity\",\"description\":\"停电了\"}";
    struct http_res a, b;
    char la[96], lb[96];
    assert_int_equal(req("POST", "/v1/help-requests", tok_member, "application/json", body, key, &a), 201);
    assert_int_equal(req("POST", "/v1/help-requests", tok_member, "application/json", body, key, &b), 201);
    assert_true(http_header(&a, "Location", la, sizeof(la)));
    assert_true(http_header(&b, "Location", lb, sizeof(lb)));
    assert_string_equal(la, lb);
    /* the reply (and its replay) keeps the texts sealed, the member's own too */
    assert_non_null(strstr(a.body, "\"description\":null"));
    assert_non_null(strstr(b.body, "\"sealed\":true"));
    http_free(&a);
    http_free(&b);
    struct db_param p[] = {P_STR(m1)};
    assert_int_equal(
        sql_int("SELECT COUNT(*) FROM help_requests WHERE member_id = ? AND category = 'electricity'", p, 1),
        1);
}

/* Deadlines fixed when filed by the category's rule; an override applies to new ones. */
static void deadlines(void **s)
{
    (void)s;
    char id[24], body[256], today[11];
    expect(200, "PUT", "/v1/help-categories/water", tok_staff, "{\"respond_hours\":2}");
    body_for(body, sizeof(body), m2, "water", "水龙头坏了");
    file(tok_staff, body, id);
    struct db_param p[] = {P_STR(id)};
    assert_int_equal(
        sql_int("SELECT TIMESTAMPDIFF(SECOND, filed_at, respond_by) FROM help_requests WHERE id = ?", p, 1),
        7200);
    assert_int_equal(
        sql_int("SELECT TIMESTAMPDIFF(SECOND, filed_at, resolve_by) FROM help_requests WHERE id = ?", p, 1),
        86400);
    /* back to the same day: by 23:59:59 of the day filed (or the resolution, if sooner) */
    expect(200, "PUT", "/v1/help-categories/water", tok_staff, "{\"respond_hours\":null}");
    file(tok_staff, body, id);
    test_today(today);
    struct db_param q[] = {P_STR(id)};
    assert_int_equal(
        sql_int("SELECT respond_by = LEAST(resolve_by, TIMESTAMP(DATE(filed_at), '23:59:59')) FROM "
                "help_requests WHERE id = ?",
                q, 1),
        1);
    cJSON *j = get_request(tok_staff, id, "", 200);
    assert_int_equal(strncmp(str_of(j, "filed_at"), today, 10), 0);
    assert_non_null(strstr(str_of(j, "respond_by"), "+08:00"));
    cJSON_Delete(j);
}

/* The statistics of today: counts, the share within the deadline and satisfaction. */
static void stats(void **s)
{
    (void)s;
    char today[11], path[96], id[24], body[256];
    test_today(today);
    snprintf(path, sizeof(path), "/v1/help-requests/stats?from=%s&to=%s", today, today);
    cJSON *a = expect_json(200, "GET", path, tok_staff, NULL);
    body_for(body, sizeof(body), m2, "medicine", "买药");
    file(tok_staff, body, id);
    struct db_param p[] = {P_STR(id)};
    /* resolved in time and rated 4 */
    sql("UPDATE help_requests SET status = 'confirmed', resolved_at = filed_at, confirmed_at = filed_at, "
        "satisfaction = 4 WHERE id = ?",
        p, 1);
    file(tok_staff, body, id);
    struct db_param q[] = {P_STR(id)};
    /* resolved late, not rated */
    sql("UPDATE help_requests SET status = 'resolved', resolved_at = resolve_by + INTERVAL 1 HOUR WHERE id = "
        "?",
        q, 1);
    cJSON *b = expect_json(200, "GET", path, tok_staff, NULL);
#define NUM(j, k) cJSON_GetObjectItemCaseSensitive((j), (k))->valuedouble
    assert_int_equal((int)(NUM(b, "filed") - NUM(a, "filed")), 2);
    assert_int_equal((int)(NUM(b, "resolved") - NUM(a, "resolved")), 2);
    assert_int_equal((int)(NUM(b, "resolved_within_deadline") - NUM(a, "resolved_within_deadline")), 1);
    assert_int_equal((int)(NUM(b, "rated") - NUM(a, "rated")), 1);
    double share = NUM(b, "resolved_within_deadline") / NUM(b, "resolved");
    assert_true(NUM(b, "share_within_deadline") > share - 0.001 &&
                NUM(b, "share_within_deadline") < share + 0.001);
    cJSON *bc = cJSON_GetObjectItemCaseSensitive(b, "by_category");
    cJSON *ac = cJSON_GetObjectItemCaseSensitive(a, "by_category");
    double before = cJSON_GetObjectItemCaseSensitive(ac, "medicine") ? NUM(ac, "medicine") : 0;
    assert_int_equal((int)(NUM(bc, "medicine") - before), 2);
    assert_true(NUM(cJSON_GetObjectItemCaseSensitive(b, "by_status"), "confirmed") >= 1);
    cJSON_Delete(a);
    cJSON_Delete(b);
    /* another office counts none of them; bad spans are named */
    snprintf(path, sizeof(path), "/v1/help-requests/stats?from=%s&to=%s", today, today);
    b = expect_json(200, "GET", path, tok_other, NULL);
    assert_int_equal((int)NUM(b, "filed"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(b, "share_within_deadline")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(b, "satisfaction_average")));
    cJSON_Delete(b);
#undef NUM
    expect(200, "GET", "/v1/help-requests/stats", tok_staff, NULL);
    expect_field(400, "GET", "/v1/help-requests/stats?from=2026-02-30&to=2026-03-01", tok_staff, NULL,
                 "from");
    expect_field(400, "GET", "/v1/help-requests/stats?from=2026-03-02&to=2026-03-01", tok_staff, NULL, "to");
    expect_field(400, "GET", "/v1/help-requests/stats?year=1800", tok_staff, NULL, "year");
    expect(403, "GET", "/v1/help-requests/stats", tok_member, NULL);
    expect(403, "GET", "/v1/help-requests/stats", tok_sec, NULL);
}

/* An office keeps at most 30 categories of its own: the 31st is 409, editing one of the
 * 30 still works (the cap counts the others). */
static void category_cap(void **s)
{
    (void)s;
    char path[64];
    for (int i = 0; i < 30; i++) {
        snprintf(path, sizeof(path), "/v1/help-categories/cap_%c%c", 'a' + i / 26, 'a' + i % 26);
        expect(201, "PUT", path, tok_other, "{\"name\":\"上限\",\"resolve_hours\":48,\"retired\":true}");
    }
    expect_problem(409, "PUT", "/v1/help-categories/cap_zz", tok_other,
                   "{\"name\":\"上限\",\"resolve_hours\":48}");
    expect(200, "PUT", "/v1/help-categories/cap_aa", tok_other, "{\"name\":\"改名\"}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(categories),
        cmocka_unit_test(filing_by_each_role),
        cmocka_unit_test(bad_input_names_the_field),
        cmocka_unit_test(masking_and_reach),
        cmocka_unit_test(lists),
        cmocka_unit_test(assigned),
        cmocka_unit_test(double_submit),
        cmocka_unit_test(deadlines),
        cmocka_unit_test(stats),
        cmocka_unit_test(category_cap),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
