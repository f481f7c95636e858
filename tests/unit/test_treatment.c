/* The rules of political treatment without a database (service/care/treatment_rules.c):
 * level codes and the office's list, the invitation rule (category, level "and above" by
 * rank, health by its blind index, a member without a level), its reading from a body
 * and its stored form, and the half-year rule of 形势通报会 on the last second of June,
 * the first of July and the turn of the year in China time. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/json_in.h"
#include "yinhui/treatment.h"

static const struct treatment_level levels[] = {
    {"bureau", "正厅级", 30, false, false, 1},   {"vice_bureau", "副厅级", 40, false, false, 1},
    {"division", "正处级", 50, false, false, 1}, {"vice_division", "副处级", 60, false, false, 1},
    {"old_rank", "旧职级", 55, true, true, 2},
};
#define NLEVELS (sizeof(levels) / sizeof(levels[0]))

/* Fake blind indexes: able, frail, homebound, hospitalised. */
static const unsigned char idx[AUDIENCE_HEALTHS][8] = {
    {1, 1, 1, 1, 1, 1, 1, 1}, {2, 2, 2, 2, 2, 2, 2, 2}, {3, 3, 3, 3, 3, 3, 3, 3}, {4, 4, 4, 4, 4, 4, 4, 4}};

static struct audience rule_of(const char *json, int *errors)
{
    struct audience a;
    struct verrs v = {0};
    cJSON *j = cJSON_Parse(json);
    audience_read(j, levels, NLEVELS, &a, &v);
    cJSON_Delete(j);
    *errors = v.n;
    return a;
}

static bool picks(const struct audience *a, const char *category, const char *level, int health)
{
    struct audience_member m = {category, level, idx[health]};
    return audience_matches(a, levels, NLEVELS, idx, &m);
}

static void codes_and_list(void **s)
{
    (void)s;
    assert_true(treatment_code_valid("vice_bureau"));
    assert_true(treatment_code_valid("l2"));
    assert_false(treatment_code_valid(""));
    assert_false(treatment_code_valid("Vice"));
    assert_false(treatment_code_valid("a-b"));
    assert_false(treatment_code_valid("abcdefghijklmnopqrstuvwxy")); /* 25 */
    assert_true(treatment_level_usable(levels, NLEVELS, "division"));
    assert_false(treatment_level_usable(levels, NLEVELS, "old_rank")); /* retired */
    assert_false(treatment_level_usable(levels, NLEVELS, "minister")); /* not the office's */
    assert_non_null(treatment_level_find(levels, NLEVELS, "old_rank"));
}

static void everyone_by_default(void **s)
{
    (void)s;
    int e = 0;
    struct audience a = rule_of("{}", &e);
    assert_int_equal(e, 0);
    assert_true(picks(&a, "in_service", "", 3));
    assert_true(picks(&a, "lixiu", NULL, 0));
    a = rule_of("null", &e);
    assert_int_equal(e, 0);
    assert_true(picks(&a, "retired", "bureau", 2));
}

static void category_level_and_health(void **s)
{
    (void)s;
    int e = 0;
    struct audience a =
        rule_of("{\"categories\":[\"lixiu\",\"retired\"],\"treatment_levels\":[\"vice_bureau\"],"
                "\"and_above\":true,\"healths\":[\"able\",\"frail\"]}",
                &e);
    assert_int_equal(e, 0);
    assert_true(picks(&a, "lixiu", "bureau", 0));        /* above */
    assert_true(picks(&a, "retired", "vice_bureau", 1)); /* the level itself, frail */
    assert_false(picks(&a, "retired", "division", 0));   /* below */
    assert_false(picks(&a, "retired", "", 0));           /* no level */
    assert_false(picks(&a, "in_service", "bureau", 0));  /* category */
    assert_false(picks(&a, "lixiu", "bureau", 2));       /* homebound */
    assert_false(picks(&a, "lixiu", "bureau", 3));       /* hospitalised */
    /* without and_above: the listed levels only */
    a = rule_of("{\"treatment_levels\":[\"vice_bureau\",\"vice_division\"]}", &e);
    assert_false(picks(&a, "lixiu", "bureau", 0));
    assert_true(picks(&a, "lixiu", "vice_division", 0));
    assert_false(picks(&a, "lixiu", "division", 0));
    /* and_above from the lowest listed: division and above */
    a = rule_of("{\"treatment_levels\":[\"bureau\",\"division\"],\"and_above\":true}", &e);
    assert_true(picks(&a, "lixiu", "vice_bureau", 0));
    assert_false(picks(&a, "lixiu", "vice_division", 0));
    /* a member's retired level still ranks */
    assert_false(picks(&a, "lixiu", "old_rank", 0));
    a = rule_of("{\"treatment_levels\":[\"vice_division\"],\"and_above\":true}", &e);
    assert_true(picks(&a, "lixiu", "old_rank", 0));
    assert_false(picks(&a, "lixiu", "unknown_code", 0));
}

