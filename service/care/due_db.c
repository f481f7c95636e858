/* The store of /v1/care/due: the active retirees with their last visit for each reason,
 * the inputs of the due list (care_due.c). */
#include <stdlib.h>
#include <string.h>

#include "yinhui/care_db.h"

/* The last visit per reason comes from one pass over the office's visit rows (the
 * derived table), not six lookups per member. */
enum yh_err care_db_members(struct db *db, const char *office, int64_t branch_id, struct care_members *out)
{
    static const char sql[] =
        "SELECT m.id, m.name, m.birth_date, IFNULL(m.branch_id, 0), m.lunar_birthday, m.health_idx, "
        "m.hardship, "
        "v.hosp, v.home, v.hard, v.hol, v.bday, v.round, s.admitted_on FROM members m LEFT JOIN (SELECT "
        "vm.member_id, "
        "MAX(IF(vm.reason = 'hospitalisation', vm.visited_on, NULL)) hosp, "
        "MAX(IF(vm.reason = 'home_service', vm.visited_on, NULL)) home, "
        "MAX(IF(vm.reason = 'hardship', vm.visited_on, NULL)) hard, "
        "MAX(IF(vm.reason = 'holiday', vm.visited_on, NULL)) hol, "
        "MAX(IF(vm.reason = 'birthday', vm.visited_on, NULL)) bday, "
        "MAX(IF(vm.reason = 'round_birthday', vm.visited_on, NULL)) round "
        "FROM visit_members vm WHERE vm.office_code = ? GROUP BY vm.member_id) v ON v.member_id = m.id "
        "LEFT JOIN hospital_stays s ON s.open_key = m.id "
        "WHERE m.office_code = ? AND m.status = 'active' AND m.category IN ('lixiu', 'retired') AND (? = 0 "
        "OR "
        "m.branch_id = ?) ORDER BY m.id LIMIT 50000";
    struct db_param p[] = {P_STR(office), P_STR(office), P_I64(branch_id), P_I64(branch_id)};
    memset(out, 0, sizeof(*out));
    enum yh_err err = db_exec(db, sql, p, 4, &out->rows, NULL, NULL);
    if (err != YH_OK) {
        memset(out, 0, sizeof(*out));
        return err;
    }
    const struct db_rows *r = &out->rows;
    out->items = calloc(r->nrows ? r->nrows : 1, sizeof(*out->items));
    if (out->items == NULL) {
        care_members_free(out);
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < r->nrows; i++) {
        out->items[i] = (struct care_member){
            .id = db_i64(r, i, 0),
            .name = db_str(r, i, 1),
            .birth_date = db_str(r, i, 2),
            .branch_id = db_i64(r, i, 3),
            .lunar_birthday = db_i64(r, i, 4) != 0,
            .health_idx = (const unsigned char *)db_str(r, i, 5),
            .health_len = db_str(r, i, 5) ? db_len(r, i, 5) : 0,
            .hardship = db_i64(r, i, 6) != 0,
            .last_hospital = db_str(r, i, 7),
            .last_home = db_str(r, i, 8),
            .last_hardship = db_str(r, i, 9),
            .last_holiday = db_str(r, i, 10),
            .last_birthday = db_str(r, i, 11),
            .last_round = db_str(r, i, 12),
            .admitted_on = db_str(r, i, 13),
        };
    }
    out->n = r->nrows;
    return YH_OK;
}

enum yh_err care_db_hospital_days(struct db *db, const char *office, int64_t *days)
{
    static const char sql[] = "SELECT hospital_visit_days FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_int_row(db, sql, p, 1, days);
}

void care_members_free(struct care_members *m)
{
    if (m == NULL) {
        return;
    }
    free(m->items);
    db_rows_free(&m->rows);
    memset(m, 0, sizeof(*m));
}
