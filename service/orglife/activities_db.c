/* Activities and their attendance: the store of /v1/branches/{id}/activities,
 * /v1/activities/{id} (activities.c) and /v1/activities/{id}/attendance (attendance.c). */
#include "yinhui/orglife_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/json_out.h"

enum yh_err activities_db_insert(struct db *db, const char *office, const struct activity *a, const char *by,
                                 int64_t *id)
{
    static const char sql[] =
        "INSERT INTO activities (office_code, kind, title, held_at, place, host, summary, "
        "attachments, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),     P_STR(a->kind),        P_STR(a->title),
                           P_STR(a->held_at), P_OPT(a->place),       P_OPT(a->host),
                           P_OPT(a->summary), P_STR(a->attachments), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err activities_db_update(struct db *db, const char *office, int64_t id, int64_t version,
                                 const struct activity *a)
{
    static const char sql[] =
        "UPDATE activities SET kind = ?, title = ?, held_at = ?, place = ?, host = ?, summary = ?, "
        "attachments = ?, version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND "
        "id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM activities WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(a->kind), P_STR(a->title),   P_STR(a->held_at),     P_OPT(a->place),
                           P_OPT(a->host), P_OPT(a->summary), P_STR(a->attachments), P_STR(office),
                           P_I64(id),      P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 10, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

enum yh_err activities_db_set_branches(struct db *db, const char *office, int64_t id, const int64_t *branches,
                                       size_t n)
{
    static const char del[] =
        "DELETE ab FROM activity_branches ab JOIN activities a ON a.id = ab.activity_id AND "
        "a.office_code = ? WHERE ab.activity_id = ?";
    static const char ins[] =
        "INSERT IGNORE INTO activity_branches (activity_id, branch_id) SELECT id, ? FROM activities "
        "WHERE id = ? AND office_code = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    enum yh_err err = db_exec(db, del, p, 2, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_I64(branches[i]), P_I64(id), P_STR(office)};
        err = db_exec(db, ins, q, 3, NULL, NULL, NULL);
    }
    return err;
}

#define ACT_COLS                                                                                             \
    "a.id, a.kind, a.title, " SQL_TS(                                                                        \
        "a.held_at") ", a.place, a.host, a.summary, a.attachments, a.created_by, "                           \
                     "a.version, " SQL_TS("a.created_at")
static const struct jcol act_cols[] = {
    {"id", JC_ID},          {"kind", JC_STR},    {"title", JC_STR},      {"held_at", JC_STR},
    {"place", JC_STR},      {"host", JC_STR},    {"summary", JC_STR},    {"attachments", JC_STR},
    {"created_by", JC_STR}, {"version", JC_INT}, {"created_at", JC_STR},
};
const struct view activities_view = VIEW(act_cols);

enum yh_err activities_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " ACT_COLS " FROM activities a WHERE a.office_code = ? AND a.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &activities_view, sql, p, 2, true, rows);
}

/* The columns of activities_db_read, in SELECT order. */
static const struct jcol record_cols[] = {{"kind", JC_STR},       {"title", JC_STR}, {"held_at", JC_STR},
                                          {"place", JC_STR},      {"host", JC_STR},  {"summary", JC_STR},
                                          {"attachments", JC_STR}};
static const struct view record_view = VIEW(record_cols);

enum yh_err activities_db_read(struct db *db, const char *office, int64_t id, struct activity *a)
{
    static const char sql[] =
        "SELECT kind, title, DATE_FORMAT(held_at, '%Y-%m-%d %H:%i:%s'), place, host, summary, "
        "attachments FROM activities WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = view_fetch(db, &record_view, sql, p, 2, true, &rows);
    if (err != YH_OK) {
        return err;
    }
    DB_CP(a->kind, db_str(&rows, 0, 0));
    DB_CP(a->title, db_str(&rows, 0, 1));
    DB_CP(a->held_at, db_str(&rows, 0, 2));
    DB_CP(a->place, db_str(&rows, 0, 3));
    DB_CP(a->host, db_str(&rows, 0, 4));
    DB_CP(a->summary, db_str(&rows, 0, 5));
    DB_CP(a->attachments, db_str(&rows, 0, 6));
    db_rows_free(&rows);
    return YH_OK;
}

