/* What a masked view lets anyone derive (issue 11): the number of valid GB 11643
 * numbers consistent with everything a masked member view shows, and CSV cells that a
 * spreadsheet would run as formulas. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/config.h"
#include "yinhui/csv.h"
#include "yinhui/json_in.h"
#include "yinhui/member_json.h"
#include "yinhui/pii.h"

static const char K1[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

static const char *env_get(const char *name)
{
    if (strcmp(name, "YH_MASTER_KEY") == 0 || strcmp(name, "YH_DATA_KEY") == 0 ||
        strcmp(name, "YH_PII_HMAC_KEY") == 0) {
        return K1;
    }
    return strcmp(name, "YH_REDIS_PASSWORD") == 0 ? "unit-test-redis-password" : NULL;
}

static bool fits(const char *candidate, const char *shown)
{
    for (int i = 0; i < 18; i++) {
        if (shown[i] != '*' && shown[i] != candidate[i]) {
            return false;
        }
    }
    return true;
}

/* How many valid numbers agree with what a view shows: the (masked) number, the birth
 * date (NULL when the view has none) or else the birth year, and the gender. The
 * division code counts as known (the residence shows it), so the first 6 characters of
 * the shown number must be digits. Every candidate is confirmed by idno_check. */
static long candidates(const char *shown, const char *birth_date, int birth_year, const char *gender)
{
    char c[40], norm[19], birth[11], date[40];
    bool female = false;
    long n = 0;
    for (int i = 0; i < 6; i++) {
        assert_true(shown[i] >= '0' && shown[i] <= '9');
    }
    for (int mm = 1; mm <= 12; mm++) {
        for (int dd = 1; dd <= 31; dd++) {
            snprintf(date, sizeof(date), "%04u-%02u-%02u", (unsigned)birth_year % 10000u, (unsigned)mm % 100u,
                     (unsigned)dd % 100u);
            if (!date_valid(date) || (birth_date != NULL && strcmp(date, birth_date) != 0)) {
                continue;
            }
            for (int seq = 0; seq < 1000; seq++) {
                snprintf(c, sizeof(c), "%.6s%04u%02u%02u%03u", shown, (unsigned)birth_year % 10000u,
                         (unsigned)mm % 100u, (unsigned)dd % 100u, (unsigned)seq % 1000u);
                c[17] = idno_check_char(c);
                c[18] = '\0';
                if (!fits(c, shown) || idno_check(c, norm, birth, &female) != IDNO_OK ||
                    female != (strcmp(gender, "female") == 0)) {
                    continue;
                }
                n++;
            }
        }
    }
    return n;
}

static void make_number(const char *division, const char *ymd, int seq, char out[19])
{
    idno_make(out, division, ymd, (unsigned)seq);
}

