/* Volunteers' profiles, skills and service totals: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/name_search.h"
#include "yinhui/util.h"

enum yh_err vol_db_move(struct db *db, const char *sql, const struct db_param *p, size_t n, const char *state,
                        const char *office, int64_t id, int64_t version)
{
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, n, NULL, &affected, NULL);
    if (err != YH_OK || affected == 1) {
        return err;
    }
    struct db_rows r;
    struct db_param q[] = {P_STR(office), P_I64(id)};
    err = db_exec_row(db, state, q, 2, &r);
    if (err == YH_OK) {
        err = db_i64(&r, 0, 0) != version ? YH_ERR_PRECONDITION : YH_ERR_CONFLICT;
        db_rows_free(&r);
    }
    return err;
}

/* ---- volunteers ---- */

/* The mapped columns, then the phone's two blobs. */
#define VOL_COLS                                                                                             \
    "id, office_code, IFNULL(volunteer_no, ''), IFNULL(member_id, 0), name, gender, IFNULL(birth_year, 0), " \
    "skills, weekdays, "                                                                                     \
    "day_parts, status, points_balance, version, " SQL_TS("created_at") ", " SQL_TS(                         \
        "updated_at") ", "                                                                                   \
                      "(SELECT COUNT(*) FROM volunteer_signups ns WHERE ns.volunteer_id = volunteers.id "    \
                      "AND ns.no_show_at IS NOT NULL AND NOT " SIGNUP_SERVED(                                \
                          "ns") "), phone_enc, phone_hmac"

const struct fm volunteer_map[] = {
    FM(FM_ID, "id", struct volunteer, id),
    FM(FM_STR, "office", struct volunteer, office),
    FM(FM_STR, "volunteer_no", struct volunteer, volunteer_no),
    FM(FM_ID, "member_id", struct volunteer, member_id),
    FM(FM_STR, "name", struct volunteer, name),
    FM(FM_OPT, "gender", struct volunteer, gender),
    FM(FM_INT, NULL, struct volunteer, birth_year),
    FM(FM_STR, NULL, struct volunteer, skills),
    FM(FM_INT, NULL, struct volunteer, weekdays),
    FM(FM_INT, NULL, struct volunteer, day_parts),
    FM(FM_STR, "status", struct volunteer, status),
    FM(FM_INT, "points_balance", struct volunteer, points_balance),
    FM(FM_INT, "version", struct volunteer, version),
    FM(FM_STR, "created_at", struct volunteer, created_at),
    FM(FM_STR, "updated_at", struct volunteer, updated_at),
    FM(FM_INT, "no_shows", struct volunteer, no_shows), /* issue 16, h4: from the sign-ups */
};
const size_t volunteer_map_len = ARRAY_LEN(volunteer_map);

/* How volunteer_one finds its row. */
enum volunteer_key {
    BY_ID,
    BY_ID_LOCKED, /* and locks it (inside a transaction) */
    BY_MEMBER,
};

