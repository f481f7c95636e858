/* Party dues: the store of /v1/dues (dues.c). */
#include "yinhui/dues_db.h"

#include "yinhui/json_out.h"

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

/* The columns of dues_db_paid, in SELECT order (read by dues_db_payer). */
static const struct jcol payer_cols[] = {
    {"member_id", JC_ID},     {"name", JC_STR}, {"branch_id", JC_ID}, {"branch_name", JC_STR},
    {"joined_month", JC_STR}, {"paid", JC_INT}, {"paid_fen", JC_INT}};
static const struct view payer_view = VIEW(payer_cols);

enum yh_err dues_db_paid(struct db *db, const char *office, int64_t branch_id, const char *from,
                         const char *to, struct db_rows *rows)
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
    return view_fetch(db, &payer_view, sql, p, 5, false, rows);
}

void dues_db_payer(const struct db_rows *rows, size_t i, struct due_payer *out)
{
    out->member_id = db_i64(rows, i, 0);
    out->name = db_str(rows, i, 1);
    out->branch_id = db_i64(rows, i, 2);
    out->branch_name = db_str(rows, i, 3);
    out->joined_month = db_str(rows, i, 4);
    out->paid = db_i64(rows, i, 5);
    out->paid_fen = db_i64(rows, i, 6);
}

/* The columns of dues_db_export, in SELECT order (read by dues_db_line). */
static const struct jcol line_cols[] = {{"month", JC_STR},   {"member_id", JC_ID},   {"name", JC_STR},
                                        {"branch", JC_STR},  {"amount_fen", JC_INT}, {"paid_on", JC_STR},
                                        {"paid_by", JC_STR}, {"proxy_name", JC_STR}, {"channel", JC_STR}};
static const struct view line_view = VIEW(line_cols);

enum yh_err dues_db_export(struct db *db, const char *office, const char *from, const char *to,
                           struct db_rows *rows)
{
    static const char sql[] =
        "SELECT d.month, d.member_id, m.name, IFNULL(b.name, ''), d.amount_fen, d.paid_on, d.paid_by, "
        "IFNULL(d.proxy_name, ''), d.channel FROM dues d JOIN members m ON m.id = d.member_id LEFT JOIN "
        "branches b ON b.id = m.branch_id WHERE d.office_code = ? AND d.month BETWEEN ? AND ? "
        "ORDER BY d.month, d.member_id LIMIT 200000";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    return view_fetch(db, &line_view, sql, p, 3, false, rows);
}

/* A text cell, "" for NULL (the CSV writes empty cells). */
static const char *cell(const struct db_rows *rows, size_t i, size_t c)
{
    const char *s = db_str(rows, i, c);
    return s ? s : "";
}

void dues_db_line(const struct db_rows *rows, size_t i, struct due_line *out)
{
    out->month = cell(rows, i, 0);
    out->member_id = cell(rows, i, 1);
    out->name = cell(rows, i, 2);
    out->branch = cell(rows, i, 3);
    out->amount_fen = db_i64(rows, i, 4);
    out->paid_on = cell(rows, i, 5);
    out->paid_by = cell(rows, i, 6);
    out->proxy_name = cell(rows, i, 7);
    out->channel = cell(rows, i, 8);
}
