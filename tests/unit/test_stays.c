/* Hospital stays without a database: the hospital visit rule of the care due list
 * (care_hospital_due: due from the admission until visited, again hdays after the last
 * visit; a visit before the admission does not count) on its boundary days — the turn
 * of the year, 29 February, the first day of a month — and the dates of a stay. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/care_db.h"
#include "yinhui/care_due.h"
#include "yinhui/stays.h"

/* Not visited since the admission: due from the admission day on, expected within hdays. */
static void due_from_the_admission_until_visited(void **state)
{
    (void)state;
    char by[11];
    assert_true(care_hospital_due("2026-12-01", "2026-12-01", NULL, 7, by));
    assert_string_equal(by, "2026-12-08");
    assert_true(care_hospital_due("2026-12-09", "2026-12-01", NULL, 7, by));
    assert_string_equal(by, "2026-12-08");
    /* a visit the day before the admission was for another stay */
    assert_true(care_hospital_due("2026-12-02", "2026-12-01", "2026-11-30", 7, by));
    assert_string_equal(by, "2026-12-08");
    /* a visit on the admission day clears it */
    assert_false(care_hospital_due("2026-12-02", "2026-12-01", "2026-12-01", 7, by));
    assert_string_equal(by, "2026-12-08");
}

/* After a visit since the admission: not due for hdays days, due on the day after. */
static void due_again_hdays_after_the_last_visit(void **state)
{
    (void)state;
    char by[11];
    assert_false(care_hospital_due("2026-12-10", "2026-12-01", "2026-12-03", 7, by));
    assert_string_equal(by, "2026-12-10");
    assert_true(care_hospital_due("2026-12-11", "2026-12-01", "2026-12-03", 7, by));
    /* the office's rule of 3 days */
    assert_false(care_hospital_due("2026-12-06", "2026-12-01", "2026-12-03", 3, by));
    assert_true(care_hospital_due("2026-12-07", "2026-12-01", "2026-12-03", 3, by));
    assert_string_equal(by, "2026-12-06");
}

/* The turn of the year, 29 February of a leap year and 1 March of a common one, and the
 * first day of a month. */
static void boundaries_of_the_calendar(void **state)
{
    (void)state;
    char by[11];
    assert_true(care_hospital_due("2026-12-31", "2026-12-28", NULL, 7, by));
    assert_string_equal(by, "2027-01-04");
    assert_false(care_hospital_due("2027-01-04", "2026-12-20", "2026-12-28", 7, by));
    assert_string_equal(by, "2027-01-04");
    assert_true(care_hospital_due("2027-01-05", "2026-12-20", "2026-12-28", 7, by));
    /* 2028 is leap: 22 February + 7 is 29 February */
    assert_false(care_hospital_due("2028-02-29", "2028-02-20", "2028-02-22", 7, by));
    assert_string_equal(by, "2028-02-29");
    assert_true(care_hospital_due("2028-03-01", "2028-02-20", "2028-02-22", 7, by));
    /* 2027 is not: 22 February + 7 is 1 March */
    assert_false(care_hospital_due("2027-03-01", "2027-02-20", "2027-02-22", 7, by));
    assert_string_equal(by, "2027-03-01");
    assert_true(care_hospital_due("2027-03-02", "2027-02-20", "2027-02-22", 7, by));
    /* admitted on the last day of a month, expected in the next */
    assert_true(care_hospital_due("2026-11-01", "2026-10-31", NULL, 7, by));
    assert_string_equal(by, "2026-11-07");
}

/* Hospitalised by hand, before stays were recorded: the last visit counts whenever made. */
static void without_a_recorded_stay(void **state)
{
    (void)state;
    char by[11];
    assert_true(care_hospital_due("2026-12-01", NULL, NULL, 7, by));
    assert_string_equal(by, "2026-12-01");
    assert_false(care_hospital_due("2026-12-01", NULL, "2026-11-24", 7, by));
    assert_true(care_hospital_due("2026-12-01", NULL, "2026-11-23", 7, by));
}

/* In the due list: a member with an open stay is listed (with the admission, the day the
 * visit is expected by and whether that has passed) whatever its health index says; the
 * office's hdays is the list's hospital_days. */
static void due_list_items(void **state)
{
    (void)state;
    struct care_member m[] = {
        {.id = 1, .branch_id = 3, .name = "甲", .birth_date = "1940-06-01", .admitted_on = "2026-11-20"},
        {.id = 2,
         .branch_id = 3,
         .name = "乙",
         .birth_date = "1940-06-01",
         .admitted_on = "2026-11-28",
         .last_hospital = "2026-11-27"},
        {.id = 3,
         .branch_id = 3,
         .name = "丙",
         .birth_date = "1940-06-01",
         .admitted_on = "2026-11-28",
         .last_hospital = "2026-11-29"},
        {.id = 4, .branch_id = 3, .name = "丁", .birth_date = "1940-06-01", .last_hospital = "2026-11-29"},
    };
    struct due_params p = {.today = "2026-12-01", .days = 7, .hdays = 5, .exact = false};
    cJSON *body = care_due_json(&p, m, 4, NULL, 0, NULL, 0);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(body, "items"), *it = NULL;
    int seen = 0;
    cJSON_ArrayForEach(it, items)
    {
        const char *id = cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring;
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "kind")->valuestring, "hospitalised");
        if (strcmp(id, "1") == 0) {
            assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "admitted_on")->valuestring,
                                "2026-11-20");
            assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "visit_by")->valuestring, "2026-11-25");
            assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "overdue")));
        } else {
            assert_string_equal(id, "2");
            assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "visit_by")->valuestring, "2026-12-03");
            assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(it, "overdue")));
        }
        seen++;
    }
    assert_int_equal(seen, 2);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(body, "hospital_days")->valueint, 5);
    cJSON_Delete(body);
}

/* A stay's dates: admitted not after today; discharged neither before the admission nor
 * after today (the same day is a stay of a day). */
static void stay_dates(void **state)
{
    (void)state;
    assert_null(stays_admitted_refusal("2026-12-01", "2026-12-01"));
    assert_non_null(stays_admitted_refusal("2026-12-02", "2026-12-01"));
    assert_null(stays_admitted_refusal("2024-02-29", "2026-12-01"));
    assert_null(stays_discharged_refusal("2026-12-01", "2026-12-01", "2026-12-01"));
    assert_non_null(stays_discharged_refusal("2026-12-01", "2026-11-30", "2026-12-01"));
    assert_non_null(stays_discharged_refusal("2026-11-01", "2026-12-02", "2026-12-01"));
    assert_null(stays_discharged_refusal("2026-12-31", "2027-01-01", "2027-01-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(due_from_the_admission_until_visited),
        cmocka_unit_test(due_again_hdays_after_the_last_visit),
        cmocka_unit_test(boundaries_of_the_calendar),
        cmocka_unit_test(without_a_recorded_stay),
        cmocka_unit_test(due_list_items),
        cmocka_unit_test(stay_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
