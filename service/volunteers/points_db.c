/* The points ledger of volunteers: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

enum yh_err ledger_db_append(struct db *db, const char *office, int64_t volunteer_id, int64_t *balance,
                             int64_t delta, const char *kind, int64_t hours_id, const char *note,
                             const char *by, int64_t *id)
{
    static const char ins[] =
        "INSERT INTO points_ledger (office_code, volunteer_id, delta, kind, hours_id, note, "
        "balance_after, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static const char upd[] = "UPDATE volunteers SET points_balance = ? WHERE id = ?";
    int64_t after = *balance + delta;
    uint64_t nid = 0;
    if (after < 0) {
        return YH_ERR_CONFLICT;
    }
    struct db_param p[] = {
        P_STR(office), P_I64(volunteer_id), P_I64(delta), P_STR(kind), hours_id ? P_I64(hours_id) : P_NULL,
        P_OPT(note),   P_I64(after),        P_STR(by)};
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

static const struct jcol ledger_cols[] = {
    {"id", JC_ID},    {"delta", JC_INT},         {"kind", JC_STR},       {"hours_id", JC_ID},
    {"note", JC_STR}, {"balance_after", JC_INT}, {"created_by", JC_STR}, {"created_at", JC_STR}};
const struct view ledger_view = VIEW(ledger_cols);

enum yh_err ledger_db_list(struct db *db, const char *office, int64_t volunteer_id, int64_t before, int limit,
                           struct db_rows *rows)
{
    static const char sql[] = "SELECT id, delta, kind, hours_id, note, balance_after, created_by, " SQL_TS(
        "created_at") " FROM points_ledger WHERE office_code = ? AND volunteer_id = ? AND (? = 0 OR id < ?) "
                      "ORDER BY id DESC "
                      "LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(volunteer_id), P_I64(before), P_I64(before),
                           P_I64(limit + 1)};
    return view_fetch(db, &ledger_view, sql, p, 5, false, rows);
}

enum yh_err offices_db_points_per_hour(struct db *db, const char *office, int64_t *pph)
{
    static const char sql[] = "SELECT points_per_hour FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_int(db, sql, p, 1, 0, pph);
}
