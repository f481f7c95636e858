/* The election rules of the 《中国共产党基层组织选举工作条例》(2020) without a database
 * (RULES.md, Elections): the quorum of those who should attend after approved
 * exclusions, the 20% candidate margin, void rounds, a candidate elected by more yes
 * votes than half of the voting members present, seats by votes, a tie for the last seat
 * and a short round, each followed by the round the 条例 calls for. */
#include "support.h"

#include <string.h>

#include "yinhui/election.h"

/* 条例: more yes votes than half of the voting members PRESENT, not of those entitled.
 * 20 should attend, 17 came: 9 votes elect (the old rule, half of 20, refused them). */
static void elected_by_majority_of_present(void **s)
{
    (void)s;
    bool e[4], next[4];
    int won = 0;
    int64_t v[] = {9, 8};
    assert_int_equal(election_count(v, 2, 17, 1, false, e, next, &won), ELECTION_FILLED);
    assert_true(e[0] && !e[1]);
    assert_int_equal(won, 1);
    /* exactly half of those present is not more than half */
    int64_t h[] = {9};
    assert_int_equal(election_count(h, 1, 18, 1, false, e, next, &won), ELECTION_SHORT);
    assert_false(e[0]);
    assert_int_equal(won, 0);
    int64_t odd[] = {10};
    assert_int_equal(election_count(odd, 1, 19, 1, false, e, next, &won), ELECTION_FILLED); /* 10 > 9.5 */
    assert_int_equal(election_count(odd, 1, 20, 1, false, e, next, &won), ELECTION_SHORT);  /* 10 = 20 / 2 */
}

/* The 条例: more candidates with the majority than seats → by votes. A branch of 40
 * present, three seats: 35, 30, 28 and 25 all pass 20; the three most are elected. */
static void more_qualified_than_seats_by_votes(void **s)
{
    (void)s;
    bool e[5], next[5];
    int won = 0;
    int64_t v[] = {25, 35, 28, 30, 12};
    assert_int_equal(election_count(v, 5, 40, 3, false, e, next, &won), ELECTION_FILLED);
    assert_true(!e[0] && e[1] && e[2] && e[3] && !e[4]);
    assert_int_equal(won, 3);
    assert_false(next[0] || next[1] || next[2] || next[3] || next[4]);
}

/* A tie for the last seat: those above the tie are elected, the tied vote again for
 * what is left; a tie below the last seat, or within the seats, changes nothing. */
static void tie_for_last_seat_votes_again_among_the_tied(void **s)
{
    (void)s;
    bool e[5], next[5];
    int won = 0;
    int64_t v[] = {30, 25, 25, 28, 10}; /* 40 present, 2 seats: 30 elected, 28 is second */
    assert_int_equal(election_count(v, 5, 40, 2, false, e, next, &won), ELECTION_FILLED);
    assert_true(e[0] && e[3] && !e[1] && !e[2]);
    assert_int_equal(election_count(v, 5, 40, 3, false, e, next, &won),
                     ELECTION_TIE); /* 25 and 25 for the third */
    assert_int_equal(won, 2);
    assert_true(e[0] && e[3] && !e[1] && !e[2] && !e[4]);
    assert_true(next[1] && next[2] && !next[0] && !next[3] && !next[4]);
    assert_int_equal(election_count(v, 5, 40, 4, false, e, next, &won),
                     ELECTION_FILLED); /* both tied have a seat */
    int64_t w[] = {25, 25, 25};        /* three tied for two seats: nobody is elected yet */
    assert_int_equal(election_count(w, 3, 40, 2, false, e, next, &won), ELECTION_TIE);
    assert_int_equal(won, 0);
    assert_true(next[0] && next[1] && next[2]);
    int64_t below[] = {30, 22, 22}; /* the tie is below the last seat */
    assert_int_equal(election_count(below, 3, 40, 1, false, e, next, &won), ELECTION_FILLED);
    assert_true(e[0] && !e[1] && !e[2]);
    int64_t fail[] = {30, 20, 20}; /* tied, but neither has the majority: one seat left, a further round */
    assert_int_equal(election_count(fail, 3, 40, 2, false, e, next, &won), ELECTION_SHORT);
    assert_true(e[0] && next[1] && next[2]);
}

