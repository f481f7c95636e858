/* The talents routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/talents.h"

static const char *const q_tsearch[] = {"limit",        "cursor",   "category", "skills", "area",
                                        "availability", "language", "q",        NULL};
static const char *const q_due[] = {"within_days", NULL};

const struct route talents_routes[] = {
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
    {"PUT", "/v1/talent-groups/{id}/members/{tid}", tgroups_member_put, SC_TALENTS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/talent-groups/{id}/members/{tid}", tgroups_member_delete, SC_TALENTS_WRITE, NULL,
     R_STAFF},
    {"GET", "/v1/talent-requests", treqs_list, SC_TALENTS_REQUEST, q_status, 0},
    {"POST", "/v1/talent-requests", treqs_create, SC_TALENTS_REQUEST, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/talent-requests/{id}", treqs_get, SC_TALENTS_REQUEST, NULL, 0},
    {"GET", "/v1/talent-requests/{id}/matches", treqs_matches, SC_TALENTS_WRITE, NULL, R_STAFF},
    {"POST", "/v1/talent-requests/{id}/assignments", treqs_assign, SC_TALENTS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/talent-requests/{id}/close", treqs_close, SC_TALENTS_REQUEST, NULL, R_JSON_BODY},
    {"POST", "/v1/talent-requests/{id}/cancel", treqs_cancel, SC_TALENTS_REQUEST, NULL, 0},
    {"POST", "/v1/talent-assignments/{id}/accept", tassign_accept, SC_TALENTS_APPLY, NULL, 0},
    {"POST", "/v1/talent-assignments/{id}/decline", tassign_decline, SC_TALENTS_APPLY, NULL, 0},
};
const size_t talents_nroutes = sizeof(talents_routes) / sizeof(talents_routes[0]);
