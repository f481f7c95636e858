/* The care due list's store against the real MariaDB: the last visits (sql/0057
 * care_last_visits) equal those computed afresh from visit_members after every write
 * (insert, a visit moved in time or to another reason, to another member, deleted) and
 * follow the visiting office when a member moves; the members care_due_filter lets the
 * store read give the same list as every retiree of the office, over two years of dates
 * (every holiday window, the turn of the year, 29 February), windows of 1 to 60 days,
 * masked and exact, the office and a branch (and so does the service's care_due_compute,
 * which lists each member as it is read); and the filter does leave members out when
 * no holiday is near. Uses the demo county 532801 (2,500 members, lunar birthdays,
 * hospital stays, homebound and hardship) that scripts/test.sh seeded. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "yinhui/care.h"
#include "yinhui/care_db.h"
#include "yinhui/care_due.h"
#include "yinhui/db.h"
#include "yinhui/pii.h"

/* A due list being written from the store, and the members it was given. */
struct reading {
    struct due_list *l;
    size_t n;
};

static void add_member(const struct care_member *m, void *ctx)
{
    struct reading *rd = ctx;
    care_due_add(rd->l, m);
    rd->n++;
}

/* The due list of 532801 (of branch) on today over members read through f. */
static char *due_list(const struct due_params *p, int64_t branch, const struct holiday *hol, size_t nhol,
                      const struct holiday *next, size_t nnext, const struct due_filter *f, size_t *nread)
{
    struct buf body = {0};
    struct reading rd = {care_due_begin(p, hol, nhol, next, nnext, &body), 0};
    assert_int_equal(care_db_members_each(itest_db, "532801", branch, f, add_member, &rd), YH_OK);
    care_due_end(rd.l);
    *nread = rd.n;
    return body.data;
}

/* The branch of the demo county with the most retirees. */
static int64_t busiest_branch(void)
{
    int64_t id = 0;
    assert_int_equal(
        db_int(itest_db,
               "SELECT branch_id FROM members WHERE office_code = '532801' AND branch_id IS NOT NULL "
               "AND category <> 'in_service' GROUP BY branch_id ORDER BY COUNT(*) DESC, branch_id "
               "LIMIT 1",
               NULL, 0, 0, &id),
        YH_OK);
    return id;
}

static void the_filtered_store_lists_as_every_member_would(void **s)
{
    (void)s;
    static const long windows[] = {1, 7, 30, 60};
    struct holiday *hol = calloc(3 * HOLIDAYS_MAX, sizeof(*hol));
    assert_non_null(hol);
    int64_t branch = busiest_branch();
    size_t lists = 0, fewer = 0;
    time_t t0 = 1767225600; /* 2026-01-01T00:00:00Z */
    for (int d = 0; d < 731; d += 5) {
        char today[11];
        time_t t = t0 + (time_t)d * 86400;
        strftime(today, sizeof(today), "%Y-%m-%d", gmtime(&t));
        size_t nhol = 0, nnext = 0;
        assert_int_equal(care_holidays_read(itest_db, "532801", atoi(today), hol, &nhol), YH_OK);
        assert_int_equal(care_holidays_read(itest_db, "532801", atoi(today) + 1, hol + HOLIDAYS_MAX, &nnext),
                         YH_OK);
        for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
            struct due_params p = {.today = today, .days = windows[w], .hdays = 7, .exact = (d / 5) % 2 == 1};
            struct due_filter f, all;
            pii_blind_idx(&itest_cfg, "health", "532801", "hospitalised", p.hosp);
            pii_blind_idx(&itest_cfg, "health", "532801", "homebound", p.home);
            care_due_filter(&p, hol, nhol, hol + HOLIDAYS_MAX, nnext, &f);
            all = f;
            all.everyone = true;
            int64_t b = w == 1 ? branch : 0;
            size_t nf = 0, na = 0;
            char *a = due_list(&p, b, hol, nhol, hol + HOLIDAYS_MAX, nnext, &f, &nf);
            char *e = due_list(&p, b, hol, nhol, hol + HOLIDAYS_MAX, nnext, &all, &na);
            if (strcmp(a, e) != 0) {
                fail_msg("%s, %ld days, exact %d, branch %lld: the filtered list differs", today, p.days,
                         p.exact, (long long)b);
            }
            assert_true(nf <= na);
            /* the service's path: the same members, each listed as it is read, not held */
            struct buf got = {0};
            assert_int_equal(
                care_due_compute(itest_db, &itest_cfg, "532801", b, today, p.days, p.hdays, p.exact, &got),
                YH_OK);
            if (strcmp(got.data, a) != 0) {
                fail_msg("%s, %ld days, exact %d, branch %lld: the list read as it comes differs", today,
                         p.days, p.exact, (long long)b);
            }
            buf_free(&got);
            lists++;
            fewer += nf * 2 < na;
            free(a);
            free(e);
        }
    }
    free(hol);
    assert_true(lists > 500);
    /* most windows have no holiday in them: the store reads less than half the members */
    assert_true(fewer * 2 > lists);
}

