/* The engagement routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/engagement.h"

static const char *const q_deliveries[] = {"limit", "cursor", "state", NULL};
static const char *const q_sugg[] = {"limit", "cursor", "status", NULL};

const struct route engagement_routes[] = {
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
};
const size_t engagement_nroutes = sizeof(engagement_routes) / sizeof(engagement_routes[0]);
