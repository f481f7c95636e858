#ifndef YINHUI_TERMS_DB_H
#define YINHUI_TERMS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"
/* election_count lived here; callers that counted through this header still find it */
#include "yinhui/election.h"

/* Branch committee terms and elections (sql/0015): the store of
 * /v1/branches/{id}/terms and /v1/branches/terms-due (terms.c). */

struct term {
    int64_t branch_id, years, eligible, present, votes_cast;
    char starts_on[11], held_on[11];
};
struct candidate {
    int64_t member_id, votes;
    char role[20];
    bool elected;
};
/* Ends the branch's open term on the new start and inserts t with candidates c[0..n)
 * into office (by: the caller's subject); *id gets the term's id. */
enum yh_err terms_db_insert(struct db *db, const char *office, const struct term *t,
                            const struct candidate *c, size_t n, const char *by, int64_t *id);
/* A recorded term as the API shows it (term_map). */
struct term_row {
    int64_t id, years, eligible, present, votes_cast;
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
