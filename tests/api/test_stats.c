/* Statistics through HTTP: a roll-up's totals equal the sum of its children's rows, no
 * personal data in any of them, cached figures stay exact after a county's write, and a
 * county sees only itself. The Party's statistics' rules (RULES.md, Statistics): members
 * as of 31 December of ?year= (today for the current year), the joining-date bands, the
 * 50-year medal by its rule (STANDING_SQL_MEDAL), care in 人次, participation on its own
 * line, urgent help (急事快办) filed in the year with the share within the deadline and
 * satisfaction computed from the summed counts. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"
#include "yinhui/help.h"
#include "yinhui/standing.h"

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
    const char *paths[][2] = {{"members", "active"},        {"coverage", "with_primary_branch"},
                              {"organisations", "open"},    {"demonstration_branches", "county"},
                              {"dues_collected_fen", NULL}, {"volunteer_minutes", NULL},
                              {"urgent_help", "filed"},     {"urgent_help", "rated"}};
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
    const cJSON *cat =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(total, "members"), "by_category");
    double cats =
        number_at(cat, "lixiu", NULL) + number_at(cat, "retired", NULL) + number_at(cat, "in_service", NULL);
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
 * members disagree (the medal's dimension is checked against STANDING_SQL_MEDAL itself,
 * through the figures: agrees_with_members). */
static long marginal_mismatches(void)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM (SELECT dim, val, SUM(n) s FROM (SELECT dim, val, n FROM "
        "member_marginals WHERE "
        "office_code = '532822' AND dim <> 7 UNION ALL SELECT 1, CAST(category AS BINARY), "
        "-COUNT(*) FROM members WHERE office_code = "
        "'532822' AND status = 'active' GROUP BY category UNION ALL SELECT 2, "
        "health_idx, -COUNT(*) FROM members WHERE "
        "office_code = '532822' AND status = 'active' GROUP BY health_idx UNION ALL "
        "SELECT 3, CAST(YEAR(birth_date) AS "
        "BINARY), -COUNT(*) FROM members WHERE office_code = '532822' AND status = "
        "'active' GROUP BY YEAR(birth_date) "
        "UNION ALL SELECT 4, CAST(IFNULL(YEAR(full_member_on), '') AS BINARY), -COUNT(*) "
        "FROM members WHERE office_code = "
        "'532822' AND status = 'active' GROUP BY IFNULL(YEAR(full_member_on), '') UNION ALL "
        "SELECT 6, CASE WHEN joined_on IS NULL THEN '' WHEN joined_on <= '1949-09-30' THEN "
        "'1' WHEN joined_on <= '1978-12-17' THEN '2' WHEN joined_on <= '2012-11-07' THEN '3' "
        "ELSE '4' END b, -COUNT(*) FROM members WHERE office_code = '532822' AND status = "
        "'active' GROUP BY b UNION ALL "
        "SELECT 5, CAST(IF(branch_id IS NOT NULL, 1, IF(managed_with_unit IS NOT NULL, 2, 0)) AS BINARY) a, "
        "-COUNT(*) FROM members WHERE office_code = '532822' AND status = 'active' GROUP BY a UNION ALL "
        /* h2: living elsewhere by the prefecture of residence (sql/0042) */
        "SELECT 8, IF(relocated AND residence_code IS NOT NULL, CONCAT(LEFT(residence_code, 4), '00'), '') "
        "p, "
        "-COUNT(*) FROM members WHERE office_code = '532822' AND status = 'active' GROUP BY p"
        ") u GROUP BY dim, val HAVING s <> 0) d";
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
    assert_true(number_at(ages, "under_70", NULL) + number_at(ages, "70_79", NULL) +
                    number_at(ages, "80_89", NULL) + number_at(ages, "90_plus", NULL) ==
                n);
    cJSON_Delete(j);
    return n;
}

/* Statistics read members' marginal counts, which triggers keep with every write: create,
 * change of category, health, birth date and date joined, death. Each step leaves the
 * counts equal to a direct count (years in the party from 转正, RULES.md Party standing;
 * the joining-date bands), and the county's figures follow. */
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
                "{\"category\":\"lixiu\",\"health\":\"homebound\",\"joined_on\":\"1955-03-01\"}",
                (const char *const[]){"If-Match: \"1\"", NULL});
    assert_int_equal(marginal_mismatches(), 0);
    /* hospitalised by an admission (health follows the stays) */
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", id);
    expect(201, "POST", path, tok_mh, "{\"admitted_on\":\"2026-01-01\",\"hospital\":\"勐海县人民医院\"}");
    assert_int_equal(marginal_mismatches(), 0);
    snprintf(path, sizeof(path), "/v1/members/%s/death", id);
    expect_with(201, "POST", path, tok_mh, "{\"died_on\":\"2026-01-02\",\"reported_by\":\"子女\"}",
                (const char *const[]){"If-Match: \"3\"", NULL});
    assert_int_equal(marginal_mismatches(), 0);
    assert_true(county_active() == n0);
}

