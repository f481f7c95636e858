#ifndef YINHUI_TERMS_DB_H
#define YINHUI_TERMS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
/* election_count lived here; callers that counted through this header still find it */
#include "yinhui/election.h"

/* Branch committee terms and elections (sql/0015): the store of
 * /v1/branches/{id}/terms and /v1/branches/terms-due (terms.c). */

struct view;

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
/* A term: id, starts_on, years, ends_on, ended_on, held_on, eligible, present,
 * votes_cast, created_by. */
extern const struct view terms_view;
/* The branch's terms (of office), newest first, through terms_view. */
enum yh_err terms_db_list(struct db *db, const char *office, int64_t branch_id, struct db_rows *rows);
/* The id of row i of terms_db_list's rows. */
int64_t terms_db_term_id(const struct db_rows *rows, size_t i);
/* A candidate: member_id, name, role, votes, elected. */
extern const struct view candidates_view;
/* Term term_id's candidates (of office), the elected first, through candidates_view. */
enum yh_err terms_db_candidates(struct db *db, const char *office, int64_t term_id, struct db_rows *rows);

/* An organisation due for election (a row of terms_db_due; strings borrowed). */
struct term_due {
    int64_t branch_id, term_id;
    const char *name, *level, *ends_on; /* ends_on NULL without a term */
};
/* Open organisations of office whose current term ends on or before until, or which have
 * none; read each with terms_db_due_row. */
enum yh_err terms_db_due(struct db *db, const char *office, const char *until, struct db_rows *rows);
/* Row i of terms_db_due's rows. */
void terms_db_due_row(const struct db_rows *rows, size_t i, struct term_due *out);
/* True when member has an open primary membership in the branch. Takes no office: the
 * org domain's branches.c calls it too, and both callers check the branch first. */
enum yh_err terms_db_formal_member(struct db *db, int64_t branch_id, int64_t member_id, bool *yes);

#endif
