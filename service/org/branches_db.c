/* Party organisations of an office: every statement filters by office_code. */
#include "yinhui/branches_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "yinhui/gbt2260.h"
#include "yinhui/json_out.h"
#include "yinhui/org_db.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define BRANCH_COLS                                                                                          \
    "b.id, b.office_code, b.name, b.level, b.nature, b.host_type, b.host_name, IFNULL(b.parent_id, 0), "     \
    "b.founded_on, b.dissolved_on, b.address, b.demo_level, IFNULL(b.demo_year, 0), b.version, " SQL_TS(     \
        "b.created_at") ", " SQL_TS("b.updated_at") ", "                                                     \
                                                    "(SELECT COUNT(*) FROM members m WHERE m.office_code = " \
                                                    "b.office_code AND "                                     \
                                                    "m.branch_id = b.id AND m.status = 'active'), "          \
                                                    "(SELECT COUNT(*) FROM memberships s WHERE "             \
                                                    "s.office_code = b.office_code AND "                     \
                                                    "s.branch_id = b.id AND s.ended_on IS NULL AND s.kind "  \
                                                    "= 'participating'), b.location_code"

int branch_level_rank(const char *level)
{
    if (strcmp(level, "committee") == 0) {
        return 3;
    }
    if (strcmp(level, "general_branch") == 0) {
        return 2;
    }
    if (strcmp(level, "branch") == 0) {
        return 1;
    }
    return 0;
}

/* BRANCH_COLS in order: each column's member and its JSON name (demonstration and the
 * counts are shown nested, by branch_json). */
static const struct fm branch_map[] = {
    FM(FM_ID, "id", struct branch, id),
    FM(FM_STR, "office", struct branch, office),
    FM(FM_STR, "name", struct branch, name),
    FM(FM_STR, "level", struct branch, level),
    FM(FM_STR, "nature", struct branch, nature),
    FM(FM_STR, "host_type", struct branch, host_type),
    FM(FM_OPT, "host_name", struct branch, host_name),
    FM(FM_ID, "parent_id", struct branch, parent_id),
    FM(FM_OPT, "founded_on", struct branch, founded_on),
    FM(FM_OPT, "dissolved_on", struct branch, dissolved_on),
    FM(FM_OPT, "address", struct branch, address),
    FM(FM_STR, NULL, struct branch, demo_level),
    FM(FM_INT, NULL, struct branch, demo_year),
    FM(FM_INT, "version", struct branch, version),
    FM(FM_STR, "created_at", struct branch, created_at),
    FM(FM_STR, "updated_at", struct branch, updated_at),
    FM(FM_INT, NULL, struct branch, primary_count),
    FM(FM_INT, NULL, struct branch, participants),
    FM(FM_OPT, "location_code", struct branch, location_code),
};

void branch_add_json(cJSON *j, const struct branch *b)
{
    fm_add_json(j, branch_map, ARRAY_LEN(branch_map), b);
}

enum yh_err branches_db_get(struct db *db, const char *office, int64_t id, struct branch *b)
{
    static const char sql[] = "SELECT " BRANCH_COLS " FROM branches b WHERE b.office_code = ? AND b.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, branch_map, ARRAY_LEN(branch_map), b);
}