static void refusals(void **s)
{
    (void)s;
    int e = 0;
    rule_of("{\"categories\":[\"cadre\"]}", &e);
    assert_int_equal(e, 1);
    rule_of("{\"healths\":\"able\"}", &e);
    assert_int_equal(e, 1);
    rule_of("{\"treatment_levels\":[\"old_rank\"]}", &e); /* retired */
    assert_int_equal(e, 1);
    rule_of("{\"treatment_levels\":[\"minister\"]}", &e);
    assert_int_equal(e, 1);
    rule_of("{\"and_above\":true}", &e);
    assert_int_equal(e, 1);
    rule_of("{\"and_above\":\"yes\",\"treatment_levels\":[\"bureau\"]}", &e);
    assert_int_equal(e, 1);
    rule_of("{\"who\":[]}", &e);
    assert_int_equal(e, 1);
    rule_of("[]", &e);
    assert_int_equal(e, 1);
    rule_of(
        "{\"treatment_levels\":[\"bureau\",\"bureau\",\"bureau\",\"bureau\",\"bureau\",\"bureau\",\"bureau\","
        "\"bureau\",\"bureau\",\"bureau\",\"bureau\"]}",
        &e);
    assert_int_equal(e, 1);
}

static void stored_form_round_trip(void **s)
{
    (void)s;
    int e = 0;
    struct audience a = rule_of("{\"categories\":[\"retired\"],\"treatment_levels\":[\"division\"],"
                                "\"and_above\":true,\"healths\":[\"homebound\"]}",
                                &e),
                    b;
    cJSON *j = audience_json(&a);
    char *text = cJSON_PrintUnformatted(j);
    assert_true(audience_parse(text, &b));
    assert_int_equal(b.categories, a.categories);
    assert_int_equal(b.healths, a.healths);
    assert_int_equal(b.nlevels, 1);
    assert_string_equal(b.levels[0], "division");
    assert_true(b.and_above);
    cJSON_free(text);
    cJSON_Delete(j);
    assert_false(audience_parse("not json", &b));
    assert_false(audience_parse(NULL, &b));
}

static void half_year_rule(void **s)
{
    (void)s;
    bool held[2];
    assert_int_equal(briefing_half("2026-06-30 23:59:59"), 1);
    assert_int_equal(briefing_half("2026-07-01 00:00:00"), 2);
    assert_int_equal(briefing_half("2026-01-01 00:00:00"), 1);
    assert_int_equal(briefing_half("2026-12-31 23:59:59"), 2);
    const char *first[] = {"2026-06-30 23:59:59"};
    briefing_halves(first, 1, 2026, held);
    assert_true(held[0]);
    assert_false(held[1]);
    const char *both[] = {"2026-01-01 00:00:00", "2026-07-01 00:00:00"};
    briefing_halves(both, 2, 2026, held);
    assert_true(held[0] && held[1]);
    /* China time: the last evening of 2025 is 2025's second half, not 2026's */
    const char *turn[] = {"2025-12-31 23:30:00", "2027-01-01 00:00:00"};
    briefing_halves(turn, 2, 2026, held);
    assert_false(held[0] || held[1]);
    briefing_halves(NULL, 0, 2026, held);
    assert_false(held[0] || held[1]);
}

static void read_dates(void **s)
{
    (void)s;
    assert_null(document_read_refusal("2026-01-05", "2026-01-05", "2026-03-01"));
    assert_null(document_read_refusal("2026-01-05", "2026-03-01", "2026-03-01"));
    assert_non_null(document_read_refusal("2026-01-05", "2026-01-04", "2026-03-01"));
    assert_non_null(document_read_refusal("2026-01-05", "2026-03-02", "2026-03-01"));
    /* 29 February and the turn of the year */
    assert_null(document_read_refusal("2028-02-29", "2028-02-29", "2028-02-29"));
    assert_non_null(document_read_refusal("2025-12-31", "2026-01-01", "2025-12-31"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_and_list),
        cmocka_unit_test(everyone_by_default),
        cmocka_unit_test(category_level_and_health),
        cmocka_unit_test(refusals),
        cmocka_unit_test(stored_form_round_trip),
        cmocka_unit_test(half_year_rule),
        cmocka_unit_test(read_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
