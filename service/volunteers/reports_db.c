/* Leaderboards and reports of confirmed service: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* ---- leaderboard and reports ---- */

static const struct jcol leaderboard_cols[] = {
    {"id", JC_ID}, {"name", JC_STR}, {"minutes", JC_INT}, {"events", JC_INT}};
const struct view leaderboard_view = VIEW(leaderboard_cols);

enum yh_err leaderboard_db(struct db *db, const char *office, const char *by, const char *from,
                           const char *to, int limit, struct db_rows *rows)
{
    static const char vol[] = "SELECT v.id, v.name, SUM(h.minutes) m, COUNT(DISTINCT h.event_id) FROM "
                              "volunteer_hours h JOIN volunteers v "
                              "ON v.id = h.volunteer_id WHERE h.office_code = ? AND " VHOURS_COUNTED " "
                              "AND h.served_on >= ? AND "
                              "h.served_on < ? GROUP BY v.id, v.name ORDER BY m DESC, v.id LIMIT ?";
    static const char team[] =
        "SELECT t.id, t.name, SUM(h.minutes) m, COUNT(DISTINCT h.event_id) FROM volunteer_hours h JOIN "
        "volunteer_teams t "
        "ON t.id = h.team_id WHERE h.office_code = ? AND " VHOURS_COUNTED " AND h.served_on >= ? AND "
        "h.served_on < ? GROUP BY t.id, t.name ORDER BY m DESC, t.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to), P_I64(limit)};
    return view_fetch(db, &leaderboard_view, strcmp(by, "team") == 0 ? team : vol, p, 4, false, rows);
}

static const struct jcol report_cols[] = {
    {"key", JC_STR}, {"label", JC_STR}, {"minutes", JC_INT}, {"participants", JC_INT}, {"events", JC_INT}};
const struct view report_view = VIEW(report_cols);

enum yh_err report_db(struct db *db, const char *office, const char *by, const char *from, const char *to,
                      struct db_rows *rows)
{
    static const char team[] =
        "SELECT IFNULL(h.team_id, 0), IFNULL(t.name, '(no team)'), SUM(h.minutes), COUNT(DISTINCT "
        "h.volunteer_id), "
        "COUNT(DISTINCT h.event_id) FROM volunteer_hours h LEFT JOIN volunteer_teams t ON t.id = h.team_id "
        "WHERE h.office_code = ? AND " VHOURS_COUNTED " AND h.served_on >= ? AND h.served_on < ? "
        "GROUP BY h.team_id, t.name ORDER BY 1 LIMIT 5000";
    static const char month[] =
        "SELECT DATE_FORMAT(h.served_on, '%Y-%m') k, DATE_FORMAT(h.served_on, '%Y-%m'), SUM(h.minutes), "
        "COUNT(DISTINCT h.volunteer_id), COUNT(DISTINCT h.event_id) FROM volunteer_hours h WHERE "
        "h.office_code = ? "
        "AND " VHOURS_COUNTED " AND h.served_on >= ? AND h.served_on < ? GROUP BY k ORDER BY k LIMIT "
        "5000";
    static const char event[] =
        "SELECT h.event_id, e.title, SUM(h.minutes), COUNT(DISTINCT h.volunteer_id), 1 FROM volunteer_hours "
        "h "
        "JOIN volunteer_events e ON e.id = h.event_id WHERE h.office_code = ? AND " VHOURS_COUNTED " AND "
        "h.served_on >= ? AND h.served_on < ? GROUP BY h.event_id, e.title ORDER BY 1 LIMIT 5000";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    const char *sql = strcmp(by, "team") == 0 ? team : strcmp(by, "month") == 0 ? month : event;
    return view_fetch(db, &report_view, sql, p, 3, false, rows);
}
