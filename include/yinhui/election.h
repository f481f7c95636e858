#ifndef YINHUI_ELECTION_H
#define YINHUI_ELECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Branch committee elections and terms (换届选举): the counting and dating rules, plain
 * functions without SQL. */

/* Counts an election: a candidate is elected with more votes in favour than half of the
 * members entitled to vote (eligible), at most seats of them by votes. Returns how many
 * were elected (elected[] set), or -1 when a tie for the last seat needs another vote. */
int election_count(const int64_t *votes, size_t n, int64_t eligible, int seats, bool *elected);
/* Whether enough of those entitled were present: more than four fifths. */
bool election_quorate(int64_t eligible, int64_t present);
/* The day `months` after today (both "YYYY-MM-DD"), or that month's last day when it is
 * shorter (months 0 is today; 29 February and the 31st included). */
void terms_due_until(const char *today, int months, char until[24]);
/* A term's standing on today: "no_term" (ends_on NULL), "expired" or "ending". */
const char *terms_due_status(const char *ends_on, const char *today);

#endif
