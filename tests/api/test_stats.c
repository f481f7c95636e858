/* Statistics through HTTP: a roll-up's totals equal the sum of its children's rows, no
 * personal data in any of them, cached figures stay exact after a county's write, and a
 * county sees only itself. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static pid_t server;
static char tok_yn[2048], tok_bn[2048], tok_jh[2048], tok_mh[2048];

static int setup(void **s)
{
    (void)s;
    server = server_start(NULL, api_base, sizeof(api_base), "build/test-logs/stats-server.log");
    login("530000", "admin", "demo-530000-pass", tok_yn, sizeof(tok_yn), NULL, 0);
    login("532800", "admin", "demo-532800-pass", tok_bn, sizeof(tok_bn), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    server_stop(server);
    return 0;
}

static cJSON *overview(const char *token)
{
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/stats/overview", token, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    assert_non_null(j);
    /* figures only: no names, ID numbers or phones of the demo county's members */
    assert_null(strstr(r.body, "id_number"));
    assert_null(strstr(r.body, "phone"));
    assert_null(strstr(r.body, "member_id"));
    http_free(&r);
    return j;
}

/* Sums every number under a and b pairwise; fails on a mismatch of total vs children. */
static double number_at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b) {
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    }
    assert_true(cJSON_IsNumber(x));
    return x->valuedouble;
}

static void rollup_totals_are_the_sum_of_children(void **s)
{
    (void)s;
    cJSON *p = overview(tok_bn);
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(p, "total");
    const cJSON *children = cJSON_GetObjectItemCaseSensitive(p, "children");
    assert_true(cJSON_GetArraySize(children) >= 2); /* 景洪, 勐海 */
    const char *paths[][2] = {{"members", "active"}, {"coverage", "with_primary_branch"}, {"organisations", "open"},
                              {"demonstration_branches", "county"}, {"dues_collected_fen", NULL}, {"volunteer_minutes", NULL}};
    for (size_t k = 0; k < sizeof(paths) / sizeof(paths[0]); k++) {
        double sum = 0;
        const cJSON *c = NULL;
        cJSON_ArrayForEach(c, children)
        {
            sum += number_at(cJSON_GetObjectItemCaseSensitive(c, "figures"), paths[k][0], paths[k][1]);
        }
        double t = number_at(total, paths[k][0], paths[k][1]);
        if (t != sum) {
            fail_msg("%s.%s: total %.0f, children %.0f", paths[k][0], paths[k][1] ? paths[k][1] : "", t, sum);
        }
    }
    const cJSON *cat = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(total, "members"), "by_category");
    double cats = number_at(cat, "lixiu", NULL) + number_at(cat, "retired", NULL) + number_at(cat, "in_service", NULL);
    assert_true(cats == number_at(total, "members", "active"));
    cJSON_Delete(p);
    /* the province's total is the prefectures' and counties' together */
    cJSON *y = overview(tok_yn);
    cJSON *jh = overview(tok_jh), *mh = overview(tok_mh);
    double members = number_at(cJSON_GetObjectItemCaseSensitive(jh, "total"), "members", "active") +
                     number_at(cJSON_GetObjectItemCaseSensitive(mh, "total"), "members", "active");
    assert_true(number_at(cJSON_GetObjectItemCaseSensitive(y, "total"), "members", "active") >= members);
    /* a county sees itself only */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(jh, "children")), 0);
    assert_true(number_at(cJSON_GetObjectItemCaseSensitive(jh, "total"), "members", "active") == 2500);
    cJSON_Delete(y);
    cJSON_Delete(jh);
    cJSON_Delete(mh);
}

static void cached_rollups_stay_exact_after_writes(void **s)
{
    (void)s;
    struct http_res r;
    cJSON *before = overview(tok_yn);
    cJSON *again = overview(tok_yn); /* served from the cache */
    double n0 = number_at(cJSON_GetObjectItemCaseSensitive(before, "total"), "members", "active");
    assert_true(number_at(cJSON_GetObjectItemCaseSensitive(again, "total"), "members", "active") == n0);
    cJSON_Delete(before);
    cJSON_Delete(again);
    /* a member joins in 勐海 (a county two levels down) */
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    char idno[19], body[256];
    int sum = 0;
    snprintf(idno, sizeof(idno), "53282219380808%03d", 777);
    for (int i = 0; i < 17; i++) {
        sum += (idno[i] - '0') * w[i];
    }
    idno[17] = "10X98765432"[sum % 11];
    idno[18] = '\0';
    snprintf(body, sizeof(body), "{\"name\":\"统计新人\",\"id_number\":\"%s\",\"category\":\"lixiu\"}", idno);
    assert_int_equal(jreq("POST", "/v1/members", tok_mh, body, &r), 201);
    http_free(&r);
    cJSON *after = overview(tok_yn);
    assert_true(number_at(cJSON_GetObjectItemCaseSensitive(after, "total"), "members", "active") == n0 + 1);
    cJSON_Delete(after);
    assert_int_equal(jreq("GET", "/v1/stats/overview?year=20x6", tok_yn, NULL, &r), 400);
    http_free(&r);
}

