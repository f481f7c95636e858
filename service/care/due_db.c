/* The store of /v1/care/due: the active retirees with their last visit for each reason,
 * the inputs of the due list (care_due.c). */
#include <stdlib.h>
#include <string.h>

#include "yinhui/care_db.h"
#include "yinhui/util.h"

/* care_db_members_each's function and its context. */
struct member_each {
    care_member_fn fn;
    void *ctx;
};

/* A row of the members' query to the caller's function as a member (its strings borrowed
 * from the row). */
static void member_row(const struct db_rows *r, void *ctx)
{
    const struct member_each *e = ctx;
    struct care_member m = {
        .id = db_i64(r, 0, 0),
        .name = db_str(r, 0, 1),
        .birth_date = db_str(r, 0, 2),
        .branch_id = db_i64(r, 0, 3),
        .lunar_birthday = db_i64(r, 0, 4) != 0,
        .health_idx = (const unsigned char *)db_str(r, 0, 5),
        .health_len = db_str(r, 0, 5) ? db_len(r, 0, 5) : 0,
        .hardship = db_i64(r, 0, 6) != 0,
        .last_hospital = db_str(r, 0, 7),
        .last_home = db_str(r, 0, 8),
        .last_hardship = db_str(r, 0, 9),
        .last_holiday = db_str(r, 0, 10),
        .last_birthday = db_str(r, 0, 11),
        .last_round = db_str(r, 0, 12),
        .admitted_on = db_str(r, 0, 13),
    };
    e->fn(&m, e->ctx);
}

/* The last visit per reason is the office's row of care_last_visits (sql/0057, kept by
 * the visit writes); only the members f lets through are read (the rules decide which
 * of them are due). */
enum yh_err care_db_members_each(struct db *db, const char *office, int64_t branch_id,
                                 const struct due_filter *f, care_member_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT m.id, m.name, m.birth_date, IFNULL(m.branch_id, 0), m.lunar_birthday, m.health_idx, "
        "m.hardship, "
        "v.hosp, v.home, v.hard, v.hol, v.bday, v.round, s.admitted_on FROM members m LEFT JOIN "
        "care_last_visits v "
        "ON v.office_code = m.office_code AND v.member_id = m.id LEFT JOIN hospital_stays s ON s.open_key = "
        "m.id "
        "WHERE m.office_code = ? AND m.status = 'active' AND m.category IN ('lixiu', 'retired') AND (? = 0 "
        "OR m.branch_id = ?) AND (? = 1 OR MONTH(m.birth_date) IN (?, ?, ?) OR m.lunar_birthday = 1 OR "
        "m.health_idx IN (?, ?) OR m.hardship = 1 OR EXISTS (SELECT 1 FROM hospital_stays h WHERE h.open_key "
        "= m.id)) "
        "ORDER BY m.id LIMIT 50000";
    struct db_param p[] = {P_STR(office),       P_I64(branch_id),    P_I64(branch_id),
                           P_I64(f->everyone),  P_I64(f->months[0]), P_I64(f->months[1]),
                           P_I64(f->months[2]), P_BLOB(f->hosp, 8),  P_BLOB(f->home, 8)};
    struct member_each e = {fn, ctx};
    return db_each(db, sql, p, ARRAY_LEN(p), member_row, &e);
}

enum yh_err care_db_hospital_days(struct db *db, const char *office, int64_t *days)
{
    static const char sql[] = "SELECT hospital_visit_days FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_int_row(db, sql, p, 1, days);
}
