/* The care due list's rules (service/care/care_due.c) without a database: birthdays by
 * day and by month, round birthdays, lunar birthdays, hospital, homebound and hardship
 * visits, the holiday round, and that only a visit for its reason clears an item
 * (RULES.md, "Care: the days that matter"). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/care_db.h"
#include "yinhui/care_due.h"

static const unsigned char HOSP[8] = {1, 2, 3, 4, 5, 6, 7, 8}, HOME[8] = {8, 7, 6, 5, 4, 3, 2, 1};

static struct due_params params(const char *today, long days, bool exact)
{
    struct due_params p = {.today = today, .days = days, .hdays = 7, .exact = exact};
    memcpy(p.hosp, HOSP, 8);
    memcpy(p.home, HOME, 8);
    return p;
}

static struct care_member member(int64_t id, const char *birth)
{
    return (struct care_member){.id = id, .branch_id = 3, .name = "张三", .birth_date = birth};
}

/* The item of member id and kind in body (NULL if none). */
static const cJSON *item(const cJSON *body, int64_t id, const char *kind)
{
    const cJSON *it = NULL;
    char want[24];
    snprintf(want, sizeof(want), "%lld", (long long)id);
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(body, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring, want) == 0 &&
            strcmp(cJSON_GetObjectItemCaseSensitive(it, "kind")->valuestring, kind) == 0) {
            return it;
        }
    }
    return NULL;
}

static int count(const cJSON *body, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(body, "counts"), name)->valueint;
}

static void birthdays_by_day_when_exact(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1946-12-05"), member(2, "1950-12-20"), member(3, "1956-11-30")};
    struct due_params p = params("2026-12-01", 7, true);
    cJSON *body = care_due_json(&p, m, 3, NULL, 0, NULL, 0);
    const cJSON *b = item(body, 1, "round_birthday"); /* 80 on 5 December */
    assert_non_null(b);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "due_on")->valuestring, "2026-12-05");
    assert_null(item(body, 2, "birthday")); /* the 20th is outside the 7 days */
    assert_null(item(body, 3, "birthday")); /* passed */
    assert_int_equal(count(body, "birthdays"), 1);
    cJSON_Delete(body);
}

static void birthdays_by_month_when_masked(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1946-12-05"), member(2, "1950-12-20"), member(3, "1956-11-30"),
                              member(4, "1950-01-02")};
    struct due_params p = params("2026-12-28", 7, false); /* the window reaches January */
    cJSON *body = care_due_json(&p, m, 4, NULL, 0, NULL, 0);
    const cJSON *b = item(body, 2, "birthday"); /* the 20th has passed, but the month counts */
    assert_non_null(b);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(b, "due_on")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "due_month")->valuestring, "2026-12");
    assert_non_null(item(body, 1, "round_birthday"));
    assert_null(item(body, 3, "birthday"));
    b = item(body, 4, "birthday");
    assert_non_null(b);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "due_month")->valuestring, "2027-01");
    assert_int_equal(count(body, "birthdays"), 3);
    cJSON_Delete(body);
}

static void health_and_hardship_visits(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1960-06-01"), member(2, "1960-06-01"), member(3, "1960-06-01"),
                              member(4, "1960-06-01"), member(5, "1960-06-01")};
    m[0].health_idx = HOSP, m[0].health_len = 8, m[0].last_hospital = "2026-11-20"; /* 11 days ago */
    m[1].health_idx = HOSP, m[1].health_len = 8, m[1].last_hospital = "2026-11-28"; /* within 7 */
    m[2].health_idx = HOME, m[2].health_len = 8, m[2].last_home = "2026-11-30";     /* last month */
    m[3].hardship = true, m[3].last_hardship = "2026-10-02";                        /* this quarter */
    m[4].hardship = true, m[4].last_hardship = "2026-09-30";                        /* last quarter */
    struct due_params p = params("2026-12-01", 7, false);
    cJSON *body = care_due_json(&p, m, 5, NULL, 0, NULL, 0);
    assert_non_null(item(body, 1, "hospitalised"));
    assert_null(item(body, 2, "hospitalised"));
    assert_non_null(item(body, 3, "homebound"));
    assert_null(item(body, 4, "hardship"));
    assert_non_null(item(body, 5, "hardship"));
    assert_int_equal(count(body, "hospitalised"), 1);
    assert_int_equal(count(body, "homebound"), 1);
    assert_int_equal(count(body, "hardship"), 1);
    cJSON_Delete(body);
}

