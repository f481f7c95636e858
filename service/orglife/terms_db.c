/* Branch committee terms and elections: the store of terms.c. */
#include "yinhui/terms_db.h"

#include "yinhui/json_out.h"

enum yh_err terms_db_insert(struct db *db, const char *office, const struct term *t,
                            const struct candidate *c, size_t n, const char *by, int64_t *id)
{
    static const char end[] = "UPDATE branch_terms SET ended_on = ? WHERE branch_id = ? AND ended_on IS NULL";
    static const char ins[] =
        "INSERT INTO branch_terms (office_code, branch_id, starts_on, years, ends_on, eligible, "
        "present, votes_cast, held_on, created_by) VALUES (?, ?, ?, ?, DATE(?) + INTERVAL ? YEAR, ?, "
        "?, ?, ?, ?)";
    static const char cand[] =
        "INSERT INTO term_candidates (term_id, member_id, role, votes, elected) VALUES (?, ?, ?, ?, ?)";
    struct db_param e[] = {P_STR(t->starts_on), P_I64(t->branch_id)};
    enum yh_err err = db_exec(db, end, e, 2, NULL, NULL, NULL);
    uint64_t nid = 0;
    if (err == YH_OK) {
        struct db_param p[] = {P_STR(office),
                               P_I64(t->branch_id),
                               P_STR(t->starts_on),
                               P_I64(t->years),
                               P_STR(t->starts_on),
                               P_I64(t->years),
                               P_I64(t->eligible),
                               P_I64(t->present),
                               P_I64(t->votes_cast),
                               P_STR(t->held_on),
                               P_STR(by)};
        err = db_exec(db, ins, p, 11, NULL, NULL, &nid);
    }
    *id = (int64_t)nid;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param p[] = {P_I64(*id), P_I64(c[i].member_id), P_STR(c[i].role), P_I64(c[i].votes),
                               P_I64(c[i].elected)};
        err = db_exec(db, cand, p, 5, NULL, NULL, NULL);
    }
    return err;
}

static const struct jcol term_cols[] = {{"id", JC_ID},         {"starts_on", JC_STR}, {"years", JC_INT},
                                        {"ends_on", JC_STR},   {"ended_on", JC_STR},  {"held_on", JC_STR},
                                        {"eligible", JC_INT},  {"present", JC_INT},   {"votes_cast", JC_INT},
                                        {"created_by", JC_STR}};
const struct view terms_view = VIEW(term_cols);

enum yh_err terms_db_list(struct db *db, const char *office, int64_t branch_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT id, starts_on, years, ends_on, ended_on, held_on, eligible, present, votes_cast, "
        "created_by FROM branch_terms WHERE office_code = ? AND branch_id = ? ORDER BY starts_on "
        "DESC, id DESC LIMIT 50";
    struct db_param p[] = {P_STR(office), P_I64(branch_id)};
    return view_fetch(db, &terms_view, sql, p, 2, false, rows);
}

int64_t terms_db_term_id(const struct db_rows *rows, size_t i)
{
    return db_i64(rows, i, 0);
}

static const struct jcol candidate_cols[] = {
    {"member_id", JC_ID}, {"name", JC_STR}, {"role", JC_STR}, {"votes", JC_INT}, {"elected", JC_BOOL}};
const struct view candidates_view = VIEW(candidate_cols);

enum yh_err terms_db_candidates(struct db *db, const char *office, int64_t term_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT c.member_id, m.name, c.role, c.votes, c.elected FROM term_candidates c JOIN "
        "branch_terms t ON t.id = c.term_id AND t.office_code = ? JOIN members m ON m.id = "
        "c.member_id WHERE c.term_id = ? ORDER BY c.elected DESC, c.votes DESC, c.member_id";
    struct db_param p[] = {P_STR(office), P_I64(term_id)};
    return view_fetch(db, &candidates_view, sql, p, 2, false, rows);
}

/* The columns of terms_db_due, in SELECT order (read by terms_db_due_row). */
static const struct jcol due_cols[] = {
    {"branch_id", JC_ID}, {"name", JC_STR}, {"level", JC_STR}, {"term_id", JC_ID}, {"ends_on", JC_STR}};
static const struct view due_view = VIEW(due_cols);

enum yh_err terms_db_due(struct db *db, const char *office, const char *until, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT b.id, b.name, b.level, t.id, t.ends_on FROM branches b LEFT JOIN branch_terms t ON "
        "t.branch_id = b.id AND t.ended_on IS NULL WHERE b.office_code = ? AND b.dissolved_on IS "
        "NULL AND (t.id IS NULL OR t.ends_on <= ?) ORDER BY t.ends_on IS NOT NULL, t.ends_on, b.id "
        "LIMIT 2000";
    struct db_param p[] = {P_STR(office), P_STR(until)};
    return view_fetch(db, &due_view, sql, p, 2, false, rows);
}

void terms_db_due_row(const struct db_rows *rows, size_t i, struct term_due *out)
{
    out->branch_id = db_i64(rows, i, 0);
    out->name = db_str(rows, i, 1);
    out->level = db_str(rows, i, 2);
    out->term_id = db_i64(rows, i, 3);
    out->ends_on = db_str(rows, i, 4);
}

enum yh_err terms_db_formal_member(struct db *db, int64_t branch_id, int64_t member_id, bool *yes)
{
    static const char sql[] =
        "SELECT 1 FROM memberships WHERE branch_id = ? AND member_id = ? AND kind = 'primary' AND "
        "ended_on IS NULL";
    struct db_param p[] = {P_I64(branch_id), P_I64(member_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err == YH_OK) {
        *yes = rows.nrows > 0;
        db_rows_free(&rows);
    }
    return err;
}
