/* The store of /v1/care/due: the active retirees with their last visit for each reason,
 * the inputs of the due list (care_due.c). */
#include <stdlib.h>
#include <string.h>

#include "yinhui/care_db.h"
#include "yinhui/util.h"

/* The last visit per reason is the office's row of care_last_visits (sql/0057, kept by
 * the visit writes); only the members f lets through are read (the rules decide which
 * of them are due). */
static const char members_sql[] =
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

#define MEMBERS_NPARAMS 9

/* members_sql's parameters into p. */
static void members_params(struct db_param p[MEMBERS_NPARAMS], const char *office, int64_t branch_id,
                           const struct due_filter *f)
{
    struct db_param v[MEMBERS_NPARAMS] = {P_STR(office),       P_I64(branch_id),    P_I64(branch_id),
                                          P_I64(f->everyone),  P_I64(f->months[0]), P_I64(f->months[1]),
                                          P_I64(f->months[2]), P_BLOB(f->hosp, 8),  P_BLOB(f->home, 8)};
    memcpy(p, v, sizeof(v));
}

/* Row i of members_sql's result as a member (its strings borrowed from rows). */
static struct care_member member_of(const struct db_rows *r, size_t i)
{
    return (struct care_member){
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

enum yh_err care_db_members(struct db *db, const char *office, int64_t branch_id, const struct due_filter *f,
                            struct care_members *out)
{
    struct db_param p[MEMBERS_NPARAMS];
    members_params(p, office, branch_id, f);
    memset(out, 0, sizeof(*out));
    enum yh_err err = db_exec(db, members_sql, p, ARRAY_LEN(p), &out->rows, NULL, NULL);
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
        out->items[i] = member_of(r, i);
    }
    out->n = r->nrows;
    return YH_OK;
}

/* db_each's row to the caller's function as a member. */
struct member_each {
    care_member_fn fn;
    void *ctx;
};

static void member_row(const struct db_rows *row, void *ctx)
{
    const struct member_each *e = ctx;
    struct care_member m = member_of(row, 0);
    e->fn(&m, e->ctx);
}

enum yh_err care_db_members_each(struct db *db, const char *office, int64_t branch_id,
                                 const struct due_filter *f, care_member_fn fn, void *ctx)
{
    struct db_param p[MEMBERS_NPARAMS];
    members_params(p, office, branch_id, f);
    struct member_each e = {fn, ctx};
    return db_each(db, members_sql, p, ARRAY_LEN(p), member_row, &e);
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
