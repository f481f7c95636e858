/* The statistics' rules without a database (RULES.md, Statistics): the joining-date
 * bands, the day a year is counted on, who is counted on it (and its by-year form that
 * member_flows keeps), the medal's first year, on their boundary days; and the rollup:
 * offices under a province summed into the total and one bucket per direct child (a
 * county in its prefecture's), ages and party years (from 转正) reached in the year,
 * past years from today's counts less the later flows, care in 人次, participation on
 * its own line, quarters, unknown reasons counted as other, and urgent help's ratios
 * from the summed counts. */
#include "support.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "yinhui/stats_rollup.h"
#include "yinhui/standing.h"
#include "yinhui/stats_rules.h"

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
        row("530102", "1977", 4, 5),  /* full member in 1977: 49 years in the party */
        row("530102", "", 4, 1),      /* no 转正 date: not known */
        row("530102", "2027", 4, 1),  /* full member next year: probationary now */
        row("532822", "1", 6, 2),     /* joined before 1949-10-01 */
        row("532822", "4", 6, 1),     /* since 2012-11-08 */
        row("532822", "", 6, 4),      /* joining date not known */
        row("530102", "2026", 7, 3),  /* medal this year */
        row("530102", "2027", 7, 2),  /* medal next year: not counted */
        row("530102", "", 7, 9),      /* never */
    };
    struct stat_rows mr = {m, 15};
    rollup_add_members(u, NULL, &mr, 2026);
    /* care rows are 人次: a birthday visit to four members is 4 */
    struct stat_row v[] = {row("532822", "birthday", 4, 0), row("530102", "no_such_reason", 2, 0)};
    struct stat_row d[] = {row("530102", NULL, 1000, 0)};
    /* volunteer minutes by month of service: 勐海 in March and December, 五华 in March */
    struct stat_row h[] = {row("532822", NULL, 3, 90), row("532822", NULL, 12, 30),
                           row("530102", NULL, 3, 60)};
    struct stat_rows vr = {v, 2}, dr = {d, 1}, hr = {h, 3}, none = {NULL, 0};
    rollup_add_counts(u, &vr, &dr, &hr, &none);
    struct stat_row a[] = {row("532822", NULL, 4, 2)};
    a[0].num[2] = 10; /* records */
    a[0].num[3] = 7;  /* attended */
    struct stat_rows ar = {a, 1};
    rollup_add_activities(u, &ar);
    struct stat_row p[] = {row("532822", "temporary", 3, 5), row("530102", "functional", 1, 1),
                           row("530102", "regular", 7, 7)};
    struct stat_rows pr = {p, 3};
    rollup_add_participation(u, &pr);

    cJSON *j = rollup_json(u, "530000", 2026, "2026-12-01");
    rollup_free(u);
    assert_string_equal(cJSON_GetObjectItem(j, "ages_as_of")->valuestring, "2026-12-31");
    assert_string_equal(cJSON_GetObjectItem(j, "as_of")->valuestring, "2026-12-01");
    assert_string_equal(cJSON_GetObjectItem(j, "medal_cutoff")->valuestring, "1976-07-01");
    assert_int_equal(cJSON_GetObjectItem(j, "offices")->valueint, 5);
    const cJSON *total = cJSON_GetObjectItem(j, "total");
    const cJSON *members = cJSON_GetObjectItem(total, "members");
    assert_true(cJSON_GetObjectItem(members, "active")->valuedouble == 17);
    assert_true(at(members, "by_category", "lixiu") == 2);
    assert_true(at(members, "by_age", "90_plus") == 3);
    assert_true(at(members, "by_age", "under_70") == 2);
    assert_true(at(members, "by_party_years", "30_49") == 5);
    assert_true(at(members, "by_party_years", "under_30") == 0);
    assert_true(at(members, "by_party_years", "not_known") == 1);
    assert_true(at(members, "by_party_years", "probationary") == 1);
    assert_true(at(members, "by_joining_period", "before_1949-10-01") == 2);
    assert_true(at(members, "by_joining_period", "from_2012-11-08") == 1);
    assert_true(at(members, "by_joining_period", "not_known") == 4);
    assert_true(cJSON_GetObjectItem(members, "fifty_years_medal")->valuedouble == 3);
    /* participation is its own line: the 17 members stay 17 */
    assert_true(at(cJSON_GetObjectItem(total, "participation"), "temporary", "members") == 3);
    assert_true(at(cJSON_GetObjectItem(total, "participation"), "temporary", "memberships") == 5);
    assert_true(at(cJSON_GetObjectItem(total, "participation"), "functional", "members") == 1);
    assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(total, "participation"), "regular"));
    assert_true(at(total, "coverage", "with_primary_branch") == 13);
    const cJSON *care = cJSON_GetObjectItem(total, "care");
    assert_true(cJSON_GetObjectItem(care, "member_visits")->valuedouble == 6);
    assert_true(at(care, "by_reason", "birthday") == 4);
    assert_true(at(care, "by_reason", "other") == 2);
    assert_true(cJSON_GetObjectItem(total, "dues_collected_fen")->valuedouble == 1000);
    assert_true(cJSON_GetObjectItem(total, "volunteer_minutes")->valuedouble == 180);
    const cJSON *months = cJSON_GetObjectItem(total, "volunteer_minutes_by_month");
    assert_int_equal(cJSON_GetArraySize(months), 12);
    assert_true(cJSON_GetArrayItem(months, 2)->valuedouble == 150);
    assert_true(cJSON_GetArrayItem(months, 11)->valuedouble == 30);
    assert_true(cJSON_GetArrayItem(months, 0)->valuedouble == 0);
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
    assert_true(at(cJSON_GetObjectItem(cJSON_GetObjectItem(km, "figures"), "care"), "by_reason", "other") ==
                2);
    cJSON_Delete(j);
}

