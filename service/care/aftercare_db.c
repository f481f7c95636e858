/* The store of death and aftercare: the office's checklist (defaults of office 000000
 * and the office's own rows), the aftercares and their items. */
#include <stdlib.h>
#include <string.h>

#include "yinhui/aftercare.h"
#include "yinhui/json_out.h"
#include "yinhui/typed_rows.h"

/* The office's checklist: each default as the office's own row of its code overrides it
 * (the defaults keep their order), then the office's own codes. Parameters: office twice. */
#define ITEMS_EFFECTIVE                                                                                      \
    "(SELECT d.code, IFNULL(o.name, d.name) name, IFNULL(o.required, d.required) required, "                 \
    "IFNULL(o.retired, d.retired) retired, d.position position FROM aftercare_items d LEFT JOIN "            \
    "aftercare_items o ON o.office_code = ? AND o.code = d.code WHERE d.office_code = '000000' UNION ALL "   \
    "SELECT x.code, x.name, x.required, x.retired, x.position FROM aftercare_items x WHERE x.office_code = " \
    "? AND NOT EXISTS (SELECT 1 FROM aftercare_items y WHERE y.office_code = '000000' AND y.code = "         \
    "x.code)) e"

static const struct jcol items_cols[] = {
    {"code", JC_STR}, {"name", JC_STR}, {"required", JC_BOOL}, {"retired", JC_BOOL}};
const struct view aftercare_items_view = VIEW(items_cols);

enum yh_err aftercare_items_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT e.code, e.name, e.required, e.retired FROM " ITEMS_EFFECTIVE
                              " ORDER BY e.position, e.code LIMIT 100";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return view_fetch(db, &aftercare_items_view, sql, p, 2, false, rows);
}

enum yh_err aftercare_db_has_step(struct db *db, const char *office, int64_t id, const char *code,
                                  bool *exists)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM aftercare_steps WHERE office_code = ? AND aftercare_id = ? AND code = ?";
    struct db_param p[] = {P_STR(office), P_I64(id), P_STR(code)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 3, 0, &n);
    *exists = n > 0;
    return err;
}

enum yh_err aftercare_items_db_others(struct db *db, const char *office, const char *code, int64_t *n)
{
    /* the office's row, locked first, makes concurrent writers of its checklist count one
     * after the other (each sees the rows the one before committed), so none passes the
     * cap; the count is the transaction's first plain read, its snapshot taken after the
     * lock */
    static const char lock[] = "SELECT 1 FROM offices WHERE code = ? FOR UPDATE";
    static const char sql[] = "SELECT COUNT(*) FROM " ITEMS_EFFECTIVE " WHERE e.code <> ?";
    struct db_param l[] = {P_STR(office)};
    struct db_param p[] = {P_STR(office), P_STR(office), P_STR(code)};
    int64_t one = 0;
    enum yh_err err = db_int(db, lock, l, 1, 0, &one);
    return err == YH_OK ? db_int(db, sql, p, 3, 0, n) : err;
}

enum yh_err aftercare_items_db_put(struct db *db, const char *office, const char *code, const char *name,
                                   bool required, bool retired)
{
    static const char sql[] =
        "INSERT INTO aftercare_items (office_code, code, name, required, retired) VALUES (?, ?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE name = VALUES(name), required = VALUES(required), retired = "
        "VALUES(retired), version = version + 1";
    struct db_param p[] = {P_STR(office), P_STR(code), P_STR(name), P_I64(required), P_I64(retired)};
    return db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, NULL);
}

static struct db_param blob_or_null(const struct buf *b)
{
    return b->len ? P_BLOB(b->data, b->len) : P_NULL;
}

enum yh_err aftercare_db_open(struct db *db, const char *office, const struct aftercare *a, int64_t *id)
{
    static const char ins[] =
        "INSERT INTO aftercares (office_code, member_id, live_member_id, branch_id, died_on, cause_enc, "
        "reported_by_enc, note_enc, recorded_by) VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?)";
    static const char steps[] =
        "INSERT INTO aftercare_steps (aftercare_id, code, office_code, name, required, position) SELECT ?, "
        "e.code, ?, e.name, e.required, e.position FROM " ITEMS_EFFECTIVE " WHERE e.retired = 0";
    struct db_param p[] = {
        P_STR(office),        P_I64(a->member_id),     P_I64(a->member_id),           P_I64(a->branch_id),
        P_STR(a->died_on),    blob_or_null(&a->cause), blob_or_null(&a->reported_by), blob_or_null(&a->note),
        P_STR(a->recorded_by)};
    enum yh_err err = db_insert(db, ins, p, ARRAY_LEN(p), id);
    if (err == YH_OK) {
        struct db_param q[] = {P_I64(*id), P_STR(office), P_STR(office), P_STR(office)};
        err = db_exec(db, steps, q, 4, NULL, NULL, NULL);
    }
    return err;
}

