/* The route table: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/app.h"
#include "yinhui/handlers.h"

static const char *const q_list[] = {"limit", "cursor", NULL};
static const char *const q_offices[] = {"limit", "cursor", "parent", "level", NULL};
static const char *const q_jwks[] = {"office", NULL};
static const char *const q_branches[] = {"limit",  "cursor",        "level", "nature", "host_type",
                                         "parent", "demonstration", "name",  "state",  NULL};
static const char *const q_tree[] = {"dissolved", NULL};
static const char *const q_coverage[] = {"months", NULL};
static const char *const q_members[] = {
    "limit",         "cursor",       "branch",  "category", "health", "status", "relocated",
    "joined_before", "joined_after", "age_min", "age_max",  "name",   NULL};
static const char *const q_reveal[] = {"reveal", NULL};
static const char *const q_export[] = {"reveal", "branch", "status", NULL};
static const char *const q_import[] = {"partial", NULL};
static const char *const q_vol[] = {"limit", "cursor", "team", "skill", "status", "name", NULL};
static const char *const q_vevents[] = {"limit", "cursor", "status", "team", "from", "to", NULL};
static const char *const q_status[] = {"limit", "cursor", "status", NULL};
static const char *const q_vhours[] = {"limit", "cursor", "status", "volunteer", NULL};
static const char *const q_board[] = {"by", "period", "at", NULL};
static const char *const q_report[] = {"by", "from", "to", "format", NULL};
static const char *const q_year[] = {"year", NULL};
static const char *const q_tsearch[] = {"limit",        "cursor",   "category", "skills", "area",
                                        "availability", "language", "q",        NULL};
static const char *const q_due[] = {"within_days", NULL};
static const char *const q_activities[] = {"limit", "cursor", "from", "to", NULL};
static const char *const q_compliance[] = {"year", "quarter", "all", NULL};
static const char *const q_arrears[] = {"from", "to", "branch", NULL};
static const char *const q_months[] = {"from", "to", NULL};
static const char *const q_visits[] = {"limit", "cursor", "member", "reason", NULL};
static const char *const q_care_due[] = {"days", "hospital_days", "date", "reveal", NULL};
static const char *const q_honours[] = {"year", "kind", NULL};
static const char *const q_evals[] = {"limit", "cursor", "year", "stage", "state", "office", NULL};
static const char *const q_deliveries[] = {"limit", "cursor", "state", NULL};
static const char *const q_sugg[] = {"limit", "cursor", "status", NULL};
static const char *const q_terms_due[] = {"months", NULL};
static const char *const q_study[] = {"limit", "cursor", "kind", "member", "year", NULL};
static const char *const q_study_sum[] = {"year", "branch", NULL};
static const char *const q_audit[] = {"limit", "cursor", "action", "actor", "target", "since", "until", NULL};

const struct route yh_routes[] = {
    {"GET", "/healthz", health_live, 0, NULL, R_PUBLIC | R_NODB},
    {"GET", "/readyz", health_ready, 0, NULL, R_PUBLIC},
    {"GET", "/metrics", health_metrics, 0, NULL, R_PUBLIC | R_NODB},

    {"POST", "/v1/auth/token", auth_token, 0, NULL, R_PUBLIC | R_JSON_BODY | R_FORM_BODY},
    {"POST", "/v1/auth/revoke", auth_revoke, 0, NULL, R_JSON_BODY},
    {"GET", "/v1/auth/jwks", auth_jwks, 0, q_jwks, R_PUBLIC},

    {"GET", "/v1/offices", offices_list, SC_OFFICES_READ, q_offices, 0},
    {"POST", "/v1/offices", offices_create, SC_OFFICES_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/offices/{code}", offices_get, SC_OFFICES_READ, NULL, R_CACHED},
    {"PATCH", "/v1/offices/{code}", offices_patch, SC_OFFICES_WRITE, NULL, R_JSON_BODY},

    {"GET", "/v1/accounts", accounts_list, SC_ACCOUNTS_READ, q_list, 0},
    {"POST", "/v1/accounts", accounts_create, SC_ACCOUNTS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/accounts/{id}", accounts_get, SC_ACCOUNTS_READ, NULL, 0},
    {"PATCH", "/v1/accounts/{id}", accounts_patch, SC_ACCOUNTS_WRITE, NULL, R_JSON_BODY},

    {"GET", "/v1/clients", clients_list, SC_CLIENTS_READ, q_list, 0},
    {"POST", "/v1/clients", clients_create, SC_CLIENTS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/clients/{id}", clients_get, SC_CLIENTS_READ, NULL, 0},
    {"DELETE", "/v1/clients/{id}", clients_delete, SC_CLIENTS_WRITE, NULL, 0},

    {"GET", "/v1/branches", branches_list, SC_BRANCHES_READ, q_branches, 0},
    {"POST", "/v1/branches", branches_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"GET", "/v1/branches/tree", branches_tree, SC_BRANCHES_READ, q_tree, R_CACHED | R_OFFICE_WIDE},
    {"GET", "/v1/branches/terms-due", terms_due, SC_BRANCHES_READ, q_terms_due, R_OFFICE_WIDE},
    {"GET", "/v1/branches/coverage", branches_coverage, SC_BRANCHES_READ | SC_MEMBERS_READ, q_coverage,
     R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/branches/{id}", branches_get, SC_BRANCHES_READ, NULL, R_CACHED},
    {"PATCH", "/v1/branches/{id}", branches_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
    {"POST", "/v1/branches/{id}/dissolve", branches_dissolve, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"GET", "/v1/branches/{id}/members", branches_roster, SC_BRANCHES_READ | SC_MEMBERS_READ, q_list, R_PERSONAL},

    {"GET", "/v1/members", members_list, SC_MEMBERS_READ, q_members, R_CACHED | R_PERSONAL},
    {"POST", "/v1/members", members_create, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"POST", "/v1/members/lookup", members_lookup, SC_MEMBERS_READ, q_reveal, R_JSON_BODY | R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/members/unpaired", members_unpaired, SC_MEMBERS_READ, q_list, R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/members/export", members_export, SC_MEMBERS_READ, q_export, R_OFFICE_WIDE | R_PERSONAL},
    {"POST", "/v1/members/import", members_import, SC_MEMBERS_WRITE, q_import,
     R_CSV_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"GET", "/v1/members/{id}", members_get, SC_MEMBERS_READ, q_reveal, R_CACHED | R_PERSONAL},
    {"PATCH", "/v1/members/{id}", members_patch, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    {"POST", "/v1/members/{id}/transfer", members_transfer, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"POST", "/v1/members/{id}/deceased", members_deceased, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"GET", "/v1/members/{id}/memberships", memberships_list, SC_MEMBERS_READ, NULL, R_PERSONAL},
    {"POST", "/v1/members/{id}/memberships", memberships_add, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"DELETE", "/v1/members/{id}/memberships/{mid}", memberships_end, SC_MEMBERS_WRITE, NULL, R_OFFICE_WIDE},
    {"PUT", "/v1/members/{id}/liaison", members_liaison_put, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"DELETE", "/v1/members/{id}/liaison", members_liaison_delete, SC_MEMBERS_WRITE, NULL, R_OFFICE_WIDE},
    {"GET", "/v1/members/{id}/service-card", members_service_card, SC_MEMBERS_READ, q_reveal, R_PERSONAL},

    {"GET", "/v1/audit", audit_list, SC_AUDIT_READ, q_audit, R_OFFICE_WIDE},

    {"GET", "/v1/volunteer-teams", vteams_list, SC_VOLUNTEERS_READ, q_list, 0},
    {"POST", "/v1/volunteer-teams", vteams_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/volunteer-teams/{id}", vteams_get, SC_VOLUNTEERS_READ, NULL, 0},
    {"PATCH", "/v1/volunteer-teams/{id}", vteams_patch, SC_VOLUNTEERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"PUT", "/v1/volunteer-teams/{id}/members/{vid}", vteams_member_put, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/volunteer-teams/{id}/members/{vid}", vteams_member_delete, SC_VOLUNTEERS_WRITE, NULL,
     R_STAFF},

    {"GET", "/v1/volunteers", volunteers_list, SC_VOLUNTEERS_READ, q_vol, R_STAFF},
    {"POST", "/v1/volunteers", volunteers_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/volunteers/me", volunteers_me, SC_VOLUNTEERS_SIGNUP, NULL, 0},
    {"GET", "/v1/volunteers/{id}", volunteers_get, SC_VOLUNTEERS_READ, q_reveal, 0},
    {"PATCH", "/v1/volunteers/{id}", volunteers_patch, SC_VOLUNTEERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/volunteers/{id}/points", volunteers_points, SC_VOLUNTEERS_READ, q_list, 0},
    {"POST", "/v1/volunteers/{id}/redemptions", volunteers_redeem, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},

    {"GET", "/v1/volunteer-events", vevents_list, SC_VOLUNTEERS_READ, q_vevents, R_CACHED},
    {"POST", "/v1/volunteer-events", vevents_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"POST", "/v1/volunteer-events/check-in", vevents_checkin, SC_VOLUNTEERS_SIGNUP, NULL, R_JSON_BODY},
    {"GET", "/v1/volunteer-events/{id}", vevents_get, SC_VOLUNTEERS_READ, NULL, 0},
    {"PATCH", "/v1/volunteer-events/{id}", vevents_patch, SC_VOLUNTEERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/volunteer-events/{id}/signups", vsignups_list, SC_VOLUNTEERS_READ, NULL, R_STAFF},
    {"POST", "/v1/volunteer-events/{id}/signups", vsignups_create, SC_VOLUNTEERS_SIGNUP, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"DELETE", "/v1/volunteer-events/{id}/signups/{sid}", vsignups_cancel, SC_VOLUNTEERS_SIGNUP, NULL, 0},
    {"POST", "/v1/volunteer-events/{id}/attendance", vevents_attendance, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/volunteer-events/{id}/checkin-code", vevents_checkin_code, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/volunteer-events/{id}/claims", vevents_claim, SC_VOLUNTEERS_SIGNUP, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/volunteer-events/{id}/matches", vevents_matches, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},

    {"GET", "/v1/volunteer-hours", vhours_list, SC_VOLUNTEERS_READ, q_vhours, R_STAFF},
    {"POST", "/v1/volunteer-hours/{id}/confirm", vhours_decide, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    {"POST", "/v1/volunteer-hours/{id}/reject", vhours_decide, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    {"GET", "/v1/volunteer-leaderboard", vleaderboard, SC_VOLUNTEERS_READ, q_board, R_CACHED},
    {"GET", "/v1/volunteer-reports", vreports, SC_VOLUNTEERS_READ, q_report, R_OFFICE_WIDE},
    {"GET", "/v1/volunteer-honours", vhonours_list, SC_VOLUNTEERS_READ, q_year, 0},
    {"POST", "/v1/volunteer-honours", vhonours_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"DELETE", "/v1/volunteer-honours/{id}", vhonours_delete, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},

    {"GET", "/v1/volunteer-needs", vneeds_list, SC_VOLUNTEERS_READ, q_status, R_OFFICE_WIDE},
    {"POST", "/v1/volunteer-needs", vneeds_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"GET", "/v1/volunteer-needs/{id}", vneeds_get, SC_VOLUNTEERS_READ, NULL, R_OFFICE_WIDE},
    {"POST", "/v1/volunteer-needs/{id}/dispatch", vneeds_move, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/volunteer-needs/{id}/accept", vneeds_move, SC_VOLUNTEERS_SIGNUP, NULL, 0},
    {"POST", "/v1/volunteer-needs/{id}/complete", vneeds_move, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    {"POST", "/v1/volunteer-needs/{id}/cancel", vneeds_move, SC_VOLUNTEERS_WRITE, NULL, R_OFFICE_WIDE},

    {"GET", "/v1/talent-categories", tcats_list, 0, NULL, 0},
    {"POST", "/v1/talent-categories", tcats_create, SC_TALENTS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"PATCH", "/v1/talent-categories/{id}", tcats_patch, SC_TALENTS_WRITE, NULL, R_JSON_BODY | R_STAFF},

    {"GET", "/v1/talents", talents_list, SC_TALENTS_WRITE, q_status, R_STAFF},
    {"POST", "/v1/talents", talents_create, SC_TALENTS_APPLY, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/talents/search", talents_search, SC_TALENTS_READ, q_tsearch, R_CACHED},
    {"GET", "/v1/talents/review-due", talents_review_due, SC_TALENTS_WRITE, q_due, R_STAFF},
    {"GET", "/v1/talents/me", talents_me, SC_TALENTS_APPLY, NULL, 0},
    {"GET", "/v1/talents/{id}", talents_get, 0, q_reveal, 0},
    {"PATCH", "/v1/talents/{id}", talents_patch, SC_TALENTS_APPLY, NULL, R_JSON_BODY},
    {"POST", "/v1/talents/{id}/transitions", talents_transition, SC_TALENTS_APPLY, NULL, R_JSON_BODY},

    {"GET", "/v1/talent-groups", tgroups_list, SC_TALENTS_READ, NULL, 0},
    {"POST", "/v1/talent-groups", tgroups_create, SC_TALENTS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/talent-groups/{id}", tgroups_get, SC_TALENTS_READ, NULL, 0},
    {"PUT", "/v1/talent-groups/{id}/members/{tid}", tgroups_member, SC_TALENTS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/talent-groups/{id}/members/{tid}", tgroups_member, SC_TALENTS_WRITE, NULL, R_STAFF},

    {"GET", "/v1/talent-requests", treqs_list, SC_TALENTS_REQUEST, q_status, 0},
    {"POST", "/v1/talent-requests", treqs_create, SC_TALENTS_REQUEST, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/talent-requests/{id}", treqs_get, SC_TALENTS_REQUEST, NULL, 0},
    {"GET", "/v1/talent-requests/{id}/matches", treqs_matches, SC_TALENTS_WRITE, NULL, R_STAFF},
    {"POST", "/v1/talent-requests/{id}/assignments", treqs_assign, SC_TALENTS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/talent-requests/{id}/close", treqs_finish, SC_TALENTS_REQUEST, NULL, R_JSON_BODY},
    {"POST", "/v1/talent-requests/{id}/cancel", treqs_finish, SC_TALENTS_REQUEST, NULL, 0},
    {"POST", "/v1/talent-assignments/{id}/accept", tassign_decide, SC_TALENTS_APPLY, NULL, 0},
    {"POST", "/v1/talent-assignments/{id}/decline", tassign_decide, SC_TALENTS_APPLY, NULL, 0},

    {"GET", "/v1/branches/{id}/activities", activities_list, SC_BRANCHES_READ, q_activities, 0},
    {"POST", "/v1/branches/{id}/activities", activities_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/activities/{id}", activities_get, SC_BRANCHES_READ, NULL, 0},
    {"PATCH", "/v1/activities/{id}", activities_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
    {"PUT", "/v1/activities/{id}/attendance", activities_attendance, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
    {"GET", "/v1/org-life/rules", orglife_rules_get, SC_BRANCHES_READ, NULL, 0},
    {"PUT", "/v1/org-life/rules", orglife_rules_put, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/org-life/compliance", orglife_compliance, SC_BRANCHES_READ, q_compliance, R_OFFICE_WIDE},
    {"POST", "/v1/dues", dues_record, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/dues/arrears", dues_arrears, SC_MEMBERS_READ, q_arrears, R_PERSONAL},
    {"GET", "/v1/dues/export", dues_export, SC_MEMBERS_READ, q_months, R_OFFICE_WIDE | R_PERSONAL},

    {"GET", "/v1/visit-reasons", visit_reasons_list, SC_MEMBERS_READ, NULL, 0},
    {"GET", "/v1/visits", visits_list, SC_MEMBERS_READ, q_visits, R_OFFICE_WIDE | R_PERSONAL},
    {"POST", "/v1/visits", visits_create, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/visits/{id}", visits_get, SC_MEMBERS_READ, q_reveal, R_PERSONAL},
    {"GET", "/v1/care/holidays", holidays_get, SC_MEMBERS_READ, q_year, 0},
    {"PUT", "/v1/care/holidays/{year}", holidays_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/care/due", care_due, SC_MEMBERS_READ, q_care_due, R_CACHED | R_PERSONAL},
    {"GET", "/v1/honours", honours_list, SC_MEMBERS_READ, q_honours, R_PERSONAL},
    {"POST", "/v1/honours", honours_create, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/honours/fifty-years", honours_fifty, SC_MEMBERS_READ, q_year, R_OFFICE_WIDE | R_PERSONAL},
    {"POST", "/v1/honours/fifty-years", honours_fifty_award, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/honours/{id}", honours_delete, SC_MEMBERS_WRITE, NULL, R_STAFF},

    {"GET", "/v1/evaluation-sheets", esheets_list, SC_BRANCHES_READ, NULL, R_OFFICE_WIDE},
    {"POST", "/v1/evaluation-sheets", esheets_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/evaluation-sheets/{id}", esheets_get, SC_BRANCHES_READ, NULL, R_OFFICE_WIDE},
    {"GET", "/v1/evaluations", evals_list, SC_BRANCHES_READ, q_evals, R_OFFICE_WIDE},
    {"POST", "/v1/evaluations", evals_create, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/evaluations/{id}", evals_get, SC_BRANCHES_READ, NULL, 0},
    {"PATCH", "/v1/evaluations/{id}", evals_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"POST", "/v1/evaluations/{id}/decisions", evals_decide, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},

    {"GET", "/v1/branches/{id}/terms", terms_list, SC_BRANCHES_READ, NULL, 0},
    {"POST", "/v1/branches/{id}/terms", terms_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},

    {"GET", "/v1/study", study_list, 0, q_study, 0},
    {"POST", "/v1/study", study_create, 0, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/study/rules", study_rules_get, 0, NULL, 0},
    {"PUT", "/v1/study/rules", study_rules_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/study/summary", study_summary, 0, q_study_sum, 0},
    {"POST", "/v1/study/{id}/feature", study_feature, 0, NULL, R_JSON_BODY},
    {"GET", "/v1/branches/{id}/special-issue", study_special_issue, 0, q_year, 0},

    {"GET", "/v1/suggestions", suggestions_list, 0, q_sugg, 0},
    {"POST", "/v1/suggestions", suggestions_create, 0, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/suggestions/{id}", suggestions_get, 0, NULL, 0},
    {"POST", "/v1/suggestions/{id}/forward", suggestions_forward, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/suggestions/{id}/answer", suggestions_answer, 0, NULL, R_JSON_BODY},
    {"POST", "/v1/suggestions/{id}/close", suggestions_close, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},

    {"GET", "/v1/surveys", surveys_list, 0, NULL, 0},
    {"POST", "/v1/surveys", surveys_create, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/surveys/{id}", surveys_get, 0, NULL, 0},
    {"POST", "/v1/surveys/{id}/status", surveys_status, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"POST", "/v1/surveys/{id}/ballots", surveys_ballot, 0, NULL, 0},
    {"POST", "/v1/surveys/{id}/responses", surveys_respond, 0, NULL, R_JSON_BODY},
    {"GET", "/v1/surveys/{id}/results", surveys_results, SC_MEMBERS_READ, NULL, R_STAFF},

    {"GET", "/v1/webhooks", webhooks_list, SC_CLIENTS_READ, NULL, R_STAFF},
    {"POST", "/v1/webhooks", webhooks_create, SC_CLIENTS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/webhooks/{id}", webhooks_get, SC_CLIENTS_READ, NULL, R_STAFF},
    {"PATCH", "/v1/webhooks/{id}", webhooks_patch, SC_CLIENTS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/webhooks/{id}/deliveries", webhooks_deliveries, SC_CLIENTS_READ, q_deliveries, R_STAFF},
    {"POST", "/v1/webhook-deliveries/{id}/redeliver", webhooks_redeliver, SC_CLIENTS_WRITE, NULL, R_STAFF},

    {"GET", "/v1/stats/overview", stats_overview, SC_MEMBERS_READ | SC_BRANCHES_READ, q_year,
     R_CACHED | R_OFFICE_WIDE},
};
const size_t yh_nroutes = sizeof(yh_routes) / sizeof(yh_routes[0]);
