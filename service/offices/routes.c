/* The offices routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/offices.h"

static const char *const q_offices[] = {"limit", "cursor", "parent", "level", NULL};
static const char *const q_jwks[] = {"office", NULL};

const struct route offices_routes[] = {
    {"POST", "/v1/auth/token", auth_token, 0, NULL, R_PUBLIC | R_JSON_BODY | R_FORM_BODY},
    {"POST", "/v1/auth/revoke", auth_revoke, 0, NULL, R_JSON_BODY | R_ANY_ROLE},
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
};
const size_t offices_nroutes = sizeof(offices_routes) / sizeof(offices_routes[0]);
