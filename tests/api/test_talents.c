/* The talent pool through HTTP against the built binary: the review workflow (illegal
 * steps 409), review-due, search filters and Chinese free text, the public profile of
 * integrations field by field, request isolation between clients, prefecture-wide
 * search that never crosses into another prefecture, requests with matches, assignments
 * and feedback. Offices: 532822 (勐海, under 532800) and 440104 (越秀, under 440100). */
#include "support.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_mh[2048];               /* 532822 admin */
static char tok_bn[2048];               /* 532800 admin: the prefecture */
static char tok_gz[2048];               /* 440100 admin: another prefecture */
static char tok_yx[2048];               /* 440104 admin */
static char tok_jh[2048];               /* 532801 admin: a sibling county */
static char tok_mem[2048];              /* a member of 532822 */
static char tok_ca[2048], tok_cb[2048]; /* two clients of 532822 */
static char mem_id[24];
static char cat_med[24], cat_lect[24], cat_law[24];
static int idseq = 700;

/* The id of category code in the office of token. */
static void category_id(const char *token, const char *code, char *id, size_t idlen)
{
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/talent-categories", token, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *it = NULL;
    id[0] = '\0';
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "code")->valuestring, code) == 0) {
            snprintf(id, idlen, "%s", cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring);
        }
    }
    cJSON_Delete(j);
    http_free(&r);
    assert_true(id[0] != '\0');
}

static int setup(void **s)
{
    (void)s;
    char idno[19], aid[24];
    api_start(NULL, "build/test-logs/talents-server.log");
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
    login("532800", "admin", "demo-532800-pass", tok_bn, sizeof(tok_bn), NULL, 0);
    login("440100", "admin", "demo-440100-pass", tok_gz, sizeof(tok_gz), NULL, 0);
    login("440104", "admin", "demo-440104-pass", tok_yx, sizeof(tok_yx), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    idno_seq(idno, "532822", "1948", (unsigned)idseq++);
    member_create(tok_mh, "玉香", idno, "retired", "", mem_id, sizeof(mem_id));
    member_account_create(tok_mh, "talent.member", "玉香", "talent-pass-1", mem_id, aid, sizeof(aid));
    login("532822", "talent.member", "talent-pass-1", tok_mem, sizeof(tok_mem), NULL, 0);
    client_token(tok_mh, "卫健局", "talents:read talents:request", tok_ca, sizeof(tok_ca), NULL, 0);
    client_token(tok_mh, "法院", "talents:read talents:request", tok_cb, sizeof(tok_cb), NULL, 0);
    category_id(tok_mh, "medicine", cat_med, sizeof(cat_med));
    category_id(tok_mh, "lecturing", cat_lect, sizeof(cat_lect));
    category_id(tok_mh, "law", cat_law, sizeof(cat_law));
    return 0;
}

/* POST .../transitions as token; returns the status. */
static long step(const char *token, const char *id, const char *to, const char *reason, struct http_res *r)
{
    char path[96], ifm[40], body[256];
    snprintf(path, sizeof(path), "/v1/talents/%s", id);
    if_match(path, tok_mh, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/talents/%s/transitions", id);
    if (reason) {
        snprintf(body, sizeof(body), "{\"to\":\"%s\",\"reason\":\"%s\"}", to, reason);
    } else {
        snprintf(body, sizeof(body), "{\"to\":\"%s\"}", to);
    }
    return req("POST", path, token, "application/json", body, h, r);
}

/* An admitted talent of the office of token (staff), made through the workflow. */
static void workflow_and_illegal_steps(void **s)
{
    (void)s;
    struct http_res r;
    char id[24], body[512];
    snprintf(body, sizeof(body),
             "{\"name\":\"岩温\",\"speciality\":\"心血管内科\",\"title\":\"主任医师\",\"categories\":[\"%s\"]"
             ",\"phone\":\"13700001111\"}",
             cat_med);
    post_created("/v1/talents", tok_mh, body, id, sizeof(id));
    assert_int_equal(step(tok_mh, id, "admitted", NULL, &r), 409); /* applied → admitted skips review */
    assert_non_null(strstr(r.body, "cannot become admitted"));
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "rejected", NULL, &r), 422); /* a rejection says why */
    assert_non_null(strstr(r.body, "\"field\":\"reason\""));
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "under_review", NULL, &r), 200);
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "admitted", NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"admitted\""));
    char due[16], want[16];
    assert_true(json_member(r.body, "review_due_on", due, sizeof(due)));
    char today[11];
    test_today(today);
    snprintf(want, sizeof(want), "%04d", atoi(today) + 2);
    assert_memory_equal(due, want, 4); /* reviewed again in two years */
    assert_non_null(strstr(r.body, "\"to\":\"admitted\",\"by\":\"account:"));
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "rejected", "迟了", &r), 409);
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "retired", "年事已高", &r), 200);
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "withdrawn", NULL, &r), 409);
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "promoted", NULL, &r), 422);
    http_free(&r);
    /* another office sees nothing of it */
    char path[64];
    snprintf(path, sizeof(path), "/v1/talents/%s", id);
    expect(404, "GET", path, tok_yx, NULL);
    assert_int_equal(step(tok_jh, id, "under_review", NULL, &r), 404);
    http_free(&r);
}

