/* Branches and members through HTTP against the built binary: validation, masking and
 * pii:read, audit, tenancy, roles, cache invalidation, memberships, pairing, CSV.
 * Offices: 440104 (越秀) starts empty and is written here; 532801 holds the demo county
 * of the seed; 532822 is the other county whose tokens must see nothing; 440100 is the
 * target of the CSV round trip. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_yx[2048]; /* 440104 admin */
static char tok_mh[2048]; /* 532822 admin: another county */
static char tok_jh[2048]; /* 532801 admin: the demo county */
static char tok_gz[2048]; /* 440100 admin */

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/members-server.log");
    login("440104", "admin", "demo-440104-pass", tok_yx, sizeof(tok_yx), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("440100", "admin", "demo-440100-pass", tok_gz, sizeof(tok_gz), NULL, 0);
    return 0;
}

static cJSON *body_json(const struct http_res *r)
{
    cJSON *j = cJSON_Parse(r->body);
    assert_non_null(j);
    return j;
}

/* True when the problem body names field in errors[]. */
static bool names_field(const struct http_res *r, const char *field)
{
    cJSON *j = body_json(r);
    const cJSON *e = NULL;
    bool found = false;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "errors"))
    {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "field");
        found = found || (cJSON_IsString(f) && strcmp(f->valuestring, field) == 0);
    }
    cJSON_Delete(j);
    return found;
}

