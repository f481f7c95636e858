/* Reads that read what they return, not a table (sql/0062), against the real MariaDB on
 * the seeded demo county 532801 (64,711 attendance rows, 442 visits, 252 help requests,
 * 296 volunteer hours in 12 teams; some tests write rows of their own beside them): each
 * read's rows read through a handler, MariaDB's own count, stays far below what the same
 * read scanned without its key. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/audit_trail_db.h"
#include "yinhui/auth_db.h"
#include "yinhui/care_db.h"
#include "yinhui/db.h"
#include "yinhui/help_db.h"
#include "yinhui/stats_db.h"
#include "yinhui/study_db.h"
#include "yinhui/volunteers_db.h"

#define OFFICE "532801"

static void run(const char *sql)
{
    if (db_exec(itest_db, sql, NULL, 0, NULL, NULL, NULL) != YH_OK) {
        fail_msg("SQL failed: %s", sql);
    }
}

static long long count(const char *sql)
{
    struct db_rows rows;
    assert_int_equal(db_exec(itest_db, sql, NULL, 0, &rows, NULL, NULL), YH_OK);
    long long n = db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    return n;
}

/* Fails when the rows read since before exceed most, naming the read and how many the
 * table holds that it must not scan. */
static void read_at_most(long long before, long long most, const char *what, long long table)
{
    long long read = session_rows_read(itest_db) - before;
    if (read > most) {
        fail_msg("%s read %lld rows (at most %lld; the scan it replaced: %lld)", what, read, most, table);
    }
}

/* The study report's sessions of a quarter with none: the office's attendance of other
 * years is not read (ix_attendance_office_day); its active members still are, once. */
static void study_report_reads_its_quarter(void **s)
{
    (void)s;
    struct study_tally *out = NULL;
    size_t n = 0;
    long long attendance = count("SELECT COUNT(*) FROM org_life_attendance WHERE office_code = '" OFFICE "'");
    long long members =
        count("SELECT COUNT(*) FROM members WHERE office_code = '" OFFICE "' AND status = 'active'");
    assert_true(attendance > 4 * members);
    long long before = session_rows_read(itest_db);
    assert_int_equal(study_db_summary(itest_db, OFFICE, 0, "2001-01-01", "2001-04-01", &out, &n), YH_OK);
    assert_int_equal(n, 0);
    read_at_most(before, 2 * members, "the study report of a quarter", attendance);
    free(out);
}

/* A team's service minutes: its own hours, not every team's (ix_hours_team). */
static void team_reads_its_own_hours(void **s)
{
    (void)s;
    struct db_rows rows;
    long long team = count("SELECT team_id FROM volunteer_hours WHERE team_id IS NOT NULL GROUP BY team_id "
                           "ORDER BY COUNT(*), team_id LIMIT 1");
    long long all = count("SELECT COUNT(*) FROM volunteer_hours");
    long long own = count("SELECT COUNT(*) FROM volunteer_hours WHERE team_id = (SELECT team_id FROM "
                          "volunteer_hours WHERE team_id IS NOT NULL GROUP BY team_id ORDER BY COUNT(*), "
                          "team_id LIMIT 1)");
    assert_true(all > 8 * own);
    char office[7];
    struct db_rows o;
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT office_code FROM volunteer_teams WHERE id = %lld", team);
    assert_int_equal(db_exec(itest_db, sql, NULL, 0, &o, NULL, NULL), YH_OK);
    snprintf(office, sizeof(office), "%s", db_str(&o, 0, 0));
    db_rows_free(&o);
    long long before = session_rows_read(itest_db);
    assert_int_equal(vteams_db_get(itest_db, office, team, &rows), YH_OK);
    assert_int_equal(rows.nrows, 1);
    db_rows_free(&rows);
    read_at_most(before, 4 * own + 20, "a team read", all);
}

/* The newest page of visits and of help requests: the page (and the row after it), not
 * every visit or request of the office (ix_visits_office_id, ix_help_office_id). */
