/* The service's one clock (now_s) and its test-only pin (YH_TEST_CLOCK): the guard that
 * keeps it out of production, the pinned instant advancing in real time, and date rules
 * that read it in China time (today_cn, the ID number's "not born in the future"). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "yinhui/access.h"
#include "yinhui/pii.h"
#include "yinhui/util.h"

#define KEY "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

static const char *fake_env[6][2];

static const char *fake_get(const char *name)
{
    for (size_t i = 0; i < 6; i++) {
        if (fake_env[i][0] && strcmp(fake_env[i][0], name) == 0) {
            return fake_env[i][1];
        }
    }
    return NULL;
}

static void set_env(const char *clock, const char *mode)
{
    memset(fake_env, 0, sizeof(fake_env));
    fake_env[0][0] = "YH_MASTER_KEY", fake_env[0][1] = KEY;
    fake_env[1][0] = "YH_DATA_KEY", fake_env[1][1] = KEY;
    fake_env[2][0] = "YH_PII_HMAC_KEY", fake_env[2][1] = KEY;
    fake_env[3][0] = clock ? "YH_TEST_CLOCK" : NULL, fake_env[3][1] = clock;
    fake_env[4][0] = mode ? "YH_TEST_MODE" : NULL, fake_env[4][1] = mode;
    fake_env[5][0] = "YH_REDIS_PASSWORD", fake_env[5][1] = "unit-test-redis-password";
}

static void pin_needs_test_mode(void **s)
{
    (void)s;
    struct config cfg;
    char err[256];
    set_env(NULL, NULL);
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    assert_string_equal(cfg.test_clock, ""); /* not pinned by default */
    assert_int_equal(cfg.checkin_margin_min, 60);
    /* refused, not ignored, without the explicit test mode */
    set_env("2027-01-01T00:10:00+08:00", NULL);
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_TEST_MODE"));
    set_env("2027-01-01T00:10:00+08:00", "0");
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    /* an instant needs its offset */
    set_env("2027-01-01T00:10:00", "1");
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "YH_TEST_CLOCK"));
    set_env("2027-02-29T00:10:00+08:00", "1");
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), -1);
    set_env("2027-01-01T00:10:00+08:00", "1");
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    assert_int_equal(cfg.test_clock_at, 1798733400); /* 2026-12-31T16:10:00Z */
    set_env("2026-12-31T16:10:00Z", "1");
    assert_int_equal(config_load(&cfg, fake_get, err, sizeof(err)), 0);
    assert_int_equal(cfg.test_clock_at, 1798733400);
}

/* Pinned at 00:10 on 1 January in China, which is still 31 December in UTC: today is
 * the new year's day, time advances, and someone born today is not born in the future
 * (the check read the machine's local time zone before). */
static void pinned_clock_reads_china_time(void **s)
{
    (void)s;
    char today[11], t[20], norm[19], birth[11];
    bool female;
    clock_pin(1798733400); /* 2027-01-01T00:10:00+08:00 */
    assert_true(clock_pinned());
    int64_t a = now_s();
    assert_true(a >= 1798733400 && a <= 1798733401);
    today_cn(today);
    assert_string_equal(today, "2027-01-01");
    time_cn(now_s(), t);
    assert_memory_equal(t, "2027-01-01 00:10:0", 18);
    assert_true(now_ms() / 1000 >= a && now_ms() / 1000 <= a + 1);
    struct timespec ts = {1, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    assert_true(now_s() > a); /* the pinned clock still advances */
    /* 11010520270101xxx: born today (China) is valid; tomorrow is in the future */
    const char *days[] = {"20270101", "20270102"};
    for (int k = 0; k < 2; k++) {
        char id[19];
        idno_make(id, "110105", days[k], 2);
        assert_int_equal(idno_check(id, norm, birth, &female), k == 0 ? IDNO_OK : IDNO_DATE);
    }
    /* 29 February of a leap year is a day like any other */
    clock_pin(1835402400); /* 2028-02-29T10:00:00+08:00 */
    today_cn(today);
    assert_string_equal(today, "2028-02-29");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pin_needs_test_mode),
        cmocka_unit_test(pinned_clock_reads_china_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