static void member_validation(void **s)
{
    (void)s;
    struct http_res r;
    char id[19], bad[19], body[512];
    assert_int_equal(jreq("POST", "/v1/members", tok_yx, "{}", &r), 422);
    assert_problem(&r, 422);
    assert_true(names_field(&r, "name") && names_field(&r, "id_number") && names_field(&r, "category"));
    http_free(&r);

    idno_make(id, "440104", "19450301", 11);
    memcpy(bad, id, sizeof(bad));
    bad[17] = bad[17] == '0' ? '1' : '0'; /* wrong check digit */
    snprintf(body, sizeof(body), "{\"name\":\"张三\",\"id_number\":\"%s\",\"category\":\"retired\"}", bad);
    assert_int_equal(jreq("POST", "/v1/members", tok_yx, body, &r), 422);
    assert_true(names_field(&r, "id_number"));
    assert_non_null(strstr(r.body, "check digit"));
    http_free(&r);

    /* the birth date and gender must agree with the number; phone; dates; unknown fields */
    snprintf(body, sizeof(body),
             "{\"name\":\"张三\",\"id_number\":\"%s\",\"category\":\"retired\",\"birth_date\":\"1945-03-02\","
             "\"gender\":\"female\",\"phone\":\"12345\",\"joined_on\":\"1950-01-01\",\"health\":\"sick\"}",
             id);
    assert_int_equal(jreq("POST", "/v1/members", tok_yx, body, &r), 422);
    assert_true(names_field(&r, "birth_date") && names_field(&r, "gender") && names_field(&r, "phone") &&
                names_field(&r, "joined_on") && names_field(&r, "health"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"name\":\"张三\",\"id_number\":\"%s\",\"category\":\"retired\",\"salary\":1}", id);
    assert_int_equal(jreq("POST", "/v1/members", tok_yx, body, &r), 422);
    assert_true(names_field(&r, "salary"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"name\":\"张三\",\"id_number\":\"%s\",\"category\":\"retired\",\"version\":3}", id);
    assert_int_equal(jreq("POST", "/v1/members", tok_yx, body, &r), 422);
    assert_true(names_field(&r, "version"));
    http_free(&r);
    /* nothing of the above was written */
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", id);
    expect(404, "POST", "/v1/members/lookup", tok_yx, body);
    assert_int_equal(jreq("POST", "/v1/members/lookup", tok_yx, "{\"id_number\":\"123\"}", &r), 422);
    assert_true(names_field(&r, "id_number"));
    http_free(&r);
}

static void masking_reveal_audit_lookup(void **s)
{
    (void)s;
    struct http_res r;
    char id[19], mid[24], path[128], body[256], v[64];
    idno_make(id, "440104", "19380615", 21);
    member_create(
        tok_yx, "李秀英😀", id, "retired",
        ",\"phone\":\"13812345678\",\"address\":\"广州市越秀区东风中路100号\",\"health\":\"homebound\"", mid,
        sizeof(mid));
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_true(json_member(r.body, "id_number", v, sizeof(v)));
    assert_int_equal(strlen(v), 18);
    assert_string_equal(v, "440104************"); /* the division code only */
    assert_true(json_member(r.body, "phone", v, sizeof(v)));
    assert_string_equal(v, "138****5678");
    assert_true(json_member(r.body, "name", v, sizeof(v)));
    assert_string_equal(v, "李秀英😀");
    assert_false(json_member(r.body, "birth_date", v, sizeof(v))); /* masked: the birth year only */
    assert_non_null(strstr(r.body, "\"birth_year\":1938"));
    assert_null(strstr(r.body, "\"age\""));
    assert_true(json_member(r.body, "health", v, sizeof(v)));
    assert_string_equal(v, "homebound");
    assert_null(strstr(r.body, "东风中路100号"));
    http_free(&r);

    snprintf(path, sizeof(path), "/v1/members/%s?reveal=true", mid);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_true(json_member(r.body, "id_number", v, sizeof(v)));
    assert_string_equal(v, id);
    assert_true(json_member(r.body, "phone", v, sizeof(v)));
    assert_string_equal(v, "13812345678");
    http_free(&r);

    /* the unmasked read is in the audit log, without the values */
    snprintf(path, sizeof(path), "/v1/audit?action=member.read_pii&target=member:%s", mid);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    cJSON *j = body_json(&r);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    cJSON_Delete(j);
    assert_null(strstr(r.body, id));
    assert_null(strstr(r.body, "13812345678"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/audit?action=member.create&target=member:%s", mid);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"actor\":\"account:"));
    http_free(&r);

    /* lookup by number in the body; the same number twice is a conflict */
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", id);
    assert_int_equal(jreq("POST", "/v1/members/lookup", tok_yx, body, &r), 200);
    assert_true(json_member(r.body, "id", v, sizeof(v)));
    assert_string_equal(v, mid);
    http_free(&r);
    expect(404, "POST", "/v1/members/lookup", tok_mh, body);
    snprintf(body, sizeof(body), "{\"name\":\"重复\",\"id_number\":\"%s\",\"category\":\"retired\"}", id);
    assert_int_equal(jreq("POST", "/v1/members", tok_yx, body, &r), 409);
    assert_problem(&r, 409);
    http_free(&r);
    /* another office's audit trail does not show these rows */
    snprintf(path, sizeof(path), "/v1/audit?target=member:%s", mid);
    assert_int_equal(jreq("GET", path, tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"items\":[]"));
    http_free(&r);
}

static void cross_office_404_everywhere(void **s)
{
    (void)s;
    struct http_res r;
    char id[19], mid[24], bid[24], path[160];
    branch_create(tok_yx, "越秀机关第一支部", "regular", "work_unit", bid, sizeof(bid));
    idno_make(id, "440104", "19400101", 31);
    char extra[64];
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\"", bid);
    member_create(tok_yx, "王建国", id, "retired", extra, mid, sizeof(mid));
    const char *first_version[] = {"If-Match: \"1\"", NULL};
    struct {
        const char *method, *fmt, *body;
    } routes[] = {
        {"GET", "/v1/members/%s", NULL},
        {"GET", "/v1/members/%s?reveal=true", NULL},
        {"PATCH", "/v1/members/%s", "{\"name\":\"x\"}"},
        {"POST", "/v1/members/%s/transfer", "{\"to\":\"x\"}"},
        {"POST", "/v1/members/%s/death", "{}"},
        {"GET", "/v1/members/%s/memberships", NULL},
        {"POST", "/v1/members/%s/memberships", "{\"branch_id\":\"1\",\"kind\":\"primary\"}"},
        {"DELETE", "/v1/members/%s/memberships/1", NULL},
        {"PUT", "/v1/members/%s/liaison", "{\"liaison_id\":\"1\"}"},
        {"DELETE", "/v1/members/%s/liaison", NULL},
        {"GET", "/v1/members/%s/service-card", NULL},
    };
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        snprintf(path, sizeof(path), routes[i].fmt, mid);
        long st = req(routes[i].method, path, tok_mh, routes[i].body ? "application/json" : NULL,
                      routes[i].body, first_version, &r);
        if (st != 404) {
            fprintf(stderr, "%s %s -> %ld\n", routes[i].method, path, st);
        }
        assert_int_equal(st, 404);
        http_free(&r);
    }
    const char *broutes[][3] = {{"GET", "/v1/branches/%s", NULL},
                                {"PATCH", "/v1/branches/%s", "{\"name\":\"x\"}"},
                                {"POST", "/v1/branches/%s/dissolve", "{}"},
                                {"GET", "/v1/branches/%s/members", NULL}};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), broutes[i][1], bid);
        long st = req(broutes[i][0], path, tok_mh, broutes[i][2] ? "application/json" : NULL, broutes[i][2],
                      first_version, &r);
        if (st != 404) {
            fprintf(stderr, "%s %s -> %ld\n", broutes[i][0], path, st);
        }
        assert_int_equal(st, 404);
        http_free(&r);
    }
    /* lists, tree and export of the other office do not show them */
    assert_int_equal(jreq("GET", "/v1/members?name=%E7%8E%8B%E5%BB%BA%E5%9B%BD", tok_mh, NULL, &r), 200);
    assert_null(strstr(r.body, "王建国"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members?branch=%s", bid);
    assert_int_equal(jreq("GET", path, tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"items\":[]"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/branches/tree", tok_mh, NULL, &r), 200);
    assert_null(strstr(r.body, "越秀机关第一支部"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/members/export", tok_mh, NULL, &r), 200);
    assert_null(strstr(r.body, "王建国"));
    http_free(&r);
    /* a primary membership in another office's branch is refused as absent */
    char mh_id[19], mh_mid[24], body[128];
    idno_make(mh_id, "532822", "19410101", 33);
    member_create(tok_mh, "岩温", mh_id, "retired", "", mh_mid, sizeof(mh_mid));
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", mh_mid);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"primary\"}", bid);
    assert_int_equal(jreq("POST", path, tok_mh, body, &r), 422);
    assert_true(names_field(&r, "branch_id"));
    http_free(&r);
}

static void writes_invalidate_cached_reads(void **s)
{
    (void)s;
    struct http_res r;
    char id[19], mid[24], bid[24], path[128], ifm[64], extra[64], v[64], id2[19], mid2[24];
    branch_create(tok_yx, "缓存测试支部", "regular", "community", bid, sizeof(bid));
    idno_make(id, "440104", "19420202", 41);
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\"", bid);
    member_create(tok_yx, "赵德明", id, "retired", extra, mid, sizeof(mid));
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    for (int i = 0; i < 2; i++) { /* the second read is served from Redis */
        assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
        assert_non_null(strstr(r.body, "赵德明"));
        http_free(&r);
    }
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    expect_with(200, "PATCH", path, tok_yx, "{\"name\":\"赵德民\",\"phone\":\"0691-2123456\"}", h);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_true(json_member(r.body, "name", v, sizeof(v)));
    assert_string_equal(v, "赵德民");
    http_free(&r);
    /* a stale If-Match is refused */
    expect_with(412, "PATCH", path, tok_yx, "{\"name\":\"x\"}", h);

    /* the cached branch list and tree see a new member and a new branch */
    snprintf(path, sizeof(path), "/v1/members?branch=%s", bid);
    expect(200, "GET", path, tok_yx, NULL);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200); /* from the cache */
    assert_null(strstr(r.body, "钱学军"));
    http_free(&r);
    idno_make(id2, "440104", "19430303", 43);
    member_create(tok_yx, "钱学军", id2, "retired", extra, mid2, sizeof(mid2));
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "钱学军"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/branches/tree", tok_yx, NULL, &r), 200);
    assert_null(strstr(r.body, "新建的支部"));
    http_free(&r);
    char nb[24];
    branch_create(tok_yx, "新建的支部", "temporary", "activity_team", nb, sizeof(nb));
    assert_int_equal(jreq("GET", "/v1/branches/tree", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "新建的支部"));
    http_free(&r);
    /* the branch read shows the member count that the member write changed */
    snprintf(path, sizeof(path), "/v1/branches/%s", bid);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"primary\":2"));
    http_free(&r);
}

