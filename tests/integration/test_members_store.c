/* Members' store against the real MariaDB: sealed columns, the ID-number index, the
 * one-primary rule enforced by the schema, key rotation of personal data. Uses the
 * yinhui_test database that scripts/test.sh migrated and seeded. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/branches_db.h"
#include "yinhui/db.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/pii.h"
#include "yinhui/pii_rotate.h"

/* Inserts a member of 532822 through the same code the handlers use. */
static int64_t insert(const char *idno, const char *phone, const char *address, const char *health)
{
    struct member m;
    struct member_plain p;
    struct verrs v = {0};
    char body[512];
    int64_t id = 0;
    memset(&m, 0, sizeof(m));
    memset(&p, 0, sizeof(p));
    snprintf(m.office, sizeof(m.office), "532822");
    snprintf(body, sizeof(body),
             "{\"name\":\"岩罕\",\"id_number\":\"%s\",\"category\":\"retired\",\"phone\":\"%s\",\"address\":"
             "\"%s\","
             "\"health\":\"%s\"}",
             idno, phone, address, health);
    cJSON *o = cJSON_Parse(body);
    member_apply(o, "532822", "2026-11-21", &m, &p, &v);
    member_require(o, &m, &p, &v);
    cJSON_Delete(o);
    assert_int_equal(v.n, 0);
    assert_int_equal(member_seal(&itest_cfg, &m, &p), 0);
    assert_int_equal(members_db_insert(itest_db, &m, &id), YH_OK);
    return id;
}

static bool column_holds(const char *col, int64_t id, const char *text)
{
    char sql[160];
    struct db_rows rows;
    snprintf(sql, sizeof(sql), "SELECT %s FROM members WHERE id = ?", col);
    struct db_param p[] = {P_I64(id)};
    assert_int_equal(db_exec(itest_db, sql, p, 1, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 1);
    bool found =
        db_str(&rows, 0, 0) != NULL && memmem(db_str(&rows, 0, 0), db_len(&rows, 0, 0), text, strlen(text));
    db_rows_free(&rows);
    return found;
}

static void sealed_columns_hold_no_plaintext(void **s)
{
    (void)s;
    int64_t id = insert("53282219320202001X", "13566667777", "勐海县象山镇佛双路8号", "homebound");
    assert_false(column_holds("id_enc", id, "53282219320202001X"));
    assert_false(column_holds("id_enc", id, "19320202"));
    assert_false(column_holds("phone_enc", id, "13566667777"));
    assert_false(column_holds("address_enc", id, "佛双路"));
    assert_false(column_holds("health_enc", id, "homebound"));
    assert_false(column_holds("health_idx", id, "home"));
    /* no column of any member in the whole table holds a readable number or phone, and
     * every address is a sealed value (its header): a text search for a character in
     * ciphertext cast to a collated string matches random bytes now and then */
    struct db_rows rows;
    assert_int_equal(
        db_exec(itest_db,
                "SELECT COUNT(*) FROM members WHERE id_enc LIKE '%5328%' OR phone_enc LIKE '%1356666%' "
                "OR (address_enc IS NOT NULL AND LEFT(address_enc, 1) <> 'Y')",
                NULL, 0, &rows, NULL, NULL),
        YH_OK);
    assert_string_equal(db_str(&rows, 0, 0), "0");
    db_rows_free(&rows);
    /* yet the service reads them back, and finds the member by number */
    struct member m;
    struct member_plain p;
    unsigned char h[32];
    pii_idno_hmac(&itest_cfg, "53282219320202001X", h);
    assert_int_equal(members_db_by_hmac(itest_db, "532822", h, &m), YH_OK);
    assert_int_equal(m.id, id);
    assert_int_equal(members_db_by_hmac(itest_db, "532801", h, &m), YH_ERR_NOT_FOUND); /* per office */
    assert_int_equal(member_open(&itest_cfg, &m, &p), 0);
    assert_string_equal(p.phone, "13566667777");
    assert_string_equal(p.health, "homebound");
    /* the ID number is unique per office */
    struct member dup = m;
    int64_t other = 0;
    assert_int_equal(members_db_insert(itest_db, &dup, &other), YH_ERR_CONFLICT);
    /* the health filter finds it by its blind index */
    struct member_filter f = {0};
    struct member *out = NULL;
    size_t n = 0;
    f.relocated = -1;
    f.limit = 100;
    f.has_health = true;
    pii_blind_idx(&itest_cfg, "health", "532822", "homebound", f.health_idx);
    assert_int_equal(members_db_list(itest_db, "532822", &f, &out, &n), YH_OK);
    bool seen = false;
    for (size_t i = 0; i < n; i++) {
        struct member_plain q;
        assert_int_equal(member_open(&itest_cfg, &out[i], &q), 0);
        assert_string_equal(q.health, "homebound");
        seen = seen || out[i].id == id;
    }
    assert_true(seen);
    free(out);
}

static void one_open_primary_per_member_in_schema(void **s)
{
    (void)s;
    int64_t id = insert("532822193303030014", "13566668888", "勐海县", "able");
    struct branch b;
    int64_t b1 = 0, b2 = 0, ms = 0;
    memset(&b, 0, sizeof(b));
    snprintf(b.name, sizeof(b.name), "勐海一支部");
    snprintf(b.level, sizeof(b.level), "branch");
    snprintf(b.nature, sizeof(b.nature), "regular");
    snprintf(b.host_type, sizeof(b.host_type), "work_unit");
    assert_int_equal(branches_db_insert(itest_db, "532822", &b, &b1), YH_OK);
    assert_int_equal(branches_db_insert(itest_db, "532822", &b, &b2), YH_OK);
    assert_int_equal(memberships_db_add(itest_db, "532822", id, b1, "primary", "2020-01-01", &ms), YH_OK);
    /* a second open primary is refused by the unique key, whatever the caller did */
    assert_int_equal(memberships_db_add(itest_db, "532822", id, b2, "primary", "2020-01-01", &ms),
                     YH_ERR_CONFLICT);
    assert_int_equal(memberships_db_move_primary(itest_db, "532822", id, b2, "2021-01-01", &ms), YH_OK);
    struct membership *list = NULL;
    size_t n = 0;
    assert_int_equal(memberships_db_list(itest_db, "532822", id, &list, &n), YH_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].ended_on, "2021-01-01");
    assert_string_equal(list[1].ended_on, "");
    free(list);
    struct member m;
    assert_int_equal(members_db_get(itest_db, "532822", id, &m), YH_OK);
    assert_int_equal(m.branch_id, b2);
}

