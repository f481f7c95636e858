#ifndef YINHUI_ORG_H
#define YINHUI_ORG_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The org domain: its part of the route table (service/org/routes.c) and its handlers. */
extern const struct route org_routes[];
extern const size_t org_nroutes;
/* branches.c */
void branches_list(struct req *r);
void branches_create(struct req *r);
void branches_get(struct req *r);
void branches_patch(struct req *r);
void branches_dissolve(struct req *r);
void branches_tree(struct req *r);
void branches_roster(struct req *r);
void branches_coverage(struct req *r);
/* members.c */
void members_list(struct req *r);
void members_create(struct req *r);
void members_get(struct req *r);
void members_patch(struct req *r);
void members_lookup(struct req *r);
void members_transfer(struct req *r);
void members_deceased(struct req *r);
void members_unpaired(struct req *r);
/* memberships.c */
void memberships_list(struct req *r);
void memberships_add(struct req *r);
void memberships_end(struct req *r);
void members_liaison_put(struct req *r);
void members_liaison_delete(struct req *r);
void members_service_card(struct req *r);
/* members_csv.c */
void members_export(struct req *r);
void members_import(struct req *r);
/* audit.c */
void audit_list(struct req *r);

#endif