/* Urgent help: counts summed per office into the total and its child; the share within
 * the deadline and the average satisfaction are the sums' ratios, never an average of
 * the offices' (which would be 0.45 and 3.0 here); overdue now only when counted (the
 * current year); none filed: both null. */
static void urgent_help_ratios_come_from_the_summed_counts(void **s)
{
    (void)s;
    struct rollup *u = rollup_new("530000", offices, 5);
    assert_non_null(u);
    const struct help_totals h[] = {
        {"530102", 10, 10, 9, 10, 50, 0}, /* share 0.9, average 5 */
        {"532822", 3, 2, 0, 1, 1, 0},     /* share 0, average 1 */
    };
    const struct help_totals late[] = {{"532822", 0, 0, 0, 0, 0, 2}};
    rollup_add_help(u, h, 2);
    rollup_add_help_overdue(u, late, 1);
    cJSON *j = rollup_json(u, "530000", 2026, "2026-12-01");
    rollup_free(u);
    const cJSON *t = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "total"), "urgent_help");
    assert_true(cJSON_GetObjectItem(t, "filed")->valuedouble == 13);
    assert_true(cJSON_GetObjectItem(t, "resolved")->valuedouble == 12);
    assert_true(cJSON_GetObjectItem(t, "resolved_within_deadline")->valuedouble == 9);
    assert_true(cJSON_GetObjectItem(t, "rated")->valuedouble == 11);
    assert_float_equal(cJSON_GetObjectItem(t, "share_within_deadline")->valuedouble, 0.75, 1e-9);
    assert_float_equal(cJSON_GetObjectItem(t, "satisfaction_average")->valuedouble, 4.64, 1e-9); /* 51/11 */
    const cJSON *bn =
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "children"), 1), "figures");
    const cJSON *b = cJSON_GetObjectItem(bn, "urgent_help");
    assert_true(cJSON_GetObjectItem(b, "filed")->valuedouble == 3);
    assert_float_equal(cJSON_GetObjectItem(b, "share_within_deadline")->valuedouble, 0.0, 1e-9);
    assert_true(cJSON_GetObjectItem(b, "overdue_open")->valuedouble == 2);
    assert_true(cJSON_GetObjectItem(t, "overdue_open")->valuedouble == 2);
    cJSON_Delete(j);
    /* a county with no requests: nothing to divide */
    u = rollup_new("532822", offices + 4, 1);
    j = rollup_json(u, "532822", 2026, "2026-12-01");
    rollup_free(u);
    t = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "total"), "urgent_help");
    assert_true(cJSON_GetObjectItem(t, "filed")->valuedouble == 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "share_within_deadline")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "satisfaction_average")));
    assert_null(cJSON_GetObjectItem(t, "overdue_open")); /* not counted: a past year's figures */
    cJSON_Delete(j);
}

