/* The branch tree's member counts (branch_counts, sql/0058) against the real MariaDB:
 * every write of members that changes who is an active primary member of a branch keeps
 * them equal to counting the members, and the tree reads them. Uses the yinhui_test
 * database that scripts/test.sh migrated and seeded (the demo county's generated members
 * included). */
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

#define OFFICE "532822"

static unsigned seq = 300;

/* A new active member of OFFICE in branch (0: none), through the handlers' code. */
static int64_t insert(int64_t branch)
{
    struct member m;
    struct member_plain p;
    struct verrs v = {0};
    char idno[19], body[256];
    int64_t id = 0;
    memset(&m, 0, sizeof(m));
    memset(&p, 0, sizeof(p));
    snprintf(m.office, sizeof(m.office), OFFICE);
    idno_seq(idno, "530000", "1943", seq++);
    snprintf(body, sizeof(body), "{\"name\":\"岩温\",\"id_number\":\"%s\",\"category\":\"retired\"}", idno);
    cJSON *o = cJSON_Parse(body);
    member_apply(o, OFFICE, "2026-11-21", &m, &p, &v);
    member_require(o, &m, &p, &v);
    cJSON_Delete(o);
    assert_int_equal(v.n, 0);
    assert_int_equal(member_seal(&itest_cfg, &m, &p), 0);
    assert_int_equal(members_db_insert(itest_db, &m, &id), YH_OK);
    /* as POST /v1/members does: the record, then its primary branch (the generator's
     * members, checked by assert_count's whole-table comparison, are inserted with theirs) */
    int64_t ms = 0;
    if (branch != 0) {
        assert_int_equal(memberships_db_move_primary(itest_db, OFFICE, id, branch, "2026-01-01", &ms), YH_OK);
    }
    return id;
}

static int64_t new_branch(void)
{
    struct branch b;
    int64_t id = 0;
    memset(&b, 0, sizeof(b));
    snprintf(b.name, sizeof(b.name), "计数支部");
    snprintf(b.level, sizeof(b.level), "branch");
    snprintf(b.nature, sizeof(b.nature), "regular");
    snprintf(b.host_type, sizeof(b.host_type), "work_unit");
    assert_int_equal(branches_db_insert(itest_db, OFFICE, &b, &id), YH_OK);
    return id;
}

static int64_t one_int(const char *sql, const struct db_param *p, size_t np)
{
    int64_t v = -1;
    assert_int_equal(db_int(itest_db, sql, p, np, -1, &v), YH_OK);
    return v;
}

/* The count the tree shows for branch (via branches_db_tree), -1 when not in it. */
static int64_t tree_count(int64_t branch)
{
    struct branch_node *nodes = NULL;
    size_t n = 0;
    int64_t found = -1;
    assert_int_equal(branches_db_tree(itest_db, OFFICE, true, &nodes, &n), YH_OK);
    for (size_t i = 0; i < n; i++) {
        if (nodes[i].id == branch) {
            found = nodes[i].members;
        }
    }
    free(nodes);
    return found;
}

/* The kept count of branch equals counting its active members, and is want; no kept
 * count anywhere differs from counting (the demo county's bulk-written members too). */
static void assert_count(int64_t branch, int64_t want)
{
    static const char counted[] = "SELECT COUNT(*) FROM members WHERE office_code = ? AND branch_id = ? "
                                  "AND status = 'active'";
    static const char drift[] =
        "SELECT COUNT(*) FROM (SELECT office_code, branch_id, COUNT(*) n FROM members WHERE status = "
        "'active' "
        "AND branch_id IS NOT NULL GROUP BY office_code, branch_id) m LEFT JOIN branch_counts c ON "
        "c.office_code = m.office_code AND c.branch_id = m.branch_id WHERE NOT (c.members <=> m.n)";
    static const char stale[] =
        "SELECT COUNT(*) FROM branch_counts c WHERE c.members <> (SELECT COUNT(*) FROM members m WHERE "
        "m.office_code = c.office_code AND m.branch_id = c.branch_id AND m.status = 'active')";
    struct db_param p[] = {P_STR(OFFICE), P_I64(branch)};
    assert_int_equal(one_int(counted, p, 2), want);
    assert_int_equal(tree_count(branch), want);
    assert_int_equal(one_int(drift, NULL, 0), 0);
    assert_int_equal(one_int(stale, NULL, 0), 0);
}

