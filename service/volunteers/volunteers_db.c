/* Silver volunteers' store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

static enum yh_err one_int(struct db *db, const char *sql, const struct db_param *p, size_t n, int64_t *v)
{
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, n, &rows, NULL, NULL);
    if (err == YH_OK) {
        *v = rows.nrows ? db_i64(&rows, 0, 0) : 0;
        db_rows_free(&rows);
    }
    return err;
}

/* ---- teams ---- */

#define TEAM_COLS                                                                                           \
    "t.id, t.name, t.speciality, t.leader_id, t.founded_on, t.active, t.version, " SQL_TS("t.created_at") ", " \
    SQL_TS("t.updated_at") ", (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id), "                  \
    "(SELECT IFNULL(SUM(h.minutes), 0) FROM volunteer_hours h WHERE h.team_id = t.id AND h.status = 'confirmed')"

enum yh_err vteams_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " TEAM_COLS " FROM volunteer_teams t WHERE t.office_code = ? AND t.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err vteams_db_list(struct db *db, const char *office, int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT " TEAM_COLS " FROM volunteer_teams t WHERE t.office_code = ? AND t.id > ? "
                              "ORDER BY t.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after), P_I64(limit + 1)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

enum yh_err vteams_db_insert(struct db *db, const char *office, const char *name, const char *speciality,
                             const char *founded_on, int64_t *id)
{
    static const char sql[] = "INSERT INTO volunteer_teams (office_code, name, speciality, founded_on) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(name), P_STR(speciality), P_OPT(founded_on)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err vteams_db_update(struct db *db, const char *office, int64_t id, int64_t version, const char *name,
                             const char *speciality, const char *founded_on, bool active, int64_t leader_id)
{
    static const char sql[] = "UPDATE volunteer_teams SET name = ?, speciality = ?, founded_on = ?, active = ?, "
                              "leader_id = ?, version = version + 1, updated_at = NOW(3) "
                              "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM volunteer_teams WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(name), P_STR(speciality), P_OPT(founded_on), P_I64(active),
                           leader_id ? P_I64(leader_id) : P_NULL, P_STR(office), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 8, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

enum yh_err vteams_db_members(struct db *db, int64_t team_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT m.volunteer_id, v.name, m.role, m.joined_on FROM team_members m JOIN volunteers v "
                              "ON v.id = m.volunteer_id WHERE m.team_id = ? ORDER BY m.role = 'leader' DESC, v.id LIMIT 1000";
    struct db_param p[] = {P_I64(team_id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err vteams_db_set_member(struct db *db, int64_t team_id, int64_t volunteer_id, const char *role,
                                 const char *joined_on)
{
    static const char sql[] = "INSERT INTO team_members (team_id, volunteer_id, role, joined_on) VALUES (?, ?, ?, ?) "
                              "ON DUPLICATE KEY UPDATE role = VALUES(role)";
    struct db_param p[] = {P_I64(team_id), P_I64(volunteer_id), P_STR(role), P_STR(joined_on)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err vteams_db_remove_member(struct db *db, int64_t team_id, int64_t volunteer_id)
{
    static const char sql[] = "DELETE FROM team_members WHERE team_id = ? AND volunteer_id = ?";
    struct db_param p[] = {P_I64(team_id), P_I64(volunteer_id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 2, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}

enum yh_err vteams_db_is_leader(struct db *db, int64_t team_id, int64_t volunteer_id, bool *leader)
{
    static const char sql[] = "SELECT COUNT(*) FROM team_members WHERE team_id = ? AND volunteer_id = ? AND role = 'leader'";
    struct db_param p[] = {P_I64(team_id), P_I64(volunteer_id)};
    int64_t n = 0;
    enum yh_err err = one_int(db, sql, p, 2, &n);
    *leader = n > 0;
    return err;
}

/* ---- volunteers ---- */

#define VOL_COLS                                                                                            \
    "id, office_code, IFNULL(member_id, 0), name, phone_enc, phone_hmac, gender, IFNULL(birth_year, 0), "   \
    "skills, weekdays, day_parts, status, points_balance, version, " SQL_TS("created_at") ", " SQL_TS("updated_at")

static void volunteer_from_row(const struct db_rows *r, size_t i, struct volunteer *v)
{
    memset(v, 0, sizeof(*v));
    v->id = db_i64(r, i, 0);
    DB_CP(v->office, db_str(r, i, 1));
    v->member_id = db_i64(r, i, 2);
    DB_CP(v->name, db_str(r, i, 3));
    if (db_str(r, i, 4) && db_len(r, i, 4) <= sizeof(v->phone_enc)) {
        v->phone_enc_len = db_len(r, i, 4);
        memcpy(v->phone_enc, db_str(r, i, 4), v->phone_enc_len);
    }
    if (db_str(r, i, 5) && db_len(r, i, 5) == 32) {
        memcpy(v->phone_hmac, db_str(r, i, 5), 32);
        v->has_phone_hmac = true;
    }
    DB_CP(v->gender, db_str(r, i, 6));
    v->birth_year = db_i64(r, i, 7);
    DB_CP(v->skills, db_str(r, i, 8));
    v->weekdays = db_i64(r, i, 9);
    v->day_parts = db_i64(r, i, 10);
    DB_CP(v->status, db_str(r, i, 11));
    v->points_balance = db_i64(r, i, 12);
    v->version = db_i64(r, i, 13);
    DB_CP(v->created_at, db_str(r, i, 14));
    DB_CP(v->updated_at, db_str(r, i, 15));
}

static enum yh_err volunteer_one(struct db *db, const char *sql, const struct db_param *p, size_t n,
                                 struct volunteer *v)
{
    struct db_rows rows;
    enum yh_err err = db_exec_row(db, sql, p, n, &rows);
    if (err == YH_OK) {
        volunteer_from_row(&rows, 0, v);
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err volunteers_db_get(struct db *db, const char *office, int64_t id, struct volunteer *v)
{
    static const char sql[] = "SELECT " VOL_COLS " FROM volunteers WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return volunteer_one(db, sql, p, 2, v);
}

enum yh_err volunteers_db_get_for_update(struct db *db, const char *office, int64_t id, struct volunteer *v)
{
    static const char sql[] = "SELECT " VOL_COLS " FROM volunteers WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return volunteer_one(db, sql, p, 2, v);
}

enum yh_err volunteers_db_by_member(struct db *db, const char *office, int64_t member_id, struct volunteer *v)
{
    static const char sql[] = "SELECT " VOL_COLS " FROM volunteers WHERE office_code = ? AND member_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id)};
    return volunteer_one(db, sql, p, 2, v);
}

enum yh_err volunteers_db_insert(struct db *db, const struct volunteer *v, int64_t *id)
{
    static const char sql[] = "INSERT INTO volunteers (office_code, member_id, name, phone_enc, phone_hmac, gender, "
                              "birth_year, skills, weekdays, day_parts, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(v->office),
                           v->member_id ? P_I64(v->member_id) : P_NULL,
                           P_STR(v->name),
                           v->phone_enc_len ? P_BLOB(v->phone_enc, v->phone_enc_len) : P_NULL,
                           v->has_phone_hmac ? P_BLOB(v->phone_hmac, 32) : P_NULL,
                           P_OPT(v->gender),
                           v->birth_year ? P_I64(v->birth_year) : P_NULL,
                           P_STR(v->skills),
                           P_I64(v->weekdays),
                           P_I64(v->day_parts),
                           P_STR(v->status[0] ? v->status : "active")};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 11, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err volunteers_db_update(struct db *db, const struct volunteer *v, int64_t version)
{
    static const char sql[] = "UPDATE volunteers SET name = ?, phone_enc = ?, phone_hmac = ?, gender = ?, birth_year = ?, "
                              "skills = ?, weekdays = ?, day_parts = ?, status = ?, version = version + 1, "
                              "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM volunteers WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(v->name),
                           v->phone_enc_len ? P_BLOB(v->phone_enc, v->phone_enc_len) : P_NULL,
                           v->has_phone_hmac ? P_BLOB(v->phone_hmac, 32) : P_NULL,
                           P_OPT(v->gender),
                           v->birth_year ? P_I64(v->birth_year) : P_NULL,
                           P_STR(v->skills),
                           P_I64(v->weekdays),
                           P_I64(v->day_parts),
                           P_STR(v->status),
                           P_STR(v->office),
                           P_I64(v->id),
                           P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 12, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, v->office, v->id);
}

enum yh_err volunteers_db_set_skills(struct db *db, const struct volunteer *v)
{
    static const char del[] = "DELETE FROM volunteer_skills WHERE volunteer_id = ?";
    static const char ins[] = "INSERT IGNORE INTO volunteer_skills (volunteer_id, office_code, skill) VALUES (?, ?, ?)";
    struct db_param p[] = {P_I64(v->id)};
    enum yh_err err = db_exec(db, del, p, 1, NULL, NULL, NULL);
    const char *s = v->skills;
    while (err == YH_OK && *s) {
        char skill[41];
        size_t n = strcspn(s, ",");
        snprintf(skill, sizeof(skill), "%.*s", (int)(n < 40 ? n : 40), s);
        struct db_param q[] = {P_I64(v->id), P_STR(v->office), P_STR(skill)};
        if (skill[0]) {
            err = db_exec(db, ins, q, 3, NULL, NULL, NULL);
        }
        s += n;
        s += *s == ',';
    }
    return err;
}

enum yh_err volunteers_db_list(struct db *db, const char *office, const struct volunteer_filter *f,
                               struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[8];
    size_t np = 0;
    buf_puts(&sql, "SELECT v.id, v.member_id, v.name, v.gender, v.birth_year, v.skills, v.weekdays, v.day_parts, "
                   "v.status, v.points_balance, (SELECT IFNULL(SUM(h.minutes), 0) FROM volunteer_hours h WHERE "
                   "h.volunteer_id = v.id AND h.status = 'confirmed') FROM volunteers v WHERE v.office_code = ? "
                   "AND v.id > ?");
    p[np++] = P_STR(office);
    p[np++] = P_I64(f->after_id);
    if (f->status) {
        buf_puts(&sql, " AND v.status = ?");
        p[np++] = P_STR(f->status);
    }
    if (f->team_id) {
        buf_puts(&sql, " AND EXISTS (SELECT 1 FROM team_members m WHERE m.volunteer_id = v.id AND m.team_id = ?)");
        p[np++] = P_I64(f->team_id);
    }
    if (f->skill) {
        buf_puts(&sql, " AND EXISTS (SELECT 1 FROM volunteer_skills s WHERE s.volunteer_id = v.id AND s.skill = ?)");
        p[np++] = P_STR(f->skill);
    }
    if (f->name_contains) {
        buf_puts(&sql, " AND INSTR(v.name, ?) > 0");
        p[np++] = P_STR(f->name_contains);
    }
    buf_puts(&sql, " ORDER BY v.id LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    enum yh_err err = db_exec(db, sql.data, p, np, rows, NULL, NULL);
    buf_free(&sql);
    return err;
}

enum yh_err volunteers_db_teams(struct db *db, int64_t volunteer_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT t.id, t.name, m.role FROM team_members m JOIN volunteer_teams t ON t.id = m.team_id "
                              "WHERE m.volunteer_id = ? ORDER BY t.id";
    struct db_param p[] = {P_I64(volunteer_id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err volunteers_db_totals(struct db *db, int64_t volunteer_id, int64_t *minutes, int64_t *events)
{
    static const char sql[] = "SELECT IFNULL(SUM(minutes), 0), COUNT(DISTINCT event_id) FROM volunteer_hours "
                              "WHERE volunteer_id = ? AND status = 'confirmed'";
    struct db_param p[] = {P_I64(volunteer_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err == YH_OK) {
        *minutes = db_i64(&rows, 0, 0);
        *events = db_i64(&rows, 0, 1);
        db_rows_free(&rows);
    }
    return err;
}

/* ---- events ---- */

#define EVENT_COLS                                                                                          \
    "id, office_code, title, description, IFNULL(team_id, 0), IFNULL(need_id, 0), "                          \
    "DATE_FORMAT(starts_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(ends_at, '%Y-%m-%d %H:%i:%s'), place, capacity, " \
    "skills, status, posted_by, confirmed, waitlisted, version, " SQL_TS("created_at") ", " SQL_TS("updated_at")

static enum yh_err event_one(struct db *db, const char *sql, const struct db_param *p, size_t n, struct vevent *e)
{
    struct db_rows r;
    enum yh_err err = db_exec_row(db, sql, p, n, &r);
    if (err != YH_OK) {
        return err;
    }
    memset(e, 0, sizeof(*e));
    e->id = db_i64(&r, 0, 0);
    DB_CP(e->office, db_str(&r, 0, 1));
    DB_CP(e->title, db_str(&r, 0, 2));
    DB_CP(e->description, db_str(&r, 0, 3));
    e->team_id = db_i64(&r, 0, 4);
    e->need_id = db_i64(&r, 0, 5);
    DB_CP(e->starts_at, db_str(&r, 0, 6));
    DB_CP(e->ends_at, db_str(&r, 0, 7));
    DB_CP(e->place, db_str(&r, 0, 8));
    e->capacity = db_i64(&r, 0, 9);
    DB_CP(e->skills, db_str(&r, 0, 10));
    DB_CP(e->status, db_str(&r, 0, 11));
    DB_CP(e->posted_by, db_str(&r, 0, 12));
    e->confirmed = db_i64(&r, 0, 13);
    e->waitlisted = db_i64(&r, 0, 14);
    e->version = db_i64(&r, 0, 15);
    DB_CP(e->created_at, db_str(&r, 0, 16));
    DB_CP(e->updated_at, db_str(&r, 0, 17));
    db_rows_free(&r);
    return YH_OK;
}

enum yh_err events_db_get(struct db *db, const char *office, int64_t id, struct vevent *e)
{
    static const char sql[] = "SELECT " EVENT_COLS " FROM volunteer_events WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return event_one(db, sql, p, 2, e);
}

enum yh_err events_db_get_for_update(struct db *db, const char *office, int64_t id, struct vevent *e)
{
    static const char sql[] = "SELECT " EVENT_COLS " FROM volunteer_events WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return event_one(db, sql, p, 2, e);
}

enum yh_err events_db_insert(struct db *db, const struct vevent *e, int64_t *id)
{
    static const char sql[] = "INSERT INTO volunteer_events (office_code, title, description, team_id, need_id, starts_at, "
                              "ends_at, place, capacity, skills, status, posted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(e->office),   P_STR(e->title),    P_OPT(e->description),
                           e->team_id ? P_I64(e->team_id) : P_NULL, e->need_id ? P_I64(e->need_id) : P_NULL,
                           P_STR(e->starts_at), P_STR(e->ends_at), P_STR(e->place),
                           P_I64(e->capacity), P_STR(e->skills),   P_STR(e->status),
                           P_STR(e->posted_by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 12, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err events_db_update(struct db *db, const struct vevent *e, int64_t version)
{
    static const char sql[] = "UPDATE volunteer_events SET title = ?, description = ?, team_id = ?, starts_at = ?, "
                              "ends_at = ?, place = ?, capacity = ?, skills = ?, status = ?, version = version + 1, "
                              "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM volunteer_events WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(e->title),  P_OPT(e->description), e->team_id ? P_I64(e->team_id) : P_NULL,
                           P_STR(e->starts_at), P_STR(e->ends_at), P_STR(e->place),
                           P_I64(e->capacity), P_STR(e->skills),  P_STR(e->status),
                           P_STR(e->office),   P_I64(e->id),      P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 12, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, e->office, e->id);
}

enum yh_err events_db_set_counts(struct db *db, int64_t id, int64_t confirmed, int64_t waitlisted)
{
    static const char sql[] = "UPDATE volunteer_events SET confirmed = ?, waitlisted = ?, version = version + 1, "
                              "updated_at = NOW(3) WHERE id = ?";
    struct db_param p[] = {P_I64(confirmed), P_I64(waitlisted), P_I64(id)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err events_db_list(struct db *db, const char *office, const struct event_filter *f, struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[10];
    size_t np = 0;
    buf_puts(&sql, "SELECT e.id, e.title, e.team_id, t.name, " SQL_TS("e.starts_at") ", " SQL_TS("e.ends_at")
                   ", e.place, e.capacity, e.skills, e.status, e.confirmed, e.waitlisted, e.version, "
                   "DATE_FORMAT(e.starts_at, '%Y-%m-%d %H:%i:%s') FROM volunteer_events e LEFT JOIN volunteer_teams t "
                   "ON t.id = e.team_id WHERE e.office_code = ?");
    p[np++] = P_STR(office);
    if (f->status) {
        buf_puts(&sql, " AND e.status = ?");
        p[np++] = P_STR(f->status);
    }
    if (f->after_start[0]) {
        buf_puts(&sql, " AND (e.starts_at, e.id) > (?, ?)");
        p[np++] = P_STR(f->after_start);
        p[np++] = P_I64(f->after_id);
    }
    if (f->team_id) {
        buf_puts(&sql, " AND e.team_id = ?");
        p[np++] = P_I64(f->team_id);
    }
    if (f->from) {
        buf_puts(&sql, " AND e.starts_at >= ?");
        p[np++] = P_STR(f->from);
    }
    if (f->to) {
        buf_puts(&sql, " AND e.starts_at < ?");
        p[np++] = P_STR(f->to);
    }
    buf_puts(&sql, " ORDER BY e.starts_at, e.id LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    enum yh_err err = db_exec(db, sql.data, p, np, rows, NULL, NULL);
    buf_free(&sql);
    return err;
}

enum yh_err matches_db(struct db *db, const char *office, const struct vevent *e, int weekday_bit, int part_bit,
                       int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT v.id, v.name, v.skills, (SELECT COUNT(*) FROM volunteer_skills s WHERE s.volunteer_id = v.id AND "
        "FIND_IN_SET(s.skill, ?) > 0) matched, (SELECT IFNULL(SUM(h.minutes), 0) FROM volunteer_hours h WHERE "
        "h.volunteer_id = v.id AND h.status = 'confirmed') served FROM volunteers v WHERE v.office_code = ? AND "
        "v.status = 'active' AND (v.weekdays & ?) <> 0 AND (v.day_parts & ?) <> 0 AND NOT EXISTS (SELECT 1 FROM "
        "volunteer_signups s WHERE s.volunteer_id = v.id AND s.status <> 'cancelled' AND (s.event_id = ? OR "
        "s.event_id IN (SELECT o.id FROM volunteer_events o WHERE o.status IN ('open', 'closed') AND o.starts_at < ? "
        "AND o.ends_at > ?))) HAVING ? = '' OR matched > 0 ORDER BY matched DESC, served, v.id LIMIT ?";
    struct db_param p[] = {P_STR(e->skills), P_STR(office),       P_I64(weekday_bit), P_I64(part_bit), P_I64(e->id),
                           P_STR(e->ends_at), P_STR(e->starts_at), P_STR(e->skills),   P_I64(limit)};
    return db_exec(db, sql, p, 9, rows, NULL, NULL);
}

/* ---- sign-ups ---- */

#define SIGNUP_COLS                                                                                 \
    "id, event_id, volunteer_id, status, IFNULL(DATE_FORMAT(checked_in_at, '%Y-%m-%d %H:%i:%s'), ''), " \
    "IFNULL(DATE_FORMAT(checked_out_at, '%Y-%m-%d %H:%i:%s'), '')"

static enum yh_err signup_one(struct db *db, const char *sql, const struct db_param *p, size_t n, struct signup *s)
{
    struct db_rows r;
    enum yh_err err = db_exec_row(db, sql, p, n, &r);
    if (err == YH_OK) {
        memset(s, 0, sizeof(*s));
        s->id = db_i64(&r, 0, 0);
        s->event_id = db_i64(&r, 0, 1);
        s->volunteer_id = db_i64(&r, 0, 2);
        DB_CP(s->status, db_str(&r, 0, 3));
        DB_CP(s->checked_in_at, db_str(&r, 0, 4));
        DB_CP(s->checked_out_at, db_str(&r, 0, 5));
        db_rows_free(&r);
    }
    return err;
}

enum yh_err signups_db_get(struct db *db, const char *office, int64_t event_id, int64_t id, struct signup *s)
{
    static const char sql[] = "SELECT " SIGNUP_COLS " FROM volunteer_signups WHERE office_code = ? AND event_id = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(event_id), P_I64(id)};
    return signup_one(db, sql, p, 3, s);
}

enum yh_err signups_db_open(struct db *db, int64_t event_id, int64_t volunteer_id, struct signup *s)
{
    static const char sql[] = "SELECT " SIGNUP_COLS " FROM volunteer_signups WHERE event_id = ? AND volunteer_id = ? "
                              "AND status <> 'cancelled'";
    struct db_param p[] = {P_I64(event_id), P_I64(volunteer_id)};
    return signup_one(db, sql, p, 2, s);
}

enum yh_err signups_db_insert(struct db *db, const char *office, int64_t event_id, int64_t volunteer_id,
                              const char *status, int64_t *id)
{
    static const char sql[] = "INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(event_id), P_I64(volunteer_id), P_STR(status)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err signups_db_set_status(struct db *db, int64_t id, const char *status)
{
    static const char sql[] = "UPDATE volunteer_signups SET status = ?, updated_at = NOW(3) WHERE id = ?";
    struct db_param p[] = {P_STR(status), P_I64(id)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err signups_db_overlaps(struct db *db, int64_t volunteer_id, int64_t event_id, const char *starts,
                                const char *ends, int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM volunteer_signups s JOIN volunteer_events e ON e.id = s.event_id "
                              "WHERE s.volunteer_id = ? AND s.status <> 'cancelled' AND s.event_id <> ? "
                              "AND e.status IN ('open', 'closed') AND e.starts_at < ? AND e.ends_at > ?";
    struct db_param p[] = {P_I64(volunteer_id), P_I64(event_id), P_STR(ends), P_STR(starts)};
    return one_int(db, sql, p, 4, n);
}

enum yh_err signups_db_first_waitlisted(struct db *db, int64_t event_id, int64_t *id)
{
    static const char sql[] = "SELECT id FROM volunteer_signups WHERE event_id = ? AND status = 'waitlisted' "
                              "ORDER BY id LIMIT 1";
    struct db_param p[] = {P_I64(event_id)};
    return one_int(db, sql, p, 1, id);
}

enum yh_err signups_db_position(struct db *db, int64_t event_id, int64_t id, int64_t *pos)
{
    static const char sql[] = "SELECT COUNT(*) FROM volunteer_signups WHERE event_id = ? AND status = 'waitlisted' AND id <= ?";
    struct db_param p[] = {P_I64(event_id), P_I64(id)};
    return one_int(db, sql, p, 2, pos);
}

enum yh_err signups_db_list(struct db *db, int64_t event_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT s.id, s.volunteer_id, v.name, s.status, " SQL_TS("s.checked_in_at") ", "
                              SQL_TS("s.checked_out_at") ", " SQL_TS("s.created_at") " FROM volunteer_signups s JOIN volunteers v "
                              "ON v.id = s.volunteer_id WHERE s.event_id = ? ORDER BY s.id LIMIT 2000";
    struct db_param p[] = {P_I64(event_id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err signups_db_check(struct db *db, int64_t id, bool in, const char *at)
{
    static const char sql_in[] = "UPDATE volunteer_signups SET checked_in_at = ?, updated_at = NOW(3) WHERE id = ?";
    static const char sql_out[] = "UPDATE volunteer_signups SET checked_out_at = ?, updated_at = NOW(3) WHERE id = ?";
    struct db_param p[] = {P_STR(at), P_I64(id)};
    return db_exec(db, in ? sql_in : sql_out, p, 2, NULL, NULL, NULL);
}

enum yh_err checkin_code_db_use(struct db *db, const char *office, const unsigned char hash[32],
                                int64_t volunteer_id, int64_t event_id, const char *at)
{
    static const char ins[] =
        "INSERT INTO checkin_code_uses (code_hash, volunteer_id, office_code, event_id, used_at) "
        "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_BLOB(hash, 32), P_I64(volunteer_id), P_STR(office), P_I64(event_id), P_STR(at)};
    return db_exec(db, ins, p, 5, NULL, NULL, NULL);
}

enum yh_err checkin_code_db_prune(struct db *db, const char *at)
{
    static const char sql[] =
        "DELETE FROM checkin_code_uses WHERE used_at < CAST(? AS DATETIME) - INTERVAL 1 DAY "
        "LIMIT 100";
    struct db_param p[] = {P_STR(at)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}

/* ---- hours and the ledger ---- */

enum yh_err hours_db_insert(struct db *db, const char *office, const struct vhours *h, const char *note, int64_t *id)
{
    static const char sql[] = "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, "
                              "status, note, served_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),     P_I64(h->volunteer_id), P_I64(h->event_id),
                           h->team_id ? P_I64(h->team_id) : P_NULL, P_I64(h->minutes),
                           P_STR(h->source),  P_STR(h->status),       P_OPT(note),
                           P_STR(h->served_on)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err hours_db_get_for_update(struct db *db, const char *office, int64_t id, struct vhours *h)
{
    static const char sql[] = "SELECT id, volunteer_id, event_id, IFNULL(team_id, 0), minutes, source, status, served_on "
                              "FROM volunteer_hours WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows r;
    enum yh_err err = db_exec_row(db, sql, p, 2, &r);
    if (err == YH_OK) {
        memset(h, 0, sizeof(*h));
        h->id = db_i64(&r, 0, 0);
        h->volunteer_id = db_i64(&r, 0, 1);
        h->event_id = db_i64(&r, 0, 2);
        h->team_id = db_i64(&r, 0, 3);
        h->minutes = db_i64(&r, 0, 4);
        DB_CP(h->source, db_str(&r, 0, 5));
        DB_CP(h->status, db_str(&r, 0, 6));
        DB_CP(h->served_on, db_str(&r, 0, 7));
        db_rows_free(&r);
    }
    return err;
}

enum yh_err hours_db_decide(struct db *db, int64_t id, const char *status, const char *by)
{
    static const char sql[] = "UPDATE volunteer_hours SET status = ?, decided_by = ?, decided_at = NOW(3) WHERE id = ?";
    struct db_param p[] = {P_STR(status), P_STR(by), P_I64(id)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err hours_db_list(struct db *db, const char *office, const char *status, int64_t volunteer_id,
                          int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT h.id, h.volunteer_id, v.name, h.event_id, e.title, h.minutes, h.source, h.status, h.note, h.served_on, "
        SQL_TS("h.created_at") " FROM volunteer_hours h JOIN volunteers v ON v.id = h.volunteer_id JOIN volunteer_events e "
        "ON e.id = h.event_id WHERE h.office_code = ? AND (? IS NULL OR h.status = ?) AND (? = 0 OR h.volunteer_id = ?) "
        "AND h.id > ? ORDER BY h.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_OPT(status), P_OPT(status), P_I64(volunteer_id), P_I64(volunteer_id),
                           P_I64(after), P_I64(limit + 1)};
    return db_exec(db, sql, p, 7, rows, NULL, NULL);
}

enum yh_err ledger_db_append(struct db *db, const char *office, int64_t volunteer_id, int64_t *balance,
                             int64_t delta, const char *kind, int64_t hours_id, const char *note, const char *by,
                             int64_t *id)
{
    static const char ins[] = "INSERT INTO points_ledger (office_code, volunteer_id, delta, kind, hours_id, note, "
                              "balance_after, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static const char upd[] = "UPDATE volunteers SET points_balance = ? WHERE id = ?";
    int64_t after = *balance + delta;
    uint64_t nid = 0;
    if (after < 0) {
        return YH_ERR_CONFLICT;
    }
    struct db_param p[] = {P_STR(office), P_I64(volunteer_id), P_I64(delta), P_STR(kind),
                           hours_id ? P_I64(hours_id) : P_NULL, P_OPT(note), P_I64(after), P_STR(by)};
    struct db_param q[] = {P_I64(after), P_I64(volunteer_id)};
    enum yh_err err = db_exec(db, ins, p, 8, NULL, NULL, &nid);
    if (err == YH_OK) {
        err = db_exec(db, upd, q, 2, NULL, NULL, NULL);
    }
    if (err == YH_OK) {
        *balance = after;
        *id = (int64_t)nid;
    }
    return err;
}

enum yh_err ledger_db_list(struct db *db, int64_t volunteer_id, int64_t before, int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT id, delta, kind, hours_id, note, balance_after, created_by, " SQL_TS("created_at")
                              " FROM points_ledger WHERE volunteer_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?";
    struct db_param p[] = {P_I64(volunteer_id), P_I64(before), P_I64(before), P_I64(limit + 1)};
    return db_exec(db, sql, p, 4, rows, NULL, NULL);
}

enum yh_err offices_db_points_per_hour(struct db *db, const char *office, int64_t *pph)
{
    static const char sql[] = "SELECT points_per_hour FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    return one_int(db, sql, p, 1, pph);
}

/* ---- leaderboard and reports ---- */

enum yh_err leaderboard_db(struct db *db, const char *office, const char *by, const char *from, const char *to,
                           int limit, struct db_rows *rows)
{
    static const char vol[] =
        "SELECT v.id, v.name, SUM(h.minutes) m, COUNT(DISTINCT h.event_id) FROM volunteer_hours h JOIN volunteers v "
        "ON v.id = h.volunteer_id WHERE h.office_code = ? AND h.status = 'confirmed' AND h.served_on >= ? AND "
        "h.served_on < ? GROUP BY v.id, v.name ORDER BY m DESC, v.id LIMIT ?";
    static const char team[] =
        "SELECT t.id, t.name, SUM(h.minutes) m, COUNT(DISTINCT h.event_id) FROM volunteer_hours h JOIN volunteer_teams t "
        "ON t.id = h.team_id WHERE h.office_code = ? AND h.status = 'confirmed' AND h.served_on >= ? AND "
        "h.served_on < ? GROUP BY t.id, t.name ORDER BY m DESC, t.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to), P_I64(limit)};
    return db_exec(db, strcmp(by, "team") == 0 ? team : vol, p, 4, rows, NULL, NULL);
}

enum yh_err report_db(struct db *db, const char *office, const char *by, const char *from, const char *to,
                      struct db_rows *rows)
{
    static const char team[] =
        "SELECT IFNULL(h.team_id, 0), IFNULL(t.name, '(no team)'), SUM(h.minutes), COUNT(DISTINCT h.volunteer_id), "
        "COUNT(DISTINCT h.event_id) FROM volunteer_hours h LEFT JOIN volunteer_teams t ON t.id = h.team_id "
        "WHERE h.office_code = ? AND h.status = 'confirmed' AND h.served_on >= ? AND h.served_on < ? "
        "GROUP BY h.team_id, t.name ORDER BY 1 LIMIT 5000";
    static const char month[] =
        "SELECT DATE_FORMAT(h.served_on, '%Y-%m') k, DATE_FORMAT(h.served_on, '%Y-%m'), SUM(h.minutes), "
        "COUNT(DISTINCT h.volunteer_id), COUNT(DISTINCT h.event_id) FROM volunteer_hours h WHERE h.office_code = ? "
        "AND h.status = 'confirmed' AND h.served_on >= ? AND h.served_on < ? GROUP BY k ORDER BY k LIMIT 5000";
    static const char event[] =
        "SELECT h.event_id, e.title, SUM(h.minutes), COUNT(DISTINCT h.volunteer_id), 1 FROM volunteer_hours h "
        "JOIN volunteer_events e ON e.id = h.event_id WHERE h.office_code = ? AND h.status = 'confirmed' AND "
        "h.served_on >= ? AND h.served_on < ? GROUP BY h.event_id, e.title ORDER BY 1 LIMIT 5000";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    const char *sql = strcmp(by, "team") == 0 ? team : strcmp(by, "month") == 0 ? month : event;
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

/* ---- honours ---- */

enum yh_err vhonours_db_insert(struct db *db, const char *office, int64_t year, const char *title,
                               int64_t volunteer_id, int64_t team_id, const char *citation, int64_t *id)
{
    static const char sql[] = "INSERT INTO volunteer_honours (office_code, year, title, volunteer_id, team_id, citation) "
                              "VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(year), P_STR(title), volunteer_id ? P_I64(volunteer_id) : P_NULL,
                           team_id ? P_I64(team_id) : P_NULL, P_OPT(citation)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 6, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err vhonours_db_list(struct db *db, const char *office, int64_t year, struct db_rows *rows)
{
    static const char sql[] = "SELECT h.id, h.year, h.title, h.volunteer_id, v.name, h.team_id, t.name, h.citation "
                              "FROM volunteer_honours h LEFT JOIN volunteers v ON v.id = h.volunteer_id "
                              "LEFT JOIN volunteer_teams t ON t.id = h.team_id WHERE h.office_code = ? "
                              "AND (? = 0 OR h.year = ?) ORDER BY h.year DESC, h.id LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_I64(year), P_I64(year)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

enum yh_err vhonours_db_delete(struct db *db, const char *office, int64_t id)
{
    static const char sql[] = "DELETE FROM volunteer_honours WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 2, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}

/* ---- needs ---- */

#define NEED_COLS                                                                                        \
    "id, title, description, requester, contact, " SQL_TS("starts_at") ", " SQL_TS("ends_at") ", place, capacity, " \
    "skills, status, team_id, event_id, posted_by, version, " SQL_TS("created_at")

enum yh_err needs_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " NEED_COLS " FROM volunteer_needs WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err needs_db_list(struct db *db, const char *office, const char *status, const char *posted_by,
                          int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT " NEED_COLS " FROM volunteer_needs WHERE office_code = ? AND (? IS NULL OR status = ?) "
                              "AND (? IS NULL OR posted_by = ?) AND id > ? ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_OPT(status), P_OPT(status), P_OPT(posted_by), P_OPT(posted_by), P_I64(after),
                           P_I64(limit + 1)};
    return db_exec(db, sql, p, 7, rows, NULL, NULL);
}

enum yh_err needs_db_insert(struct db *db, const char *office, const struct vevent *e, const char *requester,
                            const char *contact, int64_t *id)
{
    static const char sql[] = "INSERT INTO volunteer_needs (office_code, title, description, requester, contact, starts_at, "
                              "ends_at, place, capacity, skills, posted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),      P_STR(e->title),   P_OPT(e->description), P_STR(requester),
                           P_OPT(contact),       P_STR(e->starts_at), P_STR(e->ends_at), P_STR(e->place),
                           P_I64(e->capacity), P_STR(e->skills),  P_STR(e->posted_by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 11, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err needs_db_move(struct db *db, const char *office, int64_t id, int64_t version, const char *from,
                          const char *to, int64_t team_id, int64_t event_id)
{
    static const char sql[] = "UPDATE volunteer_needs SET status = ?, team_id = IF(? = 0, team_id, ?), "
                              "event_id = IF(? = 0, event_id, ?), version = version + 1, updated_at = NOW(3) "
                              "WHERE office_code = ? AND id = ? AND version = ? AND FIND_IN_SET(status, ?) > 0";
    static const char state[] = "SELECT version, status FROM volunteer_needs WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(to),   P_I64(team_id),  P_I64(team_id), P_I64(event_id), P_I64(event_id),
                           P_STR(office), P_I64(id), P_I64(version), P_STR(from)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, &affected, NULL);
    if (err != YH_OK || affected == 1) {
        return err;
    }
    struct db_rows r;
    struct db_param q[] = {P_STR(office), P_I64(id)};
    err = db_exec_row(db, state, q, 2, &r);
    if (err != YH_OK) {
        return err;
    }
    err = db_i64(&r, 0, 0) != version ? YH_ERR_PRECONDITION : YH_ERR_CONFLICT;
    db_rows_free(&r);
    return err;
}