enum yh_err branches_db_lock(struct db *db, const char *office, int64_t id)
{
    static const char sql[] = "SELECT id FROM branches WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows = {0};
    enum yh_err err = db_exec_row(db, sql, p, 2, &rows);
    if (err == YH_OK) {
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err branches_db_insert(struct db *db, const char *office, const struct branch *b, int64_t *id)
{
    static const char sql[] = "INSERT INTO branches (office_code, name, level, nature, host_type, host_name, "
                              "parent_id, founded_on, address, demo_level, demo_year, location_code) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),
                           P_STR(b->name),
                           P_STR(b->level),
                           P_STR(b->nature),
                           P_STR(b->host_type),
                           P_OPT(b->host_name),
                           b->parent_id ? P_I64(b->parent_id) : P_NULL,
                           P_OPT(b->founded_on),
                           P_OPT(b->address),
                           P_OPT(b->demo_level),
                           b->demo_year ? P_I64(b->demo_year) : P_NULL,
                           P_OPT(b->location_code)};
    return db_insert(db, sql, p, 12, id);
}

enum yh_err branches_db_update(struct db *db, const char *office, const struct branch *b, int64_t version)
{
    static const char sql[] =
        "UPDATE branches SET name = ?, level = ?, nature = ?, host_type = ?, host_name = ?, "
        "parent_id = ?, founded_on = ?, address = ?, demo_level = ?, demo_year = ?, location_code = ?, "
        "version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM branches WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(b->name),
                           P_STR(b->level),
                           P_STR(b->nature),
                           P_STR(b->host_type),
                           P_OPT(b->host_name),
                           b->parent_id ? P_I64(b->parent_id) : P_NULL,
                           P_OPT(b->founded_on),
                           P_OPT(b->address),
                           P_OPT(b->demo_level),
                           b->demo_year ? P_I64(b->demo_year) : P_NULL,
                           P_OPT(b->location_code),
                           P_STR(office),
                           P_I64(b->id),
                           P_I64(version)};
    return db_update_one(db, sql, p, 14, exists, office, b->id);
}

enum yh_err branches_db_list(struct db *db, const char *office, const struct branch_filter *f,
                             struct branch **out, size_t *n)
{
    struct buf sql = {0};
    struct db_param p[14];
    size_t np = 0;
    enum yh_err err;
    const char *state = f->state ? f->state : "active";

    *out = NULL;
    *n = 0;
    buf_puts(&sql, "SELECT " BRANCH_COLS " FROM branches b WHERE b.office_code = ? AND b.id > ?");
    p[np++] = P_STR(office);
    p[np++] = P_I64(f->after_id);
    if (strcmp(state, "active") == 0) {
        buf_puts(&sql, " AND b.dissolved_on IS NULL");
    } else if (strcmp(state, "dissolved") == 0) {
        buf_puts(&sql, " AND b.dissolved_on IS NOT NULL");
    }
    org_db_filter_str(&sql, p, &np, " AND b.level = ?", f->level);
    org_db_filter_str(&sql, p, &np, " AND b.nature = ?", f->nature);
    org_db_filter_str(&sql, p, &np, " AND b.host_type = ?", f->host_type);
    org_db_filter_str(&sql, p, &np, " AND b.demo_level = ?", f->demo_level);
    org_db_filter_i64(&sql, p, &np, " AND b.parent_id = ?", f->parent_id);
    org_db_filter_i64(&sql, p, &np, " AND b.id = ?", f->only_id);
    org_db_filter_str(&sql, p, &np, " AND INSTR(b.name, ?) > 0", f->name_contains);
    if (f->located != NULL) {
        /* h2: outside the office's area (its code's significant prefix) or not */
        buf_puts(
            &sql,
            strcmp(f->located, "elsewhere") == 0
                ? " AND b.location_code IS NOT NULL AND LEFT(b.location_code, ?) <> LEFT(b.office_code, ?)"
                : " AND (b.location_code IS NULL OR LEFT(b.location_code, ?) = LEFT(b.office_code, ?))");
        p[np++] = P_I64((int64_t)gbt2260_prefix_len(office));
        p[np++] = P_I64((int64_t)gbt2260_prefix_len(office));
    }
    buf_puts(&sql, " ORDER BY b.id LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    err = FM_ALL(db, sql.data, p, np, branch_map, ARRAY_LEN(branch_map), out, n);
    buf_free(&sql);
    return err;
}

enum yh_err branches_db_count_children(struct db *db, const char *office, int64_t id, int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM branches WHERE office_code = ? AND parent_id = ? "
                              "AND dissolved_on IS NULL";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_int(db, sql, p, 2, 0, n);
}

enum yh_err branches_db_max_child_rank(struct db *db, const char *office, int64_t id, int *rank)
{
    static const char sql[] = "SELECT IFNULL(MAX(CASE level WHEN 'committee' THEN 3 WHEN 'general_branch' "
                              "THEN 2 ELSE 1 END), 0) FROM branches WHERE office_code = ? AND parent_id = ? "
                              "AND dissolved_on IS NULL";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    int64_t v = 0;
    enum yh_err err = db_int(db, sql, p, 2, 0, &v);
    *rank = (int)v;
    return err;
}

enum yh_err branches_db_dissolve(struct db *db, const char *office, int64_t id, const char *on,
                                 int64_t version)
{
    static const char upd[] =
        "UPDATE branches SET dissolved_on = ?, version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ? AND dissolved_on IS NULL";
    static const char exists[] = "SELECT 1 FROM branches WHERE office_code = ? AND id = ?";
    static const char end[] = "UPDATE memberships SET ended_on = ?, end_reason = 'branch dissolved' "
                              "WHERE office_code = ? AND branch_id = ? AND ended_on IS NULL";
    struct db_param p[] = {P_STR(on), P_STR(office), P_I64(id), P_I64(version)};
    enum yh_err err = db_update_one(db, upd, p, 4, exists, office, id);
    return err == YH_OK ? db_exec(db, end, p, 3, NULL, NULL, NULL) : err;
}

enum yh_err branches_db_set_committee(struct db *db, int64_t branch_id, const struct committee_seat *s,
                                      size_t n)
{
    static const char del[] = "DELETE FROM branch_committee WHERE branch_id = ?";
    static const char ins[] = "INSERT INTO branch_committee (branch_id, member_id, role) VALUES (?, ?, ?)";
    struct db_param p[] = {P_I64(branch_id)};
    enum yh_err err = db_exec(db, del, p, 1, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_I64(branch_id), P_I64(s[i].member_id), P_STR(s[i].role)};
        err = db_exec(db, ins, q, 3, NULL, NULL, NULL);
    }
    return err;
}