static void member_applies_for_itself(void **s)
{
    (void)s;
    struct http_res r;
    char id[24], body[256], path[64], ifm[40];
    snprintf(body, sizeof(body),
             "{\"speciality\":\"傣族民间音乐\",\"languages\":[\"傣语\",\"汉语\"],\"categories\":[\"%s\"]}",
             cat_lect);
    assert_int_equal(jreq("POST", "/v1/talents", tok_mem, body, &r), 201);
    assert_true(json_member(r.body, "id", id, sizeof(id)));
    assert_non_null(strstr(r.body, "\"name\":\"玉香\"")); /* from the member record */
    http_free(&r);
    expect(409, "POST", "/v1/talents", tok_mem, body); /* once */
    expect(200, "GET", "/v1/talents/me", tok_mem, NULL);
    snprintf(path, sizeof(path), "/v1/talents/%s", id);
    if_match(path, tok_mem, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    expect_with(200, "PATCH", path, tok_mem, "{\"bio\":\"会唱傣族赞哈\"}", h);
    assert_int_equal(step(tok_mem, id, "under_review", NULL, &r), 403); /* staff review */
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "under_review", NULL, &r), 200);
    http_free(&r);
    assert_int_equal(step(tok_mh, id, "admitted", NULL, &r), 200);
    http_free(&r);
    if_match(path, tok_mem, ifm, sizeof(ifm));
    expect_with(409, "PATCH", path, tok_mem, "{\"bio\":\"改\"}", h); /* admitted: staff edit */
    /* members see their own entry only, and no list */
    expect(403, "GET", "/v1/talents", tok_mem, NULL);
    expect(403, "GET", "/v1/talents/search", tok_mem, NULL);
}

