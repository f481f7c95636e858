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

/* Truthful hours (h1, issue 16). The minutes of an automatic check-out of a volunteer
 * checked in at `in` and left checked in: served up to the event's end, not to when the
 * service noticed (at least 1, as any check-out). */
int64_t vhours_auto_minutes(const char *starts, const char *ends, const char *in);
/* The minutes from an event's start to its end ("YYYY-MM-DD HH:MM:SS", China time): the
 * most a staff entry may give for it. */
int64_t vevent_length_minutes(const char *starts, const char *ends);
/* The points a correction moves: the corrected entry's chain was worth `worth` points
 * (credited plus what caps withheld) of which `credited` were credited, the new minutes
 * are worth `target`; the volunteer's balance is `balance`. Above worth, the rise
 * target - worth is to be earned (through the caps); below credited, credited - target
 * is taken back, at most the balance (points already redeemed stay spent: the ledger
 * never goes below zero) and *unrecovered says how many could not be; in between,
 * nothing moves. */
int64_t vpoints_correction(int64_t worth, int64_t credited, int64_t target, int64_t balance,
                           int64_t *unrecovered);

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
/* The reminder days of an office without its own (and of a stored list that is broken) */
#define VREMIND_DEFAULT_DAYS "7,1"
int vremind_days_parse(const char *csv, int out[VREMIND_MAX]);
/* Writes days (n of them, already checked) as that text, largest first, into csv. */
void vremind_days_format(const int *days, int n, char *csv, size_t len);

/* ---- points with limits (issue 16, points_rules.c) ---- */
/* Which cap cut a credit: none, the day's or the year's. */
enum vpoints_cut { VPOINTS_CUT_NONE, VPOINTS_CUT_DAY, VPOINTS_CUT_YEAR };
/* The points that may be credited of points earned now by a volunteer who has already
 * been credited day points today and year points this year, under the office's caps
 * (negative: no cap). Never more than points, never below 0 (a cap lowered below what
 * was already earned credits nothing); *cut names the cap that withheld the rest (the
 * tighter one when both would; the day's when they are equally tight). Points of 0 or
 * below are not earnings and pass uncut. */
int64_t vpoints_creditable(int64_t points, int64_t day, int64_t year, int64_t day_cap, int64_t year_cap,
                           enum vpoints_cut *cut);
/* ---- reminders and attendance (issue 16, h4) ---- */
/* The reminder of a confirmed sign-up due on China day today ("YYYY-MM-DD") for an event
 * starting on day start (its first 10 characters count), with the office's reminder days
 * (vremind_days_parse; none when not such a list): the smallest not below the days left, so a reminder missed
 * (the sign-up came later, the service was down) goes out late, but only the latest one; -1 when none is due.
 * next: the day to look again, "" when nothing more will be due (the event's day is past, or the smallest
 * offset has been reached). A reminder is sent once per sign-up and offset by the caller. */
int vreminder_due(const char *days, const char *start, const char *today, char next[11]);
/* Whole China days from today ("YYYY-MM-DD") to the day of start (its first 10
 * characters): what a reminder's wording says ("in 3 days"); -1 when either is malformed. */
int vreminder_days_left(const char *start, const char *today);
/* Reminders go out from from_hour (China time, YH_REMINDER_HOUR) to the end of the day:
 * true when now ("YYYY-MM-DD HH:MM:SS", China time) is in that window. */
bool vreminder_hour_ok(const char *now, int64_t from_hour);
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
/* Whether a cursor's position at ("YYYY-MM-DD HH:MM:SS", China time) may start the
 * member's list of events to join: well formed and not before now (same form). */
bool vfit_cursor_ok(const char *at, const char *now);
/* Whether an event may be open or closed (still to be held): a risky one only with
 * accident insurance arranged. */
bool vevent_insured_ok(bool risky, bool insurance_arranged, const char *status);
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
