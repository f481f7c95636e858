/* Members, memberships and pairings of an office: every statement filters by office_code. */
#include "yinhui/members_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

#define OPTB(b, n) ((n) ? P_BLOB((b), (n)) : P_NULL)

#define MEMBER_COLS                                                                                   \
    "m.id, m.office_code, m.name, m.gender, m.birth_date, m.id_hmac, m.id_enc, m.phone_enc, "         \
    "m.address_enc, m.health_enc, m.health_idx, m.residence_code, m.relocated, m.joined_on, "          \
    "m.category, m.work_unit, m.status, m.status_on, m.transferred_to, m.notes, IFNULL(m.branch_id, 0), " \
    "IFNULL(b.name, ''), IFNULL(m.liaison_id, 0), m.version, " SQL_TS("m.created_at") ", " SQL_TS("m.updated_at") ", m.hardship"
#define MEMBER_FROM " FROM members m LEFT JOIN branches b ON b.id = m.branch_id "

static void blob(const struct db_rows *r, size_t i, size_t c, unsigned char *dst, size_t cap, size_t *len)
{
    size_t n = db_str(r, i, c) ? db_len(r, i, c) : 0;
    if (n > cap) {
        n = 0; /* cannot happen with the column sizes; treat as absent */
    }
    if (n > 0) {
        memcpy(dst, db_str(r, i, c), n);
    }
    if (len != NULL) {
        *len = n;
    }
}

static void member_from_row(const struct db_rows *r, size_t i, struct member *m)
{
    memset(m, 0, sizeof(*m));
    m->id = db_i64(r, i, 0);
    DB_CP(m->office, db_str(r, i, 1));
    DB_CP(m->name, db_str(r, i, 2));
    DB_CP(m->gender, db_str(r, i, 3));
    DB_CP(m->birth_date, db_str(r, i, 4));
    blob(r, i, 5, m->id_hmac, sizeof(m->id_hmac), NULL);
    blob(r, i, 6, m->id_enc, sizeof(m->id_enc), &m->id_enc_len);
    blob(r, i, 7, m->phone_enc, sizeof(m->phone_enc), &m->phone_enc_len);
    blob(r, i, 8, m->address_enc, sizeof(m->address_enc), &m->address_enc_len);
    blob(r, i, 9, m->health_enc, sizeof(m->health_enc), &m->health_enc_len);
    blob(r, i, 10, m->health_idx, sizeof(m->health_idx), NULL);
    DB_CP(m->residence_code, db_str(r, i, 11));
    m->relocated = db_i64(r, i, 12) != 0;
    DB_CP(m->joined_on, db_str(r, i, 13));
    DB_CP(m->category, db_str(r, i, 14));
    DB_CP(m->work_unit, db_str(r, i, 15));
    DB_CP(m->status, db_str(r, i, 16));
    DB_CP(m->status_on, db_str(r, i, 17));
    DB_CP(m->transferred_to, db_str(r, i, 18));
    DB_CP(m->notes, db_str(r, i, 19));
    m->branch_id = db_i64(r, i, 20);
    DB_CP(m->branch_name, db_str(r, i, 21));
    m->liaison_id = db_i64(r, i, 22);
    m->version = db_i64(r, i, 23);
    DB_CP(m->created_at, db_str(r, i, 24));
    DB_CP(m->updated_at, db_str(r, i, 25));
    m->hardship = db_i64(r, i, 26) != 0;
}

static enum yh_err get_one(struct db *db, const char *sql, const struct db_param *p, size_t np, struct member *m)
{
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, np, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows == 0) {
        err = YH_ERR_NOT_FOUND;
    } else {
        member_from_row(&rows, 0, m);
    }
    db_rows_free(&rows);
    return err;
}

enum yh_err members_db_get(struct db *db, const char *office, int64_t id, struct member *m)
{
    static const char sql[] = "SELECT " MEMBER_COLS MEMBER_FROM "WHERE m.office_code = ? AND m.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return get_one(db, sql, p, 2, m);
}

enum yh_err members_db_get_for_update(struct db *db, const char *office, int64_t id, struct member *m)
{
    static const char lock[] = "SELECT id FROM members WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, lock, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    db_rows_free(&rows);
    return members_db_get(db, office, id, m);
}

enum yh_err members_db_by_hmac(struct db *db, const char *office, const unsigned char h[32], struct member *m)
{
    static const char sql[] = "SELECT " MEMBER_COLS MEMBER_FROM "WHERE m.office_code = ? AND m.id_hmac = ?";
    struct db_param p[] = {P_STR(office), P_BLOB(h, 32)};
    return get_one(db, sql, p, 2, m);
}