static void search_filters_and_chinese_text(void **s)
{
    (void)s;
    struct http_res r;
    char a[24], b[24], c[24], body[512];
    snprintf(body, sizeof(body),
             "{\"name\":\"刀国强\",\"speciality\":\"心血管内科\",\"title\":\"主任医师\",\"bio\":"
             "\"擅长高血压防治\","
             "\"skills\":[\"义诊\",\"健康讲座\"],\"service_area\":[\"532800\"],\"languages\":[\"傣语\"],"
             "\"availability\":\"weekends\",\"categories\":[\"%s\"]}",
             cat_med);
    talent_admitted(tok_mh, body, a, sizeof(a));
    snprintf(body, sizeof(body),
             "{\"name\":\"岩罕\",\"speciality\":\"党史与党的理论\",\"title\":\"副教授\",\"bio\":"
             "\"也讲心血管健康常识\","
             "\"skills\":[\"宣讲\"],\"service_area\":[\"532822\"],\"categories\":[\"%s\"]}",
             cat_lect);
    talent_admitted(tok_mh, body, b, sizeof(b));
    snprintf(body, sizeof(body), "{\"name\":\"未审核\",\"speciality\":\"心血管\",\"categories\":[\"%s\"]}",
             cat_med);
    post_created("/v1/talents", tok_mh, body, c, sizeof(c)); /* applied: never found */
    /* Chinese free text, ranked: the speciality match before the bio match */
    assert_int_equal(jreq("GET", "/v1/talents/search?q=%E5%BF%83%E8%A1%80%E7%AE%A1", tok_ca, NULL, &r),
                     200); /* 心血管 */
    char *pa = strstr(r.body, "刀国强"), *pb = strstr(r.body, "岩罕");
    assert_non_null(pa);
    assert_non_null(pb);
    assert_true(pa < pb);
    assert_null(strstr(r.body, "未审核"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/talents/search?q=%E5%BF%83%E7%AE%A1", tok_ca, NULL, &r),
                     200); /* 心管: not adjacent */
    assert_null(strstr(r.body, "刀国强"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/talents/search?q=%E5%BF%83", tok_ca, NULL, &r),
                     200); /* one character: 心 */
    assert_non_null(strstr(r.body, "刀国强"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/talents/search?q=%E5%85%9A%E5%8F%B2", tok_ca, NULL, &r),
                     200); /* 党史 */
    assert_non_null(strstr(r.body, "岩罕"));
    assert_null(strstr(r.body, "刀国强"));
    http_free(&r);
    /* filters */
    assert_int_equal(
        jreq("GET",
             "/v1/talents/"
             "search?category=medicine&skills=%E4%B9%89%E8%AF%8A,%E5%81%A5%E5%BA%B7%E8%AE%B2%E5%BA%A7",
             tok_ca, NULL, &r),
        200); /* skills: 义诊 and 健康讲座 */
    assert_non_null(strstr(r.body, "刀国强"));
    assert_null(strstr(r.body, "岩罕"));
    http_free(&r);
    assert_int_equal(
        jreq("GET", "/v1/talents/search?skills=%E4%B9%89%E8%AF%8A,%E5%AE%A3%E8%AE%B2", tok_ca, NULL, &r),
        200);
    assert_null(strstr(r.body, "刀国强")); /* all of: nobody has both */
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/talents/search?area=532822", tok_ca, NULL, &r), 200);
    assert_non_null(strstr(r.body, "刀国强")); /* serves the whole prefecture */
    assert_non_null(strstr(r.body, "岩罕"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/talents/search?area=532801", tok_ca, NULL, &r), 200);
    assert_non_null(strstr(r.body, "刀国强"));
    assert_null(strstr(r.body, "岩罕"));
    http_free(&r);
    assert_int_equal(
        jreq("GET", "/v1/talents/search?language=%E5%82%A3%E8%AF%AD&availability=weekends", tok_ca, NULL, &r),
        200);
    assert_non_null(strstr(r.body, "刀国强"));
    assert_null(strstr(r.body, "岩罕"));
    http_free(&r);
    expect(400, "GET", "/v1/talents/search?area=12", tok_ca, NULL);
    expect(400, "GET", "/v1/talents/search?sort=x", tok_ca, NULL);
    /* the cached search sees a newly admitted talent */
    assert_int_equal(jreq("GET", "/v1/talents/search?q=%E5%BF%83%E8%A1%80%E7%AE%A1", tok_ca, NULL, &r), 200);
    assert_null(strstr(r.body, "未审核"));
    http_free(&r);
    assert_int_equal(step(tok_mh, c, "under_review", NULL, &r), 200);
    http_free(&r);
    assert_int_equal(step(tok_mh, c, "admitted", NULL, &r), 200);
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/talents/search?q=%E5%BF%83%E8%A1%80%E7%AE%A1", tok_ca, NULL, &r), 200);
    assert_non_null(strstr(r.body, "未审核"));
    http_free(&r);
}

/* Every member of obj is one of allowed. */
static void only_fields(const cJSON *obj, const char *const *allowed)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, obj)
    {
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++) {
            ok = ok || strcmp(it->string, allowed[i]) == 0;
        }
        if (!ok) {
            fail_msg("the public profile holds %s", it->string);
        }
    }
}

/* Concurrent searches with different skills lists (each a distinct, uncached query:
 * the limit differs) each get their own list's result: the skills are split with
 * strtok_r, not strtok, whose hidden state all threads shared. */
static atomic_int wrong_results;
static void *search_worker(void *arg)
{
    static const struct {
        const char *skills, *want, *not ;
    } lists[3] = {
        {"%E4%B9%89%E8%AF%8A,%E5%81%A5%E5%BA%B7%E8%AE%B2%E5%BA%A7", "刀国强", "岩罕"}, /* 义诊,健康讲座 */
        {"%E5%AE%A3%E8%AE%B2", "岩罕", "刀国强"},                                      /* 宣讲 */
        {"%E5%81%A5%E5%BA%B7%E8%AE%B2%E5%BA%A7,%E4%B9%89%E8%AF%8A", "刀国强", "岩罕"}, /* 健康讲座,义诊 */
    };
    int t = (int)(intptr_t)arg;
    for (int j = 0; j < 25; j++) {
        int n = t * 25 + j, k = (n / 90 + n) % 3;
        char url[512], auth[2100];
        snprintf(url, sizeof(url), "%s/v1/talents/search?skills=%s&limit=%d", api_base, lists[k].skills,
                 10 + n % 90);
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok_ca);
        const char *h[] = {auth, NULL};
        struct http_res r;
        if (http_do("GET", url, h, NULL, 0, &r) != 0) {
            atomic_fetch_add(&wrong_results, 1);
            continue;
        }
        if (r.status != 200 || strstr(r.body, lists[k].want) == NULL ||
            strstr(r.body, lists[k].not ) != NULL) {
            fprintf(stderr, "search %d (%s): %ld %.200s\n", n, lists[k].skills, r.status, r.body);
            atomic_fetch_add(&wrong_results, 1);
        }
        http_free(&r);
    }
    return NULL;
}

static void concurrent_searches_keep_their_skills(void **s)
{
    (void)s;
    pthread_t th[8];
    atomic_store(&wrong_results, 0);
    for (int t = 0; t < 8; t++) {
        assert_int_equal(pthread_create(&th[t], NULL, search_worker, (void *)(intptr_t)t), 0);
    }
    for (int t = 0; t < 8; t++) {
        pthread_join(th[t], NULL);
    }
    assert_int_equal(atomic_load(&wrong_results), 0);
}

static void public_profile_for_integrations(void **s)
{
    (void)s;
    static const char *const pub[] = {"id",    "office",       "name",      "categories", "speciality",
                                      "title", "service_area", "relevance", NULL};
    struct http_res r;
    char id[24], body[512], path[64];
    snprintf(body, sizeof(body),
             "{\"name\":\"玉罕\",\"speciality\":\"民事审判\",\"title\":\"审判员\",\"former_position\":"
             "\"法院原庭长\","
             "\"bio\":\"家住曼听路\",\"phone\":\"13911112222\",\"birth_year\":1950,\"gender\":\"female\","
             "\"languages\":[\"傣语\"],\"categories\":[\"%s\"]}",
             cat_law);
    talent_admitted(tok_mh, body, id, sizeof(id));
    assert_int_equal(jreq("GET", "/v1/talents/search?category=law", tok_ca, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *it = NULL;
    int n = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        only_fields(it, pub);
        n++;
    }
    assert_true(n >= 1);
    cJSON_Delete(j);
    assert_null(strstr(r.body, "13911112222"));
    assert_null(strstr(r.body, "曼听路"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/talents/%s", id);
    assert_int_equal(jreq("GET", path, tok_ca, NULL, &r), 200);
    j = cJSON_Parse(r.body);
    only_fields(j, pub);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "name")->valuestring, "玉罕");
    cJSON_Delete(j);
    http_free(&r);
    /* staff see the whole record, the phone masked */
    assert_int_equal(jreq("GET", path, tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"phone\":\"139****2222\""));
    assert_non_null(strstr(r.body, "曼听路"));
    http_free(&r);
    /* a talent that is not admitted is absent to integrations */
    char c[24];
    snprintf(body, sizeof(body), "{\"name\":\"申报中\",\"speciality\":\"法律\",\"categories\":[\"%s\"]}",
             cat_law);
    post_created("/v1/talents", tok_mh, body, c, sizeof(c));
    snprintf(path, sizeof(path), "/v1/talents/%s", c);
    expect(404, "GET", path, tok_ca, NULL);
}

static void prefecture_wide_search_stays_in_its_prefecture(void **s)
{
    (void)s;
    struct http_res r;
    char a[24], b[24], body[512], gzlaw[24];
    snprintf(body, sizeof(body),
             "{\"name\":\"勐海专家\",\"speciality\":\"茶叶加工\",\"categories\":[\"%s\"]}", cat_med);
    talent_admitted(tok_mh, body, a, sizeof(a));
    category_id(tok_yx, "law", gzlaw, sizeof(gzlaw));
    snprintf(body, sizeof(body),
             "{\"name\":\"越秀专家\",\"speciality\":\"茶叶加工\",\"categories\":[\"%s\"]}", gzlaw);
    talent_admitted(tok_yx, body, b, sizeof(b));
    const char *q = "/v1/talents/search?q=%E8%8C%B6%E5%8F%B6&limit=100"; /* 茶叶 */
    assert_int_equal(jreq("GET", q, tok_bn, NULL, &r), 200);             /* 西双版纳 prefecture */
    assert_non_null(strstr(r.body, "勐海专家"));
    assert_null(strstr(r.body, "越秀专家"));
    http_free(&r);
    assert_int_equal(jreq("GET", q, tok_gz, NULL, &r), 200); /* 广州 */
    assert_non_null(strstr(r.body, "越秀专家"));
    assert_null(strstr(r.body, "勐海专家"));
    http_free(&r);
    assert_int_equal(jreq("GET", q, tok_jh, NULL, &r), 200); /* a sibling county sees its own pool */
    assert_null(strstr(r.body, "勐海专家"));
    http_free(&r);
    /* the prefecture reads the public profile of a descendant's talent, not another's */
    char path[64];
    snprintf(path, sizeof(path), "/v1/talents/%s", a);
    assert_int_equal(jreq("GET", path, tok_bn, NULL, &r), 200);
    assert_null(strstr(r.body, "\"status\""));
    http_free(&r);
    expect(404, "GET", path, tok_gz, NULL);
    /* oversight is read-only */
    assert_int_equal(step(tok_bn, a, "retired", "x", &r), 403);
    http_free(&r);
}

/* The ids of every page of path (limit per page, following next_cursor) into ids. */
static size_t paged_ids(const char *token, const char *path, int64_t *ids, size_t max)
{
    char url[512], cur[256] = "";
    size_t n = 0;
    do {
        struct http_res r;
        snprintf(url, sizeof(url), "%s%s%s", path, cur[0] ? "&cursor=" : "", cur);
        assert_int_equal(jreq("GET", url, token, NULL, &r), 200);
        cJSON *j = cJSON_Parse(r.body);
        const cJSON *it = NULL;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
        {
            assert_true(n < max);
            ids[n++] = strtoll(cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring, NULL, 10);
        }
        const cJSON *next = cJSON_GetObjectItemCaseSensitive(j, "next_cursor");
        snprintf(cur, sizeof(cur), "%s", cJSON_IsString(next) ? next->valuestring : "");
        cJSON_Delete(j);
        http_free(&r);
    } while (cur[0]);
    return n;
}

/* Without free text a prefecture's or province's pool lists newest admitted first (then
 * the higher id) across all its counties, page after page, as counting them straight
 * from the table orders them (the demo county's 45 admitted talents span 30 months). */
static void pool_lists_newest_admitted_first_across_counties(void **s)
{
    (void)s;
    static const struct {
        const char *prefix, *office, *pass, *path, *category;
        size_t least; /* several pages: the order across them is tested */
    } cases[] = {
        {"5328", "532800", "demo-532800-pass", "/v1/talents/search?limit=7", NULL, 40},
        {"5328", "532800", "demo-532800-pass", "/v1/talents/search?category=medicine&limit=2", "medicine", 5},
        {"53", "530000", "demo-530000-pass", "/v1/talents/search?limit=9", NULL, 40},
        {"532801", "532801", "demo-532801-pass", "/v1/talents/search?limit=6", NULL, 40},
    };
    static const char sql[] = "SELECT t.id FROM talents t WHERE t.office_code LIKE CONCAT(?, '%') AND "
                              "t.status = 'admitted' AND (? = '' "
                              "OR EXISTS (SELECT 1 FROM talent_category_links l JOIN talent_categories c ON "
                              "c.id = l.category_id WHERE "
                              "l.talent_id = t.id AND c.code = ?)) ORDER BY t.admitted_on DESC, t.id DESC";
    struct config cfg;
    enum yh_err err;
    test_config(&cfg);
    struct db *db = db_open(&cfg, &err);
    assert_non_null(db);
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        char tok[2048];
        int64_t got[300];
        struct db_rows rows;
        const char *cat = cases[k].category ? cases[k].category : "";
        login(cases[k].office, "admin", cases[k].pass, tok, sizeof(tok), NULL, 0);
        size_t n = paged_ids(tok, cases[k].path, got, 300);
        struct db_param p[] = {P_STR(cases[k].prefix), P_STR(cat), P_STR(cat)};
        assert_int_equal(db_exec(db, sql, p, 3, &rows, NULL, NULL), YH_OK);
        assert_true(rows.nrows >= cases[k].least);
        assert_int_equal(n, rows.nrows);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(got[i], db_i64(&rows, i, 0));
        }
        db_rows_free(&rows);
    }
    db_close(db);
}

