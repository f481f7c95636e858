/* The rules of 两优一先 without a database (service/evaluation/excellence_rules.c): the
 * notice period (公示) in working days across weekends, the turn of the year and 29
 * February; when a nomination may be named or objected to; who may be nominated; the
 * dues months a record expects; quotas; the honours written. */
#include "support.h"

#include <string.h>

#include "yinhui/excellence.h"

static void notice_counts_working_days(void **state)
{
    (void)state;
    char out[11];
    exc_notice_last("2027-12-27", 5, out); /* Monday → Friday */
    assert_string_equal(out, "2027-12-31");
    exc_notice_last("2027-12-27", 4, out);
    assert_string_equal(out, "2027-12-30");
    exc_notice_last("2027-12-27", 7, out); /* over the weekend and the turn of the year */
    assert_string_equal(out, "2028-01-04");
    exc_notice_last("2027-12-29", 5, out); /* Wednesday → Tuesday of the new year */
    assert_string_equal(out, "2028-01-04");
    exc_notice_last("2028-02-24", 5, out); /* Thursday, through 29 February → 1 March */
    assert_string_equal(out, "2028-03-01");
    exc_notice_last("2027-02-25", 5, out); /* the same days in a common year → 3 March */
    assert_string_equal(out, "2027-03-03");
    exc_notice_last("2027-12-31", 1, out); /* one day: the Friday itself */
    assert_string_equal(out, "2027-12-31");
}

static void notice_starts_on_a_working_day(void **state)
{
    (void)state;
    char first[11], last[11];
    exc_notice_first("2027-12-29", first); /* a Wednesday stays */
    assert_string_equal(first, "2027-12-29");
    exc_notice_first("2028-01-01", first); /* Saturday 1 January → Monday 3 January */
    assert_string_equal(first, "2028-01-03");
    exc_notice_last(first, 5, last);
    assert_string_equal(last, "2028-01-07");
    exc_notice_first("2028-02-26", first); /* Saturday → Monday 28 February */
    assert_string_equal(first, "2028-02-28");
    exc_notice_last(first, 5, last); /* 28, 29 February, 1, 2, 3 March */
    assert_string_equal(last, "2028-03-03");
    exc_notice_first("2027-02-27", first); /* common year: Saturday → Monday 1 March */
    assert_string_equal(first, "2027-03-01");
}

static void notice_state_by_day(void **state)
{
    (void)state;
    assert_string_equal(exc_notice_state(NULL, NULL, "2028-01-04"), "none");
    assert_string_equal(exc_notice_state("", "", "2028-01-04"), "none");
    assert_string_equal(exc_notice_state("2027-12-29", "2028-01-04", "2027-12-28"), "scheduled");
    assert_string_equal(exc_notice_state("2027-12-29", "2028-01-04", "2027-12-29"), "running");
    assert_string_equal(exc_notice_state("2027-12-29", "2028-01-04", "2027-12-31"), "running");
    assert_string_equal(exc_notice_state("2027-12-29", "2028-01-04", "2028-01-04"), "running"); /* last day */
    assert_string_equal(exc_notice_state("2027-12-29", "2028-01-04", "2028-01-05"), "ended");
}

static void naming_waits_for_the_notice_and_objections(void **state)
{
    (void)state;
    const char *f = "2028-02-24", *u = "2028-03-01";
    assert_non_null(exc_name_refusal("pending", "", "", 0, "2028-03-05")); /* no notice */
    assert_non_null(exc_name_refusal("pending", f, u, 0, "2028-02-23"));   /* scheduled */
    assert_non_null(exc_name_refusal("pending", f, u, 0, "2028-02-29"));   /* running */
    assert_non_null(exc_name_refusal("pending", f, u, 0, "2028-03-01"));   /* its last day */
    assert_null(exc_name_refusal("pending", f, u, 0, "2028-03-02"));       /* ended */
    assert_non_null(strstr(exc_name_refusal("pending", f, u, 1, "2028-03-02"), "objection"));
    assert_non_null(exc_name_refusal("named", f, u, 0, "2028-03-02"));
    assert_non_null(exc_name_refusal("withdrawn", f, u, 0, "2028-03-02"));
}

static void objections_during_the_notice(void **state)
{
    (void)state;
    const char *f = "2027-12-29", *u = "2028-01-04";
    assert_non_null(exc_objection_refusal("pending", "", "", "2027-12-30", "2027-12-30")); /* no notice */
    assert_null(exc_objection_refusal("pending", f, u, "2027-12-29", "2027-12-29"));
    assert_null(exc_objection_refusal("pending", f, u, "2028-01-04", "2028-01-04"));
    /* received on the last day, recorded the day after */
    assert_null(exc_objection_refusal("pending", f, u, "2028-01-04", "2028-01-05"));
    assert_non_null(exc_objection_refusal("pending", f, u, "2028-01-05", "2028-01-05")); /* too late */
    assert_non_null(exc_objection_refusal("pending", f, u, "2027-12-28", "2027-12-30")); /* before it */
    assert_non_null(exc_objection_refusal("pending", f, u, "2027-12-31", "2027-12-30")); /* future */
    assert_non_null(exc_objection_refusal("named", f, u, "2027-12-30", "2027-12-30"));
}