/* The volunteer of office whose id (or member_id, by key) is k into v. */
static enum yh_err volunteer_one(struct db *db, const char *office, enum volunteer_key key, int64_t k,
                                 struct volunteer *v)
{
    static const char *const sql[] = {
        [BY_ID] = "SELECT " VOL_COLS " FROM volunteers " SQL_BY_ID " WHERE office_code = ? AND id = ?",
        [BY_ID_LOCKED] =
            "SELECT " VOL_COLS " FROM volunteers " SQL_BY_ID " WHERE office_code = ? AND id = ? FOR UPDATE",
        [BY_MEMBER] = "SELECT " VOL_COLS " FROM volunteers WHERE office_code = ? AND member_id = ?",
    };
    struct db_param p[] = {P_STR(office), P_I64(k)};
    struct db_rows rows;
    memset(v, 0, sizeof(*v));
    enum yh_err err = fm_one_extra(db, sql[key], p, 2, volunteer_map, volunteer_map_len, 2, v, &rows);
    if (err == YH_OK) {
        v->phone_enc_len = db_blob(&rows, 0, volunteer_map_len, v->phone_enc, sizeof(v->phone_enc));
        v->has_phone_hmac = db_blob(&rows, 0, volunteer_map_len + 1, v->phone_hmac, 32) == 32;
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err volunteers_db_get(struct db *db, const char *office, int64_t id, struct volunteer *v)
{
    return volunteer_one(db, office, BY_ID, id, v);
}

enum yh_err volunteers_db_get_for_update(struct db *db, const char *office, int64_t id, struct volunteer *v)
{
    return volunteer_one(db, office, BY_ID_LOCKED, id, v);
}

enum yh_err volunteers_db_by_member(struct db *db, const char *office, int64_t member_id, struct volunteer *v)
{
    return volunteer_one(db, office, BY_MEMBER, member_id, v);
}

/* The profile columns insert and update share, in their order (name, phone_enc,
 * phone_hmac, gender, birth_year, skills, weekdays, day_parts) into p[0..8). */
const struct keyed_table keyed_volunteers = {"volunteers", 1, {"name"}, {true}, NULL};

static void profile_params(const struct volunteer *v, struct db_param p[8])
{
    p[0] = P_STR(v->name);
    p[1] = v->phone_enc_len ? P_BLOB(v->phone_enc, v->phone_enc_len) : P_NULL;
    p[2] = v->has_phone_hmac ? P_BLOB(v->phone_hmac, 32) : P_NULL;
    p[3] = P_OPT(v->gender);
    p[4] = v->birth_year ? P_I64(v->birth_year) : P_NULL;
    p[5] = P_STR(v->skills);
    p[6] = P_I64(v->weekdays);
    p[7] = P_I64(v->day_parts);
}

enum yh_err volunteers_db_insert(struct db *db, const struct volunteer *v, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteers (office_code, member_id, name, phone_enc, phone_hmac, gender, "
        "birth_year, skills, weekdays, day_parts, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[11];
    p[0] = P_STR(v->office);
    p[1] = v->member_id ? P_I64(v->member_id) : P_NULL;
    profile_params(v, p + 2);
    p[10] = P_STR(v->status[0] ? v->status : "active");
    enum yh_err err = db_insert(db, sql, p, 11, id);
    const char *texts[] = {v->name};
    return err == YH_OK ? search_keys_write(db, &keyed_volunteers, v->office, *id, texts) : err;
}

enum yh_err volunteers_db_update(struct db *db, const struct volunteer *v, int64_t version)
{
    static const char sql[] =
        "UPDATE volunteers SET name = ?, phone_enc = ?, phone_hmac = ?, gender = ?, birth_year = ?, "
        "skills = ?, weekdays = ?, day_parts = ?, status = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM volunteers WHERE office_code = ? AND id = ?";
    struct db_param p[12];
    profile_params(v, p);
    p[8] = P_STR(v->status);
    p[9] = P_STR(v->office);
    p[10] = P_I64(v->id);
    p[11] = P_I64(version);
    enum yh_err err = db_update_one(db, sql, p, 12, exists, v->office, v->id);
    const char *texts[] = {v->name};
    return err == YH_OK ? search_keys_write(db, &keyed_volunteers, v->office, v->id, texts) : err;
}

enum yh_err volunteers_db_set_skills(struct db *db, const struct volunteer *v)
{
    static const char del[] = "DELETE FROM volunteer_skills WHERE volunteer_id = ?";
    static const char ins[] =
        "INSERT IGNORE INTO volunteer_skills (volunteer_id, office_code, skill) VALUES (?, ?, ?)";
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

static const struct jcol volunteers_list_cols[] = {
    {"id", JC_ID},         {"volunteer_no", JC_STR}, {"member_id", JC_ID},       {"name", JC_STR},
    {"gender", JC_STR},    {"birth_year", JC_INT},   {"skills", JC_STR},         {"weekdays", JC_INT},
    {"day_parts", JC_INT}, {"status", JC_STR},       {"points_balance", JC_INT}, {"service_minutes", JC_INT},
};
const struct view volunteers_list_view = VIEW(volunteers_list_cols);

enum yh_err volunteers_db_list(struct db *db, const char *office, const struct volunteer_filter *f,
                               struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[10];
    size_t np = 0;
    buf_puts(&sql,
             "SELECT v.id, v.volunteer_no, v.member_id, v.name, v.gender, v.birth_year, v.skills, "
             "v.weekdays, v.day_parts, "
             "v.status, v.points_balance, (SELECT IFNULL(SUM(h.minutes), 0) FROM volunteer_hours h WHERE "
             "h.volunteer_id = v.id AND " VHOURS_COUNTED ") FROM volunteers v WHERE v.office_code = ? "
             "AND v.id > ?");
    p[np++] = P_STR(office);
    p[np++] = P_I64(f->after_id);
    if (f->status) {
        buf_puts(&sql, " AND v.status = ?");
        p[np++] = P_STR(f->status);
    }
    if (f->team_id) {
        buf_puts(&sql,
                 " AND EXISTS (SELECT 1 FROM team_members m WHERE m.volunteer_id = v.id AND m.team_id = ?)");
        p[np++] = P_I64(f->team_id);
    }
    if (f->skill) {
        buf_puts(
            &sql,
            " AND EXISTS (SELECT 1 FROM volunteer_skills s WHERE s.volunteer_id = v.id AND s.skill = ?)");
        p[np++] = P_STR(f->skill);
    }
    if (f->name_query) {
        np = name_match_sql(&sql, p, np, "v", "name", f->name_query);
    }
    buf_puts(&sql, " ORDER BY v.id LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    enum yh_err err = view_fetch(db, &volunteers_list_view, sql.data, p, np, false, rows);
    buf_free(&sql);
    return err;
}

static const struct jcol volunteer_teams_cols[] = {{"id", JC_ID}, {"name", JC_STR}, {"role", JC_STR}};
const struct view volunteer_teams_view = VIEW(volunteer_teams_cols);

enum yh_err volunteers_db_teams(struct db *db, const char *office, int64_t volunteer_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT t.id, t.name, m.role FROM team_members m JOIN volunteer_teams t ON t.id = m.team_id "
        "WHERE t.office_code = ? AND m.volunteer_id = ? ORDER BY t.id";
    struct db_param p[] = {P_STR(office), P_I64(volunteer_id)};
    return view_fetch(db, &volunteer_teams_view, sql, p, 2, false, rows);
}

enum yh_err volunteers_db_totals(struct db *db, const char *office, int64_t volunteer_id, int64_t *minutes,
                                 int64_t *events)
{
    static const char sql[] =
        "SELECT IFNULL(SUM(h.minutes), 0), COUNT(DISTINCT IF(h.minutes > 0, h.event_id, "
        "NULL)) FROM volunteer_hours h WHERE h.office_code = ? AND h.volunteer_id = ? "
        "AND " VHOURS_COUNTED;
    struct db_param p[] = {P_STR(office), P_I64(volunteer_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err == YH_OK) {
        *minutes = db_i64(&rows, 0, 0);
        *events = db_i64(&rows, 0, 1);
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err volunteers_db_number(struct db *db, const char *office, int64_t id, char no[14])
{
    static const char sql[] = "SELECT volunteer_no FROM volunteers WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    no[0] = '\0';
    enum yh_err err = db_exec_row(db, sql, p, 2, &rows);
    if (err == YH_OK) {
        snprintf(no, 14, "%s", db_str(&rows, 0, 0) ? db_str(&rows, 0, 0) : "");
        db_rows_free(&rows);
    }
    return err;
}
