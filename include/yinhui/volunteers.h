#ifndef YINHUI_VOLUNTEERS_H
#define YINHUI_VOLUNTEERS_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The volunteers domain: its part of the route table (service/volunteers/routes.c) and its handlers. */
extern const struct route volunteers_routes[];
extern const size_t volunteers_nroutes;
/* volunteers.c */
void vteams_list(struct req *r);
void vteams_create(struct req *r);
void vteams_get(struct req *r);
void vteams_patch(struct req *r);
void vteams_member_put(struct req *r);
void vteams_member_delete(struct req *r);
void volunteers_list(struct req *r);
void volunteers_create(struct req *r);
void volunteers_get(struct req *r);
void volunteers_me(struct req *r);
void volunteers_patch(struct req *r);
void volunteers_points(struct req *r);
void volunteers_redeem(struct req *r);
void vhonours_list(struct req *r);
void vhonours_create(struct req *r);
void vhonours_delete(struct req *r);
/* vevents.c */
void vevents_list(struct req *r);
void vevents_create(struct req *r);
void vevents_get(struct req *r);
void vevents_patch(struct req *r);
void vsignups_create(struct req *r);
void vsignups_list(struct req *r);
void vsignups_cancel(struct req *r);
void vevents_attendance(struct req *r);
void vevents_checkin_code(struct req *r);
void vevents_checkin(struct req *r);
void vevents_claim(struct req *r);
void vevents_matches(struct req *r);
void vhours_decide(struct req *r);
void vneeds_list(struct req *r);
void vneeds_create(struct req *r);
void vneeds_get(struct req *r);
void vneeds_move(struct req *r);
/* vreports.c */
void vhours_list(struct req *r);
void vleaderboard(struct req *r);
void vreports(struct req *r);

#endif
