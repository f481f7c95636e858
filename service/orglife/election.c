/* Election and term rules (include/yinhui/election.h). */
#include "yinhui/election.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *election_outcome_name(enum election_outcome o)
{
    static const char *const names[] = {"filled", "void", "tie", "short"};
    return names[o];
}

enum election_outcome election_count(const int64_t *votes, size_t n, int64_t present, int seats,
                                     bool among_tied, bool *elected, bool *next, int *won)
{
    size_t order[ELECTION_CANDIDATES_MAX];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        elected[i] = next[i] = false;
        /* 条例 art. 29: more yes votes than half of the voting members present (not of those
         * entitled); a re-vote among the tied elects by most votes (得票多的当选) */
        if (m < ELECTION_CANDIDATES_MAX && votes[i] >= 0 && (among_tied || votes[i] * 2 > present)) {
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
    enum election_outcome o = take < (size_t)seats ? ELECTION_SHORT : ELECTION_FILLED;
    if (take > 0 && take < m && votes[order[take - 1]] == votes[order[take]]) {
        int64_t tied = votes[order[take]];
        o = ELECTION_TIE; /* those above the tie are elected; the tied vote again */
        while (take > 0 && votes[order[take - 1]] == tied) {
            take--;
        }
        for (size_t i = take; i < m && votes[order[i]] == tied; i++) {
            next[order[i]] = true;
        }
    }
    for (size_t i = 0; i < take; i++) {
        elected[order[i]] = true;
    }
    for (size_t i = 0; o == ELECTION_SHORT && i < n; i++) {
        next[i] = votes[i] >= 0 && !elected[i];
    }
    *won = (int)take;
    return o;
}

const char *election_run(struct election_round *rd, size_t nr, const int64_t *votes, size_t n,
                         int64_t present, int seats, bool *elected, size_t *round)
{
    bool stand[ELECTION_CANDIDATES_MAX], won_now[ELECTION_CANDIDATES_MAX], next[ELECTION_CANDIDATES_MAX];
    bool among_tied = false; /* this round re-votes a tie (through void rounds too) */
    enum election_outcome last = ELECTION_VOID;
    for (size_t i = 0; i < n; i++) {
        stand[i] = true; /* the first round stands every candidate */
        elected[i] = false;
    }
    for (size_t r = 0; r < nr; r++) {
        *round = r;
        if (r > 0 && last == ELECTION_FILLED) {
            return "every seat was filled in the round before: no further round";
        }
        rd[r].seats = seats;
        if (rd[r].returned > rd[r].issued) {
            rd[r].outcome = last = ELECTION_VOID; /* 条例: void, vote again among the same */
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            if ((votes[r * n + i] >= 0) != stand[i]) {
                return last == ELECTION_TIE
                           ? "after a tie for the last seat the next round is among the tied only"
                       : last == ELECTION_SHORT
                           ? "after a round that left seats empty the next round is among "
                             "the candidates not yet elected"
                       : r == 0 ? "the first round stands every candidate"
                                : "a void round is voted again among the same candidates";
            }
        }
        int won = 0;
        among_tied = last == ELECTION_TIE || (last == ELECTION_VOID && among_tied);
        rd[r].outcome = last =
            election_count(votes + r * n, n, present, seats, among_tied, won_now, next, &won);
        seats -= won;
        bool any = false;
        for (size_t i = 0; i < n; i++) {
            elected[i] = elected[i] || won_now[i];
            stand[i] = next[i];
            any = any || next[i];
        }
        if (last == ELECTION_SHORT && !any) {
            *round = r + 1; /* the further round cannot be held */
            return "seats remain and no candidate is left for a further round";
        }
    }
    *round = nr;
    return last == ELECTION_FILLED ? NULL
           : last == ELECTION_VOID ? "the last round is void (more ballots returned than issued): vote again"
           : last == ELECTION_TIE
               ? "a tie for the last seat: vote again among the tied"
               : "fewer candidates than seats had more yes votes than half of the voting members "
                 "present: hold a further round among the rest";
}

bool election_fewer_stands(const struct election_round *rd, size_t nr, size_t round, const bool *elected,
                           size_t n)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        any = any || elected[i];
    }
    return any && nr > 0 && round == nr && rd[nr - 1].outcome == ELECTION_SHORT;
}

const char *election_round_fault(const struct election_round *rd, int64_t present, const int64_t *votes,
                                 size_t n, const char **field)
{
    int64_t names = 0, valid = rd->returned - rd->invalid;
    *field = "ballots_issued";
    if (rd->issued > present) {
        return "exceeds the voting members present";
    }
    *field = "invalid_ballots";
    if (rd->invalid > rd->returned) {
        return "exceeds the ballots returned";
    }
    *field = "votes";
    for (size_t i = 0; rd->returned <= rd->issued && i < n; i++) {
        if (votes[i] > valid) {
            return "a candidate has more yes votes than there are valid ballots";
        }
        names += votes[i] > 0 ? votes[i] : 0;
    }
    if (rd->returned <= rd->issued && names > valid * rd->seats) {
        return "more names than the valid ballots can carry (each names at most the seats)";
    }
    return NULL;
}

bool election_quorate(int64_t should_attend, int64_t present)
{
    return should_attend > 0 && present * 5 > should_attend * 4;
}

int election_candidates_min(int seats)
{
    return (seats * 6 + 4) / 5; /* seats × 1.2, rounded up */
}

void terms_due_until(const char *today, int months, char until[24])
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = atoi(today), m = atoi(today + 5), d = atoi(today + 8);
    int k = y * 12 + (m - 1) + months, ty = k / 12, tm = k % 12 + 1;
    int last = mdays[tm - 1] + (tm == 2 && ((ty % 4 == 0 && ty % 100 != 0) || ty % 400 == 0));
    snprintf(until, 24, "%04d-%02d-%02d", ty % 10000, tm, d > last ? last : d);
}

const char *terms_due_status(const char *ends_on, const char *today)
{
    if (ends_on == NULL) {
        return "no_term";
    }
    return strcmp(ends_on, today) < 0 ? "expired" : "ending";
}