static const char *jstr(const cJSON *j, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(j, name);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static void masked_view_leaves_a_thousand_numbers(void **s)
{
    (void)s;
    static const struct {
        const char *division, *ymd;
        int seq;
    } sample[] = {
        {"532801", "19260101", 1},  /* the example: 532801********0015 beside 1926-01-01 */
        {"110105", "19491231", 2},  /* the standard's example, female */
        {"440104", "19360229", 24}, /* 29 February */
        {"530102", "19450101", 123}, {"532822", "19500615", 999}, {"440104", "19380615", 21},
        {"532801", "20001231", 0},   {"532801", "19801001", 540},
    };
    struct config cfg;
    char err[256], today[11] = "2026-12-01";
    assert_int_equal(config_load(&cfg, env_get, err, sizeof(err)), 0);
    long least = -1;
    for (size_t k = 0; k < sizeof(sample) / sizeof(sample[0]); k++) {
        struct member m;
        struct member_plain p;
        char idno[19], norm[19], birth[11], digits[9];
        bool female = false;
        memset(&m, 0, sizeof(m));
        memset(&p, 0, sizeof(p));
        make_number(sample[k].division, sample[k].ymd, sample[k].seq, idno);
        assert_int_equal(idno_check(idno, norm, birth, &female), IDNO_OK);
        snprintf(m.office, sizeof(m.office), "%s", sample[k].division);
        snprintf(m.name, sizeof(m.name), "样本%zu", k);
        snprintf(m.gender, sizeof(m.gender), "%s", female ? "female" : "male");
        snprintf(m.birth_date, sizeof(m.birth_date), "%s", birth);
        snprintf(m.residence_code, sizeof(m.residence_code), "%s", sample[k].division);
        snprintf(m.category, sizeof(m.category), "retired");
        snprintf(m.status, sizeof(m.status), "active");
        snprintf(p.id_number, sizeof(p.id_number), "%s", idno);
        snprintf(p.phone, sizeof(p.phone), "13812345678");
        p.id_set = p.phone_set = true;
        assert_int_equal(member_seal(&cfg, &m, &p), 0);

        /* the masked view, as GET, lists, lookup and the caches show it */
        cJSON *v = member_json(&cfg, &m, false, today);
        assert_non_null(v);
        char *text = cJSON_PrintUnformatted(v);
        memcpy(digits, sample[k].ymd, 8);
        digits[8] = '\0';
        assert_null(cJSON_GetObjectItemCaseSensitive(v, "birth_date"));
        assert_null(cJSON_GetObjectItemCaseSensitive(v, "age"));
        assert_null(strstr(text, digits));   /* no YYYYMMDD */
        assert_null(strstr(text, birth));    /* no YYYY-MM-DD */
        assert_null(strstr(text, idno + 6)); /* no tail of the number */
        const cJSON *year = cJSON_GetObjectItemCaseSensitive(v, "birth_year");
        assert_true(cJSON_IsNumber(year));
        assert_int_equal(year->valueint, atoi(birth));
        const char *shown = jstr(v, "id_number");
        assert_non_null(shown);
        assert_int_equal(strlen(shown), 18);
        long n = candidates(shown, NULL, year->valueint, jstr(v, "gender"));
        assert_true(n >= 1000);
        least = least < 0 || n < least ? n : least;

        /* the old masked view: division, the last four, and the birth date beside them */
        char old[19];
        snprintf(old, sizeof(old), "%.6s********%s", idno, idno + 14);
        assert_int_equal(candidates(old, birth, atoi(birth), m.gender), 1);
        /* and the full view (pii:read + reveal) is the one number */
        cJSON *f = member_json(&cfg, &m, true, today);
        assert_string_equal(jstr(f, "id_number"), idno);
        assert_string_equal(jstr(f, "birth_date"), birth);
        assert_int_equal(candidates(jstr(f, "id_number"), birth, atoi(birth), m.gender), 1);
        cJSON_Delete(f);
        free(text);
        cJSON_Delete(v);
    }
    /* 365 or 366 days x 500 sequences of the gender's parity, one check digit each */
    assert_true(least >= 365L * 500);
}

static void csv_cells_are_neutralised(void **s)
{
    (void)s;
    struct buf out = {0};
    const char *cells[] = {
        "=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "plain", "a=b", ""};
    for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
        csv_field(&out, cells[i]);
        buf_puts(&out, ",");
    }
    assert_string_equal(
        out.data, "\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1\",\"'-2+3\",\"'@SUM(A1)\",\"'\t=1\",\"'\r=1\","
                  "plain,a=b,,");
    /* read back, each neutralised cell starts with the quote */
    struct csv c;
    struct buf scratch = {0};
    const char *f[CSV_FIELDS_MAX];
    csv_init(&c, out.data, out.len);
    assert_int_equal(csv_row(&c, &scratch, f, CSV_FIELDS_MAX), 10);
    assert_string_equal(f[4], "'\t=1");
    assert_string_equal(f[5], "'\r=1");
    assert_string_equal(f[6], "plain");
    buf_free(&scratch);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(masked_view_leaves_a_thousand_numbers),
        cmocka_unit_test(csv_cells_are_neutralised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
