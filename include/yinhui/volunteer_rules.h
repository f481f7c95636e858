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

/* ---- safety and fit (issue 16; 《志愿服务条例》 art. 15, 17) ---- */
struct verrs;
/* What an event asks of a volunteer. */
struct vfit_need {
    int64_t min_age, max_age;   /* full years on the event's day; 0: no bound */
    const char *health_allowed; /* comma-separated health levels; "": any */
    const char *intensity;      /* light, moderate, vigorous; "": not stated */
    const char *skills;         /* the event's skills (comma-separated) */
    bool skills_required;       /* the volunteer must hold one of them */
    const char *on;             /* the event's start, China time: its day counts */
};
/* What is known of the volunteer ("" and 0: unknown). */
struct vfit_who {
    const char *birth_date; /* "YYYY-MM-DD" (members) */
    int64_t birth_year;     /* when the date is unknown (volunteers who are not members) */
    const char *health;     /* able, frail, homebound, hospitalised */
    const char *skills;     /* comma-separated */
};
/* Full years from birth to on (both "YYYY-MM-DD", on may go on with a time; China time,
 * as every stored time): one more on each birthday; a 29 February birthday comes on 1
 * March in other years (as MariaDB's TIMESTAMPDIFF, which the eligible list uses). */
int64_t vfit_age(const char *birth, const char *on);
/* The volunteer's age on the need's day (birth_year only: the age reached that year);
 * -1 when unknown. */
int64_t vfit_age_of(const struct vfit_who *w, const char *on);
/* Adds one entry to v per requirement of n that w does not meet (field: min_age,
 * max_age, health_allowed, intensity, skills), an unknown age or health failing a bound
 * on it; returns how many it added. A vigorous event asks health able. */
int vfit_check(const struct vfit_need *n, const struct vfit_who *w, struct verrs *v);
/* Whether an event may be open: a risky one only with accident insurance arranged. */
bool vevent_insured_ok(bool risky, bool insurance_arranged, const char *status);

#endif
