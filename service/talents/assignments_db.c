/* The store of talent assignments: /v1/talent-requests/{id}/assignments and
 * /v1/talent-assignments/{id}/accept|decline. */
#include "yinhui/talents_db.h"

#include <stdio.h>

static const struct jcol assign_cols[] = {
    {"id", JC_ID}, {"talent_id", JC_ID}, {"name", JC_STR}, {"status", JC_STR}, {"created_at", JC_STR}};
const struct view tassign_view = VIEW(assign_cols);

enum yh_err tassign_db_list(struct db *db, const char *office, int64_t request_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT a.id, a.talent_id, t.name, a.status, " SQL_TS("a.created_at")
        " FROM talent_assignments a JOIN talents t ON t.id = a.talent_id "
        "WHERE a.request_id = ? AND t.office_code = ? ORDER BY a.id";
    struct db_param p[] = {P_I64(request_id), P_STR(office)};
    return view_fetch(db, &tassign_view, sql, p, 2, false, rows);
}

enum yh_err tassign_db_insert(struct db *db, const char *office, int64_t request_id, int64_t talent_id,
                              const char *by, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO talent_assignments (request_id, talent_id, assigned_by) SELECT r.id, ?, ? "
        "FROM talent_requests r WHERE r.id = ? AND r.office_code = ?";
    struct db_param p[] = {P_I64(talent_id), P_STR(by), P_I64(request_id), P_STR(office)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err tassign_db_get_for_update(struct db *db, const char *office, int64_t id,
                                      struct talent_assignment *a)
{
    static const char sql[] =
        "SELECT a.id, a.request_id, a.talent_id, a.status, r.office_code, IFNULL(t.member_id, 0), "
        "r.status FROM talent_assignments a JOIN talent_requests r ON r.id = a.request_id JOIN "
        "talents t ON t.id = a.talent_id WHERE a.id = ? AND r.office_code = ? FOR UPDATE";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    struct db_rows r;
    enum yh_err err = db_exec_row(db, sql, p, 2, &r);
    if (err != YH_OK) {
        return err;
    }
    a->id = db_i64(&r, 0, 0);
    a->request_id = db_i64(&r, 0, 1);
    a->talent_id = db_i64(&r, 0, 2);
    DB_CP(a->status, db_str(&r, 0, 3));
    a->member_id = db_i64(&r, 0, 5);
    DB_CP(a->request_status, db_str(&r, 0, 6));
    db_rows_free(&r);
    return YH_OK;
}

enum yh_err tassign_db_decide(struct db *db, const char *office, int64_t id, const char *status)
{
    static const char sql[] = "UPDATE talent_assignments a JOIN talent_requests r ON r.id = a.request_id SET "
                              "a.status = ?, a.decided_at = NOW(3) WHERE a.id = ? AND r.office_code = ?";
    struct db_param p[] = {P_STR(status), P_I64(id), P_STR(office)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}
