/* The audit log: records written by req_audit (service/org/reach.c), and the trail of an
 * office as GET /v1/audit reads it. */
#include "yinhui/audit_trail_db.h"

#include "yinhui/json_out.h"
#include "yinhui/org_db.h"
#include "yinhui/util.h"

static const struct jcol trail_cols[] = {
    {"id", JC_STR},     {"at", JC_STR},     {"office", JC_STR},     {"actor", JC_STR},
    {"action", JC_STR}, {"target", JC_STR}, {"request_id", JC_STR}, {"client_request_id", JC_STR}};
const struct view audit_trail_view = VIEW(trail_cols);

enum yh_err audit_trail_db_list(struct db *db, const char *office, const struct audit_trail_query *q,
                                struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[8];
    size_t np = 0;
    /* milliseconds in China time, as the records were stamped */
    buf_puts(&sql,
             "SELECT id, CONCAT(LEFT(DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%f'), 23), '+08:00'), office_code, "
             "actor, action, target, request_id, client_request_id FROM audit_log WHERE office_code = ?");
    p[np++] = P_STR(office);
    org_db_filter_i64(&sql, p, &np, " AND id < ?", q->before_id);
    org_db_filter_str(&sql, p, &np, " AND action = ?", q->action);
    org_db_filter_str(&sql, p, &np, " AND actor = ?", q->actor);
    org_db_filter_str(&sql, p, &np, " AND target = ?", q->target);
    org_db_filter_str(&sql, p, &np, " AND at >= ?", q->since);
    org_db_filter_str(&sql, p, &np, " AND at < ? + INTERVAL 1 DAY", q->until);
    buf_puts(&sql, " ORDER BY id DESC LIMIT ?");
    p[np++] = P_I64(q->limit + 1);
    enum yh_err err = view_fetch(db, &audit_trail_view, sql.data, p, np, false, rows);
    buf_free(&sql);
    return err;
}

enum yh_err audit_db_add(struct db *db, const char *office, const char *actor, const char *action,
                         const char *target, const char *request_id, const char *client_request_id)
{
    static const char sql[] = "INSERT INTO audit_log (office_code, actor, action, target, request_id, "
                              "client_request_id) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(actor),      P_STR(action),
                           P_STR(target), P_STR(request_id), P_OPT(client_request_id)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}
