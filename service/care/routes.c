/* The care routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/aftercare.h"
#include "yinhui/care.h"

static const char *const q_visits[] = {"limit", "cursor", "member", "reason", NULL};
static const char *const q_care_due[] = {"days", "hospital_days", "date", "reveal", NULL};
static const char *const q_honours[] = {"year", "kind", NULL};
static const char *const q_death_withdraw[] = {"reason", NULL};

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
    /* h4: death and aftercare (离世与善后) */
    {"POST", "/v1/members/{id}/death", death_record, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_OFFICE_WIDE},
    {"PATCH", "/v1/members/{id}/death", death_correct, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/members/{id}/death", death_withdraw, SC_MEMBERS_WRITE, q_death_withdraw, R_STAFF},
    {"GET", "/v1/aftercare-items", aftercare_items_list, SC_MEMBERS_READ, NULL, 0},
    {"PUT", "/v1/aftercare-items/{code}", aftercare_items_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/aftercares", aftercares_list, SC_MEMBERS_READ, q_status, R_CACHED | R_PERSONAL},
    {"GET", "/v1/aftercares/{id}", aftercares_get, SC_MEMBERS_READ, q_reveal, R_PERSONAL},
    {"POST", "/v1/aftercares/{id}/items/{code}", aftercare_step_done, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    {"DELETE", "/v1/aftercares/{id}/items/{code}", aftercare_step_undo, SC_MEMBERS_WRITE, NULL, 0},
};
const size_t care_nroutes = sizeof(care_routes) / sizeof(care_routes[0]);
