#ifndef YINHUI_TERMS_DB_H
#define YINHUI_TERMS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/election.h"
#include "yinhui/typed_rows.h"

/* Branch committee terms and elections (sql/0015): the store of
 * /v1/branches/{id}/terms and /v1/branches/terms-due (terms.c). */

struct term {
    int64_t branch_id, years, eligible, present, votes_cast, roster, excluded, seats;
    char starts_on[11], held_on[11];
    bool fewer_seats_agreed;
};
struct candidate {
    int64_t member_id, votes; /* votes: in the last round the candidate stood in */
    char role[20];
    bool elected;
};
/* A member left out of 应到会, with the 条例's reason and the higher organisation's
 * approval. */
struct exclusion {
    int64_t member_id;
    char reason[32], approval_ref[401];
};
/* An election as recorded: the term t, candidates c[0..nc), exclusions x[0..nx), rounds
 * rd[0..nr) (counted by election_run) with votes[r * nc + i] candidate i's yes votes in
 * round r (-1: not standing; a void round's are not kept). */
struct election_record {
    const struct term *t;
    const struct candidate *c;
    size_t nc;
    const struct exclusion *x;
    size_t nx;
    const struct election_round *rd;
    size_t nr;
    const int64_t *votes;
};
/* Ends the branch's open term on the new start and inserts the election e into office
 * (by: the caller's subject); *id gets the term's id. */
enum yh_err terms_db_insert(struct db *db, const char *office, const struct election_record *e,
                            const char *by, int64_t *id);
/* A member on the roster (roster_map). */
struct roster_row {
    int64_t member_id;
    char name[201];
};
extern const struct fm roster_map[];
extern const size_t roster_map_n;
/* The roster (应到会 before exclusions) of branch of office on day: its open primary
 * members, active, who may vote on day (standing.h), by id, into a new array *out
 * (caller frees), *n of them. */
enum yh_err terms_db_roster(struct db *db, const char *office, int64_t branch_id, const char *day,
                            struct roster_row **out, size_t *n);
/* A recorded term as the API shows it (term_map). */
struct term_row {
    int64_t id, years, eligible, present, votes_cast, roster, excluded, seats;
    bool fewer_seats_agreed;
    char starts_on[11], ends_on[11], ended_on[11], held_on[11], created_by[81]; /* ended_on "": open */
};
extern const struct fm term_map[];
extern const size_t term_map_n;
/* The branch's terms (of office), newest first, into a new array *out (caller frees), *n
 * of them. */
enum yh_err terms_db_list(struct db *db, const char *office, int64_t branch_id, struct term_row **out,
                          size_t *n);
/* A term's candidate as the API shows it (candidate_map). */
struct candidate_row {
    int64_t member_id, votes;
    char name[201], role[20];
    bool elected;
};
extern const struct fm candidate_map[];
extern const size_t candidate_map_n;
/* Term term_id's candidates (of office), the elected first, into a new array *out (caller
 * frees), *n of them. */
enum yh_err terms_db_candidates(struct db *db, const char *office, int64_t term_id,
                                struct candidate_row **out, size_t *n);

/* A term's exclusion as the API shows it (exclusion_map). */
struct exclusion_row {
    int64_t member_id;
    char name[201], reason[32], approval_ref[401];
};
extern const struct fm exclusion_map[];
extern const size_t exclusion_map_n;
/* Term term_id's exclusions (of office) into a new array *out (caller frees), *n. */
enum yh_err terms_db_exclusions(struct db *db, const char *office, int64_t term_id,
                                struct exclusion_row **out, size_t *n);
/* A term's round (round_map) and a candidate's votes in it (round_vote_map). */
struct round_row {
    int64_t round_no, seats, ballots_issued, ballots_returned, invalid_ballots;
    char outcome[8];
};
extern const struct fm round_map[];
extern const size_t round_map_n;
struct round_vote_row {
    int64_t round_no, member_id, votes;
    char name[201];
};
extern const struct fm round_vote_map[];
extern const size_t round_vote_map_n;
/* Term term_id's rounds (of office) in order into *out, and all their votes by round
 * and most votes first into *votes (caller frees both, also on error). */
enum yh_err terms_db_rounds(struct db *db, const char *office, int64_t term_id, struct round_row **out,
                            size_t *n, struct round_vote_row **votes, size_t *nv);

/* An organisation due for election (term_due_map shows all but its status). */
struct term_due {
    int64_t branch_id, term_id;
    char name[401], level[16], ends_on[11]; /* ends_on "" without a term */
};
extern const struct fm term_due_map[];
extern const size_t term_due_map_n;
/* Open organisations of office whose current term ends on or before until, or which have
 * none, into a new array *out (caller frees), *n of them. */
enum yh_err terms_db_due(struct db *db, const char *office, const char *until, struct term_due **out,
                         size_t *n);
/* True when member has an open primary membership in the branch. Takes no office: the
 * org domain's branches.c calls it too, and both callers check the branch first. */
enum yh_err terms_db_formal_member(struct db *db, int64_t branch_id, int64_t member_id, bool *yes);

#endif
