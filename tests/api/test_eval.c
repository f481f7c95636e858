/* The demonstration-branch evaluation through HTTP: scoring sheets (weights add up to
 * 100, codes unique), scores against the sheet (every criterion once, within its
 * maximum, the weighted total), one candidacy per branch and year, and the three-level
 * flow 越秀 (county) → 广州 (prefecture) → 广东 (province): who sees it when, who decides,
 * the branch's demonstration status and the prefecture's statistics following the
 * namings, and other offices' 404s. Offices 440104, 440100 and 440000 are written here. */
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char tok_yx[2048], tok_gz[2048], tok_gd[2048], tok_jh[2048], tok_bn[2048], tok_yn[2048];
static char branch[24], sheet[24], eval_id[24];

/* This year on the tests' clock: the demo round and the candidacies here belong to it. */
static char yr[5], ybuf[128];

/* path with %s replaced by yr (one shared buffer: use it at once). */
#define Y(path) (snprintf(ybuf, sizeof(ybuf), path, yr), ybuf)

static int setup(void **s)
{
    (void)s;
    char today[11];
    test_today(today);
    snprintf(yr, sizeof(yr), "%.4s", today);
    api_start(NULL, "build/test-logs/eval-server.log");
    login("440104", "admin", "demo-440104-pass", tok_yx, sizeof(tok_yx), NULL, 0);
    login("440100", "admin", "demo-440100-pass", tok_gz, sizeof(tok_gz), NULL, 0);
    login("440000", "admin", "demo-440000-pass", tok_gd, sizeof(tok_gd), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532800", "admin", "demo-532800-pass", tok_bn, sizeof(tok_bn), NULL, 0);
    login("530000", "admin", "demo-530000-pass", tok_yn, sizeof(tok_yn), NULL, 0);
    return 0;
}

static void expect_422(const char *token, const char *path, const char *body, const char *field)
{
    struct http_res r;
    long st = jreq("POST", path, token, body, &r);
    if (st != 422 || !strstr(r.body, field)) {
        fail_msg("POST %s %s: %ld %s (expected 422 naming %s)", path, body, st, r.body, field);
    }
    assert_problem(&r, 422);
    http_free(&r);
}

static const char *str_at(const cJSON *o, const char *name)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* Whether the page j lists the evaluation id. */
static bool lists(const cJSON *j, const char *id)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(it, "id");
        if (cJSON_IsString(x) && strcmp(x->valuestring, id) == 0) {
            return true;
        }
    }
    return false;
}

static double num_at(const cJSON *o, const char *name)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
    assert_true(cJSON_IsNumber(x));
    return x->valuedouble;
}

static void sheets_hold_their_rules(void **s)
{
    (void)s;
    struct http_res r;
    const char *p = "/v1/evaluation-sheets";
    expect_422(tok_yx, p,
               "{\"name\":\"缺权重\",\"criteria\":[{\"code\":\"a\",\"name\":\"班子\",\"weight\":60,\"max_"
               "score\":10},"
               "{\"code\":\"b\",\"name\":\"管理\",\"weight\":30,\"max_score\":10}]}",
               "add up to 100");
    expect_422(
        tok_yx, p,
        "{\"name\":\"重复\",\"criteria\":[{\"code\":\"a\",\"name\":\"班子\",\"weight\":50,\"max_score\":10},"
        "{\"code\":\"a\",\"name\":\"管理\",\"weight\":50,\"max_score\":10}]}",
        "criteria[1].code");
    expect_422(tok_yx, p, "{\"name\":\"空\",\"criteria\":[]}", "criteria");
    expect_422(tok_yx, p,
               "{\"name\":\"大写\",\"criteria\":[{\"code\":\"A "
               "B\",\"name\":\"班子\",\"weight\":100,\"max_score\":10}]}",
               "criteria[0].code");
    expect_422(tok_yx, p,
               "{\"name\":\"零分\",\"criteria\":[{\"code\":\"a\",\"name\":\"班子\",\"weight\":100,\"max_"
               "score\":0}]}",
               "criteria[0].max_score");
    expect_422(tok_yx, p,
               "{\"criteria\":[{\"code\":\"a\",\"name\":\"班子\",\"weight\":100,\"max_score\":5}]}", "name");
    expect_422(tok_yx, p, "{\"name\":\"x\",\"extra\":1,\"criteria\":[]}", "extra");

    /* three of the Yunnan sheet's six, with different maximum scores */
    assert_int_equal(jreq("POST", p, tok_yx,
                          "{\"name\":\"示范党支部评分表 2026 ✨\",\"criteria\":["
                          "{\"code\":\"leadership\",\"name\":\"班子建设\",\"weight\":30,\"max_score\":10},"
                          "{\"code\":\"org_life\",\"name\":\"组织生活\",\"weight\":30,\"max_score\":100},"
                          "{\"code\":\"role\",\"name\":\"作用发挥\",\"weight\":40,\"max_score\":50}]}",
                          &r),
                     201);
    assert_true(json_member(r.body, "id", sheet, sizeof(sheet)));
    http_free(&r);
    char path[96];
    snprintf(path, sizeof(path), "/v1/evaluation-sheets/%s", sheet);
    cJSON *j = expect_json(200, "GET", path, tok_yx, NULL);
    const cJSON *crit = cJSON_GetObjectItemCaseSensitive(j, "criteria");
    assert_int_equal(cJSON_GetArraySize(crit), 3);
    assert_string_equal(str_at(cJSON_GetArrayItem(crit, 1), "name"), "组织生活");
    assert_string_equal(str_at(j, "name"), "示范党支部评分表 2026 ✨");
    cJSON_Delete(j);
    cJSON_Delete(expect_json(404, "GET", path, tok_jh, NULL)); /* another office's sheet */
    cJSON_Delete(
        expect_json(404, "GET", path, tok_gz, NULL)); /* even the parent's: sheets are the office's own */
    j = expect_json(200, "GET", p, tok_yx, NULL);     /* the list carries each sheet's criteria */
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")) >= 1);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_string_equal(str_at(first, "id"), sheet);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(first, "criteria")), 3);
    assert_string_equal(
        str_at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(first, "criteria"), 2), "code"), "role");
    cJSON_Delete(j);
}

