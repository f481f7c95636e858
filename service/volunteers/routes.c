/* The volunteers routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/volunteers.h"

static const char *const q_vol[] = {"limit", "cursor", "team", "skill", "status", "name", NULL};
static const char *const q_vevents[] = {"limit", "cursor", "status", "team", "from", "to", NULL};
static const char *const q_vhours[] = {"limit",     "cursor",     "status", "source",
                                       "volunteer", "entered_by", NULL};
static const char *const q_period[] = {"from", "to", NULL};
static const char *const q_cert_code[] = {"c", NULL}; /* a certificate's check code */
static const char *const q_board[] = {"by", "period", "at", NULL};
static const char *const q_report[] = {"by", "from", "to", "format", "headers", NULL};

const struct route volunteers_routes[] = {
    {"GET", "/v1/volunteer-teams", vteams_list, SC_VOLUNTEERS_READ, q_list, 0},
    {"POST", "/v1/volunteer-teams", vteams_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/volunteer-teams/{id}", vteams_get, SC_VOLUNTEERS_READ, NULL, 0},
    {"PATCH", "/v1/volunteer-teams/{id}", vteams_patch, SC_VOLUNTEERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"PUT", "/v1/volunteer-teams/{id}/members/{vid}", vteams_member_put, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"DELETE", "/v1/volunteer-teams/{id}/members/{vid}", vteams_member_delete, SC_VOLUNTEERS_WRITE, NULL,
     R_STAFF},
    {"GET", "/v1/volunteers", volunteers_list, SC_VOLUNTEERS_READ, q_vol, R_STAFF},
    {"POST", "/v1/volunteers", volunteers_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/volunteers/me", volunteers_me, SC_VOLUNTEERS_SIGNUP, NULL, 0},
    /* safety and fit (issue 16, h3): the events the calling member may join */
    {"GET", "/v1/volunteers/me/events", vevents_eligible, SC_VOLUNTEERS_SIGNUP, q_list, 0},
    {"GET", "/v1/volunteers/{id}", volunteers_get, SC_VOLUNTEERS_READ, q_reveal, 0},
    {"PATCH", "/v1/volunteers/{id}", volunteers_patch, SC_VOLUNTEERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/volunteers/{id}/points", volunteers_points, SC_VOLUNTEERS_READ, q_list, 0},
    {"POST", "/v1/volunteers/{id}/redemptions", volunteers_redeem, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/volunteer-events", vevents_list, SC_VOLUNTEERS_READ, q_vevents, R_CACHED},
    {"POST", "/v1/volunteer-events", vevents_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"POST", "/v1/volunteer-events/check-in", vevents_checkin, SC_VOLUNTEERS_SIGNUP, NULL, R_JSON_BODY},
    {"GET", "/v1/volunteer-events/{id}", vevents_get, SC_VOLUNTEERS_READ, NULL, 0},
    {"PATCH", "/v1/volunteer-events/{id}", vevents_patch, SC_VOLUNTEERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/volunteer-events/{id}/signups", vsignups_list, SC_VOLUNTEERS_READ, NULL, R_STAFF},
    {"POST", "/v1/volunteer-events/{id}/signups", vsignups_create, SC_VOLUNTEERS_SIGNUP, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"DELETE", "/v1/volunteer-events/{id}/signups/{sid}", vsignups_cancel, SC_VOLUNTEERS_SIGNUP, NULL, 0},
    /* issue 16, h4: reminders and attendance */
    {"POST", "/v1/volunteer-events/{id}/signups/{sid}/confirm", vsignups_confirm, SC_VOLUNTEERS_SIGNUP, NULL,
     0},
    {"POST", "/v1/volunteer-events/{id}/signups/{sid}/no-show/undo", vsignups_no_show_undo,
     SC_VOLUNTEERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"POST", "/v1/volunteer-events/{id}/attendance", vevents_attendance, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/volunteer-events/{id}/checkin-code", vevents_checkin_code, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/volunteer-events/{id}/claims", vevents_claim, SC_VOLUNTEERS_SIGNUP, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/volunteer-events/{id}/matches", vevents_matches, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    {"GET", "/v1/volunteer-hours", vhours_list, SC_VOLUNTEERS_READ, q_vhours, R_STAFF},
    {"POST", "/v1/volunteer-hours/{id}/confirm", vhours_confirm, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    {"POST", "/v1/volunteer-hours/{id}/reject", vhours_reject, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    /* truthful hours (h1, issue 16): staff entries, corrections, who entered what */
    {"POST", "/v1/volunteer-hours", vhours_enter, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"POST", "/v1/volunteer-hours/{id}/corrections", vhours_correct, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"GET", "/v1/volunteer-hours/entered-by", vhours_entered_by, SC_VOLUNTEERS_READ, q_period, R_STAFF},
    {"GET", "/v1/volunteer-leaderboard", vleaderboard, SC_VOLUNTEERS_READ, q_board, R_CACHED},
    {"GET", "/v1/volunteer-reports", vreports, SC_VOLUNTEERS_READ, q_report, R_OFFICE_WIDE},
    {"GET", "/v1/volunteer-settings", vsettings_get, SC_VOLUNTEERS_READ, NULL, R_STAFF},
    {"PATCH", "/v1/volunteer-settings", vsettings_patch, SC_VOLUNTEERS_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/volunteer-honours", vhonours_list, SC_VOLUNTEERS_READ, q_year, 0},
    {"POST", "/v1/volunteer-honours", vhonours_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"DELETE", "/v1/volunteer-honours/{id}", vhonours_delete, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    {"GET", "/v1/volunteer-needs", vneeds_list, SC_VOLUNTEERS_READ, q_status, R_OFFICE_WIDE},
    {"POST", "/v1/volunteer-needs", vneeds_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_OFFICE_WIDE},
    {"GET", "/v1/volunteer-needs/{id}", vneeds_get, SC_VOLUNTEERS_READ, NULL, R_OFFICE_WIDE},
    {"POST", "/v1/volunteer-needs/{id}/dispatch", vneeds_dispatch, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/volunteer-needs/{id}/accept", vneeds_accept, SC_VOLUNTEERS_SIGNUP, NULL, 0},
    {"POST", "/v1/volunteer-needs/{id}/complete", vneeds_complete, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    {"POST", "/v1/volunteer-needs/{id}/cancel", vneeds_cancel, SC_VOLUNTEERS_WRITE, NULL, R_OFFICE_WIDE},
    /* h2, issue 16: certificates (志愿服务记录证明) and their public verification */
    {"GET", "/v1/volunteers/{id}/certificate", vcert_get, SC_VOLUNTEERS_READ, q_period, 0},
    {"GET", "/v1/certificates/{number}", vcert_verify, 0, q_cert_code, R_PUBLIC},
    /* issue 16 (h5): recurring events (series) */
    {"GET", "/v1/volunteer-event-series", vseries_list, SC_VOLUNTEERS_READ, q_status, R_OFFICE_WIDE},
    {"POST", "/v1/volunteer-event-series", vseries_create, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/volunteer-event-series/{id}", vseries_get, SC_VOLUNTEERS_READ, NULL, R_OFFICE_WIDE},
    {"PATCH", "/v1/volunteer-event-series/{id}", vseries_patch, SC_VOLUNTEERS_WRITE, NULL,
     R_JSON_BODY | R_STAFF},
    {"POST", "/v1/volunteer-event-series/{id}/cancel", vseries_cancel, SC_VOLUNTEERS_WRITE, NULL, R_STAFF},
    /* issue 16 (h5): members' and relatives' own requests (care:request, which both hold) */
    {"GET", "/v1/volunteer-needs/mine", vneeds_mine_list, SC_CARE_REQUEST, q_status, 0},
    {"POST", "/v1/volunteer-needs/mine", vneeds_mine_create, SC_CARE_REQUEST, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/volunteer-needs/mine/{id}", vneeds_mine_get, SC_CARE_REQUEST, NULL, 0},
    {"POST", "/v1/volunteer-needs/mine/{id}/cancel", vneeds_mine_cancel, SC_CARE_REQUEST, NULL, 0},
};
const size_t volunteers_nroutes = sizeof(volunteers_routes) / sizeof(volunteers_routes[0]);
