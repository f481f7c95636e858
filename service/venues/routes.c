/* The venues routes: method, pattern, handler, scope, declared query parameters, flags.
 * api/openapi.yaml describes the same routes. Staff write venues and rooms; secretaries
 * read them, book for their own branch and read the calendar; members do not reach them
 * (the app shows the venue and room of an activity or event in its own JSON). */
#include "yinhui/auth.h"
#include "yinhui/router.h"
#include "yinhui/venues.h"

static const char *const q_calendar[] = {"from", "to", NULL};
static const char *const q_usage[] = {"year", "from", "to", NULL};
static const char *const q_bookings[] = {"limit", "cursor", "from", "to", "status", NULL};

const struct route venues_routes[] = {
    {"GET", "/v1/venues", venues_list, SC_BRANCHES_READ, q_list, 0},
    {"POST", "/v1/venues", venues_create, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/venues/usage", venues_usage, SC_BRANCHES_READ, q_usage, R_OFFICE_WIDE},
    {"GET", "/v1/venues/{id}", venues_get, SC_BRANCHES_READ, NULL, 0},
    {"PATCH", "/v1/venues/{id}", venues_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/venues/{id}/calendar", venues_calendar, SC_BRANCHES_READ, q_calendar, R_CACHED},
    {"GET", "/v1/venues/{id}/rooms", rooms_list, SC_BRANCHES_READ, q_list, 0},
    {"POST", "/v1/venues/{id}/rooms", rooms_create, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT | R_STAFF},
    {"GET", "/v1/rooms/{id}", rooms_get, SC_BRANCHES_READ, NULL, 0},
    {"PATCH", "/v1/rooms/{id}", rooms_patch, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_STAFF},
    {"GET", "/v1/rooms/{id}/bookings", bookings_list, SC_BRANCHES_READ, q_bookings, 0},
    {"POST", "/v1/rooms/{id}/bookings", bookings_create, SC_BRANCHES_WRITE, NULL, R_JSON_BODY | R_IDEMPOTENT},
    {"GET", "/v1/bookings/{id}", bookings_get, SC_BRANCHES_READ, NULL, 0},
    {"POST", "/v1/bookings/{id}/cancel", bookings_cancel, SC_BRANCHES_WRITE, NULL,
     R_JSON_BODY | R_IDEMPOTENT},
    {"PUT", "/v1/bookings/{id}/attendance", bookings_attendance, SC_BRANCHES_WRITE, NULL, R_JSON_BODY},
};
const size_t venues_nroutes = sizeof(venues_routes) / sizeof(venues_routes[0]);
