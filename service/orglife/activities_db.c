/* Activities and their attendance: the store of /v1/branches/{id}/activities,
 * /v1/activities/{id} (activities.c) and /v1/activities/{id}/attendance (attendance.c). */
#include "yinhui/orglife_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/standing.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define ACTIVITY_FIELDS 10
/* The parameters of the columns insert and update both write, kind to booking_id in the
 * order of their SQL, into p[0, ACTIVITY_FIELDS). */
static void activity_fields(const struct activity *a, struct db_param *p)
{
    const struct db_param f[ACTIVITY_FIELDS] = {P_STR(a->kind),
                                                P_STR(a->title),
                                                P_STR(a->held_at),
                                                P_OPT(a->place),
                                                P_OPT(a->host),
                                                P_OPT(a->summary),
                                                P_STR(a->attachments),
                                                a->speaker_id ? P_I64(a->speaker_id) : P_NULL,
                                                a->group_id ? P_I64(a->group_id) : P_NULL,
                                                a->booking_id ? P_I64(a->booking_id) : P_NULL};
    memcpy(p, f, sizeof(f));
}

enum yh_err activities_db_insert(struct db *db, const char *office, const struct activity *a, const char *by,
                                 int64_t *id)
{
    static const char sql[] =
        "INSERT INTO activities (kind, title, held_at, place, host, summary, attachments, speaker_id, "
        "group_id, booking_id, office_code, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[ACTIVITY_FIELDS + 2];
    activity_fields(a, p);
    p[ACTIVITY_FIELDS] = P_STR(office);
    p[ACTIVITY_FIELDS + 1] = P_STR(by);
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err activities_db_update(struct db *db, const char *office, int64_t id, int64_t version,
                                 const struct activity *a)
{
    static const char sql[] =
        "UPDATE activities SET kind = ?, title = ?, held_at = ?, place = ?, host = ?, summary = ?, "
        "attachments = ?, speaker_id = ?, group_id = ?, booking_id = ?, version = version + 1, updated_at = "
        "NOW(3) WHERE "
        "office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM activities WHERE office_code = ? AND id = ?";
    struct db_param p[ACTIVITY_FIELDS + 3];
    activity_fields(a, p);
    p[ACTIVITY_FIELDS] = P_STR(office);
    p[ACTIVITY_FIELDS + 1] = P_I64(id);
    p[ACTIVITY_FIELDS + 2] = P_I64(version);
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

enum yh_err activities_db_set_branches(struct db *db, const char *office, int64_t id, const int64_t *branches,
                                       size_t n)
{
    static const char del[] =
        "DELETE ab FROM activity_branches ab JOIN activities a ON a.id = ab.activity_id AND "
        "a.office_code = ? WHERE ab.activity_id = ?";
    static const char ins[] =
        "INSERT IGNORE INTO activity_branches (activity_id, branch_id) SELECT id, ? FROM activities "
        "WHERE id = ? AND office_code = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    enum yh_err err = db_exec(db, del, p, 2, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_I64(branches[i]), P_I64(id), P_STR(office)};
        err = db_exec(db, ins, q, 3, NULL, NULL, NULL);
    }
    return err;
}

#define ACT_COLS                                                                                             \
    "a.id, a.kind, a.title, " SQL_TS(                                                                        \
        "a.held_at") ", a.place, a.host, a.summary, a.attachments, a.created_by, "                           \
                     "a.version, " SQL_TS(                                                                   \
                         "a.created_at") ", a.speaker_id, IFNULL(a.group_id, 0), "                           \
                                         "IFNULL(a.booking_id, 0), (SELECT v.name FROM "                     \
                                         "room_bookings rb JOIN venues v ON v.id = "                         \
                                         "rb.venue_id WHERE rb.id = a.booking_id), "                         \
                                         "(SELECT r.name FROM room_bookings rb JOIN rooms "                  \
                                         "r ON r.id = rb.room_id WHERE rb.id = a.booking_id)"
/* place, host and summary are written through P_OPT: NULL, never "" */
const struct fm activity_map[] = {
    FM(FM_ID, "id", struct activity_row, id),
    FM(FM_STR, "kind", struct activity_row, kind),
    FM(FM_STR, "title", struct activity_row, title),
    FM(FM_STR, "held_at", struct activity_row, held_at),
    FM(FM_OPT, "place", struct activity_row, place),
    FM(FM_OPT, "host", struct activity_row, host),
    FM(FM_OPT, "summary", struct activity_row, summary),
    FM(FM_STR, NULL, struct activity_row, attachments), /* shown as an array: activities.c */
    FM(FM_STR, "created_by", struct activity_row, created_by),
    FM(FM_INT, "version", struct activity_row, version),
    FM(FM_STR, "created_at", struct activity_row, created_at),
    FM(FM_ID, "speaker_id", struct activity_row, speaker_id),
    FM(FM_ID, "group_id", struct activity_row, group_id),
    FM(FM_ID, "booking_id", struct activity_row, booking_id),
    FM(FM_OPT, "venue_name", struct activity_row, venue_name),
    FM(FM_OPT, "room_name", struct activity_row, room_name),
};
const size_t activity_map_n = ARRAY_LEN(activity_map);

enum yh_err activities_db_get(struct db *db, const char *office, int64_t id, struct activity_row *a)
{
    static const char sql[] = "SELECT " ACT_COLS " FROM activities a WHERE a.office_code = ? AND a.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, activity_map, activity_map_n, a);
}

static const struct fm record_map[] = {
    FM(FM_STR, NULL, struct activity, kind),        FM(FM_STR, NULL, struct activity, title),
    FM(FM_STR, NULL, struct activity, held_at),     FM(FM_STR, NULL, struct activity, place),
    FM(FM_STR, NULL, struct activity, host),        FM(FM_STR, NULL, struct activity, summary),
    FM(FM_STR, NULL, struct activity, attachments), FM(FM_ID, NULL, struct activity, speaker_id),
    FM(FM_ID, NULL, struct activity, group_id),     FM(FM_ID, NULL, struct activity, booking_id),
};

enum yh_err activities_db_read(struct db *db, const char *office, int64_t id, struct activity *a)
{
    static const char sql[] =
        "SELECT kind, title, DATE_FORMAT(held_at, '%Y-%m-%d %H:%i:%s'), place, host, summary, "
        "attachments, speaker_id, IFNULL(group_id, 0), IFNULL(booking_id, 0) FROM activities WHERE "
        "office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, record_map, ARRAY_LEN(record_map), a);
}

const struct fm activity_branch_map[] = {
    FM(FM_ID, "id", struct activity_branch, id),
    FM(FM_STR, "name", struct activity_branch, name),
};
const size_t activity_branch_map_n = ARRAY_LEN(activity_branch_map);

enum yh_err activities_db_branches(struct db *db, const char *office, int64_t id,
                                   struct activity_branch **out, size_t *n)
{
    static const char sql[] =
        "SELECT ab.branch_id, b.name FROM activity_branches ab JOIN branches b ON b.id = ab.branch_id "
        "AND b.office_code = ? WHERE ab.activity_id = ? ORDER BY ab.branch_id";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return FM_ALL(db, sql, p, 2, activity_branch_map, activity_branch_map_n, out, n);
}

enum yh_err activities_db_list(struct db *db, const char *office, int64_t branch_id, const char *from,
                               const char *to, int64_t before, int limit, struct activity_row **out,
                               size_t *n)
{
    static const char sql[] =
        "SELECT " ACT_COLS " FROM activities a WHERE a.office_code = ? AND (? = 0 OR EXISTS (SELECT 1 "
        "FROM activity_branches ab WHERE ab.activity_id = a.id AND ab.branch_id = ?)) AND "
        "a.held_at >= ? AND a.held_at < ? AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(branch_id), P_STR(from),
                           P_STR(to),     P_I64(before),    P_I64(before),    P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 8, activity_map, activity_map_n, out, n);
}

