/* Party dues: the store of /v1/dues (dues.c). */
#include "yinhui/dues_db.h"

#include <stdlib.h>
#include <string.h>

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

enum yh_err dues_db_insert(struct db *db, const char *office, const struct due *d, const char *by)
{
    static const char sql[] =
        "INSERT INTO dues (office_code, member_id, month, amount_fen, voluntary_fen, remit_centre, paid_on, "
        "paid_by, proxy_name, channel, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {
        P_STR(office),           P_I64(d->member_id),    P_STR(d->month),   P_I64(d->amount_fen),
        P_I64(d->voluntary_fen), P_I64(d->remit_centre), P_STR(d->paid_on), P_STR(d->paid_by),
        P_OPT(d->proxy_name),    P_STR(d->channel),      P_STR(by)};
    return db_exec(db, sql, p, 11, NULL, NULL, NULL);
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
    return FM_ALL(db, sql, p, 5, payer_map, payer_map_n, out, n);
}

/* The columns of dues_db_export, in SELECT order (NULL cells as ""). */
static const struct fm line_map[] = {
    FM(FM_STR, NULL, struct due_line, month),         FM(FM_STR, NULL, struct due_line, member_id),
    FM(FM_STR, NULL, struct due_line, name),          FM(FM_STR, NULL, struct due_line, branch),
    FM(FM_INT, NULL, struct due_line, amount_fen),    FM(FM_STR, NULL, struct due_line, paid_on),
    FM(FM_STR, NULL, struct due_line, paid_by),       FM(FM_STR, NULL, struct due_line, proxy_name),
    FM(FM_STR, NULL, struct due_line, channel),       FM(FM_INT, NULL, struct due_line, voluntary_fen),
    FM(FM_BOOL, NULL, struct due_line, remit_centre),
};

