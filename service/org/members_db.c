/* Members, memberships and pairings of an office: every statement filters by office_code. */
#include "yinhui/members_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/name_search.h"
#include "yinhui/org_db.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define OPTB(b, n) ((n) ? P_BLOB((b), (n)) : P_NULL)

/* The plain columns first (member_map), then the sealed ones (read as blobs). */
/* BRANCH_NAME: how the statement reads the branch's name (joined, or a subquery that a
 * locking read does not lock). No IFNULLs: member_from_row reads a NULL id as 0 and a NULL
 * name as "" (each IFNULL cost MariaDB about 1.5k instructions a row). */
#define MEMBER_COLS_WITH(BRANCH_NAME)                                                                        \
    "m.id, m.office_code, m.name, m.gender, m.birth_date, m.residence_code, m.relocated, m.joined_on, "      \
    "m.category, m.work_unit, m.status, m.status_on, m.transferred_to, m.notes, m.branch_id, " BRANCH_NAME   \
    ", m.liaison_id, m.version, " SQL_TS("m.created_at") ", " SQL_TS(                                        \
        "m.updated_at") ", m.hardship, m.full_member_on, m.full_member_estimated, "                          \
                        "m.party_probation_until, m.medal_ineligible_reason, m.lunar_birthday, "             \
                        "m.treatment_level, "                                                                \
                        "m.former_position, m.nearby_consent, m.nearby_consent_on, "                         \
                        "m.managed_with_unit, m.managed_with_branch, m.id_hmac, "                            \
                        "m.id_enc, "                                                                         \
                        "m.phone_enc, m.address_enc, m.health_enc, "                                         \
                        "m.health_idx"
#define MEMBER_COLS MEMBER_COLS_WITH("b.name")
#define MEMBER_FROM " FROM members m LEFT JOIN branches b ON b.id = m.branch_id "
/* The same for a read of one member by id (see SQL_BY_ID). */
#define MEMBER_BY_ID " FROM members m " SQL_BY_ID " LEFT JOIN branches b ON b.id = m.branch_id "

/* The plain columns of MEMBER_COLS in order: each one's member and how the API shows it
 * (birth date, branch and the sealed fields are member_json's: they are masked or
 * nested). */
static const struct fm member_map[] = {
    FM(FM_ID, "id", struct member, id),
    FM(FM_STR, "office", struct member, office),
    FM(FM_STR, "name", struct member, name),
    FM(FM_STR, "gender", struct member, gender),
    FM(FM_STR, NULL, struct member, birth_date),
    FM(FM_OPT, "residence_code", struct member, residence_code),
    FM(FM_BOOL, "relocated", struct member, relocated),
    FM(FM_OPT, "joined_on", struct member, joined_on),
    FM(FM_STR, "category", struct member, category),
    FM(FM_OPT, "work_unit", struct member, work_unit),
    FM(FM_STR, "status", struct member, status),
    FM(FM_OPT, "status_on", struct member, status_on),
    FM(FM_OPT, "transferred_to", struct member, transferred_to),
    FM(FM_OPT, "notes", struct member, notes),
    FM(FM_ID, NULL, struct member, branch_id),
    FM(FM_STR, NULL, struct member, branch_name),
    FM(FM_ID, "liaison_id", struct member, liaison_id),
    FM(FM_INT, "version", struct member, version),
    FM(FM_STR, "created_at", struct member, created_at),
    FM(FM_STR, "updated_at", struct member, updated_at),
    FM(FM_BOOL, "hardship", struct member, hardship),
    FM(FM_OPT, "full_member_on", struct member, full_member_on),
    FM(FM_BOOL, "full_member_estimated", struct member, full_member_estimated),
    FM(FM_OPT, "party_probation_until", struct member, party_probation_until),
    FM(FM_OPT, "medal_ineligible_reason", struct member, medal_ineligible_reason),
    FM(FM_BOOL, "lunar_birthday", struct member, lunar_birthday),
    FM(FM_OPT, "treatment_level", struct member, treatment_level),
    FM(FM_OPT, "former_position", struct member, former_position),
    FM(FM_BOOL, "nearby_consent", struct member, nearby_consent),
    FM(FM_OPT, "nearby_consent_on", struct member, nearby_consent_on),
    FM(FM_OPT, "managed_with_unit", struct member, managed_with_unit),
    FM(FM_OPT, "managed_with_branch", struct member, managed_with_branch),
};
#define SEALED_AT ARRAY_LEN(member_map) /* the first sealed column */