/* Fewer than the seats reach the majority: they are elected, and the rest stand in a
 * further round for the seats left; a candidate not standing (-1) is not among them. */
static void fewer_than_seats_further_round_among_the_rest(void **s)
{
    (void)s;
    bool e[4], next[4];
    int won = 0;
    int64_t v[] = {30, 18, -1, 15};
    assert_int_equal(election_count(v, 4, 40, 2, false, e, next, &won), ELECTION_SHORT);
    assert_int_equal(won, 1);
    assert_true(e[0] && !e[1] && !e[2] && !e[3]);
    assert_true(!next[0] && next[1] && !next[2] && next[3]);
}

/* 条例: returned ≤ issued is valid, more returned than issued is void and voted again
 * among the same candidates; the first round stands every candidate. */
static void void_round_is_voted_again(void **s)
{
    (void)s;
    bool e[4];
    size_t at = 99;
    struct election_round rd[2] = {{.issued = 40, .returned = 41}, {.issued = 40, .returned = 40}};
    int64_t v[] = {-1, -1, -1, -1, 35, 30, 28, 12};
    assert_null(election_run(rd, 2, v, 4, 40, 3, e, &at));
    assert_int_equal(rd[0].outcome, ELECTION_VOID);
    assert_int_equal(rd[1].outcome, ELECTION_FILLED);
    assert_int_equal(rd[1].seats, 3);
    assert_true(e[0] && e[1] && e[2] && !e[3]);
    /* the void round alone: vote again */
    assert_non_null(election_run(rd, 1, v, 4, 40, 3, e, &at));
    assert_int_equal(at, 1);
    /* returned equal to issued is valid */
    struct election_round ok = {.issued = 40, .returned = 40};
    assert_null(election_run(&ok, 1, v + 4, 4, 40, 3, e, &at));
    /* a round after a void one must stand the same candidates */
    int64_t drop[] = {-1, -1, -1, -1, 35, 30, 28, -1};
    assert_non_null(election_run(rd, 2, drop, 4, 40, 3, e, &at));
    assert_int_equal(at, 1);
    /* and the first round stands all */
    assert_non_null(election_run(&ok, 1, drop + 4, 4, 40, 3, e, &at));
    assert_int_equal(at, 0);
}

/* A whole election: a tie for the last seat, then a round among the tied, which elects
 * by most votes (条例 art. 29: 得票多的当选, not again more than half); a tie again is
 * voted again. */
