/* Branch committee terms and elections. */
#include "yinhui/terms_db.h"

#include <stdlib.h>
#include <string.h>

int election_count(const int64_t *votes, size_t n, int64_t eligible, int seats, bool *elected)
{
    size_t order[64];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        elected[i] = false;
        if (m < 64 && votes[i] * 2 > eligible) { /* more than half of those entitled */
            order[m++] = i;
        }
    }
    for (size_t i = 1; i < m; i++) { /* by votes, most first (stable) */
        for (size_t k = i; k > 0 && votes[order[k]] > votes[order[k - 1]]; k--) {
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    }
    size_t take = m < (size_t)seats ? m : (size_t)seats;
    if (take > 0 && take < m && votes[order[take - 1]] == votes[order[take]]) {
        return -1; /* a tie for the last seat */
    }
    for (size_t i = 0; i < take; i++) {
        elected[order[i]] = true;
    }
    return (int)take;
}

enum yh_err terms_db_insert(struct db *db, const char *office, const struct term *t, const struct candidate *c, size_t n,
                            const char *by, int64_t *id)
{
    static const char end[] = "UPDATE branch_terms SET ended_on = ? WHERE branch_id = ? AND ended_on IS NULL";
    static const char ins[] = "INSERT INTO branch_terms (office_code, branch_id, starts_on, years, ends_on, eligible, "
                              "present, votes_cast, held_on, created_by) VALUES (?, ?, ?, ?, DATE(?) + INTERVAL ? YEAR, ?, "
                              "?, ?, ?, ?)";
    static const char cand[] = "INSERT INTO term_candidates (term_id, member_id, role, votes, elected) VALUES (?, ?, ?, ?, ?)";
    struct db_param e[] = {P_STR(t->starts_on), P_I64(t->branch_id)};
    enum yh_err err = db_exec(db, end, e, 2, NULL, NULL, NULL);
    uint64_t nid = 0;
    if (err == YH_OK) {
        struct db_param p[] = {P_STR(office),        P_I64(t->branch_id), P_STR(t->starts_on), P_I64(t->years),
                               P_STR(t->starts_on),  P_I64(t->years),     P_I64(t->eligible),  P_I64(t->present),
                               P_I64(t->votes_cast), P_STR(t->held_on),   P_STR(by)};
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

enum yh_err terms_db_list(struct db *db, const char *office, int64_t branch_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT id, starts_on, years, ends_on, ended_on, held_on, eligible, present, votes_cast, "
                              "created_by FROM branch_terms WHERE office_code = ? AND branch_id = ? ORDER BY starts_on "
                              "DESC, id DESC LIMIT 50";
    struct db_param p[] = {P_STR(office), P_I64(branch_id)};
    return db_exec(db, sql, p, 2, rows, NULL, NULL);
}

enum yh_err terms_db_candidates(struct db *db, int64_t term_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT c.member_id, m.name, c.role, c.votes, c.elected FROM term_candidates c JOIN members "
                              "m ON m.id = c.member_id WHERE c.term_id = ? ORDER BY c.elected DESC, c.votes DESC, "
                              "c.member_id";
    struct db_param p[] = {P_I64(term_id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err terms_db_due(struct db *db, const char *office, const char *until, struct db_rows *rows)
{
    static const char sql[] = "SELECT b.id, b.name, b.level, t.id, t.ends_on FROM branches b LEFT JOIN branch_terms t ON "
                              "t.branch_id = b.id AND t.ended_on IS NULL WHERE b.office_code = ? AND b.dissolved_on IS "
                              "NULL AND (t.id IS NULL OR t.ends_on <= ?) ORDER BY t.ends_on IS NOT NULL, t.ends_on, b.id "
                              "LIMIT 2000";
    struct db_param p[] = {P_STR(office), P_STR(until)};
    return db_exec(db, sql, p, 2, rows, NULL, NULL);
}

enum yh_err terms_db_formal_member(struct db *db, int64_t branch_id, int64_t member_id, bool *yes)
{
    static const char sql[] = "SELECT 1 FROM memberships WHERE branch_id = ? AND member_id = ? AND kind = 'primary' AND "
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
