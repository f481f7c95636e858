/* Content coding of cached reads (service/platform/gzip.c): which Accept-Encoding values
 * accept gzip, and that what gzip_encode writes inflates back to its input, the same bytes
 * every time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "yinhui/gzip.h"
#include "yinhui/util.h"

static void accept_encoding_values(void **state)
{
    (void)state;
    assert_true(gzip_accepted("gzip"));
    assert_true(gzip_accepted("GZIP"));
    assert_true(gzip_accepted("x-gzip"));
    assert_true(gzip_accepted("gzip, deflate, br"));
    assert_true(gzip_accepted("deflate,gzip"));
    assert_true(gzip_accepted("br;q=1.0, gzip;q=0.8, *;q=0.1"));
    assert_true(gzip_accepted("*"));
    assert_true(gzip_accepted("gzip;q=0.001"));
    assert_true(gzip_accepted("gzip ; q=1"));
    assert_false(gzip_accepted(NULL));
    assert_false(gzip_accepted(""));
    assert_false(gzip_accepted("identity"));
    assert_false(gzip_accepted("deflate, br"));
    assert_false(gzip_accepted("gzip;q=0"));
    assert_false(gzip_accepted("gzip;q=0.000"));
    assert_false(gzip_accepted("*;q=0"));
    assert_false(gzip_accepted("gzip;q=0, *"));  /* refused by name: the star does not bring it back */
    assert_false(gzip_accepted("gzipx, xgzip")); /* whole names only */
    assert_false(gzip_accepted("gzip;q=2"));     /* malformed q: the item is ignored */
    assert_false(gzip_accepted("gzip;q=abc"));
    assert_true(gzip_accepted("gzip;q=abc, *")); /* the star still accepts it */
}

static void round_trip_and_stable(void **state)
{
    (void)state;
    struct buf body = {0}, a = {0}, b = {0};
    for (int i = 0; i < 200; i++) {
        buf_printf(&body, "{\"id\":%d,\"name\":\"张三丰 🌸\",\"branch\":\"离退休干部第%d支部\"},", i, i % 7);
    }
    assert_true(gzip_encode(body.data, body.len, &a));
    assert_true(gzip_encode(body.data, body.len, &b));
    assert_true(a.len < body.len / 4); /* repetitive JSON shrinks a lot */
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len); /* same bytes: a stable ETag across processes */
    assert_int_equal((unsigned char)a.data[0], 0x1f);
    assert_int_equal((unsigned char)a.data[1], 0x8b);
    size_t n = 0;
    char *back = gunzip_all(a.data, a.len, &n);
    assert_int_equal(n, body.len);
    assert_memory_equal(back, body.data, n);
    free(back);
    buf_free(&a);
    buf_free(&b);
    buf_free(&body);
}

static void empty_input(void **state)
{
    (void)state;
    struct buf z = {0};
    buf_puts(&z, "kept"); /* appends: what was there stays */
    assert_true(gzip_encode("", 0, &z));
    assert_memory_equal(z.data, "kept", 4);
    size_t n = 99;
    char *back = gunzip_all(z.data + 4, z.len - 4, &n);
    assert_int_equal(n, 0);
    free(back);
    buf_free(&z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accept_encoding_values),
        cmocka_unit_test(round_trip_and_stable),
        cmocka_unit_test(empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
