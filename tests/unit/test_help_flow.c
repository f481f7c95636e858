/* The urgent help flow's rules (service/care/help_flow_rules.c) without a database: the
 * state machine (which action from which status, by whom; the 403 and 409 naming the
 * rule) and which deadline an open request has missed, on its boundary seconds, at the
 * end of a China day, at the turn of the year and on 29 February. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/help_flow.h"

#define ALL_ROLES (HR_STAFF | HR_SECRETARY | HR_ASSIGNEE | HR_MEMBER | HR_FILER)

/* One row of the table: action, from, team, roles → verdict (and the status reached). */
struct step_case {
    enum help_action a;
    enum help_status from;
    bool team;
    unsigned roles;
    enum help_verdict want;
    enum help_status to;
};

static void state_machine_table(void **s)
{
    (void)s;
    static const struct step_case cases[] = {
        /* assign: staff or the branch's secretary, open or assigned (reassign) */
        {HELP_ASSIGN, HELP_OPEN, false, HR_STAFF, HV_OK, HELP_ASSIGNED},
        {HELP_ASSIGN, HELP_OPEN, false, HR_SECRETARY, HV_OK, HELP_ASSIGNED},
        {HELP_ASSIGN, HELP_ASSIGNED, false, HR_STAFF, HV_OK, HELP_ASSIGNED},
        {HELP_ASSIGN, HELP_ASSIGNED, true, HR_STAFF, HV_OK, HELP_ASSIGNED},
        {HELP_ASSIGN, HELP_ACCEPTED, false, HR_STAFF, HV_CONFLICT, 0},
        {HELP_ASSIGN, HELP_RESOLVED, false, HR_SECRETARY, HV_CONFLICT, 0},
        {HELP_ASSIGN, HELP_OPEN, false, HR_MEMBER | HR_FILER | HR_ASSIGNEE, HV_FORBIDDEN, 0},
        /* accept: the assignee, or staff recording a call; a team through its need */
        {HELP_ACCEPT, HELP_ASSIGNED, false, HR_ASSIGNEE, HV_OK, HELP_ACCEPTED},
        {HELP_ACCEPT, HELP_ASSIGNED, false, HR_STAFF, HV_OK, HELP_ACCEPTED},
        {HELP_ACCEPT, HELP_ASSIGNED, true, HR_STAFF, HV_CONFLICT, 0},
        {HELP_ACCEPT, HELP_OPEN, false, HR_ASSIGNEE, HV_CONFLICT, 0},
        {HELP_ACCEPT, HELP_ACCEPTED, false, HR_ASSIGNEE, HV_CONFLICT, 0},
        {HELP_ACCEPT, HELP_ASSIGNED, false, HR_MEMBER | HR_SECRETARY | HR_FILER, HV_FORBIDDEN, 0},
        /* resolve: from accepted by the assignee or staff; from assigned by staff only */
        {HELP_RESOLVE, HELP_ACCEPTED, false, HR_ASSIGNEE, HV_OK, HELP_RESOLVED},
        {HELP_RESOLVE, HELP_ACCEPTED, false, HR_STAFF, HV_OK, HELP_RESOLVED},
        {HELP_RESOLVE, HELP_ASSIGNED, false, HR_STAFF, HV_OK, HELP_RESOLVED},
        {HELP_RESOLVE, HELP_ASSIGNED, false, HR_ASSIGNEE, HV_CONFLICT, 0},
        {HELP_RESOLVE, HELP_ACCEPTED, true, HR_STAFF, HV_CONFLICT, 0},
        {HELP_RESOLVE, HELP_OPEN, false, HR_STAFF, HV_CONFLICT, 0},
        {HELP_RESOLVE, HELP_ACCEPTED, false, HR_MEMBER | HR_SECRETARY, HV_FORBIDDEN, 0},
        /* confirm: the member (or its relative), or staff by phone; only once resolved */
        {HELP_CONFIRM, HELP_RESOLVED, false, HR_MEMBER, HV_OK, HELP_CONFIRMED},
        {HELP_CONFIRM, HELP_RESOLVED, true, HR_STAFF, HV_OK, HELP_CONFIRMED},
        {HELP_CONFIRM, HELP_ACCEPTED, false, HR_MEMBER, HV_CONFLICT, 0},
        {HELP_CONFIRM, HELP_CONFIRMED, false, HR_MEMBER, HV_CONFLICT, 0},
        {HELP_CONFIRM, HELP_RESOLVED, false, HR_ASSIGNEE | HR_SECRETARY | HR_FILER, HV_FORBIDDEN, 0},
        /* cancel: member, relative, filer or staff, before resolution */
        {HELP_CANCEL, HELP_OPEN, false, HR_MEMBER, HV_OK, HELP_CANCELLED},
        {HELP_CANCEL, HELP_ASSIGNED, false, HR_FILER, HV_OK, HELP_CANCELLED},
        {HELP_CANCEL, HELP_ACCEPTED, true, HR_STAFF, HV_OK, HELP_CANCELLED},
        {HELP_CANCEL, HELP_RESOLVED, false, ALL_ROLES, HV_CONFLICT, 0},
        {HELP_CANCEL, HELP_CANCELLED, false, HR_STAFF, HV_CONFLICT, 0},
        {HELP_CANCEL, HELP_OPEN, false, HR_ASSIGNEE | HR_SECRETARY, HV_FORBIDDEN, 0},
        /* nobody may do anything from confirmed or cancelled */
        {HELP_ASSIGN, HELP_CONFIRMED, false, ALL_ROLES, HV_CONFLICT, 0},
        {HELP_ACCEPT, HELP_CANCELLED, false, ALL_ROLES, HV_CONFLICT, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct step_case *c = &cases[i];
        enum help_status to = HELP_OPEN;
        const char *why = NULL;
        enum help_verdict v = help_step(c->a, c->from, c->team, c->roles, &to, &why);
        if (v != c->want) {
            fail_msg("case %zu: verdict %d, want %d (%s)", i, (int)v, (int)c->want, why ? why : "");
        }
        if (v == HV_OK) {
            assert_int_equal(to, c->to);
        } else {
            assert_non_null(why);
            assert_true(strlen(why) > 10);
        }
    }
}

static void rules_are_named(void **s)
{
    (void)s;
    enum help_status to;
    const char *why = NULL;
    assert_int_equal(help_step(HELP_ACCEPT, HELP_ASSIGNED, true, HR_STAFF, &to, &why), HV_CONFLICT);
    assert_non_null(strstr(why, "volunteer need"));
    assert_int_equal(help_step(HELP_CANCEL, HELP_RESOLVED, false, HR_MEMBER, &to, &why), HV_CONFLICT);
    assert_non_null(strstr(why, "before it is resolved"));
    assert_int_equal(help_step(HELP_CONFIRM, HELP_RESOLVED, false, HR_ASSIGNEE, &to, &why), HV_FORBIDDEN);
    assert_non_null(strstr(why, "member"));
}

static void statuses_round_trip(void **s)
{
    (void)s;
    enum help_status st;
    const char *names[] = {"open", "assigned", "accepted", "resolved", "confirmed", "cancelled"};
    for (int i = 0; i < 6; i++) {
        assert_true(help_status_parse(names[i], &st));
        assert_string_equal(help_status_name(st), names[i]);
    }
    assert_false(help_status_parse("done", &st));
    assert_false(help_status_parse(NULL, &st));
    assert_string_equal(help_action_logged(HELP_CONFIRM), "confirmed");
}

/* China time text to seconds. */
static int64_t cn(const char *t)
{
    int64_t v = time_cn_parse(t);
    assert_true(v > 0);
    return v;
}

/* A request due to respond by respond and resolve by resolve, checked one second before,
 * at and one second after each deadline. */
static void deadlines_at(const char *respond, const char *resolve)
{
    int64_t rb = cn(respond), sb = cn(resolve);
    assert_int_equal(help_overdue(rb - 1, HELP_OPEN, rb, 0, sb), HELP_MISSED_NONE);
    assert_int_equal(help_overdue(rb, HELP_ASSIGNED, rb, 0, sb), HELP_MISSED_NONE);
    assert_int_equal(help_overdue(rb + 1, HELP_ASSIGNED, rb, 0, sb), HELP_MISSED_RESPOND);
    assert_int_equal(help_overdue(rb + 1, HELP_ACCEPTED, rb, rb - 60, sb), HELP_MISSED_NONE);
    assert_int_equal(help_overdue(sb, HELP_ACCEPTED, rb, rb - 60, sb), HELP_MISSED_NONE);
    assert_int_equal(help_overdue(sb + 1, HELP_ACCEPTED, rb, rb - 60, sb), HELP_MISSED_RESOLVE);
    /* never accepted and past both: the graver, resolution */
    assert_int_equal(help_overdue(sb + 1, HELP_OPEN, rb, 0, sb), HELP_MISSED_RESOLVE);
    /* accepted late: the response is history, only the resolution counts now */
    assert_int_equal(help_overdue(rb + 7200, HELP_ACCEPTED, rb, rb + 3600, sb),
                     rb + 7200 > sb ? HELP_MISSED_RESOLVE : HELP_MISSED_NONE);
    /* done or dropped: never overdue */
    assert_int_equal(help_overdue(sb + 86400, HELP_RESOLVED, rb, rb, sb), HELP_MISSED_NONE);
    assert_int_equal(help_overdue(sb + 86400, HELP_CONFIRMED, rb, rb, sb), HELP_MISSED_NONE);
    assert_int_equal(help_overdue(sb + 86400, HELP_CANCELLED, rb, 0, sb), HELP_MISSED_NONE);
}

static void overdue_boundaries(void **s)
{
    (void)s;
    /* water, filed at 09:00: the same day (by 24:00 China time), resolved within 24 h */
    deadlines_at("2026-06-10 23:59:59", "2026-06-11 09:00:00");
    /* the end of a China day is 16:00 UTC: 23:59:59 +08:00 is still that day */
    int64_t end = cn("2026-06-10 23:59:59");
    assert_int_equal(end % 86400, 15 * 3600 + 59 * 60 + 59);
    assert_int_equal(help_overdue(cn("2026-06-11 00:00:00"), HELP_OPEN, end, 0, cn("2026-06-11 09:00:00")),
                     HELP_MISSED_RESPOND);
    /* the turn of the year in China time (31 December 16:00 UTC) */
    deadlines_at("2026-12-31 23:59:59", "2027-01-01 08:30:00");
    assert_int_equal(help_overdue(cn("2027-01-01 00:00:00"), HELP_ASSIGNED, cn("2026-12-31 23:59:59"), 0,
                                  cn("2027-01-01 08:30:00")),
                     HELP_MISSED_RESPOND);
    /* 29 February: 24 h from the 28th's evening falls on the 29th, then 1 March */
    deadlines_at("2028-02-28 23:59:59", "2028-02-29 20:00:00");
    deadlines_at("2028-02-29 23:59:59", "2028-03-01 10:00:00");
    assert_int_equal(cn("2028-03-01 00:00:00") - cn("2028-02-29 00:00:00"), 86400);
    /* 72 h over a month end (bills) */
    deadlines_at("2026-01-31 12:00:00", "2026-02-03 12:00:00");
    assert_string_equal(help_missed_name(HELP_MISSED_RESPOND), "respond");
    assert_string_equal(help_missed_name(HELP_MISSED_RESOLVE), "resolve");
    assert_string_equal(help_missed_name(HELP_MISSED_NONE), "none");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(state_machine_table),
        cmocka_unit_test(rules_are_named),
        cmocka_unit_test(statuses_round_trip),
        cmocka_unit_test(overdue_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
