#ifndef YINHUI_TALENTS_H
#define YINHUI_TALENTS_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The talents domain: its part of the route table (service/talents/routes.c) and its
 * handlers, by the file of their URL resource. */
extern const struct route talents_routes[];
extern const size_t talents_nroutes;
/* categories.c: /v1/talent-categories */
void tcats_list(struct req *r);
void tcats_create(struct req *r);
void tcats_patch(struct req *r);
/* talents.c: /v1/talents, /v1/talents/{id}, /v1/talents/me */
void talents_create(struct req *r);
void talents_get(struct req *r);
void talents_me(struct req *r);
void talents_patch(struct req *r);
void talents_list(struct req *r);
/* transitions.c: /v1/talents/{id}/transitions */
void talents_transition(struct req *r);
/* review_due.c: /v1/talents/review-due */
void talents_review_due(struct req *r);
/* search.c: /v1/talents/search */
void talents_search(struct req *r);
/* groups.c: /v1/talent-groups */
void tgroups_list(struct req *r);
void tgroups_get(struct req *r);
void tgroups_create(struct req *r);
void tgroups_member_put(struct req *r);
void tgroups_member_delete(struct req *r);
/* requests.c: /v1/talent-requests */
void treqs_create(struct req *r);
void treqs_get(struct req *r);
void treqs_list(struct req *r);
void treqs_close(struct req *r);
void treqs_cancel(struct req *r);
/* matches.c: /v1/talent-requests/{id}/matches */
void treqs_matches(struct req *r);
/* assignments.c: /v1/talent-requests/{id}/assignments, /v1/talent-assignments/{id}/... */
void treqs_assign(struct req *r);
void tassign_accept(struct req *r);
void tassign_decline(struct req *r);

#endif
