/* The store of /v1/visit-reasons and /v1/visits: the office's visit reasons, visits and
 * who was visited. */
#include <stdio.h>
#include <string.h>

#include "yinhui/care_db.h"
#include "yinhui/json_out.h"
#include "yinhui/util.h"

enum yh_err reasons_db_ensure(struct db *db, const char *office)
{
    static const char sql[] =
        "INSERT IGNORE INTO visit_reasons (office_code, code, name) SELECT ?, r.code, r.name FROM (SELECT "
        "'holiday' code, "
        "'重大节日' name UNION ALL SELECT 'hospitalisation', '住院' UNION ALL SELECT 'birthday', '生日' "
        "UNION ALL SELECT 'round_birthday', '整寿' UNION ALL SELECT "
        "'hardship', '家庭困难' UNION ALL SELECT 'worry', '重大思想包袱' UNION ALL SELECT 'dispute', "
        "'家庭矛盾' UNION ALL "
        "SELECT 'accident', '意外事故' UNION ALL SELECT 'home_service', '居家服务' UNION ALL SELECT "
        "'bereavement', "
        "'善后慰问') r WHERE NOT EXISTS (SELECT 1 FROM visit_reasons x WHERE x.office_code = ?)";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

static const struct jcol reasons_cols[] = {{"code", JC_STR}, {"name", JC_STR}, {"retired", JC_BOOL}};
const struct view reasons_view = VIEW(reasons_cols);

enum yh_err reasons_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT code, name, retired FROM visit_reasons WHERE office_code = ? ORDER BY code";
    struct db_param p[] = {P_STR(office)};
    return view_fetch(db, &reasons_view, sql, p, 1, false, rows);
}

enum yh_err reasons_db_usable(struct db *db, const char *office, const char *code, bool *usable)
{
    static const char sql[] =
        "SELECT 1 FROM visit_reasons WHERE office_code = ? AND code = ? AND retired = 0";
    struct db_param p[] = {P_STR(office), P_STR(code)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    *usable = false;
    if (err == YH_OK) {
        *usable = rows.nrows > 0;
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err visits_db_insert(struct db *db, const char *office, const struct visit *v, const int64_t *members,
                             size_t n, const char *by, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO visits (office_code, reason, visited_on, visitors, gift_fen, notes_enc, "
        "follow_up, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static const char vm[] =
        "INSERT INTO visit_members (visit_id, member_id, office_code, reason, visited_on) "
        "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {
        P_STR(office),        P_STR(v->reason),
        P_STR(v->visited_on), P_STR(v->visitors),
        P_I64(v->gift_fen),   v->notes_enc_len ? P_BLOB(v->notes_enc, v->notes_enc_len) : P_NULL,
        P_I64(v->follow_up),  P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 8, NULL, NULL, &nid);
    *id = (int64_t)nid;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_I64(*id), P_I64(members[i]), P_STR(office), P_STR(v->reason),
                               P_STR(v->visited_on)};
        err = db_exec(db, vm, q, 5, NULL, NULL, NULL);
    }
    return err;
}

/* One SELECT list for a visit and for the list of visits (the list does not show the notes). */
#define VISIT_COLS                                                                                           \
    "v.id, v.reason, v.visited_on, v.visitors, v.gift_fen, v.notes_enc, v.follow_up, v.created_by, " SQL_TS( \
        "v.created_at")
static const struct jcol visits_cols[] = {
    {"id", JC_ID},          {"reason", JC_STR},     {"visited_on", JC_STR},
    {"visitors", JC_STR},   {"gift_fen", JC_INT},   {"notes", JC_SKIP},
    {"follow_up", JC_BOOL}, {"created_by", JC_STR}, {"created_at", JC_STR}};
const struct view visits_view = VIEW(visits_cols);

enum yh_err visits_db_get(struct db *db, const char *office, bool whole_office, int64_t branch, int64_t id,
                          struct visit *v)
{
    /* a secretary sees the visits of which one member is of its branch */
    static const char sql[] =
        "SELECT " VISIT_COLS " FROM visits v WHERE v.office_code = ? AND v.id = ? AND (? OR "
        "EXISTS (SELECT 1 FROM visit_members vm JOIN members m ON m.id = vm.member_id WHERE "
        "vm.visit_id = v.id AND IFNULL(m.branch_id, 0) = ?))";
    struct db_param p[] = {P_STR(office), P_I64(id), P_I64(whole_office), P_I64(branch)};
    struct db_rows rows;
    enum yh_err err = view_fetch(db, &visits_view, sql, p, 4, true, &rows);
    if (err != YH_OK) {
        return err;
    }
    memset(v, 0, sizeof(*v));
    v->id = db_i64(&rows, 0, 0);
    DB_CP(v->reason, db_str(&rows, 0, 1));
    DB_CP(v->visited_on, db_str(&rows, 0, 2));
    DB_CP(v->visitors, db_str(&rows, 0, 3));
    v->gift_fen = db_i64(&rows, 0, 4);
    if (db_str(&rows, 0, 5) != NULL && db_len(&rows, 0, 5) <= sizeof(v->notes_enc)) {
        v->notes_enc_len = db_len(&rows, 0, 5);
        memcpy(v->notes_enc, db_str(&rows, 0, 5), v->notes_enc_len);
    }
    v->follow_up = db_i64(&rows, 0, 6) != 0;
    DB_CP(v->created_by, db_str(&rows, 0, 7));
    DB_CP(v->created_at, db_str(&rows, 0, 8));
    db_rows_free(&rows);
    return YH_OK;
}

static const struct jcol visit_members_cols[] = {
    {"member_id", JC_ID}, {"name", JC_STR}, {"branch_id", JC_ID}};
const struct view visit_members_view = VIEW(visit_members_cols);

enum yh_err visits_db_members(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT vm.member_id, m.name, IFNULL(m.branch_id, 0) FROM visit_members vm JOIN members m ON "
        "m.id = vm.member_id WHERE vm.office_code = ? AND vm.visit_id = ? ORDER BY vm.member_id";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &visit_members_view, sql, p, 2, false, rows);
}

enum yh_err visits_db_list(struct db *db, const char *office, int64_t member_id, const char *reason,
                           int64_t before, int limit, struct db_rows *rows)
{
    /* ix_visits_office_id from the cursor down, forced: with the filters beside it MariaDB
     * 10.11 read the key by the office alone, every newer visit first (221 rows for a page
     * of 20 two hundred visits down) */
    static const char sql[] =
        "SELECT " VISIT_COLS " FROM visits v FORCE INDEX (ix_visits_office_id) WHERE v.office_code = ? AND "
        "(? = 0 OR EXISTS (SELECT 1 "
        "FROM visit_members vm WHERE vm.visit_id = v.id AND vm.member_id = ?)) AND (? IS NULL OR "
        "v.reason = ?) AND (? = 0 OR v.id < ?) ORDER BY v.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(member_id), P_OPT(reason),
                           P_OPT(reason), P_I64(before),    P_I64(before),    P_I64(limit + 1)};
    return view_fetch(db, &visits_view, sql, p, 8, false, rows);
}
