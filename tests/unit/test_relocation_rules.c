/* The rules of members living elsewhere and 混编 without a database
 * (service/org/relocation_rules.c, README "Members living elsewhere"): division codes,
 * elsewhere or here, the place a member is counted under, who may be a host office,
 * 混编 only without a branch here, what a host sees, the masked name; and the rollup's
 * lines for them (sql/0042's dimensions 5 and 8): 混编 counted once, on its own line,
 * not as without a branch, and members living elsewhere by place. */
#include "support.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "yinhui/relocation.h"
#include "yinhui/stats_rollup.h"

static void division_codes_are_checked(void **s)
{
    (void)s;
    assert_null(relocation_code_refusal("530102"));
    assert_null(relocation_code_refusal("530100"));
    assert_null(relocation_code_refusal("530000"));
    assert_non_null(relocation_code_refusal("5301"));
    assert_non_null(relocation_code_refusal("990102")); /* no such province */
    assert_non_null(relocation_code_refusal("53010x"));
    assert_non_null(relocation_code_refusal(""));
    assert_non_null(relocation_code_refusal(NULL));
}

/* A location or residence inside the office's area (itself or below) is here; empty is
 * the office's own area. */
static void elsewhere_is_outside_the_office_area(void **s)
{
    (void)s;
    assert_true(relocation_elsewhere("532801", "530102"));
    assert_true(relocation_elsewhere("532801", "530100"));
    assert_true(relocation_elsewhere("532801", "532822")); /* the next county */
    assert_false(relocation_elsewhere("532801", "532801"));
    assert_false(relocation_elsewhere("532801", ""));
    assert_false(relocation_elsewhere("532801", NULL));
    assert_false(relocation_elsewhere("532800", "532822")); /* a prefecture's own county */
    assert_true(relocation_elsewhere("532800", "530102"));
}

/* Members living elsewhere are counted by the prefecture of their residence. */
static void the_place_is_the_prefecture(void **s)
{
    (void)s;
    char p[7];
    relocation_place("530102", p);
    assert_string_equal(p, "530100");
    relocation_place("530100", p);
    assert_string_equal(p, "530100");
    relocation_place("440104", p);
    assert_string_equal(p, "440100");
    relocation_place("530000", p);
    assert_string_equal(p, "530000");
    relocation_place("5301", p);
    assert_string_equal(p, "");
}

/* A host office is another place's office: not the home office, not one over it. */
static void who_may_be_a_host_office(void **s)
{
    (void)s;
    assert_null(relocation_host_refusal("532801", "530100"));
    assert_null(relocation_host_refusal("532801", "530102"));
    assert_null(relocation_host_refusal("532801", "440104"));
    assert_null(relocation_host_refusal("532801", "532822")); /* the next county */
    assert_non_null(relocation_host_refusal("532801", "532801"));
    assert_non_null(relocation_host_refusal("532801", "532800")); /* its prefecture */
    assert_non_null(relocation_host_refusal("532801", "530000")); /* its province */
    assert_non_null(relocation_host_refusal("532801", "5301"));
    assert_non_null(relocation_host_refusal("532801", NULL));
}

/* 混编 only for a retiree without a branch here; a branch name needs its unit. */
static void managed_with_only_without_a_branch_here(void **s)
{
    (void)s;
    assert_null(relocation_managed_with_refusal("retired", 0, "景洪市供电局", "供电局机关第二党支部"));
    assert_null(relocation_managed_with_refusal("lixiu", 0, "景洪市人民医院", ""));
    assert_null(relocation_managed_with_refusal("retired", 7, "", "")); /* nothing set */
    assert_null(relocation_managed_with_refusal("in_service", 7, NULL, NULL));
    assert_non_null(relocation_managed_with_refusal("retired", 7, "景洪市供电局", ""));
    assert_non_null(relocation_managed_with_refusal("retired", 0, "", "供电局机关第二党支部"));
    assert_non_null(relocation_managed_with_refusal("in_service", 0, "景洪市供电局", ""));
}

/* The host sees an active, relocated, consenting member living in its area; nobody else. */
static void what_a_host_sees(void **s)
{
    (void)s;
    assert_true(relocation_hosted_visible("530100", "active", true, "530102", true));
    assert_false(relocation_hosted_visible("530100", "active", true, "530102", false)); /* no consent */
    assert_false(relocation_hosted_visible("530100", "deceased", true, "530102", true));
    assert_false(relocation_hosted_visible("530100", "transferred_out", true, "530102", true));
    assert_false(relocation_hosted_visible("530100", "active", true, "440104", true)); /* moved on */
    assert_false(relocation_hosted_visible("530100", "active", false, "530102", true));
    assert_false(relocation_hosted_visible("530100", "active", true, "", true));
}