/* The committee's SELECT in order (member_id, name, role), each as the API shows it. */
static const struct fm seat_map[] = {
    FM(FM_ID, "member_id", struct committee_seat, member_id),
    FM(FM_STR, "name", struct committee_seat, name),
    FM(FM_STR, "role", struct committee_seat, role),
};

cJSON *committee_seat_json(const struct committee_seat *s)
{
    return fm_to_json(seat_map, ARRAY_LEN(seat_map), s);
}

enum yh_err branches_db_committee(struct db *db, const char *office, int64_t branch_id,
                                  struct committee_seat **out, size_t *n)
{
    static const char sql[] = "SELECT c.member_id, m.name, c.role FROM branch_committee c JOIN members m "
                              "ON m.id = c.member_id WHERE c.branch_id = ? AND m.office_code = ? "
                              "ORDER BY c.role = 'secretary' DESC, c.role, c.member_id";
    struct db_param p[] = {P_I64(branch_id), P_STR(office)};
    return FM_ALL(db, sql, p, 2, seat_map, ARRAY_LEN(seat_map), out, n);
}

/* The tree's SELECT in order, each column's member and its JSON name (the parent places
 * the node; demonstration is shown nested, by the tree's JSON). */
static const struct fm node_map[] = {
    FM(FM_ID, "id", struct branch_node, id),
    FM(FM_ID, NULL, struct branch_node, parent_id),
    FM(FM_STR, "name", struct branch_node, name),
    FM(FM_STR, "level", struct branch_node, level),
    FM(FM_STR, "nature", struct branch_node, nature),
    FM(FM_STR, "host_type", struct branch_node, host_type),
    FM(FM_STR, NULL, struct branch_node, demo_level),
    FM(FM_INT, NULL, struct branch_node, demo_year),
    FM(FM_INT, "members", struct branch_node, members),
    FM(FM_BOOL, "dissolved", struct branch_node, dissolved),
};

cJSON *branch_node_json(const struct branch_node *b)
{
    return fm_to_json(node_map, ARRAY_LEN(node_map), b);
}

