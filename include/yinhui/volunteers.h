#ifndef YINHUI_VOLUNTEERS_H
#define YINHUI_VOLUNTEERS_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The volunteers domain: its part of the route table (service/volunteers/routes.c) and
 * its handlers, one file per URL resource. */
extern const struct route volunteers_routes[];
extern const size_t volunteers_nroutes;
/* teams.c: /v1/volunteer-teams */
void vteams_list(struct req *r);
void vteams_create(struct req *r);
void vteams_get(struct req *r);
void vteams_patch(struct req *r);
void vteams_member_put(struct req *r);
void vteams_member_delete(struct req *r);
/* volunteers.c: /v1/volunteers */
void volunteers_list(struct req *r);
void volunteers_create(struct req *r);
void volunteers_get(struct req *r);
void volunteers_me(struct req *r);
void volunteers_patch(struct req *r);
/* points.c: /v1/volunteers/{id}/points, /redemptions */
void volunteers_points(struct req *r);
void volunteers_redeem(struct req *r);
/* settings.c: /v1/volunteer-settings */
void vsettings_get(struct req *r);
void vsettings_patch(struct req *r);
/* honours.c: /v1/volunteer-honours */
void vhonours_list(struct req *r);
void vhonours_create(struct req *r);
void vhonours_delete(struct req *r);
/* events.c: /v1/volunteer-events, /{id}/matches */
void vevents_list(struct req *r);
void vevents_create(struct req *r);
void vevents_get(struct req *r);
void vevents_patch(struct req *r);
void vevents_matches(struct req *r);
/* events_fit.c (issue 16, safety and fit): /v1/volunteers/me/events */
void vevents_eligible(struct req *r);
/* signups.c: /v1/volunteer-events/{id}/signups */
void vsignups_create(struct req *r);
void vsignups_list(struct req *r);
void vsignups_cancel(struct req *r);
/* issue 16, h4 (signups.c, reminders.c): the answer to a reminder, a no-show cleared,
 * and the reminder pass the outbox worker runs (volunteer_event.reminder) */
void vsignups_confirm(struct req *r);
void vsignups_no_show_undo(struct req *r);
struct db;
struct config;
void vreminders_publish_due(struct db *db, const struct config *cfg);
/* checkin.c: /v1/volunteer-events/{id}/attendance, /{id}/checkin-code, /check-in */
void vevents_attendance(struct req *r);
void vevents_checkin_code(struct req *r);
void vevents_checkin(struct req *r);
/* hours.c: /v1/volunteer-events/{id}/claims, /v1/volunteer-hours */
void vevents_claim(struct req *r);
void vhours_list(struct req *r);
void vhours_confirm(struct req *r);
void vhours_reject(struct req *r);
/* hours_entry.c (truthful hours, h1): staff entries, corrections, the entered-by report */
void vhours_enter(struct req *r);
void vhours_correct(struct req *r);
void vhours_entered_by(struct req *r);
struct db;
/* hours_auto.c: checks out the volunteers left checked in after their event's end and
 * the office's margin (up to 100 a call), each with a pending 'auto_checkout' entry;
 * idempotent and safe across processes. The number checked out, -1 when the read failed. */
int vhours_auto_checkout(struct db *db);
/* needs.c: /v1/volunteer-needs and its actions */
void vneeds_list(struct req *r);
void vneeds_create(struct req *r);
void vneeds_get(struct req *r);
void vneeds_dispatch(struct req *r);
void vneeds_accept(struct req *r);
void vneeds_complete(struct req *r);
void vneeds_cancel(struct req *r);
/* needs.c: /v1/volunteer-needs/mine, a member's (or relative's) own requests (issue 16, h5) */
void vneeds_mine_create(struct req *r);
void vneeds_mine_list(struct req *r);
void vneeds_mine_get(struct req *r);
void vneeds_mine_cancel(struct req *r);
/* series.c: /v1/volunteer-event-series (issue 16, h5) */
void vseries_create(struct req *r);
void vseries_list(struct req *r);
void vseries_get(struct req *r);
void vseries_patch(struct req *r);
void vseries_cancel(struct req *r);
/* leaderboard.c: /v1/volunteer-leaderboard */
void vleaderboard(struct req *r);
/* reports.c: /v1/volunteer-reports */
void vreports(struct req *r);
/* certificates.c (issue 16, h2): /v1/volunteers/{id}/certificate, /v1/certificates/{number} */
void vcert_get(struct req *r);
void vcert_verify(struct req *r);

#endif