void member_add_plain_json(cJSON *j, const struct member *m)
{
    fm_add_json(j, member_map, ARRAY_LEN(member_map), m);
}

/* A struct member from row i of MEMBER_COLS. */
static void member_from_row(const struct db_rows *r, size_t i, void *dst)
{
    struct member *m = dst;
    memset(m, 0, sizeof(*m));
    fm_from_row(r, i, member_map, ARRAY_LEN(member_map), m);
    db_blob(r, i, SEALED_AT, m->id_hmac, sizeof(m->id_hmac));
    m->id_enc_len = db_blob(r, i, SEALED_AT + 1, m->id_enc, sizeof(m->id_enc));
    m->phone_enc_len = db_blob(r, i, SEALED_AT + 2, m->phone_enc, sizeof(m->phone_enc));
    m->address_enc_len = db_blob(r, i, SEALED_AT + 3, m->address_enc, sizeof(m->address_enc));
    m->health_enc_len = db_blob(r, i, SEALED_AT + 4, m->health_enc, sizeof(m->health_enc));
    db_blob(r, i, SEALED_AT + 5, m->health_idx, sizeof(m->health_idx));
}

enum yh_err members_db_get(struct db *db, const char *office, int64_t id, struct member *m)
{
    static const char sql[] = "SELECT " MEMBER_COLS MEMBER_BY_ID "WHERE m.office_code = ? AND m.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return typed_row_one(db, sql, p, 2, member_from_row, m);
}

enum yh_err members_db_lock(struct db *db, const char *office, int64_t id)
{
    static const char lock[] =
        "SELECT id FROM members " SQL_BY_ID " WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    int64_t locked = 0;
    return db_int(db, lock, p, 2, 0, &locked);
}

enum yh_err members_db_get_for_update(struct db *db, const char *office, int64_t id, struct member *m)
{
    /* one locking read: it sees the latest committed row, where a plain read after the lock
     * would see the transaction's snapshot, perhaps older; the branch's name comes from a
     * subquery, which the lock does not take (only the member's row is locked) */
    static const char sql[] = "SELECT " MEMBER_COLS_WITH(
        "(SELECT b.name FROM branches b WHERE b.id = m.branch_id)") " FROM members m " SQL_BY_ID
                                                                    " WHERE m.office_code = ? AND m.id = ? "
                                                                    "FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return typed_row_one(db, sql, p, 2, member_from_row, m);
}

enum yh_err members_db_by_hmac(struct db *db, const char *office, const unsigned char h[32], struct member *m)
{
    static const char sql[] = "SELECT " MEMBER_COLS MEMBER_FROM "WHERE m.office_code = ? AND m.id_hmac = ?";
    struct db_param p[] = {P_STR(office), P_BLOB(h, 32)};
    return typed_row_one(db, sql, p, 2, member_from_row, m);
}

#define MEMBER_FIELDS 25
/* The parameters of the columns insert and update both write, name to work_unit and the
 * standing columns and lunar_birthday in the order of their SQL, into p[0, MEMBER_FIELDS). */
static void member_fields(const struct member *m, struct db_param *p)
{
    const struct db_param f[MEMBER_FIELDS] = {P_STR(m->name),
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
                                              P_OPT(m->full_member_on),
                                              P_I64(m->full_member_estimated),
                                              P_OPT(m->party_probation_until),
                                              P_OPT(m->medal_ineligible_reason),
                                              P_I64(m->lunar_birthday),
                                              P_OPT(m->treatment_level),
                                              P_OPT(m->former_position),
                                              P_I64(m->nearby_consent),
                                              P_OPT(m->nearby_consent_on),
                                              P_OPT(m->managed_with_unit),
                                              P_OPT(m->managed_with_branch)};
    memcpy(p, f, sizeof(f));
}

const struct keyed_table keyed_members = {"members", 1, {"name"}, {true}, NULL};

