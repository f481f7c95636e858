/* The store of /v1/treatment-levels: the defaults (office 000000) and an office's own rows. */
#include "yinhui/treatment.h"
#include "yinhui/treatment_db.h"
#include "yinhui/util.h"

static const struct fm level_map[] = {
    FM(FM_STR, "code", struct treatment_level, code), FM(FM_STR, "name", struct treatment_level, name),
    FM(FM_INT, "rank", struct treatment_level, rank), FM(FM_BOOL, "retired", struct treatment_level, retired),
    FM(FM_BOOL, "own", struct treatment_level, own),  FM(FM_INT, "version", struct treatment_level, version),
};

/* LIMIT: TREATMENT_LEVELS_MAX + 1 */
enum yh_err treatment_levels_db_all(struct db *db, const char *office, struct treatment_level **out,
                                    size_t *n)
{
    static const char sql[] =
        "SELECT t.code, t.name, t.rank_order, t.retired, t.office_code <> '000000', t.version "
        "FROM treatment_levels t WHERE t.office_code = ? OR (t.office_code = '000000' AND NOT EXISTS "
        "(SELECT 1 FROM treatment_levels o WHERE o.office_code = ? AND o.code = t.code)) "
        "ORDER BY t.rank_order, t.code LIMIT 41";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return FM_ALL(db, sql, p, 2, level_map, ARRAY_LEN(level_map), out, n);
}

enum yh_err treatment_levels_db_others(struct db *db, const char *office, const char *code, int64_t *n)
{
    /* FOR UPDATE locks the office's range: two new codes at once cannot both pass the cap */
    static const char sql[] = "SELECT COUNT(*) FROM treatment_levels WHERE office_code = ? AND code <> ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_STR(code)};
    return db_int(db, sql, p, 2, 0, n);
}

enum yh_err treatment_levels_db_put(struct db *db, const char *office, const struct treatment_level *l)
{
    static const char sql[] =
        "INSERT INTO treatment_levels (office_code, code, name, rank_order, retired) VALUES (?, ?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE name = VALUES(name), rank_order = VALUES(rank_order), "
        "retired = VALUES(retired), version = version + 1";
    struct db_param p[] = {P_STR(office), P_STR(l->code), P_STR(l->name), P_I64(l->rank), P_I64(l->retired)};
    return db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, NULL);
}