static void branch_rules_tree_dissolve(void **s)
{
    (void)s;
    struct http_res r;
    char top[24], gen[24], br[24], body[256], path[128], ifm[64], id[19], mid[24], extra[64];
    post_created("/v1/branches", tok_yx,
                 "{\"name\":\"越秀离退休党委\",\"level\":\"committee\",\"nature\":\"regular\",\"host_type\":"
                 "\"work_unit\","
                 "\"demonstration\":{\"level\":\"province\",\"year\":2017}}",
                 top, sizeof(top));
    snprintf(body, sizeof(body),
             "{\"name\":\"越秀党总支\",\"level\":\"general_branch\",\"nature\":\"regular\",\"host_type\":\"work_unit\",\"parent_id\":\"%s\"}",
             top);
    post_created("/v1/branches", tok_yx, body, gen, sizeof(gen));
    snprintf(body, sizeof(body),
             "{\"name\":\"越秀第二支部\",\"level\":\"branch\",\"nature\":\"regular\",\"host_type\":\"community\",\"parent_id\":\"%s\"}", gen);
    assert_int_equal(jreq("POST", "/v1/branches", tok_yx, body, &r), 201);
    assert_true(json_member(r.body, "id", br, sizeof(br)));
    assert_non_null(strstr(r.body, "at least 3 formal members")); /* advice, not an error */
    http_free(&r);
    /* a parent must be of a higher level */
    snprintf(body, sizeof(body),
             "{\"name\":\"错误支部\",\"level\":\"branch\",\"nature\":\"regular\",\"host_type\":\"community\",\"parent_id\":\"%s\"}", br);
    assert_int_equal(jreq("POST", "/v1/branches", tok_yx, body, &r), 422);
    assert_true(names_field(&r, "parent_id"));
    http_free(&r);
    /* no cycles: the committee cannot move under its own general branch */
    snprintf(path, sizeof(path), "/v1/branches/%s", top);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(body, sizeof(body), "{\"parent_id\":\"%s\"}", gen);
    assert_int_equal(req("PATCH", path, tok_yx, "application/json", body, h, &r), 422);
    assert_non_null(strstr(r.body, "cycle"));
    http_free(&r);
    /* a general branch with a branch under it cannot become a branch */
    snprintf(path, sizeof(path), "/v1/branches/%s", gen);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h2[] = {ifm, NULL};
    assert_int_equal(req("PATCH", path, tok_yx, "application/json", "{\"level\":\"branch\"}", h2, &r), 422);
    assert_true(names_field(&r, "level"));
    http_free(&r);
    expect(428, "PATCH", path, tok_yx, "{\"level\":\"branch\"}");
    /* committee with a secretary; the tree nests */
    idno_make(id, "440104", "19441111", 51);
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\",\"phone\":\"13900001111\"", br);
    member_create(tok_yx, "孙书记", id, "retired", extra, mid, sizeof(mid));
    snprintf(path, sizeof(path), "/v1/branches/%s", br);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h3[] = {ifm, NULL};
    snprintf(body, sizeof(body), "{\"committee\":[{\"member_id\":\"%s\",\"role\":\"secretary\"}]}", mid);
    assert_int_equal(req("PATCH", path, tok_yx, "application/json", body, h3, &r), 200);
    assert_non_null(strstr(r.body, "孙书记"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/branches/tree", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"name\":\"越秀党总支\",\"level\":\"general_branch\""));
    assert_non_null(strstr(r.body, "\"children\":[{\"id\":\""));
    http_free(&r);
    /* filters */
    assert_int_equal(jreq("GET", "/v1/branches?level=committee&demonstration=province", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "越秀离退休党委"));
    assert_null(strstr(r.body, "越秀第二支部"));
    http_free(&r);
    expect(400, "GET", "/v1/branches?level=cell", tok_yx, NULL);
    /* a branch with active primary members cannot be dissolved: 409 naming the count */
    snprintf(path, sizeof(path), "/v1/branches/%s", br);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h4[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/branches/%s/dissolve", br);
    assert_int_equal(req("POST", path, tok_yx, "application/json", "{}", h4, &r), 409);
    assert_non_null(strstr(r.body, "1 active primary members"));
    http_free(&r);
    /* after the member moves on, it can */
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h5[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/members/%s/transfer", mid);
    expect_with(200, "POST", path, tok_yx, "{\"to\":\"异地安置\"}", h5);
    snprintf(path, sizeof(path), "/v1/branches/%s", br);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h6[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/branches/%s/dissolve", br);
    assert_int_equal(req("POST", path, tok_yx, "application/json", "{\"dissolved_on\":\"2026-06-30\"}", h6, &r), 200);
    assert_non_null(strstr(r.body, "\"dissolved_on\":\"2026-06-30\""));
    http_free(&r);
    expect_with(409, "POST", path, tok_yx, "{}", h6);
}

static void memberships_one_primary_many_lives(void **s)
{
    (void)s;
    struct http_res r;
    char a[24], b[24], f[24], id[19], mid[24], path[128], body[128], ms[24], extra[64];
    branch_create(tok_yx, "甲支部", "regular", "work_unit", a, sizeof(a));
    branch_create(tok_yx, "乙支部", "regular", "work_unit", b, sizeof(b));
    branch_create(tok_yx, "书法班临时支部", "temporary", "university_class", f, sizeof(f));
    idno_make(id, "440104", "19391010", 61);
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\"", a);
    member_create(tok_yx, "周光明", id, "retired", extra, mid, sizeof(mid));
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", mid);
    /* participation only in functional or temporary branches */
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"participating\"}", b);
    assert_int_equal(jreq("POST", path, tok_yx, body, &r), 422);
    assert_true(names_field(&r, "branch_id"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"participating\"}", f);
    assert_int_equal(jreq("POST", path, tok_yx, body, &r), 201);
    assert_true(json_member(r.body, "id", ms, sizeof(ms)));
    http_free(&r);
    expect(409, "POST", path, tok_yx, body);
    /* the roster of the temporary branch marks the kind */
    char rp[128];
    snprintf(rp, sizeof(rp), "/v1/branches/%s/members", f);
    assert_int_equal(jreq("GET", rp, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"kind\":\"participating\""));
    http_free(&r);
    /* moving the primary affiliation keeps a history */
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"primary\"}", b);
    expect(201, "POST", path, tok_yx, body);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"end_reason\":\"moved\""));
    http_free(&r);
    snprintf(rp, sizeof(rp), "/v1/members/%s", mid);
    assert_int_equal(jreq("GET", rp, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "乙支部"));
    http_free(&r);
    /* ending: a participation yes, the primary affiliation no */
    snprintf(rp, sizeof(rp), "/v1/members/%s/memberships/%s", mid, ms);
    assert_int_equal(jreq("DELETE", rp, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"ended_on\":\"20"));
    http_free(&r);
    expect(409, "DELETE", rp, tok_yx, NULL);
}

