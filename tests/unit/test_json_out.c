/* JSON text written straight into a buffer (service/platform/json_out.c: the care due
 * list's items, and json_print for every JSON reply): every value is the bytes
 * cJSON_PrintUnformatted writes for it, so a body rendered either way has the same ETag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "yinhui/json_out.h"
#include "yinhui/util.h"

/* json_buf_str(s) equals cJSON's printing of the string s. */
static void assert_like_cjson(const char *s)
{
    struct buf b = {0};
    cJSON *j = cJSON_CreateString(s);
    char *want = cJSON_PrintUnformatted(j);
    json_buf_str(&b, s);
    assert_string_equal(b.data, want);
    free(want);
    cJSON_Delete(j);
    buf_free(&b);
}

static void strings_as_cjson_prints_them(void **state)
{
    (void)state;
    char every_control[40];
    for (int c = 1; c < 32; c++) {
        every_control[c - 1] = (char)c;
    }
    memcpy(every_control + 31, "\"\\/\x7f", 5);
    assert_like_cjson(every_control);
    assert_like_cjson("");
    assert_like_cjson("胡福");
    assert_like_cjson("春节 (2027-02-06) holiday round");
    assert_like_cjson("a\"b\\c\nd\te\rf\bg\fh\x01i\x1fj");
    assert_like_cjson("\"");
    assert_like_cjson("\\\\");
}

static void null_and_ids(void **state)
{
    (void)state;
    struct buf b = {0};
    json_buf_str(&b, NULL);
    buf_puts(&b, ",");
    json_buf_id(&b, 0);
    buf_puts(&b, ",");
    json_buf_id(&b, 42);
    buf_puts(&b, ",");
    json_buf_id(&b, INT64_MAX);
    assert_string_equal(b.data, "null,null,\"42\",\"9223372036854775807\"");
    buf_free(&b);
}

/* json_print(tree) is what cJSON_PrintUnformatted(tree) writes (tree freed). */
static void assert_tree_like_cjson(cJSON *tree)
{
    struct buf b = {0};
    char *want = cJSON_PrintUnformatted(tree);
    assert_non_null(want);
    assert_true(json_print(tree, &b));
    assert_string_equal(b.data, want);
    free(want);
    buf_free(&b);
    cJSON_Delete(tree);
}

static void trees_as_cjson_prints_them(void **state)
{
    (void)state;
    const double numbers[] = {0,
                              -0.0,
                              1,
                              -1,
                              65,
                              1932,
                              2147483647.0,
                              -2147483648.0,
                              2147483648.0,
                              -2147483649.0,
                              1e300,
                              -1e300,
                              0.1,
                              -2.5,
                              1.0 / 3,
                              1e-7,
                              123456789012.0,
                              0.5,
                              3.14159,
                              1.0 / 0.0,
                              -1.0 / 0.0,
                              0.0 / 0.0};
    cJSON *o = cJSON_CreateObject();
    cJSON *nums = cJSON_AddArrayToObject(o, "numbers");
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        cJSON_AddItemToArray(nums, cJSON_CreateNumber(numbers[i]));
    }
    cJSON_AddObjectToObject(o, "empty");
    cJSON_AddArrayToObject(o, "none");
    cJSON_AddTrueToObject(o, "t");
    cJSON_AddFalseToObject(o, "f");
    cJSON_AddNullToObject(o, "n");
    cJSON_AddStringToObject(o, "名\"\n", "a\"b\\c\nd\te\x01\x7f胡福");
    cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("{\"x\": [1, 2]}"));
    cJSON *s = cJSON_CreateString("x");
    free(s->valuestring);
    s->valuestring = NULL; /* cJSON prints "" */
    cJSON_AddItemToObject(o, "nulls", s);
    cJSON_AddItemToArray(o, cJSON_CreateString("no name")); /* an object's child without one */
    cJSON *inner = cJSON_CreateArray();
    cJSON_AddItemToArray(inner, cJSON_CreateObject());
    cJSON_AddItemToArray(inner, cJSON_CreateArray());
    cJSON_AddItemToArray(inner, cJSON_CreateStringReference("const"));
    cJSON_AddItemToObject(o, "nested", inner);
    assert_tree_like_cjson(o);
    assert_tree_like_cjson(cJSON_CreateString("alone"));
    assert_tree_like_cjson(cJSON_CreateNumber(42));
    assert_tree_like_cjson(cJSON_CreateArray());
}

/* A random value under depth levels of nesting (a fixed seed: the same trees every run). */
static cJSON *random_tree(unsigned *seed, int depth)
{
    int kind = rand_r(seed) % (depth > 0 ? 7 : 5);
    char text[24];
    size_t n = (size_t)(rand_r(seed) % (int)sizeof(text));
    for (size_t i = 0; i < n; i++) {
        text[i] = (char)(1 + rand_r(seed) % 255); /* every byte but NUL */
    }
    text[n] = '\0';
    switch (kind) {
    case 0:
        return cJSON_CreateString(text);
    case 1:
        return cJSON_CreateNumber(rand_r(seed) % 3 ? (double)(rand_r(seed) - RAND_MAX / 2)
                                                   : (double)rand_r(seed) / 7.0);
    case 2:
        return cJSON_CreateBool(rand_r(seed) % 2);
    case 3:
        return cJSON_CreateNull();
    case 4:
        return cJSON_CreateNumber((double)rand_r(seed) * 1e6);
    default: {
        cJSON *c = kind == 5 ? cJSON_CreateObject() : cJSON_CreateArray();
        for (int i = rand_r(seed) % 5; i > 0; i--) {
            cJSON_AddItemToObject(c, text, random_tree(seed, depth - 1));
        }
        return c;
    }
    }
}

static void random_trees_as_cjson_prints_them(void **state)
{
    (void)state;
    unsigned seed = 17;
    for (int i = 0; i < 2000; i++) {
        assert_tree_like_cjson(random_tree(&seed, 4));
    }
}

static void invalid_items_fail_as_in_cjson(void **state)
{
    (void)state;
    struct buf b = {0};
    cJSON *o = cJSON_CreateObject();
    cJSON *bad = cJSON_CreateNull();
    bad->type = cJSON_Invalid;
    cJSON_AddItemToObject(o, "bad", bad);
    assert_null(cJSON_PrintUnformatted(o));
    assert_false(json_print(o, &b));
    cJSON_Delete(o);
    cJSON *raw = cJSON_CreateRaw("1");
    free(raw->valuestring);
    raw->valuestring = NULL;
    assert_null(cJSON_PrintUnformatted(raw));
    assert_false(json_print(raw, &b));
    cJSON_Delete(raw);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_as_cjson_prints_them),   cmocka_unit_test(null_and_ids),
        cmocka_unit_test(trees_as_cjson_prints_them),     cmocka_unit_test(random_trees_as_cjson_prints_them),
        cmocka_unit_test(invalid_items_fail_as_in_cjson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