static void counts_follow_every_member_write(void **s)
{
    (void)s;
    int64_t b1 = new_branch(), b2 = new_branch(), ms = 0;
    assert_count(b1, 0);
    /* new members: in a branch, and without one */
    int64_t m1 = insert(b1), m2 = insert(b1), m3 = insert(0);
    assert_count(b1, 2);
    /* a member moves to another branch; one without a branch joins one */
    assert_int_equal(memberships_db_move_primary(itest_db, OFFICE, m2, b2, "2026-01-01", &ms), YH_OK);
    assert_count(b1, 1);
    assert_count(b2, 1);
    assert_int_equal(memberships_db_move_primary(itest_db, OFFICE, m3, b2, "2026-01-01", &ms), YH_OK);
    assert_count(b2, 2);
    /* death, and the mistake undone back into b1 */
    assert_int_equal(members_db_close(itest_db, OFFICE, m1, "deceased", "2026-02-01", NULL), YH_OK);
    assert_count(b1, 0);
    assert_int_equal(members_db_reopen(itest_db, OFFICE, m1, "2026-02-01", b1), YH_OK);
    assert_count(b1, 1);
    /* transferred out (the branch is left), then back: active without a branch */
    assert_int_equal(members_db_close(itest_db, OFFICE, m2, "transferred_out", "2026-03-01", "昆明"), YH_OK);
    assert_count(b2, 1);
    assert_int_equal(members_db_return(itest_db, OFFICE, m2), YH_OK);
    assert_count(b2, 1);
    /* a status change alone, keeping the branch (written by SQL: no flow of ours does it) */
    struct db_param p[] = {P_I64(m3)};
    assert_int_equal(
        db_exec(itest_db, "UPDATE members SET status = 'deceased' WHERE id = ?", p, 1, NULL, NULL, NULL),
        YH_OK);
    assert_count(b2, 0);
    assert_int_equal(
        db_exec(itest_db, "UPDATE members SET status = 'active' WHERE id = ?", p, 1, NULL, NULL, NULL),
        YH_OK);
    assert_count(b2, 1);
    /* a write that changes nothing counted leaves the counts */
    assert_int_equal(
        db_exec(itest_db, "UPDATE members SET version = version + 1 WHERE id = ?", p, 1, NULL, NULL, NULL),
        YH_OK);
    assert_count(b2, 1);
    /* deleting a record (retention) */
    struct db_param q[] = {P_I64(m1)};
    assert_int_equal(db_exec(itest_db, "DELETE FROM memberships WHERE member_id = ?", q, 1, NULL, NULL, NULL),
                     YH_OK);
    assert_int_equal(db_exec(itest_db, "DELETE FROM members WHERE id = ?", q, 1, NULL, NULL, NULL), YH_OK);
    assert_count(b1, 0);
}

/* A write rolled back leaves the counts as they were (they are in the same transaction). */
static void counts_roll_back_with_the_write(void **s)
{
    (void)s;
    int64_t b = new_branch();
    insert(b);
    assert_int_equal(db_begin(itest_db), YH_OK);
    insert(b);
    insert(b);
    assert_int_equal(tree_count(b), 3);
    db_rollback(itest_db);
    assert_count(b, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_follow_every_member_write),
        cmocka_unit_test(counts_roll_back_with_the_write),
    };
    return cmocka_run_group_tests(tests, itest_setup, itest_teardown);
}
