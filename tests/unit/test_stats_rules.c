/* The statistics rollup without a database: offices under a province summed into the
 * total and one bucket per direct child (a county in its prefecture's), the age and
 * party-year bands as of 31 December, quarters, and unknown reasons counted as other. */
#include "support.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "yinhui/stats_rollup.h"

static const struct stat_office offices[] = {
    {"530000", "云南省"},     {"530100", "昆明市"}, {"530102", "五华区"},
    {"532800", "西双版纳州"}, {"532822", "勐海县"},
};

/* A row of office with key k (may be NULL) and numbers a, b. */
static struct stat_row row(const char *office, const char *k, int64_t a, int64_t b)
{
    struct stat_row x;
    memset(&x, 0, sizeof(x));
    snprintf(x.office, sizeof(x.office), "%s", office);
    if (k != NULL) {
        snprintf(x.key[0], sizeof(x.key[0]), "%s", k);
        x.key_len[0] = strlen(k);
    }
    x.num[0] = a;
    x.num[1] = b;
    return x;
}

static double at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    return cJSON_GetObjectItemCaseSensitive(x, b)->valuedouble;
}

static void children_sum_to_the_total(void **s)
{
    (void)s;
    struct rollup *u = rollup_new("530000", offices, 5);
    assert_non_null(u);
    struct stat_row m[] = {
        row("530102", "1", 5, 10),    /* 10 members with a primary branch */
        row("532822", "0", 5, 4),     /* 4 without */
        row("532822", "1", 5, 3),     /* 3 with */
        row("530000", "lixiu", 1, 2), /* the province's own office */
        row("532822", "1936", 3, 3),  /* 90 at the end of 2026 */
        row("530102", "1957", 3, 2),  /* 69 */
        row("530102", "1977", 4, 5),  /* 49 years in the party */
        row("530102", "", 4, 1),      /* not known: under 30 */
    };
    struct stat_rows mr = {m, 8};
    rollup_add_members(u, NULL, &mr, 2026);
    struct stat_row v[] = {row("532822", "birthday", 4, 0), row("530102", "no_such_reason", 2, 0)};
    struct stat_row d[] = {row("530102", NULL, 1000, 0)};
    struct stat_rows vr = {v, 2}, dr = {d, 1}, none = {NULL, 0};
    rollup_add_counts(u, &vr, &dr, &none, &none);
    struct stat_row a[] = {row("532822", NULL, 4, 2)};
    a[0].num[2] = 10; /* records */
    a[0].num[3] = 7;  /* attended */
    struct stat_rows ar = {a, 1};
    rollup_add_activities(u, &ar);

    cJSON *j = rollup_json(u, "530000", 2026);
    rollup_free(u);
    assert_string_equal(cJSON_GetObjectItem(j, "ages_as_of")->valuestring, "2026-12-31");
    assert_int_equal(cJSON_GetObjectItem(j, "offices")->valueint, 5);
    const cJSON *total = cJSON_GetObjectItem(j, "total");
    const cJSON *members = cJSON_GetObjectItem(total, "members");
    assert_true(cJSON_GetObjectItem(members, "active")->valuedouble == 17);
    assert_true(at(members, "by_category", "lixiu") == 2);
    assert_true(at(members, "by_age", "90_plus") == 3);
    assert_true(at(members, "by_age", "under_70") == 2);
    assert_true(at(members, "by_party_years", "30_49") == 5);
    assert_true(at(members, "by_party_years", "under_30") == 1);
    assert_true(at(total, "coverage", "with_primary_branch") == 13);
    assert_true(at(total, "visits_by_reason", "birthday") == 4);
    assert_true(at(total, "visits_by_reason", "other") == 2);
    assert_true(cJSON_GetObjectItem(total, "dues_collected_fen")->valuedouble == 1000);
    const cJSON *q4 = cJSON_GetArrayItem(cJSON_GetObjectItem(total, "org_life"), 3);
    assert_true(cJSON_GetObjectItem(q4, "activities")->valuedouble == 2);
    assert_float_equal(cJSON_GetObjectItem(q4, "attendance_rate")->valuedouble, 0.7, 1e-6);

    const cJSON *children = cJSON_GetObjectItem(j, "children");
    assert_int_equal(cJSON_GetArraySize(children), 2);
    const cJSON *km = cJSON_GetArrayItem(children, 0), *bn = cJSON_GetArrayItem(children, 1);
    assert_string_equal(cJSON_GetObjectItem(km, "office")->valuestring, "530100");
    assert_string_equal(cJSON_GetObjectItem(km, "name")->valuestring, "昆明市");
    assert_string_equal(cJSON_GetObjectItem(bn, "office")->valuestring, "532800");
    /* 勐海 counts in 西双版纳; the province's own members in no child */
    assert_true(at(cJSON_GetObjectItem(bn, "figures"), "members", "active") == 7);
    assert_true(at(cJSON_GetObjectItem(km, "figures"), "members", "active") == 10);
    assert_true(at(cJSON_GetObjectItem(km, "figures"), "visits_by_reason", "other") == 2);
    cJSON_Delete(j);
}

static void a_county_has_no_children(void **s)
{
    (void)s;
    struct rollup *u = rollup_new("532822", offices + 4, 1);
    struct stat_row m[] = {row("532822", "1", 5, 3)};
    struct stat_rows mr = {m, 1};
    rollup_add_members(u, NULL, &mr, 2026);
    cJSON *j = rollup_json(u, "532822", 2026);
    rollup_free(u);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "children")), 0);
    assert_true(at(cJSON_GetObjectItem(j, "total"), "members", "active") == 3);
    assert_float_equal(at(cJSON_GetObjectItem(j, "total"), "coverage", "rate"), 1.0, 1e-6);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(children_sum_to_the_total),
        cmocka_unit_test(a_county_has_no_children),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
