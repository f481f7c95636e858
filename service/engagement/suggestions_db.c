/* Members' suggestions. */
#include "yinhui/suggestions_db.h"

#include <string.h>

enum yh_err suggestions_db_insert(struct db *db, const char *office, const struct suggestion *s, const char *by,
                                  int64_t *id)
{
    static const char sql[] = "INSERT INTO suggestions (office_code, member_id, topic, body, category, created_by) VALUES "
                              "(?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(s->member_id), P_STR(s->topic), P_STR(s->body), P_STR(s->category),
                           P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 6, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

#define SUG_COLS                                                                                                       \
    "s.id, s.member_id, m.name, s.topic, s.body, s.category, s.status, s.client_id, s.department, s.answer, "         \
    "s.answered_by, " SQL_TS("s.answered_at") ", s.close_note, s.version, s.created_by, " SQL_TS("s.created_at")

enum yh_err suggestions_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " SUG_COLS " FROM suggestions s JOIN members m ON m.id = s.member_id WHERE "
                              "s.office_code = ? AND s.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err suggestions_db_list(struct db *db, const char *office, int64_t member_id, const char *client_id,
                                const char *status, int64_t before, int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT " SUG_COLS " FROM suggestions s JOIN members m ON m.id = s.member_id WHERE "
                              "s.office_code = ? AND (? = 0 OR s.member_id = ?) AND (? IS NULL OR s.client_id = ?) AND "
                              "(? IS NULL OR s.status = ?) AND (? = 0 OR s.id < ?) ORDER BY s.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office),  P_I64(member_id), P_I64(member_id), P_OPT(client_id), P_OPT(client_id),
                           P_OPT(status),    P_OPT(status),      P_I64(before),    P_I64(before),  P_I64(limit + 1)};
    return db_exec(db, sql, p, 10, rows, NULL, NULL);
}

static enum yh_err moved(struct db *db, enum yh_err err, uint64_t affected, const char *office, int64_t id)
{
    static const char exists[] = "SELECT 1 FROM suggestions WHERE office_code = ? AND id = ?";
    if (err != YH_OK || affected == 1) {
        return err;
    }
    err = db_why_not_updated(db, exists, office, id);
    return err == YH_ERR_PRECONDITION ? YH_ERR_CONFLICT : err;
}

enum yh_err suggestions_db_forward(struct db *db, const char *office, int64_t id, const char *client_id,
                                   const char *department)
{
    static const char sql[] = "UPDATE suggestions SET status = 'forwarded', client_id = ?, department = ?, version = "
                              "version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND status IN "
                              "('submitted', 'forwarded')";
    struct db_param p[] = {P_OPT(client_id), P_OPT(department), P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    return moved(db, err, affected, office, id);
}

enum yh_err suggestions_db_answer(struct db *db, const char *office, int64_t id, const char *answer, const char *by,
                                  const char *only_client)
{
    static const char sql[] = "UPDATE suggestions SET status = 'answered', answer = ?, answered_by = ?, answered_at = "
                              "NOW(3), version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND "
                              "status IN ('submitted', 'forwarded') AND (? IS NULL OR (status = 'forwarded' AND "
                              "client_id = ?))";
    struct db_param p[] = {P_STR(answer), P_STR(by), P_STR(office), P_I64(id), P_OPT(only_client), P_OPT(only_client)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 6, NULL, &affected, NULL);
    return moved(db, err, affected, office, id);
}

enum yh_err suggestions_db_close(struct db *db, const char *office, int64_t id, const char *note)
{
    static const char sql[] = "UPDATE suggestions SET status = 'closed', close_note = ?, version = version + 1, "
                              "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND status <> 'closed'";
    struct db_param p[] = {P_OPT(note), P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, &affected, NULL);
    return moved(db, err, affected, office, id);
}

enum yh_err suggestions_db_client_ok(struct db *db, const char *office, const char *client_id)
{
    static const char sql[] = "SELECT 1 FROM clients WHERE office_code = ? AND client_id = ? AND disabled = 0";
    struct db_rows rows;
    struct db_param p[] = {P_STR(office), P_STR(client_id)};
    enum yh_err err = db_exec_row(db, sql, p, 2, &rows);
    if (err == YH_OK) {
        db_rows_free(&rows);
    }
    return err;
}
