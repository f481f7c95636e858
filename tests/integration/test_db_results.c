/* Result sets against the real MariaDB: a statement kept in a connection's cache gives its
 * rows back to the allocator when the caller has them (Connector/C kept the last result
 * of each cached statement until its next execution: 64 connections × 128 statements),
 * and runs again after an empty result; statements not run for YH_DB_STMT_IDLE_S are
 * closed between requests (db_forget_idle) and prepared again when next run; rows read as
 * they arrive reach db_each's function whole (long values, NULLs) as db_exec collects them. */
#include "support.h"

#include <malloc.h>
#include <stdbool.h>
#include <string.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/db.h"
#include "yinhui/util.h"

/* Bytes the allocator has handed out and not had back (this test is single-threaded). */
static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static void a_large_result_is_freed_with_its_rows(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    struct db_rows rows;
    static const char big[] = "SELECT seq, REPEAT('x', 1000) FROM seq_1_to_4000";
    assert_non_null(db);
    size_t before = heap_in_use();
    assert_int_equal(db_exec(db, big, NULL, 0, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 4000);
    db_rows_free(&rows);
    /* 4 MB passed through; what stays (the statement kept for next time) is far less */
    assert_true(heap_in_use() < before + 512 * 1024);
    db_close(db);
}

/* What db_each's rows looked like: their count, the sum of the first column, and the
 * second column's lengths, NULLs and whether each was the text expected. */
struct seen {
    size_t n, nulls, wrong;
    int64_t sum;
};

static void see_row(const struct db_rows *row, void *ctx)
{
    struct seen *s = ctx;
    int64_t k = db_i64(row, 0, 0);
    const char *v = db_str(row, 0, 1);
    s->n++;
    s->sum += k;
    if (v == NULL) {
        s->nulls++;
        return;
    }
    /* row k: k % 7 == 0 NULL, else 'y' repeated k * 3 times (up to 6,000 bytes: past the bind) */
    size_t want = (size_t)k * 3;
    bool ok = db_len(row, 0, 1) == want && strlen(v) == want && db_str(row, 1, 0) == NULL;
    for (size_t i = 0; ok && i < want; i++) {
        ok = v[i] == 'y';
    }
    s->wrong += ok ? 0 : 1;
}

static void rows_stream_to_a_function_and_match_db_exec(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    static const char sql[] = "SELECT seq, IF(seq % 7 = 0, NULL, REPEAT('y', seq * 3)) FROM seq_1_to_2000 "
                              "WHERE seq > ? ORDER BY seq";
    struct db_param p[] = {P_I64(0)};
    struct seen seen = {0};
    struct db_rows rows;
    assert_non_null(db);
    assert_int_equal(db_each(db, sql, p, 1, see_row, &seen), YH_OK);
    assert_int_equal(seen.n, 2000);
    assert_int_equal(seen.sum, 2000 * 2001 / 2);
    assert_int_equal(seen.nulls, 2000 / 7);
    assert_int_equal(seen.wrong, 0);
    /* the same statement collected: the same cells, and the connection is in step */
    assert_int_equal(db_exec(db, sql, p, 1, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 2000);
    assert_int_equal(rows.ncols, 2);
    assert_null(db_str(&rows, 6, 1));
    assert_int_equal(db_len(&rows, 1999, 1), 6000);
    assert_int_equal(db_i64(&rows, 1999, 0), 2000);
    db_rows_free(&rows);
    /* no rows: none to the function; db_exec still says how many columns */
    p[0] = P_I64(5000);
    seen = (struct seen){0};
    assert_int_equal(db_each(db, sql, p, 1, see_row, &seen), YH_OK);
    assert_int_equal(seen.n, 0);
    assert_int_equal(db_exec(db, sql, p, 1, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 0);
    assert_int_equal(rows.ncols, 2);
    db_rows_free(&rows);
    db_close(db);
}

/* Statements are hashed by their ends (db.c sql_hash): two that differ only in the middle,
 * of the same length, are still two statements, each with its own result. */
static void statements_alike_at_both_ends_stay_apart(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    char sql[2][512];
    const char *pad = "'0123456789012345678901234567890123456789012345678901234567890123456789'";
    assert_non_null(db);
    for (int i = 0; i < 2; i++) {
        snprintf(sql[i], sizeof(sql[i]), "SELECT LENGTH(%s), %d, LENGTH(%s)", pad, i + 1, pad);
    }
    assert_int_equal(strlen(sql[0]), strlen(sql[1]));
    for (int round = 0; round < 2; round++) { /* prepared, then found in the cache */
        for (int i = 0; i < 2; i++) {
            int64_t v = 0;
            struct db_rows rows;
            assert_int_equal(db_exec_row(db, sql[i], NULL, 0, &rows), YH_OK);
            v = db_i64(&rows, 0, 1);
            db_rows_free(&rows);
            assert_int_equal(v, i + 1);
        }
    }
    db_close(db);
}

/* DATE cells are fetched as MYSQL_TIME and written as text by db.c: the same text as
 * MariaDB's own ('%Y-%m-%d'), years before 1000 and NULLs included, for 100,000 dates
 * across eight thousand years; a DATETIME stays Connector/C's text. */
static void dates_read_as_their_text(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    struct db_rows rows;
    assert_non_null(db);
    assert_int_equal(db_exec_row(db,
                                 "SELECT DATE '0099-01-02', DATE '9999-12-31', CAST(NULL AS DATE), "
                                 "TIMESTAMP '2026-12-03 14:16:55.123', COALESCE(NULL, DATE '2026-02-28')",
                                 NULL, 0, &rows),
                     YH_OK);
    assert_string_equal(db_str(&rows, 0, 0), "0099-01-02");
    assert_int_equal(db_len(&rows, 0, 0), 10);
    assert_string_equal(db_str(&rows, 0, 1), "9999-12-31");
    assert_null(db_str(&rows, 0, 2));
    assert_string_equal(db_str(&rows, 0, 3), "2026-12-03 14:16:55.123");
    assert_string_equal(db_str(&rows, 0, 4), "2026-02-28");
    db_rows_free(&rows);
    assert_int_equal(db_exec(db, "CREATE TEMPORARY TABLE dates_as_text (d DATE)", NULL, 0, NULL, NULL, NULL),
                     YH_OK);
    assert_int_equal(db_exec(db,
                             "INSERT INTO dates_as_text SELECT DATE '1000-01-01' + INTERVAL seq * 37 DAY "
                             "FROM seq_0_to_99999 UNION ALL SELECT NULL UNION ALL SELECT DATE '0001-02-03'",
                             NULL, 0, NULL, NULL, NULL),
                     YH_OK);
    assert_int_equal(
        db_exec(db, "SELECT d, DATE_FORMAT(d, '%Y-%m-%d') FROM dates_as_text", NULL, 0, &rows, NULL, NULL),
        YH_OK);
    assert_int_equal(rows.nrows, 100002);
    for (size_t i = 0; i < rows.nrows; i++) {
        assert_int_equal(db_str(&rows, i, 0) == NULL, db_str(&rows, i, 1) == NULL);
        if (db_str(&rows, i, 0) != NULL) {
            assert_string_equal(db_str(&rows, i, 0), db_str(&rows, i, 1));
        }
    }
    db_rows_free(&rows);
    db_close(db);
}

static void on_alarm(int sig)
{
    (void)sig;
    _exit(3); /* a statement waiting for rows that never come: fail rather than hang */
}

static void a_statement_runs_again_after_an_empty_result(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    struct db_rows rows;
    static const char sql[] = "SELECT seq FROM seq_1_to_10 WHERE seq > ?";
    assert_non_null(db);
    signal(SIGALRM, on_alarm);
    alarm(20);
    struct db_param none[] = {P_I64(10)}, some[] = {P_I64(7)};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(db_exec(db, sql, none, 1, &rows, NULL, NULL), YH_OK);
        assert_int_equal(rows.nrows, 0);
        db_rows_free(&rows);
    }
    assert_int_equal(db_exec(db, sql, some, 1, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 3);
    db_rows_free(&rows);
    assert_int_equal(db_exec(db, sql, none, 1, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 0);
    db_rows_free(&rows);
    alarm(0);
    db_close(db);
}

/* A statement given fewer parameters than it has placeholders is refused before it runs
 * (mysql_stmt_bind_param would read one binding per placeholder, past the caller's), as
 * is one given more; the connection then serves the next statement as before. */
static void parameter_counts_must_match_the_placeholders(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    struct db_rows rows = {0};
    static const char sql[] = "SELECT seq FROM seq_1_to_10 WHERE seq > ? AND seq < ?";
    struct db_param p[] = {P_I64(2), P_I64(6), P_I64(9)};
    assert_non_null(db);
    assert_int_equal(db_exec(db, sql, p, 1, &rows, NULL, NULL), YH_ERR_INTERNAL);
    assert_int_equal(db_exec(db, sql, p, 3, &rows, NULL, NULL), YH_ERR_INTERNAL);
    assert_int_equal(db_exec(db, "SELECT 1", p, 1, &rows, NULL, NULL), YH_ERR_INTERNAL);
    assert_int_equal(db_exec(db, sql, p, 2, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 3);
    db_rows_free(&rows);
    db_close(db);
}

/* This session's count of statements prepared (name COM_STMT_PREPARE) or closed
 * (COM_STMT_CLOSE) on the server. */
static int64_t session_count(struct db *db, const char *name)
{
    int64_t n = -1;
    struct db_param p[] = {P_STR(name)};
    assert_int_equal(
        db_int(db, "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = ?", p,
               1, -1, &n),
        YH_OK);
    return n;
}

static void idle_statements_are_closed_and_prepared_again(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    int64_t v = 0;
    static const char a[] = "SELECT 1 + ? FROM DUAL", b[] = "SELECT 2 + ? FROM DUAL";
    struct db_param one[] = {P_I64(1)};
    assert_non_null(db);
    assert_int_equal(db_forget_idle(db, mono_s(), 0), 0); /* a request starts (0: never close) */
    assert_int_equal(db_int(db, a, one, 1, -1, &v), YH_OK);
    usleep(300 * 1000);
    assert_int_equal(db_forget_idle(db, mono_s(), 0), 0); /* the next one */
    assert_int_equal(db_int(db, b, one, 1, -1, &v), YH_OK);
    int64_t prepares = session_count(db, "COM_STMT_PREPARE"), closes = session_count(db, "COM_STMT_CLOSE");
    assert_int_equal(db_begin(db), YH_OK);
    assert_int_equal(db_forget_idle(db, mono_s(), 0.2), 0); /* none while a transaction is open */
    db_rollback(db);
    assert_int_equal(db_forget_idle(db, mono_s(), 0.2), 1);    /* a, idle for 300 ms; b and the count kept */
    assert_int_equal(db_forget_idle(db, mono_s(), 0.0001), 0); /* at most one look a second */
    assert_int_equal(db_int(db, b, one, 1, -1, &v), YH_OK);
    assert_int_equal(session_count(db, "COM_STMT_CLOSE"), closes + 1);
    assert_int_equal(session_count(db, "COM_STMT_PREPARE"), prepares); /* b was kept */
    assert_int_equal(db_int(db, a, one, 1, -1, &v), YH_OK);            /* a prepared again */
    assert_int_equal(v, 2);
    assert_int_equal(session_count(db, "COM_STMT_PREPARE"), prepares + 1);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_large_result_is_freed_with_its_rows),
        cmocka_unit_test(rows_stream_to_a_function_and_match_db_exec),
        cmocka_unit_test(a_statement_runs_again_after_an_empty_result),
        cmocka_unit_test(idle_statements_are_closed_and_prepared_again),
        cmocka_unit_test(statements_alike_at_both_ends_stay_apart),
        cmocka_unit_test(dates_read_as_their_text),
        cmocka_unit_test(parameter_counts_must_match_the_placeholders),
    };
    return cmocka_run_group_tests_name("integration: result sets", tests, itest_config_setup, NULL);
}
