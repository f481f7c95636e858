/* `yinhui key rotate-data` against the real MariaDB: every sealed column of the schema
 * moves to the new key (found through information_schema, so a sealed column missing
 * from pii_sealed_cols fails here), the texts stay, a second run has nothing to do, a
 * value rewritten between the batch's read and its swap is never overwritten, a value no
 * key opens stops it naming where, and it rotates back to the configured key for the API
 * tests that run next. Uses the yinhui_test database scripts/test.sh migrated and seeded
 * (the demo county fills most tables; the test adds rows to the others). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/pii.h"
#include "yinhui/pii_rotate.h"

static struct config next, only2, back;
static const unsigned char k2[32] = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8};
static int64_t added[3]; /* the volunteer, talent and webhook this test adds */
static int64_t aftercare_id;

static int setup(void **s)
{
    itest_setup(s);
    next = itest_cfg; /* new key 2, reading the configured one as the old key */
    memcpy(next.data_key, k2, 32);
    next.data_key_id = 2;
    memcpy(next.data_key_old, itest_cfg.data_key, 32);
    next.data_key_old_id = itest_cfg.data_key_id;
    only2 = next; /* the old key dropped */
    only2.data_key_old_id = 0;
    back = itest_cfg; /* back to the configured key, reading key 2 as the old one */
    memcpy(back.data_key_old, k2, 32);
    back.data_key_old_id = 2;
    return 0;
}

static void run(const char *sql, const struct db_param *p, size_t n)
{
    assert_int_equal(db_exec(itest_db, sql, p, n, NULL, NULL, NULL), YH_OK);
}

static int64_t count(const char *sql, const struct db_param *p, size_t n)
{
    int64_t v = -1;
    assert_int_equal(db_int(itest_db, sql, p, n, 0, &v), YH_OK);
    return v;
}

/* Sealed under c (asserted). */
static struct buf seal(const struct config *c, const char *text)
{
    struct buf b = {0};
    assert_int_equal(pii_seal(c, text, &b), 0);
    return b;
}

static int64_t insert_sealed(const char *sql, const char *text)
{
    struct buf b = seal(&itest_cfg, text);
    int64_t id = 0;
    struct db_param p[] = {P_BLOB(b.data, b.len)};
    assert_int_equal(db_insert(itest_db, sql, p, 1, &id), YH_OK);
    buf_free(&b);
    return id;
}

/* Values in the tables the demo county leaves empty, all under the configured key. */
static void add_rows(void)
{
    added[0] = insert_sealed(
        "INSERT INTO volunteers (office_code, name, phone_enc) VALUES ('532822', '轮换志愿者', ?)",
        "13800001111");
    added[1] = insert_sealed("INSERT INTO talents (office_code, name, phone_enc, speciality) "
                             "VALUES ('532822', '轮换人才', ?, '书法')",
                             "13800002222");
    added[2] =
        insert_sealed("INSERT INTO webhooks (office_code, url, secret_enc, events, active, created_by) "
                      "VALUES ('532822', 'https://example.invalid/rotate', ?, 'member.created', 0, 'test')",
                      "whsec-rotate-test");
    aftercare_id = count("SELECT IFNULL(MIN(id), 0) FROM aftercares WHERE note_enc IS NULL", NULL, 0);
    assert_true(aftercare_id > 0);
    struct buf b = seal(&itest_cfg, "家属要求简办丧事");
    struct db_param p[] = {P_BLOB(b.data, b.len), P_I64(aftercare_id)};
    run("UPDATE aftercares SET note_enc = ? WHERE id = ?", p, 2);
    buf_free(&b);
}

static void remove_rows(void)
{
    struct db_param p[] = {P_I64(added[0]), P_I64(added[1]), P_I64(added[2]), P_I64(aftercare_id)};
    run("DELETE FROM volunteers WHERE id = ?", p, 1);
    run("DELETE FROM talents WHERE id = ?", p + 1, 1);
    run("DELETE FROM webhooks WHERE id = ?", p + 2, 1);
    run("UPDATE aftercares SET note_enc = NULL WHERE id = ?", p + 3, 1);
}

