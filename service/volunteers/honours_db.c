/* Volunteer honours (most beautiful volunteer / team): the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* ---- honours ---- */

enum yh_err vhonours_db_insert(struct db *db, const char *office, int64_t year, const char *title,
                               int64_t volunteer_id, int64_t team_id, const char *citation, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteer_honours (office_code, year, title, volunteer_id, team_id, citation) "
        "VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),
                           P_I64(year),
                           P_STR(title),
                           volunteer_id ? P_I64(volunteer_id) : P_NULL,
                           team_id ? P_I64(team_id) : P_NULL,
                           P_OPT(citation)};
    return db_insert(db, sql, p, 6, id);
}

static const struct jcol vhonours_cols[] = {
    {"id", JC_ID},           {"year", JC_INT},           {"title", JC_STR},
    {"volunteer_id", JC_ID}, {"volunteer_name", JC_STR}, {"team_id", JC_ID},
    {"team_name", JC_STR},   {"citation", JC_STR}};
const struct view vhonours_view = VIEW(vhonours_cols);

enum yh_err vhonours_db_list(struct db *db, const char *office, int64_t year, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT h.id, h.year, h.title, h.volunteer_id, v.name, h.team_id, t.name, h.citation "
        "FROM volunteer_honours h LEFT JOIN volunteers v ON v.id = h.volunteer_id "
        "LEFT JOIN volunteer_teams t ON t.id = h.team_id WHERE h.office_code = ? "
        "AND (? = 0 OR h.year = ?) ORDER BY h.year DESC, h.id LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_I64(year), P_I64(year)};
    return view_fetch(db, &vhonours_view, sql, p, 3, false, rows);
}

enum yh_err vhonours_db_delete(struct db *db, const char *office, int64_t id)
{
    static const char sql[] = "DELETE FROM volunteer_honours WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_delete_one(db, sql, p, 2);
}