enum yh_err members_db_insert(struct db *db, const struct member *m, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO members (office_code, name, gender, birth_date, id_hmac, id_enc, "
        "phone_enc, address_enc, "
        "health_enc, health_idx, residence_code, relocated, joined_on, category, "
        "work_unit, full_member_on, full_member_estimated, party_probation_until, "
        "medal_ineligible_reason, lunar_birthday, treatment_level, former_position, nearby_consent, "
        "nearby_consent_on, managed_with_unit, managed_with_branch, status, status_on, "
        "transferred_to, notes, hardship) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?)";
    struct db_param p[1 + MEMBER_FIELDS + 5];
    p[0] = P_STR(m->office);
    member_fields(m, p + 1);
    p[1 + MEMBER_FIELDS] = P_STR(m->status[0] ? m->status : "active");
    p[2 + MEMBER_FIELDS] = P_OPT(m->status_on);
    p[3 + MEMBER_FIELDS] = P_OPT(m->transferred_to);
    p[4 + MEMBER_FIELDS] = P_OPT(m->notes);
    p[5 + MEMBER_FIELDS] = P_I64(m->hardship);
    enum yh_err err = db_insert(db, sql, p, ARRAY_LEN(p), id);
    const char *texts[] = {m->name};
    return err == YH_OK ? search_keys_write(db, &keyed_members, m->office, *id, texts) : err;
}

enum yh_err members_db_update(struct db *db, const struct member *m, int64_t version)
{
    static const char sql[] =
        "UPDATE members SET name = ?, gender = ?, birth_date = ?, id_hmac = ?, id_enc = ?, phone_enc = ?, "
        "address_enc = ?, health_enc = ?, health_idx = ?, residence_code = ?, relocated = ?, joined_on = ?, "
        "category = ?, work_unit = ?, full_member_on = ?, full_member_estimated = ?, party_probation_until = "
        "?, "
        "medal_ineligible_reason = ?, lunar_birthday = ?, treatment_level = ?, former_position = ?, "
        "nearby_consent = ?, nearby_consent_on = ?, managed_with_unit = ?, managed_with_branch = ?, notes = "
        "?, hardship = ?, version = version + 1, "
        "updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM members WHERE office_code = ? AND id = ?";
    struct db_param p[MEMBER_FIELDS + 5];
    member_fields(m, p);
    p[MEMBER_FIELDS] = P_OPT(m->notes);
    p[MEMBER_FIELDS + 1] = P_I64(m->hardship);
    p[MEMBER_FIELDS + 2] = P_STR(m->office);
    p[MEMBER_FIELDS + 3] = P_I64(m->id);
    p[MEMBER_FIELDS + 4] = P_I64(version);
    enum yh_err err = db_update_one(db, sql, p, ARRAY_LEN(p), exists, m->office, m->id);
    const char *texts[] = {m->name};
    return err == YH_OK ? search_keys_write(db, &keyed_members, m->office, m->id, texts) : err;
}

enum yh_err members_db_close(struct db *db, const char *office, int64_t id, const char *status,
                             const char *on, const char *transferred_to)
{
    static const char upd[] =
        "UPDATE members SET status = ?, status_on = ?, transferred_to = ?, branch_id = NULL, "
        "liaison_id = NULL, version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ?";
    static const char end[] = "UPDATE memberships SET ended_on = ?, end_reason = ? WHERE office_code = ? "
                              "AND member_id = ? AND ended_on IS NULL";
    static const char unpair[] =
        "UPDATE members SET liaison_id = NULL, version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND liaison_id = ?";
    static const char seats[] = "DELETE FROM branch_committee WHERE member_id = ?";
    /* a stay in hospital ends with the record (care's hospital_stays) */
    static const char stay[] =
        "UPDATE hospital_stays SET discharged_on = GREATEST(admitted_on, ?), version = "
        "version + 1, updated_at = NOW(3) WHERE open_key = ? AND office_code = ?";
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
    if (err == YH_OK) {
        struct db_param p5[] = {P_STR(on), P_I64(id), P_STR(office)};
        err = db_exec(db, stay, p5, 3, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err members_db_return(struct db *db, const char *office, int64_t id)
{
    static const char upd[] =
        "UPDATE members SET status = 'active', status_on = NULL, transferred_to = NULL, version = version + "
        "1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND status = 'transferred_out'";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, upd, p, 2, NULL, &affected, NULL);
    return err == YH_OK && affected != 1 ? YH_ERR_CONFLICT : err;
}

/* h4 (death and aftercare): the two ways back over a recorded death, beside the one
 * way in (members_db_close). */
enum yh_err members_db_redate_death(struct db *db, const char *office, int64_t id, const char *old_on,
                                    const char *on)
{
    static const char upd[] = "UPDATE members SET status_on = ?, version = version + 1, updated_at = NOW(3) "
                              "WHERE office_code = ? AND id = ? AND status = 'deceased'";
    static const char ends[] = "UPDATE memberships SET ended_on = ? WHERE office_code = ? AND member_id = ? "
                               "AND end_reason = 'deceased' AND ended_on = ?";
    struct db_param p1[] = {P_STR(on), P_STR(office), P_I64(id)};
    struct db_param p2[] = {P_STR(on), P_STR(office), P_I64(id), P_STR(old_on)};
    enum yh_err err = db_exec(db, upd, p1, 3, NULL, NULL, NULL);
    return err == YH_OK ? db_exec(db, ends, p2, 4, NULL, NULL, NULL) : err;
}

enum yh_err members_db_reopen(struct db *db, const char *office, int64_t id, const char *died_on,
                              int64_t branch_id)
{
    static const char upd[] =
        "UPDATE members SET status = 'active', status_on = NULL, branch_id = NULLIF(?, 0), version = version "
        "+ 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND status = 'deceased'";
    static const char ends[] =
        "UPDATE memberships SET ended_on = NULL, end_reason = NULL WHERE office_code = ? "
        "AND member_id = ? AND end_reason = 'deceased' AND ended_on = ?";
    struct db_param p1[] = {P_I64(branch_id), P_STR(office), P_I64(id)};
    struct db_param p2[] = {P_STR(office), P_I64(id), P_STR(died_on)};
    enum yh_err err = db_exec(db, upd, p1, 3, NULL, NULL, NULL);
    return err == YH_OK ? db_exec(db, ends, p2, 3, NULL, NULL, NULL) : err;
}

enum yh_err members_db_list(struct db *db, const char *office, const struct member_filter *f,
                            struct member **out, size_t *n)
{
    struct buf sql = {0};
    struct db_param p[20]; /* 13 filters, 3 of the name, the limit */
    size_t np = 0;
    enum yh_err err;

    *out = NULL;
    *n = 0;
    buf_puts(&sql, "SELECT " MEMBER_COLS MEMBER_FROM "WHERE m.office_code = ?");
    p[np++] = P_STR(office);
    org_db_filter_i64(&sql, p, &np, " AND m.branch_id = ?", f->branch_id);
    if (f->status == NULL) {
        buf_puts(&sql, " AND m.status = 'active'");
    } else if (strcmp(f->status, "all") != 0) {
        buf_puts(&sql, " AND m.status = ?");
        p[np++] = P_STR(f->status);
    }
    buf_puts(&sql, " AND m.id > ?");
    p[np++] = P_I64(f->after_id);
    org_db_filter_str(&sql, p, &np, " AND m.category = ?", f->category);
    org_db_filter_str(&sql, p, &np, " AND m.treatment_level = ?", f->treatment_level);
    if (f->has_health) {
        buf_puts(&sql, " AND m.health_idx = ?");
        p[np++] = P_BLOB(f->health_idx, 8);
    }
    if (f->relocated >= 0) {
        buf_puts(&sql, " AND m.relocated = ?");
        p[np++] = P_I64(f->relocated);
    }
    org_db_filter_str(&sql, p, &np, " AND m.residence_code LIKE CONCAT(?, '%')", f->residence);
    org_db_filter_str(&sql, p, &np, " AND m.joined_on < ?", f->joined_before);
    org_db_filter_str(&sql, p, &np, " AND m.joined_on >= ?", f->joined_after);
    org_db_filter_str(&sql, p, &np, " AND m.birth_date <= ?", f->born_before);
    org_db_filter_str(&sql, p, &np, " AND m.birth_date > ?", f->born_after);
    if (f->name_query) {
        np = name_match_sql(&sql, p, np, "m", "name", f->name_query);
    }
    if (f->unpaired) {
        buf_puts(&sql, " AND m.liaison_id IS NULL AND m.category IN ('lixiu', 'retired')");
    }
    buf_puts(&sql, " ORDER BY m.id LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    err = typed_rows_all(db, sql.data, p, np, member_from_row, sizeof(**out), out, n);
    buf_free(&sql);
    return err;
}

enum yh_err members_db_in_hospital(struct db *db, const char *office, int64_t id, bool *in)
{
    static const char sql[] = "SELECT COUNT(*) FROM hospital_stays WHERE open_key = ? AND office_code = ?";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 2, 0, &n);
    *in = n > 0;
    return err;
}