static const struct jcol branch_cols[] = {{"id", JC_ID}, {"name", JC_STR}};
const struct view activity_branches_view = VIEW(branch_cols);

enum yh_err activities_db_branches(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT ab.branch_id, b.name FROM activity_branches ab JOIN branches b ON b.id = ab.branch_id "
        "AND b.office_code = ? WHERE ab.activity_id = ? ORDER BY ab.branch_id";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &activity_branches_view, sql, p, 2, false, rows);
}

int64_t activities_db_branch_id(const struct db_rows *rows, size_t i)
{
    return db_i64(rows, i, 0);
}

enum yh_err activities_db_list(struct db *db, const char *office, int64_t branch_id, const char *from,
                               const char *to, int64_t before, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " ACT_COLS " FROM activities a WHERE a.office_code = ? AND (? = 0 OR EXISTS (SELECT 1 "
        "FROM activity_branches ab WHERE ab.activity_id = a.id AND ab.branch_id = ?)) AND "
        "a.held_at >= ? AND a.held_at < ? AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(branch_id), P_STR(from),
                           P_STR(to),     P_I64(before),    P_I64(before),    P_I64(limit + 1)};
    return view_fetch(db, &activities_view, sql, p, 8, false, rows);
}

/* The columns of activities_db_expected, in SELECT order. */
static const struct jcol expected_cols[] = {
    {"member_id", JC_ID}, {"name", JC_STR}, {"kind", JC_STR}, {"branch_id", JC_ID}};
static const struct view expected_view = VIEW(expected_cols);

enum yh_err activities_db_expected(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.id, m.name, MIN(s.kind), MIN(s.branch_id) FROM activity_branches ab JOIN activities a "
        "ON a.id = ab.activity_id AND a.office_code = ? JOIN memberships s ON s.branch_id = "
        "ab.branch_id AND s.ended_on IS NULL JOIN members m ON m.id = s.member_id AND m.status = "
        "'active' WHERE ab.activity_id = ? GROUP BY m.id, m.name ORDER BY m.id LIMIT 5000";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &expected_view, sql, p, 2, false, rows);
}

bool activities_db_expected_branch(const struct db_rows *rows, int64_t member, int64_t *branch)
{
    for (size_t x = 0; x < rows->nrows; x++) {
        if (db_i64(rows, x, 0) == member) {
            *branch = db_i64(rows, x, 3);
            return true;
        }
    }
    return false;
}

enum yh_err attendance_db_replace(struct db *db, const char *office, int64_t activity_id, const char *held_on,
                                  const struct attendance *a, size_t n)
{
    static const char del[] = "DELETE FROM org_life_attendance WHERE activity_id = ? AND office_code = ?";
    static const char ins[] =
        "INSERT INTO org_life_attendance (office_code, activity_id, member_id, branch_id, held_on, "
        "status, reason, asked_by, delivered_by, delivered_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_I64(activity_id), P_STR(office)};
    enum yh_err err = db_exec(db, del, p, 2, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_STR(office),           P_I64(activity_id),   P_I64(a[i].member_id),
                               P_I64(a[i].branch_id),   P_STR(held_on),       P_STR(a[i].status),
                               P_OPT(a[i].reason),      P_OPT(a[i].asked_by), P_OPT(a[i].delivered_by),
                               P_OPT(a[i].delivered_on)};
        err = db_exec(db, ins, q, 10, NULL, NULL, NULL);
    }
    return err;
}

static const struct jcol attendance_cols[] = {
    {"member_id", JC_ID}, {"name", JC_STR},         {"status", JC_STR},      {"reason", JC_STR},
    {"asked_by", JC_STR}, {"delivered_by", JC_STR}, {"delivered_on", JC_STR}};
const struct view attendance_view = VIEW(attendance_cols);

enum yh_err attendance_db_list(struct db *db, const char *office, int64_t activity_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT a.member_id, m.name, a.status, a.reason, a.asked_by, a.delivered_by, a.delivered_on "
        "FROM org_life_attendance a JOIN members m ON m.id = a.member_id WHERE a.activity_id = ? "
        "AND a.office_code = ? ORDER BY a.member_id";
    struct db_param p[] = {P_I64(activity_id), P_STR(office)};
    return view_fetch(db, &attendance_view, sql, p, 2, false, rows);
}