static void a_county_has_no_children(void **s)
{
    (void)s;
    struct rollup *u = rollup_new("532822", offices + 4, 1);
    struct stat_row m[] = {row("532822", "1", 5, 3)};
    struct stat_rows mr = {m, 1};
    rollup_add_members(u, NULL, &mr, 2026);
    cJSON *j = rollup_json(u, "532822", 2026, "2026-12-31");
    rollup_free(u);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "children")), 0);
    assert_true(at(cJSON_GetObjectItem(j, "total"), "members", "active") == 3);
    assert_float_equal(at(cJSON_GetObjectItem(j, "total"), "coverage", "rate"), 1.0, 1e-6);
    cJSON_Delete(j);
}

/* A past year is today's counts plus stats_db_flows' changes (the later years' flows,
 * negated): a member who died this year is back in last year's figures, one who joined
 * this year is not. */
static void a_past_year_is_today_less_the_later_flows(void **s)
{
    (void)s;
    struct rollup *u = rollup_new("532822", offices + 4, 1);
    struct stat_row today[] = {row("532822", "1", 5, 10), row("532822", "1976", 4, 10)};
    struct stat_row later[] = {
        row("532822", "1", 5, 1 - 1), /* one died (+1), one joined (-1) after 2025 */
        row("532822", "", 5, 2),      /* two transferred out after 2025: affiliation then not kept */
        row("532822", "1976", 4, 2),
    };
    struct stat_rows tr = {today, 2}, lr = {later, 3};
    rollup_add_members(u, NULL, &tr, 2025);
    rollup_add_members(u, NULL, &lr, 2025);
    cJSON *j = rollup_json(u, "532822", 2025, "2025-12-31");
    rollup_free(u);
    const cJSON *members = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "total"), "members");
    assert_true(cJSON_GetObjectItem(members, "active")->valuedouble == 12);
    assert_true(at(members, "by_party_years", "30_49") == 12); /* 49 at the end of 2025 */
    const cJSON *cov = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "total"), "coverage");
    assert_true(cJSON_GetObjectItem(cov, "with_primary_branch")->valuedouble == 10);
    assert_true(cJSON_GetObjectItem(cov, "not_known")->valuedouble == 2);
    assert_true(cJSON_GetObjectItem(cov, "without_primary_branch")->valuedouble == 0);
    assert_float_equal(cJSON_GetObjectItem(cov, "rate")->valuedouble, 1.0, 1e-9);
    cJSON_Delete(j);
}

/* The bands' first days belong to them; the day before is the previous band's. */
static void joining_bands_turn_on_their_first_day(void **s)
{
    (void)s;
    assert_int_equal(stats_join_band("1921-07-01"), 0);
    assert_int_equal(stats_join_band("1949-09-30"), 0);
    assert_int_equal(stats_join_band("1949-10-01"), 1);
    assert_int_equal(stats_join_band("1978-12-17"), 1);
    assert_int_equal(stats_join_band("1978-12-18"), 2);
    assert_int_equal(stats_join_band("2012-11-07"), 2);
    assert_int_equal(stats_join_band("2012-11-08"), 3);
    assert_int_equal(stats_join_band("2024-02-29"), 3);
    assert_int_equal(stats_join_band(""), -1);
    assert_int_equal(stats_join_band(NULL), -1);
}

/* 31 December of a past year; today in the current one (China time: 1 January 00:10
 * in Beijing is already the new year, whose figures are as of that day); none ahead. */
static void a_year_is_counted_on_31_december_or_today(void **s)
{
    char d[11];
    (void)s;
    assert_true(stats_as_of(2025, "2026-12-01", d));
    assert_string_equal(d, "2025-12-31");
    assert_true(stats_as_of(2026, "2026-12-01", d));
    assert_string_equal(d, "2026-12-01");
    assert_true(stats_as_of(2026, "2026-12-31", d));
    assert_string_equal(d, "2026-12-31");
    assert_true(stats_as_of(2027, "2027-01-01", d));
    assert_string_equal(d, "2027-01-01");
    assert_true(stats_as_of(2026, "2027-01-01", d));
    assert_string_equal(d, "2026-12-31");
    assert_true(stats_as_of(2024, "2024-02-29", d));
    assert_string_equal(d, "2024-02-29");
    assert_false(stats_as_of(2027, "2026-12-31", d));
}

