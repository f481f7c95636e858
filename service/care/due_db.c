/* The store of /v1/care/due: the active members with their last visits, the inputs of
 * the due list (care_due.c). */
#include <stdlib.h>
#include <string.h>

#include "yinhui/care_db.h"

enum yh_err care_db_members(struct db *db, const char *office, int64_t branch_id, struct care_members *out)
{
    static const char sql[] =
        "SELECT m.id, m.name, m.birth_date, IFNULL(m.branch_id, 0), m.health_idx, m.hardship, "
        "(SELECT MAX(vm.visited_on) FROM visit_members vm WHERE vm.office_code = m.office_code AND "
        "vm.member_id = m.id "
        "AND vm.reason = 'hospitalisation'), "
        "(SELECT MAX(vm.visited_on) FROM visit_members vm WHERE vm.office_code = m.office_code AND "
        "vm.member_id = m.id), "
        "(SELECT MAX(vm.visited_on) FROM visit_members vm WHERE vm.office_code = m.office_code AND "
        "vm.member_id = m.id "
        "AND vm.reason = 'holiday') FROM members m WHERE m.office_code = ? AND m.status = 'active' AND (? = "
        "0 OR "
        "m.branch_id = ?) ORDER BY m.id LIMIT 50000";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(branch_id)};
    memset(out, 0, sizeof(*out));
    enum yh_err err = db_exec(db, sql, p, 3, &out->rows, NULL, NULL);
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
            .health_idx = (const unsigned char *)db_str(r, i, 4),
            .health_len = db_str(r, i, 4) ? db_len(r, i, 4) : 0,
            .hardship = db_i64(r, i, 5) != 0,
            .last_hospital = db_str(r, i, 6),
            .last_any = db_str(r, i, 7),
            .last_holiday = db_str(r, i, 8),
        };
    }
    out->n = r->nrows;
    return YH_OK;
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
