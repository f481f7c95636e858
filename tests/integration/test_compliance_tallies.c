/* The compliance tallies (sql/0057) against the real MariaDB: after every write that
 * moves a count — an activity added to a branch, moved in time, to another kind or
 * office, its member meeting's quorum or lecture's speaker judged again, moved to
 * another branch, taken off a branch — the triggers' tallies equal the tallies computed
 * afresh from activities and activity_branches, and writes that move none (the
 * attendance counters) change nothing. Uses the yinhui_test database that
 * scripts/test.sh migrated and seeded (offices 532822 and 440104). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/db.h"
#include "yinhui/orglife_db.h"

static int64_t branch_a, branch_b;

/* The tallies of 532822 and 440104 as one string, non-zero rows only: kept (kept
 * true) or computed afresh the way the migration's backfill does. */
#define MONTHS                                                                                               \
    "m1, ',', m2, ',', m3, ',', m4, ',', m5, ',', m6, ',', m7, ',', m8, ',', m9, ',', m10, ',', m11, ',', "  \
    "m12"
static char *tallies(bool kept)
{
    static const char kept_sql[] =
        "SELECT IFNULL(GROUP_CONCAT(CONCAT_WS(':', yr, office_code, branch_id, kind, CONCAT(" MONTHS
        ")) ORDER BY yr, office_code, branch_id, kind SEPARATOR ';'), '') FROM compliance_tallies WHERE "
        "office_code IN ('532822', '440104') AND (m1 <> 0 OR m2 <> 0 OR m3 <> 0 OR m4 <> 0 OR m5 <> 0 OR m6 "
        "<> 0 "
        "OR m7 <> 0 OR m8 <> 0 OR m9 <> 0 OR m10 <> 0 OR m11 <> 0 OR m12 <> 0)";
    static const char fresh_sql[] =
        "SELECT IFNULL(GROUP_CONCAT(CONCAT_WS(':', yr, office_code, branch_id, kind, CONCAT(" MONTHS
        ")) ORDER BY yr, office_code, branch_id, kind SEPARATOR ';'), '') FROM (SELECT YEAR(x.held_at) yr, "
        "x.office_code, x.branch_id, x.k kind, SUM(MONTH(x.held_at) = 1) m1, SUM(MONTH(x.held_at) = 2) m2, "
        "SUM(MONTH(x.held_at) = 3) m3, SUM(MONTH(x.held_at) = 4) m4, SUM(MONTH(x.held_at) = 5) m5, "
        "SUM(MONTH(x.held_at) = 6) m6, SUM(MONTH(x.held_at) = 7) m7, SUM(MONTH(x.held_at) = 8) m8, "
        "SUM(MONTH(x.held_at) = 9) m9, SUM(MONTH(x.held_at) = 10) m10, SUM(MONTH(x.held_at) = 11) m11, "
        "SUM(MONTH(x.held_at) = 12) m12 FROM (SELECT a.office_code, a.held_at, ab.branch_id, CAST(a.kind AS "
        "CHAR) k FROM activities a JOIN activity_branches ab ON ab.activity_id = a.id WHERE a.kind <> "
        "'member_meeting' OR (ab.voters > 0 AND ab.present * 2 > ab.voters) UNION ALL SELECT a.office_code, "
        "a.held_at, ab.branch_id, 'secretary_lecture' FROM activities a JOIN activity_branches ab ON "
        "ab.activity_id = a.id WHERE a.kind = 'lecture' AND ab.by_secretary) x WHERE x.office_code IN "
        "('532822', '440104') GROUP BY 1, 2, 3, 4) t";
    return test_db_string(itest_db, kept ? kept_sql : fresh_sql);
}
#undef MONTHS

/* The tallies kept equal those computed afresh; returns the kept ones (caller frees). */
static char *tallies_agree(void)
{
    char *kept = tallies(true), *fresh = tallies(false);
    assert_string_equal(kept, fresh);
    free(fresh);
    return kept;
}

static void exec(const char *sql, const struct db_param *p, size_t n)
{
    assert_int_equal(db_exec(itest_db, sql, p, n, NULL, NULL, NULL), YH_OK);
}

/* Runs a write, then checks that the kept tallies still equal those computed afresh. */
static void written(const char *sql, const struct db_param *p, size_t n)
{
    exec(sql, p, n);
    free(tallies_agree());
}

/* Sets the branches of activity a in 532822 the same way, then checks the tallies agree. */
static void branches_set(int64_t a, const int64_t *br, size_t n)
{
    assert_int_equal(activities_db_set_branches(itest_db, "532822", a, br, n), YH_OK);
    free(tallies_agree());
}

static int64_t new_branch(const char *office, const char *name)
{
    uint64_t id = 0;
    struct db_param p[] = {P_STR(office), P_STR(name)};
    assert_int_equal(
        db_exec(itest_db,
                "INSERT INTO branches (office_code, name, level, nature, host_type) VALUES (?, ?, "
                "'branch', 'regular', 'work_unit')",
                p, 2, NULL, NULL, &id),
        YH_OK);
    return (int64_t)id;
}

static int setup(void **s)
{
    itest_setup(s);
    branch_a = new_branch("532822", "统计测试第一支部");
    branch_b = new_branch("532822", "统计测试第二支部");
    return 0;
}

static int64_t new_activity(const char *kind, const char *held_at)
{
    uint64_t id = 0;
    struct db_param p[] = {P_STR(kind), P_STR(held_at)};
    assert_int_equal(db_exec(itest_db,
                             "INSERT INTO activities (office_code, kind, title, held_at, created_by) VALUES "
                             "('532822', ?, '统计测试', ?, 'test')",
                             p, 2, NULL, NULL, &id),
                     YH_OK);
    return (int64_t)id;
}

