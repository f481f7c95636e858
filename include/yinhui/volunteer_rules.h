#ifndef YINHUI_VOLUNTEER_RULES_H
#define YINHUI_VOLUNTEER_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The volunteers domain's rules as plain functions (service/volunteers/rules.c): no
 * request, no database, so tests/unit/test_volunteers_rules.c covers them. Times are
 * China time "YYYY-MM-DD HH:MM:SS". */

/* Whether an event may go from status from to status to: draft → open; open ⇄ closed;
 * open, closed → done; any but done → cancelled (staying is always allowed). */
bool vevent_status_move_ok(const char *from, const char *to);

/* The weekday (Monday 0 .. Sunday 6) and part of day (morning 0, afternoon 1, evening
 * 2) an event starting at starts_at starts in: the availability it matches. */
void vevent_slot(const char *starts_at, int *wday, int *part);

/* Minutes served between check-in in and check-out out of an event from starts to
 * ends: at least 1, at most the event's length plus an hour. */
int64_t vhours_served_minutes(const char *starts, const char *ends, const char *in, const char *out);

/* One step of a need's life: the action's verb (dispatch, accept, complete, cancel), the
 * statuses it moves from (comma-separated), the status it moves to, and the participle
 * its refusal names ("a requested need cannot be accepted"). */
struct vneed_step {
    const char *verb, *from, *to, *done;
};
/* The step of verb; NULL when verb is none. */
const struct vneed_step *vneed_step_of(const char *verb);

/* The dates [from, to) of the month (year false: at "YYYY-MM") or the year (year true:
 * at "YYYY") named by at, or of the one today ("YYYY-MM-DD") falls in when at is NULL.
 * False when at is malformed or outside 1990..2100. */
bool vperiod_bounds(bool year, const char *at, const char *today, char from[11], char to[11]);

/* An office's reminder days (volunteer_settings.reminder_days, "7,1"): the days before an
 * event its reminders go out. Parses csv into out (distinct, 1..VREMIND_DAY_MAX, largest
 * first, at most VREMIND_MAX) and returns how many; -1 when csv is not such a list. */
#define VREMIND_MAX 4
#define VREMIND_DAY_MAX 60
int vremind_days_parse(const char *csv, int out[VREMIND_MAX]);
/* Writes days (n of them, already checked) as that text, largest first, into csv. */
void vremind_days_format(const int *days, int n, char *csv, size_t len);

#endif