static void scores_follow_the_sheet(void **s)
{
    (void)s;
    struct http_res r;
    char body[1024], path[96], other_branch[24];
    branch_create(tok_yx, "越秀示范创建支部", "regular", "community", branch, sizeof(branch));
    branch_create(tok_jh, "景洪评比对照支部", "regular", "community", other_branch, sizeof(other_branch));

    const char *p = "/v1/evaluations";
#define EVAL(b, sc) "{\"branch_id\":\"%s\",\"year\":%s,\"sheet_id\":\"%s\",\"scores\":[" sc "]}", b, yr, sheet
    snprintf(body, sizeof(body), EVAL(branch, "{\"criterion\":\"leadership\",\"score\":8}"));
    expect_422(tok_yx, p, body, "scores");
    snprintf(body, sizeof(body),
             EVAL(branch,
                  "{\"criterion\":\"leadership\",\"score\":11},{\"criterion\":\"org_life\",\"score\":90},"
                  "{\"criterion\":\"role\",\"score\":25}"));
    expect_422(tok_yx, p, body, "scores[0].score");
    snprintf(body, sizeof(body),
             EVAL(branch,
                  "{\"criterion\":\"leadership\",\"score\":8},{\"criterion\":\"org_life\",\"score\":90.25},"
                  "{\"criterion\":\"role\",\"score\":25}"));
    expect_422(tok_yx, p, body, "scores[1].score");
    snprintf(body, sizeof(body),
             EVAL(branch,
                  "{\"criterion\":\"leadership\",\"score\":8},{\"criterion\":\"leadership\",\"score\":9},"
                  "{\"criterion\":\"role\",\"score\":25}"));
    expect_422(tok_yx, p, body, "scores[1].criterion");
    snprintf(body, sizeof(body),
             EVAL(branch,
                  "{\"criterion\":\"leadership\",\"score\":8},{\"criterion\":\"support\",\"score\":9},"
                  "{\"criterion\":\"role\",\"score\":25}"));
    expect_422(tok_yx, p, body, "scores[1].criterion");
    /* another office's branch, and a sheet another office cannot use */
    snprintf(body, sizeof(body),
             EVAL(other_branch,
                  "{\"criterion\":\"leadership\",\"score\":8},{\"criterion\":\"org_life\",\"score\":90},"
                  "{\"criterion\":\"role\",\"score\":25.5}"));
    expect_422(tok_yx, p, body, "branch_id");
    expect_422(tok_jh, p, body, "sheet_id");

    /* 30 × 8/10 + 30 × 90/100 + 40 × 25.5/50 = 24 + 27 + 20.4 = 71.4 */
    snprintf(
        body, sizeof(body),
        EVAL(branch,
             "{\"criterion\":\"leadership\",\"score\":8,\"note\":\"班子齐全\"},{\"criterion\":\"org_life\","
             "\"score\":90},{\"criterion\":\"role\",\"score\":25.5}"));
    assert_int_equal(jreq("POST", p, tok_yx, body, &r), 201);
    assert_true(json_member(r.body, "id", eval_id, sizeof(eval_id)));
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    assert_true(fabs(num_at(j, "total") - 71.4) < 1e-9);
    assert_string_equal(str_at(j, "stage"), "county");
    assert_string_equal(str_at(j, "state"), "pending");
    cJSON_Delete(j);
    /* one candidacy per branch and year */
    assert_int_equal(jreq("POST", p, tok_yx, body, &r), 409);
    assert_problem(&r, 409);
    http_free(&r);

    /* rescoring with If-Match; a stale version is refused */
    snprintf(path, sizeof(path), "%s/%s", p, eval_id);
    const char *rescore =
        "{\"scores\":[{\"criterion\":\"leadership\",\"score\":10},{\"criterion\":\"org_life\",\"score\":100},"
        "{\"criterion\":\"role\",\"score\":40}],\"comment\":\"复核后调整\"}";
    assert_int_equal(req("PATCH", path, tok_yx, "application/json", rescore,
                         (const char *const[]){"If-Match: \"1\"", NULL}, &r),
                     200);
    j = cJSON_Parse(r.body);
    http_free(&r);
    assert_true(fabs(num_at(j, "total") - 92.0) < 1e-9); /* 30 + 30 + 32 */
    assert_true(num_at(j, "version") == 2);
    cJSON_Delete(j);
    expect_with(412, "PATCH", path, tok_yx, rescore, (const char *const[]){"If-Match: \"1\"", NULL});

    /* nobody else sees a county-stage candidacy: other counties, its own prefecture and
     * province (not nominated yet), another province */
    cJSON_Delete(expect_json(404, "GET", path, tok_jh, NULL));
    cJSON_Delete(expect_json(404, "GET", path, tok_gz, NULL));
    cJSON_Delete(expect_json(404, "GET", path, tok_gd, NULL));
    cJSON_Delete(expect_json(404, "GET", path, tok_yn, NULL));
    j = expect_json(200, "GET", Y("/v1/evaluations?year=%s"), tok_gz, NULL);
    assert_false(lists(j, eval_id));
    cJSON_Delete(j);
}

