/* Searching names the way members type (sql/0059, pinyin.c) through HTTP against the
 * built binary: members (?name), volunteers (?name) and talents (?q, name and speciality)
 * found by full pinyin, initials, mixed (张s) and by traditional or simplified characters;
 * another office's records never; a prefecture's talent search over its counties only; a
 * rename changes what is found, also in the cached list; bad text is 400 naming the
 * parameter. Offices: 532822 (勐海, under 532800), 532801 (景洪, under 532800), 440104
 * (越秀, under 440100). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_mh[2048], tok_jh[2048], tok_yx[2048], tok_bn[2048], tok_gz[2048];
static int idseq = 900;

/* URL-encoded queries */
#define Q_ZHANGS "zhangs"
#define Q_ZS "zs"
#define Q_ZSF "zsf"
#define Q_ZHANG_S "%E5%BC%A0s"            /* 张s */
#define Q_ZHANG_S_T "%E5%BC%B5s"          /* 張s */
#define Q_ZHANGSAN_T "%E5%BC%B5%E4%B8%89" /* 張三 */
#define Q_LIUDE "%E5%88%98%E5%BE%B7"      /* 刘德 */

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/name-search-server.log");
    login("532822", "admin", "demo-532822-pass", tok_mh, sizeof(tok_mh), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("440104", "admin", "demo-440104-pass", tok_yx, sizeof(tok_yx), NULL, 0);
    login("532800", "admin", "demo-532800-pass", tok_bn, sizeof(tok_bn), NULL, 0);
    login("440100", "admin", "demo-440100-pass", tok_gz, sizeof(tok_gz), NULL, 0);
    return 0;
}

/* The names of the items of GET path as token, "|"-joined with a leading "|" (and the
 * body checked for the keys that are never shown). */
static void names_of(const char *path, const char *token, char *out, size_t n)
{
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    char *text = cJSON_PrintUnformatted(j);
    assert_null(strstr(text, "_py"));
    assert_null(strstr(text, "initials"));
    assert_null(strstr(text, "simplified"));
    cJSON_free(text);
    const cJSON *it = NULL;
    size_t len = 0;
    out[0] = '\0';
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
        len += (size_t)snprintf(out + len, len < n ? n - len : 0, "|%s", nm->valuestring);
    }
    cJSON_Delete(j);
}

/* GET prefix + q as token finds exactly want ("|"-joined names in the list's order). */
static void finds_at(const char *prefix, const char *q, const char *token, const char *want, int line)
{
    char path[256], got[1024];
    snprintf(path, sizeof(path), "%s%s", prefix, q);
    names_of(path, token, got, sizeof(got));
    if (strcmp(got, want) != 0) {
        fail_msg("line %d: %s found \"%s\", want \"%s\"", line, path, got, want);
    }
}
#define finds(prefix, q, token, want) finds_at((prefix), (q), (token), (want), __LINE__)

static void member(const char *token, const char *office, const char *name, char *id, size_t idlen)
{
    char idno[19];
    idno_seq(idno, office, "1946", (unsigned)idseq++);
    member_create(token, name, idno, "retired", "", id, idlen);
}

