/* The store of the urgent help flow (see help_flow.h): the request as the flow reads it,
 * its moves, its history, the needs flow's hook, the overdue list and the escalation
 * markers. Times are China time strings from the service's clock, never NOW(), so the
 * tests' pinned clock holds. */
#include "yinhui/help_flow.h"
#include "yinhui/help_db.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

static const char exists_sql[] = "SELECT 1 FROM help_requests WHERE office_code = ? AND id = ?";

enum yh_err help_db_on_committee(struct db *db, const char *office, int64_t branch, int64_t member_id,
                                 bool *on)
{
    static const char sql[] = "SELECT COUNT(*) FROM branch_committee c JOIN members m ON m.id = c.member_id "
                              "WHERE c.branch_id = ? AND c.member_id = ? AND m.office_code = ?";
    struct db_param p[] = {P_I64(branch), P_I64(member_id), P_STR(office)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 3, 0, &n);
    *on = n > 0;
    return err;
}

enum yh_err help_db_is_staff(struct db *db, const char *office, int64_t account_id, bool *is)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM accounts WHERE office_code = ? AND id = ? AND role = 'admin' AND disabled = 0";
    struct db_param p[] = {P_STR(office), P_I64(account_id)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 2, 0, &n);
    *is = n > 0;
    return err;
}