/* The figures of token's office for year (0: no ?year=). */
static cJSON *overview_of(const char *token, int year)
{
    char path[64];
    snprintf(path, sizeof(path), year ? "/v1/stats/overview?year=%d" : "/v1/stats/overview", year);
    return expect_json(200, "GET", path, token, NULL);
}

/* members.<key> (or members.<key>.<sub>) of the total of j. */
static double members_at(const cJSON *j, const char *key, const char *sub)
{
    const cJSON *m =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "total"), "members");
    return number_at(sub ? cJSON_GetObjectItemCaseSensitive(m, key) : m, sub ? sub : key, NULL);
}

static int current_year(void)
{
    cJSON *j = overview_of(tok_mh, 0);
    int y = cJSON_GetObjectItemCaseSensitive(j, "year")->valueint;
    char today[11];
    test_today(today);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "as_of")->valuestring, today);
    cJSON_Delete(j);
    return y;
}

/* 勐海's members counted on as_of straight from members by the rule (joined and, when
 * transferred in, entered by then, not died or left by then), and of them the 50-year medal's (STANDING_SQL_MEDAL, 1 July
 * of year). */
static void direct_count(int year, const char *as_of, long *members, long *medal)
{
    static const char sql[] = "SELECT COUNT(*), IFNULL(SUM(" STANDING_SQL_MEDAL(
        "m") "), 0) FROM members m WHERE m.office_code = '532822' AND (m.joined_on IS NULL OR m.joined_on <= "
             "?) "
             "AND (m.status = 'active' OR m.status_on > ?) "
             /* h1: a record transferred in counts from its entry (sql/0041) */
             "AND (m.entered_on IS NULL OR m.entered_on <= ?)";
    char cutoff[11];
    struct db_rows rows;
    standing_medal_cutoff(year, cutoff);
    struct db_param p[] = {P_STR(cutoff), P_STR(as_of), P_STR(as_of), P_STR(as_of)};
    struct db *db = test_db();
    assert_int_equal(db_exec(db, sql, p, 4, &rows, NULL, NULL), YH_OK);
    *members = (long)db_i64(&rows, 0, 0);
    *medal = (long)db_i64(&rows, 0, 1);
    db_rows_free(&rows);
    db_close(db);
}

/* The figures of 勐海 for year agree with the direct count. */
static void agrees_with_members(int year)
{
    long members, medal;
    cJSON *j = overview_of(tok_mh, year);
    direct_count(year, cJSON_GetObjectItemCaseSensitive(j, "as_of")->valuestring, &members, &medal);
    if (members_at(j, "active", NULL) != members || members_at(j, "fifty_years_medal", NULL) != medal) {
        fail_msg("%d: figures %.0f members, %.0f medal; members table %ld, %ld", year,
                 members_at(j, "active", NULL), members_at(j, "fifty_years_medal", NULL), members, medal);
    }
    cJSON_Delete(j);
}

static void sql_run(const char *sql, const char *a)
{
    struct db_param p[] = {P_STR(a)};
    struct db *db = test_db();
    assert_int_equal(db_exec(db, sql, p, 1, NULL, NULL, NULL), YH_OK);
    db_close(db);
}

/* A member of 勐海 born on born (YYYYMMDD) who joined the party on joined; its id. */
static void joiner(const char *name, const char *born, unsigned seq, const char *joined, char *id, size_t len)
{
    char idno[19], extra[64];
    idno_make(idno, "532822", born, seq);
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"%s\"", joined);
    member_create(tok_mh, name, idno, "lixiu", extra, id, len);
}

/* ?year= of a past year counts members as of its 31 December: a member who joined this
 * year is not in last year's figures; one who died on last 31 December is not in them
 * either but is in the year before's; one transferred out today is in last year's and
 * not in this year's (RULES.md, Statistics). The cached past year's figures follow the
 * writes; another county's do not move; a year to come is refused. */
