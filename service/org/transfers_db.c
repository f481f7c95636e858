/* The store of /v1/transfers: transfers read by either side (from_office or to_office is
 * the caller's), their start and decision, and what acceptance writes beside the member
 * store (the day of entry, the treatment level, the honours copied). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/transfers.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define TRANSFER_COLS                                                                                        \
    "t.id, t.batch_id, t.member_id, IFNULL(t.new_member_id, 0), IFNULL(t.from_branch_id, 0), "               \
    "IFNULL(t.to_branch_id, 0), t.from_office, t.to_office, fo.name, tof.name, IFNULL(fb.name, ''), "        \
    "IFNULL(tb.name, ''), t.state, t.reason, t.letter_no, t.note, t.decision_reason, t.started_by, "         \
    "t.started_on, t.decided_by, t.decided_on, " SQL_TS("t.decided_at") ", t.version, " SQL_TS(              \
        "t.created_at") ", " SQL_TS("t.updated_at") ", m.name, m.gender, m.birth_date, m.category, "         \
                                                    "m.joined_on, m.full_member_on"
#define TRANSFER_FROM                                                                                        \
    " FROM transfers t JOIN offices fo ON fo.code = t.from_office JOIN offices tof ON tof.code = "           \
    "t.to_office JOIN members m ON m.id = t.member_id LEFT JOIN branches fb ON fb.id = t.from_branch_id "    \
    "LEFT JOIN branches tb ON tb.id = t.to_branch_id "

static const struct fm transfer_map[] = {
    FM(FM_ID, NULL, struct transfer, id),
    FM(FM_ID, NULL, struct transfer, batch_id),
    FM(FM_ID, NULL, struct transfer, member_id),
    FM(FM_ID, NULL, struct transfer, new_member_id),
    FM(FM_ID, NULL, struct transfer, from_branch_id),
    FM(FM_ID, NULL, struct transfer, to_branch_id),
    FM(FM_STR, NULL, struct transfer, from_office),
    FM(FM_STR, NULL, struct transfer, to_office),
    FM(FM_STR, NULL, struct transfer, from_office_name),
    FM(FM_STR, NULL, struct transfer, to_office_name),
    FM(FM_STR, NULL, struct transfer, from_branch_name),
    FM(FM_STR, NULL, struct transfer, to_branch_name),
    FM(FM_STR, NULL, struct transfer, state),
    FM(FM_STR, NULL, struct transfer, reason),
    FM(FM_OPT, NULL, struct transfer, letter_no),
    FM(FM_OPT, NULL, struct transfer, note),
    FM(FM_OPT, NULL, struct transfer, decision_reason),
    FM(FM_STR, NULL, struct transfer, started_by),
    FM(FM_STR, NULL, struct transfer, started_on),
    FM(FM_OPT, NULL, struct transfer, decided_by),
    FM(FM_OPT, NULL, struct transfer, decided_on),
    FM(FM_OPT, NULL, struct transfer, decided_at),
    FM(FM_INT, NULL, struct transfer, version),
    FM(FM_STR, NULL, struct transfer, created_at),
    FM(FM_STR, NULL, struct transfer, updated_at),
    FM(FM_STR, NULL, struct transfer, member_name),
    FM(FM_STR, NULL, struct transfer, gender),
    FM(FM_STR, NULL, struct transfer, birth_date),
    FM(FM_STR, NULL, struct transfer, category),
    FM(FM_OPT, NULL, struct transfer, joined_on),
    FM(FM_OPT, NULL, struct transfer, full_member_on),
};

enum yh_err transfers_db_get(struct db *db, const char *office, int64_t id, bool for_update,
                             struct transfer *t)
{
    /* the lock takes the transfer row alone, not the offices, branches and member joined */
    static const char lock[] =
        "SELECT id FROM transfers WHERE id = ? AND (from_office = ? OR to_office = ?) FOR UPDATE";
    static const char sql[] =
        "SELECT " TRANSFER_COLS TRANSFER_FROM "WHERE t.id = ? AND (t.from_office = ? OR t.to_office = ?)";
    struct db_param p[] = {P_I64(id), P_STR(office), P_STR(office)};
    int64_t locked = 0;
    enum yh_err err = for_update ? db_int(db, lock, p, 3, 0, &locked) : YH_OK;
    if (err != YH_OK) {
        return err;
    }
    return fm_one(db, sql, p, 3, transfer_map, ARRAY_LEN(transfer_map), t);
}

enum yh_err transfers_db_pending_of(struct db *db, int64_t member_id, int64_t *id)
{
    static const char sql[] = "SELECT id FROM transfers WHERE pending_key = ?";
    struct db_param p[] = {P_I64(member_id)};
    return db_int(db, sql, p, 1, 0, id);
}