#define AFTERCARE_COLS                                                                                       \
    "a.id, a.member_id, m.name, IFNULL(a.branch_id, 0), a.died_on, a.status, IFNULL(a.completed_on, ''), "   \
    "IFNULL(a.withdrawn_reason, ''), a.recorded_by, a.version, a.cause_enc, a.reported_by_enc, a.note_enc"
static const struct fm aftercare_map[] = {
    FM(FM_ID, NULL, struct aftercare, id),
    FM(FM_ID, NULL, struct aftercare, member_id),
    FM(FM_STR, NULL, struct aftercare, member_name),
    FM(FM_ID, NULL, struct aftercare, branch_id),
    FM(FM_STR, NULL, struct aftercare, died_on),
    FM(FM_STR, NULL, struct aftercare, status),
    FM(FM_STR, NULL, struct aftercare, completed_on),
    FM(FM_STR, NULL, struct aftercare, withdrawn_reason),
    FM(FM_STR, NULL, struct aftercare, recorded_by),
    FM(FM_INT, NULL, struct aftercare, version),
};

/* Copies cell (i, c) of rows into b (empty when NULL). */
static void cell_buf(const struct db_rows *rows, size_t i, size_t c, struct buf *b)
{
    b->len = 0;
    if (db_str(rows, i, c) != NULL && db_len(rows, i, c) > 0) {
        buf_append(b, db_str(rows, i, c), db_len(rows, i, c));
    }
}

static enum yh_err aftercare_one(struct db *db, const char *sql, const struct db_param *p, size_t np,
                                 struct aftercare *a)
{
    struct db_rows rows;
    size_t n = ARRAY_LEN(aftercare_map);
    memset(a, 0, sizeof(*a));
    enum yh_err err = fm_one_extra(db, sql, p, np, aftercare_map, n, 3, a, &rows);
    if (err == YH_OK) {
        cell_buf(&rows, 0, n, &a->cause);
        cell_buf(&rows, 0, n + 1, &a->reported_by);
        cell_buf(&rows, 0, n + 2, &a->note);
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err aftercare_db_get(struct db *db, const char *office, int64_t scope, int64_t id,
                             struct aftercare *a)
{
    static const char sql[] =
        "SELECT " AFTERCARE_COLS " FROM aftercares a JOIN members m ON m.id = a.member_id "
        "WHERE a.office_code = ? AND a.id = ? AND (? = 0 OR a.branch_id = ?)";
    struct db_param p[] = {P_STR(office), P_I64(id), P_I64(scope), P_I64(scope)};
    return aftercare_one(db, sql, p, 4, a);
}

enum yh_err aftercare_db_lock(struct db *db, const char *office, int64_t id)
{
    static const char sql[] = "SELECT id FROM aftercares WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    int64_t got = 0;
    return db_int(db, sql, p, 2, 0, &got);
}

enum yh_err aftercare_db_of_member(struct db *db, const char *office, int64_t member_id, struct aftercare *a)
{
    static const char sql[] =
        "SELECT " AFTERCARE_COLS " FROM aftercares a JOIN members m ON m.id = a.member_id "
        "WHERE a.office_code = ? AND a.live_member_id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(member_id)};
    return aftercare_one(db, sql, p, 2, a);
}

void aftercare_free(struct aftercare *a)
{
    if (a != NULL) {
        buf_free(&a->cause);
        buf_free(&a->reported_by);
        buf_free(&a->note);
    }
}

void aftercare_steps_free(struct aftercare_step *s, size_t n)
{
    for (size_t i = 0; s != NULL && i < n; i++) {
        buf_free(&s[i].note);
        buf_free(&s[i].recipient);
        buf_free(&s[i].amount);
    }
    free(s);
}

static const struct fm step_map[] = {
    FM(FM_STR, NULL, struct aftercare_step, code),
    FM(FM_STR, NULL, struct aftercare_step, name),
    FM(FM_BOOL, NULL, struct aftercare_step, required),
    FM(FM_INT, NULL, struct aftercare_step, position),
    FM(FM_STR, NULL, struct aftercare_step, done_on),
    FM(FM_STR, NULL, struct aftercare_step, done_by),
    FM(FM_ID, NULL, struct aftercare_step, visit_id),
    FM(FM_STR, NULL, struct aftercare_step, paid_on),
    FM(FM_STR, NULL, struct aftercare_step, not_paid_reason),
};

enum yh_err aftercare_db_steps(struct db *db, const char *office, int64_t id, struct aftercare_step **out,
                               size_t *n)
{
    static const char sql[] =
        "SELECT code, name, required, position, IFNULL(done_on, ''), IFNULL(done_by, ''), IFNULL(visit_id, "
        "0), "
        "IFNULL(paid_on, ''), IFNULL(not_paid_reason, ''), note_enc, recipient_enc, amount_enc FROM "
        "aftercare_steps WHERE office_code = ? AND aftercare_id = ? ORDER BY position, code LIMIT 30";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    size_t nm = ARRAY_LEN(step_map);
    *out = NULL;
    *n = 0;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *out = calloc(rows.nrows ? rows.nrows : 1, sizeof(**out));
    if (*out == NULL) {
        db_rows_free(&rows);
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        fm_from_row(&rows, i, step_map, nm, &(*out)[i]);
        cell_buf(&rows, i, nm, &(*out)[i].note);
        cell_buf(&rows, i, nm + 1, &(*out)[i].recipient);
        cell_buf(&rows, i, nm + 2, &(*out)[i].amount);
    }
    *n = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err aftercare_db_update_death(struct db *db, const char *office, const struct aftercare *a)
{
    static const char sql[] =
        "UPDATE aftercares SET died_on = ?, cause_enc = ?, reported_by_enc = ?, note_enc = ?, version = "
        "version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(a->died_on),      blob_or_null(&a->cause), blob_or_null(&a->reported_by),
                           blob_or_null(&a->note), P_STR(office),           P_I64(a->id)};
    return db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, NULL);
}

enum yh_err aftercare_db_withdraw(struct db *db, const char *office, int64_t id, const char *reason)
{
    static const char sql[] =
        "UPDATE aftercares SET status = 'withdrawn', live_member_id = NULL, withdrawn_reason = ?, version = "
        "version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(reason), P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err aftercare_db_step_put(struct db *db, const char *office, int64_t id,
                                  const struct aftercare_step *s)
{
    static const char sql[] =
        "UPDATE aftercare_steps SET done_on = ?, done_by = ?, note_enc = ?, visit_id = NULLIF(?, 0), "
        "recipient_enc = ?, paid_on = ?, amount_enc = ?, not_paid_reason = ? WHERE office_code = ? AND "
        "aftercare_id = ? AND code = ?";
    struct db_param p[] = {P_OPT(s->done_on),
                           P_OPT(s->done_by),
                           blob_or_null(&s->note),
                           P_I64(s->visit_id),
                           blob_or_null(&s->recipient),
                           P_OPT(s->paid_on),
                           blob_or_null(&s->amount),
                           P_OPT(s->not_paid_reason),
                           P_STR(office),
                           P_I64(id),
                           P_STR(s->code)};
    return db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, NULL);
}

