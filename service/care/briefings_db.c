/* The store of /v1/briefings: the office's events, their invitations and the suggestions
 * raised at them; and the rule's input, the office's active members. */
#include <stdio.h>
#include <string.h>

#include "yinhui/json_out.h"
#include "yinhui/treatment_db.h"
#include "yinhui/util.h"

/* The mapped columns of briefing_map; the counts are of the event's invitations and of
 * the suggestions linked to it. */
#define BRIEFING_COLS                                                                                        \
    "b.id, b.kind, b.title, DATE_FORMAT(b.held_at, '%Y-%m-%d %H:%i:%s'), b.place, b.audience, "              \
    "(SELECT COUNT(*) FROM briefing_invitations i WHERE i.briefing_id = b.id), "                             \
    "(SELECT COUNT(*) FROM briefing_invitations i WHERE i.briefing_id = b.id AND i.reply = 'accepted'), "    \
    "(SELECT COUNT(*) FROM briefing_invitations i WHERE i.briefing_id = b.id AND i.attendance = "            \
    "'present'), "                                                                                           \
    "(SELECT COUNT(*) FROM suggestions s WHERE s.office_code = b.office_code AND s.briefing_id = b.id), "    \
    "b.version, b.created_by, " SQL_TS("b.created_at")

/* audience is shown as JSON by the handler (audience_json). */
const struct fm briefing_map[] = {
    FM(FM_ID, "id", struct briefing, id),
    FM(FM_STR, "kind", struct briefing, kind),
    FM(FM_STR, "title", struct briefing, title),
    FM(FM_TIME, "held_at", struct briefing, held_at),
    FM(FM_OPT, "place", struct briefing, place),
    FM(FM_STR, NULL, struct briefing, audience),
    FM(FM_INT, "invited", struct briefing, invited),
    FM(FM_INT, "accepted", struct briefing, accepted),
    FM(FM_INT, "present", struct briefing, present),
    FM(FM_INT, "suggestions", struct briefing, suggestions),
    FM(FM_INT, "version", struct briefing, version),
    FM(FM_STR, "created_by", struct briefing, created_by),
    FM(FM_STR, "created_at", struct briefing, created_at),
};
const size_t briefing_map_n = ARRAY_LEN(briefing_map);

enum yh_err briefings_db_insert(struct db *db, const char *office, const struct briefing *b, const char *by,
                                int64_t *id)
{
    static const char sql[] = "INSERT INTO briefings (office_code, kind, title, held_at, place, audience, "
                              "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),   P_STR(b->kind),     P_STR(b->title), P_STR(b->held_at),
                           P_OPT(b->place), P_STR(b->audience), P_STR(by)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err briefings_db_get(struct db *db, const char *office, int64_t id, struct briefing *b)
{
    static const char sql[] =
        "SELECT " BRIEFING_COLS " FROM briefings b WHERE b.office_code = ? AND b.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, briefing_map, briefing_map_n, b);
}

enum yh_err briefings_db_update(struct db *db, const char *office, const struct briefing *b, int64_t version)
{
    static const char sql[] =
        "UPDATE briefings SET kind = ?, title = ?, held_at = ?, place = ?, audience = ?, "
        "version = version + 1 WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM briefings WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(b->kind),     P_STR(b->title), P_STR(b->held_at), P_OPT(b->place),
                           P_STR(b->audience), P_STR(office),   P_I64(b->id),      P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, b->id);
}

enum yh_err briefings_db_delete(struct db *db, const char *office, int64_t id, int64_t version)
{
    static const char del[] = "DELETE FROM briefings WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM briefings WHERE office_code = ? AND id = ?";
    static const char unlink[] =
        "UPDATE suggestions SET briefing_id = NULL WHERE office_code = ? AND briefing_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id), P_I64(version)};
    /* db_update_one tells a stale version (PRECONDITION) from a missing row (NOT_FOUND) */
    enum yh_err err = db_update_one(db, del, p, 3, exists, office, id);
    return err == YH_OK ? db_exec(db, unlink, p, 2, NULL, NULL, NULL) : err;
}

