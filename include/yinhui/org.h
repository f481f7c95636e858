#ifndef YINHUI_ORG_H
#define YINHUI_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/router.h"

struct req;
struct member;

/* The org domain: its part of the route table (service/org/routes.c) and its handlers. */
extern const struct route org_routes[];
extern const size_t org_nroutes;
/* branches.c */
void branches_list(struct req *r);
void branches_create(struct req *r);
void branches_get(struct req *r);
void branches_patch(struct req *r);
void branches_dissolve(struct req *r);
void branches_roster(struct req *r);
/* branches_tree.c */
void branches_tree(struct req *r);
/* branches_coverage.c */
void branches_coverage(struct req *r);
/* members.c */
/* Reads the member of path {id} the caller may see into m; false when it has replied
 * (400, 404). Shared by the handlers of the member's sub-resources. */
bool member_of_path_or_reply(struct req *r, int64_t *id, struct member *m);
void members_list(struct req *r);
void members_create(struct req *r);
void members_get(struct req *r);
void members_patch(struct req *r);
void members_lookup(struct req *r);
void members_transfer(struct req *r);
void members_unpaired(struct req *r);
/* memberships.c */
void memberships_list(struct req *r);
void memberships_add(struct req *r);
void memberships_end(struct req *r);
/* liaison.c */
void members_liaison_put(struct req *r);
void members_liaison_delete(struct req *r);
/* party_groups.c: /v1/branches/{id}/groups */
void party_groups_list(struct req *r);
void party_groups_create(struct req *r);
void party_groups_get(struct req *r);
void party_groups_patch(struct req *r);
void party_groups_delete(struct req *r);
void party_groups_member_put(struct req *r);
void party_groups_member_delete(struct req *r);
/* service_card.c */
void members_service_card(struct req *r);
/* members_export.c */
void members_export(struct req *r);
/* members_import.c */
void members_import(struct req *r);
/* audit.c */
void audit_list(struct req *r);
/* guides.c, guides_contacts.c: guides and contact points (issue 15, h3) */
struct branch;
/* The branch {id} of the path, of the caller's office and within its reach, into *bid and
 * b. False when it has replied (400, 404). */
bool guide_branch_or_reply(struct req *r, int64_t *bid, struct branch *b);
/* The office's contact rule (offices.guide_contact_days) into *days. */
enum yh_err guide_rule_days(struct req *r, long *days);
void guides_branch_list(struct req *r);
void guides_link(struct req *r);
void guides_end(struct req *r);
void guides_list(struct req *r);
void guides_overdue(struct req *r);
void guides_without(struct req *r);
void guide_contacts_create(struct req *r);
void guide_contacts_branch(struct req *r);
void guide_contacts_of_guide(struct req *r);
void guide_contacts_problems(struct req *r);
void guide_contacts_get(struct req *r);
void guide_contacts_follow_up(struct req *r);
/* transfers.c (h1): /v1/transfers between offices and between branches */
void transfers_list(struct req *r);
void transfers_start(struct req *r);
void transfers_get(struct req *r);
void transfers_accept(struct req *r);
void transfers_refuse(struct req *r);
void transfers_cancel(struct req *r);

#endif