static long decide(const char *token, const char *action, const char *reason, int version, struct http_res *r)
{
    char path[96], body[256], im[32];
    snprintf(path, sizeof(path), "/v1/evaluations/%s/decisions", eval_id);
    snprintf(im, sizeof(im), "If-Match: \"%d\"", version);
    if (reason) {
        snprintf(body, sizeof(body), "{\"action\":\"%s\",\"reason\":\"%s\"}", action, reason);
    } else {
        snprintf(body, sizeof(body), "{\"action\":\"%s\"}", action);
    }
    return req("POST", path, token, "application/json", body, (const char *const[]){im, NULL}, r);
}

static void expect_decide(const char *token, const char *action, const char *reason, int version, long status)
{
    struct http_res r;
    long st = decide(token, action, reason, version, &r);
    if (st != status) {
        fail_msg("%s (v%d): %ld %s (expected %ld)", action, version, st, r.body, status);
    }
    http_free(&r);
}

static const char *branch_demo_level(const char *token, char *out, size_t n)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/branches/%s", branch);
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "demonstration");
    snprintf(out, n, "%s", cJSON_IsObject(d) ? str_at(d, "level") : "none");
    if (cJSON_IsObject(d)) {
        assert_true(num_at(d, "year") == atoi(yr));
    }
    cJSON_Delete(j);
    return out;
}

static double demo_count(const char *token, const char *level)
{
    cJSON *j = expect_json(200, "GET", "/v1/stats/overview", token, NULL);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "total");
    if (!t) {
        t = cJSON_GetObjectItemCaseSensitive(j, "figures");
    }
    double n = num_at(cJSON_GetObjectItemCaseSensitive(t, "demonstration_branches"), level);
    cJSON_Delete(j);
    return n;
}

