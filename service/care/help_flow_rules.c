/* The urgent help flow's rules (see help_flow.h): who may move a request from which
 * status to which, and which deadline an open one has missed. Plain functions, pinned by
 * tests/unit/test_help_flow.c. */
#include "yinhui/help_flow.h"

#include <string.h>

#define ST(s) (1u << (s))

static const char *const status_names[] = {"open",     "assigned",  "accepted",
                                           "resolved", "confirmed", "cancelled"};

bool help_status_parse(const char *s, enum help_status *out)
{
    for (size_t i = 0; s != NULL && i < sizeof(status_names) / sizeof(status_names[0]); i++) {
        if (strcmp(s, status_names[i]) == 0) {
            *out = (enum help_status)i;
            return true;
        }
    }
    return false;
}

const char *help_status_name(enum help_status s)
{
    return status_names[s];
}

const char *help_action_logged(enum help_action a)
{
    static const char *const logged[] = {"assigned", "accepted", "resolved", "confirmed", "cancelled"};
    return logged[a];
}

/* One allowed move: action, the statuses it starts from, where it goes, who may take it;
 * who and when are the rule's words for a 403 and a 409. An action may have several
 * rows (staff may resolve from assigned, recording a phone call; the assignee only once
 * accepted). */
struct help_rule {
    enum help_action action;
    unsigned from;
    enum help_status to;
    unsigned roles;
    const char *who, *when;
};

static const struct help_rule rules[] = {
    {HELP_ASSIGN, ST(HELP_OPEN) | ST(HELP_ASSIGNED), HELP_ASSIGNED, HR_STAFF | HR_SECRETARY,
     "office staff or the secretary of the member's branch assign a request",
     "a request is assigned (or reassigned) only while open or assigned, before it is accepted"},
    {HELP_ACCEPT, ST(HELP_ASSIGNED), HELP_ACCEPTED, HR_ASSIGNEE | HR_STAFF,
     "the assignee accepts a request (staff may record an acceptance given by phone)",
     "only an assigned request can be accepted"},
    {HELP_RESOLVE, ST(HELP_ACCEPTED), HELP_RESOLVED, HR_ASSIGNEE | HR_STAFF,
     "the assignee or office staff record what was done",
     "a request is resolved once accepted (staff may also record it from assigned)"},
    {HELP_RESOLVE, ST(HELP_ASSIGNED), HELP_RESOLVED, HR_STAFF, NULL, NULL},
    {HELP_CONFIRM, ST(HELP_RESOLVED), HELP_CONFIRMED, HR_MEMBER | HR_STAFF,
     "the member (or a relative for the member) confirms; staff may record a confirmation by phone",
     "only a resolved request can be confirmed"},
    {HELP_CANCEL, ST(HELP_OPEN) | ST(HELP_ASSIGNED) | ST(HELP_ACCEPTED), HELP_CANCELLED,
     HR_MEMBER | HR_FILER | HR_STAFF,
     "the member, a relative, whoever filed it or office staff cancel a request",
     "a request can be cancelled only before it is resolved"},
};

enum help_verdict help_step(enum help_action a, enum help_status from, bool team, unsigned roles,
                            enum help_status *to, const char **why)
{
    const struct help_rule *first = NULL;
    bool may = false;
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        const struct help_rule *k = &rules[i];
        if (k->action != a) {
            continue;
        }
        first = first ? first : k;
        if ((k->roles & roles) == 0) {
            continue;
        }
        may = true;
        if ((k->from & ST(from)) == 0) {
            continue;
        }
        if (team && (a == HELP_ACCEPT || a == HELP_RESOLVE)) {
            *why =
                "a request assigned to a volunteer team is accepted and resolved through its volunteer need";
            return HV_CONFLICT;
        }
        *to = k->to;
        return HV_OK;
    }
    *why = may ? first->when : first->who;
    return may ? HV_CONFLICT : HV_FORBIDDEN;
}

enum help_missed help_overdue(int64_t now, enum help_status status, int64_t respond_by, int64_t accepted_at,
                              int64_t resolve_by)
{
    if (status != HELP_OPEN && status != HELP_ASSIGNED && status != HELP_ACCEPTED) {
        return HELP_MISSED_NONE;
    }
    if (now > resolve_by) {
        return HELP_MISSED_RESOLVE;
    }
    if (accepted_at == 0 && status != HELP_ACCEPTED && now > respond_by) {
        return HELP_MISSED_RESPOND;
    }
    return HELP_MISSED_NONE;
}

const char *help_missed_name(enum help_missed m)
{
    return m == HELP_MISSED_RESPOND ? "respond" : m == HELP_MISSED_RESOLVE ? "resolve" : "none";
}