static void past_years_count_members_as_of_31_december(void **s)
{
    (void)s;
    char id[24], path[64], body[96], day[24];
    int y = current_year();
    for (int k = 0; k <= 5; k++) {
        agrees_with_members(y - k);
    }
    cJSON *now0 = overview_of(tok_mh, y), *last0 = overview_of(tok_mh, y - 1),
          *two0 = overview_of(tok_mh, y - 2);
    cJSON *jh0 = overview_of(tok_jh, y - 1);
    cJSON *cached = overview_of(tok_mh, y - 1); /* served from the cache */
    assert_true(members_at(cached, "active", NULL) == members_at(last0, "active", NULL));
    cJSON_Delete(cached);

    snprintf(day, sizeof(day), "%d-01-01", y);
    joiner("今年入党", "19600101", 801, day, id, sizeof(id));
    joiner("去年除夕去世", "19350101", 802, "1960-05-04", id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/members/%s/death", id);
    snprintf(body, sizeof(body), "{\"died_on\":\"%d-12-31\",\"reported_by\":\"子女\"}", y - 1);
    expect_with(201, "POST", path, tok_mh, body, (const char *const[]){"If-Match: \"1\"", NULL});
    joiner("今天转出", "19360101", 803, "1961-07-01", id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/members/%s/transfer", id);
    expect_with(200, "POST", path, tok_mh, "{\"to\":\"昆明市五华区\"}",
                (const char *const[]){"If-Match: \"1\"", NULL});

    cJSON *now1 = overview_of(tok_mh, y), *last1 = overview_of(tok_mh, y - 1),
          *two1 = overview_of(tok_mh, y - 2);
    assert_true(members_at(now1, "active", NULL) == members_at(now0, "active", NULL) + 1);
    assert_true(members_at(last1, "active", NULL) == members_at(last0, "active", NULL) + 1);
    assert_true(members_at(two1, "active", NULL) == members_at(two0, "active", NULL) + 2);
    /* closing a record ends its memberships: its affiliation in those years is not known */
    assert_true(number_at(cJSON_GetObjectItemCaseSensitive(last1, "total"), "coverage", "not_known") ==
                number_at(cJSON_GetObjectItemCaseSensitive(last0, "total"), "coverage", "not_known") + 1);
    char dec31[24];
    snprintf(dec31, sizeof(dec31), "%d-12-31", y - 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(last1, "as_of")->valuestring, dec31);
    for (int k = 0; k <= 5; k++) {
        agrees_with_members(y - k);
    }
    /* 景洪 is another county: its figures do not move */
    cJSON *jh1 = overview_of(tok_jh, y - 1);
    assert_true(members_at(jh1, "active", NULL) == members_at(jh0, "active", NULL));
    cJSON_Delete(now0), cJSON_Delete(last0), cJSON_Delete(two0), cJSON_Delete(jh0);
    cJSON_Delete(now1), cJSON_Delete(last1), cJSON_Delete(two1), cJSON_Delete(jh1);

    snprintf(path, sizeof(path), "/v1/stats/overview?year=%d", y + 1);
    expect_field(400, "GET", path, tok_mh, NULL, "year");
    /* the office is the token's: no parameter asks for another's */
    expect(400, "GET", "/v1/stats/overview?office=532822", tok_jh, NULL);
}

/* Joining-date bands turn on their first days (1949-10-01, 1978-12-18, 2012-11-08); the
 * medal counts a full member of (Y-50)-07-01 this year and one of the day after next
 * year, as STANDING_SQL_MEDAL does. */
static void joining_bands_and_the_fifty_year_medal(void **s)
{
    (void)s;
    char id[24], day[24];
    int y = current_year();
    cJSON *now0 = overview_of(tok_mh, y), *last0 = overview_of(tok_mh, y - 1);
    /* 转正 one year after admission (written here: the member API's part) */
    snprintf(day, sizeof(day), "%d-07-01", y - 51);
    joiner("七一转正", "19400101", 811, day, id, sizeof(id));
    sql_run("UPDATE members SET full_member_on = DATE_ADD(joined_on, INTERVAL 1 YEAR) WHERE id = ?", id);
    snprintf(day, sizeof(day), "%d-07-02", y - 51);
    joiner("七二转正", "19400101", 812, day, id, sizeof(id));
    sql_run("UPDATE members SET full_member_on = DATE_ADD(joined_on, INTERVAL 1 YEAR) WHERE id = ?", id);
    static const char *const days[] = {"1949-09-30", "1949-10-01", "1978-12-17",
                                       "1978-12-18", "2012-11-07", "2012-11-08"};
    for (unsigned i = 0; i < 6; i++) {
        joiner("分段", i < 2 ? "19250101" : "19500101", 813 + i, days[i], id, sizeof(id));
    }
    cJSON *now1 = overview_of(tok_mh, y), *last1 = overview_of(tok_mh, y - 1);
    static const char *const bands[] = {"before_1949-10-01", "1949-10-01_to_1978-12-17",
                                        "1978-12-18_to_2012-11-07", "from_2012-11-08"};
    const double added[] = {1, 2 + 2, 2, 1}; /* the two medal members joined in 1975 */
    for (int b = 0; b < 4; b++) {
        double d =
            members_at(now1, "by_joining_period", bands[b]) - members_at(now0, "by_joining_period", bands[b]);
        if (d != added[b]) {
            fail_msg("%s: %.0f more, not %.0f", bands[b], d, added[b]);
        }
    }
    /* the medal: 七一转正 this year, not 七二转正; and the two 1949 joiners of the bands, whose
     * 转正 the member API estimates as joined_on + 1 year (1950), both years */
    assert_true(members_at(now1, "fifty_years_medal", NULL) ==
                members_at(now0, "fifty_years_medal", NULL) + 1 + 2);
    assert_true(members_at(last1, "fifty_years_medal", NULL) ==
                members_at(last0, "fifty_years_medal", NULL) + 2);
    agrees_with_members(y);
    agrees_with_members(y - 1);
    cJSON_Delete(now0), cJSON_Delete(last0), cJSON_Delete(now1), cJSON_Delete(last1);
}

/* One visit to three members is 3 人次 of care (RULES.md, Statistics). */
static void care_is_counted_in_member_visits(void **s)
{
    (void)s;
    char a[24], b[24], c[24], body[256], id[24], today[11];
    joiner("慰问甲", "19400101", 821, "1965-01-01", a, sizeof(a));
    joiner("慰问乙", "19400101", 822, "1965-01-01", b, sizeof(b));
    joiner("慰问丙", "19400101", 823, "1965-01-01", c, sizeof(c));
    cJSON *j0 = overview_of(tok_mh, 0);
    test_today(today);
    snprintf(body, sizeof(body),
             "{\"member_ids\":[\"%s\",\"%s\",\"%s\"],\"reason\":\"hardship\",\"visited_on\":\"%s\","
             "\"visitors\":\"局长\"}",
             a, b, c, today);
    post_created("/v1/visits", tok_mh, body, id, sizeof(id));
    cJSON *j1 = overview_of(tok_mh, 0);
    const cJSON *c0 = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j0, "total"), "care");
    const cJSON *c1 = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j1, "total"), "care");
    assert_true(number_at(c1, "member_visits", NULL) == number_at(c0, "member_visits", NULL) + 3);
    assert_true(number_at(c1, "by_reason", "hardship") == number_at(c0, "by_reason", "hardship") + 3);
    cJSON_Delete(j0), cJSON_Delete(j1);
}

