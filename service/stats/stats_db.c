/* Statistics: grouped by office, for one office or every office under a prefix. */
#include "yinhui/stats_db.h"

enum yh_err stats_db_members(struct db *db, const char *prefix, struct db_rows *rows)
{
    static const char sql[] = "SELECT office_code, dim, val, n FROM member_marginals WHERE office_code LIKE CONCAT(?, '%') "
                              "AND n <> 0";
    struct db_param p[] = {P_STR(prefix)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err stats_db_branches(struct db *db, const char *prefix, struct db_rows *rows)
{
    static const char sql[] = "SELECT office_code, level, nature, IFNULL(demo_level, ''), COUNT(*) FROM branches WHERE "
                              "office_code LIKE CONCAT(?, '%') AND dissolved_on IS NULL GROUP BY office_code, level, nature, "
                              "demo_level";
    struct db_param p[] = {P_STR(prefix)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err stats_db_activities(struct db *db, const char *prefix, const char *year_from, const char *year_to,
                                struct db_rows *rows)
{
    static const char sql[] = "SELECT office_code, QUARTER(held_at), COUNT(*), SUM(records), SUM(attended) FROM "
                              "activities WHERE office_code LIKE CONCAT(?, '%') AND held_at >= ? AND held_at < ? GROUP BY "
                              "office_code, QUARTER(held_at)";
    struct db_param p[] = {P_STR(prefix), P_STR(year_from), P_STR(year_to)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

enum yh_err stats_db_visits(struct db *db, const char *prefix, const char *from, const char *to, struct db_rows *rows)
{
    static const char sql[] = "SELECT office_code, reason, COUNT(*) FROM visits WHERE office_code LIKE CONCAT(?, '%') AND "
                              "visited_on >= ? AND visited_on < ? GROUP BY office_code, reason";
    struct db_param p[] = {P_STR(prefix), P_STR(from), P_STR(to)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

enum yh_err stats_db_dues(struct db *db, const char *prefix, const char *from_month, const char *to_month,
                          struct db_rows *rows)
{
    static const char sql[] = "SELECT office_code, SUM(amount_fen) FROM dues WHERE office_code LIKE CONCAT(?, '%') AND "
                              "month BETWEEN ? AND ? GROUP BY office_code";
    struct db_param p[] = {P_STR(prefix), P_STR(from_month), P_STR(to_month)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

enum yh_err stats_db_hours(struct db *db, const char *prefix, const char *from, const char *to, struct db_rows *rows)
{
    static const char sql[] = "SELECT office_code, SUM(minutes) FROM volunteer_hours WHERE office_code LIKE CONCAT(?, '%') "
                              "AND status = 'confirmed' AND served_on >= ? AND served_on < ? GROUP BY office_code";
    struct db_param p[] = {P_STR(prefix), P_STR(from), P_STR(to)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

enum yh_err stats_db_talents(struct db *db, const char *prefix, struct db_rows *rows)
{
    static const char sql[] = "SELECT t.office_code, c.code, COUNT(*) FROM talents t JOIN talent_category_links l ON "
                              "l.talent_id = t.id JOIN talent_categories c ON c.id = l.category_id WHERE t.office_code LIKE "
                              "CONCAT(?, '%') AND t.status = 'admitted' GROUP BY t.office_code, c.code";
    struct db_param p[] = {P_STR(prefix)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err stats_db_offices(struct db *db, const char *prefix, struct db_rows *rows)
{
    static const char sql[] = "SELECT code, name, IFNULL(parent_code, ''), level FROM offices WHERE code LIKE CONCAT(?, '%') "
                              "ORDER BY code LIMIT 100000";
    struct db_param p[] = {P_STR(prefix)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}
