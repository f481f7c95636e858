/* The evaluation routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/evaluation.h"
#include "yinhui/excellence.h"

static const char *const q_evals[] = {"limit", "cursor", "year", "stage", "state", "office", NULL};
/* 两优一先 (issue 15, h4) */
static const char *const q_excellence[] = {"limit", "cursor", "year",   "kind",
                                           "stage", "state",  "office", NULL};

const struct route evaluation_routes[] = {
    {"GET", "/v1/evaluation-sheets", esheets_list, SC_BRANCHES_READ, NULL, R_OFFICE_WIDE},
    {"POST", "/v1/evaluation-sheets", esheets_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/evaluation-sheets/{id}", esheets_get, SC_BRANCHES_READ, NULL, R_OFFICE_WIDE},
    {"GET", "/v1/evaluations", evals_list, SC_BRANCHES_READ, q_evals, R_OFFICE_WIDE},
    {"POST", "/v1/evaluations", evals_create, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/evaluations/{id}", evals_get, SC_BRANCHES_READ, NULL, 0},
    {"PATCH", "/v1/evaluations/{id}", evals_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"POST", "/v1/evaluations/{id}/decisions", evals_decide, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    /* 两优一先 (issue 15, h4): rounds, nominations, notice and objections */
    {"GET", "/v1/excellence-rounds", exc_rounds_list, SC_BRANCHES_READ, q_list, R_OFFICE_WIDE},
    {"POST", "/v1/excellence-rounds", exc_rounds_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/excellence-rounds/{id}", exc_rounds_get, SC_BRANCHES_READ, NULL, R_OFFICE_WIDE},
    {"POST", "/v1/excellence-rounds/{id}/notice", exc_rounds_notice, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"GET", "/v1/excellence-rounds/{id}/notice", exc_rounds_notice_list, SC_BRANCHES_READ, NULL,
     R_OFFICE_WIDE},
    {"GET", "/v1/excellence-nominations", exc_noms_list, SC_BRANCHES_READ, q_excellence, R_PERSONAL},
    {"POST", "/v1/excellence-nominations", exc_noms_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/excellence-nominations/{id}", exc_noms_get, SC_BRANCHES_READ, q_reveal, R_PERSONAL},
    {"POST", "/v1/excellence-nominations/{id}/decisions", exc_noms_decide, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/excellence-nominations/{id}/objections", exc_objections_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"POST", "/v1/excellence-nominations/{id}/objections/{oid}/resolution", exc_objections_resolve,
     SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
};
const size_t evaluation_nroutes = sizeof(evaluation_routes) / sizeof(evaluation_routes[0]);
