/* The store of /v1/care/days: an office's own days of the holiday round. */
#include <stdlib.h>

#include "yinhui/care_db.h"
#include "yinhui/care_due.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define DAY_COLS "id, name, calendar, month, day, IFNULL(year, 0), version"

static const struct fm day_map[] = {
    FM(FM_ID, NULL, struct care_day, id),        FM(FM_STR, NULL, struct care_day, name),
    FM(FM_STR, NULL, struct care_day, calendar), FM(FM_INT, NULL, struct care_day, month),
    FM(FM_INT, NULL, struct care_day, day),      FM(FM_INT, NULL, struct care_day, year),
    FM(FM_INT, NULL, struct care_day, version),
};

/* LIMIT: CARE_DAYS_MAX + 1 */
enum yh_err care_days_db_all(struct db *db, const char *office, struct care_day **out, size_t *n)
{
    static const char sql[] = "SELECT " DAY_COLS " FROM care_days WHERE office_code = ? ORDER BY id LIMIT 51";
    struct db_param p[] = {P_STR(office)};
    return FM_ALL(db, sql, p, 1, day_map, ARRAY_LEN(day_map), out, n);
}

enum yh_err care_days_db_get(struct db *db, const char *office, int64_t id, struct care_day *d)
{
    static const char sql[] = "SELECT " DAY_COLS " FROM care_days WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, day_map, ARRAY_LEN(day_map), d);
}

enum yh_err care_days_db_count(struct db *db, const char *office, int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM care_days WHERE office_code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_int(db, sql, p, 1, 0, n);
}

enum yh_err care_days_db_insert(struct db *db, const char *office, const struct care_day *d, const char *by,
                                int64_t *id)
{
    static const char sql[] = "INSERT INTO care_days (office_code, name, calendar, month, day, year, "
                              "created_by) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?)";
    struct db_param p[] = {P_STR(office), P_STR(d->name), P_STR(d->calendar), P_I64(d->month),
                           P_I64(d->day), P_I64(d->year), P_STR(by)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err care_days_db_update(struct db *db, const char *office, const struct care_day *d, int64_t version)
{
    static const char sql[] =
        "UPDATE care_days SET name = ?, calendar = ?, month = ?, day = ?, year = "
        "NULLIF(?, 0), version = version + 1 WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM care_days WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(d->name), P_STR(d->calendar), P_I64(d->month), P_I64(d->day),
                           P_I64(d->year), P_STR(office),      P_I64(d->id),    P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, d->id);
}

enum yh_err care_days_db_delete(struct db *db, const char *office, int64_t id)
{
    static const char sql[] = "DELETE FROM care_days WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_delete_one(db, sql, p, 2);
}