static void newest_first_lists_read_their_page(void **s)
{
    (void)s;
    struct db_rows rows;
    struct help_request *help = NULL;
    size_t n = 0;
    struct help_filter f = {.limit = 20};
    long long visits = count("SELECT COUNT(*) FROM visits WHERE office_code = '" OFFICE "'");
    long long requests = count("SELECT COUNT(*) FROM help_requests WHERE office_code = '" OFFICE "'");
    assert_true(visits > 200 && requests > 200);
    long long before = session_rows_read(itest_db);
    assert_int_equal(visits_db_list(itest_db, OFFICE, 0, NULL, 0, 20, &rows), YH_OK);
    assert_int_equal(rows.nrows, 21);
    db_rows_free(&rows);
    read_at_most(before, 100, "the newest page of visits", visits);
    /* a page two hundred visits down, from its cursor: not every newer visit first */
    long long cursor =
        count("SELECT id FROM visits WHERE office_code = '" OFFICE "' ORDER BY id DESC LIMIT 1 "
              "OFFSET 200");
    before = session_rows_read(itest_db);
    assert_int_equal(visits_db_list(itest_db, OFFICE, 0, NULL, cursor, 20, &rows), YH_OK);
    assert_int_equal(rows.nrows, 21);
    assert_true(strtoll(db_str(&rows, 0, 0), NULL, 10) < cursor);
    db_rows_free(&rows);
    read_at_most(before, 100, "a page of visits two hundred down", visits);
    before = session_rows_read(itest_db);
    assert_int_equal(help_db_list(itest_db, OFFICE, &f, &help, &n), YH_OK);
    assert_int_equal(n, 21);
    free(help);
    read_at_most(before, 100, "the newest page of help requests", requests);
}

/* A member's "assigned to me": the requests assigned to the member (or to a team it
 * leads), each through its assignee key, not the office's requests newest first until a
 * page of them matched. */
static void assigned_list_reads_the_assignees(void **s)
{
    (void)s;
    struct help_request *help = NULL;
    size_t n = 0;
    long long requests = count("SELECT COUNT(*) FROM help_requests WHERE office_code = '" OFFICE "'");
    long long member = count("SELECT assignee_member_id FROM help_requests WHERE office_code = '" OFFICE
                             "' AND assignee_member_id IS NOT NULL GROUP BY 1 ORDER BY COUNT(*), 1 LIMIT 1");
    char sql[200];
    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM help_requests WHERE office_code = '" OFFICE
             "' AND assignee_member_id = %lld",
             member);
    long long own = count(sql);
    assert_true(own > 0 && requests > 200);
    long long before = session_rows_read(itest_db);
    assert_int_equal(help_db_assigned(itest_db, OFFICE, member, 0, 0, 20, &help, &n), YH_OK);
    assert_true((long long)n >= own);
    free(help);
    read_at_most(before, requests / 4, "a member's assigned requests", requests);
}

/* The audit trail of one record and of one user: their entries, not the office's log
 * walked backwards (ix_audit_target, ix_audit_actor). 3,000 entries are written for an
 * office of their own, two of them about the record and by the user asked for. */
static void audit_trail_reads_the_record_asked_for(void **s)
{
    (void)s;
    enum { N = 3000 };
    struct db_rows rows;
    char sql[512];
    run("DELETE FROM audit_log WHERE office_code = '532822' AND actor LIKE 'scan:%'");
    snprintf(
        sql, sizeof(sql),
        "INSERT INTO audit_log (office_code, actor, action, target, request_id) SELECT '532822', "
        "CONCAT('scan:', IF(seq = 7, 'rare', seq MOD 50)), 'member.update', CONCAT('member:', IF(seq = 5, "
        "'rare', seq MOD 300)), 'scan' FROM seq_1_to_%d",
        N);
    run(sql);
    run("ANALYZE TABLE audit_log");
    struct audit_trail_query q = {.target = "member:rare", .limit = 20};
    long long before = session_rows_read(itest_db);
    assert_int_equal(audit_trail_db_list(itest_db, "532822", &q, &rows), YH_OK);
    assert_int_equal(rows.nrows, 1);
    db_rows_free(&rows);
    read_at_most(before, 50, "the audit trail of one record", N);
    q = (struct audit_trail_query){.actor = "scan:rare", .limit = 20};
    before = session_rows_read(itest_db);
    assert_int_equal(audit_trail_db_list(itest_db, "532822", &q, &rows), YH_OK);
    assert_int_equal(rows.nrows, 1);
    db_rows_free(&rows);
    read_at_most(before, 50, "the audit trail of one user", N);
    run("DELETE FROM audit_log WHERE office_code = '532822' AND actor LIKE 'scan:%'");
}

/* A province's activities of one year: each office's rows of that year, read office by
 * office through (office_code, held_at), not every year of every office under the code
 * prefix with the dates filtered row by row. */