static void rounds_follow_tie_and_short(void **s)
{
    (void)s;
    bool e[5];
    size_t at = 99;
    struct election_round rd[3] = {{.issued = 40, .returned = 40, .invalid = 1},
                                   {.issued = 40, .returned = 39},
                                   {.issued = 40, .returned = 40}};
    int64_t v[] = {30, 25, 25, 28, 10,  /* 3 seats: 30 and 28 elected, 25 and 25 tied */
                   -1, 20, 19, -1, -1,  /* among the tied: 20 elected, though not more than half of 40 */
                   -1, 26, 14, -1, -1}; /* (no third round: every seat is filled) */
    assert_null(election_run(rd, 2, v, 5, 40, 3, e, &at));
    assert_int_equal(rd[0].outcome, ELECTION_TIE);
    assert_int_equal(rd[1].outcome, ELECTION_FILLED);
    assert_int_equal(rd[1].seats, 1);
    assert_true(e[0] && e[1] && !e[2] && e[3] && !e[4]);
    assert_non_null(election_run(rd, 3, v, 5, 40, 3, e, &at));
    assert_int_equal(at, 2);
    /* tied again among the tied: voted again, still by most votes; a void re-vote between */
    int64_t again[] = {30, 25, 25, 28, 10, -1, 20, 20, -1, -1, -1, 9, 30, -1, -1, -1, 3, 2, -1, -1};
    struct election_round rd4[4] = {{.issued = 40, .returned = 40},
                                    {.issued = 40, .returned = 40},
                                    {.issued = 40, .returned = 41},
                                    {.issued = 40, .returned = 40}};
    assert_null(election_run(rd4, 4, again, 5, 40, 3, e, &at));
    assert_int_equal(rd4[1].outcome, ELECTION_TIE);
    assert_int_equal(rd4[2].outcome, ELECTION_VOID);
    assert_int_equal(rd4[3].outcome, ELECTION_FILLED);
    assert_true(e[0] && e[1] && !e[2] && e[3] && !e[4]);
    /* stopping after the tie: another round is needed */
    assert_non_null(election_run(rd, 1, v, 5, 40, 3, e, &at));
    assert_int_equal(at, 1);
    /* the round after the tie may not stand others than the tied */
    int64_t wrong[] = {30, 25, 25, 28, 10, -1, 20, 19, -1, 5};
    assert_non_null(election_run(rd, 2, wrong, 5, 40, 3, e, &at));
    assert_int_equal(at, 1);
    /* no round after every seat is filled */
    int64_t done[] = {30, 29, 25, 28, 10, 30, 29, 25, 28, 10};
    assert_non_null(election_run(rd, 2, done, 5, 40, 3, e, &at));
    assert_int_equal(at, 1);
}

/* Seats remain and nobody is left to stand: the rounds cannot fill them. */
static void short_with_nobody_left(void **s)
{
    (void)s;
    bool e[2];
    size_t at = 99;
    struct election_round rd = {.issued = 10, .returned = 10};
    int64_t v[] = {9, 8};
    assert_non_null(election_run(&rd, 1, v, 2, 10, 3, e, &at));
    assert_int_equal(at, 1); /* the further round cannot be held */
    struct election_round more[2] = {{.issued = 10, .returned = 10}, {.issued = 10, .returned = 10}};
    int64_t w[] = {9, 8, -1, -1};
    assert_non_null(election_run(more, 2, w, 2, 10, 3, e, &at));
    assert_int_equal(at, 1);
}

/* 条例: seats left empty after the last round stand only with the members' consent
 * (fewer seats), and only when someone was elected and the last round was short. */
static void fewer_seats_with_consent(void **s)
{
    (void)s;
    bool e[3];
    size_t at = 99;
    struct election_round rd = {.issued = 10, .returned = 10};
    int64_t v[] = {9, 8, 2}; /* 3 seats: two elected, one left */
    assert_non_null(election_run(&rd, 1, v, 3, 10, 3, e, &at));
    assert_int_equal(at, 1);
    assert_true(election_fewer_stands(&rd, 1, at, e, 3));
    int64_t none[] = {5, 4, 2}; /* nobody has more than half of ten */
    assert_non_null(election_run(&rd, 1, none, 3, 10, 3, e, &at));
    assert_false(election_fewer_stands(&rd, 1, at, e, 3));
    int64_t tie[] = {9, 7, 7}; /* a tie for the last seat is no short round */
    assert_non_null(election_run(&rd, 1, tie, 3, 10, 2, e, &at));
    assert_false(election_fewer_stands(&rd, 1, at, e, 3));
    int64_t left[] = {9, 8}; /* nobody left for a further round: the last round is short */
    assert_non_null(election_run(&rd, 1, left, 2, 10, 3, e, &at));
    assert_int_equal(at, 1);
    assert_true(election_fewer_stands(&rd, 1, at, e, 2));
    struct election_round two[2] = {{.issued = 10, .returned = 10}, {.issued = 10, .returned = 11}};
    int64_t vv[] = {9, 8, 2, -1, -1, -1}; /* short, then void: vote again, the consent does not cover it */
    assert_non_null(election_run(two, 2, vv, 3, 10, 3, e, &at));
    assert_false(election_fewer_stands(two, 2, at, e, 3));
}