/* Staff assign talent to request q; the assignment's id into aid. */
static void assign(const char *q, const char *talent, char *aid, size_t aidlen)
{
    struct http_res r;
    char path[128], body[128];
    snprintf(path, sizeof(path), "/v1/talent-requests/%s/assignments", q);
    snprintf(body, sizeof(body), "{\"talent_id\":\"%s\"}", talent);
    assert_int_equal(jreq("POST", path, tok_mh, body, &r), 201);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *as = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "assignments"), 0);
    snprintf(aid, aidlen, "%s", cJSON_GetObjectItemCaseSensitive(as, "id")->valuestring);
    cJSON_Delete(j);
    http_free(&r);
}

static void requests_isolation_matches_and_feedback(void **s)
{
    (void)s;
    struct http_res r;
    char t[24], q[24], body[512], path[128], ifm[40], aid[24] = "", mine[24];
    /* the member's own entry, admitted, gets the request */
    assert_int_equal(jreq("GET", "/v1/talents/me", tok_mem, NULL, &r), 200);
    assert_true(json_member(r.body, "id", mine, sizeof(mine)));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"name\":\"其他人\",\"speciality\":\"妇科\",\"categories\":[\"%s\"]}",
             cat_med);
    talent_admitted(tok_mh, body, t, sizeof(t));
    post_created(
        "/v1/talent-requests", tok_ca,
        "{\"department\":\"县卫健局\",\"category\":\"lecturing\",\"skills\":[\"宣讲\"],\"area\":\"532822\","
        "\"description\":\"民族团结进村寨宣讲，需会傣语的讲师\",\"starts_on\":\"2027-03-01\"}",
        q, sizeof(q));
    /* clients read their own requests only */
    snprintf(path, sizeof(path), "/v1/talent-requests/%s", q);
    expect(200, "GET", path, tok_ca, NULL);
    expect(404, "GET", path, tok_cb, NULL);
    assert_int_equal(jreq("GET", "/v1/talent-requests", tok_cb, NULL, &r), 200);
    assert_null(strstr(r.body, "民族团结"));
    http_free(&r);
    expect(404, "GET", path, tok_jh, NULL);
    expect(422, "POST", "/v1/talent-requests", tok_ca,
           "{\"department\":\"x\",\"description\":\"y\",\"category\":\"nope\"}");
    /* ranked matches say why */
    snprintf(path, sizeof(path), "/v1/talent-requests/%s/matches", q);
    assert_int_equal(jreq("GET", path, tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "玉香"));
    assert_non_null(strstr(r.body, "category lecturing"));
    http_free(&r);
    expect(403, "GET", path, tok_ca, NULL);
    /* staff assign; the talent accepts in the app; the client closes with feedback */
    assign(q, mine, aid, sizeof(aid));
    snprintf(path, sizeof(path), "/v1/talent-requests/%s/assignments", q);
    snprintf(body, sizeof(body), "{\"talent_id\":\"%s\"}", mine);
    char needle[80];
    snprintf(needle, sizeof(needle), "\"assignment_id\":\"%s\"", aid);
    assert_int_equal(outbox_count("talent_request.assigned", needle), 1); /* for the app's push service */
    expect(409, "POST", path, tok_mh, body);                              /* twice */
    snprintf(path, sizeof(path), "/v1/talent-assignments/%s/accept", aid);
    expect(403, "POST", path, tok_ca, NULL);
    assert_int_equal(jreq("POST", path, tok_mem, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"accepted\""));
    http_free(&r);
    expect(409, "POST", path, tok_mem, NULL);
    snprintf(path, sizeof(path), "/v1/talent-requests/%s", q);
    if_match(path, tok_ca, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/talent-requests/%s/close", q);
    expect_with(404, "POST", path, tok_cb, "{\"rating\":5}", h);
    expect_with(422, "POST", path, tok_ca, "{\"rating\":9}", h);
    assert_int_equal(
        req("POST", path, tok_ca, "application/json", "{\"rating\":5,\"comment\":\"讲得生动\"}", h, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"closed\""));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/talent-requests/%s/cancel", q);
    snprintf(ifm, sizeof(ifm), "If-Match: \"%d\"", 99);
    expect_with(412, "POST", path, tok_ca, NULL, h);
    /* the feedback shows on the talent's record */
    assert_int_equal(jreq("GET", "/v1/talents/me", tok_mem, NULL, &r), 200);
    assert_non_null(strstr(r.body, "讲得生动"));
    assert_non_null(strstr(r.body, "\"rating\":5"));
    http_free(&r);
}

