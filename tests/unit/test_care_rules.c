/* The care due list's rules (service/care/care_due.c) without a database: birthdays by
 * day and by month, round birthdays, hospital, homebound and hardship visits, and the
 * holiday round. */
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
    cJSON *body = care_due_list(&p, m, 3, NULL, 0, NULL, 0);
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
    cJSON *body = care_due_list(&p, m, 4, NULL, 0, NULL, 0);
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
    m[2].health_idx = HOME, m[2].health_len = 8, m[2].last_any = "2026-11-30";      /* last month */
    m[3].hardship = true, m[3].last_any = "2026-10-02";                             /* this quarter */
    m[4].hardship = true, m[4].last_any = "2026-09-30";                             /* last quarter */
    struct due_params p = params("2026-12-01", 7, false);
    cJSON *body = care_due_list(&p, m, 5, NULL, 0, NULL, 0);
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
    struct holiday hol[] = {{"national_day", "国庆节", "2026-10-01"}};
    struct holiday next[] = {{"spring_festival", "春节", "2027-01-02"}};
    struct care_member m[] = {member(1, "1960-06-01"), member(2, "1960-06-01")};
    m[1].last_holiday = "2026-12-20"; /* within the 30 days before the holiday */
    struct due_params p = params("2026-12-28", 7, false);
    cJSON *body = care_due_list(&p, m, 2, hol, 1, next, 1);
    const cJSON *h = item(body, 1, "holiday");
    assert_non_null(h);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(h, "due_on")->valuestring, "2027-01-02");
    assert_null(item(body, 2, "holiday"));
    assert_int_equal(count(body, "holiday"), 1);
    cJSON_Delete(body);
    p = params("2026-12-01", 7, false); /* no holiday within the week */
    body = care_due_list(&p, m, 2, hol, 1, next, 1);
    assert_int_equal(count(body, "holiday"), 0);
    cJSON_Delete(body);
}

static void leap_day_birthday_in_common_year(void **state)
{
    (void)state;
    struct care_member m[] = {member(1, "1948-02-29")};
    struct due_params p = params("2027-02-25", 7, true);
    cJSON *body = care_due_list(&p, m, 1, NULL, 0, NULL, 0);
    const cJSON *b = item(body, 1, "birthday");
    assert_non_null(b);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "due_on")->valuestring, "2027-02-28");
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
