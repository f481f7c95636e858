/* The store of /v1/honours and /v1/honours/fifty-years (光荣在党50年). */
#include <string.h>

#include "yinhui/care_db.h"
#include "yinhui/json_out.h"
#include "yinhui/standing.h"

enum yh_err honours_db_insert(struct db *db, const char *office, const struct honour *h, const char *by,
                              int64_t *id)
{
    static const char sql[] =
        "INSERT INTO honours (office_code, kind, title, level, year, member_id, branch_id, team_id, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),
                           P_STR(h->kind),
                           P_OPT(h->title),
                           P_STR(h->level),
                           P_I64(h->year),
                           h->member_id ? P_I64(h->member_id) : P_NULL,
                           h->branch_id ? P_I64(h->branch_id) : P_NULL,
                           h->team_id ? P_I64(h->team_id) : P_NULL,
                           P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

static const struct jcol honours_cols[] = {
    {"id", JC_ID},           {"kind", JC_STR},     {"title", JC_STR},       {"level", JC_STR},
    {"year", JC_INT},        {"member_id", JC_ID}, {"member_name", JC_STR}, {"branch_id", JC_ID},
    {"branch_name", JC_STR}, {"team_id", JC_ID}};
const struct view honours_view = VIEW(honours_cols);

enum yh_err honours_db_list(struct db *db, const char *office, int64_t year, const char *kind,
                            struct db_rows *rows)
{
    static const char sql[] =
        "SELECT h.id, h.kind, h.title, h.level, h.year, h.member_id, m.name, h.branch_id, b.name, "
        "h.team_id FROM honours h LEFT JOIN members m ON m.id = h.member_id LEFT JOIN branches b ON "
        "b.id = h.branch_id WHERE h.office_code = ? AND (? = 0 OR h.year = ?) AND (? IS NULL OR "
        "h.kind = ?) ORDER BY h.year DESC, h.id LIMIT 5000";
    struct db_param p[] = {P_STR(office), P_I64(year), P_I64(year), P_OPT(kind), P_OPT(kind)};
    return view_fetch(db, &honours_view, sql, p, 5, false, rows);
}

enum yh_err honours_db_delete(struct db *db, const char *office, int64_t id)
{
    static const char sql[] = "DELETE FROM honours WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 2, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}

enum yh_err honours_db_team_exists(struct db *db, const char *office, int64_t team_id, bool *exists)
{
    static const char sql[] = "SELECT 1 FROM volunteer_teams WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(team_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    *exists = false;
    if (err == YH_OK) {
        *exists = rows.nrows > 0;
        db_rows_free(&rows);
    }
    return err;
}

static const struct jcol fifty_cols[] = {{"member_id", JC_ID},
                                         {"name", JC_STR},
                                         {"joined_on", JC_STR},
                                         {"full_member_on", JC_STR},
                                         {"full_member_estimated", JC_BOOL},
                                         {"status", JC_STR},
                                         {"branch_id", JC_ID},
                                         {"awarded", JC_BOOL},
                                         {"awarded_year", JC_INT}};
const struct view fifty_view = VIEW(fifty_cols);
#define FIFTY_ESTIMATED 4 /* the column of full_member_estimated */
#define FIFTY_AWARDED 7   /* the column of awarded */
#define FIFTY_MEDAL STANDING_SQL_MEDAL("m")

enum yh_err honours_db_fifty(struct db *db, const char *office, const char *cutoff, const char *alive_on,
                             struct db_rows *rows)
{
    static const char sql[] =
        "SELECT m.id, m.name, m.joined_on, m.full_member_on, m.full_member_estimated, "
        "m.status, IFNULL(m.branch_id, 0), h.id IS NOT NULL, h.year FROM members m "
        "LEFT JOIN honours h ON h.fifty_key = m.id WHERE m.office_code = ? AND " FIFTY_MEDAL
        " AND (m.status = 'active' OR (m.status = 'deceased' AND m.status_on >= ?)) "
        "ORDER BY m.full_member_on, m.id LIMIT 20000";
    struct db_param p[] = {P_STR(office), P_STR(cutoff), P_STR(alive_on)};
    return view_fetch(db, &fifty_view, sql, p, 3, false, rows);
}

void honours_fifty_count(const struct db_rows *rows, int64_t member, int *awarded, int *estimated,
                         bool *eligible)
{
    *awarded = 0;
    if (estimated != NULL) {
        *estimated = 0;
        for (size_t i = 0; i < rows->nrows; i++) {
            *estimated += db_i64(rows, i, FIFTY_ESTIMATED) != 0;
        }
    }
    if (eligible != NULL) {
        *eligible = false;
    }
    for (size_t i = 0; i < rows->nrows; i++) {
        *awarded += db_i64(rows, i, FIFTY_AWARDED) != 0;
        if (eligible != NULL && db_i64(rows, i, 0) == member) {
            *eligible = true;
        }
    }
}