enum yh_err help_db_release_need(struct db *db, const char *office, int64_t need)
{
    static const char sql[] =
        "UPDATE volunteer_needs SET status = 'cancelled', version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND status IN ('requested', 'dispatched')";
    struct db_param p[] = {P_STR(office), P_I64(need)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err help_db_assign(struct db *db, const char *office, int64_t id, int64_t version,
                           const struct help_assignee *a, const char *now)
{
    static const char sql[] =
        "UPDATE help_requests SET status = 'assigned', assignee_kind = ?, assignee_member_id = ?, "
        "assignee_account_id = ?, assignee_team_id = ?, need_id = ?, assigned_at = ?, "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    struct db_param p[] = {P_STR(a->kind),
                           a->member_id ? P_I64(a->member_id) : P_NULL,
                           a->account_id ? P_I64(a->account_id) : P_NULL,
                           a->team_id ? P_I64(a->team_id) : P_NULL,
                           a->need_id ? P_I64(a->need_id) : P_NULL,
                           P_STR(now),
                           P_STR(office),
                           P_I64(id),
                           P_I64(version)};
    return db_update_one(db, sql, p, 9, exists_sql, office, id);
}

enum yh_err help_db_accept(struct db *db, const char *office, int64_t id, int64_t version, const char *now)
{
    static const char sql[] =
        "UPDATE help_requests SET status = 'accepted', accepted_at = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    struct db_param p[] = {P_STR(now), P_STR(office), P_I64(id), P_I64(version)};
    return db_update_one(db, sql, p, 4, exists_sql, office, id);
}

enum yh_err help_db_resolve(struct db *db, const char *office, int64_t id, int64_t version,
                            const void *sealed, size_t n, const char *now)
{
    static const char sql[] =
        "UPDATE help_requests SET status = 'resolved', resolution_enc = ?, resolved_at = ?, "
        "accepted_at = IFNULL(accepted_at, ?), version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ?";
    struct db_param p[] = {P_BLOB(sealed, n), P_STR(now), P_STR(now),
                           P_STR(office),     P_I64(id),  P_I64(version)};
    return db_update_one(db, sql, p, 6, exists_sql, office, id);
}

enum yh_err help_db_confirm(struct db *db, const char *office, int64_t id, int64_t version,
                            int64_t satisfaction, const char *via, const char *now)
{
    static const char sql[] =
        "UPDATE help_requests SET status = 'confirmed', satisfaction = ?, confirmed_via = ?, confirmed_at = "
        "?, "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    struct db_param p[] = {P_I64(satisfaction), P_STR(via), P_STR(now),
                           P_STR(office),       P_I64(id),  P_I64(version)};
    return db_update_one(db, sql, p, 6, exists_sql, office, id);
}

enum yh_err help_db_cancel(struct db *db, const char *office, int64_t id, int64_t version, const char *reason,
                           const char *now)
{
    static const char sql[] =
        "UPDATE help_requests SET status = 'cancelled', cancel_reason = ?, cancelled_at = ?, "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    struct db_param p[] = {P_STR(reason), P_STR(now), P_STR(office), P_I64(id), P_I64(version)};
    return db_update_one(db, sql, p, 5, exists_sql, office, id);
}

enum yh_err help_db_cancel_member_open(struct db *db, const char *office, int64_t member, const char *reason,
                                       const char *actor, const char *now)
{
    /* a member's open requests are few: pages of 50, each cancelled one leaving the set */
    static const char find[] =
        "SELECT id, IFNULL(need_id, 0) FROM help_requests WHERE office_code = ? AND member_id = ? AND "
        "status IN ('open', 'assigned', 'accepted') ORDER BY id LIMIT 50 FOR UPDATE";
    static const char cancel[] =
        "UPDATE help_requests SET status = 'cancelled', cancel_reason = ?, cancelled_at = ?, "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ?";
    struct db_param f[] = {P_STR(office), P_I64(member)};
    struct db_rows rows = {0};
    size_t n = 50;
    enum yh_err err = YH_OK;
    while (err == YH_OK && n == 50) {
        err = db_exec(db, find, f, 2, &rows, NULL, NULL);
        if (err != YH_OK) {
            return err;
        }
        n = rows.nrows;
        for (size_t i = 0; err == YH_OK && i < n; i++) {
            int64_t id = db_i64(&rows, i, 0), need = db_i64(&rows, i, 1);
            struct db_param c[] = {P_STR(reason), P_STR(now), P_STR(office), P_I64(id)};
            err = need ? help_db_release_need(db, office, need) : YH_OK;
            if (err == YH_OK) {
                err = db_exec(db, cancel, c, 4, NULL, NULL, NULL);
            }
            if (err == YH_OK) {
                err = help_db_log_add(db, office, id, "cancelled", actor, now);
            }
        }
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err help_db_log_add(struct db *db, const char *office, int64_t id, const char *action,
                            const char *actor, const char *now)
{
    static const char sql[] =
        "INSERT INTO help_request_log (office_code, request_id, action, actor, at) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(id), P_STR(action), P_STR(actor), P_STR(now)};
    int64_t lid = 0;
    return db_insert(db, sql, p, 5, &lid);
}

enum yh_err help_db_need_moved(struct db *db, const char *office, int64_t need, const char *verb,
                               const char *actor, const char *now)
{
    static const char find[] =
        "SELECT id FROM help_requests WHERE office_code = ? AND need_id = ? AND status IN ('assigned', "
        "'accepted') AND assignee_kind = 'team' ORDER BY id DESC LIMIT 1";
    static const char accept[] =
        "UPDATE help_requests SET status = 'accepted', accepted_at = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND status = 'assigned'";
    static const char resolve[] =
        "UPDATE help_requests SET status = 'resolved', resolved_at = ?, accepted_at = IFNULL(accepted_at, "
        "?), "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND status IN "
        "('assigned', 'accepted')";
    bool accepting = strcmp(verb, "accept") == 0;
    if (!accepting && strcmp(verb, "complete") != 0) {
        return YH_OK;
    }
    struct db_param f[] = {P_STR(office), P_I64(need)};
    int64_t id = 0;
    uint64_t changed = 0;
    enum yh_err err = db_int(db, find, f, 2, 0, &id);
    if (err != YH_OK || id == 0) {
        return err;
    }
    struct db_param pa[] = {P_STR(now), P_STR(office), P_I64(id)};
    struct db_param pr[] = {P_STR(now), P_STR(now), P_STR(office), P_I64(id)};
    err = accepting ? db_exec(db, accept, pa, 3, NULL, &changed, NULL)
                    : db_exec(db, resolve, pr, 4, NULL, &changed, NULL);
    if (err == YH_OK && changed == 1) {
        err = help_db_log_add(db, office, id, accepting ? "accepted" : "resolved", actor, now);
    }
    return err;
}

static const struct fm overdue_map[] = {
    FM(FM_ID, "id", struct help_overdue_row, id),
    FM(FM_ID, "member_id", struct help_overdue_row, member_id),
    FM(FM_STR, "name", struct help_overdue_row, name),
    FM(FM_ID, "branch_id", struct help_overdue_row, branch_id),
    FM(FM_STR, "category", struct help_overdue_row, category),
    FM(FM_STR, "urgency", struct help_overdue_row, urgency),
    FM(FM_STR, "status", struct help_overdue_row, status),
    FM(FM_OPT, "assignee_kind", struct help_overdue_row, assignee_kind),
    FM(FM_TIME, "respond_by", struct help_overdue_row, respond_by),
    FM(FM_TIME, "resolve_by", struct help_overdue_row, resolve_by),
    FM(FM_TIME, "accepted_at", struct help_overdue_row, accepted_at),
};

enum yh_err help_db_overdue(struct db *db, const char *office, int64_t branch, const char *now,
                            const char *after_by, int64_t after_id, int limit, struct help_overdue_row **rows,
                            size_t *n)
{
    /* every overdue request is past its response deadline (resolve_by never comes first),
     * so that fixed deadline orders the pages */
    static const char sql[] =
        "SELECT h.id, h.member_id, m.name, IFNULL(m.branch_id, 0), h.category, h.urgency, h.status, "
        "h.assignee_kind, h.respond_by, h.resolve_by, h.accepted_at FROM help_requests h "
        "JOIN members m ON m.id = h.member_id WHERE h.office_code = ? AND " HELP_SQL_OVERDUE
        " AND (? = 0 OR m.branch_id = ?) "
        "AND (? = '' OR h.respond_by > ? OR (h.respond_by = ? AND h.id > ?)) "
        "ORDER BY h.respond_by, h.id LIMIT ?";
    struct db_param p[] = {P_STR(office),   P_STR(now),      P_STR(now),      P_I64(branch),
                           P_I64(branch),   P_STR(after_by), P_STR(after_by), P_STR(after_by),
                           P_I64(after_id), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 10, overdue_map, ARRAY_LEN(overdue_map), rows, n);
}

static const struct fm escalation_map[] = {
    FM(FM_ID, NULL, struct help_escalation, id),
    FM(FM_STR, NULL, struct help_escalation, office),
    FM(FM_ID, NULL, struct help_escalation, member_id),
    FM(FM_STR, NULL, struct help_escalation, category),
};

enum yh_err help_db_escalations(struct db *db, enum help_missed missed, const char *now, size_t max,
                                struct help_escalation **rows, size_t *n)
{
    static const char respond[] =
        "SELECT id, office_code, member_id, category FROM help_requests WHERE status IN ('open', 'assigned') "
        "AND respond_by < ? AND escalated_at IS NULL ORDER BY respond_by LIMIT ?";
    static const char resolve[] =
        "SELECT id, office_code, member_id, category FROM help_requests WHERE status IN ('open', 'assigned', "
        "'accepted') AND resolve_by < ? AND resolve_escalated_at IS NULL ORDER BY resolve_by LIMIT ?";
    struct db_param p[] = {P_STR(now), P_I64((int64_t)max)};
    return FM_ALL(db, missed == HELP_MISSED_RESPOND ? respond : resolve, p, 2, escalation_map,
                  ARRAY_LEN(escalation_map), rows, n);
}

enum yh_err help_db_claim_escalation(struct db *db, const char *office, int64_t id, enum help_missed missed,
                                     const char *now, bool *won)
{
    static const char respond[] =
        "UPDATE help_requests SET escalated_at = ? WHERE office_code = ? AND id = ? AND escalated_at IS NULL "
        "AND status IN ('open', 'assigned') AND respond_by < ?";
    static const char resolve[] =
        "UPDATE help_requests SET resolve_escalated_at = ? WHERE office_code = ? AND id = ? AND "
        "resolve_escalated_at IS NULL AND status IN ('open', 'assigned', 'accepted') AND resolve_by < ?";
    struct db_param p[] = {P_STR(now), P_STR(office), P_I64(id), P_STR(now)};
    uint64_t changed = 0;
    enum yh_err err =
        db_exec(db, missed == HELP_MISSED_RESPOND ? respond : resolve, p, 4, NULL, &changed, NULL);
    *won = changed == 1;
    return err;
}