enum yh_err members_db_insert(struct db *db, const struct member *m, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO members (office_code, name, gender, birth_date, id_hmac, id_enc, phone_enc, address_enc, "
        "health_enc, health_idx, residence_code, relocated, joined_on, category, work_unit, status, status_on, "
        "transferred_to, notes, hardship) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(m->office),
                           P_STR(m->name),
                           P_STR(m->gender),
                           P_STR(m->birth_date),
                           P_BLOB(m->id_hmac, 32),
                           P_BLOB(m->id_enc, m->id_enc_len),
                           OPTB(m->phone_enc, m->phone_enc_len),
                           OPTB(m->address_enc, m->address_enc_len),
                           P_BLOB(m->health_enc, m->health_enc_len),
                           P_BLOB(m->health_idx, 8),
                           P_OPT(m->residence_code),
                           P_I64(m->relocated),
                           P_OPT(m->joined_on),
                           P_STR(m->category),
                           P_OPT(m->work_unit),
                           P_STR(m->status[0] ? m->status : "active"),
                           P_OPT(m->status_on),
                           P_OPT(m->transferred_to),
                           P_OPT(m->notes),
                           P_I64(m->hardship)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 20, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err members_db_update(struct db *db, const struct member *m, int64_t version)
{
    static const char sql[] =
        "UPDATE members SET name = ?, gender = ?, birth_date = ?, id_hmac = ?, id_enc = ?, phone_enc = ?, "
        "address_enc = ?, health_enc = ?, health_idx = ?, residence_code = ?, relocated = ?, joined_on = ?, "
        "category = ?, work_unit = ?, notes = ?, hardship = ?, version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM members WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(m->name),
                           P_STR(m->gender),
                           P_STR(m->birth_date),
                           P_BLOB(m->id_hmac, 32),
                           P_BLOB(m->id_enc, m->id_enc_len),
                           OPTB(m->phone_enc, m->phone_enc_len),
                           OPTB(m->address_enc, m->address_enc_len),
                           P_BLOB(m->health_enc, m->health_enc_len),
                           P_BLOB(m->health_idx, 8),
                           P_OPT(m->residence_code),
                           P_I64(m->relocated),
                           P_OPT(m->joined_on),
                           P_STR(m->category),
                           P_OPT(m->work_unit),
                           P_OPT(m->notes),
                           P_I64(m->hardship),
                           P_STR(m->office),
                           P_I64(m->id),
                           P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 19, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, m->office, m->id);
}

enum yh_err members_db_close(struct db *db, const char *office, int64_t id, const char *status, const char *on,
                             const char *transferred_to)
{
    static const char upd[] = "UPDATE members SET status = ?, status_on = ?, transferred_to = ?, branch_id = NULL, "
                              "liaison_id = NULL, version = version + 1, updated_at = NOW(3) "
                              "WHERE office_code = ? AND id = ?";
    static const char end[] = "UPDATE memberships SET ended_on = ?, end_reason = ? WHERE office_code = ? "
                              "AND member_id = ? AND ended_on IS NULL";
    static const char unpair[] = "UPDATE members SET liaison_id = NULL, version = version + 1, updated_at = NOW(3) "
                                 "WHERE office_code = ? AND liaison_id = ?";
    static const char seats[] = "DELETE FROM branch_committee WHERE member_id = ?";
    struct db_param p1[] = {P_STR(status), P_STR(on), transferred_to ? P_STR(transferred_to) : P_NULL,
                            P_STR(office), P_I64(id)};
    struct db_param p2[] = {P_STR(on), P_STR(status), P_STR(office), P_I64(id)};
    struct db_param p3[] = {P_STR(office), P_I64(id)};
    struct db_param p4[] = {P_I64(id)};
    enum yh_err err = db_exec(db, upd, p1, 5, NULL, NULL, NULL);
    if (err == YH_OK) {
        err = db_exec(db, end, p2, 4, NULL, NULL, NULL);
    }
    if (err == YH_OK) {
        err = db_exec(db, unpair, p3, 2, NULL, NULL, NULL);
    }
    if (err == YH_OK) {
        err = db_exec(db, seats, p4, 1, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err members_db_list(struct db *db, const char *office, const struct member_filter *f,
                            struct member **out, size_t *n)
{
    struct buf sql = {0};
    struct db_param p[16];
    size_t np = 0;
    struct db_rows rows;
    enum yh_err err;

    *out = NULL;
    *n = 0;
    buf_puts(&sql, "SELECT " MEMBER_COLS MEMBER_FROM "WHERE m.office_code = ?");
    p[np++] = P_STR(office);
    if (f->branch_id) {
        buf_puts(&sql, " AND m.branch_id = ?");
        p[np++] = P_I64(f->branch_id);
    }
    if (f->status == NULL) {
        buf_puts(&sql, " AND m.status = 'active'");
    } else if (strcmp(f->status, "all") != 0) {
        buf_puts(&sql, " AND m.status = ?");
        p[np++] = P_STR(f->status);
    }
    buf_puts(&sql, " AND m.id > ?");
    p[np++] = P_I64(f->after_id);
    if (f->category) {
        buf_puts(&sql, " AND m.category = ?");
        p[np++] = P_STR(f->category);
    }
    if (f->has_health) {
        buf_puts(&sql, " AND m.health_idx = ?");
        p[np++] = P_BLOB(f->health_idx, 8);
    }
    if (f->relocated >= 0) {
        buf_puts(&sql, " AND m.relocated = ?");
        p[np++] = P_I64(f->relocated);
    }
    if (f->joined_before) {
        buf_puts(&sql, " AND m.joined_on < ?");
        p[np++] = P_STR(f->joined_before);
    }
    if (f->joined_after) {
        buf_puts(&sql, " AND m.joined_on >= ?");
        p[np++] = P_STR(f->joined_after);
    }
    if (f->born_before) {
        buf_puts(&sql, " AND m.birth_date <= ?");
        p[np++] = P_STR(f->born_before);
    }
    if (f->born_after) {
        buf_puts(&sql, " AND m.birth_date > ?");
        p[np++] = P_STR(f->born_after);
    }
    if (f->name_contains) {
        buf_puts(&sql, " AND INSTR(m.name, ?) > 0");
        p[np++] = P_STR(f->name_contains);
    }
    if (f->unpaired) {
        buf_puts(&sql, " AND m.liaison_id IS NULL AND m.category IN ('lixiu', 'retired')");
    }
    buf_puts(&sql, " ORDER BY m.id LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    err = db_exec(db, sql.data, p, np, &rows, NULL, NULL);
    buf_free(&sql);
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows > 0) {
        *out = calloc(rows.nrows, sizeof(**out));
        for (size_t i = 0; i < rows.nrows; i++) {
            member_from_row(&rows, i, &(*out)[i]);
        }
    }
    *n = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err members_db_in_branch(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                 bool *in)
{
    static const char sql[] = "SELECT 1 FROM memberships WHERE office_code = ? AND member_id = ? AND branch_id = ? "
                              "AND ended_on IS NULL LIMIT 1";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(branch_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *in = rows.nrows > 0;
    db_rows_free(&rows);
    return YH_OK;
}

/* ---- memberships ---- */

#define MS_COLS                                                                                      \
    "s.id, s.member_id, s.branch_id, b.name, s.kind, s.started_on, s.ended_on, s.end_reason FROM " \
    "memberships s JOIN branches b ON b.id = s.branch_id "

static void ms_from_row(const struct db_rows *r, size_t i, struct membership *ms)
{
    memset(ms, 0, sizeof(*ms));
    ms->id = db_i64(r, i, 0);
    ms->member_id = db_i64(r, i, 1);
    ms->branch_id = db_i64(r, i, 2);
    DB_CP(ms->branch_name, db_str(r, i, 3));
    DB_CP(ms->kind, db_str(r, i, 4));
    DB_CP(ms->started_on, db_str(r, i, 5));
    DB_CP(ms->ended_on, db_str(r, i, 6));
    DB_CP(ms->end_reason, db_str(r, i, 7));
}

enum yh_err memberships_db_list(struct db *db, const char *office, int64_t member_id, struct membership **out,
                                size_t *n)
{
    static const char sql[] = "SELECT " MS_COLS "WHERE s.office_code = ? AND s.member_id = ? ORDER BY s.id LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_I64(member_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    *out = NULL;
    *n = 0;
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows > 0) {
        *out = calloc(rows.nrows, sizeof(**out));
        for (size_t i = 0; i < rows.nrows; i++) {
            ms_from_row(&rows, i, &(*out)[i]);
        }
    }
    *n = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err memberships_db_get(struct db *db, const char *office, int64_t member_id, int64_t id,
                               struct membership *ms)
{
    static const char sql[] = "SELECT " MS_COLS "WHERE s.office_code = ? AND s.member_id = ? AND s.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows == 0) {
        err = YH_ERR_NOT_FOUND;
    } else {
        ms_from_row(&rows, 0, ms);
    }
    db_rows_free(&rows);
    return err;
}

enum yh_err memberships_db_add(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                               const char *kind, const char *on, int64_t *id)
{
    static const char sql[] = "INSERT INTO memberships (office_code, member_id, branch_id, kind, started_on) "
                              "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(branch_id), P_STR(kind), P_STR(on)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err memberships_db_move_primary(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                        const char *on, int64_t *id)
{
    static const char end[] = "UPDATE memberships SET ended_on = ?, end_reason = 'moved' WHERE office_code = ? "
                              "AND member_id = ? AND kind = 'primary' AND ended_on IS NULL";
    static const char mirror[] = "UPDATE members SET branch_id = ?, version = version + 1, updated_at = NOW(3) "
                                 "WHERE office_code = ? AND id = ?";
    struct db_param p1[] = {P_STR(on), P_STR(office), P_I64(member_id)};
    struct db_param p2[] = {P_I64(branch_id), P_STR(office), P_I64(member_id)};
    enum yh_err err = db_exec(db, end, p1, 3, NULL, NULL, NULL);
    if (err == YH_OK) {
        err = memberships_db_add(db, office, member_id, branch_id, "primary", on, id);
    }
    if (err == YH_OK) {
        err = db_exec(db, mirror, p2, 3, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err memberships_db_end(struct db *db, const char *office, int64_t id, const char *on, const char *reason)
{
    static const char sql[] = "UPDATE memberships SET ended_on = ?, end_reason = ? WHERE office_code = ? AND id = ? "
                              "AND ended_on IS NULL";
    struct db_param p[] = {P_STR(on), reason ? P_STR(reason) : P_NULL, P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    if (err == YH_OK && affected != 1) {
        err = YH_ERR_CONFLICT;
    }
    return err;
}

enum yh_err memberships_db_roster(struct db *db, const char *office, int64_t branch_id, int64_t after_member_id,
                                  int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.id, m.name, s.kind, s.started_on, m.category, m.status, m.gender, m.birth_date FROM memberships s "
        "JOIN members m ON m.id = s.member_id WHERE s.office_code = ? AND s.branch_id = ? AND s.ended_on IS NULL "
        "AND s.member_id > ? ORDER BY s.member_id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(after_member_id), P_I64(limit + 1)};
    return db_exec(db, sql, p, 4, rows, NULL, NULL);
}

/* ---- pairing ---- */

enum yh_err members_db_count_paired(struct db *db, const char *office, int64_t liaison_id, int64_t *n)
{
    static const char lock[] = "SELECT id FROM members WHERE office_code = ? AND id = ? FOR UPDATE";
    static const char sql[] = "SELECT COUNT(*) FROM members WHERE office_code = ? AND liaison_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(liaison_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, lock, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    db_rows_free(&rows);
    err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *n = db_i64(&rows, 0, 0);
    db_rows_free(&rows);
    return YH_OK;
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
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *cap = rows.nrows ? db_i64(&rows, 0, 0) : 30;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err branches_db_secretary(struct db *db, int64_t branch_id, int64_t *member_id)
{
    static const char sql[] = "SELECT member_id FROM branch_committee WHERE secretary_of = ?";
    struct db_param p[] = {P_I64(branch_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *member_id = rows.nrows ? db_i64(&rows, 0, 0) : 0;
    db_rows_free(&rows);
    return YH_OK;
}

/* ---- key rotation ---- */

enum yh_err members_db_stale_keys(struct db *db, int key_id, int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT id, office_code FROM members WHERE id > ? AND (ASCII(SUBSTRING(id_enc, 3, 1)) <> ? OR "
        "ASCII(SUBSTRING(health_enc, 3, 1)) <> ? OR (phone_enc IS NOT NULL AND ASCII(SUBSTRING(phone_enc, 3, 1)) <> ?) "
        "OR (address_enc IS NOT NULL AND ASCII(SUBSTRING(address_enc, 3, 1)) <> ?)) ORDER BY id LIMIT ?";
    struct db_param p[] = {P_I64(after), P_I64(key_id), P_I64(key_id), P_I64(key_id), P_I64(key_id), P_I64(limit)};
    return db_exec(db, sql, p, 6, rows, NULL, NULL);
}

enum yh_err members_db_reseal(struct db *db, const struct member *m)
{
    static const char sql[] = "UPDATE members SET id_enc = ?, phone_enc = ?, address_enc = ?, health_enc = ? "
                              "WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_BLOB(m->id_enc, m->id_enc_len), OPTB(m->phone_enc, m->phone_enc_len),
                           OPTB(m->address_enc, m->address_enc_len), P_BLOB(m->health_enc, m->health_enc_len),
                           P_STR(m->office), P_I64(m->id)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}
