/* The org routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/org.h"
#include "yinhui/relocation.h"

static const char *const q_branches[] = {"limit",         "cursor", "level", "nature",  "host_type", "parent",
                                         "demonstration", "name",   "state", "located", NULL};
static const char *const q_tree[] = {"dissolved", NULL};
static const char *const q_coverage[] = {"months", NULL};
static const char *const q_members[] = {"limit",   "cursor",    "branch",          "category",     "health",
                                        "status",  "relocated", "joined_before",   "joined_after", "age_min",
                                        "age_max", "name",      "treatment_level", "residence",    NULL};
static const char *const q_export[] = {"reveal", "branch", "status", "format", "headers", NULL};
static const char *const q_import[] = {"partial", NULL};
static const char *const q_hosted[] = {"limit", "cursor", "reveal", "from_office", NULL}; /* h2 */
static const char *const q_without_guide[] = {"limit", "cursor", "nature", NULL};
/* h1 transfers */
static const char *const q_transfers[] = {"limit", "cursor", "direction", "state", NULL};
static const char *const q_audit[] = {"limit", "cursor", "action", "actor", "target", "since", "until", NULL};

const struct route org_routes[] = {
    {"GET", "/v1/branches", branches_list, SC_BRANCHES_READ, q_branches, 0},
    {"POST", "/v1/branches", branches_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"GET", "/v1/branches/tree", branches_tree, SC_BRANCHES_READ, q_tree, R_CACHED | R_OFFICE_WIDE},
    {"GET", "/v1/branches/coverage", branches_coverage, SC_BRANCHES_READ | SC_MEMBERS_READ, q_coverage,
     R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/branches/{id}", branches_get, SC_BRANCHES_READ, NULL, R_CACHED},
    {"PATCH", "/v1/branches/{id}", branches_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
    {"POST", "/v1/branches/{id}/dissolve", branches_dissolve, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"GET", "/v1/branches/{id}/members", branches_roster, SC_BRANCHES_READ | SC_MEMBERS_READ, q_list,
     R_PERSONAL},
    {"GET", "/v1/branches/{id}/groups", party_groups_list, SC_BRANCHES_READ | SC_MEMBERS_READ, NULL,
     R_PERSONAL},
    {"POST", "/v1/branches/{id}/groups", party_groups_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/branches/{id}/groups/{gid}", party_groups_get, SC_BRANCHES_READ | SC_MEMBERS_READ, q_year,
     R_PERSONAL},
    {"PATCH", "/v1/branches/{id}/groups/{gid}", party_groups_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
    {"DELETE", "/v1/branches/{id}/groups/{gid}", party_groups_delete, SC_BRANCHES_WRITE, NULL, 0},
    {"PUT", "/v1/branches/{id}/groups/{gid}/members/{mid}", party_groups_member_put, SC_BRANCHES_WRITE, NULL,
     0},
    {"DELETE", "/v1/branches/{id}/groups/{gid}/members/{mid}", party_groups_member_delete, SC_BRANCHES_WRITE,
     NULL, 0},
    {"GET", "/v1/members", members_list, SC_MEMBERS_READ, q_members, R_CACHED | R_PERSONAL},
    {"POST", "/v1/members", members_create, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"POST", "/v1/members/lookup", members_lookup, SC_MEMBERS_READ, q_reveal,
     R_JSON_BODY | R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/members/unpaired", members_unpaired, SC_MEMBERS_READ, q_list, R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/members/export", members_export, SC_MEMBERS_READ, q_export, R_OFFICE_WIDE | R_PERSONAL},
    {"POST", "/v1/members/import", members_import, SC_MEMBERS_WRITE, q_import,
     R_CSV_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"GET", "/v1/members/{id}", members_get, SC_MEMBERS_READ, q_reveal, R_CACHED | R_PERSONAL},
    {"PATCH", "/v1/members/{id}", members_patch, SC_MEMBERS_WRITE, NULL, R_JSON_BODY},
    {"POST", "/v1/members/{id}/transfer", members_transfer, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"GET", "/v1/members/{id}/memberships", memberships_list, SC_MEMBERS_READ, NULL, R_PERSONAL},
    {"POST", "/v1/members/{id}/memberships", memberships_add, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"DELETE", "/v1/members/{id}/memberships/{mid}", memberships_end, SC_MEMBERS_WRITE, NULL, R_OFFICE_WIDE},
    {"PUT", "/v1/members/{id}/liaison", members_liaison_put, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"DELETE", "/v1/members/{id}/liaison", members_liaison_delete, SC_MEMBERS_WRITE, NULL, R_OFFICE_WIDE},
    {"GET", "/v1/members/{id}/service-card", members_service_card, SC_MEMBERS_READ, q_reveal, R_PERSONAL},
    /* h2 (issue 15): members living elsewhere — consent, grants to host offices, the host's list */
    {"PUT", "/v1/members/{id}/nearby-consent", members_nearby_consent_put, SC_MEMBERS_READ, NULL,
     R_JSON_BODY},
    {"GET", "/v1/relocation-grants", relocation_grants_list, SC_MEMBERS_READ, q_list, R_OFFICE_WIDE},
    {"POST", "/v1/relocation-grants", relocation_grants_create, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"DELETE", "/v1/relocation-grants/{id}", relocation_grants_revoke, SC_MEMBERS_WRITE, NULL, R_OFFICE_WIDE},
    {"GET", "/v1/hosted-members", hosted_members_list, SC_MEMBERS_READ, q_hosted, R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/hosted-members/{id}", hosted_members_get, SC_MEMBERS_READ, q_reveal,
     R_OFFICE_WIDE | R_PERSONAL},
    {"GET", "/v1/audit", audit_list, SC_AUDIT_READ, q_audit, R_OFFICE_WIDE},
    /* guides and contact points (issue 15, h3): guides.c, guides_contacts.c */
    {"GET", "/v1/branches/{id}/guides", guides_branch_list, SC_BRANCHES_READ, NULL, 0},
    {"POST", "/v1/branches/{id}/guides", guides_link, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"DELETE", "/v1/branches/{id}/guides/{lid}", guides_end, SC_BRANCHES_WRITE, NULL, R_OFFICE_WIDE},
    {"GET", "/v1/branches/without-guide", guides_without, SC_BRANCHES_READ, q_without_guide,
     R_CACHED | R_OFFICE_WIDE},
    {"GET", "/v1/guides", guides_list, SC_BRANCHES_READ, q_list, R_CACHED | R_OFFICE_WIDE},
    {"GET", "/v1/guides/overdue", guides_overdue, SC_BRANCHES_READ, q_list, R_CACHED | R_OFFICE_WIDE},
    {"GET", "/v1/guides/{id}/contacts", guide_contacts_of_guide, SC_BRANCHES_READ, q_list, R_OFFICE_WIDE},
    {"GET", "/v1/branches/{id}/guide-contacts", guide_contacts_branch, SC_BRANCHES_READ, q_list, 0},
    {"POST", "/v1/branches/{id}/guide-contacts", guide_contacts_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"GET", "/v1/guide-contacts/problems", guide_contacts_problems, SC_BRANCHES_READ, q_list, 0},
    {"GET", "/v1/guide-contacts/{id}", guide_contacts_get, SC_BRANCHES_READ, q_reveal, R_PERSONAL},
    {"POST", "/v1/guide-contacts/{id}/follow-up", guide_contacts_follow_up, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    /* h1: transfers between offices and between branches (transfers.c) */
    {"GET", "/v1/transfers", transfers_list, SC_MEMBERS_READ, q_transfers, R_OFFICE_WIDE | R_PERSONAL},
    {"POST", "/v1/transfers", transfers_start, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"GET", "/v1/transfers/{id}", transfers_get, SC_MEMBERS_READ, NULL, R_OFFICE_WIDE | R_PERSONAL},
    {"POST", "/v1/transfers/{id}/accept", transfers_accept, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"POST", "/v1/transfers/{id}/refuse", transfers_refuse, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
    {"POST", "/v1/transfers/{id}/cancel", transfers_cancel, SC_MEMBERS_WRITE, NULL,
     R_JSON_BODY | R_OFFICE_WIDE},
};
const size_t org_nroutes = sizeof(org_routes) / sizeof(org_routes[0]);
