/* JSON text written straight into a buffer (service/platform/json_out.c, the care due
 * list's items): every value is the bytes cJSON_PrintUnformatted writes for it, so a
 * body rendered either way has the same ETag. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_as_cjson_prints_them),
        cmocka_unit_test(null_and_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
