/* The store of an organisation's pairings with branches (sql/0046 organisation_branches). */
#include <stdio.h>

#include "yinhui/partners_db.h"
#include "yinhui/typed_rows.h"

static const struct jcol pairing_cols[] = {
    {"id", JC_ID},           {"organisation_id", JC_ID}, {"organisation_name", JC_STR},
    {"kind", JC_STR},        {"partner_type", JC_STR},   {"branch_id", JC_ID},
    {"branch_name", JC_STR}, {"since", JC_STR},          {"until", JC_STR},
    {"note", JC_STR},        {"created_by", JC_STR},     {"ended_by", JC_STR},
};
const struct view pairing_view = VIEW(pairing_cols);
#define PAIRING_SELECT                                                                                       \
    "SELECT p.id, p.organisation_id, o.name, o.kind, o.partner_type, p.branch_id, b.name, "                  \
    "DATE_FORMAT(p.since, '%Y-%m-%d'), DATE_FORMAT(p.until, '%Y-%m-%d'), p.note, p.created_by, p.ended_by "  \
    "FROM organisation_branches p JOIN organisations o ON o.id = p.organisation_id JOIN branches b ON b.id " \
    "= "                                                                                                     \
    "p.branch_id "

enum yh_err pairings_db_list(struct db *db, const char *office, const struct pairing_filter *f,
                             struct db_rows *rows)
{
    static const char sql[] = PAIRING_SELECT
        "WHERE p.office_code = ? AND (? = 0 OR p.organisation_id = ?) AND (? = 0 OR p.branch_id = ?) AND (? "
        "= '' "
        "OR (? = 'open') = (p.until IS NULL)) AND (? = 0 OR p.id < ?) ORDER BY p.id DESC LIMIT ?";
    const char *state = f->state ? f->state : "";
    struct db_param p[] = {P_STR(office),       P_I64(f->organisation_id), P_I64(f->organisation_id),
                           P_I64(f->branch_id), P_I64(f->branch_id),       P_STR(state),
                           P_STR(state),        P_I64(f->before),          P_I64(f->before),
                           P_I64(f->limit + 1)};
    return view_fetch(db, &pairing_view, sql, p, ARRAY_LEN(p), false, rows);
}

enum yh_err pairings_db_row(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = PAIRING_SELECT "WHERE p.office_code = ? AND p.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &pairing_view, sql, p, 2, true, rows);
}

static const struct fm pairing_map[] = {
    FM(FM_ID, NULL, struct pairing, id),        FM(FM_ID, NULL, struct pairing, organisation_id),
    FM(FM_ID, NULL, struct pairing, branch_id), FM(FM_STR, NULL, struct pairing, since),
    FM(FM_STR, NULL, struct pairing, until),
};

enum yh_err pairings_db_get(struct db *db, const char *office, int64_t org, int64_t id, struct pairing *p)
{
    static const char sql[] =
        "SELECT id, organisation_id, branch_id, DATE_FORMAT(since, '%Y-%m-%d'), "
        "DATE_FORMAT(until, '%Y-%m-%d') FROM organisation_branches WHERE office_code = ? "
        "AND organisation_id = ? AND id = ?";
    struct db_param prm[] = {P_STR(office), P_I64(org), P_I64(id)};
    return fm_one(db, sql, prm, 3, pairing_map, ARRAY_LEN(pairing_map), p);
}

enum yh_err pairings_db_insert(struct db *db, const char *office, const struct pairing *p, const char *note,
                               const char *by, int64_t *id)
{
    static const char sql[] = "INSERT INTO organisation_branches (office_code, organisation_id, branch_id, "
                              "since, note, created_by) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param prm[] = {P_STR(office),       P_I64(p->organisation_id),
                             P_I64(p->branch_id), P_STR(p->since),
                             P_OPT(note),         P_STR(by)};
    return db_insert(db, sql, prm, ARRAY_LEN(prm), id);
}

enum yh_err pairings_db_end(struct db *db, const char *office, int64_t id, const char *until, const char *by)
{
    static const char sql[] =
        "UPDATE organisation_branches SET until = ?, ended_by = ? WHERE office_code = ? "
        "AND id = ? AND until IS NULL";
    struct db_param p[] = {P_STR(until), P_STR(by), P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, &affected, NULL);
    return err == YH_OK && affected != 1 ? YH_ERR_CONFLICT : err;
}

enum yh_err pairings_db_in_year(struct db *db, const char *office, int64_t org, int64_t branch, int64_t year,
                                bool *ok)
{
    static const char sql[] = "SELECT COUNT(*) FROM organisation_branches WHERE office_code = ? AND "
                              "organisation_id = ? AND branch_id = ? AND YEAR(since) <= ? AND (until IS NULL "
                              "OR YEAR(until) >= ?)";
    struct db_param p[] = {P_STR(office), P_I64(org), P_I64(branch), P_I64(year), P_I64(year)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, ARRAY_LEN(p), 0, &n);
    *ok = n > 0;
    return err;
}
