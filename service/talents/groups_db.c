/* The store of /v1/talent-groups: lecturer teams, advisory and jury panels built from
 * admitted talents. */
#include "yinhui/talents_db.h"

#include "yinhui/volunteers_db.h"

enum yh_err tgroups_db_insert(struct db *db, const char *office, const char *name, const char *kind,
                              const char *field, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO talent_groups (office_code, name, kind, field) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(name), P_STR(kind), P_OPT(field)};
    return db_insert(db, sql, p, 4, id);
}

static const struct jcol group_cols[] = {
    {"id", JC_ID}, {"name", JC_STR}, {"kind", JC_STR}, {"field", JC_STR}, {"members", JC_INT}};
const struct view tgroup_view = VIEW(group_cols);
static const struct jcol member_cols[] = {
    {"talent_id", JC_ID}, {"name", JC_STR}, {"role", JC_STR}, {"speciality", JC_STR}};
const struct view tgroup_member_view = VIEW(member_cols);
#define GROUP_COLS                                                                                           \
    "g.id, g.name, g.kind, g.field, (SELECT COUNT(*) FROM talent_group_members m WHERE m.group_id = g.id)"

enum yh_err tgroups_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " GROUP_COLS " FROM talent_groups g WHERE g.office_code = ? ORDER BY g.id LIMIT 1000";
    struct db_param p[] = {P_STR(office)};
    return view_fetch(db, &tgroup_view, sql, p, 1, false, rows);
}

enum yh_err tgroups_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " GROUP_COLS " FROM talent_groups g WHERE g.office_code = ? AND g.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &tgroup_view, sql, p, 2, true, rows);
}

enum yh_err tgroups_db_members(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.talent_id, t.name, m.role, t.speciality FROM talent_group_members m JOIN talents t "
        "ON t.id = m.talent_id WHERE m.group_id = ? AND t.office_code = ? "
        "ORDER BY m.role = 'head' DESC, t.id LIMIT 1000";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    return view_fetch(db, &tgroup_member_view, sql, p, 2, false, rows);
}

enum yh_err tgroups_db_set_member(struct db *db, const char *office, int64_t id, int64_t talent_id,
                                  const char *role)
{
    /* the group of the office only; the talent was read under the office by the caller */
    static const char sql[] =
        "INSERT INTO talent_group_members (group_id, talent_id, role) SELECT g.id, ?, ? FROM "
        "talent_groups g WHERE g.id = ? AND g.office_code = ? "
        "ON DUPLICATE KEY UPDATE role = VALUES(role)";
    struct db_param p[] = {P_I64(talent_id), P_STR(role), P_I64(id), P_STR(office)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err tgroups_db_remove_member(struct db *db, const char *office, int64_t id, int64_t talent_id)
{
    static const char sql[] =
        "DELETE m FROM talent_group_members m JOIN talent_groups g ON g.id = m.group_id "
        "WHERE m.group_id = ? AND m.talent_id = ? AND g.office_code = ?";
    struct db_param p[] = {P_I64(id), P_I64(talent_id), P_STR(office)};
    return db_delete_one(db, sql, p, 3);
}
