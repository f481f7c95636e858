/* An office's volunteer settings (sql/0047): the store. */
#include "yinhui/volunteers_db.h"

#include "yinhui/body.h"
#include "yinhui/util.h"

static const struct fm vsettings_map[] = {
    FM(FM_STR, NULL, struct vsettings, reminder_days),
    FM(FM_INT, NULL, struct vsettings, checkout_margin_minutes),
    FM(FM_INT, NULL, struct vsettings, points_day_cap),
    FM(FM_INT, NULL, struct vsettings, points_year_cap),
    FM(FM_STR, NULL, struct vsettings, cert_responsible),
    FM(FM_STR, NULL, struct vsettings, cert_contact),
    FM(FM_INT, NULL, struct vsettings, version),
};

/* The columns with the defaults of an office without a row (the table's defaults). */
#define VSETTINGS_COLS                                                                                       \
    "IFNULL(s.reminder_days, '7,1'), IFNULL(s.checkout_margin_minutes, 60), IFNULL(s.points_day_cap, -1), " \
    "IFNULL(s.points_year_cap, -1), s.cert_responsible, s.cert_contact, IFNULL(s.version, 1) "

enum yh_err vsettings_db_get(struct db *db, const char *office, struct vsettings *s)
{
    static const char sql[] = "SELECT " VSETTINGS_COLS "FROM offices o LEFT JOIN volunteer_settings s "
                              "ON s.office_code = o.code WHERE o.code = ?";
    struct db_param p[] = {P_STR(office)};
    return fm_one(db, sql, p, 1, vsettings_map, ARRAY_LEN(vsettings_map), s);
}

enum yh_err vsettings_db_get_for_update(struct db *db, const char *office, struct vsettings *s)
{
    static const char create[] = "INSERT IGNORE INTO volunteer_settings (office_code) VALUES (?)";
    static const char sql[] =
        "SELECT " VSETTINGS_COLS "FROM volunteer_settings s WHERE s.office_code = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office)};
    enum yh_err err = db_exec(db, create, p, 1, NULL, NULL, NULL);
    return err != YH_OK ? err : fm_one(db, sql, p, 1, vsettings_map, ARRAY_LEN(vsettings_map), s);
}

enum yh_err vsettings_db_update(struct db *db, const char *office, const struct vsettings *s)
{
    static const char sql[] =
        "UPDATE volunteer_settings SET reminder_days = ?, checkout_margin_minutes = ?, points_day_cap = ?, "
        "points_year_cap = ?, cert_responsible = ?, cert_contact = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ?";
    struct db_param p[] = {
        P_STR(s->reminder_days),
        P_I64(s->checkout_margin_minutes),
        s->points_day_cap == FIELD_INT_NULL ? P_NULL : P_I64(s->points_day_cap),
        s->points_year_cap == FIELD_INT_NULL ? P_NULL : P_I64(s->points_year_cap),
        P_OPT(s->cert_responsible),
        P_OPT(s->cert_contact),
        P_STR(office),
    };
    return db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, NULL);
}