/* Rotates every member to a new key, checks, and rotates back to the configured key
 * (the API tests that run next read the data with it). test_rotate.c covers the other
 * sealed tables. */
static void rotate_data_reseals_everything(void **s)
{
    (void)s;
    static const unsigned char k2[32] = {9, 8, 7, 6, 5, 4, 3, 2, 1};
    struct config next = itest_cfg, back = itest_cfg;
    struct pii_rotate_report rep;
    size_t total = 0;
    int64_t id = insert("532822193404040019", "13566669999", "勐海县勐遮镇", "frail");
    struct db_rows rows;
    /* every non-empty sealed value of every member */
    assert_int_equal(
        db_exec(itest_db,
                "SELECT SUM((id_enc <> '') + IFNULL(phone_enc <> '', 0) + IFNULL(address_enc <> '', 0) + "
                "(health_enc <> '')) FROM members",
                NULL, 0, &rows, NULL, NULL),
        YH_OK);
    total = (size_t)db_i64(&rows, 0, 0);
    db_rows_free(&rows);

    memcpy(next.data_key, k2, 32);
    next.data_key_id = 2;
    memcpy(next.data_key_old, itest_cfg.data_key, 32);
    next.data_key_old_id = itest_cfg.data_key_id;
    assert_int_equal(pii_rotate_data(&next, itest_db, &rep), YH_OK);
    assert_int_equal(pii_rotate_table_count(&rep, "members"), total);
    struct member m;
    struct member_plain p;
    assert_int_equal(members_db_get(itest_db, "532822", id, &m), YH_OK);
    assert_int_equal(pii_key_id(m.id_enc, m.id_enc_len), 2);
    assert_int_equal(pii_key_id(m.phone_enc, m.phone_enc_len), 2);
    assert_int_equal(member_open(&itest_cfg, &m, &p), -1); /* the old key alone no longer opens it */
    next.data_key_old_id = 0;
    assert_int_equal(member_open(&next, &m, &p), 0);
    assert_string_equal(p.phone, "13566669999");
    next.data_key_old_id = itest_cfg.data_key_id;
    assert_int_equal(pii_rotate_data(&next, itest_db, &rep), YH_OK);
    assert_int_equal(rep.total, 0); /* nothing left to do */

    memcpy(back.data_key_old, k2, 32);
    back.data_key_old_id = 2;
    assert_int_equal(pii_rotate_data(&back, itest_db, &rep), YH_OK);
    assert_int_equal(pii_rotate_table_count(&rep, "members"), total);
    assert_int_equal(members_db_get(itest_db, "532822", id, &m), YH_OK);
    assert_int_equal(member_open(&itest_cfg, &m, &p), 0);
    assert_string_equal(p.address, "勐海县勐遮镇");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sealed_columns_hold_no_plaintext),
        cmocka_unit_test(one_open_primary_per_member_in_schema),
        cmocka_unit_test(rotate_data_reseals_everything),
    };
    return cmocka_run_group_tests_name("integration: members store", tests, itest_setup, itest_teardown);
}
