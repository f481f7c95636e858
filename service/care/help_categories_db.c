/* The store of /v1/help-categories: the defaults (office 000000) merged with the office's
 * own rows. */
#include <stdio.h>
#include <string.h>

#include "yinhui/help_db.h"
#include "yinhui/util.h"

/* The office's effective categories: each default with the office's row of its code laid
 * over it, then the office's own codes. Parameters: office, office. */
#define HELP_CATS                                                                                            \
    "SELECT d.code, IFNULL(o.name, d.name) name, IFNULL(IF(o.code IS NULL, d.respond_hours, "                \
    "o.respond_hours), 0) respond_hours, IFNULL(o.resolve_hours, d.resolve_hours) resolve_hours, "           \
    "IFNULL(o.retired, d.retired) retired, o.code IS NOT NULL own FROM help_categories d LEFT JOIN "         \
    "help_categories o ON o.office_code = ? AND o.code = d.code WHERE d.office_code = '000000' "             \
    "UNION ALL SELECT o.code, o.name, IFNULL(o.respond_hours, 0), o.resolve_hours, o.retired, 1 FROM "       \
    "help_categories o WHERE o.office_code = ? AND NOT EXISTS (SELECT 1 FROM help_categories d WHERE "       \
    "d.office_code = '000000' AND d.code = o.code)"

static const struct fm category_map[] = {
    FM(FM_STR, "code", struct help_category, code),
    FM(FM_STR, "name", struct help_category, name),
    FM(FM_INT, "respond_hours", struct help_category, respond_hours),
    FM(FM_INT, "resolve_hours", struct help_category, resolve_hours),
    FM(FM_BOOL, "retired", struct help_category, retired),
    FM(FM_BOOL, "own", struct help_category, own),
};

enum yh_err help_categories_db_list(struct db *db, const char *office, bool all, struct help_category **out,
                                    size_t *n)
{
    static const char sql[] = "SELECT * FROM (" HELP_CATS ") c WHERE (? OR c.retired = 0) ORDER BY c.code";
    struct db_param p[] = {P_STR(office), P_STR(office), P_I64(all)};
    return FM_ALL(db, sql, p, 3, category_map, ARRAY_LEN(category_map), out, n);
}

enum yh_err help_categories_db_get(struct db *db, const char *office, const char *code,
                                   struct help_category *c)
{
    static const char sql[] = "SELECT * FROM (" HELP_CATS ") c WHERE c.code = ?";
    struct db_param p[] = {P_STR(office), P_STR(office), P_STR(code)};
    return fm_one(db, sql, p, 3, category_map, ARRAY_LEN(category_map), c);
}

enum yh_err help_categories_db_own_others(struct db *db, const char *office, const char *code, int64_t *n)
{
    /* FOR UPDATE locks the office's range: two new codes at once cannot both pass the cap */
    static const char sql[] =
        "SELECT COUNT(*) FROM help_categories WHERE office_code = ? AND code <> ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_STR(code)};
    return db_int(db, sql, p, 2, 0, n);
}

enum yh_err help_categories_db_put(struct db *db, const char *office, const struct help_category *c)
{
    static const char sql[] =
        "INSERT INTO help_categories (office_code, code, name, respond_hours, resolve_hours, retired) VALUES "
        "(?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), respond_hours = "
        "VALUES(respond_hours), resolve_hours = VALUES(resolve_hours), retired = VALUES(retired), version = "
        "version + 1";
    struct db_param p[] = {P_STR(office),           P_STR(c->code),
                           P_STR(c->name),          c->respond_hours > 0 ? P_I64(c->respond_hours) : P_NULL,
                           P_I64(c->resolve_hours), P_I64(c->retired)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}