static void province_rollup_reads_its_year(void **s)
{
    (void)s;
    struct stat_office *offs = NULL;
    struct stat_rows got = {0};
    size_t n = 0;
    long long activities = count("SELECT COUNT(*) FROM activities WHERE office_code LIKE '53%'");
    assert_true(activities > 1000);
    assert_int_equal(stats_db_offices(itest_db, "53", &offs, &n), YH_OK);
    assert_true(n > 1);
    long long before = session_rows_read(itest_db);
    assert_int_equal(stats_db_fetch(itest_db, STAT_ACTIVITIES, "53", offs, n, "2001-01-01 00:00:00",
                                    "2002-01-01 00:00:00", &got),
                     YH_OK);
    assert_int_equal(got.n, 0);
    stat_rows_free(&got);
    read_at_most(before, 100, "a province's activities of a year without any", activities);
    /* the same figures as the prefix read gave, this year */
    before = session_rows_read(itest_db);
    assert_int_equal(stats_db_fetch(itest_db, STAT_ACTIVITIES, "53", offs, n, "2026-01-01 00:00:00",
                                    "2027-01-01 00:00:00", &got),
                     YH_OK);
    long long sum = 0;
    for (size_t i = 0; i < got.n; i++) {
        sum += got.row[i].num[1]; /* after the quarter */
    }
    assert_int_equal(sum, count("SELECT COUNT(*) FROM activities WHERE office_code LIKE '53%' AND held_at >= "
                                "'2026-01-01' AND held_at < '2027-01-01'"));
    stat_rows_free(&got);
    free(offs);
}

/* The study records of a year, newest first (the day done, then id): a page of the
 * office's records and a page of one member's read their rows from the cursor down. 7,500
 * records over three years are written in the order of their days (ids follow days, as
 * records entered when done), a third of them another office's: a page of last year read
 * every newer record of both offices down the primary key (about 2,000 rows). */
static void study_list_reads_its_page(void **s)
{
    (void)s;
    struct study_row *rows = NULL, *next = NULL;
    size_t n = 0, m = 0;
    run("DELETE FROM study_records WHERE created_by = 'scan'");
    run("INSERT INTO study_records (office_code, member_id, kind, title, done_on, created_by) "
        "SELECT IF(q.seq = 3, '532822', '" OFFICE "'), m.id, 'book', CONCAT('scan ', q.seq), "
        "'2024-01-01' + INTERVAL ((m.id * 7 + q.seq * 131) MOD 1000) DAY d, 'scan' "
        "FROM (SELECT id FROM members WHERE office_code = '" OFFICE "' ORDER BY id LIMIT 2500) m "
        "JOIN seq_1_to_3 q ORDER BY d");
    long long member =
        count("SELECT member_id FROM study_records WHERE created_by = 'scan' AND office_code = '" OFFICE
              "' ORDER BY id LIMIT 1");
    run("ANALYZE TABLE study_records");
    long long year = count("SELECT COUNT(*) FROM study_records WHERE office_code = '" OFFICE "' AND done_on "
                           ">= '2025-01-01' AND done_on < '2026-01-01'");
    assert_true(year > 1000);
    struct study_list_query q = {.from = "2025-01-01", .to = "2026-01-01", .limit = 20};
    long long before = session_rows_read(itest_db);
    assert_int_equal(study_db_list(itest_db, OFFICE, &q, &rows, &n), YH_OK);
    read_at_most(before, 100, "a page of the office's study records", year);
    assert_int_equal(n, 21);
    for (size_t i = 1; i < n; i++) { /* newest first: the day, then the id */
        int c = strcmp(rows[i - 1].done_on, rows[i].done_on);
        assert_true(c > 0 || (c == 0 && rows[i - 1].id > rows[i].id));
    }
    /* the next page begins after the 20th shown, without skipping or repeating one */
    snprintf(q.after_on, sizeof(q.after_on), "%s", rows[19].done_on);
    q.after_id = rows[19].id;
    before = session_rows_read(itest_db);
    assert_int_equal(study_db_list(itest_db, OFFICE, &q, &next, &m), YH_OK);
    read_at_most(before, 100, "the next page of the office's study records", year);
    assert_int_equal(m, 21);
    assert_int_equal(next[0].id, rows[20].id);
    free(next);
    free(rows);
    /* one member's: through the member's own records */
    q = (struct study_list_query){.member_id = member, .from = "2024-01-01", .to = "2027-01-01", .limit = 20};
    before = session_rows_read(itest_db);
    assert_int_equal(study_db_list(itest_db, OFFICE, &q, &rows, &n), YH_OK);
    read_at_most(before, 20, "a member's study records", year);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(rows[i].member_id, member);
    }
    free(rows);
    run("DELETE FROM study_records WHERE created_by = 'scan'");
}

