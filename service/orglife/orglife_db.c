/* Organisational life and party dues. */
#include "yinhui/orglife_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/util.h"

enum yh_err activities_db_insert(struct db *db, const char *office, const struct activity *a, const char *by,
                                 int64_t *id)
{
    static const char sql[] = "INSERT INTO activities (office_code, kind, title, held_at, place, host, summary, "
                              "attachments, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(a->kind),  P_STR(a->title),       P_STR(a->held_at), P_OPT(a->place),
                           P_OPT(a->host),  P_OPT(a->summary), P_STR(a->attachments), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err activities_db_update(struct db *db, const char *office, int64_t id, int64_t version,
                                 const struct activity *a)
{
    static const char sql[] = "UPDATE activities SET kind = ?, title = ?, held_at = ?, place = ?, host = ?, summary = ?, "
                              "attachments = ?, version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND "
                              "id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM activities WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(a->kind),  P_STR(a->title), P_STR(a->held_at),     P_OPT(a->place), P_OPT(a->host),
                           P_OPT(a->summary), P_STR(a->attachments), P_STR(office), P_I64(id),    P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 10, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

enum yh_err activities_db_set_branches(struct db *db, int64_t id, const int64_t *branches, size_t n)
{
    static const char del[] = "DELETE FROM activity_branches WHERE activity_id = ?";
    static const char ins[] = "INSERT IGNORE INTO activity_branches (activity_id, branch_id) VALUES (?, ?)";
    struct db_param p[] = {P_I64(id)};
    enum yh_err err = db_exec(db, del, p, 1, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_I64(id), P_I64(branches[i])};
        err = db_exec(db, ins, q, 2, NULL, NULL, NULL);
    }
    return err;
}

#define ACT_COLS                                                                                            \
    "a.id, a.kind, a.title, " SQL_TS("a.held_at") ", a.place, a.host, a.summary, a.attachments, a.created_by, " \
    "a.version, " SQL_TS("a.created_at") ", DATE_FORMAT(a.held_at, '%Y-%m-%d %H:%i:%s')"

enum yh_err activities_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " ACT_COLS " FROM activities a WHERE a.office_code = ? AND a.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err activities_db_branches(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT ab.branch_id, b.name FROM activity_branches ab JOIN branches b ON b.id = ab.branch_id "
                              "WHERE ab.activity_id = ? ORDER BY ab.branch_id";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err activities_db_list(struct db *db, const char *office, int64_t branch_id, const char *from,
                               const char *to, int64_t before, int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT " ACT_COLS " FROM activities a WHERE a.office_code = ? AND (? = 0 OR EXISTS (SELECT 1 "
                              "FROM activity_branches ab WHERE ab.activity_id = a.id AND ab.branch_id = ?)) AND "
                              "a.held_at >= ? AND a.held_at < ? AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(branch_id), P_STR(from),    P_STR(to),
                           P_I64(before), P_I64(before),    P_I64(limit + 1)};
    return db_exec(db, sql, p, 8, rows, NULL, NULL);
}

enum yh_err activities_db_expected(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT m.id, m.name, MIN(s.kind), MIN(s.branch_id) FROM activity_branches ab JOIN memberships s "
                              "ON s.branch_id = ab.branch_id AND s.ended_on IS NULL JOIN members m ON m.id = s.member_id "
                              "AND m.status = 'active' WHERE ab.activity_id = ? GROUP BY m.id, m.name ORDER BY m.id LIMIT 5000";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err attendance_db_replace(struct db *db, const char *office, int64_t activity_id, const char *held_on,
                                  const struct attendance *a, size_t n)
{
    static const char del[] = "DELETE FROM org_life_attendance WHERE activity_id = ?";
    static const char ins[] = "INSERT INTO org_life_attendance (office_code, activity_id, member_id, branch_id, held_on, "
                              "status, reason, asked_by, delivered_by, delivered_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_I64(activity_id)};
    enum yh_err err = db_exec(db, del, p, 1, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_STR(office),           P_I64(activity_id),     P_I64(a[i].member_id),
                               P_I64(a[i].branch_id),   P_STR(held_on),         P_STR(a[i].status),
                               P_OPT(a[i].reason),        P_OPT(a[i].asked_by),     P_OPT(a[i].delivered_by),
                               P_OPT(a[i].delivered_on)};
        err = db_exec(db, ins, q, 10, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err attendance_db_list(struct db *db, int64_t activity_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT a.member_id, m.name, a.status, a.reason, a.asked_by, a.delivered_by, a.delivered_on "
                              "FROM org_life_attendance a JOIN members m ON m.id = a.member_id WHERE a.activity_id = ? "
                              "ORDER BY a.member_id";
    struct db_param p[] = {P_I64(activity_id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err rules_db_ensure(struct db *db, const char *office)
{
    static const char sql[] = "INSERT IGNORE INTO org_life_rules (office_code, kind, period, times) SELECT ?, r.kind, "
                              "r.period, r.times FROM (SELECT 'committee_meeting' kind, 'month' period, 1 times UNION ALL "
                              "SELECT 'member_meeting', 'quarter', 1 UNION ALL SELECT 'lecture', 'quarter', 1) r WHERE "
                              "NOT EXISTS (SELECT 1 FROM org_life_rules x WHERE x.office_code = ?)";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err rules_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT kind, period, times FROM org_life_rules WHERE office_code = ? ORDER BY kind";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err rules_db_set(struct db *db, const char *office, const char *kind, const char *period, int64_t times)
{
    static const char sql[] = "INSERT INTO org_life_rules (office_code, kind, period, times) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(kind), P_STR(period), P_I64(times)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err rules_db_clear(struct db *db, const char *office)
{
    static const char sql[] = "DELETE FROM org_life_rules WHERE office_code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}

enum yh_err compliance_db_branches(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT id, name FROM branches WHERE office_code = ? AND level = 'branch' AND "
                              "dissolved_on IS NULL ORDER BY id LIMIT 10000";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err compliance_db_counts(struct db *db, const char *office, const char *from, const char *to,
                                 struct db_rows *rows)
{
    static const char sql[] = "SELECT ab.branch_id, a.kind, COUNT(*) FROM activities a JOIN activity_branches ab ON "
                              "ab.activity_id = a.id WHERE a.office_code = ? AND a.held_at >= ? AND a.held_at < ? "
                              "GROUP BY ab.branch_id, a.kind";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

enum yh_err dues_db_insert(struct db *db, const char *office, const struct due *d, const char *by)
{
    static const char sql[] = "INSERT INTO dues (office_code, member_id, month, amount_fen, paid_on, paid_by, proxy_name, "
                              "channel, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),     P_I64(d->member_id), P_STR(d->month),   P_I64(d->amount_fen),
                           P_STR(d->paid_on), P_STR(d->paid_by),   P_OPT(d->proxy_name), P_STR(d->channel), P_STR(by)};
    return db_exec(db, sql, p, 9, NULL, NULL, NULL);
}

enum yh_err dues_db_paid(struct db *db, const char *office, int64_t branch_id, const char *from, const char *to,
                         struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.id, m.name, IFNULL(m.branch_id, 0), IFNULL(b.name, ''), IFNULL(DATE_FORMAT(m.joined_on, '%Y-%m'), ''), "
        "COUNT(d.id), IFNULL(SUM(d.amount_fen), 0) FROM members m LEFT JOIN branches b ON b.id = m.branch_id LEFT JOIN dues d "
        "ON d.member_id = m.id AND d.month BETWEEN ? AND ? WHERE m.office_code = ? AND m.status = 'active' AND "
        "m.category <> 'in_service' AND (? = 0 OR m.branch_id = ?) GROUP BY m.id, m.name, m.branch_id, b.name, m.joined_on "
        "ORDER BY m.id LIMIT 20000";
    struct db_param p[] = {P_STR(from), P_STR(to), P_STR(office), P_I64(branch_id), P_I64(branch_id)};
    return db_exec(db, sql, p, 5, rows, NULL, NULL);
}

enum yh_err dues_db_export(struct db *db, const char *office, const char *from, const char *to, struct db_rows *rows)
{
    static const char sql[] = "SELECT d.month, d.member_id, m.name, IFNULL(b.name, ''), d.amount_fen, d.paid_on, d.paid_by, "
                              "IFNULL(d.proxy_name, ''), d.channel FROM dues d JOIN members m ON m.id = d.member_id LEFT JOIN "
                              "branches b ON b.id = m.branch_id WHERE d.office_code = ? AND d.month BETWEEN ? AND ? "
                              "ORDER BY d.month, d.member_id LIMIT 200000";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}