static void names_are_masked_but_the_first_character(void **s)
{
    (void)s;
    char out[64];
    relocation_mask_name("张三丰", out, sizeof(out));
    assert_string_equal(out, "张**");
    relocation_mask_name("欧阳𠀋", out, sizeof(out)); /* a character outside the BMP */
    assert_string_equal(out, "欧**");
    relocation_mask_name("李", out, sizeof(out));
    assert_string_equal(out, "*");
    relocation_mask_name("Ann", out, sizeof(out));
    assert_string_equal(out, "A**");
    relocation_mask_name("", out, sizeof(out));
    assert_string_equal(out, "");
}

static double num(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItem(cJSON_GetObjectItem(o, a), b);
    return x ? x->valuedouble : -1;
}

static struct stat_row mrow(const char *office, const char *val, int dim, int64_t n)
{
    struct stat_row x;
    memset(&x, 0, sizeof(x));
    snprintf(x.office, sizeof(x.office), "%s", office);
    snprintf(x.key[0], sizeof(x.key[0]), "%s", val);
    x.key_len[0] = strlen(val);
    x.num[0] = dim;
    x.num[1] = n;
    return x;
}

/* Dimension 5's '2' is 混编: a line of its own, in the rate, never "without a branch",
 * and the members are counted once (dimension 5 is the one that counts them). Dimension
 * 8 counts the members living elsewhere by place, summed over the offices. */
static void the_rollup_counts_managed_with_and_elsewhere_once(void **s)
{
    (void)s;
    static const struct stat_office offs[] = {
        {"532800", "西双版纳州"}, {"532801", "景洪市"}, {"532822", "勐海县"}};
    struct rollup *u = rollup_new("532800", offs, 3);
    struct stat_row today[] = {
        mrow("532801", "1", 5, 60),     mrow("532801", "2", 5, 30), mrow("532801", "0", 5, 10),
        mrow("532822", "1", 5, 5),      mrow("532801", "", 8, 94),  mrow("532801", "530100", 8, 6),
        mrow("532822", "530100", 8, 1), mrow("532822", "", 8, 3),   mrow("532822", "440100", 8, 1),
    };
    struct stat_row later[] = {mrow("532801", "2", 5, -1), mrow("532801", "530100", 8, -1)};
    struct stat_rows tr = {today, sizeof(today) / sizeof(today[0])}, lr = {later, 2};
    rollup_add_members(u, NULL, &tr, 2026);
    rollup_add_members(u, NULL, &lr, 2026);
    cJSON *j = rollup_json(u, "532800", 2026, "2026-12-01");
    rollup_free(u);
    const cJSON *total = cJSON_GetObjectItem(j, "total");
    assert_true(num(total, "members", "active") == 104);
    assert_true(num(total, "coverage", "with_primary_branch") == 65);
    assert_true(num(total, "coverage", "managed_with_unit") == 29);
    assert_true(num(total, "coverage", "without_primary_branch") == 10);
    assert_float_equal(num(total, "coverage", "rate"), 94.0 / 104.0, 1e-9);
    assert_true(num(total, "members", "living_elsewhere") == 7);
    const cJSON *places =
        cJSON_GetObjectItem(cJSON_GetObjectItem(total, "members"), "living_elsewhere_by_place");
    assert_true(cJSON_GetObjectItem(places, "530100")->valuedouble == 6);
    assert_true(cJSON_GetObjectItem(places, "440100")->valuedouble == 1);
    const cJSON *jh = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "children"), 0);
    assert_string_equal(cJSON_GetObjectItem(jh, "office")->valuestring, "532801");
    assert_true(num(cJSON_GetObjectItem(jh, "figures"), "coverage", "managed_with_unit") == 29);
    assert_true(num(cJSON_GetObjectItem(jh, "figures"), "members", "living_elsewhere") == 5);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(division_codes_are_checked),
        cmocka_unit_test(elsewhere_is_outside_the_office_area),
        cmocka_unit_test(the_place_is_the_prefecture),
        cmocka_unit_test(who_may_be_a_host_office),
        cmocka_unit_test(managed_with_only_without_a_branch_here),
        cmocka_unit_test(what_a_host_sees),
        cmocka_unit_test(names_are_masked_but_the_first_character),
        cmocka_unit_test(the_rollup_counts_managed_with_and_elsewhere_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