/* Taking part in a temporary branch is its own line: the members' total stays. */
static void participation_is_its_own_line(void **s)
{
    (void)s;
    char br[24], m[24], path[64], body[64], ms[24];
    branch_create(tok_mh, "老年大学书画班临时支部", "temporary", "university_class", br, sizeof(br));
    joiner("书画班学员", "19450101", 831, "1970-01-01", m, sizeof(m));
    cJSON *j0 = overview_of(tok_mh, 0);
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", m);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"participating\"}", br);
    post_created(path, tok_mh, body, ms, sizeof(ms));
    cJSON *j1 = overview_of(tok_mh, 0);
    const cJSON *p0 =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j0, "total"), "participation");
    const cJSON *p1 =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j1, "total"), "participation");
    assert_true(number_at(p1, "temporary", "members") == number_at(p0, "temporary", "members") + 1);
    assert_true(number_at(p1, "temporary", "memberships") == number_at(p0, "temporary", "memberships") + 1);
    assert_true(members_at(j1, "active", NULL) == members_at(j0, "active", NULL));
    cJSON_Delete(j0), cJSON_Delete(j1);
}

/* POST /v1/help-requests/{id}/<action> by 景洪's staff at If-Match version. */
static void help_act(const char *id, const char *action, int version, const char *body)
{
    char path[96], im[32];
    snprintf(path, sizeof(path), "/v1/help-requests/%s/%s", id, action);
    snprintf(im, sizeof(im), "If-Match: \"%d\"", version);
    expect_with(200, "POST", path, tok_jh, body, (const char *const[]){im, NULL});
}

