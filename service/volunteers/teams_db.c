/* Volunteer teams and their members: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* ---- teams ---- */

#define TEAM_COLS                                                                                            \
    "t.id, t.name, t.speciality, t.leader_id, t.founded_on, t.active, t.version, " SQL_TS(                   \
        "t.created_at") ", " SQL_TS("t.updated_at") ", (SELECT COUNT(*) FROM team_members m WHERE "          \
                                                    "m.team_id = t.id), "                                    \
                                                    "(SELECT IFNULL(SUM(h.minutes), 0) FROM "                \
                                                    "volunteer_hours h WHERE h.team_id = t.id "              \
                                                    "AND " VHOURS_COUNTED ")"

static const struct jcol vteams_cols[] = {
    {"id", JC_ID},          {"name", JC_STR},         {"speciality", JC_STR},      {"leader_id", JC_ID},
    {"founded_on", JC_STR}, {"active", JC_BOOL},      {"version", JC_INT},         {"created_at", JC_STR},
    {"updated_at", JC_STR}, {"member_count", JC_INT}, {"service_minutes", JC_INT},
};
const struct view vteams_view = VIEW(vteams_cols);
static const struct jcol vteam_members_cols[] = {
    {"volunteer_id", JC_ID}, {"name", JC_STR}, {"role", JC_STR}, {"joined_on", JC_STR}};
const struct view vteam_members_view = VIEW(vteam_members_cols);

enum yh_err vteams_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " TEAM_COLS " FROM volunteer_teams t WHERE t.office_code = ? AND t.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &vteams_view, sql, p, 2, true, rows);
}

/* The typed part of a team: TEAM_COLS up to version (vteams_view shows the team). */
static const struct fm vteam_map[] = {
    FM(FM_ID, NULL, struct vteam, id),          FM(FM_STR, NULL, struct vteam, name),
    FM(FM_STR, NULL, struct vteam, speciality), FM(FM_ID, NULL, struct vteam, leader_id),
    FM(FM_STR, NULL, struct vteam, founded_on), FM(FM_BOOL, NULL, struct vteam, active),
    FM(FM_INT, NULL, struct vteam, version),
};

enum yh_err vteams_db_read(struct db *db, const char *office, int64_t id, struct vteam *t)
{
    static const char sql[] =
        "SELECT " TEAM_COLS " FROM volunteer_teams t WHERE t.office_code = ? AND t.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    memset(t, 0, sizeof(*t));
    enum yh_err err = fm_one_extra(db, sql, p, 2, vteam_map, ARRAY_LEN(vteam_map), 4, t, &rows);
    if (err == YH_OK) {
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err vteams_db_list(struct db *db, const char *office, int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " TEAM_COLS " FROM volunteer_teams t WHERE t.office_code = ? AND t.id > ? "
        "ORDER BY t.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit + 1)};
    return view_fetch(db, &vteams_view, sql, p, 3, false, rows);
}

enum yh_err vteams_db_insert(struct db *db, const char *office, const char *name, const char *speciality,
                             const char *founded_on, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteer_teams (office_code, name, speciality, founded_on) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(name), P_STR(speciality), P_OPT(founded_on)};
    return db_insert(db, sql, p, 4, id);
}

enum yh_err vteams_db_update(struct db *db, const char *office, const struct vteam *t, int64_t version)
{
    static const char sql[] =
        "UPDATE volunteer_teams SET name = ?, speciality = ?, founded_on = ?, active = ?, "
        "leader_id = ?, version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM volunteer_teams WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(t->name),
                           P_STR(t->speciality),
                           P_OPT(t->founded_on),
                           P_I64(t->active),
                           t->leader_id ? P_I64(t->leader_id) : P_NULL,
                           P_STR(office),
                           P_I64(t->id),
                           P_I64(version)};
    return db_update_one(db, sql, p, 8, exists, office, t->id);
}

enum yh_err vteams_db_members(struct db *db, const char *office, int64_t team_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.volunteer_id, v.name, m.role, m.joined_on FROM team_members m JOIN volunteers v "
        "ON v.id = m.volunteer_id WHERE v.office_code = ? AND m.team_id = ? ORDER BY m.role = 'leader' DESC, "
        "v.id "
        "LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_I64(team_id)};
    return view_fetch(db, &vteam_members_view, sql, p, 2, false, rows);
}

enum yh_err vteams_db_set_member(struct db *db, int64_t team_id, int64_t volunteer_id, const char *role,
                                 const char *joined_on)
{
    static const char sql[] =
        "INSERT INTO team_members (team_id, volunteer_id, role, joined_on) VALUES (?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE role = VALUES(role)";
    struct db_param p[] = {P_I64(team_id), P_I64(volunteer_id), P_STR(role), P_STR(joined_on)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err vteams_db_remove_member(struct db *db, int64_t team_id, int64_t volunteer_id)
{
    static const char sql[] = "DELETE FROM team_members WHERE team_id = ? AND volunteer_id = ?";
    struct db_param p[] = {P_I64(team_id), P_I64(volunteer_id)};
    return db_delete_one(db, sql, p, 2);
}

enum yh_err vteams_db_is_leader(struct db *db, const char *office, int64_t team_id, int64_t volunteer_id,
                                bool *leader)
{
    static const char sql[] = "SELECT COUNT(*) FROM team_members m JOIN volunteer_teams t ON t.id = "
                              "m.team_id WHERE t.office_code = ? "
                              "AND m.team_id = ? AND m.volunteer_id = ? AND m.role = 'leader'";
    struct db_param p[] = {P_STR(office), P_I64(team_id), P_I64(volunteer_id)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 3, 0, &n);
    *leader = n > 0;
    return err;
}
