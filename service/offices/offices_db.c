/* Store of offices: the GB/T 2260 tree, read within the caller's subtree. */
#include "yinhui/offices_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/gbt2260.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* The columns office_map reads, in its order. */
#define OFFICE_COLS                                                                                          \
    "code, parent_code, name, level, version, liaison_cap, points_per_hour, talent_review_years, " SQL_TS(   \
        "created_at") ", " SQL_TS("updated_at") ", survey_min_responses, hospital_visit_days, "              \
                                                "guide_contact_days"

/* OFFICE_COLS in order: each column's member and how the API shows it. */
static const struct fm office_map[] = {
    FM(FM_STR, "code", struct office, code),
    FM(FM_OPT, "parent_code", struct office, parent), /* NULL for a province */
    FM(FM_STR, "name", struct office, name),
    FM(FM_STR, "level", struct office, level),
    FM(FM_INT, "version", struct office, version),
    FM(FM_INT, "liaison_cap", struct office, liaison_cap),
    FM(FM_INT, "points_per_hour", struct office, points_per_hour),
    FM(FM_INT, "talent_review_years", struct office, talent_review_years),
    FM(FM_STR, "created_at", struct office, created_at),
    FM(FM_STR, "updated_at", struct office, updated_at),
    FM(FM_INT, "survey_min_responses", struct office, survey_min_responses),
    FM(FM_INT, "hospital_visit_days", struct office, hospital_visit_days),
    FM(FM_INT, "guide_contact_days", struct office, guide_contact_days),
};

cJSON *office_json(const struct office *o)
{
    return fm_to_json(office_map, ARRAY_LEN(office_map), o);
}

/* The caller's significant prefix, e.g. "53" for 530000. */
static void prefix_of(const char *scope, char out[7])
{
    size_t n = gbt2260_prefix_len(scope);
    memcpy(out, scope, n);
    out[n] = '\0';
}

enum yh_err offices_db_get(struct db *db, const char *scope, const char *code, struct office *o)
{
    /* the subtree is checked here, not with LIKE in the statement: a LIKE under the
     * table's collation cost MariaDB a third more than the primary-key lookup itself
     * (issue 17's uncached point read). Stored codes are ASCII digits, so a code that
     * does not start with the prefix byte for byte names no office of the subtree. */
    static const char sql[] = "SELECT " OFFICE_COLS " FROM offices WHERE code = ?";
    char prefix[7];
    prefix_of(scope, prefix);
    if (prefix[0] == '\0' || strncmp(code, prefix, strlen(prefix)) != 0) {
        return YH_ERR_NOT_FOUND;
    }
    struct db_param p[] = {P_STR(code)};
    return fm_one(db, sql, p, 1, office_map, ARRAY_LEN(office_map), o);
}

enum yh_err offices_db_list(struct db *db, const char *scope, const char *parent, const char *level,
                            const char *after, int limit, struct office **out, size_t *n)
{
    static const char sql[] =
        "SELECT " OFFICE_COLS " FROM offices WHERE code LIKE CONCAT(?, '%') AND code > ? "
        "AND (? IS NULL OR parent_code = ?) AND (? IS NULL OR level = ?) "
        "ORDER BY code LIMIT ?";
    char prefix[7];
    *out = NULL;
    *n = 0;
    prefix_of(scope, prefix);
    if (prefix[0] == '\0') {
        return YH_ERR_NOT_FOUND;
    }
    struct db_param p[] = {P_STR(prefix),
                           P_STR(after),
                           parent ? P_STR(parent) : P_NULL,
                           parent ? P_STR(parent) : P_NULL,
                           level ? P_STR(level) : P_NULL,
                           level ? P_STR(level) : P_NULL,
                           P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 7, office_map, ARRAY_LEN(office_map), out, n);
}

enum yh_err offices_db_create(struct db *db, const char *code, const char *parent, const char *name,
                              const char *level)
{
    static const char sql[] = "INSERT INTO offices (code, parent_code, name, level) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(code), parent && parent[0] ? P_STR(parent) : P_NULL, P_STR(name),
                           P_STR(level)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err offices_db_update(struct db *db, const char *scope, const char *code, int64_t version,
                              const char *name, int64_t liaison_cap, int64_t points_per_hour,
                              int64_t review_years, int64_t survey_min, int64_t hospital_days,
                              int64_t guide_days)
{
    static const char sql[] =
        "UPDATE offices SET name = COALESCE(?, name), liaison_cap = IF(? < 0, liaison_cap, ?), "
        "points_per_hour = IF(? < 0, points_per_hour, ?), talent_review_years = IF(? < 0, "
        "talent_review_years, ?), "
        "survey_min_responses = IF(? < 0, survey_min_responses, ?), "
        "hospital_visit_days = IF(? < 0, hospital_visit_days, ?), "
        "guide_contact_days = IF(? < 0, guide_contact_days, ?), "
        "version = version + 1, updated_at = NOW(3) "
        "WHERE code = ? AND code LIKE CONCAT(?, '%') AND version = ?";
    char prefix[7];
    uint64_t affected = 0;
    struct office o;
    enum yh_err err;
    prefix_of(scope, prefix);
    struct db_param p[] = {
        name ? P_STR(name) : P_NULL, P_I64(liaison_cap),   P_I64(liaison_cap),   P_I64(points_per_hour),
        P_I64(points_per_hour),      P_I64(review_years),  P_I64(review_years),  P_I64(survey_min),
        P_I64(survey_min),           P_I64(hospital_days), P_I64(hospital_days), P_I64(guide_days),
        P_I64(guide_days),           P_STR(code),          P_STR(prefix),        P_I64(version)};
    err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (affected == 1) {
        return YH_OK;
    }
    err = offices_db_get(db, scope, code, &o);
    return err == YH_OK ? YH_ERR_PRECONDITION : err;
}
