/* Party dues: the store of /v1/dues (dues.c). */
#include "yinhui/dues_db.h"

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

enum yh_err dues_db_insert(struct db *db, const char *office, const struct due *d, const char *by)
{
    static const char sql[] =
        "INSERT INTO dues (office_code, member_id, month, amount_fen, paid_on, paid_by, proxy_name, "
        "channel, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),        P_I64(d->member_id), P_STR(d->month),
                           P_I64(d->amount_fen), P_STR(d->paid_on),   P_STR(d->paid_by),
                           P_OPT(d->proxy_name), P_STR(d->channel),   P_STR(by)};
    return db_exec(db, sql, p, 9, NULL, NULL, NULL);
}

const struct fm payer_map[] = {
    FM(FM_ID, "member_id", struct due_payer, member_id), FM(FM_STR, "name", struct due_payer, name),
    FM(FM_ID, "branch_id", struct due_payer, branch_id), FM(FM_STR, NULL, struct due_payer, branch_name),
    FM(FM_STR, NULL, struct due_payer, joined_month),    FM(FM_INT, NULL, struct due_payer, paid),
    FM(FM_INT, "paid_fen", struct due_payer, paid_fen),
};
const size_t payer_map_n = ARRAY_LEN(payer_map);

enum yh_err dues_db_paid(struct db *db, const char *office, int64_t branch_id, const char *from,
                         const char *to, struct due_payer **out, size_t *n)
{
    static const char sql[] = "SELECT m.id, m.name, IFNULL(m.branch_id, 0), IFNULL(b.name, ''), "
                              "IFNULL(DATE_FORMAT(m.joined_on, '%Y-%m'), ''), "
                              "COUNT(d.id), IFNULL(SUM(d.amount_fen), 0) FROM members m LEFT JOIN branches b "
                              "ON b.id = m.branch_id LEFT JOIN dues d "
                              "ON d.member_id = m.id AND d.month BETWEEN ? AND ? WHERE m.office_code = ? AND "
                              "m.status = 'active' AND "
                              "m.category <> 'in_service' AND (? = 0 OR m.branch_id = ?) GROUP BY m.id, "
                              "m.name, m.branch_id, b.name, m.joined_on "
                              "ORDER BY m.id LIMIT 20000";
    struct db_param p[] = {P_STR(from), P_STR(to), P_STR(office), P_I64(branch_id), P_I64(branch_id)};
    void *a = NULL;
    enum yh_err err = fm_all(db, sql, p, 5, payer_map, payer_map_n, sizeof(**out), &a, n);
    *out = a;
    return err;
}

/* The columns of dues_db_export, in SELECT order (NULL cells as ""). */
static const struct fm line_map[] = {
    FM(FM_STR, NULL, struct due_line, month),      FM(FM_STR, NULL, struct due_line, member_id),
    FM(FM_STR, NULL, struct due_line, name),       FM(FM_STR, NULL, struct due_line, branch),
    FM(FM_INT, NULL, struct due_line, amount_fen), FM(FM_STR, NULL, struct due_line, paid_on),
    FM(FM_STR, NULL, struct due_line, paid_by),    FM(FM_STR, NULL, struct due_line, proxy_name),
    FM(FM_STR, NULL, struct due_line, channel),
};

enum yh_err dues_db_export(struct db *db, const char *office, const char *from, const char *to,
                           void (*each)(const struct due_line *l, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT d.month, d.member_id, m.name, IFNULL(b.name, ''), d.amount_fen, d.paid_on, d.paid_by, "
        "IFNULL(d.proxy_name, ''), d.channel FROM dues d JOIN members m ON m.id = d.member_id LEFT JOIN "
        "branches b ON b.id = m.branch_id WHERE d.office_code = ? AND d.month BETWEEN ? AND ? "
        "ORDER BY d.month, d.member_id LIMIT 200000";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 3, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.ncols != ARRAY_LEN(line_map)) {
        err = YH_ERR_INTERNAL;
    }
    for (size_t i = 0; err == YH_OK && i < rows.nrows; i++) {
        struct due_line l;
        fm_from_row(&rows, i, line_map, ARRAY_LEN(line_map), &l);
        each(&l, ctx);
    }
    db_rows_free(&rows);
    return err;
}
