/* An office's volunteer settings through HTTP (README.md, Volunteer settings): the
 * defaults of an office that set none, a PATCH under If-Match with its limits (each bad
 * field named), null lifting a cap, staff only, and each office its own. Office 530100
 * is written here (its row removed to see the defaults) and put back as it was by the
 * teardown, which runs even when a test fails; 532822 is the other office, read only:
 * nothing here assumes what another test file left in either. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok[2048], tok_other[2048];
static const char path[] = "/v1/volunteer-settings";
static cJSON *before_530100; /* 530100's settings at the start; NULL: it had no row */

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/vsettings-server.log");
    login("530100", "admin", "demo-530100-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    if (test_db_count("SELECT COUNT(*) FROM volunteer_settings WHERE office_code = '530100'", NULL, 0) > 0) {
        before_530100 = expect_json(200, "GET", path, tok, NULL);
        cJSON_DeleteItemFromObjectCaseSensitive(before_530100, "version");
    }
    return 0;
}

static void drop_530100_row(void)
{
    struct db *db = test_db();
    assert_int_equal(
        db_exec(db, "DELETE FROM volunteer_settings WHERE office_code = '530100'", NULL, 0, NULL, NULL, NULL),
        YH_OK);
    db_close(db);
}

/* 530100 as it was: no row, or its values PATCHed back. */
static int teardown(void **s)
{
    if (before_530100 == NULL) {
        drop_530100_row();
    } else {
        char hdr[64], *body = cJSON_PrintUnformatted(before_530100);
        if_match(path, tok, hdr, sizeof(hdr));
        expect_with(200, "PATCH", path, tok, body, (const char *const[]){hdr, NULL});
        free(body);
        cJSON_Delete(before_530100);
    }
    return api_stop(s);
}

static double num_at(const cJSON *j, const char *key)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, key));
}

/* PATCHes body as token under the settings' current version, expecting status. */
static void patch_at(long status, const char *token, const char *body, const char *field, int line)
{
    char hdr[64];
    if_match(path, token, hdr, sizeof(hdr));
    if (field != NULL) {
        struct http_res res;
        const char *h[] = {hdr, NULL};
        long got = req("PATCH", path, token, "application/json", body, h, &res);
        if (got != status || strstr(res.body ? res.body : "", field) == NULL) {
            fail_msg("line %d: PATCH %s -> %ld %s", line, body, got, res.body ? res.body : "");
        }
        http_free(&res);
        return;
    }
    expect_at(status, "PATCH", path, token, body, (const char *const[]){hdr, NULL}, __FILE__, line);
}
#define patch(status, token, body, field) patch_at((status), (token), (body), (field), __LINE__)

/* An office without a row has the defaults (530100's row removed here, put back by the
 * teardown). */
static void defaults_until_set(void **s)
{
    (void)s;
    drop_530100_row();
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(j, "reminder_days");
    assert_int_equal(cJSON_GetArraySize(days), 2);
    assert_int_equal((int)cJSON_GetArrayItem(days, 0)->valuedouble, 7);
    assert_int_equal((int)cJSON_GetArrayItem(days, 1)->valuedouble, 1);
    assert_int_equal((int)num_at(j, "checkout_margin_minutes"), 60);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "points_day_cap")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "cert_responsible")));
    assert_int_equal((int)num_at(j, "version"), 1);
    cJSON_Delete(j);
}

/* The version of the settings of token's office now. */
static int version_now(const char *token)
{
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    int v = (int)num_at(j, "version");
    cJSON_Delete(j);
    return v;
}

