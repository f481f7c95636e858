#ifndef YINHUI_ELECTION_H
#define YINHUI_ELECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Branch committee elections and terms (换届选举): the counting and dating rules of the
 * 《中国共产党基层组织选举工作条例》(2020) as plain functions without SQL (RULES.md,
 * Elections; tests/unit/test_election.c). */

/* The most candidates an election may stand. */
#define ELECTION_CANDIDATES_MAX 30

/* How one round of voting ends. */
enum election_outcome {
    ELECTION_FILLED, /* every seat of the round went to a candidate */
    ELECTION_VOID,   /* more ballots returned than issued: void, vote again among the same */
    ELECTION_TIE,    /* a tie for the last seat: vote again among the tied */
    ELECTION_SHORT,  /* fewer than the seats had the majority: a further round among the rest */
};
/* The outcome's name in the API and the store ("filled", "void", "tie", "short"). */
const char *election_outcome_name(enum election_outcome o);

/* One round: its ballots (in) and, as election_run counts it, its seats and outcome. */
struct election_round {
    int64_t issued, returned, invalid; /* ballots; an invalid one names more than the seats */
    int seats;                         /* out: the seats this round was to fill */
    enum election_outcome outcome;     /* out */
};

/* Counts one valid round of n candidates' yes votes votes[0..n) (-1: not standing) among
 * present voting members for seats: a candidate needs more yes votes than half of those
 * present, except in a re-vote among the tied (among_tied), where most votes elect (条例
 * art. 29: 得票多的当选); more such candidates than seats are taken by votes. elected[i] is set for the
 * elected, next[i] for the candidates of the round that must follow (the tied for the
 * last seat, or all not elected when seats remain); *won gets how many were elected. */
enum election_outcome election_count(const int64_t *votes, size_t n, int64_t present, int seats,
                                     bool among_tied, bool *elected, bool *next, int *won);

/* Runs the rounds rd[0..nr) of an election for seats among n candidates, present voting
 * members: votes[r * n + i] is candidate i's yes votes in round r, -1 when i did not
 * stand in it (a void round's votes are not read). The first round stands all n; a void
 * round is followed by one among the same, a tie by one among the tied, a short round by
 * one among those not yet elected. elected[i] is set for every elected candidate.
 * Returns NULL when every seat is filled, else why the rounds do not stand, with *round
 * the round at fault (the rounds before it are counted; nr: another round is needed). */
const char *election_run(struct election_round *rd, size_t nr, const int64_t *votes, size_t n,
                         int64_t present, int seats, bool *elected, size_t *round);

/* Whether rounds rd[0..nr), which election_run stopped at round with seats still empty,
 * stand with fewer seats: the last round was short, at least one of the n candidates was
 * elected (elected[]), and the members' meeting agreed (条例: when close to the seats,
 * with the members' consent, no further round). */
bool election_fewer_stands(const struct election_round *rd, size_t nr, size_t round, const bool *elected,
                           size_t n);

/* A round counted by election_run (rd->seats set) against present voting members and
 * its n yes-vote counts votes[] (-1: not standing): issued at most present, invalid at
 * most returned, and in a valid round nobody with more yes votes than valid ballots, nor
 * more names than the valid ballots can carry (rd->seats each). NULL when they agree,
 * else the message and *field ("ballots_issued", "invalid_ballots" or "votes"). */
const char *election_round_fault(const struct election_round *rd, int64_t present, const int64_t *votes,
                                 size_t n, const char **field);

/* The meeting is valid when voting members present exceed four fifths of those who
 * should attend (应到会, after approved exclusions). */
bool election_quorate(int64_t should_attend, int64_t present);
/* The fewest candidates for seats (差额): at least 20% more than the seats, rounded up. */
int election_candidates_min(int seats);

/* The day `months` after today (both "YYYY-MM-DD"), or that month's last day when it is
 * shorter (months 0 is today; 29 February and the 31st included). */
void terms_due_until(const char *today, int months, char until[24]);
/* A term's standing on today: "no_term" (ends_on NULL), "expired" or "ending". */
const char *terms_due_status(const char *ends_on, const char *today);

#endif