/* A volunteer's certificate lines (vcert_db_entries): the volunteer's own counted hours in
 * date order through ix_hours_volunteer_day (sql/0063), not the office's confirmed hours
 * of every volunteer (ix_hours_office, or a rowid filter built from ix_hours_entered: 352
 * rows for the 53 here). 3,000 corrected entries of another office stand beside them; each
 * entry's correction is one look-up (VHOURS_COUNTED). */
static void certificate_reads_the_volunteer_s_hours(void **s)
{
    (void)s;
    struct vcert_line *lines = NULL;
    size_t n = 0;
    char sql[640];
    run("DELETE FROM volunteer_hours WHERE entered_by = 'scan' AND source = 'correction'");
    run("DELETE FROM volunteer_hours WHERE entered_by = 'scan'");
    long long volunteer = count("SELECT volunteer_id FROM volunteer_hours WHERE office_code = '" OFFICE
                                "' AND status = 'confirmed' GROUP BY volunteer_id ORDER BY COUNT(*) DESC, "
                                "volunteer_id LIMIT 1");
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM volunteer_hours WHERE volunteer_id = %lld", volunteer);
    long long own = count(sql);
    snprintf(sql, sizeof(sql),
             "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, minutes, source, status, "
             "served_on, entered_by) SELECT '532822', h.volunteer_id, h.event_id, 60, 'staff', 'confirmed', "
             "h.served_on, 'scan' FROM (SELECT volunteer_id, event_id, served_on FROM volunteer_hours WHERE "
             "volunteer_id <> %lld ORDER BY id LIMIT 1) h JOIN seq_1_to_3000",
             volunteer);
    run(sql);
    run("INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, minutes, source, corrects_id, "
        "status, served_on, entered_by) SELECT office_code, volunteer_id, event_id, 30, 'correction', id, "
        "'confirmed', served_on, 'scan' FROM volunteer_hours WHERE entered_by = 'scan' AND source = 'staff'");
    run("ANALYZE TABLE volunteer_hours");
    long long office = count("SELECT COUNT(*) FROM volunteer_hours WHERE office_code = '" OFFICE "'");
    assert_true(office > 4 * own);
    long long before = session_rows_read(itest_db);
    enum yh_err err =
        vcert_db_entries(itest_db, OFFICE, volunteer, "2000-01-01", "2100-01-01", 500, &lines, &n);
    read_at_most(before, 2 * own + 20, "a volunteer's certificate lines", office);
    assert_int_equal(err, YH_OK);
    assert_true(n > 0 && n <= (size_t)own);
    free(lines);
    run("DELETE FROM volunteer_hours WHERE entered_by = 'scan' AND source = 'correction'");
    run("DELETE FROM volunteer_hours WHERE entered_by = 'scan'");
}

/* The public JWKS: the live keys, not every key ever issued (ix_keys_live). 2,000 retired
 * keys are written beside them. */
static void jwks_reads_the_live_keys(void **s)
{
    (void)s;
    enum { N = 2000 };
    struct public_key *keys = NULL;
    size_t n = 0, live = 0;
    char sql[512];
    run("DELETE FROM office_keys WHERE kid LIKE 'scan-%'");
    assert_int_equal(keys_db_public(itest_db, NULL, &keys, &live), YH_OK);
    free(keys);
    snprintf(sql, sizeof(sql),
             "INSERT INTO office_keys (kid, office_code, alg, public_pem, private_enc, not_after) SELECT "
             "CONCAT('scan-', seq), '532822', 'ES256', 'retired', 'x', NOW(3) - INTERVAL 1 DAY FROM "
             "seq_1_to_%d",
             N);
    run(sql);
    run("ANALYZE TABLE office_keys");
    long long before = session_rows_read(itest_db);
    assert_int_equal(keys_db_public(itest_db, NULL, &keys, &n), YH_OK);
    assert_int_equal(n, live);
    free(keys);
    read_at_most(before, 10 * (long long)live + 20, "the public keys", N);
    run("DELETE FROM office_keys WHERE kid LIKE 'scan-%'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(study_report_reads_its_quarter),
        cmocka_unit_test(team_reads_its_own_hours),
        cmocka_unit_test(newest_first_lists_read_their_page),
        cmocka_unit_test(assigned_list_reads_the_assignees),
        cmocka_unit_test(audit_trail_reads_the_record_asked_for),
        cmocka_unit_test(province_rollup_reads_its_year),
        cmocka_unit_test(jwks_reads_the_live_keys),
        cmocka_unit_test(study_list_reads_its_page),
        cmocka_unit_test(certificate_reads_the_volunteer_s_hours),
    };
    return cmocka_run_group_tests_name("integration: bounded reads", tests, itest_setup, itest_teardown);
}
