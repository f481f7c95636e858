/* Branch committee terms and elections: the store of terms.c. */
#include "yinhui/terms_db.h"

#include "yinhui/standing.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* Inserts e's exclusions, rounds and their votes for term id. */
static enum yh_err election_rows_insert(struct db *db, const struct election_record *e, int64_t id)
{
    static const char excl[] =
        "INSERT INTO term_exclusions (term_id, member_id, reason, approval_ref) VALUES (?, ?, ?, ?)";
    static const char round[] = "INSERT INTO term_rounds (term_id, round_no, seats, ballots_issued, "
                                "ballots_returned, invalid_ballots, "
                                "outcome) VALUES (?, ?, ?, ?, ?, ?, ?)";
    static const char vote[] =
        "INSERT INTO term_round_votes (term_id, round_no, member_id, votes) VALUES (?, ?, ?, ?)";
    enum yh_err err = YH_OK;
    for (size_t i = 0; err == YH_OK && i < e->nx; i++) {
        struct db_param p[] = {P_I64(id), P_I64(e->x[i].member_id), P_STR(e->x[i].reason),
                               P_STR(e->x[i].approval_ref)};
        err = db_exec(db, excl, p, 4, NULL, NULL, NULL);
    }
    for (size_t r = 0; err == YH_OK && r < e->nr; r++) {
        const struct election_round *rd = &e->rd[r];
        struct db_param p[] = {P_I64(id),
                               P_I64(r + 1),
                               P_I64(rd->seats),
                               P_I64(rd->issued),
                               P_I64(rd->returned),
                               P_I64(rd->invalid),
                               P_STR(election_outcome_name(rd->outcome))};
        err = db_exec(db, round, p, 7, NULL, NULL, NULL);
        for (size_t i = 0; err == YH_OK && rd->outcome != ELECTION_VOID && i < e->nc; i++) {
            int64_t v = e->votes[r * e->nc + i];
            struct db_param q[] = {P_I64(id), P_I64(r + 1), P_I64(e->c[i].member_id), P_I64(v)};
            err = v >= 0 ? db_exec(db, vote, q, 4, NULL, NULL, NULL) : YH_OK;
        }
    }
    return err;
}

enum yh_err terms_db_insert(struct db *db, const char *office, const struct election_record *e,
                            const char *by, int64_t *id)
{
    static const char end[] = "UPDATE branch_terms SET ended_on = ? WHERE branch_id = ? AND ended_on IS NULL";
    static const char ins[] =
        "INSERT INTO branch_terms (office_code, branch_id, starts_on, years, ends_on, roster, excluded, "
        "eligible, "
        "present, votes_cast, seats, fewer_seats_agreed, held_on, created_by) VALUES (?, ?, ?, ?, DATE(?) + "
        "INTERVAL ? YEAR, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static const char cand[] =
        "INSERT INTO term_candidates (term_id, member_id, role, votes, elected) VALUES (?, ?, ?, ?, ?)";
    const struct term *t = e->t;
    struct db_param ep[] = {P_STR(t->starts_on), P_I64(t->branch_id)};
    enum yh_err err = db_exec(db, end, ep, 2, NULL, NULL, NULL);
    uint64_t nid = 0;
    if (err == YH_OK) {
        struct db_param p[] = {P_STR(office),
                               P_I64(t->branch_id),
                               P_STR(t->starts_on),
                               P_I64(t->years),
                               P_STR(t->starts_on),
                               P_I64(t->years),
                               P_I64(t->roster),
                               P_I64(t->excluded),
                               P_I64(t->eligible),
                               P_I64(t->present),
                               P_I64(t->votes_cast),
                               P_I64(t->seats),
                               P_I64(t->fewer_seats_agreed),
                               P_STR(t->held_on),
                               P_STR(by)};
        err = db_exec(db, ins, p, 15, NULL, NULL, &nid);
    }
    *id = (int64_t)nid;
    for (size_t i = 0; err == YH_OK && i < e->nc; i++) {
        const struct candidate *c = &e->c[i];
        struct db_param p[] = {P_I64(*id), P_I64(c->member_id), P_STR(c->role), P_I64(c->votes),
                               P_I64(c->elected)};
        err = db_exec(db, cand, p, 5, NULL, NULL, NULL);
    }
    return err == YH_OK ? election_rows_insert(db, e, *id) : err;
}

const struct fm roster_map[] = {
    FM(FM_ID, "member_id", struct roster_row, member_id),
    FM(FM_STR, "name", struct roster_row, name),
};
const size_t roster_map_n = ARRAY_LEN(roster_map);

enum yh_err terms_db_roster(struct db *db, const char *office, int64_t branch_id, const char *day,
                            struct roster_row **out, size_t *n)
{
    /* ix_memberships_branch (office_code, branch_id, ended_on, member_id) */
    static const char sql[] =
        "SELECT m.id, m.name FROM memberships s JOIN members m ON m.id = s.member_id AND m.office_code = "
        "s.office_code WHERE s.office_code = ? AND s.branch_id = ? AND s.ended_on IS NULL AND s.kind = "
        "'primary' "
        "AND m.status = 'active' AND " STANDING_SQL_MAY_VOTE("m") " ORDER BY m.id LIMIT 20000";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_STR(day), P_STR(day)};
    return FM_ALL(db, sql, p, 4, roster_map, roster_map_n, out, n);
}