static void holiday_round_from_next_years_table(void **state)
{
    (void)state;
    struct holiday hol[] = {{"national_day", "国庆节", "2026-10-01", false, 0}};
    struct holiday next[] = {{"spring_festival", "春节", "2027-01-02", true, 0}};
    struct care_member m[] = {member(1, "1960-06-01"), member(2, "1960-06-01")};
    m[1].last_holiday = "2026-12-20"; /* within the 30 days before the holiday */
    struct due_params p = params("2026-12-28", 7, false);
    cJSON *body = care_due_json(&p, m, 2, hol, 1, next, 1);
    const cJSON *h = item(body, 1, "holiday");
    assert_non_null(h);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(h, "due_on")->valuestring, "2027-01-02");
    assert_null(item(body, 2, "holiday"));
    assert_int_equal(count(body, "holiday"), 1);
    cJSON_Delete(body);
    p = params("2026-12-01", 7, false); /* no holiday within the week */
    body = care_due_json(&p, m, 2, hol, 1, next, 1);
    assert_int_equal(count(body, "holiday"), 0);
    cJSON_Delete(body);
}

static void leap_day_birthday_in_common_year(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1948-02-29")};
    struct due_params p = params("2027-02-25", 7, true);
    cJSON *body = care_due_json(&p, m, 1, NULL, 0, NULL, 0);
    const cJSON *b = item(body, 1, "birthday");
    assert_non_null(b);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "due_on")->valuestring, "2027-02-28");
    cJSON_Delete(body);
}

/* The string field name of an entry ("" when absent). */
static const char *field(const cJSON *it, const char *name)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(it, name);
    return cJSON_IsString(f) ? f->valuestring : "";
}

/* RULES.md: a due visit is cleared only by a visit for that reason. A birthday visit
 * leaves hardship and home service due; a hardship visit leaves home service due. */
static void only_a_visit_for_the_reason_clears(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1960-06-01"), member(2, "1960-06-01"), member(3, "1960-06-01")};
    m[0].hardship = true, m[0].last_birthday = "2026-11-30", m[0].last_holiday = "2026-11-29";
    m[1].health_idx = HOME, m[1].health_len = 8, m[1].last_hardship = "2026-12-01";
    m[2].hardship = true, m[2].last_hardship = "2026-10-01"; /* the quarter's first day */
    struct due_params p = params("2026-12-01", 7, false);
    cJSON *body = care_due_json(&p, m, 3, NULL, 0, NULL, 0);
    assert_non_null(item(body, 1, "hardship"));
    assert_non_null(item(body, 2, "homebound"));
    assert_null(item(body, 3, "hardship"));
    cJSON_Delete(body);
}

/* Round birthdays (80, 90, 100) are a reason of their own: a plain birthday visit does
 * not clear one, a round_birthday visit does; a birthday visit counts from the first day
 * of the month before the birthday's month (one of last year does not). */
static void round_birthdays_are_their_own_reason(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1946-12-05"), member(2, "1946-12-05"), member(3, "1951-12-05"),
                              member(4, "1951-12-05"), member(5, "1951-12-05"), member(6, "1926-12-05")};
    m[0].last_birthday = "2026-11-20"; /* a plain visit: the 80th stays due */
    m[1].last_round = "2026-11-01";    /* the month before: cleared */
    m[2].last_birthday = "2026-10-31"; /* too early for this year's */
    m[3].last_birthday = "2026-11-01"; /* cleared */
    m[4].last_round = "2026-12-01";    /* a round visit does not clear a 75th */
    struct due_params p = params("2026-12-01", 7, true);
    cJSON *body = care_due_json(&p, m, 6, NULL, 0, NULL, 0);
    assert_non_null(item(body, 1, "round_birthday"));
    assert_null(item(body, 2, "round_birthday"));
    assert_non_null(item(body, 3, "birthday"));
    assert_null(item(body, 4, "birthday"));
    assert_non_null(item(body, 5, "birthday"));
    assert_non_null(item(body, 6, "round_birthday")); /* 100 */
    assert_int_equal(count(body, "birthdays"), 4);
    cJSON_Delete(body);
    /* masked, by month: the same clearing (a day the list never shows) */
    p = params("2026-12-20", 7, false);
    body = care_due_json(&p, m, 6, NULL, 0, NULL, 0);
    assert_non_null(item(body, 1, "round_birthday"));
    assert_null(item(body, 2, "round_birthday"));
    assert_null(item(body, 4, "birthday"));
    cJSON_Delete(body);
}

/* A lunar birthday: 1946-09-10 was 中秋 (lunar 8/15); in 2026 that is 25 September, the
 * 80th by lunar years. Masked, the member is listed while the window touches the eighth
 * lunar month (11 September to 9 October 2026) and not by the solar month. */