static void categories_review_due_and_groups(void **s)
{
    (void)s;
    struct http_res r;
    char cat[24], id[24], body[256], path[96], ifm[40], g[24];
    post_created("/v1/talent-categories", tok_mh, "{\"code\":\"tea\",\"name\":\"茶产业\"}", cat, sizeof(cat));
    expect(409, "POST", "/v1/talent-categories", tok_mh, "{\"code\":\"tea\",\"name\":\"重复\"}");
    snprintf(body, sizeof(body), "{\"name\":\"茶农\",\"speciality\":\"普洱茶\",\"categories\":[\"%s\"]}",
             cat);
    talent_admitted(tok_mh, body, id, sizeof(id));
    /* retire the category: existing entries keep it, new ones cannot use it */
    snprintf(path, sizeof(path), "/v1/talent-categories/%s", cat);
    snprintf(ifm, sizeof(ifm), "If-Match: \"1\"");
    const char *h[] = {ifm, NULL};
    expect_with(200, "PATCH", path, tok_mh, "{\"retired\":true,\"name\":\"茶产业（旧）\"}", h);
    assert_int_equal(jreq("POST", "/v1/talents", tok_mh, body, &r), 422);
    assert_non_null(strstr(r.body, "retired category"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/talents/%s", id);
    assert_int_equal(jreq("GET", path, tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "茶产业（旧）"));
    http_free(&r);
    /* review-due: with a 1-year period, a talent admitted today is due within 366 days */
    if_match("/v1/offices/532822", tok_mh, ifm, sizeof(ifm));
    expect_with(200, "PATCH", "/v1/offices/532822", tok_mh, "{\"talent_review_years\":1}", h);
    char due[24];
    snprintf(body, sizeof(body), "{\"name\":\"复审\",\"speciality\":\"农技\",\"categories\":[\"%s\"]}",
             cat_med);
    talent_admitted(tok_mh, body, due, sizeof(due));
    assert_int_equal(jreq("GET", "/v1/talents/review-due", tok_mh, NULL, &r), 200);
    assert_null(strstr(r.body, "复审"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/talents/review-due?within_days=366", tok_mh, NULL, &r), 200);
    assert_non_null(strstr(r.body, "复审"));
    http_free(&r);
    expect(400, "GET", "/v1/talents/review-due?within_days=-1", tok_mh, NULL);
    /* re-review puts it under review again */
    assert_int_equal(step(tok_mh, due, "under_review", NULL, &r), 200);
    http_free(&r);
    /* groups: the lecturers' group (五老宣讲团) from admitted talents */
    post_created("/v1/talent-groups", tok_mh, "{\"name\":\"五老宣讲团\",\"kind\":\"lecturers\"}", g,
                 sizeof(g));
    snprintf(path, sizeof(path), "/v1/talent-groups/%s/members/%s", g, id);
    assert_int_equal(req("PUT", path, tok_mh, "application/json", "{\"role\":\"head\"}", NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"role\":\"head\""));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/talent-groups/%s/members/%s", g, due);
    expect(422, "PUT", path, tok_mh, "{}"); /* under review */
    snprintf(path, sizeof(path), "/v1/talent-groups/%s", g);
    expect(404, "GET", path, tok_yx, NULL);
}

/* The groups list shows the office's groups with their head counts; a talent taken out of a
 * group is gone from it; another office sees neither the list entry nor the removal. */
static void groups_listed_and_members_removed(void **s)
{
    (void)s;
    struct http_res r;
    char id[24], g[24], body[256], path[96];
    snprintf(body, sizeof(body), "{\"name\":\"陪审员甲\",\"speciality\":\"法律\",\"categories\":[\"%s\"]}",
             cat_law);
    talent_admitted(tok_mh, body, id, sizeof(id));
    post_created("/v1/talent-groups", tok_mh, "{\"name\":\"人民陪审员\",\"kind\":\"jurors\"}", g, sizeof(g));
    snprintf(path, sizeof(path), "/v1/talent-groups/%s/members/%s", g, id);
    expect(200, "PUT", path, tok_mh, "{}");
    expect(404, "DELETE", path, tok_yx, NULL); /* another office's group */
    assert_int_equal(jreq("GET", "/v1/talent-groups", tok_mh, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *it = NULL;
    int seen = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring, g) == 0) {
            assert_int_equal(cJSON_GetObjectItemCaseSensitive(it, "members")->valueint, 1);
            seen++;
        }
    }
    cJSON_Delete(j);
    http_free(&r);
    assert_int_equal(seen, 1);
    assert_int_equal(jreq("GET", "/v1/talent-groups", tok_yx, NULL, &r), 200);
    assert_null(strstr(r.body, "人民陪审员"));
    http_free(&r);
    expect(204, "DELETE", path, tok_mh, NULL);
    expect(404, "DELETE", path, tok_mh, NULL); /* no longer in it */
    snprintf(path, sizeof(path), "/v1/talent-groups/%s", g);
    assert_int_equal(jreq("GET", path, tok_mh, NULL, &r), 200);
    assert_null(strstr(r.body, "陪审员甲"));
    http_free(&r);
}

/* The talent declines an assignment in the app: declined once (409 after), not by a client,
 * not seen from another office. */
static void assignment_declined_by_the_talent(void **s)
{
    (void)s;
    struct http_res r;
    char q[24], mine[24], aid[24], path[128];
    assert_int_equal(jreq("GET", "/v1/talents/me", tok_mem, NULL, &r), 200);
    assert_true(json_member(r.body, "id", mine, sizeof(mine)));
    http_free(&r);
    post_created(
        "/v1/talent-requests", tok_ca,
        "{\"department\":\"县司法局\",\"description\":\"社区普法讲座\",\"starts_on\":\"2027-04-01\"}", q,
        sizeof(q));
    assign(q, mine, aid, sizeof(aid));
    snprintf(path, sizeof(path), "/v1/talent-assignments/%s/decline", aid);
    expect(403, "POST", path, tok_ca, NULL);
    expect(404, "POST", path, tok_yx, NULL);
    assert_int_equal(jreq("POST", path, tok_mem, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"declined\""));
    http_free(&r);
    expect(409, "POST", path, tok_mem, NULL);
    snprintf(path, sizeof(path), "/v1/talent-assignments/%s/accept", aid);
    expect(409, "POST", path, tok_mem, NULL); /* answered already */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(workflow_and_illegal_steps),
        cmocka_unit_test(member_applies_for_itself),
        cmocka_unit_test(search_filters_and_chinese_text),
        cmocka_unit_test(concurrent_searches_keep_their_skills),
        cmocka_unit_test(public_profile_for_integrations),
        cmocka_unit_test(prefecture_wide_search_stays_in_its_prefecture),
        cmocka_unit_test(pool_lists_newest_admitted_first_across_counties),
        cmocka_unit_test(requests_isolation_matches_and_feedback),
        cmocka_unit_test(categories_review_due_and_groups),
        cmocka_unit_test(groups_listed_and_members_removed),
        cmocka_unit_test(assignment_declined_by_the_talent),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
