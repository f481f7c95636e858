/* Pairings (结对) of retired members with in-service liaisons: every statement filters
 * by office_code. */
#include "yinhui/members_db.h"

enum yh_err members_db_count_paired(struct db *db, const char *office, int64_t liaison_id, int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM members WHERE office_code = ? AND liaison_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(liaison_id)};
    enum yh_err err = members_db_lock(db, office, liaison_id);
    return err == YH_OK ? db_int(db, sql, p, 2, 0, n) : err;
}

enum yh_err members_db_set_liaison(struct db *db, const char *office, int64_t id, int64_t liaison_id)
{
    static const char sql[] = "UPDATE members SET liaison_id = ?, version = version + 1, updated_at = NOW(3) "
                              "WHERE office_code = ? AND id = ?";
    struct db_param p[] = {liaison_id ? P_I64(liaison_id) : P_NULL, P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err offices_db_liaison_cap(struct db *db, const char *office, int64_t *cap)
{
    static const char sql[] = "SELECT liaison_cap FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_int(db, sql, p, 1, 30, cap);
}