/* Joined by then, not died or left by then: the day itself counts as "by then". */
static void members_are_counted_when_joined_and_not_gone(void **s)
{
    (void)s;
    assert_true(stats_counted("2025-12-31", "active", NULL, "2025-12-31"));
    assert_false(stats_counted("2026-01-01", "active", NULL, "2025-12-31"));
    assert_true(stats_counted(NULL, "active", NULL, "1990-12-31"));
    assert_false(stats_counted("1960-05-04", "deceased", "2025-12-31", "2025-12-31"));
    assert_true(stats_counted("1960-05-04", "deceased", "2026-01-01", "2025-12-31"));
    assert_true(stats_counted("1960-05-04", "transferred_out", "2024-03-01", "2024-02-29"));
    assert_false(stats_counted("1960-05-04", "transferred_out", "2024-02-29", "2024-02-29"));
    assert_false(stats_counted("1960-05-04", "deceased", NULL, "2025-12-31")); /* date never kept */
    assert_false(stats_counted("1960-05-04", "deceased", "", "1961-12-31"));
}

/* member_flows' years give the same answer as stats_counted on every 31 December. */
static void flow_years_agree_with_the_rule_on_31_december(void **s)
{
    static const char *const cases[][3] = {
        {"1960-05-04", "active", NULL},
        {"2025-12-31", "active", NULL},
        {"2026-01-01", "active", NULL},
        {NULL, "active", NULL},
        {"1960-05-04", "deceased", "2025-12-31"},
        {"1960-05-04", "deceased", "2026-01-01"},
        {"2024-02-29", "transferred_out", "2024-02-29"},
        {NULL, "deceased", "2020-06-30"},
        {"1960-05-04", "deceased", NULL},
        {"2020-05-04", "deceased", "2019-01-01"},
    };
    (void)s;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int in, out;
        stats_flow_years(cases[i][0], cases[i][1], cases[i][2], &in, &out);
        for (int y = 1990; y <= 2030; y++) {
            char dec31[24];
            snprintf(dec31, sizeof(dec31), "%04d-12-31", y);
            if (stats_counted(cases[i][0], cases[i][1], cases[i][2], dec31) != (in <= y && y < out)) {
                fail_msg("case %zu, %d: the rule and the flows disagree", i, y);
            }
        }
    }
}

/* The medal's first year is the first year standing_medal_eligible holds: full member on
 * 1 July counts that year, 2 July the next; 29 February; marked ineligible: never. */
static void the_medal_year_follows_the_medal_rule(void **s)
{
    (void)s;
    assert_int_equal(stats_medal_year("1976-06-30", NULL), 2026);
    assert_int_equal(stats_medal_year("1976-07-01", NULL), 2026);
    assert_int_equal(stats_medal_year("1976-07-02", NULL), 2027);
    assert_int_equal(stats_medal_year("1976-12-31", NULL), 2027);
    assert_int_equal(stats_medal_year("1977-01-01", NULL), 2027);
    assert_int_equal(stats_medal_year("1976-02-29", NULL), 2026);
    assert_int_equal(stats_medal_year("1976-07-01", "处分影响期内"), 0);
    assert_int_equal(stats_medal_year("", NULL), 0);
    static const char *const days[] = {"1975-12-31", "1976-01-01", "1976-02-29", "1976-06-30",
                                       "1976-07-01", "1976-07-02", "1976-12-31"};
    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        int first = stats_medal_year(days[i], NULL);
        assert_false(standing_medal_eligible(days[i], NULL, first - 1));
        assert_true(standing_medal_eligible(days[i], NULL, first));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(children_sum_to_the_total),
        cmocka_unit_test(a_county_has_no_children),
        cmocka_unit_test(urgent_help_ratios_come_from_the_summed_counts),
        cmocka_unit_test(a_past_year_is_today_less_the_later_flows),
        cmocka_unit_test(joining_bands_turn_on_their_first_day),
        cmocka_unit_test(a_year_is_counted_on_31_december_or_today),
        cmocka_unit_test(members_are_counted_when_joined_and_not_gone),
        cmocka_unit_test(flow_years_agree_with_the_rule_on_31_december),
        cmocka_unit_test(the_medal_year_follows_the_medal_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