/* The non-empty values of column c not starting with the header of key_id (-1: all). */
static int64_t values_not_under(const char *table, const char *col, int key_id)
{
    char sql[256];
    unsigned char hdr[CRYPTO_HDR];
    crypto_header((uint8_t)(key_id < 0 ? 0 : key_id), hdr);
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s WHERE %s <> '' AND (? OR LEFT(%s, %d) <> ?)", table,
             col, col, CRYPTO_HDR);
    struct db_param p[] = {P_I64(key_id < 0), P_BLOB(hdr, CRYPTO_HDR)};
    return count(sql, p, 2);
}

/* SHA-256 over every row key and opened text of column i in key order: the same before
 * and after a rotation when no text changed. */
static void digest(const struct config *c, size_t i, unsigned char out[32])
{
    const struct pii_sealed_col *sc = &pii_sealed_cols[i];
    char sql[256];
    struct db_rows rows;
    struct buf all = {0};
    snprintf(sql, sizeof(sql), "SELECT %s, %s, %s FROM %s WHERE %s <> '' ORDER BY %s, %s", sc->key,
             sc->key2 ? sc->key2 : "''", sc->col, sc->table, sc->col, sc->key, sc->key2 ? sc->key2 : "1");
    assert_int_equal(db_exec(itest_db, sql, NULL, 0, &rows, NULL, NULL), YH_OK);
    for (size_t r = 0; r < rows.nrows; r++) {
        struct buf text = {0};
        if (pii_open(c, db_str(&rows, r, 2), db_len(&rows, r, 2), &text) != 0) {
            fail_msg("%s.%s of row %s does not open", sc->table, sc->col, db_str(&rows, r, 0));
        }
        buf_printf(&all, "%s/%s=%s\n", db_str(&rows, r, 0), db_str(&rows, r, 1), text.data);
        buf_free(&text);
    }
    sha256(all.data ? all.data : "", all.len, out);
    buf_free(&all);
    db_rows_free(&rows);
}

static bool listed(const char *table, const char *col)
{
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        if (strcmp(pii_sealed_cols[i].table, table) == 0 && strcmp(pii_sealed_cols[i].col, col) == 0) {
            return true;
        }
    }
    return false;
}

/* Every *_enc column of the schema (signing keys excepted: YH_MASTER_KEY seals them) is
 * listed, and holds no value under another key than key_id. */
