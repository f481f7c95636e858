/* The audit log: one row a recorded action, read back newest first. */
#include "yinhui/auth_db.h"

#include "yinhui/util.h"

enum yh_err audit_db_add(struct db *db, const char *office, const char *actor, const char *action,
                         const char *target, const char *request_id, const char *client_request_id)
{
    static const char sql[] = "INSERT INTO audit_log (office_code, actor, action, target, request_id, "
                              "client_request_id) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(actor),      P_STR(action),
                           P_STR(target), P_STR(request_id), P_OPT(client_request_id)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}

enum yh_err audit_db_list(struct db *db, const char *office, const struct audit_filter *f,
                          struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[8];
    size_t np = 0;
    buf_puts(&sql, "SELECT id, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%f'), actor, action, target, request_id, "
                   "client_request_id FROM audit_log WHERE office_code = ?");
    p[np++] = P_STR(office);
    if (f->before_id) {
        buf_puts(&sql, " AND id < ?");
        p[np++] = P_I64(f->before_id);
    }
    if (f->action) {
        buf_puts(&sql, " AND action = ?");
        p[np++] = P_STR(f->action);
    }
    if (f->actor) {
        buf_puts(&sql, " AND actor = ?");
        p[np++] = P_STR(f->actor);
    }
    if (f->target) {
        buf_puts(&sql, " AND target = ?");
        p[np++] = P_STR(f->target);
    }
    if (f->since) {
        buf_puts(&sql, " AND at >= ?");
        p[np++] = P_STR(f->since);
    }
    if (f->until) {
        buf_puts(&sql, " AND at < ? + INTERVAL 1 DAY");
        p[np++] = P_STR(f->until);
    }
    buf_puts(&sql, " ORDER BY id DESC LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    enum yh_err err = db_exec(db, sql.data, p, np, rows, NULL, NULL);
    buf_free(&sql);
    return err;
}
