/* The store of talent assignments: /v1/talent-requests/{id}/assignments and
 * /v1/talent-assignments/{id}/accept|decline. */
#include "yinhui/talents_db.h"

#include <stdio.h>

#include "yinhui/volunteers_db.h"

static const struct jcol assign_cols[] = {
    {"id", JC_ID}, {"talent_id", JC_ID}, {"name", JC_STR}, {"status", JC_STR}, {"created_at", JC_STR}};
const struct view tassign_view = VIEW(assign_cols);

enum yh_err tassign_db_list(struct db *db, const char *office, int64_t request_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT a.id, a.talent_id, t.name, a.status, " SQL_TS(
        "a.created_at") " FROM talent_assignments a JOIN talents t ON t.id = a.talent_id "
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
    return db_insert(db, sql, p, 4, id);
}

/* An assignment as its decision reads it. */
static const struct fm tassign_map[] = {
    FM(FM_ID, NULL, struct talent_assignment, id),
    FM(FM_ID, NULL, struct talent_assignment, request_id),
    FM(FM_ID, NULL, struct talent_assignment, talent_id),
    FM(FM_STR, NULL, struct talent_assignment, status),
    FM(FM_ID, NULL, struct talent_assignment, member_id),
    FM(FM_STR, NULL, struct talent_assignment, request_status),
};

enum yh_err tassign_db_get_for_update(struct db *db, const char *office, int64_t id,
                                      struct talent_assignment *a)
{
    static const char sql[] =
        "SELECT a.id, a.request_id, a.talent_id, a.status, IFNULL(t.member_id, 0), r.status "
        "FROM talent_assignments a JOIN talent_requests r ON r.id = a.request_id JOIN "
        "talents t ON t.id = a.talent_id WHERE a.id = ? AND r.office_code = ? FOR UPDATE";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    return fm_one(db, sql, p, 2, tassign_map, sizeof(tassign_map) / sizeof(tassign_map[0]), a);
}

enum yh_err tassign_db_decide(struct db *db, const char *office, int64_t id, const char *status)
{
    static const char sql[] = "UPDATE talent_assignments a JOIN talent_requests r ON r.id = a.request_id SET "
                              "a.status = ?, a.decided_at = NOW(3) WHERE a.id = ? AND r.office_code = ?";
    struct db_param p[] = {P_STR(status), P_I64(id), P_STR(office)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}