/* care_last_visits as one string, or the same computed afresh from visit_members. */
static char *last_visits(bool kept)
{
    static const char kept_sql[] =
        "SELECT IFNULL(GROUP_CONCAT(CONCAT_WS(':', office_code, member_id, IFNULL(hosp, '-'), IFNULL(home, "
        "'-'), "
        "IFNULL(hard, '-'), IFNULL(hol, '-'), IFNULL(bday, '-'), IFNULL(round, '-')) ORDER BY office_code, "
        "member_id SEPARATOR ';'), '') FROM care_last_visits WHERE COALESCE(hosp, home, hard, hol, bday, "
        "round) IS "
        "NOT NULL";
    static const char fresh_sql[] =
        "SELECT IFNULL(GROUP_CONCAT(CONCAT_WS(':', office_code, member_id, IFNULL(hosp, '-'), IFNULL(home, "
        "'-'), "
        "IFNULL(hard, '-'), IFNULL(hol, '-'), IFNULL(bday, '-'), IFNULL(round, '-')) ORDER BY office_code, "
        "member_id SEPARATOR ';'), '') FROM (SELECT office_code, member_id, MAX(IF(reason = "
        "'hospitalisation', "
        "visited_on, NULL)) hosp, MAX(IF(reason = 'home_service', visited_on, NULL)) home, MAX(IF(reason = "
        "'hardship', visited_on, NULL)) hard, MAX(IF(reason = 'holiday', visited_on, NULL)) hol, "
        "MAX(IF(reason = "
        "'birthday', visited_on, NULL)) bday, MAX(IF(reason = 'round_birthday', visited_on, NULL)) round "
        "FROM "
        "visit_members GROUP BY office_code, member_id) t WHERE COALESCE(hosp, home, hard, hol, bday, round) "
        "IS "
        "NOT NULL";
    return test_db_string(itest_db, kept ? kept_sql : fresh_sql);
}

static void last_visits_agree(void)
{
    char *kept = last_visits(true), *fresh = last_visits(false);
    assert_string_equal(kept, fresh);
    free(kept);
    free(fresh);
}

static void exec(const char *sql, const struct db_param *p, size_t n)
{
    assert_int_equal(db_exec(itest_db, sql, p, n, NULL, NULL, NULL), YH_OK);
}

/* The office's last visit to member for reason column col ("" when none) into out. */
static void last_of(const char *office, int64_t member, const char *col, char out[11])
{
    char sql[120];
    struct db_rows rows;
    snprintf(sql, sizeof(sql),
             "SELECT IFNULL(%s, '') FROM care_last_visits WHERE office_code = ? AND member_id = ?", col);
    struct db_param p[] = {P_STR(office), P_I64(member)};
    assert_int_equal(db_exec(itest_db, sql, p, 2, &rows, NULL, NULL), YH_OK);
    snprintf(out, 11, "%s", rows.nrows ? db_str(&rows, 0, 0) : "");
    db_rows_free(&rows);
}

static void last_visits_follow_every_visit_write(void **s)
{
    (void)s;
    char d[11];
    int64_t m1 = 0, m2 = 0;
    uint64_t v = 0;
    assert_int_equal(
        db_int(itest_db, "SELECT MIN(id) FROM members WHERE office_code = '532801'", NULL, 0, 0, &m1), YH_OK);
    assert_int_equal(
        db_int(itest_db, "SELECT MAX(id) FROM members WHERE office_code = '532801'", NULL, 0, 0, &m2), YH_OK);
    last_visits_agree();
    assert_int_equal(
        db_exec(itest_db,
                "INSERT INTO visits (office_code, reason, visited_on, visitors, created_by) VALUES "
                "('532801', 'hardship', '2031-03-03', '测试', 'test')",
                NULL, 0, NULL, NULL, &v),
        YH_OK);
    struct db_param p[] = {P_I64(v), P_I64(m1), P_I64(v), P_I64(m2)};
    exec("INSERT INTO visit_members (visit_id, member_id, office_code, reason, visited_on) VALUES (?, ?, "
         "'532801', "
         "'hardship', '2031-03-03'), (?, ?, '532801', 'hardship', '2031-03-03')",
         p, 4);
    last_visits_agree();
    last_of("532801", m1, "hard", d);
    assert_string_equal(d, "2031-03-03");
    struct db_param q[] = {P_I64(v)};
    /* an earlier day, then another reason: the last visit goes back to what remains */
    exec("UPDATE visit_members SET visited_on = '2031-02-02' WHERE visit_id = ?", q, 1);
    last_visits_agree();
    last_of("532801", m1, "hard", d);
    assert_string_equal(d, "2031-02-02");
    exec("UPDATE visit_members SET reason = 'home_service' WHERE visit_id = ?", q, 1);
    last_visits_agree();
    last_of("532801", m2, "home", d);
    assert_string_equal(d, "2031-02-02");
    last_of("532801", m2, "hard", d);
    assert_string_not_equal(d, "2031-02-02");
    /* to another member, then gone */
    struct db_param r[] = {P_I64(m2), P_I64(v), P_I64(m1)};
    exec("DELETE FROM visit_members WHERE visit_id = ? AND member_id = ?",
         (struct db_param[]){P_I64(v), P_I64(m2)}, 2);
    exec("UPDATE visit_members SET member_id = ? WHERE visit_id = ? AND member_id = ?", r, 3);
    last_visits_agree();
    last_of("532801", m1, "home", d);
    assert_string_not_equal(d, "2031-02-02");
    exec("DELETE FROM visit_members WHERE visit_id = ?", q, 1);
    exec("DELETE FROM visits WHERE id = ?", q, 1);
    last_visits_agree();
    /* a member moved to another office brings none of the old office's visits */
    struct db_param mv[] = {P_I64(m1)};
    exec("UPDATE members SET office_code = '532822' WHERE id = ?", mv, 1);
    last_of("532822", m1, "hol", d);
    assert_string_equal(d, "");
    exec("UPDATE members SET office_code = '532801' WHERE id = ?", mv, 1);
    last_visits_agree();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(last_visits_follow_every_visit_write),
        cmocka_unit_test(the_filtered_store_lists_as_every_member_would),
    };
    return cmocka_run_group_tests(tests, itest_setup, itest_teardown);
}