struct racer {
    char path[128];
    char body[256];
    long status;
};

static void *race(void *p)
{
    struct racer *x = p;
    struct http_res r;
    char auth[2200], url[256];
    const char *h[] = {auth, "Content-Type: application/json", NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok_yx);
    snprintf(url, sizeof(url), "%s%s", api_base, x->path);
    x->status = http_do("POST", url, h, x->body, strlen(x->body), &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

static void primary_unique_under_concurrency(void **s)
{
    (void)s;
    enum { N = 8 };
    struct racer rs[N];
    pthread_t th[N];
    char id[19], mid[24], bids[N][24], path[128];
    struct http_res r;
    idno_make(id, "440104", "19370707", 71);
    member_create(tok_yx, "并发测试", id, "retired", "", mid, sizeof(mid));
    for (int i = 0; i < N; i++) {
        char body[160];
        snprintf(body, sizeof(body), "{\"name\":\"并发支部%d\",\"level\":\"branch\",\"nature\":\"regular\",\"host_type\":\"work_unit\"}", i);
        post_created("/v1/branches", tok_yx, body, bids[i], sizeof(bids[i]));
    }
    for (int i = 0; i < N; i++) {
        snprintf(rs[i].path, sizeof(rs[i].path), "/v1/members/%s/memberships", mid);
        snprintf(rs[i].body, sizeof(rs[i].body), "{\"branch_id\":\"%s\",\"kind\":\"primary\"}", bids[i]);
        pthread_create(&th[i], NULL, race, &rs[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_true(rs[i].status == 201 || rs[i].status == 409);
    }
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", mid);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    cJSON *j = body_json(&r);
    const cJSON *it = NULL;
    int open_primary = 0;
    char open_branch[24] = "";
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "kind")->valuestring, "primary") == 0 &&
            cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(it, "ended_on"))) {
            open_primary++;
            snprintf(open_branch, sizeof(open_branch), "%s", cJSON_GetObjectItemCaseSensitive(it, "branch_id")->valuestring);
        }
    }
    cJSON_Delete(j);
    http_free(&r);
    assert_int_equal(open_primary, 1);
    /* the member's primary branch is that one */
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    char want[64];
    snprintf(want, sizeof(want), "\"primary_branch\":{\"id\":\"%s\"", open_branch);
    assert_non_null(strstr(r.body, want));
    http_free(&r);
}

