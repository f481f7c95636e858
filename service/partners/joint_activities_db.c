/* The store of joint activities (sql/0046 joint_activities, joint_activity_branches) and
 * the overview's counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/partners_db.h"
#include "yinhui/typed_rows.h"

static const struct jcol joint_cols[] = {
    {"id", JC_ID},          {"organisation_id", JC_ID}, {"organisation_name", JC_STR}, {"year", JC_INT},
    {"title", JC_STR},      {"kind", JC_STR},           {"planned_month", JC_INT},     {"planned_on", JC_STR},
    {"status", JC_STR},     {"held_on", JC_STR},        {"people_served", JC_INT},     {"reason", JC_STR},
    {"activity_id", JC_ID}, {"notes", JC_STR},          {"branch_ids", JC_STR},        {"created_by", JC_STR},
    {"version", JC_INT},    {"created_at", JC_STR},     {"updated_at", JC_STR},
};
const struct view joint_view = VIEW(joint_cols);
#define JOINT_SELECT                                                                                         \
    "SELECT j.id, j.organisation_id, o.name, j.year, j.title, j.kind, j.planned_month, "                     \
    "DATE_FORMAT(j.planned_on, '%Y-%m-%d'), j.status, DATE_FORMAT(j.held_on, '%Y-%m-%d'), j.people_served, " \
    "j.reason, j.activity_id, j.notes, (SELECT GROUP_CONCAT(b.branch_id ORDER BY b.branch_id) FROM "         \
    "joint_activity_branches b WHERE b.joint_activity_id = j.id), j.created_by, j.version, " SQL_TS(         \
        "j.created_at") ", " SQL_TS("j.updated_at") " FROM joint_activities j JOIN organisations o ON o.id " \
                                                    "= j.organisation_id "

enum yh_err joints_db_row(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = JOINT_SELECT "WHERE j.office_code = ? AND j.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &joint_view, sql, p, 2, true, rows);
}

enum yh_err joints_db_list(struct db *db, const char *office, int64_t org, int64_t year, struct db_rows *rows)
{
    static const char sql[] = JOINT_SELECT "WHERE j.office_code = ? AND j.organisation_id = ? AND j.year = ? "
                                           "ORDER BY j.planned_month, j.id";
    struct db_param p[] = {P_STR(office), P_I64(org), P_I64(year)};
    return view_fetch(db, &joint_view, sql, p, 3, false, rows);
}

static const struct fm joint_map[] = {
    FM(FM_ID, NULL, struct joint_activity, id),
    FM(FM_ID, NULL, struct joint_activity, organisation_id),
    FM(FM_INT, NULL, struct joint_activity, plan.year),
    FM(FM_INT, NULL, struct joint_activity, plan.month),
    FM(FM_STR, NULL, struct joint_activity, plan.day),
    FM(FM_STR, NULL, struct joint_activity, outcome.status),
    FM(FM_STR, NULL, struct joint_activity, outcome.held_on),
    FM(FM_INT, NULL, struct joint_activity, outcome.people_served),
    FM(FM_STR, NULL, struct joint_activity, outcome.reason),
    FM(FM_STR, NULL, struct joint_activity, title),
    FM(FM_STR, NULL, struct joint_activity, kind),
    FM(FM_STR, NULL, struct joint_activity, notes),
    FM(FM_ID, NULL, struct joint_activity, activity_id),
    FM(FM_INT, NULL, struct joint_activity, version),
};

enum yh_err joints_db_get(struct db *db, const char *office, int64_t id, struct joint_activity *j)
{
    static const char sql[] =
        "SELECT id, organisation_id, year, planned_month, DATE_FORMAT(planned_on, '%Y-%m-%d'), status, "
        "DATE_FORMAT(held_on, '%Y-%m-%d'), IFNULL(people_served, -1), reason, title, kind, notes, "
        "activity_id, "
        "version FROM joint_activities WHERE office_code = ? AND id = ?";
    static const char sql_b[] = "SELECT branch_id FROM joint_activity_branches WHERE joint_activity_id = ? "
                                "ORDER BY branch_id";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = fm_one(db, sql, p, 2, joint_map, ARRAY_LEN(joint_map), j);
    if (err == YH_OK) {
        err = db_exec(db, sql_b, p + 1, 1, &rows, NULL, NULL);
    }
    if (err != YH_OK) {
        return err;
    }
    j->nbranches = 0;
    for (size_t i = 0; i < rows.nrows && i < JOINT_BRANCHES_MAX; i++) {
        j->branch_ids[j->nbranches++] = db_i64(&rows, i, 0);
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err joints_db_count(struct db *db, const char *office, int64_t org, int64_t year, int64_t *n)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM joint_activities WHERE office_code = ? AND organisation_id = "
        "? AND year = ?";
    struct db_param p[] = {P_STR(office), P_I64(org), P_I64(year)};
    return db_int(db, sql, p, 3, 0, n);
}

enum yh_err joints_db_insert(struct db *db, const char *office, const struct joint_activity *j,
                             const char *by, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO joint_activities (office_code, organisation_id, year, title, kind, "
        "planned_month, planned_on, notes, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),  P_I64(j->organisation_id), P_I64(j->plan.year), P_STR(j->title),
                           P_STR(j->kind), P_I64(j->plan.month),      P_OPT(j->plan.day),  P_OPT(j->notes),
                           P_STR(by)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err joints_db_update(struct db *db, const char *office, const struct joint_activity *j,
                             int64_t version)
{
    static const char sql[] =
        "UPDATE joint_activities SET title = ?, kind = ?, planned_month = ?, planned_on = ?, status = ?, "
        "held_on = ?, people_served = ?, reason = ?, activity_id = ?, notes = ?, version = version + 1, "
        "updated_at = CURRENT_TIMESTAMP(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM joint_activities WHERE office_code = ? AND id = ?";
    const struct joint_outcome *o = &j->outcome;
    struct db_param p[] = {P_STR(j->title),
                           P_STR(j->kind),
                           P_I64(j->plan.month),
                           P_OPT(j->plan.day),
                           P_STR(o->status),
                           P_OPT(o->held_on),
                           o->people_served >= 0 ? P_I64(o->people_served) : P_NULL,
                           P_OPT(o->reason),
                           j->activity_id ? P_I64(j->activity_id) : P_NULL,
                           P_OPT(j->notes),
                           P_STR(office),
                           P_I64(j->id),
                           P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, j->id);
}

enum yh_err joints_db_set_branches(struct db *db, const char *office, const struct joint_activity *j)
{
    static const char del[] =
        "DELETE FROM joint_activity_branches WHERE office_code = ? AND joint_activity_id = ?";
    static const char ins[] =
        "INSERT INTO joint_activity_branches (joint_activity_id, branch_id, office_code) "
        "VALUES (?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(j->id)};
    enum yh_err err = db_exec(db, del, p, 2, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < j->nbranches; i++) {
        struct db_param q[] = {P_I64(j->id), P_I64(j->branch_ids[i]), P_STR(office)};
        err = db_exec(db, ins, q, 3, NULL, NULL, NULL);
    }
    return err;
}

/* The overview's organisations (its first five columns), then its counts. */
static const struct fm overview_map[] = {
    FM(FM_ID, NULL, struct overview_org, id),
    FM(FM_STR, NULL, struct overview_org, kind),
    FM(FM_STR, NULL, struct overview_org, partner_type),
    FM(FM_STR, NULL, struct overview_org, name),
    FM(FM_BOOL, NULL, struct overview_org, active),
};