static void who_may_be_nominated(void **state)
{
    (void)state;
    const char *t = "2027-06-30";
    struct exc_standing ok = {"active", "1970-07-01", "1971-07-01", ""};
    struct exc_standing dead = {"deceased", "1970-07-01", "1971-07-01", ""};
    struct exc_standing gone = {"transferred_out", "1970-07-01", "1971-07-01", ""};
    assert_null(exc_member_refusal("excellent_member", &ok, 0, t));
    assert_non_null(exc_member_refusal("excellent_member", &dead, 0, t));
    assert_non_null(exc_member_refusal("excellent_member", &gone, 3, t));
    assert_non_null(exc_member_refusal("excellent_worker", &ok, 0, t)); /* never held a post */
    assert_null(exc_member_refusal("excellent_worker", &ok, 1, t));
    /* 预备党员: 转正 tomorrow, or not recorded; full member from today on */
    struct exc_standing prob = {"active", "2026-07-01", "2027-07-01", ""};
    assert_string_equal(exc_member_refusal("excellent_member", &prob, 0, t),
                        exc_member_refusal("excellent_worker", &prob, 2, t));
    assert_non_null(strstr(exc_member_refusal("excellent_member", &prob, 0, t), "预备党员"));
    prob.full_member_on = "";
    assert_non_null(exc_member_refusal("excellent_member", &prob, 0, t));
    prob.full_member_on = t;
    assert_null(exc_member_refusal("excellent_member", &prob, 0, t));
    /* 留党察看: its last day today still counts, yesterday's has passed */
    struct exc_standing watched = {"active", "1970-07-01", "1971-07-01", t};
    assert_non_null(strstr(exc_member_refusal("excellent_member", &watched, 0, t), "留党察看"));
    watched.probation_until = "2027-06-29";
    assert_null(exc_member_refusal("excellent_member", &watched, 0, t));
    /* the same at naming: put under 留党察看 after the nomination */
    assert_null(exc_standing_refusal(&ok, t));
    watched.probation_until = t;
    assert_non_null(strstr(exc_standing_refusal(&watched, t), "留党察看"));
    prob.full_member_on = "2027-07-01";
    assert_non_null(strstr(exc_standing_refusal(&prob, t), "预备党员"));
    assert_null(exc_subject_refusal("active"));
    assert_non_null(exc_subject_refusal("transferred_out"));
    assert_non_null(exc_subject_refusal("deceased"));
    assert_non_null(exc_subject_refusal("dissolved"));
    assert_null(exc_branch_refusal("regular", ""));
    assert_null(exc_branch_refusal("regular", NULL));
    assert_non_null(exc_branch_refusal("temporary", ""));
    assert_non_null(exc_branch_refusal("functional", ""));
    assert_non_null(exc_branch_refusal("regular", "2027-05-01"));
}

static void dues_months_of_the_assessed_year(void **state)
{
    (void)state;
    assert_int_equal(exc_dues_months_due("1965-07-01", "retired", 2027), 12);
    assert_int_equal(exc_dues_months_due("", "lixiu", 2027), 12);
    assert_int_equal(exc_dues_months_due("2027-01-15", "retired", 2027), 12);
    assert_int_equal(exc_dues_months_due("2027-12-01", "retired", 2027), 1);
    assert_int_equal(exc_dues_months_due("2027-07-01", "retired", 2027), 6);
    assert_int_equal(exc_dues_months_due("2028-02-29", "retired", 2027), 0);
    assert_int_equal(exc_dues_months_due("1965-07-01", "in_service", 2027), 0); /* pays at work */
}

static void quotas_and_honours(void **state)
{
    (void)state;
    assert_true(exc_quota_allows(2, 0));
    assert_true(exc_quota_allows(2, 1));
    assert_false(exc_quota_allows(2, 2));
    assert_false(exc_quota_allows(0, 0));
    assert_string_equal(exc_honour_kind("advanced_org"), "advanced_organisation");
    assert_string_equal(exc_honour_kind("excellent_member"), "excellent_member");
    assert_string_equal(exc_honour_title("excellent_member"), "优秀共产党员");
    assert_string_equal(exc_honour_title("excellent_worker"), "优秀党务工作者");
    assert_string_equal(exc_honour_title("advanced_org"), "先进基层党组织");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notice_counts_working_days),
        cmocka_unit_test(notice_starts_on_a_working_day),
        cmocka_unit_test(notice_state_by_day),
        cmocka_unit_test(naming_waits_for_the_notice_and_objections),
        cmocka_unit_test(objections_during_the_notice),
        cmocka_unit_test(who_may_be_nominated),
        cmocka_unit_test(dues_months_of_the_assessed_year),
        cmocka_unit_test(quotas_and_honours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