/* The bounds of year as China times into from and to (to: the next year's start). */
static void year_bounds(int64_t year, char from[20], char to[20])
{
    unsigned y = (unsigned)year % 9999u; /* 1990-2100 by year_or_reply */
    snprintf(from, 20, "%04u-01-01 00:00:00", y);
    snprintf(to, 20, "%04u-01-01 00:00:00", y + 1);
}

enum yh_err briefings_db_list(struct db *db, const char *office, const char *kind, int64_t year,
                              int64_t member_id, int64_t before, int limit, struct briefing **out, size_t *n)
{
    static const char sql[] =
        "SELECT " BRIEFING_COLS " FROM briefings b WHERE b.office_code = ? AND (? IS NULL "
        "OR b.kind = ?) AND (? = 0 OR (b.held_at >= ? AND b.held_at < ?)) AND (? = 0 OR "
        "b.id < ?) AND (? = 0 OR EXISTS (SELECT 1 FROM briefing_invitations i WHERE "
        "i.briefing_id = b.id AND i.member_id = ?)) ORDER BY b.id DESC LIMIT ?";
    char from[20], to[20];
    year_bounds(year, from, to);
    struct db_param p[] = {P_STR(office),    P_OPT(kind),      P_OPT(kind),     P_I64(year),
                           P_STR(from),      P_STR(to),        P_I64(before),   P_I64(before),
                           P_I64(member_id), P_I64(member_id), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), briefing_map, briefing_map_n, out, n);
}

static const struct fm held_map[] = {FM(FM_STR, NULL, struct briefing_held, at)};

enum yh_err briefings_db_held(struct db *db, const char *office, const char *kind, int64_t year,
                              struct briefing_held **out, size_t *n)
{
    static const char sql[] =
        "SELECT DATE_FORMAT(held_at, '%Y-%m-%d %H:%i:%s') FROM briefings WHERE office_code "
        "= ? AND kind = ? AND held_at >= ? AND held_at < ? ORDER BY held_at LIMIT 100";
    char from[20], to[20];
    year_bounds(year, from, to);
    struct db_param p[] = {P_STR(office), P_STR(kind), P_STR(from), P_STR(to)};
    return FM_ALL(db, sql, p, 4, held_map, 1, out, n);
}

static const struct fm suggestion_id_map[] = {FM(FM_ID, NULL, struct briefing_suggestion, id)};

enum yh_err briefings_db_suggestion_ids(struct db *db, const char *office, int64_t id,
                                        struct briefing_suggestion **out, size_t *n)
{
    static const char sql[] =
        "SELECT id FROM suggestions WHERE office_code = ? AND briefing_id = ? ORDER BY id LIMIT 100";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return FM_ALL(db, sql, p, 2, suggestion_id_map, 1, out, n);
}

enum yh_err briefings_db_link_suggestion(struct db *db, const char *office, int64_t id, int64_t sid)
{
    static const char sql[] = "UPDATE suggestions SET briefing_id = ?, version = version + 1, updated_at = "
                              "NOW(3) WHERE office_code = ? "
                              "AND id = ?";
    static const char exists[] = "SELECT 1 FROM suggestions WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_I64(id), P_STR(office), P_I64(sid)};
    struct db_param q[] = {P_STR(office), P_I64(sid)};
    uint64_t affected = 0;
    int64_t found = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, &affected, NULL);
    if (err == YH_OK && affected == 0) {
        err = db_int(db, exists, q, 2, 0, &found); /* already linked: unchanged, not absent */
        if (err == YH_OK && !found) {
            err = YH_ERR_NOT_FOUND;
        }
    }
    return err;
}

/* ---- the rule's input ---- */

static void audience_row_from(const struct db_rows *r, size_t i, void *dst)
{
    struct audience_row *a = dst;
    memset(a, 0, sizeof(*a));
    a->id = db_i64(r, i, 0);
    DB_CP(a->category, db_str(r, i, 1));
    DB_CP(a->treatment_level, db_str(r, i, 2));
    if (db_str(r, i, 3) != NULL && db_len(r, i, 3) == sizeof(a->health_idx)) {
        memcpy(a->health_idx, db_str(r, i, 3), sizeof(a->health_idx));
    }
}

