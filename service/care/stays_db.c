/* The store of /v1/hospital-stays: an office's hospital stays, and the visits made
 * during one (linked by date: the member's visit_members rows within the stay). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/json_out.h"
#include "yinhui/stays.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* The plain columns first (stay_map), then the sealed ones (read as blobs). */
#define STAY_COLS                                                                                            \
    "s.id, s.member_id, m.name, IFNULL(m.branch_id, 0), s.admitted_on, s.discharged_on, s.created_by, "      \
    "s.discharged_by, s.version, " SQL_TS("s.created_at") ", " SQL_TS(                                       \
        "s.updated_at") ", s.hospital_enc, s.ward_enc, s.health_before_enc"
#define STAY_FROM " FROM hospital_stays s JOIN members m ON m.id = s.member_id "

static const struct fm stay_map[] = {
    FM(FM_ID, NULL, struct stay, id),           FM(FM_ID, NULL, struct stay, member_id),
    FM(FM_STR, NULL, struct stay, member_name), FM(FM_ID, NULL, struct stay, branch_id),
    FM(FM_OPT, NULL, struct stay, admitted_on), FM(FM_OPT, NULL, struct stay, discharged_on),
    FM(FM_STR, NULL, struct stay, created_by),  FM(FM_OPT, NULL, struct stay, discharged_by),
    FM(FM_INT, NULL, struct stay, version),     FM(FM_STR, NULL, struct stay, created_at),
    FM(FM_STR, NULL, struct stay, updated_at),
};
#define SEALED_AT ARRAY_LEN(stay_map)

/* A struct stay from row i of STAY_COLS. */
static void stay_from_row(const struct db_rows *r, size_t i, void *dst)
{
    struct stay *s = dst;
    memset(s, 0, sizeof(*s));
    fm_from_row(r, i, stay_map, ARRAY_LEN(stay_map), s);
    s->hospital_enc_len = db_blob(r, i, SEALED_AT, s->hospital_enc, sizeof(s->hospital_enc));
    s->ward_enc_len = db_blob(r, i, SEALED_AT + 1, s->ward_enc, sizeof(s->ward_enc));
    s->health_before_enc_len = db_blob(r, i, SEALED_AT + 2, s->health_before_enc, sizeof(s->health_before_enc));
}

#define OPTB(b, n) ((n) ? P_BLOB((b), (n)) : P_NULL)

enum yh_err stays_db_insert(struct db *db, const char *office, const struct stay *s, const char *by,
                            int64_t *id)
{
    static const char sql[] =
        "INSERT INTO hospital_stays (office_code, member_id, admitted_on, hospital_enc, ward_enc, "
        "health_before_enc, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),
                           P_I64(s->member_id),
                           P_STR(s->admitted_on),
                           P_BLOB(s->hospital_enc, s->hospital_enc_len),
                           OPTB(s->ward_enc, s->ward_enc_len),
                           P_BLOB(s->health_before_enc, s->health_before_enc_len),
                           P_STR(by)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err stays_db_get(struct db *db, const char *office, int64_t id, struct stay *s)
{
    static const char sql[] = "SELECT " STAY_COLS STAY_FROM "WHERE s.office_code = ? AND s.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return typed_row_one(db, sql, p, 2, stay_from_row, s);
}

enum yh_err stays_db_open_of(struct db *db, const char *office, int64_t member_id, struct stay *s)
{
    static const char sql[] = "SELECT " STAY_COLS STAY_FROM "WHERE s.open_key = ? AND s.office_code = ?";
    struct db_param p[] = {P_I64(member_id), P_STR(office)};
    return typed_row_one(db, sql, p, 2, stay_from_row, s);
}

enum yh_err stays_db_overlapping(struct db *db, const char *office, int64_t member_id, int64_t except,
                                 const char *from, const char *to, int64_t *id)
{
    /* two stays overlap when each begins before the other ends: a member discharged in
     * the morning may be admitted elsewhere that day */
    static const char sql[] =
        "SELECT id FROM hospital_stays WHERE office_code = ? AND member_id = ? AND id <> ? AND "
        "admitted_on < IFNULL(?, '9999-12-31') AND IFNULL(discharged_on, '9999-12-31') > ? ORDER BY id LIMIT "
        "1";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(except), P_OPT(to), P_STR(from)};
    return db_int(db, sql, p, ARRAY_LEN(p), 0, id);
}

enum yh_err stays_db_discharge(struct db *db, const char *office, int64_t id, const char *on, const char *by)
{
    static const char sql[] =
        "UPDATE hospital_stays SET discharged_on = ?, discharged_by = ?, version = version + 1, updated_at = "
        "NOW(3) WHERE office_code = ? AND id = ? AND discharged_on IS NULL";
    struct db_param p[] = {P_STR(on), P_STR(by), P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, &affected, NULL);
    return err == YH_OK && affected != 1 ? YH_ERR_CONFLICT : err;
}

enum yh_err stays_db_update(struct db *db, const char *office, const struct stay *s, int64_t version)
{
    static const char sql[] =
        "UPDATE hospital_stays SET admitted_on = ?, discharged_on = ?, hospital_enc = ?, ward_enc = ?, "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM hospital_stays WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(s->admitted_on),
                           P_OPT(s->discharged_on),
                           P_BLOB(s->hospital_enc, s->hospital_enc_len),
                           OPTB(s->ward_enc, s->ward_enc_len),
                           P_STR(office),
                           P_I64(s->id),
                           P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, s->id);
}

enum yh_err stays_db_list(struct db *db, const char *office, const struct stay_filter *f, struct stay **out,
                          size_t *n)
{
    /* the open stays through ix_stays_current, the others through ix_stays_office */
    static const char sql[] =
        "SELECT " STAY_COLS STAY_FROM
        "WHERE s.office_code = ? AND (? = 0 OR s.discharged_on IS NULL) AND (? = 0 OR s.member_id = ?) AND "
        "(? = 0 OR IFNULL(m.branch_id, 0) = ?) AND (? = 0 OR s.id < ?) ORDER BY s.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office),       P_I64(f->current),   P_I64(f->member_id),
                           P_I64(f->member_id), P_I64(f->branch_id), P_I64(f->branch_id),
                           P_I64(f->before),    P_I64(f->before),    P_I64(f->limit + 1)};
    return typed_rows_all(db, sql, p, ARRAY_LEN(p), stay_from_row, sizeof(**out), out, n);
}

static const struct jcol stay_visits_cols[] = {
    {"visit_id", JC_ID}, {"reason", JC_STR}, {"visited_on", JC_STR}, {"visitors", JC_STR}};
const struct view stay_visits_view = VIEW(stay_visits_cols);

enum yh_err stays_db_visits(struct db *db, const char *office, const struct stay *s, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT vm.visit_id, vm.reason, vm.visited_on, v.visitors FROM visit_members vm JOIN visits v ON "
        "v.id = "
        "vm.visit_id WHERE vm.office_code = ? AND vm.member_id = ? AND vm.visited_on >= ? AND (? IS NULL OR "
        "vm.visited_on <= ?) ORDER BY vm.visited_on DESC, vm.visit_id DESC LIMIT 100";
    struct db_param p[] = {P_STR(office), P_I64(s->member_id), P_STR(s->admitted_on), P_OPT(s->discharged_on),
                           P_OPT(s->discharged_on)};
    return view_fetch(db, &stay_visits_view, sql, p, ARRAY_LEN(p), false, rows);
}