enum yh_err aftercare_db_set_status(struct db *db, const char *office, int64_t id, const char *status,
                                    const char *completed_on)
{
    static const char sql[] = "UPDATE aftercares SET status = ?, completed_on = ?, version = version + 1, "
                              "updated_at = NOW(3) WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(status), P_OPT(completed_on), P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

static const struct jcol aftercares_cols[] = {{"id", JC_ID},
                                              {"member_id", JC_ID},
                                              {"name", JC_STR},
                                              {"branch_id", JC_ID},
                                              {"died_on", JC_STR},
                                              {"status", JC_STR},
                                              {"completed_on", JC_STR},
                                              {"items_done", JC_INT},
                                              {"items_required_open", JC_INT}};
const struct view aftercares_view = VIEW(aftercares_cols);

enum yh_err aftercare_db_list(struct db *db, const char *office, int64_t scope, const char *status,
                              int64_t before, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT a.id, a.member_id, m.name, a.branch_id, a.died_on, a.status, a.completed_on, (SELECT "
        "COUNT(*) "
        "FROM aftercare_steps s WHERE s.aftercare_id = a.id AND s.done_on IS NOT NULL), (SELECT COUNT(*) "
        "FROM "
        "aftercare_steps s WHERE s.aftercare_id = a.id AND s.required = 1 AND s.done_on IS NULL) FROM "
        "aftercares a JOIN members m ON m.id = a.member_id WHERE a.office_code = ? AND a.status IN (?, ?) "
        "AND "
        "(? = 0 OR a.branch_id = ?) AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?";
    const char *s1 = status ? status : "open", *s2 = status ? status : "complete";
    struct db_param p[] = {P_STR(office), P_STR(s1),     P_STR(s2),     P_I64(scope),
                           P_I64(scope),  P_I64(before), P_I64(before), P_I64(limit + 1)};
    return view_fetch(db, &aftercares_view, sql, p, ARRAY_LEN(p), false, rows);
}

enum yh_err aftercare_db_visit_of(struct db *db, const char *office, int64_t visit_id, int64_t member_id,
                                  bool *ok)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM visit_members WHERE office_code = ? AND visit_id = ? AND member_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(visit_id), P_I64(member_id)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 3, 0, &n);
    *ok = n > 0;
    return err;
}