static void schema_all_under(int key_id)
{
    struct db_rows rows;
    assert_int_equal(
        db_exec(itest_db,
                "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                "DATABASE() AND COLUMN_NAME LIKE '%\\_enc' AND NOT (TABLE_NAME = 'office_keys' AND "
                "COLUMN_NAME = 'private_enc') ORDER BY 1, 2",
                NULL, 0, &rows, NULL, NULL),
        YH_OK);
    assert_true(rows.nrows >= pii_sealed_ncols);
    for (size_t r = 0; r < rows.nrows; r++) {
        const char *t = db_str(&rows, r, 0), *c = db_str(&rows, r, 1);
        if (!listed(t, c)) {
            fail_msg("%s.%s is a sealed column that rotate-data does not know (pii_sealed_cols)", t, c);
        }
        if (values_not_under(t, c, key_id) != 0) {
            fail_msg("%s.%s holds values not under key %d", t, c, key_id);
        }
    }
    db_rows_free(&rows);
}

static void rotate_data_covers_every_sealed_column(void **s)
{
    (void)s;
    unsigned char before[PII_SEALED_MAX][32], after[32];
    int64_t want[PII_SEALED_MAX];
    struct pii_rotate_report rep;
    add_rows();
    schema_all_under((int)itest_cfg.data_key_id);
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        want[i] = values_not_under(pii_sealed_cols[i].table, pii_sealed_cols[i].col, -1);
        if (want[i] == 0) { /* else the test would prove nothing about it */
            fail_msg("%s.%s has no value to rotate: add one in add_rows", pii_sealed_cols[i].table,
                     pii_sealed_cols[i].col);
        }
        digest(&itest_cfg, i, before[i]);
    }

    assert_int_equal(pii_rotate_data(&next, itest_db, &rep), YH_OK);
    assert_null(rep.failed);
    int64_t total = 0;
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        assert_int_equal(rep.resealed[i], want[i]);
        total += want[i];
        digest(&only2, i, after); /* opens with key 2 alone, the same texts */
        assert_memory_equal(before[i], after, 32);
    }
    assert_int_equal(rep.total, total);
    int64_t steps = 0; /* a table's count sums its columns */
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        steps += strcmp(pii_sealed_cols[i].table, "aftercare_steps") == 0 ? want[i] : 0;
    }
    assert_true(steps >= 3);
    assert_int_equal(pii_rotate_table_count(&rep, "aftercare_steps"), steps);
    schema_all_under(2);

    assert_int_equal(pii_rotate_data(&next, itest_db, &rep), YH_OK);
    assert_int_equal(rep.total, 0); /* nothing left to do */

    assert_int_equal(pii_rotate_data(&back, itest_db, &rep), YH_OK);
    assert_int_equal(rep.total, total);
    schema_all_under((int)itest_cfg.data_key_id);
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        digest(&itest_cfg, i, after);
        assert_memory_equal(before[i], after, 32);
    }
    remove_rows();
}

/* The sealed description of help request id. */
static struct buf description(int64_t id)
{
    struct db_rows rows;
    struct buf b = {0};
    struct db_param p[] = {P_I64(id)};
    assert_int_equal(
        db_exec_row(itest_db, "SELECT description_enc FROM help_requests WHERE id = ?", p, 1, &rows), YH_OK);
    buf_append(&b, db_str(&rows, 0, 0), db_len(&rows, 0, 0));
    db_rows_free(&rows);
    return b;
}

static void set_description(int64_t id, const void *v, size_t n)
{
    struct db_param p[] = {P_BLOB(v, n), P_I64(id)};
    run("UPDATE help_requests SET description_enc = ? WHERE id = ?", p, 2);
}

static const struct pii_sealed_col *col_of(const char *table, const char *col)
{
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        if (strcmp(pii_sealed_cols[i].table, table) == 0 && strcmp(pii_sealed_cols[i].col, col) == 0) {
            return &pii_sealed_cols[i];
        }
    }
    fail_msg("%s.%s not listed", table, col);
    return NULL;
}

/* The service rewrites a value between the batch's read and its swap: the swap loses and
 * the service's value stays; rotation then counts it current (written under the new key)
 * or re-seals it (a process still sealing under the old key). */