enum yh_err transfers_db_insert(struct db *db, const struct transfer *t, int64_t batch, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO transfers (batch_id, from_office, to_office, member_id, from_branch_id, to_branch_id, "
        "reason, letter_no, note, started_by, started_on) VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, "
        "?, ?, ?, ?)";
    static const char own[] = "UPDATE transfers SET batch_id = id WHERE id = ?";
    struct db_param p[] = {P_I64(batch),         P_STR(t->from_office),    P_STR(t->to_office),
                           P_I64(t->member_id),  P_I64(t->from_branch_id), P_I64(t->to_branch_id),
                           P_STR(t->reason),     P_OPT(t->letter_no),      P_OPT(t->note),
                           P_STR(t->started_by), P_STR(t->started_on)};
    enum yh_err err = db_insert(db, sql, p, ARRAY_LEN(p), id);
    if (err == YH_OK && batch == 0) {
        struct db_param p2[] = {P_I64(*id)};
        err = db_exec(db, own, p2, 1, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err transfers_db_decide(struct db *db, int64_t id, int64_t version, const char *state, const char *by,
                                const char *on, int64_t new_member_id, int64_t to_branch_id,
                                const char *refusal)
{
    static const char sql[] =
        "UPDATE transfers SET state = ?, decided_by = ?, decided_on = ?, decided_at = NOW(3), "
        "new_member_id = IFNULL(NULLIF(?, 0), new_member_id), to_branch_id = IFNULL(NULLIF(?, 0), "
        "to_branch_id), decision_reason = ?, version = version + 1, updated_at = NOW(3) "
        "WHERE id = ? AND version = ? AND state = 'pending'";
    struct db_param p[] = {P_STR(state),        P_STR(by),
                           P_STR(on),           P_I64(new_member_id),
                           P_I64(to_branch_id), refusal ? P_STR(refusal) : P_NULL,
                           P_I64(id),           P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, &affected, NULL);
    /* the row is locked and was pending: only its version can have moved on */
    return err == YH_OK && affected != 1 ? YH_ERR_PRECONDITION : err;
}

enum yh_err transfers_db_office_name(struct db *db, const char *code, char *name, size_t len)
{
    static const char sql[] = "SELECT name FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(code)};
    struct db_rows rows;
    enum yh_err err = db_exec_row(db, sql, p, 1, &rows);
    if (err == YH_OK) {
        snprintf(name, len, "%s", db_str(&rows, 0, 0));
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err transfers_db_stay_health(struct db *db, const char *office, int64_t id, unsigned char *enc,
                                     size_t cap, size_t *n)
{
    static const char sql[] =
        "SELECT health_before_enc FROM hospital_stays WHERE open_key = ? AND office_code = ?";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    struct db_rows rows;
    *n = 0;
    enum yh_err err = db_exec_row(db, sql, p, 2, &rows);
    if (err == YH_ERR_NOT_FOUND) {
        return YH_OK;
    }
    if (err == YH_OK) {
        *n = db_blob(&rows, 0, 0, enc, cap);
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err transfers_db_arrive(struct db *db, const char *from, int64_t old_id, const char *to,
                                int64_t new_id, const char *on)
{
    /* entered_on moves the record's flow in to the year of entry (sql/0041's trigger) */
    static const char entered[] =
        "UPDATE members SET entered_on = ?, treatment_level = IF(treatment_level IN (SELECT code FROM "
        "treatment_levels WHERE office_code = ? AND retired = 0), treatment_level, NULL) "
        "WHERE office_code = ? AND id = ?";
    /* a record the member had here before (transferred back) keeps the honours it holds */
    static const char honours[] =
        "INSERT INTO honours (office_code, kind, title, level, year, member_id, created_by) "
        "SELECT ?, h.kind, h.title, h.level, h.year, ?, h.created_by FROM honours h WHERE h.office_code = ? "
        "AND h.member_id = ? AND NOT EXISTS (SELECT 1 FROM honours k WHERE k.office_code = ? AND "
        "k.member_id = ? AND k.kind = h.kind AND k.level = h.level AND k.year = h.year AND k.title <=> "
        "h.title)";
    struct db_param p1[] = {P_STR(on), P_STR(to), P_STR(to), P_I64(new_id)};
    struct db_param p2[] = {P_STR(to), P_I64(new_id), P_STR(from), P_I64(old_id), P_STR(to), P_I64(new_id)};
    enum yh_err err = db_exec(db, entered, p1, 4, NULL, NULL, NULL);
    return err == YH_OK ? db_exec(db, honours, p2, 6, NULL, NULL, NULL) : err;
}

enum yh_err transfers_db_list(struct db *db, const char *office, const struct transfer_filter *f,
                              struct transfer **out, size_t *n)
{
    struct buf sql = {0};
    struct db_param p[4];
    size_t np = 0;
    buf_puts(&sql, "SELECT " TRANSFER_COLS TRANSFER_FROM);
    buf_puts(&sql, f->incoming ? "WHERE t.to_office = ?" : "WHERE t.from_office = ?");
    p[np++] = P_STR(office);
    if (f->state != NULL) {
        buf_puts(&sql, " AND t.state = ?");
        p[np++] = P_STR(f->state);
    }
    if (f->before > 0) {
        buf_puts(&sql, " AND t.id < ?");
        p[np++] = P_I64(f->before);
    }
    buf_puts(&sql, " ORDER BY t.id DESC LIMIT ?");
    p[np++] = P_I64(f->limit + 1);
    enum yh_err err = FM_ALL(db, sql.data, p, np, transfer_map, ARRAY_LEN(transfer_map), out, n);
    buf_free(&sql);
    return err;
}