/* PATCH path's name as token (with its If-Match). */
static void rename_to(const char *path, const char *token, const char *name)
{
    char ifm[40], body[128];
    if_match(path, token, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    expect_with(200, "PATCH", path, token, body, h);
}

static void members_by_pinyin_initials_mixed_and_script(void **s)
{
    (void)s;
    char a[24], b[24], c[24], d[24], e[24], path[64];
    member(tok_mh, "532822", "张三丰", a, sizeof(a));
    member(tok_mh, "532822", "章散", b, sizeof(b)); /* a homophone of 张三 */
    member(tok_mh, "532822", "李四", c, sizeof(c));
    member(tok_mh, "532822", "劉德華", e, sizeof(e)); /* written in traditional script */
    member(tok_yx, "440104", "张三丰", d, sizeof(d)); /* another office's */
    const char *m = "/v1/members?limit=100&name=";
    finds(m, Q_ZHANGS, tok_mh, "|张三丰|章散");
    finds(m, Q_ZS, tok_mh, "|张三丰|章散");
    finds(m, "ZSF", tok_mh, "|张三丰");
    finds(m, Q_ZHANG_S, tok_mh, "|张三丰"); /* 张 itself, not 章 */
    finds(m, Q_ZHANG_S_T, tok_mh, "|张三丰");
    finds(m, Q_ZHANGSAN_T, tok_mh, "|张三丰"); /* 張三 folds to 张三 */
    finds(m, Q_LIUDE, tok_mh, "|劉德華");      /* and 劉德華 to 刘德华 */
    finds(m, "ldh", tok_mh, "|劉德華");
    finds(m, "liudehua", tok_mh, "|劉德華");
    finds(m, "%E5%9B%9B", tok_mh, "|李四"); /* 四: contains, as before */
    finds(m, Q_ZSF, tok_yx, "|张三丰");     /* the other office's own */
    finds(m, "zhangsanfengx", tok_mh, "");
    /* a rename changes what the (cached) list finds */
    snprintf(path, sizeof(path), "/v1/members/%s", a);
    rename_to(path, tok_mh, "王五");
    finds(m, Q_ZSF, tok_mh, "");
    finds(m, Q_ZS, tok_mh, "|章散");
    finds(m, "wangw", tok_mh, "|王五");
    (void)c;
    (void)d;
}

static void volunteers_by_pinyin(void **s)
{
    (void)s;
    char a[24], b[24], path[64];
    post_created("/v1/volunteers", tok_mh, "{\"name\":\"張三豐\",\"phone\":\"13911110001\"}", a, sizeof(a));
    post_created("/v1/volunteers", tok_mh, "{\"name\":\"李四\",\"phone\":\"13911110002\"}", b, sizeof(b));
    post_created("/v1/volunteers", tok_yx, "{\"name\":\"张三丰\",\"phone\":\"13911110003\"}", b, sizeof(b));
    const char *v = "/v1/volunteers?name=";
    finds(v, Q_ZS, tok_mh, "|張三豐");
    finds(v, Q_ZHANGS, tok_mh, "|張三豐");
    finds(v, Q_ZHANG_S, tok_mh, "|張三豐");
    finds(v, "%E5%BC%A0%E4%B8%89", tok_mh, "|張三豐"); /* 张三 finds 張三 */
    finds(v, Q_ZHANGSAN_T, tok_mh, "|張三豐");
    finds(v, "ls", tok_mh, "|李四");
    finds(v, Q_ZS, tok_yx, "|张三丰");
    snprintf(path, sizeof(path), "/v1/volunteers/%s", a);
    rename_to(path, tok_mh, "王五");
    finds(v, Q_ZS, tok_mh, "");
    finds(v, "ww", tok_mh, "|王五");
}

/* The id of the office of token's first talent category. */
static void first_category(const char *token, char *id, size_t idlen)
{
    cJSON *j = expect_json(200, "GET", "/v1/talent-categories", token, NULL);
    const cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_non_null(it);
    snprintf(id, idlen, "%s", cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring);
    cJSON_Delete(j);
}

/* An admitted talent {name, speciality} of the office of token. */
static void talent(const char *token, const char *name, const char *speciality, char *id, size_t idlen)
{
    char body[256], cat[24];
    first_category(token, cat, sizeof(cat));
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"speciality\":\"%s\",\"categories\":[\"%s\"]}", name,
             speciality, cat);
    talent_admitted(token, body, id, idlen);
}

