/* The associations and partners routes: method, pattern, handler, scope, declared query
 * parameters, flags. api/openapi.yaml describes the same routes. Office staff and
 * integrations read them; a branch's secretary reads its branch's partners; members
 * see none of it. */
#include "yinhui/auth.h"
#include "yinhui/partners.h"
#include "yinhui/router.h"

static const char *const q_orgs[] = {"limit", "cursor", "kind", "active", NULL};
static const char *const q_pairings[] = {"limit", "cursor", "state", NULL};

const struct route partners_routes[] = {
    {"GET", "/v1/organisations", orgs_list, SC_BRANCHES_READ, q_orgs, R_OFFICE_WIDE | R_CACHED},
    {"POST", "/v1/organisations", orgs_create, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/organisations/{id}", orgs_get, SC_BRANCHES_READ, NULL, R_OFFICE_WIDE},
    {"PATCH", "/v1/organisations/{id}", orgs_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/organisations/{id}", orgs_delete, SC_BRANCHES_WRITE, NULL, R_STAFF},
    {"GET", "/v1/organisations/{id}/branches", pairings_list, SC_BRANCHES_READ, q_pairings,
     R_OFFICE_WIDE | R_CACHED},
    {"POST", "/v1/organisations/{id}/branches", pairings_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/organisations/{id}/branches/{pid}", pairings_get, SC_BRANCHES_READ, NULL, R_OFFICE_WIDE},
    {"POST", "/v1/organisations/{id}/branches/{pid}/end", pairings_end, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"GET", "/v1/branches/{id}/partners", pairings_of_branch, SC_BRANCHES_READ, q_pairings, R_CACHED},
    {"GET", "/v1/organisations/{id}/joint-activities", joints_list, SC_BRANCHES_READ, q_year,
     R_OFFICE_WIDE | R_CACHED},
    {"POST", "/v1/organisations/{id}/joint-activities", joints_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/joint-activities/{id}", joints_get, SC_BRANCHES_READ, NULL, R_OFFICE_WIDE},
    {"PATCH", "/v1/joint-activities/{id}", joints_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/partners/overview", partners_overview, SC_BRANCHES_READ, q_year, R_OFFICE_WIDE | R_CACHED},
};
const size_t partners_nroutes = sizeof(partners_routes) / sizeof(partners_routes[0]);
