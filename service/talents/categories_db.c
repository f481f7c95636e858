/* The store of /v1/talent-categories. */
#include "yinhui/talents_db.h"

#include <stdio.h>

#include "yinhui/volunteers_db.h"

/* ---- the view and its SELECT ---- */

static const struct jcol tcat_cols[] = {{"id", JC_ID},       {"code", JC_STR},
                                        {"name", JC_STR},    {"retired", JC_BOOL},
                                        {"version", JC_INT}, {"admitted_talents", JC_INT}};
const struct view tcat_view = VIEW(tcat_cols);
#define TCAT_COLS                                                                                            \
    "c.id, c.code, c.name, c.retired, c.version, (SELECT COUNT(*) FROM talent_category_links l JOIN "        \
    "talents t "                                                                                             \
    "ON t.id = l.talent_id WHERE l.category_id = c.id AND t.status = 'admitted')"

enum yh_err tcat_db_ensure(struct db *db, const char *office)
{
    static const char sql[] =
        "INSERT IGNORE INTO talent_categories (office_code, code, name) SELECT ?, c.code, c.name FROM ("
        "SELECT 'lecturing' code, '政治理论宣讲' name "
        "UNION ALL SELECT 'medicine', '医疗卫生' "
        "UNION ALL SELECT 'party_building', '党建' "
        "UNION ALL SELECT 'agriculture', '农业' "
        "UNION ALL SELECT 'science_education', '科教' "
        "UNION ALL SELECT 'construction', '城乡建设' "
        "UNION ALL SELECT 'law', '法律' "
        "UNION ALL SELECT 'culture_arts', '文化艺术' "
        "UNION ALL SELECT 'economy', '经济与投资' "
        "UNION ALL SELECT 'next_generation', '关心下一代') c "
        "WHERE NOT EXISTS (SELECT 1 FROM talent_categories t WHERE t.office_code = ?)";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err tcat_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " TCAT_COLS " FROM talent_categories c WHERE c.office_code = ? ORDER BY c.id";
    struct db_param p[] = {P_STR(office)};
    return view_fetch(db, &tcat_view, sql, p, 1, false, rows);
}

enum yh_err tcat_db_row(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " TCAT_COLS " FROM talent_categories c WHERE c.office_code = ? AND c.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &tcat_view, sql, p, 2, true, rows);
}

/* A category as tcat_db_get and tcat_db_by_code read it (tcat_view shows it). */
static const struct fm tcat_map[] = {
    FM(FM_ID, NULL, struct talent_category, id),       FM(FM_STR, NULL, struct talent_category, code),
    FM(FM_STR, NULL, struct talent_category, name),    FM(FM_BOOL, NULL, struct talent_category, retired),
    FM(FM_INT, NULL, struct talent_category, version),
};

/* The category of a one-row SELECT of columns id, code, name, retired, version. */
static enum yh_err tcat_one(struct db *db, const char *sql, const struct db_param *p, size_t n,
                            struct talent_category *c)
{
    return fm_one(db, sql, p, n, tcat_map, sizeof(tcat_map) / sizeof(tcat_map[0]), c);
}

enum yh_err tcat_db_get(struct db *db, const char *office, int64_t id, struct talent_category *c)
{
    static const char sql[] =
        "SELECT id, code, name, retired, version FROM talent_categories WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return tcat_one(db, sql, p, 2, c);
}

enum yh_err tcat_db_by_code(struct db *db, const char *office, const char *code, struct talent_category *c)
{
    static const char sql[] =
        "SELECT id, code, name, retired, version FROM talent_categories WHERE office_code = ? AND code = ?";
    struct db_param p[] = {P_STR(office), P_STR(code)};
    return tcat_one(db, sql, p, 2, c);
}

enum yh_err tcat_db_insert(struct db *db, const char *office, const char *code, const char *name, int64_t *id)
{
    static const char sql[] = "INSERT INTO talent_categories (office_code, code, name) VALUES (?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(code), P_STR(name)};
    return db_insert(db, sql, p, 3, id);
}

enum yh_err tcat_db_update(struct db *db, const char *office, const struct talent_category *c,
                           int64_t version)
{
    static const char sql[] = "UPDATE talent_categories SET name = ?, retired = ?, version = version + 1 "
                              "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM talent_categories WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(c->name), P_I64(c->retired), P_STR(office), P_I64(c->id), P_I64(version)};
    return db_update_one(db, sql, p, 5, exists, office, c->id);
}