static void talents_by_pinyin_name_and_speciality(void **s)
{
    (void)s;
    char a[24], b[24], c[24], path[64];
    talent(tok_mh, "張三豐", "書法篆刻", a, sizeof(a));
    talent(tok_jh, "张三丰", "古琴斫制", b, sizeof(b)); /* a sibling county */
    talent(tok_yx, "张三丰", "古琴斫制", c, sizeof(c)); /* another prefecture */
    const char *t = "/v1/talents/search?q=";
    finds(t, Q_ZS, tok_mh, "|張三豐");
    finds(t, Q_ZHANG_S, tok_mh, "|張三豐");
    finds(t, "%E5%BC%A0%E4%B8%89%E4%B8%B0", tok_mh, "|張三豐"); /* 张三丰 */
    finds(t, "shufa", tok_mh, "|張三豐");                       /* the speciality's pinyin */
    finds(t, "sfzk", tok_mh, "|張三豐");                        /* and initials */
    finds(t, "%E4%B9%A6%E6%B3%95", tok_mh, "|張三豐");          /* 书法 finds 書法 */
    finds(t, "guqin", tok_mh, "");                              /* the sibling county's */
    /* a prefecture searches its counties, never another prefecture's */
    finds(t, Q_ZSF, tok_bn, "|张三丰|張三豐"); /* newest admitted first, as before */
    finds(t, "guqinz", tok_bn, "|张三丰");
    finds(t, Q_ZSF, tok_gz, "|张三丰");
    finds(t, Q_ZSF, tok_yx, "|张三丰");
    /* a rename changes what the cached search finds */
    snprintf(path, sizeof(path), "/v1/talents/%s", a);
    rename_to(path, tok_mh, "王五");
    finds(t, Q_ZS, tok_mh, "");
    finds(t, "wangwu", tok_mh, "|王五");
    (void)b;
    (void)c;
}

/* A row whose keys are missing (written before sql/0059, or by another tool) gets them
 * from a process that starts: serve fills them in the background after it listens. */
static void serve_fills_missing_keys(void **s)
{
    (void)s;
    char a[24], sql[160], base[64];
    member(tok_mh, "532822", "欧阳修", a, sizeof(a));
    snprintf(sql, sizeof(sql),
             "UPDATE members SET name_simplified = NULL, name_py = NULL, name_initials = NULL WHERE id = %s",
             a);
    struct db *db = test_db();
    assert_int_equal(db_exec(db, sql, NULL, 0, NULL, NULL, NULL), YH_OK);
    snprintf(sql, sizeof(sql), "SELECT IFNULL(name_py, '') FROM members WHERE id = %s", a);
    char *py = test_db_string(db, sql);
    assert_string_equal(py, "");
    free(py);
    pid_t second = server_start(NULL, base, sizeof(base), "build/test-logs/name-search-second.log");
    for (int i = 0; i < 100; i++) {
        py = test_db_string(db, sql);
        bool done = py[0] != '\0';
        free(py);
        if (done) {
            break;
        }
        usleep(50 * 1000);
    }
    server_stop(second); /* before the assertions: a failure leaves no server behind */
    py = test_db_string(db, sql);
    db_close(db);
    assert_string_equal(py, "ouyangxiu");
    free(py);
    finds("/v1/members?limit=100&name=", "ouyangx", tok_mh, "|欧阳修");
}

static void bad_text_names_the_parameter(void **s)
{
    (void)s;
    char long_q[3 * 9 * 51 + 64] = "/v1/members?name=";
    for (int i = 0; i < 51; i++) {
        strcat(long_q, "%E5%BC%A0");
    }
    expect_field(400, "GET", long_q, tok_mh, NULL, "name");
    expect_field(400, "GET", "/v1/members?name=a%0Ab", tok_mh, NULL, "name");
    expect_field(400, "GET", "/v1/volunteers?name=a%01b", tok_mh, NULL, "name");
    expect_field(400, "GET", "/v1/volunteers?name=", tok_mh, NULL, "name");
    expect_field(400, "GET", "/v1/talents/search?q=zs%7F", tok_mh, NULL, "q");
    expect(200, "GET", "/v1/members?name=%F0%9F%98%80", tok_mh, NULL); /* an emoji: found nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(members_by_pinyin_initials_mixed_and_script),
        cmocka_unit_test(volunteers_by_pinyin),
        cmocka_unit_test(talents_by_pinyin_name_and_speciality),
        cmocka_unit_test(bad_text_names_the_parameter),
        cmocka_unit_test(serve_fills_missing_keys),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
