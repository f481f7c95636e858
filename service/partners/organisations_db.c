/* The store of /v1/organisations: the office's associations and partners (sql/0040). */
#include <stdio.h>

#include "yinhui/partners_db.h"
#include "yinhui/typed_rows.h"

static const struct jcol org_cols[] = {
    {"id", JC_ID},       {"kind", JC_STR},       {"partner_type", JC_STR}, {"name", JC_STR},
    {"contact", JC_STR}, {"notes", JC_STR},      {"active", JC_BOOL},      {"open_pairings", JC_INT},
    {"version", JC_INT}, {"created_at", JC_STR}, {"updated_at", JC_STR},
};
const struct view org_view = VIEW(org_cols);
#define ORG_COLS                                                                                             \
    "o.id, o.kind, o.partner_type, o.name, o.contact, o.notes, o.active, (SELECT COUNT(*) FROM "             \
    "organisation_branches p WHERE p.office_code = o.office_code AND p.organisation_id = o.id AND p.until "  \
    "IS NULL), o.version, " SQL_TS("o.created_at") ", " SQL_TS("o.updated_at")

enum yh_err orgs_db_row(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " ORG_COLS " FROM organisations o WHERE o.office_code = ? AND o.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &org_view, sql, p, 2, true, rows);
}

enum yh_err orgs_db_list(struct db *db, const char *office, const char *kind, int active, int64_t before,
                         int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " ORG_COLS " FROM organisations o WHERE o.office_code = ? AND (? = '' OR "
        "o.kind = ?) AND (? < 0 OR o.active = ?) AND (? = 0 OR o.id < ?) ORDER BY o.id "
        "DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_STR(kind),   P_STR(kind),   P_I64(active),
                           P_I64(active), P_I64(before), P_I64(before), P_I64(limit + 1)};
    return view_fetch(db, &org_view, sql, p, ARRAY_LEN(p), false, rows);
}

static const struct fm org_map[] = {
    FM(FM_ID, NULL, struct organisation, id),
    FM(FM_STR, NULL, struct organisation, kind),
    FM(FM_STR, NULL, struct organisation, partner_type),
    FM(FM_STR, NULL, struct organisation, name),
    FM(FM_STR, NULL, struct organisation, contact),
    FM(FM_STR, NULL, struct organisation, notes),
    FM(FM_BOOL, NULL, struct organisation, active),
    FM(FM_INT, NULL, struct organisation, version),
};

enum yh_err orgs_db_get(struct db *db, const char *office, int64_t id, bool for_update,
                        struct organisation *o)
{
    static const char sql[] = "SELECT id, kind, partner_type, name, contact, notes, active, version FROM "
                              "organisations WHERE office_code = ? AND id = ?";
    static const char locked[] = "SELECT id, kind, partner_type, name, contact, notes, active, version FROM "
                                 "organisations WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, for_update ? locked : sql, p, 2, org_map, ARRAY_LEN(org_map), o);
}

enum yh_err orgs_db_count_locked(struct db *db, const char *office, int64_t *n)
{
    /* the office's row, not a range of organisations: gap locks on an office without any
     * would let two creates deadlock instead of one waiting */
    static const char lock[] = "SELECT 1 FROM offices WHERE code = ? FOR UPDATE";
    static const char sql[] = "SELECT COUNT(*) FROM organisations WHERE office_code = ?";
    struct db_param p[] = {P_STR(office)};
    int64_t one = 0;
    /* the count is the transaction's first plain read: its snapshot is taken after the lock */
    enum yh_err err = db_int(db, lock, p, 1, 0, &one);
    return err == YH_OK ? db_int(db, sql, p, 1, 0, n) : err;
}

enum yh_err orgs_db_insert(struct db *db, const char *office, const struct organisation *o, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO organisations (office_code, kind, partner_type, name, contact, notes) "
        "VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),  P_STR(o->kind),    P_OPT(o->partner_type),
                           P_STR(o->name), P_OPT(o->contact), P_OPT(o->notes)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err orgs_db_update(struct db *db, const char *office, const struct organisation *o, int64_t version)
{
    static const char sql[] = "UPDATE organisations SET partner_type = ?, name = ?, contact = ?, notes = ?, "
                              "active = ?, version = version + 1, updated_at = CURRENT_TIMESTAMP(3) WHERE "
                              "office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM organisations WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_OPT(o->partner_type), P_STR(o->name), P_OPT(o->contact), P_OPT(o->notes),
                           P_I64(o->active),       P_STR(office),  P_I64(o->id),      P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, o->id);
}

enum yh_err orgs_db_references(struct db *db, const char *office, int64_t id, int64_t *pairings,
                               int64_t *joints, int64_t *bookings)
{
    static const char sql_p[] = "SELECT COUNT(*) FROM organisation_branches WHERE office_code = ? AND "
                                "organisation_id = ?";
    static const char sql_j[] = "SELECT COUNT(*) FROM joint_activities WHERE office_code = ? AND "
                                "organisation_id = ?";
    /* its room bookings, live or past (ix_bookings_booker): they show its name */
    static const char sql_b[] = "SELECT COUNT(*) FROM room_bookings WHERE office_code = ? AND booker_kind IN "
                                "('association', 'partner') AND booker_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    enum yh_err err = db_int(db, sql_p, p, 2, 0, pairings);
    if (err == YH_OK) {
        err = db_int(db, sql_j, p, 2, 0, joints);
    }
    return err == YH_OK ? db_int(db, sql_b, p, 2, 0, bookings) : err;
}

enum yh_err orgs_db_delete(struct db *db, const char *office, int64_t id)
{
    static const char sql[] = "DELETE FROM organisations WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_delete_one(db, sql, p, 2);
}
