/* Party groups (党小组) of an office's branches and their members: every statement
 * filters by office_code. */
#include "yinhui/party_groups_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/json_out.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* An optional id: NULL when 0. */
#define P_ID_OPT(v) ((v) ? P_I64(v) : P_NULL)

/* The leader is shown only while an active member (a deceased or transferred one is no
 * one's contact). */
#define PG_COLS                                                                                              \
    "g.id, g.branch_id, IFNULL(l.id, 0), (SELECT COUNT(*) FROM party_group_members pm JOIN members mm ON "   \
    "mm.id = pm.member_id AND mm.status = 'active' WHERE pm.group_id = g.id), g.version, g.name, "           \
    "DATE_FORMAT(g.formed_on, '%Y-%m-%d'), IFNULL(l.name, '') FROM party_groups g LEFT JOIN members l ON "   \
    "l.id = g.leader_id AND l.status = 'active' "

static const struct fm pg_map[] = {
    FM(FM_ID, "id", struct party_group, id),
    FM(FM_ID, "branch_id", struct party_group, branch_id),
    FM(FM_ID, NULL, struct party_group, leader_id), /* nested as leader: party_group_json */
    FM(FM_INT, "member_count", struct party_group, members),
    FM(FM_INT, "version", struct party_group, version),
    FM(FM_STR, "name", struct party_group, name),
    FM(FM_STR, "formed_on", struct party_group, formed_on),
    FM(FM_STR, NULL, struct party_group, leader_name),
};

cJSON *party_group_json(const struct party_group *g)
{
    cJSON *j = fm_to_json(pg_map, ARRAY_LEN(pg_map), g);
    if (g->leader_id == 0) {
        cJSON_AddNullToObject(j, "leader");
    } else {
        cJSON *l = cJSON_AddObjectToObject(j, "leader");
        json_add_id(l, "member_id", g->leader_id);
        cJSON_AddStringToObject(l, "name", g->leader_name);
    }
    return j;
}

enum yh_err party_groups_db_list(struct db *db, const char *office, int64_t branch_id,
                                 struct party_group **out, size_t *n)
{
    static const char sql[] =
        "SELECT " PG_COLS "WHERE g.office_code = ? AND g.branch_id = ? ORDER BY g.id LIMIT 200";
    struct db_param p[] = {P_STR(office), P_I64(branch_id)};
    return FM_ALL(db, sql, p, 2, pg_map, ARRAY_LEN(pg_map), out, n);
}

enum yh_err party_groups_db_get(struct db *db, const char *office, int64_t branch_id, int64_t id,
                                struct party_group *g)
{
    static const char sql[] = "SELECT " PG_COLS "WHERE g.office_code = ? AND g.branch_id = ? AND g.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(id)};
    return fm_one(db, sql, p, 3, pg_map, ARRAY_LEN(pg_map), g);
}

enum yh_err party_groups_db_insert(struct db *db, const char *office, const struct party_group *g,
                                   int64_t *id)
{
    static const char sql[] = "INSERT INTO party_groups (office_code, branch_id, name, leader_id, formed_on) "
                              "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(g->branch_id), P_STR(g->name), P_ID_OPT(g->leader_id),
                           P_STR(g->formed_on)};
    return db_insert(db, sql, p, 5, id);
}

enum yh_err party_groups_db_update(struct db *db, const char *office, const struct party_group *g,
                                   int64_t version)
{
    static const char sql[] =
        "UPDATE party_groups SET name = ?, leader_id = ?, formed_on = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM party_groups WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(g->name), P_ID_OPT(g->leader_id), P_STR(g->formed_on),
                           P_STR(office),  P_I64(g->id),           P_I64(version)};
    return db_update_one(db, sql, p, 6, exists, office, g->id);
}

enum yh_err party_groups_db_delete(struct db *db, const char *office, int64_t branch_id, int64_t id)
{
    static const char sql[] = "DELETE FROM party_groups WHERE office_code = ? AND branch_id = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(id)};
    return db_delete_one(db, sql, p, 3);
}

static const struct fm pgm_map[] = {
    FM(FM_ID, "member_id", struct party_group_member, member_id),
    FM(FM_STR, "name", struct party_group_member, name),
};

cJSON *party_group_members_json(const struct party_group_member *m, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(a, fm_to_json(pgm_map, ARRAY_LEN(pgm_map), &m[i]));
    }
    return a;
}