enum yh_err audience_db_members(struct db *db, const char *office, int64_t after, int limit,
                                struct audience_row **out, size_t *n)
{
    static const char sql[] =
        "SELECT id, category, IFNULL(treatment_level, ''), health_idx FROM members WHERE "
        "office_code = ? AND status = 'active' AND id > ? ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit)};
    return typed_rows_all(db, sql, p, 3, audience_row_from, sizeof(**out), out, n);
}

/* ---- invitations ---- */

enum yh_err invitations_db_add(struct db *db, const char *office, int64_t briefing, int64_t member_id,
                               const char *added, bool *inserted)
{
    static const char sql[] = "INSERT IGNORE INTO briefing_invitations (briefing_id, member_id, office_code, "
                              "added) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_I64(briefing), P_I64(member_id), P_STR(office), P_STR(added)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    *inserted = affected > 0;
    return err;
}

enum yh_err invitations_db_remove(struct db *db, const char *office, int64_t briefing, int64_t member_id)
{
    static const char sql[] =
        "DELETE FROM briefing_invitations WHERE office_code = ? AND briefing_id = ? AND member_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(briefing), P_I64(member_id)};
    return db_delete_one(db, sql, p, 3);
}

/* Runs an UPDATE of one invitation (params p, n; the last three: office, briefing,
 * member): NOT_FOUND when the member is not invited. */
static enum yh_err invitation_update(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
    static const char exists[] =
        "SELECT 1 FROM briefing_invitations WHERE office_code = ? AND briefing_id = ? AND member_id = ?";
    int64_t found = 0;
    enum yh_err err = db_exec(db, sql, p, n, NULL, NULL, NULL);
    if (err == YH_OK) {
        err = db_int(db, exists, p + n - 3, 3, 0, &found);
    }
    return err == YH_OK && !found ? YH_ERR_NOT_FOUND : err;
}

enum yh_err invitations_db_reply(struct db *db, const char *office, int64_t briefing, int64_t member_id,
                                 const char *reply, const char *reason, const char *at)
{
    static const char sql[] =
        "UPDATE briefing_invitations SET reply = ?, reply_reason = ?, replied_at = ? WHERE "
        "office_code = ? AND briefing_id = ? AND member_id = ?";
    struct db_param p[] = {P_STR(reply),    reason ? P_STR(reason) : P_NULL,
                           P_STR(at),       P_STR(office),
                           P_I64(briefing), P_I64(member_id)};
    return invitation_update(db, sql, p, ARRAY_LEN(p));
}

enum yh_err invitations_db_attendance(struct db *db, const char *office, int64_t briefing, int64_t member_id,
                                      const char *attendance)
{
    static const char sql[] = "UPDATE briefing_invitations SET attendance = ? WHERE office_code = ? AND "
                              "briefing_id = ? AND member_id = ?";
    struct db_param p[] = {P_STR(attendance), P_STR(office), P_I64(briefing), P_I64(member_id)};
    return invitation_update(db, sql, p, ARRAY_LEN(p));
}

static const struct jcol invitations_cols[] = {
    {"member_id", JC_ID},        {"name", JC_STR},      {"branch_id", JC_ID}, {"category", JC_STR},
    {"treatment_level", JC_STR}, {"added", JC_STR},     {"reply", JC_STR},    {"reply_reason", JC_STR},
    {"replied_at", JC_STR},      {"attendance", JC_STR}};
const struct view invitations_view = VIEW(invitations_cols);

enum yh_err invitations_db_list(struct db *db, const char *office, int64_t briefing, int64_t member_id,
                                int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT i.member_id, m.name, IFNULL(m.branch_id, 0), m.category, m.treatment_level, i.added, "
        "i.reply, "
        "i.reply_reason, " SQL_TS(
            "i.replied_at") ", i.attendance FROM briefing_invitations i JOIN members m ON "
                            "m.id = i.member_id WHERE i.office_code = ? AND i.briefing_id = ? AND (? = 0 OR "
                            "i.member_id = ?) AND "
                            "i.member_id > ? ORDER BY i.member_id LIMIT ?";
    struct db_param p[] = {P_STR(office),    P_I64(briefing), P_I64(member_id),
                           P_I64(member_id), P_I64(after),    P_I64(limit + 1)};
    return view_fetch(db, &invitations_view, sql, p, ARRAY_LEN(p), false, rows);
}