static const struct fm expected_map[] = {
    FM(FM_ID, NULL, struct expected_member, member_id),
    FM(FM_STR, NULL, struct expected_member, name),
    FM(FM_STR, NULL, struct expected_member, kind),
    FM(FM_ID, NULL, struct expected_member, branch_id),
};

enum yh_err activities_db_expected(struct db *db, const char *office, int64_t id,
                                   struct expected_member **out, size_t *n)
{
    static const char sql[] =
        "SELECT m.id, m.name, MIN(s.kind), MIN(s.branch_id) FROM activity_branches ab JOIN activities a "
        "ON a.id = ab.activity_id AND a.office_code = ? JOIN memberships s ON s.branch_id = "
        "ab.branch_id AND s.ended_on IS NULL JOIN members m ON m.id = s.member_id AND m.status = "
        "'active' WHERE ab.activity_id = ? GROUP BY m.id, m.name ORDER BY m.id LIMIT 5000";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return FM_ALL(db, sql, p, 2, expected_map, ARRAY_LEN(expected_map), out, n);
}

bool activities_db_expected_branch(const struct expected_member *e, size_t n, int64_t member, int64_t *branch)
{
    for (size_t x = 0; x < n; x++) {
        if (e[x].member_id == member) {
            *branch = e[x].branch_id;
            return true;
        }
    }
    return false;
}