enum yh_err party_groups_db_members(struct db *db, const char *office, int64_t id,
                                    struct party_group_member **out, size_t *n)
{
    static const char sql[] =
        "SELECT m.id, m.name FROM party_group_members pm JOIN members m ON m.id = pm.member_id AND "
        "m.status = 'active' WHERE pm.office_code = ? AND pm.group_id = ? ORDER BY m.id LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return FM_ALL(db, sql, p, 2, pgm_map, ARRAY_LEN(pgm_map), out, n);
}

enum yh_err party_groups_db_group_of(struct db *db, const char *office, int64_t branch_id, int64_t member_id,
                                     int64_t *group_id)
{
    static const char sql[] = "SELECT group_id FROM party_group_members WHERE office_code = ? AND "
                              "branch_id = ? AND member_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(member_id)};
    return db_int(db, sql, p, 3, 0, group_id);
}

enum yh_err party_groups_db_add_member(struct db *db, const char *office, int64_t branch_id, int64_t id,
                                       int64_t member_id)
{
    /* ux_pgm_one_group (branch_id, member_id) makes a second group a CONFLICT */
    static const char sql[] = "INSERT INTO party_group_members (group_id, office_code, branch_id, member_id) "
                              "VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_I64(id), P_STR(office), P_I64(branch_id), P_I64(member_id)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err party_groups_db_remove_member(struct db *db, const char *office, int64_t id, int64_t member_id)
{
    static const char sql[] =
        "DELETE FROM party_group_members WHERE office_code = ? AND group_id = ? AND member_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id), P_I64(member_id)};
    return db_delete_one(db, sql, p, 3);
}

enum yh_err party_groups_db_leave_others(struct db *db, const char *office, int64_t member_id,
                                         int64_t branch_id)
{
    static const char leave[] = "DELETE FROM party_group_members WHERE office_code = ? AND member_id = ? "
                                "AND branch_id <> ?";
    static const char lead[] =
        "UPDATE party_groups SET leader_id = NULL, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND leader_id = ? AND branch_id <> ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(branch_id)};
    enum yh_err err = db_exec(db, leave, p, 3, NULL, NULL, NULL);
    if (err == YH_OK) {
        err = db_exec(db, lead, p, 3, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err party_groups_db_meetings(struct db *db, const char *office, int64_t id, int year, const char *now,
                                     int held[12])
{
    static const char sql[] =
        "SELECT MONTH(held_at), COUNT(*) FROM activities WHERE office_code = ? AND group_id = ? AND "
        "kind = 'group_meeting' AND held_at >= ? AND held_at < ? AND held_at <= ? GROUP BY MONTH(held_at)";
    char from[20], to[20];
    struct db_rows rows;
    snprintf(from, sizeof(from), "%04u-01-01 00:00:00", (unsigned)year % 10000u);
    snprintf(to, sizeof(to), "%04u-01-01 00:00:00", (unsigned)(year + 1) % 10000u);
    struct db_param p[] = {P_STR(office), P_I64(id), P_STR(from), P_STR(to), P_STR(now)};
    enum yh_err err = db_exec(db, sql, p, 5, &rows, NULL, NULL);
    for (int m = 0; m < 12; m++) {
        held[m] = 0;
    }
    if (err != YH_OK) {
        return err;
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        int64_t m = db_i64(&rows, i, 0);
        if (m >= 1 && m <= 12) {
            held[m - 1] = (int)db_i64(&rows, i, 1);
        }
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err party_groups_db_count(struct db *db, const char *office, int64_t branch_id, int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM party_groups WHERE office_code = ? AND branch_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id)};
    return db_int(db, sql, p, 2, 0, n);
}

enum yh_err party_groups_db_branch(struct db *db, const char *office, int64_t id, int64_t *branch_id)
{
    static const char sql[] = "SELECT branch_id FROM party_groups WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_int_row(db, sql, p, 2, branch_id);
}

static const struct fm mg_map[] = {
    FM(FM_ID, NULL, struct member_group, id),
    FM(FM_ID, NULL, struct member_group, leader_id),
    FM(FM_STR, NULL, struct member_group, name),
};

enum yh_err party_groups_db_of_member(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                      struct member_group *g)
{
    static const char sql[] =
        "SELECT g.id, IFNULL(l.id, 0), g.name FROM party_group_members pm JOIN party_groups g ON g.id = "
        "pm.group_id LEFT JOIN members l ON l.id = g.leader_id AND l.status = 'active' WHERE "
        "pm.office_code = ? AND pm.member_id = ? AND pm.branch_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(branch_id)};
    return fm_one(db, sql, p, 3, mg_map, ARRAY_LEN(mg_map), g);
}
