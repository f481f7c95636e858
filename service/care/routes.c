/* The care routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/aftercare.h"
#include "yinhui/care.h"
#include "yinhui/help.h"
#include "yinhui/help_flow.h"
#include "yinhui/treatment.h"

static const char *const q_visits[] = {"limit", "cursor", "member", "reason", NULL};
static const char *const q_care_due[] = {"days", "hospital_days", "date", "reveal", NULL};
static const char *const q_honours[] = {"year", "kind", NULL};
/* urgent help (help core) */
static const char *const q_help_cats[] = {"all", NULL};
static const char *const q_help_list[] = {"limit", "cursor", "status", "category", "member", NULL};
static const char *const q_help_stats[] = {"year", "from", "to", NULL};
static const char *const q_help_overdue[] = {"limit", "cursor", NULL};
static const char *const q_stays[] = {"limit", "cursor", "current", "member", NULL};
static const char *const q_member_stays[] = {"limit", "cursor", "reveal", NULL};
static const char *const q_briefings[] = {"limit", "cursor", "kind", "year", NULL};
static const char *const q_readers[] = {"limit", "cursor", "status", NULL};

const struct route care_routes[] = {
    {"GET", "/v1/visit-reasons", visit_reasons_list, SC_MEMBERS_READ, NULL, 0},
    {"GET", "/v1/visits", visits_list, SC_MEMBERS_READ, q_visits, R_OFFICE_WIDE | R_PERSONAL},
    {"POST", "/v1/visits", visits_create, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/visits/{id}", visits_get, SC_MEMBERS_READ, q_reveal, R_PERSONAL},
    {"GET", "/v1/care/holidays", holidays_get, SC_MEMBERS_READ, q_year, 0},
    {"GET", "/v1/care/days", care_days_list, SC_MEMBERS_READ, NULL, 0},
    {"POST", "/v1/care/days", care_days_create, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/care/days/{id}", care_days_get, SC_MEMBERS_READ, NULL, 0},
    {"PATCH", "/v1/care/days/{id}", care_days_patch, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/care/days/{id}", care_days_delete, SC_MEMBERS_WRITE, NULL, R_STAFF},
    {"GET", "/v1/care/due", care_due, SC_MEMBERS_READ, q_care_due, R_CACHED | R_PERSONAL},
    {"GET", "/v1/honours", honours_list, SC_MEMBERS_READ, q_honours, R_PERSONAL},
    {"POST", "/v1/honours", honours_create, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/honours/fifty-years", honours_fifty, SC_MEMBERS_READ, q_year, R_OFFICE_WIDE | R_PERSONAL},
    {"POST", "/v1/honours/fifty-years", honours_fifty_award, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/honours/{id}", honours_delete, SC_MEMBERS_WRITE, NULL, R_STAFF},
    /* urgent help (急事快办), help core: categories, filing, reading, lists, statistics */
    {"GET", "/v1/help-categories", help_categories_list, SC_CARE_REQUEST, q_help_cats, R_CACHED},
    {"PUT", "/v1/help-categories/{code}", help_categories_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/help-requests", help_requests_list, SC_CARE_REQUEST, q_help_list, R_CACHED | R_PERSONAL},
    {"POST", "/v1/help-requests", help_requests_create, SC_CARE_REQUEST, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_PERSONAL},
    {"GET", "/v1/help-requests/assigned", help_requests_assigned, SC_CARE_REQUEST, q_list, R_PERSONAL},
    {"GET", "/v1/help-requests/stats", help_requests_stats, SC_MEMBERS_READ, q_help_stats, R_OFFICE_WIDE},
    /* urgent help flow (h2): the overdue list */
    {"GET", "/v1/help-requests/overdue", help_overdue_list, SC_MEMBERS_READ, q_help_overdue,
     R_CACHED | R_PERSONAL},
    {"GET", "/v1/help-requests/{id}", help_requests_get, SC_CARE_REQUEST, q_reveal, R_PERSONAL},
    /* urgent help flow (h2): the actions after filing;
     * who may take each action is the rule's (help_flow_rules.c), checked by the handler */
    {"POST", "/v1/help-requests/{id}/assign", help_assign, SC_CARE_REQUEST, NULL, R_JSON_BODY},
    {"POST", "/v1/help-requests/{id}/accept", help_accept, SC_CARE_REQUEST, NULL, 0},
    {"POST", "/v1/help-requests/{id}/resolve", help_resolve, SC_CARE_REQUEST, NULL, R_JSON_BODY},
    {"POST", "/v1/help-requests/{id}/confirm", help_confirm, SC_CARE_REQUEST, NULL, R_JSON_BODY},
    {"POST", "/v1/help-requests/{id}/cancel", help_cancel, SC_CARE_REQUEST, NULL, R_JSON_BODY},
    /* hospital stays (住院登记, issue 14 part h3): stays.c */
    {"POST", "/v1/members/{id}/hospital-stays", stays_admit, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/members/{id}/hospital-stays", stays_of_member, SC_MEMBERS_READ, q_member_stays, R_PERSONAL},
    {"GET", "/v1/hospital-stays", stays_list, SC_MEMBERS_READ, q_stays, R_PERSONAL},
    {"GET", "/v1/hospital-stays/{id}", stays_get, SC_MEMBERS_READ, q_reveal, R_PERSONAL},
    {"PATCH", "/v1/hospital-stays/{id}", stays_patch, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    {"POST", "/v1/hospital-stays/{id}/discharge", stays_discharge, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    /* h5 political treatment (政治待遇): treatment levels, events and their invitations, documents */
    {"GET", "/v1/treatment-levels", treatment_levels_list, SC_MEMBERS_READ, NULL, 0},
    {"PUT", "/v1/treatment-levels/{code}", treatment_levels_put, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"GET", "/v1/briefings", briefings_list, SC_MEMBERS_READ, q_briefings, 0},
    {"POST", "/v1/briefings", briefings_create, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/briefings/{id}", briefings_get, SC_MEMBERS_READ, NULL, 0},
    {"PATCH", "/v1/briefings/{id}", briefings_patch, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/briefings/{id}", briefings_delete, SC_MEMBERS_WRITE, NULL, R_STAFF},
    {"POST", "/v1/briefings/{id}/invitations/build", briefing_invitations_build, SC_MEMBERS_WRITE, NULL,
     R_STAFF},
    {"GET", "/v1/briefings/{id}/invitations", briefing_invitations_list, SC_MEMBERS_READ, q_list, R_PERSONAL},
    {"POST", "/v1/briefings/{id}/invitations/{mid}", briefing_invitations_add, SC_MEMBERS_WRITE, NULL,
     R_STAFF},
    {"DELETE", "/v1/briefings/{id}/invitations/{mid}", briefing_invitations_remove, SC_MEMBERS_WRITE, NULL,
     R_STAFF},
    {"PUT", "/v1/briefings/{id}/invitations/{mid}/reply", briefing_invitations_reply, SC_MEMBERS_READ, NULL,
     R_JSON_BODY | R_PERSONAL},
    {"PUT", "/v1/briefings/{id}/invitations/{mid}/attendance", briefing_invitations_attendance,
     SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"POST", "/v1/briefings/{id}/suggestions", briefing_suggestions_link, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"GET", "/v1/documents", documents_list, SC_MEMBERS_READ, q_list, 0},
    {"POST", "/v1/documents", documents_create, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/documents/{id}", documents_get, SC_MEMBERS_READ, NULL, 0},
    {"GET", "/v1/documents/{id}/readers", document_readers_list, SC_MEMBERS_READ, q_readers, R_PERSONAL},
    {"POST", "/v1/documents/{id}/reads", document_reads_record, SC_MEMBERS_READ, NULL,
     R_JSON_BODY | R_PERSONAL},
    /* h4: death and aftercare (离世与善后) */
    {"POST", "/v1/members/{id}/death", death_record, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_OFFICE_WIDE},
    {"PATCH", "/v1/members/{id}/death", death_correct, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"POST", "/v1/members/{id}/death/withdraw", death_withdraw, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"GET", "/v1/aftercare-items", aftercare_items_list, SC_MEMBERS_READ, NULL, 0},
    {"PUT", "/v1/aftercare-items/{code}", aftercare_items_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/aftercares", aftercares_list, SC_MEMBERS_READ, q_status, R_CACHED | R_PERSONAL},
    {"GET", "/v1/aftercares/{id}", aftercares_get, SC_MEMBERS_READ, q_reveal, R_PERSONAL},
    {"POST", "/v1/aftercares/{id}/items/{code}", aftercare_step_done, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    {"DELETE", "/v1/aftercares/{id}/items/{code}", aftercare_step_undo, SC_MEMBERS_WRITE, NULL, 0},
};
const size_t care_nroutes = sizeof(care_routes) / sizeof(care_routes[0]);