static void three_level_flow(void **s)
{
    (void)s;
    char lvl[16], path[96];
    snprintf(path, sizeof(path), "/v1/evaluations/%s", eval_id);
    assert_string_equal(branch_demo_level(tok_yx, lvl, sizeof(lvl)), "none");

    expect_decide(tok_yx, "nominate", NULL, 2, 409);     /* not named at county level yet */
    expect_decide(tok_gz, "name", NULL, 2, 404);         /* the prefecture does not see it yet */
    expect_decide(tok_yx, "not_name", NULL, 2, 422);     /* a refusal needs a reason */
    expect_decide(tok_yx, "promote", NULL, 2, 422);      /* no such action */
    expect_decide(tok_yx, "name", NULL, 1, 412);         /* stale */
    double gz_before = demo_count(tok_gz, "prefecture"); /* cached from here on */
    double county_before = demo_count(tok_gz, "county");
    expect_decide(tok_yx, "name", NULL, 2, 200);
    assert_string_equal(branch_demo_level(tok_yx, lvl, sizeof(lvl)), "county");
    assert_true(demo_count(tok_gz, "county") ==
                county_before + 1); /* the prefecture's cached figures followed */

    /* scores are fixed once decided */
    expect_with(409, "PATCH", path, tok_yx, "{\"comment\":\"再改\"}",
                (const char *const[]){"If-Match: \"3\"", NULL});

    expect_decide(tok_yx, "nominate", "推荐市级", 3, 200);
    expect_decide(tok_yx, "name", NULL, 4, 409); /* now the prefecture decides */
    cJSON *j =
        expect_json(200, "GET", path, tok_gz, NULL); /* the prefecture sees the candidate, with its scores */
    assert_string_equal(str_at(j, "stage"), "prefecture");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "scores")), 3);
    cJSON_Delete(j);
    cJSON_Delete(expect_json(404, "GET", path, tok_bn, NULL)); /* another province's prefecture */
    cJSON_Delete(expect_json(404, "GET", path, tok_gd, NULL)); /* the province: not yet */
    j = expect_json(200, "GET", Y("/v1/evaluations?year=%s&stage=prefecture"), tok_gz, NULL);
    assert_true(lists(j, eval_id));
    cJSON_Delete(j);
    j = expect_json(200, "GET", Y("/v1/evaluations?year=%s"), tok_bn,
                    NULL); /* 西双版纳 sees its own counties' candidates only */
    assert_false(lists(j, eval_id));
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")) >=
                1); /* the demo's nominee */
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_int_equal(strncmp(str_at(cJSON_GetObjectItemCaseSensitive(it, "office"), "code"), "5328", 4),
                         0);
    }
    cJSON_Delete(j);

    expect_decide(tok_gz, "name", "市级示范", 4, 200);
    assert_string_equal(branch_demo_level(tok_yx, lvl, sizeof(lvl)), "prefecture");
    assert_true(demo_count(tok_gz, "prefecture") == gz_before + 1);
    expect_decide(tok_gz, "nominate", NULL, 5, 200);
    expect_decide(tok_gz, "name", NULL, 6, 409); /* the province decides now */
    expect_decide(tok_gd, "not_name", "名额已满", 6, 200);
    expect_decide(tok_gd, "nominate", NULL, 7, 409);
    /* not named at province level: the branch stays a prefecture demonstration branch */
    assert_string_equal(branch_demo_level(tok_yx, lvl, sizeof(lvl)), "prefecture");

    j = expect_json(200, "GET", path, tok_gd, NULL);
    assert_string_equal(str_at(j, "state"), "not_named");
    assert_string_equal(str_at(j, "named_level"), "prefecture");
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(j, "steps");
    const char *want[][2] = {{"scored", "440104"},   {"rescored", "440104"}, {"name", "440104"},
                             {"nominate", "440104"}, {"name", "440100"},     {"nominate", "440100"},
                             {"not_name", "440000"}};
    assert_int_equal(cJSON_GetArraySize(steps), 7);
    for (int i = 0; i < 7; i++) {
        assert_string_equal(str_at(cJSON_GetArrayItem(steps, i), "action"), want[i][0]);
        assert_string_equal(str_at(cJSON_GetArrayItem(steps, i), "office"), want[i][1]);
    }
    assert_string_equal(str_at(cJSON_GetArrayItem(steps, 6), "reason"), "名额已满");
    cJSON_Delete(j);
    cJSON_Delete(expect_json(404, "GET", path, tok_yn, NULL)); /* another province */
    cJSON_Delete(expect_json(404, "GET", path, tok_jh, NULL));
    j = expect_json(200, "GET", Y("/v1/evaluations?year=%s&state=not_named"), tok_gd, NULL);
    assert_true(lists(j, eval_id));
    cJSON_Delete(j);
    j = expect_json(200, "GET", Y("/v1/evaluations?year=%s&state=pending"), tok_gd, NULL);
    assert_false(lists(j, eval_id));
    cJSON_Delete(j);
    expect(400, "GET", "/v1/evaluations?year=26", tok_gd, NULL);
    expect(400, "GET", "/v1/evaluations?stage=nation", tok_gd, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sheets_hold_their_rules),
        cmocka_unit_test(scores_follow_the_sheet),
        cmocka_unit_test(three_level_flow),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