enum yh_err attendance_db_replace(struct db *db, const char *office, int64_t activity_id, const char *held_on,
                                  const struct attendance *a, size_t n)
{
    static const char del[] = "DELETE FROM org_life_attendance WHERE activity_id = ? AND office_code = ?";
    static const char ins[] =
        "INSERT INTO org_life_attendance (office_code, activity_id, member_id, branch_id, held_on, "
        "status, reason, asked_by, delivered_by, delivered_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_I64(activity_id), P_STR(office)};
    enum yh_err err = db_exec(db, del, p, 2, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param q[] = {P_STR(office),           P_I64(activity_id),   P_I64(a[i].member_id),
                               P_I64(a[i].branch_id),   P_STR(held_on),       P_STR(a[i].status),
                               P_OPT(a[i].reason),      P_OPT(a[i].asked_by), P_OPT(a[i].delivered_by),
                               P_OPT(a[i].delivered_on)};
        err = db_exec(db, ins, q, 10, NULL, NULL, NULL);
    }
    return err;
}

/* reason, asked_by, delivered_by and delivered_on are written through P_OPT: NULL, never "" */
const struct fm attendance_map[] = {
    FM(FM_ID, "member_id", struct attendance_row, member_id),
    FM(FM_STR, "name", struct attendance_row, name),
    FM(FM_STR, "status", struct attendance_row, status),
    FM(FM_OPT, "reason", struct attendance_row, reason),
    FM(FM_OPT, "asked_by", struct attendance_row, asked_by),
    FM(FM_OPT, "delivered_by", struct attendance_row, delivered_by),
    FM(FM_OPT, "delivered_on", struct attendance_row, delivered_on),
};
const size_t attendance_map_n = ARRAY_LEN(attendance_map);

enum yh_err attendance_db_list(struct db *db, const char *office, int64_t activity_id,
                               struct attendance_row **out, size_t *n)
{
    static const char sql[] =
        "SELECT a.member_id, m.name, a.status, a.reason, a.asked_by, a.delivered_by, a.delivered_on "
        "FROM org_life_attendance a JOIN members m ON m.id = a.member_id WHERE a.activity_id = ? "
        "AND a.office_code = ? ORDER BY a.member_id";
    struct db_param p[] = {P_I64(activity_id), P_STR(office)};
    return FM_ALL(db, sql, p, 2, attendance_map, attendance_map_n, out, n);
}

enum yh_err activities_db_judge_facts(struct db *db, const char *office, int64_t id, const char *held_on)
{
    /* the voting roster: open primary members of the branch, active, who may vote on the day;
     * present means at the meeting (送学上门 is taking part, not presence where it decides) */
#define VOTERS_OF_BRANCH                                                                                     \
    "memberships s JOIN members m ON m.id = s.member_id AND m.status = 'active' AND s.office_code = "        \
    "a.office_code AND s.branch_id = ab.branch_id AND s.kind = 'primary' AND s.ended_on IS NULL "            \
    "AND " STANDING_SQL_MAY_VOTE("m")
    static const char sql[] =
        "UPDATE activity_branches ab JOIN activities a ON a.id = ab.activity_id AND a.office_code = ? SET "
        "ab.voters = IF(a.kind = 'member_meeting', (SELECT COUNT(*) FROM " VOTERS_OF_BRANCH "), 0), "
        "ab.present = IF(a.kind = 'member_meeting', (SELECT COUNT(*) FROM org_life_attendance t "
        "JOIN " VOTERS_OF_BRANCH " WHERE s.member_id = t.member_id AND t.activity_id = a.id AND t.status = "
        "'present'), 0), ab.by_secretary = (a.kind = 'lecture' AND EXISTS (SELECT 1 FROM "
        "branch_committee c WHERE c.branch_id = ab.branch_id AND c.role = 'secretary' AND c.member_id = "
        "a.speaker_id)) WHERE ab.activity_id = ?";
#undef VOTERS_OF_BRANCH
    struct db_param p[] = {P_STR(office),  P_STR(held_on), P_STR(held_on),
                           P_STR(held_on), P_STR(held_on), P_I64(id)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}

enum yh_err activities_db_member_of(struct db *db, const char *office, int64_t member, bool *ok)
{
    static const char sql[] = "SELECT COUNT(*) FROM members WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 2, 0, &n);
    *ok = n > 0;
    return err;
}
