/* Memberships (primary and participating affiliations) of an office's members: every
 * statement filters by office_code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/party_groups_db.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define MS_COLS                                                                                              \
    "s.id, s.member_id, s.branch_id, b.name, s.kind, s.started_on, s.ended_on, s.end_reason FROM "           \
    "memberships s JOIN branches b ON b.id = s.branch_id "

/* MS_COLS in order: each column's member and how the API shows it. */
static const struct fm ms_map[] = {
    FM(FM_ID, "id", struct membership, id),
    FM(FM_ID, "member_id", struct membership, member_id),
    FM(FM_ID, "branch_id", struct membership, branch_id),
    FM(FM_STR, "branch_name", struct membership, branch_name),
    FM(FM_STR, "kind", struct membership, kind),
    FM(FM_STR, "started_on", struct membership, started_on),
    FM(FM_OPT, "ended_on", struct membership, ended_on),
    FM(FM_OPT, "end_reason", struct membership, end_reason),
};

cJSON *membership_json(const struct membership *ms)
{
    return fm_to_json(ms_map, ARRAY_LEN(ms_map), ms);
}

enum yh_err memberships_db_list(struct db *db, const char *office, int64_t member_id, struct membership **out,
                                size_t *n)
{
    static const char sql[] =
        "SELECT " MS_COLS "WHERE s.office_code = ? AND s.member_id = ? ORDER BY s.id LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_I64(member_id)};
    return FM_ALL(db, sql, p, 2, ms_map, ARRAY_LEN(ms_map), out, n);
}

enum yh_err memberships_db_get(struct db *db, const char *office, int64_t member_id, int64_t id,
                               struct membership *ms)
{
    static const char sql[] = "SELECT " MS_COLS "WHERE s.office_code = ? AND s.member_id = ? AND s.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(id)};
    return fm_one(db, sql, p, 3, ms_map, ARRAY_LEN(ms_map), ms);
}

enum yh_err memberships_db_add(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                               const char *kind, const char *on, int64_t *id)
{
    static const char sql[] = "INSERT INTO memberships (office_code, member_id, branch_id, kind, started_on) "
                              "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(branch_id), P_STR(kind), P_STR(on)};
    return db_insert(db, sql, p, 5, id);
}

enum yh_err memberships_db_move_primary(struct db *db, const char *office, int64_t member_id,
                                        int64_t branch_id, const char *on, int64_t *id)
{
    static const char end[] =
        "UPDATE memberships SET ended_on = ?, end_reason = 'moved' WHERE office_code = ? "
        "AND member_id = ? AND kind = 'primary' AND ended_on IS NULL";
    /* a formal branch here ends 混编 (managed with an in-service unit: h2, issue 15) */
    static const char mirror[] =
        "UPDATE members SET branch_id = ?, managed_with_unit = NULL, managed_with_branch = NULL, "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ?";
    struct db_param p1[] = {P_STR(on), P_STR(office), P_I64(member_id)};
    struct db_param p2[] = {P_I64(branch_id), P_STR(office), P_I64(member_id)};
    enum yh_err err = db_exec(db, end, p1, 3, NULL, NULL, NULL);
    if (err == YH_OK) {
        err = memberships_db_add(db, office, member_id, branch_id, "primary", on, id);
    }
    if (err == YH_OK) {
        err = db_exec(db, mirror, p2, 3, NULL, NULL, NULL);
    }
    if (err == YH_OK) {
        /* party groups are within the formal branch: the member leaves the old one's */
        err = party_groups_db_leave_others(db, office, member_id, branch_id);
    }
    return err;
}

enum yh_err memberships_db_end(struct db *db, const char *office, int64_t id, const char *on,
                               const char *reason)
{
    static const char sql[] =
        "UPDATE memberships SET ended_on = ?, end_reason = ? WHERE office_code = ? AND id = ? "
        "AND ended_on IS NULL";
    struct db_param p[] = {P_STR(on), reason ? P_STR(reason) : P_NULL, P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    if (err == YH_OK && affected != 1) {
        err = YH_ERR_CONFLICT;
    }
    return err;
}

static const struct jcol roster_cols[] = {{"member_id", JC_ID}, {"name", JC_STR},     {"kind", JC_STR},
                                          {"since", JC_STR},    {"category", JC_STR}, {"gender", JC_STR}};
const struct view memberships_roster_view = VIEW(roster_cols);

enum yh_err memberships_db_roster(struct db *db, const char *office, int64_t branch_id,
                                  int64_t after_member_id, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.id, m.name, s.kind, s.started_on, m.category, m.gender FROM memberships s "
        "JOIN members m ON m.id = s.member_id WHERE s.office_code = ? AND s.branch_id = ? AND s.ended_on IS "
        "NULL "
        "AND s.member_id > ? ORDER BY s.member_id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(after_member_id), P_I64(limit + 1)};
    return view_fetch(db, &memberships_roster_view, sql, p, 4, false, rows);
}

/* Whether member_id has an open membership in branch_id: of either kind, or the
 * primary one when primary. */
static enum yh_err open_membership(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                   bool primary, bool *yes)
{
    static const char any[] =
        "SELECT 1 FROM memberships WHERE office_code = ? AND member_id = ? AND branch_id = ? "
        "AND ended_on IS NULL LIMIT 1";
    static const char prim[] =
        "SELECT 1 FROM memberships WHERE office_code = ? AND member_id = ? AND branch_id = ? "
        "AND kind = 'primary' AND ended_on IS NULL";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(branch_id)};
    int64_t found = 0;
    enum yh_err err = db_int(db, primary ? prim : any, p, 3, 0, &found);
    *yes = found != 0;
    return err;
}

enum yh_err members_db_in_branch(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                 bool *in)
{
    return open_membership(db, office, member_id, branch_id, false, in);
}

enum yh_err memberships_db_is_primary(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                      bool *yes)
{
    return open_membership(db, office, member_id, branch_id, true, yes);
}