/* 条例: valid when voting members present exceed 4/5 of those who should attend, which
 * approved exclusions (the bedridden, …) reduce. 25 on the roster, 5 excluded: 20. */
static void quorum_more_than_four_fifths_after_exclusions(void **s)
{
    (void)s;
    assert_false(election_quorate(25, 17)); /* without the exclusions */
    assert_false(election_quorate(20, 16)); /* exactly four fifths is not enough */
    assert_true(election_quorate(20, 17));
    assert_true(election_quorate(1, 1));
    assert_false(election_quorate(5, 4));
    assert_false(election_quorate(0, 0));  /* nobody should attend: no election */
    assert_true(election_quorate(47, 38)); /* 50 members, 3 bedridden excluded: 38 > 37.6 */
    assert_false(election_quorate(47, 37));
}

/* 差额: at least 20% more candidates than seats, rounded up. */
static void candidate_margin_twenty_percent(void **s)
{
    (void)s;
    assert_int_equal(election_candidates_min(1), 2);
    assert_int_equal(election_candidates_min(3), 4); /* 3.6 */
    assert_int_equal(election_candidates_min(5), 6);
    assert_int_equal(election_candidates_min(7), 9); /* 8.4 */
    assert_int_equal(election_candidates_min(9), 11);
    assert_int_equal(election_candidates_min(10), 12);
    assert_int_equal(election_candidates_min(15), 18);
}

/* The ballots of one round against those present and the votes counted. */
static void round_ballots_agree(void **s)
{
    (void)s;
    const char *field = NULL;
    struct election_round rd = {.issued = 40, .returned = 40, .invalid = 2, .seats = 2};
    int64_t v[] = {38, 30, 8};
    assert_null(election_round_fault(&rd, 40, v, 3, &field));
    assert_non_null(election_round_fault(&rd, 39, v, 3, &field)); /* issued to more than present */
    assert_string_equal(field, "ballots_issued");
    int64_t over[] = {39, 30, 8}; /* 38 valid ballots */
    assert_non_null(election_round_fault(&rd, 40, over, 3, &field));
    assert_string_equal(field, "votes");
    int64_t many[] = {38, 30, 9}; /* 77 names on 38 ballots of two names */
    assert_non_null(election_round_fault(&rd, 40, many, 3, &field));
    assert_string_equal(field, "votes");
    struct election_round bad = {.issued = 40, .returned = 3, .invalid = 4, .seats = 2};
    assert_non_null(election_round_fault(&bad, 40, v, 3, &field));
    assert_string_equal(field, "invalid_ballots");
    struct election_round vd = {.issued = 40, .returned = 41, .seats = 2}; /* void: votes not read */
    assert_null(election_round_fault(&vd, 40, over, 3, &field));
    assert_string_equal(election_outcome_name(ELECTION_VOID), "void");
    assert_string_equal(election_outcome_name(ELECTION_SHORT), "short");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(elected_by_majority_of_present),
        cmocka_unit_test(more_qualified_than_seats_by_votes),
        cmocka_unit_test(tie_for_last_seat_votes_again_among_the_tied),
        cmocka_unit_test(fewer_than_seats_further_round_among_the_rest),
        cmocka_unit_test(void_round_is_voted_again),
        cmocka_unit_test(rounds_follow_tie_and_short),
        cmocka_unit_test(short_with_nobody_left),
        cmocka_unit_test(fewer_seats_with_consent),
        cmocka_unit_test(quorum_more_than_four_fifths_after_exclusions),
        cmocka_unit_test(candidate_margin_twenty_percent),
        cmocka_unit_test(round_ballots_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
