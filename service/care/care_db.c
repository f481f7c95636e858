/* Care visits, holidays, the due list's inputs, and honours. */
#include "yinhui/care_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/util.h"

enum yh_err reasons_db_ensure(struct db *db, const char *office)
{
    static const char sql[] =
        "INSERT IGNORE INTO visit_reasons (office_code, code, name) SELECT ?, r.code, r.name FROM (SELECT 'holiday' code, "
        "'重大节日' name UNION ALL SELECT 'hospitalisation', '住院' UNION ALL SELECT 'birthday', '生日' UNION ALL SELECT "
        "'hardship', '家庭困难' UNION ALL SELECT 'worry', '重大思想包袱' UNION ALL SELECT 'dispute', '家庭矛盾' UNION ALL "
        "SELECT 'accident', '意外事故' UNION ALL SELECT 'home_service', '居家服务' UNION ALL SELECT 'bereavement', "
        "'善后慰问') r WHERE NOT EXISTS (SELECT 1 FROM visit_reasons x WHERE x.office_code = ?)";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err reasons_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT code, name, retired FROM visit_reasons WHERE office_code = ? ORDER BY code";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err visits_db_insert(struct db *db, const char *office, const struct visit *v, const int64_t *members, size_t n,
                             const char *by, int64_t *id)
{
    static const char sql[] = "INSERT INTO visits (office_code, reason, visited_on, visitors, gift_fen, notes_enc, "
                              "follow_up, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static const char vm[] = "INSERT INTO visit_members (visit_id, member_id, office_code, reason, visited_on) "
                             "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),       P_STR(v->reason),   P_STR(v->visited_on), P_STR(v->visitors),
                           P_I64(v->gift_fen),  v->notes_enc_len ? P_BLOB(v->notes_enc, v->notes_enc_len) : P_NULL,
                           P_I64(v->follow_up), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 8, NULL, NULL, &nid);
    *id = (int64_t)nid;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_I64(*id), P_I64(members[i]), P_STR(office), P_STR(v->reason), P_STR(v->visited_on)};
        err = db_exec(db, vm, q, 5, NULL, NULL, NULL);
    }
    return err;
}

#define VISIT_COLS "v.id, v.reason, v.visited_on, v.visitors, v.gift_fen, v.notes_enc, v.follow_up, v.created_by, " SQL_TS("v.created_at")

