/* The audit log: one row a recorded action (GET /v1/audit reads it back through
 * service/org/audit_db.c). */
#include "yinhui/auth_db.h"

enum yh_err audit_db_add(struct db *db, const char *office, const char *actor, const char *action,
                         const char *target, const char *request_id, const char *client_request_id)
{
    static const char sql[] = "INSERT INTO audit_log (office_code, actor, action, target, request_id, "
                              "client_request_id) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(actor),      P_STR(action),
                           P_STR(target), P_STR(request_id), P_OPT(client_request_id)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}