/* The tally of branch, kind and year for month (1-12), 0 when there is no row. */
static int64_t tally(int64_t branch, const char *kind, int year, int month)
{
    char sql[160];
    int64_t n = 0;
    snprintf(sql, sizeof(sql),
             "SELECT m%d FROM compliance_tallies WHERE yr = ? AND branch_id = ? AND kind = ?", month);
    struct db_param p[] = {P_I64(year), P_I64(branch), P_STR(kind)};
    assert_int_equal(db_int(itest_db, sql, p, 3, 0, &n), YH_OK);
    return n;
}

static void an_activity_counts_where_and_when_it_is_held(void **s)
{
    (void)s;
    free(tallies_agree());
    int64_t a = new_activity("theme_day", "2026-03-05 09:00:00");
    int64_t br[] = {branch_a, branch_b};
    branches_set(a, br, 2);
    assert_int_equal(tally(branch_a, "theme_day", 2026, 3), 1);
    assert_int_equal(tally(branch_b, "theme_day", 2026, 3), 1);
    /* moved across the year's end, and to another kind */
    struct db_param p[] = {P_I64(a)};
    written("UPDATE activities SET held_at = '2027-01-02 10:00:00' WHERE id = ?", p, 1);
    assert_int_equal(tally(branch_a, "theme_day", 2026, 3), 0);
    assert_int_equal(tally(branch_a, "theme_day", 2027, 1), 1);
    written("UPDATE activities SET kind = 'committee_meeting' WHERE id = ?", p, 1);
    assert_int_equal(tally(branch_a, "theme_day", 2027, 1), 0);
    assert_int_equal(tally(branch_b, "committee_meeting", 2027, 1), 1);
    /* off one branch, then the other: nothing left */
    int64_t only_b[] = {branch_b};
    branches_set(a, only_b, 1);
    assert_int_equal(tally(branch_a, "committee_meeting", 2027, 1), 0);
    /* a line moved to another branch moves its count */
    struct db_param mv[] = {P_I64(branch_a), P_I64(a)};
    written("UPDATE activity_branches SET branch_id = ? WHERE activity_id = ?", mv, 2);
    assert_int_equal(tally(branch_a, "committee_meeting", 2027, 1), 1);
    assert_int_equal(tally(branch_b, "committee_meeting", 2027, 1), 0);
    branches_set(a, NULL, 0);
    assert_int_equal(tally(branch_a, "committee_meeting", 2027, 1), 0);
}

static void quorum_and_speaker_decide_what_counts(void **s)
{
    (void)s;
    int64_t m = new_activity("member_meeting", "2026-06-30 23:30:00");
    int64_t br[] = {branch_a};
    branches_set(m, br, 1);
    assert_int_equal(tally(branch_a, "member_meeting", 2026, 6), 0); /* no voters yet */
    struct db_param p[] = {P_I64(m)};
    written("UPDATE activity_branches SET voters = 9, present = 5 WHERE activity_id = ?", p, 1);
    assert_int_equal(tally(branch_a, "member_meeting", 2026, 6), 1);
    written("UPDATE activity_branches SET present = 4 WHERE activity_id = ?", p, 1); /* not more than half */
    assert_int_equal(tally(branch_a, "member_meeting", 2026, 6), 0);
    int64_t l = new_activity("lecture", "2026-11-11 15:00:00");
    assert_int_equal(activities_db_set_branches(itest_db, "532822", l, br, 1), YH_OK);
    struct db_param q[] = {P_I64(l)};
    written("UPDATE activity_branches SET by_secretary = 1 WHERE activity_id = ?", q, 1);
    assert_int_equal(tally(branch_a, "lecture", 2026, 11), 1);
    assert_int_equal(tally(branch_a, "secretary_lecture", 2026, 11), 1);
    /* a lecture that becomes a study day is no secretary's lecture any more */
    written("UPDATE activities SET kind = 'study' WHERE id = ?", q, 1);
    assert_int_equal(tally(branch_a, "secretary_lecture", 2026, 11), 0);
    assert_int_equal(tally(branch_a, "study", 2026, 11), 1);
}

static void other_writes_leave_the_tallies_alone_or_move_them_whole(void **s)
{
    (void)s;
    int64_t a = new_activity("heart_talk", "2026-08-08 08:08:08");
    int64_t br[] = {branch_b};
    assert_int_equal(activities_db_set_branches(itest_db, "532822", a, br, 1), YH_OK);
    char *before = tallies_agree();
    struct db_param p[] = {P_I64(a)};
    /* the attendance counters and the title are no part of the tallies */
    exec("UPDATE activities SET records = records + 3, attended = attended + 2, title = '改名' WHERE id = ?",
         p, 1);
    char *after = tallies_agree();
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* to another office: the count goes with the activity */
    exec("UPDATE activities SET office_code = '440104' WHERE id = ?", p, 1);
    after = tallies_agree();
    assert_non_null(strstr(after, "2026:440104:"));
    free(after);
    exec("UPDATE activities SET office_code = '532822' WHERE id = ?", p, 1);
    branches_set(a, NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_activity_counts_where_and_when_it_is_held),
        cmocka_unit_test(quorum_and_speaker_decide_what_counts),
        cmocka_unit_test(other_writes_leave_the_tallies_alone_or_move_them_whole),
    };
    return cmocka_run_group_tests(tests, setup, itest_teardown);
}