static void a_value_rewritten_meanwhile_is_not_overwritten(void **s)
{
    (void)s;
    const struct pii_sealed_col *c = col_of("help_requests", "description_enc");
    int64_t id = count("SELECT IFNULL(MIN(id), 0) FROM help_requests", NULL, 0);
    struct buf orig = description(id), stale = seal(&itest_cfg, "旧的求助内容"), mine = {0};
    struct buf theirs = seal(&next, "服务刚写入的求助内容");
    struct pii_rotate_report rep;
    struct db_rows rows;
    struct pii_row_key k, start = {0};
    const unsigned char *v;
    size_t len;
    bool swapped = true;
    unsigned char hdr[CRYPTO_HDR];
    assert_true(id > 0);
    assert_int_equal(pii_rotate_data(&next, itest_db, &rep), YH_OK); /* all under key 2 */
    set_description(id, stale.data, stale.len);

    crypto_header(2, hdr);
    assert_int_equal(rotate_db_stale(itest_db, c, hdr, CRYPTO_HDR, &start, 500, &rows), YH_OK);
    assert_int_equal(rows.nrows, 1);
    rotate_db_at(&rows, 0, &k, &v, &len);
    assert_int_equal(k.id, id);
    assert_int_equal(pii_seal(&next, "旧的求助内容", &mine), 0);
    set_description(id, theirs.data, theirs.len); /* the service's write */
    assert_int_equal(rotate_db_swap(itest_db, c, &k, v, len, mine.data, mine.len, &swapped), YH_OK);
    assert_false(swapped);
    struct buf now = description(id);
    assert_int_equal(now.len, theirs.len);
    assert_memory_equal(now.data, theirs.data, theirs.len);
    buf_free(&now);
    db_rows_free(&rows);
    assert_int_equal(pii_rotate_data(&next, itest_db, &rep), YH_OK);
    assert_int_equal(rep.total, 0); /* the service's value is current */

    /* a write under the old key is re-sealed, its text kept */
    struct buf old_write = seal(&itest_cfg, "旧进程写入");
    set_description(id, old_write.data, old_write.len);
    assert_int_equal(pii_rotate_data(&next, itest_db, &rep), YH_OK);
    assert_int_equal(pii_rotate_table_count(&rep, "help_requests"), 1);
    now = description(id);
    char text[64];
    assert_int_equal(pii_key_id(now.data, now.len), 2);
    assert_int_equal(pii_open_into(&only2, now.data, now.len, text, sizeof(text)), 0);
    assert_string_equal(text, "旧进程写入");

    set_description(id, orig.data, orig.len);
    assert_int_equal(pii_rotate_data(&back, itest_db, &rep), YH_OK);
    schema_all_under((int)itest_cfg.data_key_id);
    buf_free(&now);
    buf_free(&old_write);
    buf_free(&orig);
    buf_free(&stale);
    buf_free(&mine);
    buf_free(&theirs);
}

/* A value under a key neither configured key is: rotation stops naming its column and
 * row; every value stays readable (each is whole under one of the two keys). */
static void a_value_no_key_opens_stops_it_naming_where(void **s)
{
    (void)s;
    struct config other = itest_cfg;
    static const unsigned char k7[32] = {7, 7, 7};
    struct pii_rotate_report rep;
    char row[32];
    memcpy(other.data_key, k7, 32);
    other.data_key_id = 7;
    int64_t id = count("SELECT IFNULL(MIN(id), 0) FROM aftercares WHERE note_enc IS NULL", NULL, 0);
    assert_true(id > 0);
    struct buf b = seal(&other, "无人能开");
    struct db_param p[] = {P_BLOB(b.data, b.len), P_I64(id)};
    run("UPDATE aftercares SET note_enc = ? WHERE id = ?", p, 2);

    assert_int_equal(pii_rotate_data(&next, itest_db, &rep), YH_ERR_INTERNAL);
    assert_ptr_equal(rep.failed, col_of("aftercares", "note_enc"));
    snprintf(row, sizeof(row), "%lld", (long long)id);
    assert_string_equal(rep.failed_row, row);
    assert_true(pii_rotate_table_count(&rep, "members") > 0); /* the columns before it moved */
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        unsigned char d[32];
        if (&pii_sealed_cols[i] != rep.failed) {
            digest(&next, i, d); /* fails when a value does not open */
        }
    }
    run("UPDATE aftercares SET note_enc = NULL WHERE id = ?", p + 1, 1);
    assert_int_equal(pii_rotate_data(&back, itest_db, &rep), YH_OK);
    schema_all_under((int)itest_cfg.data_key_id);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rotate_data_covers_every_sealed_column),
        cmocka_unit_test(a_value_rewritten_meanwhile_is_not_overwritten),
        cmocka_unit_test(a_value_no_key_opens_stops_it_naming_where),
    };
    return cmocka_run_group_tests_name("integration: data key rotation", tests, setup, itest_teardown);
}