static void lunar_birthday_by_the_lunar_date(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1946-09-10"), member(2, "1946-09-10")};
    m[0].lunar_birthday = true;
    struct due_params p = params("2026-09-20", 7, true);
    cJSON *body = care_due_json(&p, m, 2, NULL, 0, NULL, 0);
    const cJSON *b = item(body, 1, "round_birthday");
    assert_non_null(b);
    assert_string_equal(field(b, "due_on"), "2026-09-25");
    assert_string_equal(field(b, "lunar_month"), "2026-08");
    assert_null(item(body, 2, "round_birthday")); /* the solar one, 10 September, has passed */
    cJSON_Delete(body);
    p = params("2026-09-11", 1, false);
    body = care_due_json(&p, m, 2, NULL, 0, NULL, 0);
    b = item(body, 1, "round_birthday");
    assert_non_null(b);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(b, "due_on")));
    assert_null(cJSON_GetObjectItemCaseSensitive(b, "due_month"));
    assert_string_equal(field(b, "lunar_month"), "2026-08");
    cJSON_Delete(body);
    p = params("2026-09-10", 1, false); /* the last day of the seventh lunar month */
    body = care_due_json(&p, m, 2, NULL, 0, NULL, 0);
    assert_null(item(body, 1, "round_birthday"));
    assert_non_null(item(body, 2, "round_birthday")); /* solar: September */
    cJSON_Delete(body);
    p = params("2026-10-09", 1, false); /* the last day of the eighth */
    body = care_due_json(&p, m, 2, NULL, 0, NULL, 0);
    assert_non_null(item(body, 1, "round_birthday"));
    cJSON_Delete(body);
    p = params("2026-10-10", 1, false);
    body = care_due_json(&p, m, 2, NULL, 0, NULL, 0);
    assert_null(item(body, 1, "round_birthday"));
    cJSON_Delete(body);
}

/* Born in a leap month (1947-04-01 was 闰二月初十): in a year with a leap second month
 * (2023) the birthday is in it, otherwise in the regular second month (2026-03-28). */
static void lunar_birthday_of_a_leap_month(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1947-04-01")};
    m[0].lunar_birthday = true;
    struct due_params p = params("2023-03-25", 7, true);
    cJSON *body = care_due_json(&p, m, 1, NULL, 0, NULL, 0);
    const cJSON *b = item(body, 1, "birthday");
    assert_non_null(b);
    assert_string_equal(field(b, "due_on"), "2023-03-31");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "lunar_leap")));
    cJSON_Delete(body);
    p = params("2023-02-25", 7, true); /* the regular 2/10 of 2023 is 1 March: not theirs */
    body = care_due_json(&p, m, 1, NULL, 0, NULL, 0);
    assert_null(item(body, 1, "birthday"));
    cJSON_Delete(body);
    p = params("2026-03-22", 7, true);
    body = care_due_json(&p, m, 1, NULL, 0, NULL, 0);
    b = item(body, 1, "birthday");
    assert_non_null(b);
    assert_string_equal(field(b, "due_on"), "2026-03-28");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(b, "lunar_leap")));
    cJSON_Delete(body);
}

/* Lunar birthdays across the solar year's turn, on a 30th in a short month and for one
 * born on 29 February: born 1946-12-17 (lunar 11/24) the 80th is on 2027-01-01; born
 * 1947-01-21 (lunar 1946 12/30) the 80th falls on 12/29 (2027-02-05: the twelfth month of
 * 2026 has 29 days; 春节 2027 is 6 February); born 1948-02-29 (lunar 1/20) the birthday
 * is 2027-02-25. */
static void lunar_birthdays_at_the_turns(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1946-12-17"), member(2, "1947-01-21"), member(3, "1948-02-29")};
    for (int i = 0; i < 3; i++) {
        m[i].lunar_birthday = true;
    }
    struct due_params p = params("2026-12-28", 7, true);
    cJSON *body = care_due_json(&p, m, 3, NULL, 0, NULL, 0);
    const cJSON *b = item(body, 1, "round_birthday");
    assert_non_null(b);
    assert_string_equal(field(b, "due_on"), "2027-01-01");
    assert_string_equal(field(b, "lunar_month"), "2026-11");
    cJSON_Delete(body);
    p = params("2027-02-01", 7, true);
    body = care_due_json(&p, m, 3, NULL, 0, NULL, 0);
    b = item(body, 2, "round_birthday");
    assert_non_null(b);
    assert_string_equal(field(b, "due_on"), "2027-02-05");
    cJSON_Delete(body);
    p = params("2027-02-20", 7, true);
    body = care_due_json(&p, m, 3, NULL, 0, NULL, 0);
    b = item(body, 3, "birthday");
    assert_non_null(b);
    assert_string_equal(field(b, "due_on"), "2027-02-25");
    cJSON_Delete(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(birthdays_by_day_when_exact),
        cmocka_unit_test(birthdays_by_month_when_masked),
        cmocka_unit_test(health_and_hardship_visits),
        cmocka_unit_test(holiday_round_from_next_years_table),
        cmocka_unit_test(leap_day_birthday_in_common_year),
        cmocka_unit_test(only_a_visit_for_the_reason_clears),
        cmocka_unit_test(round_birthdays_are_their_own_reason),
        cmocka_unit_test(lunar_birthday_by_the_lunar_date),
        cmocka_unit_test(lunar_birthday_of_a_leap_month),
        cmocka_unit_test(lunar_birthdays_at_the_turns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
