/* The store of /v1/talent-categories. */
#include "yinhui/talents_db.h"

#include <stdio.h>

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

/* The category of a one-row SELECT of columns id, code, name, retired, version. */
static enum yh_err tcat_one(struct db *db, const char *sql, const struct db_param *p, size_t n,
                            struct talent_category *c)
{
    struct db_rows r;
    enum yh_err err = db_exec_row(db, sql, p, n, &r);
    if (err != YH_OK) {
        return err;
    }
    c->id = db_i64(&r, 0, 0);
    DB_CP(c->code, db_str(&r, 0, 1));
    DB_CP(c->name, db_str(&r, 0, 2));
    c->retired = db_i64(&r, 0, 3) != 0;
    c->version = db_i64(&r, 0, 4);
    db_rows_free(&r);
    return YH_OK;
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
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err tcat_db_update(struct db *db, const char *office, const struct talent_category *c,
                           int64_t version)
{
    static const char sql[] = "UPDATE talent_categories SET name = ?, retired = ?, version = version + 1 "
                              "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM talent_categories WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(c->name), P_I64(c->retired), P_STR(office), P_I64(c->id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, c->id);
}