static void patch_sets_and_limits(void **s)
{
    (void)s;
    int before = version_now(tok);
    cJSON *other = expect_json(200, "GET", path, tok_other, NULL);
    patch(200, tok,
          "{\"reminder_days\":[1,3,14],\"checkout_margin_minutes\":30,\"points_day_cap\":50,"
          "\"points_year_cap\":3000,\"cert_responsible\":\"李建國 😊\",\"cert_contact\":\"0871-63100000\"}",
          NULL);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(j, "reminder_days");
    assert_int_equal(cJSON_GetArraySize(days), 3);
    assert_int_equal((int)cJSON_GetArrayItem(days, 0)->valuedouble, 14); /* largest first */
    assert_int_equal((int)cJSON_GetArrayItem(days, 2)->valuedouble, 1);
    assert_int_equal((int)num_at(j, "checkout_margin_minutes"), 30);
    assert_int_equal((int)num_at(j, "points_day_cap"), 50);
    assert_int_equal((int)num_at(j, "points_year_cap"), 3000);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "cert_responsible")->valuestring, "李建國 😊");
    assert_int_equal((int)num_at(j, "version"), before + 1);
    cJSON_Delete(j);
    /* the other office's settings are its own: as they were, whatever they are */
    j = expect_json(200, "GET", path, tok_other, NULL);
    assert_true(cJSON_Compare(j, other, true));
    cJSON_Delete(j);
    cJSON_Delete(other);
    /* each bad field named, nothing stored */
    patch(422, tok, "{\"reminder_days\":[7,7]}", "reminder_days");
    patch(422, tok, "{\"reminder_days\":[0]}", "reminder_days");
    patch(422, tok, "{\"reminder_days\":[61]}", "reminder_days");
    patch(422, tok, "{\"reminder_days\":[1,2,3,4,5]}", "reminder_days");
    patch(422, tok, "{\"reminder_days\":[]}", "reminder_days");
    patch(422, tok, "{\"reminder_days\":\"7,1\"}", "reminder_days");
    patch(422, tok, "{\"reminder_days\":[1.5]}", "reminder_days");
    patch(422, tok, "{\"checkout_margin_minutes\":-1}", "checkout_margin_minutes");
    patch(422, tok, "{\"checkout_margin_minutes\":1441}", "checkout_margin_minutes");
    patch(422, tok, "{\"points_day_cap\":-5}", "points_day_cap");
    patch(422, tok, "{\"points_day_cap\":\"10\"}", "points_day_cap");
    patch(422, tok, "{\"cert_contact\":\"012345678901234567890123456789012345678901234567890\"}",
          "cert_contact");
    patch(422, tok, "{\"colour\":\"red\"}", "colour");
    patch(422, tok, "{}", "\"body\"");
    assert_int_equal(version_now(tok), before + 1);
}

static void stale_version_and_missing_if_match(void **s)
{
    (void)s;
    char stale[32];
    snprintf(stale, sizeof(stale), "If-Match: \"%d\"", version_now(tok) - 1);
    expect_with(412, "PATCH", path, tok, "{\"points_day_cap\":10}", (const char *const[]){stale, NULL});
    expect(428, "PATCH", path, tok, "{\"points_day_cap\":10}");
}

static void null_lifts_a_cap_and_defaults_come_back(void **s)
{
    (void)s;
    patch(200, tok,
          "{\"reminder_days\":[7,1],\"checkout_margin_minutes\":60,\"points_day_cap\":null,"
          "\"points_year_cap\":null,\"cert_responsible\":null,\"cert_contact\":null}",
          NULL);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "points_day_cap")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "points_year_cap")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "cert_contact")));
    assert_int_equal((int)num_at(j, "checkout_margin_minutes"), 60);
    cJSON_Delete(j);
}

static void staff_only(void **s)
{
    (void)s;
    char mtok[2048];
    login("532801", "member", "demo-532801-member", mtok, sizeof(mtok), NULL, 0);
    expect(403, "GET", path, mtok, NULL);
    expect_with(403, "PATCH", path, mtok, "{\"points_day_cap\":1}",
                (const char *const[]){"If-Match: \"1\"", NULL});
    expect(401, "GET", path, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_until_set),
        cmocka_unit_test(patch_sets_and_limits),
        cmocka_unit_test(stale_version_and_missing_if_match),
        cmocka_unit_test(null_lifts_a_cap_and_defaults_come_back),
        cmocka_unit_test(staff_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