enum yh_err visits_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " VISIT_COLS " FROM visits v WHERE v.office_code = ? AND v.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err visits_db_members(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT vm.member_id, m.name, IFNULL(m.branch_id, 0) FROM visit_members vm JOIN members m ON "
                              "m.id = vm.member_id WHERE vm.visit_id = ? ORDER BY vm.member_id";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err visits_db_list(struct db *db, const char *office, int64_t member_id, const char *reason, int64_t before,
                           int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT " VISIT_COLS " FROM visits v WHERE v.office_code = ? AND (? = 0 OR EXISTS (SELECT 1 "
                              "FROM visit_members vm WHERE vm.visit_id = v.id AND vm.member_id = ?)) AND (? IS NULL OR "
                              "v.reason = ?) AND (? = 0 OR v.id < ?) ORDER BY v.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(member_id), P_OPT(reason), P_OPT(reason),
                           P_I64(before), P_I64(before),    P_I64(limit + 1)};
    return db_exec(db, sql, p, 8, rows, NULL, NULL);
}

enum yh_err holidays_db_year(struct db *db, const char *office, int64_t year, struct db_rows *rows)
{
    static const char sql[] = "SELECT code, name, day FROM holidays WHERE year = ? AND office_code = IF(EXISTS (SELECT 1 "
                              "FROM holidays h WHERE h.office_code = ? AND h.year = ?), ?, '000000') ORDER BY day";
    struct db_param p[] = {P_I64(year), P_STR(office), P_I64(year), P_STR(office)};
    return db_exec(db, sql, p, 4, rows, NULL, NULL);
}

enum yh_err holidays_db_replace_year(struct db *db, const char *office, int64_t year, const char (*codes)[25],
                                     const char (*names)[241], const char (*days)[11], size_t n)
{
    static const char del[] = "DELETE FROM holidays WHERE office_code = ? AND year = ?";
    static const char ins[] = "INSERT INTO holidays (office_code, year, code, name, day) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(year)};
    enum yh_err err = db_exec(db, del, p, 2, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_STR(office), P_I64(year), P_STR(codes[i]), P_STR(names[i]), P_STR(days[i])};
        err = db_exec(db, ins, q, 5, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err care_db_members(struct db *db, const char *office, int64_t branch_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.id, m.name, m.birth_date, IFNULL(m.branch_id, 0), m.health_idx, m.hardship, "
        "(SELECT MAX(vm.visited_on) FROM visit_members vm WHERE vm.office_code = m.office_code AND vm.member_id = m.id "
        "AND vm.reason = 'hospitalisation'), "
        "(SELECT MAX(vm.visited_on) FROM visit_members vm WHERE vm.office_code = m.office_code AND vm.member_id = m.id), "
        "(SELECT MAX(vm.visited_on) FROM visit_members vm WHERE vm.office_code = m.office_code AND vm.member_id = m.id "
        "AND vm.reason = 'holiday') FROM members m WHERE m.office_code = ? AND m.status = 'active' AND (? = 0 OR "
        "m.branch_id = ?) ORDER BY m.id LIMIT 50000";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(branch_id)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

/* ---- honours ---- */

enum yh_err honours_db_insert(struct db *db, const char *office, const struct honour *h, const char *by, int64_t *id)
{
    static const char sql[] = "INSERT INTO honours (office_code, kind, title, level, year, member_id, branch_id, team_id, "
                              "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(h->kind), P_OPT(h->title), P_STR(h->level), P_I64(h->year),
                           h->member_id ? P_I64(h->member_id) : P_NULL, h->branch_id ? P_I64(h->branch_id) : P_NULL,
                           h->team_id ? P_I64(h->team_id) : P_NULL, P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err honours_db_list(struct db *db, const char *office, int64_t year, const char *kind, struct db_rows *rows)
{
    static const char sql[] = "SELECT h.id, h.kind, h.title, h.level, h.year, h.member_id, m.name, h.branch_id, b.name, "
                              "h.team_id FROM honours h LEFT JOIN members m ON m.id = h.member_id LEFT JOIN branches b ON "
                              "b.id = h.branch_id WHERE h.office_code = ? AND (? = 0 OR h.year = ?) AND (? IS NULL OR "
                              "h.kind = ?) ORDER BY h.year DESC, h.id LIMIT 5000";
    struct db_param p[] = {P_STR(office), P_I64(year), P_I64(year), P_OPT(kind), P_OPT(kind)};
    return db_exec(db, sql, p, 5, rows, NULL, NULL);
}

enum yh_err honours_db_delete(struct db *db, const char *office, int64_t id)
{
    static const char sql[] = "DELETE FROM honours WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 2, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}

enum yh_err honours_db_fifty(struct db *db, const char *office, const char *joined_by, const char *alive_on,
                             struct db_rows *rows)
{
    static const char sql[] = "SELECT m.id, m.name, m.joined_on, m.status, IFNULL(m.branch_id, 0), h.id IS NOT NULL, h.year "
                              "FROM members m LEFT JOIN honours h ON h.fifty_key = m.id WHERE m.office_code = ? AND "
                              "m.joined_on <= ? AND (m.status = 'active' OR (m.status = 'deceased' AND m.status_on >= ?)) "
                              "ORDER BY m.joined_on, m.id LIMIT 20000";
    struct db_param p[] = {P_STR(office), P_STR(joined_by), P_STR(alive_on)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}