/* Rows where member_marginals (kept by triggers) and a direct count of 勐海's active
 * members disagree. */
static long marginal_mismatches(void)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM (SELECT dim, val, SUM(n) s FROM (SELECT dim, val, n FROM member_marginals WHERE "
        "office_code = '532822' UNION ALL SELECT 1, CAST(category AS BINARY), -COUNT(*) FROM members WHERE office_code = "
        "'532822' AND status = 'active' GROUP BY category UNION ALL SELECT 2, health_idx, -COUNT(*) FROM members WHERE "
        "office_code = '532822' AND status = 'active' GROUP BY health_idx UNION ALL SELECT 3, CAST(YEAR(birth_date) AS "
        "BINARY), -COUNT(*) FROM members WHERE office_code = '532822' AND status = 'active' GROUP BY YEAR(birth_date) "
        "UNION ALL SELECT 4, CAST(IFNULL(YEAR(joined_on), '') AS BINARY), -COUNT(*) FROM members WHERE office_code = "
        "'532822' AND status = 'active' GROUP BY IFNULL(YEAR(joined_on), '') UNION ALL SELECT 5, CAST(branch_id IS NOT "
        "NULL AS BINARY), -COUNT(*) FROM members WHERE office_code = '532822' AND status = 'active' GROUP BY branch_id IS "
        "NOT NULL) u GROUP BY dim, val HAVING s <> 0) d";
    struct config cfg;
    struct db_rows rows;
    enum yh_err err;
    test_config(&cfg);
    struct db *db = db_open(&cfg, &err);
    assert_non_null(db);
    assert_int_equal(db_exec(db, sql, NULL, 0, &rows, NULL, NULL), YH_OK);
    long n = (long)db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    db_close(db);
    return n;
}

static double county_active(void)
{
    cJSON *j = overview(tok_mh);
    double n = number_at(cJSON_GetObjectItemCaseSensitive(j, "total"), "members", "active");
    const cJSON *ages = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "total"), "members"), "by_age");
    assert_true(number_at(ages, "under_70", NULL) + number_at(ages, "70_79", NULL) + number_at(ages, "80_89", NULL) +
                    number_at(ages, "90_plus", NULL) ==
                n);
    cJSON_Delete(j);
    return n;
}

/* Statistics read members' marginal counts, which triggers keep with every write: create,
 * change of category, health, birth date and year joined, death. Each step leaves the
 * counts equal to a direct count, and the county's figures follow. */
static void marginals_follow_member_writes(void **s)
{
    (void)s;
    struct http_res r;
    char id[24], path[64], body[256], idno[19];
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    assert_int_equal(marginal_mismatches(), 0);
    double n0 = county_active();
    snprintf(idno, sizeof(idno), "53282219360229%03d", 778);
    for (int i = 0; i < 17; i++) {
        sum += (idno[i] - '0') * w[i];
    }
    idno[17] = "10X98765432"[sum % 11];
    idno[18] = '\0';
    snprintf(body, sizeof(body),
             "{\"name\":\"边界测试\",\"id_number\":\"%s\",\"category\":\"retired\",\"joined_on\":\"1956-07-01\","
             "\"health\":\"frail\"}",
             idno);
    assert_int_equal(jreq("POST", "/v1/members", tok_mh, body, &r), 201);
    assert_true(json_member(r.body, "id", id, sizeof(id)));
    http_free(&r);
    assert_int_equal(marginal_mismatches(), 0);
    assert_true(county_active() == n0 + 1);
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    assert_int_equal(req("PATCH", path, tok_mh, "application/json",
                         "{\"category\":\"lixiu\",\"health\":\"hospitalised\",\"joined_on\":\"1955-03-01\"}",
                         (const char *const[]){"If-Match: \"1\"", NULL}, &r),
                     200);
    http_free(&r);
    assert_int_equal(marginal_mismatches(), 0);
    snprintf(path, sizeof(path), "/v1/members/%s/deceased", id);
    assert_int_equal(req("POST", path, tok_mh, "application/json", "{\"died_on\":\"2026-01-02\"}",
                         (const char *const[]){"If-Match: \"2\"", NULL}, &r),
                     200);
    http_free(&r);
    assert_int_equal(marginal_mismatches(), 0);
    assert_true(county_active() == n0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rollup_totals_are_the_sum_of_children),
        cmocka_unit_test(cached_rollups_stay_exact_after_writes),
        cmocka_unit_test(marginals_follow_member_writes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