/* Files a request for member by phone; its id. */
static void help_file(const char *member, const char *category, char *id)
{
    char body[256];
    snprintf(
        body, sizeof(body),
        "{\"member_id\":\"%s\",\"category\":\"%s\",\"channel\":\"phone\",\"description\":\"统计用求助 🙏\"}",
        member, category);
    post_created("/v1/help-requests", tok_jh, body, id, 24);
}

/* Assigned to 景洪's admin, resolved and confirmed by phone with score (0: left resolved). */
static void help_resolve(const char *id, const char *staff, int score)
{
    char body[96];
    snprintf(body, sizeof(body), "{\"kind\":\"staff\",\"account_id\":\"%s\"}", staff);
    help_act(id, "assign", 1, body);
    help_act(id, "resolve", 2, "{\"resolution\":\"已上门处理\"}");
    if (score) {
        snprintf(body, sizeof(body), "{\"satisfaction\":%d}", score);
        help_act(id, "confirm", 3, body);
    }
}

/* urgent_help.<key> of figures f. */
static double help_at(const cJSON *f, const char *key)
{
    return number_at(cJSON_GetObjectItemCaseSensitive(f, "urgent_help"), key, NULL);
}

/* The figures of child office code in roll-up j (the total when code is NULL). */
static const cJSON *figures_of(const cJSON *j, const char *code)
{
    const cJSON *c = NULL;
    if (code == NULL) {
        return cJSON_GetObjectItemCaseSensitive(j, "total");
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "children"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(c, "office")->valuestring, code) == 0) {
            return cJSON_GetObjectItemCaseSensitive(c, "figures");
        }
    }
    fail_msg("no child %s", code);
    return NULL;
}

/* The figures a and b differ by: filed, resolved, within, rated. */
static void help_moved(const cJSON *a, const cJSON *b, int filed, int resolved, int within, int rated)
{
    assert_int_equal((int)(help_at(b, "filed") - help_at(a, "filed")), filed);
    assert_int_equal((int)(help_at(b, "resolved") - help_at(a, "resolved")), resolved);
    assert_int_equal((int)(help_at(b, "resolved_within_deadline") - help_at(a, "resolved_within_deadline")),
                     within);
    assert_int_equal((int)(help_at(b, "rated") - help_at(a, "rated")), rated);
}

/* The ratios of figures f are those of its summed counts (never an average of offices'
 * shares); sum: the satisfaction scores summed. */
static void help_ratios(const cJSON *f, int64_t sum)
{
    double share =
        help_share((int64_t)help_at(f, "resolved_within_deadline"), (int64_t)help_at(f, "resolved"));
    double avg = help_average(sum, (int64_t)help_at(f, "rated"));
    assert_true(share >= 0 && avg >= 0);
    assert_true(help_at(f, "share_within_deadline") == share);
    assert_true(help_at(f, "satisfaction_average") == avg);
}

/* The satisfaction scores of this year's requests of offices under prefix, summed. */
static int64_t score_sum(const char *prefix, int year)
{
    char sql[200];
    struct db_rows rows;
    snprintf(sql, sizeof(sql),
             "SELECT IFNULL(SUM(satisfaction), 0) FROM help_requests WHERE office_code LIKE CONCAT(?, '%%') "
             "AND YEAR(filed_at) = %d",
             year);
    struct db_param p[] = {P_STR(prefix)};
    struct db *db = test_db();
    assert_int_equal(db_exec(db, sql, p, 1, &rows, NULL, NULL), YH_OK);
    int64_t n = db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    db_close(db);
    return n;
}

/* Urgent help in the overview (issue 14): requests filed in the year — one resolved in
 * time and rated 5, one resolved after its deadline and rated 2, one still open and
 * overdue (this year's figures only count overdue now) — move
 * 景洪's cached figures, and its prefecture's and province's roll-ups, by exactly those
 * counts; the share within the deadline and the average satisfaction are the summed
 * counts' ratios at every level. */
