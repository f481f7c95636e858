/* Statistics through HTTP: a roll-up's totals equal the sum of its children's rows, no
 * personal data in any of them, cached figures stay exact after a county's write, and a
 * county sees only itself. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_yn[2048], tok_bn[2048], tok_jh[2048], tok_mh[2048];

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/stats-server.log");
    login("530000", "admin", "demo-530000-pass", tok_yn, sizeof(tok_yn), NULL, 0);
    login("532800", "admin", "demo-532800-pass", tok_bn, sizeof(tok_bn), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
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
    cJSON *before = overview(tok_yn);
    cJSON *again = overview(tok_yn); /* served from the cache */
    double n0 = number_at(cJSON_GetObjectItemCaseSensitive(before, "total"), "members", "active");
    assert_true(number_at(cJSON_GetObjectItemCaseSensitive(again, "total"), "members", "active") == n0);
    cJSON_Delete(before);
    cJSON_Delete(again);
    /* a member joins in 勐海 (a county two levels down) */
    char idno[19], id[24];
    idno_make(idno, "532822", "19380808", 777);
    member_create(tok_mh, "统计新人", idno, "lixiu", "", id, sizeof(id));
    cJSON *after = overview(tok_yn);
    assert_true(number_at(cJSON_GetObjectItemCaseSensitive(after, "total"), "members", "active") == n0 + 1);
    cJSON_Delete(after);
    expect(400, "GET", "/v1/stats/overview?year=20x6", tok_yn, NULL);
}

/* Rows where member_marginals (kept by triggers) and a direct count of 勐海's active
 * members disagree. */
static long marginal_mismatches(void)
{
    static const char sql[] = "SELECT COUNT(*) FROM (SELECT dim, val, SUM(n) s FROM (SELECT dim, val, n FROM "
                              "member_marginals WHERE "
                              "office_code = '532822' UNION ALL SELECT 1, CAST(category AS BINARY), "
                              "-COUNT(*) FROM members WHERE office_code = "
                              "'532822' AND status = 'active' GROUP BY category UNION ALL SELECT 2, "
                              "health_idx, -COUNT(*) FROM members WHERE "
                              "office_code = '532822' AND status = 'active' GROUP BY health_idx UNION ALL "
                              "SELECT 3, CAST(YEAR(birth_date) AS "
                              "BINARY), -COUNT(*) FROM members WHERE office_code = '532822' AND status = "
                              "'active' GROUP BY YEAR(birth_date) "
                              "UNION ALL SELECT 4, CAST(IFNULL(YEAR(joined_on), '') AS BINARY), -COUNT(*) "
                              "FROM members WHERE office_code = "
                              "'532822' AND status = 'active' GROUP BY IFNULL(YEAR(joined_on), '') UNION ALL "
                              "SELECT 5, CAST(branch_id IS NOT "
                              "NULL AS BINARY), -COUNT(*) FROM members WHERE office_code = '532822' AND "
                              "status = 'active' GROUP BY branch_id IS "
                              "NOT NULL) u GROUP BY dim, val HAVING s <> 0) d";
    struct db_rows rows;
    struct db *db = test_db();
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
    char id[24], path[64], idno[19];
    assert_int_equal(marginal_mismatches(), 0);
    double n0 = county_active();
    idno_make(idno, "532822", "19360229", 778);
    member_create(tok_mh, "边界测试", idno, "retired", ",\"joined_on\":\"1956-07-01\",\"health\":\"frail\"",
                  id, sizeof(id));
    assert_int_equal(marginal_mismatches(), 0);
    assert_true(county_active() == n0 + 1);
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    expect_with(200, "PATCH", path, tok_mh,
                "{\"category\":\"lixiu\",\"health\":\"hospitalised\",\"joined_on\":\"1955-03-01\"}",
                (const char *const[]){"If-Match: \"1\"", NULL});
    assert_int_equal(marginal_mismatches(), 0);
    snprintf(path, sizeof(path), "/v1/members/%s/deceased", id);
    expect_with(200, "POST", path, tok_mh, "{\"died_on\":\"2026-01-02\"}",
                (const char *const[]){"If-Match: \"2\"", NULL});
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
    return cmocka_run_group_tests(tests, setup, api_stop);
}
