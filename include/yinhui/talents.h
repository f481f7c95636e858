#ifndef YINHUI_TALENTS_H
#define YINHUI_TALENTS_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The talents domain: its part of the route table (service/talents/routes.c) and its handlers. */
extern const struct route talents_routes[];
extern const size_t talents_nroutes;
/* talents.c */
void tcats_list(struct req *r);
void tcats_create(struct req *r);
void tcats_patch(struct req *r);
void talents_create(struct req *r);
void talents_get(struct req *r);
void talents_me(struct req *r);
void talents_patch(struct req *r);
void talents_transition(struct req *r);
void talents_list(struct req *r);
void talents_review_due(struct req *r);
void talents_search(struct req *r);
void tgroups_list(struct req *r);
void tgroups_get(struct req *r);
void tgroups_create(struct req *r);
void tgroups_member(struct req *r);
/* trequests.c */
void treqs_create(struct req *r);
void treqs_get(struct req *r);
void treqs_list(struct req *r);
void treqs_matches(struct req *r);
void treqs_assign(struct req *r);
void tassign_decide(struct req *r);
void treqs_finish(struct req *r);

#endif
