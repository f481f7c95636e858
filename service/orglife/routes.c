/* The orglife routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/lapse.h"
#include "yinhui/orglife.h"

static const char *const q_activities[] = {"limit", "cursor", "from", "to", NULL};
static const char *const q_compliance[] = {"year", "quarter", "all", NULL};
static const char *const q_arrears[] = {"from", "to", "branch", NULL};
static const char *const q_dues_export[] = {"from", "to", "format", "headers", NULL};
static const char *const q_dues_base[] = {"year", "reveal", NULL};
static const char *const q_shortfall[] = {"year", "branch", NULL};
static const char *const q_terms_due[] = {"months", NULL};
static const char *const q_roster[] = {"on", NULL};
static const char *const q_study[] = {"limit", "cursor", "kind", "member", "year", NULL};
static const char *const q_study_sum[] = {"year", "branch", NULL};
static const char *const q_lapse[] = {"branch", "kind", "include_excused", "limit", "cursor", NULL};

const struct route orglife_routes[] = {
    {"GET", "/v1/branches/terms-due", terms_due, SC_BRANCHES_READ, q_terms_due, R_OFFICE_WIDE},
    {"GET", "/v1/branches/{id}/activities", activities_list, SC_BRANCHES_READ, q_activities, 0},
    {"POST", "/v1/branches/{id}/activities", activities_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/activities/{id}", activities_get, SC_BRANCHES_READ, NULL, 0},
    {"PATCH", "/v1/activities/{id}", activities_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
    {"PUT", "/v1/activities/{id}/attendance", activities_attendance, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
    {"GET", "/v1/org-life/rules", orglife_rules_get, SC_BRANCHES_READ, NULL, 0},
    {"PUT", "/v1/org-life/rules", orglife_rules_put, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/org-life/compliance", orglife_compliance, SC_BRANCHES_READ, q_compliance, R_OFFICE_WIDE},
    {"GET", "/v1/org-life/compliance/report", orglife_compliance_report, SC_BRANCHES_READ, q_year,
     R_OFFICE_WIDE},
    {"GET", "/v1/branches/{id}/compliance", orglife_branch_compliance, SC_BRANCHES_READ, q_year, 0},
    {"POST", "/v1/dues", dues_record, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/dues/arrears", dues_arrears, SC_MEMBERS_READ, q_arrears, R_PERSONAL},
    {"GET", "/v1/org-life/lapse-warnings", lapse_warnings, SC_MEMBERS_READ, q_lapse, R_CACHED | R_PERSONAL},
    {"GET", "/v1/members/{id}/lapse-reason", lapse_reason_get, SC_MEMBERS_READ, q_reveal, R_PERSONAL},
    {"PUT", "/v1/members/{id}/lapse-reason", lapse_reason_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    {"GET", "/v1/dues/export", dues_export, SC_MEMBERS_READ, q_dues_export, R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/dues/shortfall", dues_shortfall, SC_MEMBERS_READ, q_shortfall, R_CACHED | R_PERSONAL},
    {"GET", "/v1/dues/bases/{id}", dues_base_get, SC_MEMBERS_READ, q_dues_base, R_PERSONAL},
    {"PUT", "/v1/dues/bases/{id}", dues_base_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    {"PUT", "/v1/dues/bases/{id}/reduction", dues_reduction_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    {"DELETE", "/v1/dues/bases/{id}/reduction", dues_reduction_delete, SC_MEMBERS_WRITE, q_year, 0},
    {"GET", "/v1/branches/{id}/dues-settings", dues_setting_get, SC_BRANCHES_READ, NULL, 0},
    {"PUT", "/v1/branches/{id}/dues-settings", dues_setting_put, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
    {"GET", "/v1/branches/{id}/terms", terms_list, SC_BRANCHES_READ, NULL, 0},
    {"GET", "/v1/branches/{id}/terms/roster", terms_roster, SC_BRANCHES_READ, q_roster, 0},
    {"POST", "/v1/branches/{id}/terms", terms_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/study", study_list, 0, q_study, 0},
    {"POST", "/v1/study", study_create, 0, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/study/rules", study_rules_get, 0, NULL, 0},
    {"PUT", "/v1/study/rules", study_rules_put, SC_MEMBERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/study/summary", study_summary, 0, q_study_sum, 0},
    {"POST", "/v1/study/{id}/feature", study_feature, 0, NULL, R_JSON_BODY},
    {"GET", "/v1/branches/{id}/special-issue", study_special_issue, 0, q_year, 0},
};
const size_t orglife_nroutes = sizeof(orglife_routes) / sizeof(orglife_routes[0]);