const struct fm term_map[] = {
    FM(FM_ID, "id", struct term_row, id),
    FM(FM_STR, "starts_on", struct term_row, starts_on),
    FM(FM_INT, "years", struct term_row, years),
    FM(FM_STR, "ends_on", struct term_row, ends_on),
    FM(FM_OPT, "ended_on", struct term_row, ended_on),
    FM(FM_STR, "held_on", struct term_row, held_on),
    FM(FM_INT, "roster", struct term_row, roster),
    FM(FM_INT, "excluded", struct term_row, excluded),
    FM(FM_INT, "eligible", struct term_row, eligible),
    FM(FM_INT, "present", struct term_row, present),
    FM(FM_INT, "votes_cast", struct term_row, votes_cast),
    FM(FM_INT, "seats", struct term_row, seats),
    FM(FM_BOOL, "fewer_seats_agreed", struct term_row, fewer_seats_agreed),
    FM(FM_STR, "created_by", struct term_row, created_by),
};
const size_t term_map_n = ARRAY_LEN(term_map);

enum yh_err terms_db_list(struct db *db, const char *office, int64_t branch_id, struct term_row **out,
                          size_t *n)
{
    static const char sql[] =
        "SELECT id, starts_on, years, ends_on, ended_on, held_on, roster, excluded, eligible, present, "
        "votes_cast, seats, fewer_seats_agreed, created_by FROM branch_terms WHERE office_code = ? AND "
        "branch_id = "
        "? ORDER BY starts_on DESC, id DESC LIMIT 50";
    struct db_param p[] = {P_STR(office), P_I64(branch_id)};
    return FM_ALL(db, sql, p, 2, term_map, term_map_n, out, n);
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
    return FM_ALL(db, sql, p, 2, candidate_map, candidate_map_n, out, n);
}

const struct fm exclusion_map[] = {
    FM(FM_ID, "member_id", struct exclusion_row, member_id),
    FM(FM_STR, "name", struct exclusion_row, name),
    FM(FM_STR, "reason", struct exclusion_row, reason),
    FM(FM_STR, "approval_ref", struct exclusion_row, approval_ref),
};
const size_t exclusion_map_n = ARRAY_LEN(exclusion_map);

enum yh_err terms_db_exclusions(struct db *db, const char *office, int64_t term_id,
                                struct exclusion_row **out, size_t *n)
{
    static const char sql[] =
        "SELECT x.member_id, m.name, x.reason, x.approval_ref FROM term_exclusions x JOIN branch_terms t ON "
        "t.id = "
        "x.term_id AND t.office_code = ? JOIN members m ON m.id = x.member_id WHERE x.term_id = ? ORDER BY "
        "x.member_id";
    struct db_param p[] = {P_STR(office), P_I64(term_id)};
    return FM_ALL(db, sql, p, 2, exclusion_map, exclusion_map_n, out, n);
}

const struct fm round_map[] = {
    FM(FM_INT, "round", struct round_row, round_no),
    FM(FM_INT, "seats", struct round_row, seats),
    FM(FM_INT, "ballots_issued", struct round_row, ballots_issued),
    FM(FM_INT, "ballots_returned", struct round_row, ballots_returned),
    FM(FM_INT, "invalid_ballots", struct round_row, invalid_ballots),
    FM(FM_STR, "outcome", struct round_row, outcome),
};
const size_t round_map_n = ARRAY_LEN(round_map);
const struct fm round_vote_map[] = {
    FM(FM_INT, NULL, struct round_vote_row, round_no),
    FM(FM_ID, "member_id", struct round_vote_row, member_id),
    FM(FM_STR, "name", struct round_vote_row, name),
    FM(FM_INT, "votes", struct round_vote_row, votes),
};
const size_t round_vote_map_n = ARRAY_LEN(round_vote_map);

enum yh_err terms_db_rounds(struct db *db, const char *office, int64_t term_id, struct round_row **out,
                            size_t *n, struct round_vote_row **votes, size_t *nv)
{
    static const char rounds[] =
        "SELECT r.round_no, r.seats, r.ballots_issued, r.ballots_returned, r.invalid_ballots, r.outcome FROM "
        "term_rounds r JOIN branch_terms t ON t.id = r.term_id AND t.office_code = ? WHERE r.term_id = ? "
        "ORDER BY "
        "r.round_no";
    static const char cast[] =
        "SELECT v.round_no, v.member_id, m.name, v.votes FROM term_round_votes v JOIN branch_terms t ON t.id "
        "= "
        "v.term_id AND t.office_code = ? JOIN members m ON m.id = v.member_id WHERE v.term_id = ? ORDER BY "
        "v.round_no, v.votes DESC, v.member_id";
    struct db_param p[] = {P_STR(office), P_I64(term_id)};
    *votes = NULL;
    enum yh_err err = FM_ALL(db, rounds, p, 2, round_map, round_map_n, out, n);
    if (err == YH_OK) {
        err = FM_ALL(db, cast, p, 2, round_vote_map, round_vote_map_n, votes, nv);
    }
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
    return FM_ALL(db, sql, p, 2, term_due_map, term_due_map_n, out, n);
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