static void urgent_help_counts_in_the_overview(void **s)
{
    (void)s;
    char m[24], a[24], b[24], c[24], staff[24];
    struct db_rows rows;
    char idno[19];
    idno_make(idno, "532801", "19390303", 841);
    member_create(tok_jh, "求助统计", idno, "lixiu", "", m, sizeof(m));
    struct db *db = test_db();
    assert_int_equal(db_exec(db,
                             "SELECT id FROM accounts WHERE office_code = '532801' AND username = 'admin'",
                             NULL, 0, &rows, NULL, NULL),
                     YH_OK);
    snprintf(staff, sizeof(staff), "%s", db_str(&rows, 0, 0));
    db_rows_free(&rows);
    db_close(db);
    cJSON *mh0 = overview_of(tok_jh, 0), *bn0 = overview_of(tok_bn, 0), *yn0 = overview_of(tok_yn, 0);
    int year = cJSON_GetObjectItemCaseSensitive(mh0, "year")->valueint;
    cJSON *last0 = overview_of(tok_jh, year - 1);
    /* a new request moves the cached figures */
    cJSON *again = overview_of(tok_jh, 0);
    help_file(m, "water", a);
    cJSON *mh1 = overview_of(tok_jh, 0);
    help_moved(figures_of(again, NULL), figures_of(mh1, NULL), 1, 0, 0, 0);
    cJSON_Delete(again), cJSON_Delete(mh1);
    help_resolve(a, staff, 5);
    /* resolved after its deadline: due a second before it was filed */
    help_file(m, "electricity", b);
    sql_run("UPDATE help_requests SET resolve_by = filed_at - INTERVAL 1 SECOND, respond_by = filed_at - "
            "INTERVAL 1 SECOND WHERE id = ?",
            b);
    help_resolve(b, staff, 2);
    /* still open, past its response deadline: overdue now */
    help_file(m, "medicine", c);
    sql_run("UPDATE help_requests SET respond_by = filed_at - INTERVAL 1 SECOND WHERE id = ?", c);
    cJSON *mh2 = overview_of(tok_jh, 0), *bn2 = overview_of(tok_bn, 0), *yn2 = overview_of(tok_yn, 0);
    help_moved(figures_of(mh0, NULL), figures_of(mh2, NULL), 3, 2, 1, 2);
    help_moved(figures_of(bn0, NULL), figures_of(bn2, NULL), 3, 2, 1, 2);
    help_moved(figures_of(bn0, "532801"), figures_of(bn2, "532801"), 3, 2, 1, 2);
    help_moved(figures_of(yn0, NULL), figures_of(yn2, NULL), 3, 2, 1, 2);
    help_moved(figures_of(yn0, "532800"), figures_of(yn2, "532800"), 3, 2, 1, 2);
    assert_int_equal((int)(help_at(figures_of(mh2, NULL), "overdue_open") -
                           help_at(figures_of(mh0, NULL), "overdue_open")),
                     1);
    assert_int_equal((int)(help_at(figures_of(yn2, "532800"), "overdue_open") -
                           help_at(figures_of(yn0, "532800"), "overdue_open")),
                     1);
    help_ratios(figures_of(mh2, NULL), score_sum("532801", year));
    help_ratios(figures_of(bn2, "532801"), score_sum("532801", year));
    help_ratios(figures_of(bn2, NULL), score_sum("5328", year));
    help_ratios(figures_of(yn2, NULL), score_sum("53", year));
    /* last year's figures count none of them */
    cJSON *last2 = overview_of(tok_jh, year - 1);
    help_moved(figures_of(last0, NULL), figures_of(last2, NULL), 0, 0, 0, 0);
    assert_null(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(figures_of(last2, NULL), "urgent_help"), "overdue_open"));
    cJSON_Delete(last0), cJSON_Delete(last2);
    cJSON_Delete(mh0), cJSON_Delete(bn0), cJSON_Delete(yn0);
    cJSON_Delete(mh2), cJSON_Delete(bn2), cJSON_Delete(yn2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rollup_totals_are_the_sum_of_children),
        cmocka_unit_test(cached_rollups_stay_exact_after_writes),
        cmocka_unit_test(marginals_follow_member_writes),
        cmocka_unit_test(past_years_count_members_as_of_31_december),
        cmocka_unit_test(joining_bands_and_the_fifty_year_medal),
        cmocka_unit_test(care_is_counted_in_member_visits),
        cmocka_unit_test(participation_is_its_own_line),
        cmocka_unit_test(urgent_help_counts_in_the_overview),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