enum yh_err branches_db_tree(struct db *db, const char *office, bool with_dissolved, struct branch_node **out,
                             size_t *n)
{
    static const char sql[] =
        "SELECT b.id, IFNULL(b.parent_id, 0), b.name, b.level, b.nature, b.host_type, b.demo_level, "
        "IFNULL(b.demo_year, 0), IFNULL(c.members, 0), b.dissolved_on IS NOT NULL FROM branches b "
        "LEFT JOIN branch_counts c ON c.office_code = b.office_code AND c.branch_id = b.id "
        "WHERE b.office_code = ? AND (? OR b.dissolved_on IS NULL) ORDER BY b.id";
    struct db_param p[] = {P_STR(office), P_I64(with_dissolved)};
    /* the counts are kept by the writes of members (sql/0058): one row per organisation */
    return FM_ALL(db, sql, p, 2, node_map, ARRAY_LEN(node_map), out, n);
}

/* The coverage SELECT in order: each counter and how the API shows it (the rate and the
 * members without a branch are computed by the handler). */
static const struct fm coverage_map[] = {
    FM(FM_INT, "active_members", struct coverage, active),
    FM(FM_INT, "with_primary_branch", struct coverage, with_primary),
    FM(FM_INT, "without_org_life", struct coverage, without_org_life),
    FM(FM_INT, "managed_with_unit", struct coverage, managed_with),
};

void coverage_add_json(cJSON *j, const struct coverage *c)
{
    fm_add_json(j, coverage_map, ARRAY_LEN(coverage_map), c);
}

enum yh_err branches_db_coverage(struct db *db, const char *office, const char *today, int months,
                                 struct coverage *c)
{
    static const char sql[] =
        "SELECT COUNT(*), COUNT(branch_id), SUM(NOT EXISTS (SELECT 1 FROM org_life_attendance a WHERE "
        "a.office_code = m.office_code AND a.member_id = m.id AND a.status IN ('present', 'delivered') AND "
        "a.held_on >= CAST(? AS DATE) - INTERVAL ? MONTH)), "
        "COUNT(CASE WHEN m.branch_id IS NULL AND m.managed_with_unit IS NOT NULL THEN 1 END) "
        "FROM members m WHERE m.office_code = ? AND m.status = 'active'";
    struct db_param p[] = {P_STR(today), P_I64(months), P_STR(office)};
    return fm_one(db, sql, p, 3, coverage_map, ARRAY_LEN(coverage_map), c);
}

static const struct jcol member_ref_cols[] = {{"member_id", JC_ID}, {"name", JC_STR}};
const struct view branches_member_ref_view = VIEW(member_ref_cols);

enum yh_err branches_db_uncovered(struct db *db, const char *office, int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT id, name FROM members WHERE office_code = ? AND status = 'active' "
                              "AND branch_id IS NULL AND managed_with_unit IS NULL ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(limit)};
    return view_fetch(db, &branches_member_ref_view, sql, p, 2, false, rows);
}

enum yh_err branches_db_no_org_life(struct db *db, const char *office, const char *today, int months,
                                    int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.id, m.name FROM members m WHERE m.office_code = ? AND m.status = 'active' AND NOT EXISTS "
        "(SELECT 1 FROM org_life_attendance a WHERE a.office_code = m.office_code AND a.member_id = m.id AND "
        "a.status IN ('present', 'delivered') AND a.held_on >= CAST(? AS DATE) - INTERVAL ? MONTH) ORDER BY "
        "m.id "
        "LIMIT ?";
    struct db_param p[] = {P_STR(office), P_STR(today), P_I64(months), P_I64(limit)};
    return view_fetch(db, &branches_member_ref_view, sql, p, 4, false, rows);
}

enum yh_err branches_db_secretary(struct db *db, const char *office, int64_t branch_id, int64_t *member_id)
{
    static const char sql[] =
        "SELECT c.member_id FROM branch_committee c JOIN branches b ON b.id = c.branch_id "
        "WHERE c.secretary_of = ? AND b.office_code = ?";
    struct db_param p[] = {P_I64(branch_id), P_STR(office)};
    return db_int(db, sql, p, 2, 0, member_id);
}
