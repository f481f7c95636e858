#ifndef YINHUI_VOLUNTEER_RULES_H
#define YINHUI_VOLUNTEER_RULES_H

#include <stdbool.h>
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

/* ---- recurring events (issue 16, h5: series_rules.c) ---- */
/* How a series recurs: weekly on weekday (1 Monday .. 7 Sunday), or monthly on
 * month_day (1..31; a month without that day takes its last day: the 31st is the 30th
 * in a 30-day month, the 29th to 31st are 28 February in a common year, 29 in a leap
 * year), so a monthly series has exactly one occurrence in each month of its period. */
struct vseries_rule {
    bool monthly;
    int weekday, month_day;
};
/* Most occurrences a series may have (two years of a weekly series). */
#define VSERIES_MAX 104
/* The dates ("YYYY-MM-DD", China) of the occurrences of rule from from to to (both
 * included) into out (up to max); the count, or -1 when there would be more than max
 * or a date is malformed. */
int vseries_dates(const struct vseries_rule *rule, const char *from, const char *to, char (*out)[11],
                  int max);
/* An occurrence on date at start ("HH:MM") lasting minutes: its start and end as
 * "YYYY-MM-DD HH:MM:SS" China time (the end may fall on the next day, month or year). */
void vseries_times(const char *date, const char *start, int minutes, char starts[20], char ends[20]);
/* Whether s is a time of day "HH:MM" (00:00..23:59). */
bool vseries_time_ok(const char *s);

#endif