enum yh_err dues_db_export(struct db *db, const char *office, const char *from, const char *to,
                           void (*each)(const struct due_line *l, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT d.month, d.member_id, m.name, IFNULL(b.name, ''), d.amount_fen, d.paid_on, d.paid_by, "
        "IFNULL(d.proxy_name, ''), d.channel, d.voluntary_fen, d.remit_centre FROM dues d JOIN members m ON "
        "m.id = d.member_id LEFT JOIN "
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

static const struct fm context_map[] = {
    FM(FM_STR, NULL, struct due_context, nature),      FM(FM_BOOL, NULL, struct due_context, advance_consent),
    FM(FM_BOOL, NULL, struct due_context, has_base),   FM(FM_INT, NULL, struct due_context, standard_fen),
    FM(FM_INT, NULL, struct due_context, reduced_fen),
};

enum yh_err dues_db_context(struct db *db, const char *office, int64_t member_id, int year,
                            struct due_context *c)
{
    static const char sql[] =
        "SELECT IFNULL(b.nature, ''), IFNULL(s.advance_consent, 0), x.member_id IS NOT NULL, "
        "IFNULL(x.standard_fen, 0), IFNULL(x.reduced_fen, -1) FROM members m LEFT JOIN branches b ON b.id = "
        "m.branch_id LEFT JOIN dues_branch_settings s ON s.branch_id = m.branch_id LEFT JOIN dues_bases x ON "
        "x.member_id = m.id AND x.year = ? WHERE m.office_code = ? AND m.id = ?";
    struct db_param p[] = {P_I64(year), P_STR(office), P_I64(member_id)};
    return fm_one(db, sql, p, 3, context_map, ARRAY_LEN(context_map), c);
}

enum yh_err dues_db_base_put(struct db *db, const char *office, const struct dues_base *b, const char *by)
{
    static const char sql[] =
        "INSERT INTO dues_bases (office_code, member_id, year, base_enc, category, standard_fen, updated_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE base_enc = VALUES(base_enc), category = "
        "VALUES(category), standard_fen = VALUES(standard_fen), updated_by = VALUES(updated_by), updated_at "
        "= "
        "CURRENT_TIMESTAMP(3)";
    struct db_param p[] = {
        P_STR(office),      P_I64(b->member_id),    P_I64(b->year), P_BLOB(b->base_enc, b->base_enc_len),
        P_STR(b->category), P_I64(b->standard_fen), P_STR(by)};
    return db_exec(db, sql, p, 7, NULL, NULL, NULL);
}

static const struct fm base_map[] = {
    FM(FM_ID, "member_id", struct dues_base, member_id),
    FM(FM_INT, "year", struct dues_base, year),
    FM(FM_STR, "category", struct dues_base, category),
    FM(FM_INT, "standard_fen", struct dues_base, standard_fen),
    FM(FM_INT, NULL, struct dues_base, reduced_fen),
    FM(FM_STR, NULL, struct dues_base, reduction_reason),
    FM(FM_STR, NULL, struct dues_base, decided_on),
    FM(FM_STR, NULL, struct dues_base, approval_ref),
    FM(FM_STR, "updated_by", struct dues_base, updated_by),
};

enum yh_err dues_db_base_get(struct db *db, const char *office, int64_t member_id, int year,
                             struct dues_base *b)
{
    static const char sql[] = "SELECT member_id, year, category, standard_fen, IFNULL(reduced_fen, -1), "
                              "reduction_reason, decided_on, "
                              "approval_ref, updated_by, base_enc FROM dues_bases WHERE office_code = ? AND "
                              "member_id = ? AND year = ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_I64(year)};
    struct db_rows rows;
    size_t n = ARRAY_LEN(base_map);
    enum yh_err err = fm_one_extra(db, sql, p, 3, base_map, n, 1, b, &rows);
    if (err != YH_OK) {
        return err;
    }
    b->base_enc_len = db_len(&rows, 0, n);
    if (b->base_enc_len > sizeof(b->base_enc)) {
        err = YH_ERR_INTERNAL;
    } else {
        memcpy(b->base_enc, db_str(&rows, 0, n), b->base_enc_len);
    }
    db_rows_free(&rows);
    return err;
}

enum yh_err dues_db_reduction_put(struct db *db, const char *office, const struct dues_base *b,
                                  const char *by)
{
    static const char sql[] =
        "UPDATE dues_bases SET reduced_fen = ?, reduction_reason = ?, decided_on = ?, approval_ref = ?, "
        "updated_by = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE office_code = ? AND member_id = ? AND year "
        "= ?";
    struct db_param p[] = {P_I64(b->reduced_fen),
                           P_STR(b->reduction_reason),
                           P_STR(b->decided_on),
                           P_STR(b->approval_ref),
                           P_STR(by),
                           P_STR(office),
                           P_I64(b->member_id),
                           P_I64(b->year)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 8, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}

enum yh_err dues_db_reduction_lift(struct db *db, const char *office, int64_t member_id, int year,
                                   const char *by)
{
    static const char sql[] = "UPDATE dues_bases SET reduced_fen = NULL, reduction_reason = NULL, decided_on "
                              "= NULL, approval_ref = NULL, "
                              "updated_by = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE office_code = ? AND "
                              "member_id = ? AND year = ? AND "
                              "reduced_fen IS NOT NULL";
    struct db_param p[] = {P_STR(by), P_STR(office), P_I64(member_id), P_I64(year)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}

static const struct fm setting_map[] = {
    FM(FM_ID, "branch_id", struct dues_setting, branch_id),
    FM(FM_STR, NULL, struct dues_setting, nature),
    FM(FM_BOOL, "advance_consent", struct dues_setting, advance_consent),
    FM(FM_OPT, "decided_on", struct dues_setting, decided_on),
};

enum yh_err dues_db_setting_get(struct db *db, const char *office, int64_t branch_id, struct dues_setting *s)
{
    static const char sql[] =
        "SELECT b.id, b.nature, IFNULL(s.advance_consent, 0), s.decided_on FROM branches b "
        "LEFT JOIN dues_branch_settings s ON s.branch_id = b.id WHERE b.office_code = ? AND "
        "b.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id)};
    return fm_one(db, sql, p, 2, setting_map, ARRAY_LEN(setting_map), s);
}

enum yh_err dues_db_setting_put(struct db *db, const char *office, const struct dues_setting *s,
                                const char *by)
{
    static const char sql[] =
        "INSERT INTO dues_branch_settings (branch_id, office_code, advance_consent, decided_on, updated_by) "
        "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE advance_consent = VALUES(advance_consent), "
        "decided_on = "
        "VALUES(decided_on), updated_by = VALUES(updated_by), updated_at = CURRENT_TIMESTAMP(3)";
    struct db_param p[] = {P_I64(s->branch_id), P_STR(office), P_I64(s->advance_consent),
                           P_OPT(s->decided_on), P_STR(by)};
    return db_exec(db, sql, p, 5, NULL, NULL, NULL);
}

static const struct fm standing_map[] = {
    FM(FM_ID, NULL, struct dues_standing, member_id),
    FM(FM_STR, NULL, struct dues_standing, name),
    FM(FM_ID, NULL, struct dues_standing, branch_id),
    FM(FM_STR, NULL, struct dues_standing, branch_name),
    FM(FM_STR, NULL, struct dues_standing, joined_month),
    FM(FM_STR, NULL, struct dues_standing, category),
    FM(FM_BOOL, NULL, struct dues_standing, has_base),
    FM(FM_INT, NULL, struct dues_standing, standard_fen),
    FM(FM_INT, NULL, struct dues_standing, reduced_fen),
};
static const struct fm paid_map[] = {
    FM(FM_ID, NULL, struct dues_paid, member_id),
    FM(FM_STR, NULL, struct dues_paid, month),
    FM(FM_INT, NULL, struct dues_paid, amount_fen),
};

enum yh_err dues_db_year(struct db *db, const char *office, int64_t branch_id, int year, const char *from,
                         const char *to, struct dues_standing **out, size_t *n, struct dues_paid **paid,
                         size_t *npaid)
{
    static const char members_sql[] =
        "SELECT m.id, m.name, IFNULL(m.branch_id, 0), IFNULL(b.name, ''), IFNULL(DATE_FORMAT(m.joined_on, "
        "'%Y-%m'), ''), m.category, x.member_id IS NOT NULL, IFNULL(x.standard_fen, 0), "
        "IFNULL(x.reduced_fen, -1) "
        "FROM members m LEFT JOIN branches b ON b.id = m.branch_id LEFT JOIN dues_bases x ON x.member_id = "
        "m.id "
        "AND x.year = ? WHERE m.office_code = ? AND m.status = 'active' AND (? = 0 OR m.branch_id = ?) "
        "AND (m.category <> 'in_service' OR x.member_id IS NOT NULL) ORDER BY m.id LIMIT 20000";
    static const char paid_sql[] =
        "SELECT d.member_id, d.month, d.amount_fen FROM dues d JOIN members m ON m.id = d.member_id WHERE "
        "d.office_code = ? AND d.month BETWEEN ? AND ? AND m.office_code = ? AND m.status = 'active' AND "
        "(? = 0 OR m.branch_id = ?) ORDER BY d.member_id, d.month LIMIT 240000";
    struct db_param p[] = {P_I64(year), P_STR(office), P_I64(branch_id), P_I64(branch_id)};
    struct db_param q[] = {P_STR(office), P_STR(from),      P_STR(to),
                           P_STR(office), P_I64(branch_id), P_I64(branch_id)};
    *paid = NULL;
    enum yh_err err = FM_ALL(db, members_sql, p, 4, standing_map, ARRAY_LEN(standing_map), out, n);
    if (err == YH_OK) {
        err = FM_ALL(db, paid_sql, q, 6, paid_map, ARRAY_LEN(paid_map), paid, npaid);
    }
    if (err != YH_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return err;
}