/* The index of organisation id in orgs (sorted by id), or n. */
static size_t overview_find(const struct overview_org *orgs, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (orgs[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < n && orgs[lo].id == id ? lo : n;
}

enum yh_err overview_db_orgs(struct db *db, const char *office, int64_t year, const char *today,
                             struct overview_org **out, size_t *n)
{
    static const char sql_o[] =
        "SELECT o.id, o.kind, o.partner_type, o.name, o.active FROM organisations o WHERE o.office_code = ? "
        "AND "
        "(o.active = 1 OR EXISTS (SELECT 1 FROM joint_activities j WHERE j.office_code = o.office_code AND "
        "j.organisation_id = o.id AND j.year = ?)) ORDER BY o.id";
    static const char sql_c[] =
        "SELECT organisation_id, planned_month, status, COUNT(*) FROM joint_activities "
        "WHERE office_code = ? AND year = ? GROUP BY organisation_id, planned_month, status";
    struct db_param p[] = {P_STR(office), P_I64(year)};
    struct db_rows rows;
    void *arr = NULL;
    enum yh_err err = fm_all(db, sql_o, p, 2, overview_map, ARRAY_LEN(overview_map), sizeof(**out), &arr, n);
    if (err == YH_OK) {
        err = db_exec(db, sql_c, p, 2, &rows, NULL, NULL);
    }
    if (err != YH_OK) {
        free(arr);
        return err;
    }
    *out = arr;
    for (size_t i = 0; i < rows.nrows; i++) {
        size_t k = overview_find(*out, *n, db_i64(&rows, i, 0));
        if (k < *n) {
            joint_tally_add(&(*out)[k].t, db_i64(&rows, i, 3), year, db_i64(&rows, i, 1), db_str(&rows, i, 2),
                            today);
        }
    }
    db_rows_free(&rows);
    return YH_OK;
}
