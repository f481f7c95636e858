/* The points ledger of volunteers: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* Inserts an entry and the volunteer's new balance; earn NULL: not an earning (no day,
 * nothing withheld, the caps' counters unchanged). */
static enum yh_err ledger_insert(struct db *db, const char *office, int64_t volunteer_id, int64_t *balance,
                                 int64_t delta, const char *kind, int64_t hours_id, const char *note,
                                 const char *by, const struct ledger_earning *earn, int64_t *id)
{
    static const char ins[] =
        "INSERT INTO points_ledger (office_code, volunteer_id, delta, capped, capped_by, kind, earned_on, "
        "hours_id, note, balance_after, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static const char upd[] = "UPDATE volunteers SET points_balance = ? WHERE id = ?";
    /* the caps' counters (sql/0054); assignments apply left to right, so each counter is
     * summed before its day or year moves to today's */
    static const char upd_earn[] =
        "UPDATE volunteers SET points_balance = ?, "
        "earned_year_points = IF(earned_year = YEAR(?), earned_year_points, 0) + ?, earned_year = YEAR(?), "
        "earned_day = IF(earned_day_on = ?, earned_day, 0) + ?, earned_day_on = ? WHERE id = ?";
    int64_t after = *balance + delta;
    uint64_t nid = 0;
    if (after < 0) {
        return YH_ERR_CONFLICT;
    }
    struct db_param p[] = {P_STR(office),
                           P_I64(volunteer_id),
                           P_I64(delta),
                           P_I64(earn ? earn->capped : 0),
                           earn ? P_OPT(earn->capped_by) : P_NULL,
                           P_STR(kind),
                           earn ? P_STR(earn->day) : P_NULL,
                           hours_id ? P_I64(hours_id) : P_NULL,
                           P_OPT(note),
                           P_I64(after),
                           P_STR(by)};
    enum yh_err err = db_exec(db, ins, p, ARRAY_LEN(p), NULL, NULL, &nid);
    if (err == YH_OK && earn) {
        struct db_param q[] = {P_I64(after),     P_STR(earn->day), P_I64(delta),     P_STR(earn->day),
                               P_STR(earn->day), P_I64(delta),     P_STR(earn->day), P_I64(volunteer_id)};
        err = db_exec(db, upd_earn, q, ARRAY_LEN(q), NULL, NULL, NULL);
    } else if (err == YH_OK) {
        struct db_param q[] = {P_I64(after), P_I64(volunteer_id)};
        err = db_exec(db, upd, q, 2, NULL, NULL, NULL);
    }
    if (err == YH_OK) {
        *balance = after;
        *id = (int64_t)nid;
    }
    return err;
}

enum yh_err ledger_db_append(struct db *db, const char *office, int64_t volunteer_id, int64_t *balance,
                             int64_t delta, const char *kind, int64_t hours_id, const char *note,
                             const char *by, int64_t *id)
{
    return ledger_insert(db, office, volunteer_id, balance, delta, kind, hours_id, note, by, NULL, id);
}

enum yh_err ledger_db_earn(struct db *db, const char *office, int64_t volunteer_id, int64_t *balance,
                           int64_t hours_id, const struct ledger_earning *earn, const char *by, int64_t *id)
{
    return ledger_insert(db, office, volunteer_id, balance, earn->credited, "earn", hours_id, earn->note, by,
                         earn, id);
}

static const struct fm earned_map[] = {
    FM(FM_INT, "day", struct ledger_earned, day),
    FM(FM_INT, "year", struct ledger_earned, year),
};

enum yh_err ledger_db_earned(struct db *db, const char *office, int64_t volunteer_id, const char *today,
                             bool lock, struct ledger_earned *e)
{
    /* the counters of the volunteer's row (sql/0054), not a sum of the ledger: a locking
     * read of a ledger range would lock a gap a neighbouring volunteer inserts into.
     * locked: the caller holds the row FOR UPDATE; reading it again the same way sees
     * what was committed before the lock was granted (a plain read sees the snapshot) */
#define EARNED_SQL                                                                                           \
    "SELECT IF(earned_day_on = ?, earned_day, 0), IF(earned_year = YEAR(?), earned_year_points, 0) "         \
    "FROM volunteers WHERE office_code = ? AND id = ?"
    static const char sql[] = EARNED_SQL, locked[] = EARNED_SQL " FOR UPDATE";
#undef EARNED_SQL
    struct db_param p[] = {P_STR(today), P_STR(today), P_STR(office), P_I64(volunteer_id)};
    return fm_one(db, lock ? locked : sql, p, ARRAY_LEN(p), earned_map, ARRAY_LEN(earned_map), e);
}

static const struct jcol ledger_cols[] = {
    {"id", JC_ID},          {"delta", JC_INT},     {"capped", JC_INT},
    {"capped_by", JC_STR},  {"kind", JC_STR},      {"earned_on", JC_STR},
    {"hours_id", JC_ID},    {"note", JC_STR},      {"balance_after", JC_INT},
    {"created_by", JC_STR}, {"created_at", JC_STR}};
const struct view ledger_view = VIEW(ledger_cols);

enum yh_err ledger_db_list(struct db *db, const char *office, int64_t volunteer_id, int64_t before, int limit,
                           struct db_rows *rows)
{
    static const char sql[] =
        "SELECT id, delta, capped, capped_by, kind, earned_on, hours_id, note, "
        "balance_after, created_by, " SQL_TS(
            "created_at") " FROM points_ledger "
                          "WHERE office_code = ? AND volunteer_id = ? AND (? = 0 OR id < ?) "
                          "ORDER BY id DESC LIMIT ?";
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
