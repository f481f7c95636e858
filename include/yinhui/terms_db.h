#ifndef YINHUI_TERMS_DB_H
#define YINHUI_TERMS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Branch committee terms and elections (sql/0015). */

/* Counts an election: a candidate is elected with more votes in favour than half of the
 * members entitled to vote (eligible), at most seats of them by votes. Returns how many
 * were elected (elected[] set), or -1 when a tie for the last seat needs another vote. */
int election_count(const int64_t *votes, size_t n, int64_t eligible, int seats, bool *elected);

struct term {
    int64_t branch_id, years, eligible, present, votes_cast;
    char starts_on[11], held_on[11];
};
struct candidate {
    int64_t member_id, votes;
    char role[20];
    bool elected;
};
/* Ends the branch's open term on the new start and inserts the new one with candidates. */
enum yh_err terms_db_insert(struct db *db, const char *office, const struct term *t, const struct candidate *c, size_t n,
                            const char *by, int64_t *id);
/* Rows: id, starts_on, years, ends_on, ended_on, held_on, eligible, present, votes_cast, created_by. */
enum yh_err terms_db_list(struct db *db, const char *office, int64_t branch_id, struct db_rows *rows);
/* Rows: member_id, name, role, votes, elected. */
enum yh_err terms_db_candidates(struct db *db, int64_t term_id, struct db_rows *rows);
/* Open organisations whose current term ends on or before until, or which have none.
 * Rows: branch_id, name, level, term_id, ends_on (NULL without a term). */
enum yh_err terms_db_due(struct db *db, const char *office, const char *until, struct db_rows *rows);
/* True when member has an open primary membership in the branch. */
enum yh_err terms_db_formal_member(struct db *db, int64_t branch_id, int64_t member_id, bool *yes);

#endif
