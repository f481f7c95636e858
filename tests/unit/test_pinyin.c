/* Unit tests of the search keys (pinyin.c): ICU's readings, folding, query modes, bad
 * input, and concurrent use from threads. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "yinhui/pinyin.h"

static void keys(const char *text, bool is_name, const char *simp, const char *py, const char *ini)
{
    struct name_keys k;
    assert_true(name_keys_of(text, is_name, &k));
    assert_string_equal(k.simplified, simp);
    assert_string_equal(k.py, py);
    assert_string_equal(k.initials, ini);
}

static void plain_name(void **state)
{
    (void)state;
    keys("张三", true, "张三", "zhangsan", "zs");
    keys("李小龍", true, "李小龙", "lixiaolong", "lxl");
}

static void traditional_folds(void **state)
{
    (void)state;
    keys("張三", true, "张三", "zhangsan", "zs");
    keys("長孫無忌", true, "长孙无忌", "zhangsunwuji", "zswj");
}

/* Han-Latin/Names reads a leading surname as a surname: 单 shan (Han-Latin: dan), 曾
 * zeng (ceng), 解 xie (jie), 区 ou (qu), 仇 qiu (chou); elsewhere the common reading. 單
 * is folded to 单 first, so it reads shan too. */
static void surname_readings(void **state)
{
    (void)state;
    keys("单雄信", true, "单雄信", "shanxiongxin", "sxx");
    keys("單田芳", true, "单田芳", "shantianfang", "stf");
    keys("曾国藩", true, "曾国藩", "zengguofan", "zgf");
    keys("区伟", true, "区伟", "ouwei", "ow");
    keys("张单", true, "张单", "zhangdan", "zd");
    keys("曾国藩", false, "曾国藩", "cengguofan", "cgf"); /* not a name: Han-Latin */
}

static void other_input(void **state)
{
    (void)state;
    keys("", true, "", "", "");
    keys("Tom李", true, "Tom李", "tomli", "tl");
    keys("😀张", true, "😀张", "zhang", "z");
    keys("心血管病,書法", false, "心血管病,书法", "xinxueguanbingshufa", "xxgbsf");
    struct name_keys k;
    assert_false(name_keys_of("\xff\xfe", true, &k)); /* not UTF-8 */
    assert_string_equal(k.py, "");
}

/* A long text is keyed by its first 256 UTF-16 units; the pinyin is cut at its width. */
static void long_input(void **state)
{
    (void)state;
    char text[3 * 300 + 1] = "";
    for (int i = 0; i < 300; i++) {
        strcat(text, "張");
    }
    struct name_keys k;
    assert_true(name_keys_of(text, false, &k));
    assert_int_equal(strlen(k.simplified), 3 * 256);
    assert_int_equal(strncmp(k.simplified, "张张", 6), 0);
    assert_int_equal(strlen(k.py), PY_FULL_MAX - 1);
    assert_int_equal(strlen(k.initials), PY_INI_MAX - 1);
}

static void query(const char *q, enum pinyin_mode mode, const char *simp, const char *py)
{
    struct pinyin_query pq;
    assert_true(pinyin_query_of(q, &pq));
    assert_int_equal(pq.mode, mode);
    assert_string_equal(pq.simplified, simp);
    assert_string_equal(pq.py, py);
}

static void mixed_han_part(void **state)
{
    (void)state;
    struct pinyin_query pq;
    assert_true(pinyin_query_of("張s", &pq));
    assert_string_equal(pq.han, "张");
    assert_true(pinyin_query_of("z三f", &pq));
    assert_int_equal(pq.mode, PQ_MIXED);
    assert_string_equal(pq.py, "zsanf");
    assert_string_equal(pq.han, "三");
    assert_true(pinyin_query_of("zs", &pq));
    assert_string_equal(pq.han, "");
}

static void queries(void **state)
{
    (void)state;
    query("zhangs", PQ_LATIN, "zhangs", "zhangs");
    query("ZS", PQ_LATIN, "ZS", "zs");
    query("zhang san", PQ_LATIN, "zhang san", "zhangsan");
    query("张s", PQ_MIXED, "张s", "zhangs");
    query("張s", PQ_MIXED, "张s", "zhangs");
    query("張三", PQ_HAN, "张三", "");
    query("123", PQ_HAN, "123", "");
    query("😀", PQ_HAN, "😀", "");
}

static void text_checks(void **state)
{
    (void)state;
    char long_q[3 * 51 + 1] = "";
    for (int i = 0; i < 51; i++) {
        strcat(long_q, "张");
    }
    assert_true(search_text_ok("张s"));
    assert_true(search_text_ok(long_q + 3)); /* 50 characters */
    assert_false(search_text_ok(long_q));
    assert_false(search_text_ok(""));
    assert_false(search_text_ok("张\n三"));
    assert_false(search_text_ok("a\x7f"));
    assert_false(search_text_ok("a\xc2\x85"));
    assert_false(search_text_ok("\xe5\xbc"));
}

static void *keys_loop(void *arg)
{
    const char *name = arg;
    for (int i = 0; i < 200; i++) {
        struct name_keys k;
        if (!name_keys_of(name, true, &k) || strcmp(k.simplified, "张三丰") != 0 ||
            strcmp(k.py, "zhangsanfeng") != 0) {
            return (void *)1;
        }
    }
    return NULL;
}

/* Four threads at once, each with its own clones: every result right. */
static void threads(void **state)
{
    (void)state;
    pthread_t t[4];
    const char *names[4] = {"張三豐", "张三丰", "張三丰", "张三豐"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, keys_loop, (void *)names[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        void *rc = (void *)1;
        pthread_join(t[i], &rc);
        assert_null(rc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_name),       cmocka_unit_test(traditional_folds),
        cmocka_unit_test(surname_readings), cmocka_unit_test(other_input),
        cmocka_unit_test(long_input),       cmocka_unit_test(queries),
        cmocka_unit_test(mixed_han_part),   cmocka_unit_test(text_checks),
        cmocka_unit_test(threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
