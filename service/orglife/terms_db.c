/* Branch committee terms and elections: the store of terms.c. */
#include "yinhui/terms_db.h"

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

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

const struct fm term_map[] = {
    FM(FM_ID, "id", struct term_row, id),
    FM(FM_STR, "starts_on", struct term_row, starts_on),
    FM(FM_INT, "years", struct term_row, years),
    FM(FM_STR, "ends_on", struct term_row, ends_on),
    FM(FM_OPT, "ended_on", struct term_row, ended_on),
    FM(FM_STR, "held_on", struct term_row, held_on),
    FM(FM_INT, "eligible", struct term_row, eligible),
    FM(FM_INT, "present", struct term_row, present),
    FM(FM_INT, "votes_cast", struct term_row, votes_cast),
    FM(FM_STR, "created_by", struct term_row, created_by),
};
const size_t term_map_n = ARRAY_LEN(term_map);

enum yh_err terms_db_list(struct db *db, const char *office, int64_t branch_id, struct term_row **out,
                          size_t *n)
{
    static const char sql[] =
        "SELECT id, starts_on, years, ends_on, ended_on, held_on, eligible, present, votes_cast, "
        "created_by FROM branch_terms WHERE office_code = ? AND branch_id = ? ORDER BY starts_on "
        "DESC, id DESC LIMIT 50";
    struct db_param p[] = {P_STR(office), P_I64(branch_id)};
    void *a = NULL;
    enum yh_err err = fm_all(db, sql, p, 2, term_map, term_map_n, sizeof(**out), &a, n);
    *out = a;
    return err;
}

const struct fm candidate_map[] = {
    FM(FM_ID, "member_id", struct candidate_row, member_id), FM(FM_STR, "name", struct candidate_row, name),
    FM(FM_STR, "role", struct candidate_row, role),          FM(FM_INT, "votes", struct candidate_row, votes),
    FM(FM_BOOL, "elected", struct candidate_row, elected),
};
const size_t candidate_map_n = ARRAY_LEN(candidate_map);

enum yh_err terms_db_candidates(struct db *db, const char *office, int64_t term_id,
                                struct candidate_row **out, size_t *n)
{
    static const char sql[] =
        "SELECT c.member_id, m.name, c.role, c.votes, c.elected FROM term_candidates c JOIN "
        "branch_terms t ON t.id = c.term_id AND t.office_code = ? JOIN members m ON m.id = "
        "c.member_id WHERE c.term_id = ? ORDER BY c.elected DESC, c.votes DESC, c.member_id";
    struct db_param p[] = {P_STR(office), P_I64(term_id)};
    void *a = NULL;
    enum yh_err err = fm_all(db, sql, p, 2, candidate_map, candidate_map_n, sizeof(**out), &a, n);
    *out = a;
    return err;
}

const struct fm term_due_map[] = {
    FM(FM_ID, "branch_id", struct term_due, branch_id), FM(FM_STR, "name", struct term_due, name),
    FM(FM_STR, "level", struct term_due, level),        FM(FM_ID, "term_id", struct term_due, term_id),
    FM(FM_OPT, "ends_on", struct term_due, ends_on),
};
const size_t term_due_map_n = ARRAY_LEN(term_due_map);

enum yh_err terms_db_due(struct db *db, const char *office, const char *until, struct term_due **out,
                         size_t *n)
{
    static const char sql[] =
        "SELECT b.id, b.name, b.level, t.id, t.ends_on FROM branches b LEFT JOIN branch_terms t ON "
        "t.branch_id = b.id AND t.ended_on IS NULL WHERE b.office_code = ? AND b.dissolved_on IS "
        "NULL AND (t.id IS NULL OR t.ends_on <= ?) ORDER BY t.ends_on IS NOT NULL, t.ends_on, b.id "
        "LIMIT 2000";
    struct db_param p[] = {P_STR(office), P_STR(until)};
    void *a = NULL;
    enum yh_err err = fm_all(db, sql, p, 2, term_due_map, term_due_map_n, sizeof(**out), &a, n);
    *out = a;
    return err;
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