static void concurrent_duplicate_creates_one(void **s)
{
    (void)s;
    enum { N = 6 };
    struct racer rs[N];
    pthread_t th[N];
    char id[19], body[160];
    int created = 0, conflicts = 0;
    idno_make(id, "440104", "19310101", 73);
    for (int i = 0; i < N; i++) {
        snprintf(rs[i].path, sizeof(rs[i].path), "/v1/members");
        snprintf(rs[i].body, sizeof(rs[i].body), "{\"name\":\"重复%d\",\"id_number\":\"%s\",\"category\":\"retired\"}", i, id);
        pthread_create(&th[i], NULL, race, &rs[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        created += rs[i].status == 201;
        conflicts += rs[i].status == 409;
    }
    assert_int_equal(created, 1);
    assert_int_equal(conflicts, N - 1);
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", id);
    expect(200, "POST", "/v1/members/lookup", tok_yx, body);
}

static void transfer_and_death_hide_from_lists(void **s)
{
    (void)s;
    struct http_res r;
    char id[19], mid[24], path[128], ifm[64], list[128];
    idno_make(id, "440104", "19360404", 81);
    member_create(tok_yx, "吴迁出", id, "retired", "", mid, sizeof(mid));
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/members/%s/transfer", mid);
    assert_int_equal(req("POST", path, tok_yx, "application/json", "{}", h, &r), 422);
    assert_true(names_field(&r, "to"));
    http_free(&r);
    assert_int_equal(req("POST", path, tok_yx, "application/json", "{\"to\":\"昆明市五华区委老干部局\"}", h, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"transferred_out\""));
    http_free(&r);
    expect_with(412, "POST", path, tok_yx, "{\"to\":\"x\"}", h);
    snprintf(list, sizeof(list), "/v1/members?name=%s", "%E5%90%B4%E8%BF%81%E5%87%BA");
    assert_int_equal(jreq("GET", list, tok_yx, NULL, &r), 200);
    assert_null(strstr(r.body, "吴迁出"));
    http_free(&r);
    strcat(list, "&status=all");
    assert_int_equal(jreq("GET", list, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "吴迁出"));
    http_free(&r);
    /* a closed member cannot die, move or be paired */
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const char *h2[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/members/%s/death", mid);
    expect_with(409, "POST", path, tok_yx, "{\"died_on\":\"2026-01-01\",\"reported_by\":\"子女\"}", h2);
    expect_with(422, "POST", path, tok_yx, "{\"died_on\":\"2999-01-01\",\"reported_by\":\"子女\"}", h2);
}

static void secretary_confined_to_branch(void **s)
{
    (void)s;
    struct http_res r;
    char tok[2048], bid[24] = "", other[24] = "", mine[24] = "", path[160];
    login("532801", "secretary", "demo-532801-sec", tok, sizeof(tok), NULL, 0);
    /* its branch, as the admin sees the account */
    assert_int_equal(jreq("GET", "/v1/accounts?limit=100", tok_jh, NULL, &r), 200);
    cJSON *j = body_json(&r);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "username")->valuestring, "secretary") == 0) {
            snprintf(bid, sizeof(bid), "%s", cJSON_GetObjectItemCaseSensitive(it, "branch_id")->valuestring);
        }
    }
    cJSON_Delete(j);
    http_free(&r);
    assert_true(bid[0] != '\0');
    snprintf(path, sizeof(path), "/v1/branches/%s", bid);
    expect(200, "GET", path, tok, NULL);
    snprintf(other, sizeof(other), "%lld", atoll(bid) + 1);
    snprintf(path, sizeof(path), "/v1/branches/%s", other);
    expect(404, "GET", path, tok, NULL);
    /* its list holds only its branch's members, masked */
    assert_int_equal(jreq("GET", "/v1/members?limit=100", tok, NULL, &r), 200);
    j = body_json(&r);
    int n = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        const cJSON *pb = cJSON_GetObjectItemCaseSensitive(it, "primary_branch");
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(pb, "id")->valuestring, bid);
        assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(it, "id_number")->valuestring, "********"));
        if (n++ == 0) {
            snprintf(mine, sizeof(mine), "%s", cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring);
        }
    }
    cJSON_Delete(j);
    http_free(&r);
    assert_true(n > 0);
    snprintf(path, sizeof(path), "/v1/members?branch=%s", other);
    expect(404, "GET", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s", mine);
    expect(200, "GET", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s?reveal=true", mine);
    expect(403, "GET", path, tok, NULL);
    /* a member of another branch of the same office is absent to it */
    snprintf(path, sizeof(path), "/v1/members?branch=%s&limit=1", other);
    assert_int_equal(jreq("GET", path, tok_jh, NULL, &r), 200);
    char theirs[24];
    j = body_json(&r);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_non_null(first);
    snprintf(theirs, sizeof(theirs), "%s", cJSON_GetObjectItemCaseSensitive(first, "id")->valuestring);
    cJSON_Delete(j);
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%s", theirs);
    expect(404, "GET", path, tok, NULL);
    expect_with(404, "PATCH", path, tok, "{\"name\":\"x\"}", (const char *const[]){"If-Match: 1", NULL});
    /* office-wide operations are for staff */
    expect(403, "GET", "/v1/branches/tree", tok, NULL);
    expect(403, "POST", "/v1/members", tok, "{}");
    expect(403, "GET", "/v1/members/export", tok, NULL);
    expect(403, "GET", "/v1/audit", tok, NULL);
}

static void member_reads_own_record_and_card(void **s)
{
    (void)s;
    struct http_res r;
    char tok[2048], me[24] = "", path[128];
    login("532801", "member", "demo-532801-member", tok, sizeof(tok), NULL, 0);
    assert_int_equal(jreq("GET", "/v1/accounts?limit=100", tok_jh, NULL, &r), 200);
    cJSON *j = body_json(&r);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "username")->valuestring, "member") == 0) {
            snprintf(me, sizeof(me), "%s", cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring);
        }
    }
    cJSON_Delete(j);
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%s", me);
    expect(200, "GET", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", me);
    expect(200, "GET", path, tok, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s/service-card", me);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    j = body_json(&r);
    const cJSON *sec = cJSON_GetObjectItemCaseSensitive(j, "secretary");
    assert_true(cJSON_IsObject(sec));
    const cJSON *phone = cJSON_GetObjectItemCaseSensitive(sec, "phone");
    assert_true(cJSON_IsString(phone) && strlen(phone->valuestring) == 11 && !strchr(phone->valuestring, '*'));
    cJSON_Delete(j);
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%lld", atoll(me) - 1);
    expect(404, "GET", path, tok, NULL);
    expect(403, "GET", "/v1/members", tok, NULL);
    expect(403, "GET", "/v1/branches", tok, NULL);
}

static void pairing_cap_and_unpaired(void **s)
{
    (void)s;
    struct http_res r;
    char lid[19], l[24], ids[3][24], path[128], body[128], ifm[64];
    if_match("/v1/offices/440104", tok_yx, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    assert_int_equal(req("PATCH", "/v1/offices/440104", tok_yx, "application/json", "{\"liaison_cap\":2}", h, &r), 200);
    assert_non_null(strstr(r.body, "\"liaison_cap\":2"));
    http_free(&r);
    idno_make(lid, "440104", "19800808", 91);
    member_create(tok_yx, "联络员小陈", lid, "in_service", ",\"phone\":\"13700002222\"", l, sizeof(l));
    for (int i = 0; i < 3; i++) {
        char id[19], name[32];
        idno_make(id, "440104", "19350505", (unsigned)(93 + 2 * i));
        snprintf(name, sizeof(name), "结对老人%d", i);
        member_create(tok_yx, name, id, "retired", "", ids[i], sizeof(ids[i]));
    }
    snprintf(body, sizeof(body), "{\"liaison_id\":\"%s\"}", l);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "/v1/members/%s/liaison", ids[i]);
        long st = req("PUT", path, tok_yx, "application/json", body, NULL, &r);
        assert_int_equal(st, i < 2 ? 200 : 409);
        if (i == 2) {
            assert_non_null(strstr(r.body, "cap 2"));
        }
        http_free(&r);
    }
    /* a liaison is in service, and pairs with retirees only */
    snprintf(path, sizeof(path), "/v1/members/%s/liaison", l);
    expect(422, "PUT", path, tok_yx, body);
    snprintf(path, sizeof(path), "/v1/members/%s/liaison", ids[0]);
    snprintf(body, sizeof(body), "{\"liaison_id\":\"%s\"}", ids[1]);
    assert_int_equal(req("PUT", path, tok_yx, "application/json", body, NULL, &r), 422);
    assert_true(names_field(&r, "liaison_id"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/members/unpaired?limit=100", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "结对老人2"));
    assert_null(strstr(r.body, "结对老人0"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%s/service-card?reveal=true", ids[0]);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "13700002222"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%s/liaison", ids[0]);
    expect(204, "DELETE", path, tok_yx, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s/liaison", ids[2]);
    snprintf(body, sizeof(body), "{\"liaison_id\":\"%s\"}", l);
    expect(200, "PUT", path, tok_yx, body);
}

/* The member's JSON member name: a string, "null" for null, "true"/"false", or a number. */
static void member_value(const char *token, const char *path, const char *name, char *out, size_t n)
{
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(j, name);
    assert_non_null(it);
    if (cJSON_IsString(it)) {
        snprintf(out, n, "%s", it->valuestring);
    } else if (cJSON_IsNumber(it)) {
        snprintf(out, n, "%d", it->valueint);
    } else {
        snprintf(out, n, "%s", cJSON_IsNull(it) ? "null" : cJSON_IsTrue(it) ? "true" : "false");
    }
    cJSON_Delete(j);
}

/* Asserts member path's name is want. */
#define assert_member(path, name, want)                                                                      \
    do {                                                                                                     \
        char got_[256];                                                                                      \
        member_value(tok_yx, (path), (name), got_, sizeof(got_));                                            \
        assert_string_equal(got_, (want));                                                                   \
    } while (0)

/* RULES.md, Party standing (党章 art. 7): standing counts from 转正; an old record gets
 * joined_on + 1 year, flagged; probationary members and those under 留党察看 have no vote. */
static void party_standing_from_full_membership(void **s)
{
    (void)s;
    struct http_res r;
    char id[19], mid[24], path[64], ifm[64], body[512], today[11], years[16];
    test_today(today);
    idno_make(id, "440104", "19450505", 61);
    member_create(tok_yx, "党龄测试", id, "retired", ",\"joined_on\":\"1970-03-01\"", mid, sizeof(mid));
    snprintf(path, sizeof(path), "/v1/members/%s", mid);
    assert_member(path, "full_member_on", "1971-03-01");
    assert_member(path, "full_member_estimated", "true");
    assert_member(path, "probationary", "false");
    assert_member(path, "may_vote", "true");
    /* whole years from 转正, not from admission */
    snprintf(years, sizeof(years), "%d", atoi(today) - 1971 - (strcmp(today + 5, "03-01") < 0));
    assert_member(path, "party_standing_years", years);
    const char *h[] = {ifm, NULL};
    /* an estimate follows joined_on */
    if_match(path, tok_yx, ifm, sizeof(ifm));
    expect_with(200, "PATCH", path, tok_yx, "{\"joined_on\":\"1970-05-01\"}", h);
    assert_member(path, "full_member_on", "1971-05-01");
    /* a recorded date clears the flag and stays when joined_on changes */
    if_match(path, tok_yx, ifm, sizeof(ifm));
    expect_with(200, "PATCH", path, tok_yx, "{\"full_member_on\":\"1971-09-01\"}", h);
    assert_member(path, "full_member_estimated", "false");
    if_match(path, tok_yx, ifm, sizeof(ifm));
    expect_with(200, "PATCH", path, tok_yx, "{\"joined_on\":\"1970-06-01\"}", h);
    assert_member(path, "full_member_on", "1971-09-01");
    snprintf(years, sizeof(years), "%d", atoi(today) - 1971 - (strcmp(today + 5, "09-01") < 0));
    assert_member(path, "party_standing_years", years);
    /* null goes back to the estimate, flagged */
    if_match(path, tok_yx, ifm, sizeof(ifm));
    expect_with(200, "PATCH", path, tok_yx, "{\"full_member_on\":null}", h);
    assert_member(path, "full_member_on", "1971-06-01");
    assert_member(path, "full_member_estimated", "true");
    /* validation names the field */
    if_match(path, tok_yx, ifm, sizeof(ifm));
    const struct {
        const char *body, *field;
    } bad[] = {
        {"{\"full_member_on\":\"1970-05-31\"}", "full_member_on"}, /* before admission */
        {"{\"full_member_on\":\"1973-06-02\"}", "full_member_on"}, /* over three years on */
        {"{\"full_member_on\":\"1971-02-30\"}", "full_member_on"},
        {"{\"party_probation_until\":\"1960-01-01\"}", "party_probation_until"},
        {"{\"party_probation_until\":\"2999-01-01\"}", "party_probation_until"},
        {"{\"medal_ineligible_reason\":\"\"}", "medal_ineligible_reason"},
        {"{\"full_member_estimated\":false}", "full_member_estimated"}, /* read-only */
        {"{\"party_standing_years\":60}", "party_standing_years"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(req("PATCH", path, tok_yx, "application/json", bad[i].body, h, &r), 422);
        if (!names_field(&r, bad[i].field)) {
            fprintf(stderr, "%s: %s\n", bad[i].body, r.body);
        }
        assert_true(names_field(&r, bad[i].field));
        http_free(&r);
    }
    char longer[700] = "{\"medal_ineligible_reason\":\"";
    for (int i = 0; i < 201; i++) {
        strcat(longer, "x");
    }
    strcat(longer, "\"}");
    assert_int_equal(req("PATCH", path, tok_yx, "application/json", longer, h, &r), 422);
    assert_true(names_field(&r, "medal_ineligible_reason"));
    http_free(&r);
    /* the cached read sees the write: 留党察看 up to today (its last day) takes the vote */
    expect(200, "GET", path, tok_yx, NULL); /* cached */
    snprintf(body, sizeof(body), "{\"party_probation_until\":\"%s\",\"medal_ineligible_reason\":\"受到留党察看处分\"}",
             today);
    expect_with(200, "PATCH", path, tok_yx, body, h);
    assert_member(path, "under_probation", "true");
    assert_member(path, "may_vote", "false");
    assert_member(path, "medal_ineligible_reason", "受到留党察看处分");
    /* and the cached list too */
    snprintf(body, sizeof(body), "/v1/members?name=%s", "%E5%85%9A%E9%BE%84%E6%B5%8B%E8%AF%95");
    assert_int_equal(jreq("GET", body, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"under_probation\":true"));
    http_free(&r);
    if_match(path, tok_yx, ifm, sizeof(ifm));
    expect_with(200, "PATCH", path, tok_yx, "{\"party_probation_until\":null}", h);
    assert_int_equal(jreq("GET", body, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"under_probation\":false"));
    http_free(&r);
    /* another office sees nothing and changes nothing */
    expect(404, "GET", path, tok_mh, NULL);
    expect_with(404, "PATCH", path, tok_mh, "{\"full_member_on\":\"1971-03-01\"}", h);

    /* admitted today: probationary until the estimate a year on, no vote, no standing yet */
    char id2[19], mid2[24];
    idno_make(id2, "440104", "19800808", 63);
    snprintf(body, sizeof(body), ",\"joined_on\":\"%s\"", today);
    member_create(tok_yx, "预备党员", id2, "in_service", body, mid2, sizeof(mid2));
    snprintf(path, sizeof(path), "/v1/members/%s", mid2);
    assert_member(path, "probationary", "true");
    assert_member(path, "may_vote", "false");
    assert_member(path, "party_standing_years", "null");
    assert_member(path, "full_member_estimated", "true");
    /* a 转正 date given on create is a record */
    char id3[19], mid3[24];
    idno_make(id3, "440104", "19460606", 65);
    member_create(tok_yx, "已转正", id3, "retired",
                  ",\"joined_on\":\"1972-01-10\",\"full_member_on\":\"1973-04-10\"", mid3, sizeof(mid3));
    snprintf(path, sizeof(path), "/v1/members/%s", mid3);
    assert_member(path, "full_member_on", "1973-04-10");
    assert_member(path, "full_member_estimated", "false");
}

/* Old files (without the standing columns) still import, estimated; the new columns are
 * read, and an estimate marked as such is estimated again. */
static void import_standing_columns(void **s)
{
    (void)s;
    struct http_res r;
    char a[19], b[19], c[19], csv[2048], body[64], v[64];
    idno_make(a, "440104", "19360606", 111);
    idno_make(b, "440104", "19370707", 113);
    idno_make(c, "440104", "19380808", 115);
    snprintf(csv, sizeof(csv), "name,id_number,category,joined_on\r\n旧表甲,%s,retired,1960-07-01\r\n", a);
    assert_int_equal(req("POST", "/v1/members/import", tok_yx, "text/csv", csv, NULL, &r), 200);
    http_free(&r);
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", a);
    assert_int_equal(jreq("POST", "/v1/members/lookup", tok_yx, body, &r), 200);
    assert_true(json_member(r.body, "full_member_on", v, sizeof(v)));
    assert_string_equal(v, "1961-07-01");
    assert_non_null(strstr(r.body, "\"full_member_estimated\":true"));
    http_free(&r);
    snprintf(csv, sizeof(csv),
             "name,id_number,category,joined_on,full_member_on,full_member_estimated,party_probation_until,"
             "medal_ineligible_reason\r\n"
             "新表乙,%s,retired,1960-07-01,1961-12-01,false,,本人表示不参加评选\r\n"
             "新表丙,%s,retired,1960-07-01,1961-07-01,true,,\r\n"
             "新表丁,%s,retired,1960-07-01,1959-01-01,maybe,,\r\n",
             b, c, a);
    assert_int_equal(req("POST", "/v1/members/import", tok_yx, "text/csv", csv, NULL, &r), 422);
    assert_non_null(strstr(r.body, "\"field\":\"full_member_on\""));
    assert_non_null(strstr(r.body, "\"field\":\"full_member_estimated\""));
    http_free(&r);
    assert_int_equal(req("POST", "/v1/members/import?partial=true", tok_yx, "text/csv", csv, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"created\":2"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", b);
    assert_int_equal(jreq("POST", "/v1/members/lookup", tok_yx, body, &r), 200);
    assert_non_null(strstr(r.body, "\"full_member_on\":\"1961-12-01\",\"full_member_estimated\":false"));
    assert_non_null(strstr(r.body, "本人表示不参加评选"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", c);
    assert_int_equal(jreq("POST", "/v1/members/lookup", tok_yx, body, &r), 200);
    assert_non_null(strstr(r.body, "\"full_member_on\":\"1961-07-01\",\"full_member_estimated\":true"));
    http_free(&r);
    /* the export carries the columns */
    assert_int_equal(jreq("GET", "/v1/members/export", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, ",notes,full_member_on,full_member_estimated,party_probation_until,"
                                   "medal_ineligible_reason,treatment_level,former_position,"
                                   "managed_with_unit,managed_with_branch\r\n"));
    assert_non_null(strstr(r.body, "1961-12-01,false,,本人表示不参加评选,,,,\r\n"));
    http_free(&r);
}

static long import_csv(const char *token, const char *query, const char *csv, struct http_res *r)
{
    char path[128];
    snprintf(path, sizeof(path), "/v1/members/import%s", query);
    return req("POST", path, token, "text/csv", csv, NULL, r);
}

static void import_all_or_nothing_and_idempotent(void **s)
{
    (void)s;
    struct http_res r;
    char a[19], b[19], csv[2048], body[64];
    idno_make(a, "440104", "19330303", 101);
    idno_make(b, "440104", "19340404", 103);
    snprintf(csv, sizeof(csv),
             "\xEF\xBB\xBFname,id_number,category,phone,health,notes\r\n"
             "导入甲,%s,retired,13911112222,frail,\"备注, 带逗号\"\r\n"
             "导入乙,%s,lixiu,,able,\r\n"
             "导入丙,110101190001011234,retired,,,\r\n",
             a, b);
    assert_int_equal(import_csv(tok_yx, "", csv, &r), 422);
    assert_non_null(strstr(r.body, "\"invalid\":1"));
    assert_non_null(strstr(r.body, "\"line\":4"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", a);
    expect(404, "POST", "/v1/members/lookup", tok_yx, body); /* nothing imported */
    assert_int_equal(import_csv(tok_yx, "?partial=true", csv, &r), 200);
    assert_non_null(strstr(r.body, "\"created\":2"));
    http_free(&r);
    assert_int_equal(import_csv(tok_yx, "?partial=true", csv, &r), 200);
    assert_non_null(strstr(r.body, "\"created\":0"));
    assert_non_null(strstr(r.body, "\"existing\":2"));
    http_free(&r);
    assert_int_equal(jreq("POST", "/v1/members/lookup?reveal=true", tok_yx, body, &r), 200);
    assert_non_null(strstr(r.body, "备注, 带逗号"));
    assert_non_null(strstr(r.body, "13911112222"));
    http_free(&r);
    /* malformed files */
    assert_int_equal(import_csv(tok_yx, "", "salary,name\r\n1,x\r\n", &r), 400);
    assert_problem(&r, 400);
    http_free(&r);
    assert_int_equal(import_csv(tok_yx, "", "name,id_number,category\r\n\"unterminated,x,y\r\n", &r), 422);
    http_free(&r);
    expect(415, "POST", "/v1/members/import", tok_yx, "{}");
    assert_int_equal(import_csv(tok_yx, "", "name,id_number,category\r\n\xff\xfe,1,2\r\n", &r), 422); /* neither UTF-8 nor GB18030 */
    http_free(&r);
}

/* Body of a CSV response without its header line. */
static const char *csv_rows(const char *body)
{
    const char *p = strstr(body, "\r\n");
    return p ? p + 2 : body;
}

static void csv_round_trip(void **s)
{
    (void)s;
    struct http_res r, r2;
    char bid[24];
    /* the target office has the same branch names, and no members */
    assert_int_equal(jreq("GET", "/v1/branches?limit=100&state=all", tok_yx, NULL, &r), 200);
    cJSON *j = body_json(&r);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        char body[256];
        snprintf(body, sizeof(body), "{\"name\":\"%s\",\"level\":\"branch\",\"nature\":\"%s\",\"host_type\":\"work_unit\"}",
                 cJSON_GetObjectItemCaseSensitive(it, "name")->valuestring,
                 cJSON_GetObjectItemCaseSensitive(it, "nature")->valuestring);
        post_created("/v1/branches", tok_gz, body, bid, sizeof(bid));
    }
    cJSON_Delete(j);
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/members/export?reveal=true&status=all", tok_yx, NULL, &r), 200);
    char ct[64];
    assert_true(http_header(&r, "Content-Type", ct, sizeof(ct)));
    assert_non_null(strstr(ct, "text/csv"));
    assert_true(strlen(csv_rows(r.body)) > 100);
    assert_int_equal(import_csv(tok_gz, "", r.body, &r2), 200);
    assert_non_null(strstr(r2.body, "\"invalid\":0"));
    http_free(&r2);
    assert_int_equal(jreq("GET", "/v1/members/export?reveal=true&status=all", tok_gz, NULL, &r2), 200);
    assert_string_equal(csv_rows(r2.body), csv_rows(r.body));
    http_free(&r2);
    /* the masked export holds no full number */
    assert_int_equal(jreq("GET", "/v1/members/export", tok_yx, NULL, &r2), 200);
    assert_non_null(strstr(r2.body, "********"));
    assert_null(strstr(r2.body, "13812345678"));
    http_free(&r2);
    http_free(&r);
}

static void integrations_need_a_granted_scope(void **s)
{
    (void)s;
    char tok[2048];
    client_token(tok_yx, "卫健局 offices:read", "offices:read", tok, sizeof(tok), NULL, 0);
    expect(403, "GET", "/v1/members", tok, NULL);
    expect(403, "GET", "/v1/branches", tok, NULL);
    client_token(tok_yx, "卫健局 members:read branches:read", "members:read branches:read", tok, sizeof(tok),
                 NULL, 0);
    /* members:read without pii:read reaches no records of named people (test_pii_views) */
    expect(403, "GET", "/v1/members?limit=5", tok, NULL);
    expect(200, "GET", "/v1/branches?limit=5", tok, NULL);
    expect(403, "GET", "/v1/members/export?reveal=true", tok, NULL);
    expect(403, "POST", "/v1/members", tok, "{}");
    /* nor personal data without pii:read (tests/api/test_pii_views.c grants it) */
    expect(403, "GET", "/v1/members/export", tok, NULL);
}

static void coverage_counts(void **s)
{
    (void)s;
    struct http_res r;
    char v[32];
    assert_int_equal(jreq("GET", "/v1/branches/coverage?months=6", tok_jh, NULL, &r), 200);
    assert_true(json_member(r.body, "without_primary_branch", v, sizeof(v)));
    /* the seed leaves 30 members without a branch here, 18 of them 混编 (managed with an
     * in-service unit's branch: counted on their own line, h2) */
    assert_int_equal(atoi(v), 12);
    assert_non_null(strstr(r.body, "\"managed_with_unit\":18"));
    assert_true(json_member(r.body, "active_members", v, sizeof(v)));
    assert_int_equal(atoi(v), 2500);
    assert_true(json_member(r.body, "without_org_life", v, sizeof(v)));
    int idle6 = atoi(v);
    /* the demo year of org life reaches the members with a branch; the 30 without one
     * never attended anything */
    assert_true(idle6 >= 30 && idle6 < 2500);
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/branches/coverage?months=12", tok_jh, NULL, &r), 200);
    assert_true(json_member(r.body, "without_org_life", v, sizeof(v)));
    int idle12 = atoi(v);
    http_free(&r);
    /* attendance of members who never attended (present 2 months ago for three; 8 months
     * ago, outside a 6-month window, for two others), counted from the tests' clock */
    char today[11];
    test_today(today);
    struct db *db = test_db();
    static const char never[] = "INSERT INTO org_life_attendance (office_code, member_id, branch_id, "
                                "held_on, status) SELECT m.office_code, m.id, "
                                "(SELECT MIN(id) FROM branches WHERE office_code = '532801'), CAST('%s' AS "
                                "DATE) - INTERVAL %d MONTH, 'present' "
                                "FROM members "
                                "m WHERE m.office_code = '532801' AND m.status = 'active' AND NOT EXISTS "
                                "(SELECT 1 FROM org_life_attendance a "
                                "WHERE a.member_id = m.id) ORDER BY m.id %s LIMIT %d";
    char sql[sizeof(never) + 32];
    snprintf(sql, sizeof(sql), never, today, 2, "ASC", 3);
    assert_int_equal(db_exec(db, sql, NULL, 0, NULL, NULL, NULL), YH_OK);
    snprintf(sql, sizeof(sql), never, today, 8, "DESC", 2);
    assert_int_equal(db_exec(db, sql, NULL, 0, NULL, NULL, NULL), YH_OK);
    db_close(db);
    assert_int_equal(jreq("GET", "/v1/branches/coverage?months=6", tok_jh, NULL, &r), 200);
    assert_true(json_member(r.body, "without_org_life", v, sizeof(v)));
    assert_int_equal(atoi(v), idle6 - 3);
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/branches/coverage?months=12", tok_jh, NULL, &r), 200);
    assert_true(json_member(r.body, "without_org_life", v, sizeof(v)));
    assert_int_equal(atoi(v), idle12 - 5);
    http_free(&r);
    expect(400, "GET", "/v1/branches/coverage?months=0", tok_jh, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(member_validation),
        cmocka_unit_test(masking_reveal_audit_lookup),
        cmocka_unit_test(cross_office_404_everywhere),
        cmocka_unit_test(writes_invalidate_cached_reads),
        cmocka_unit_test(branch_rules_tree_dissolve),
        cmocka_unit_test(memberships_one_primary_many_lives),
        cmocka_unit_test(primary_unique_under_concurrency),
        cmocka_unit_test(concurrent_duplicate_creates_one),
        cmocka_unit_test(transfer_and_death_hide_from_lists),
        cmocka_unit_test(secretary_confined_to_branch),
        cmocka_unit_test(member_reads_own_record_and_card),
        cmocka_unit_test(pairing_cap_and_unpaired),
        cmocka_unit_test(party_standing_from_full_membership),
        cmocka_unit_test(import_all_or_nothing_and_idempotent),
        cmocka_unit_test(import_standing_columns),
        cmocka_unit_test(csv_round_trip),
        cmocka_unit_test(coverage_counts),
        cmocka_unit_test(integrations_need_a_granted_scope),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
