#ifndef YINHUI_VOLUNTEER_REQ_H
#define YINHUI_VOLUNTEER_REQ_H

#include <stdbool.h>
#include <stdint.h>

#include "yinhui/err.h"
#include "yinhui/volunteers_db.h"

struct req;
struct verrs;

/* Request-level helpers the volunteers handlers share (service/volunteers/). Helpers
 * ending in _or_reply have replied when they return false. */

/* False when it has replied: the problem of the store error err, else the 422 of e's
 * errors (a body read and checked into e by calls that also read the store). Shared
 * with the talents' handlers. */
bool vol_checked_or_reply(struct req *r, enum yh_err err, struct verrs *e);

/* A list's query: its page (tag's cursor, the last id shown: *after, 0 on the first
 * page) and, unless statuses is NULL, its status filter (one of statuses; *status NULL
 * when absent). False when it has replied. Shared with the talents' lists. */
bool vol_page_or_reply(struct req *r, const char *tag, const char *const *statuses, int *limit,
                       int64_t *after, const char **status);
/* Replies the page of rows read through v (page_of_view, rows taken), each item's
 * "skills" turned into a list when skills; or the problem of err (the read failed). */
void vol_reply_page(struct req *r, enum yh_err err, const char *tag, struct db_rows *rows, int limit,
                    const struct view *v, bool skills);

/* Replies {"items": [...]} with rows read through v (freed), or the problem for err
 * when the read failed. Shared with the talents' handlers. */
void vol_reply_items(struct req *r, enum yh_err err, struct db_rows *rows, const struct view *v);

/* False when it has replied 400: the request has no JSON body (for a handler that reads
 * its body with body_read and more checks into one list of errors). */
bool vol_json_body_or_reply(struct req *r);

/* Adds "no such team in this office" for field to v when team id is not the caller's
 * office's; other errors are returned. */
enum yh_err vteam_check(struct req *r, int64_t id, const char *field, struct verrs *v);

/* volunteers.c: the volunteer a member acts as (FORBIDDEN for a caller who is not a
 * member); registered from the member record on first use when create. */
enum yh_err volunteer_self(struct req *r, bool create, struct volunteer *v);

/* volunteers.c: the volunteer of path {id} the caller may see (staff, or the member it
 * belongs to); 404 otherwise. */
bool volunteer_of_path_or_reply(struct req *r, int64_t *id, struct volunteer *v);

/* events.c: may the caller see event e? Staff and clients: yes. Members: open events,
 * and events they signed up for. */
enum yh_err vevent_visible(struct req *r, const struct vevent *e, bool *visible);
/* events.c: the event of path {id} the caller may see; 404 otherwise. */
bool vevent_of_path_or_reply(struct req *r, int64_t *id, struct vevent *e);
/* events.c: checks e after its body's fields were read into it (create: onto an empty
 * one; patch: onto the stored one), reading its skills: title, times, place and (unless
 * has_cap, the body named one) capacity required, the end after the start, the team
 * the office's. Errors go to v; other errors (the team check's) are returned. */
enum yh_err vevent_check(struct req *r, struct vevent *e, bool has_cap, struct verrs *v);
/* events.c: queues volunteer_event.opened for e (ids, time and team only); also for
 * each open occurrence a series (series.c) creates. */
enum yh_err vevent_publish_opened(struct req *r, const struct vevent *e);
/* Queues volunteer_event.cancelled for e: ids and start only (series_id 0: null). */
enum yh_err vevent_publish_cancelled(struct req *r, const struct vevent *e, int64_t series_id);

/* events.c: a page of the events list: rows read through events_list_view (freed),
 * fetched with limit + 1; skills as lists, the spots left, the cursor of the last shown. */
cJSON *events_page(struct req *r, struct db_rows *rows, int limit);

/* ---- safety and fit (events_fit.c, issue 16) ---- */
/* The physical intensities an event states (NULL-terminated). */
extern const char *const vfit_intensities[];
/* Reads the body's min_age, max_age (null: no bound) and health_allowed (a list of
 * health levels, null: any) into e and checks e's requirements: the ages' order, a risky
 * event open only with insurance arranged. */
void vfit_event_check(struct req *r, struct vevent *e, struct verrs *v);
/* Adds to v what volunteer vol does not meet of event e's requirements (vfit_check: age
 * and health from the member record when vol is a member's, health matched through its
 * blind index). */
enum yh_err vfit_volunteer_check(struct req *r, const struct vevent *e, const struct volunteer *vol,
                                 struct verrs *v);
/* False when volunteer vol does not fit event e: it has rolled back and replied 422
 * naming each unmet requirement (or the store's error). */
bool vfit_signup_or_reply(struct req *r, const struct vevent *e, const struct volunteer *vol);
/* False when a change (before: the stored event) of open or closed event e's
 * requirements would leave confirmed volunteers who no longer fit: it has rolled back and
 * replied 409 saying how many (no override: their sign-ups are cancelled first). */
bool vfit_confirmed_fit_or_reply(struct req *r, const struct vevent *e, const struct vevent *before);
/* Whether volunteer_id (of the caller's office) fits event e now (*fits). */
enum yh_err vfit_volunteer_fits(struct req *r, const struct vevent *e, int64_t volunteer_id, bool *fits);

/* signups.c: confirms waitlisted sign-ups in order while there is room (caller holds
 * the event row lock), skipping those who no longer fit e (they stay waiting), and stores
 * e's adjusted counts. */
enum yh_err vsignups_promote(struct req *r, struct vevent *e);
/* Marks no-show the confirmed volunteers of event e (locked, just closed as done) who never
 * checked in, when it has begun (issue 16, h4). */
enum yh_err vsignups_mark_no_shows(struct req *r, const struct vevent *e);

/* reports.c: the dates [from, to) of ?from=&to= (defaults: all time); false when it has
 * replied 400 naming the parameter. */
bool vreport_dates_or_reply(struct req *r, char from[11], char to[11]);

/* hours.c: records the points for confirmed hours of a locked volunteer (its balance
 * in vol is updated). */
enum yh_err vhours_credit(struct req *r, struct volunteer *vol, int64_t hours_id, int64_t minutes);

/* points.c (issue 16, points with limits): credits points earned by hours_id to a locked
 * volunteer (the caller holds its row lock, which serialises its earnings), up to the
 * office's day and year caps; what a cap withholds is recorded on the entry (capped,
 * capped_by, note), an entry of 0 when it withholds everything. Every earning goes
 * through it; points <= 0 write nothing. */
enum yh_err vpoints_earn(struct req *r, struct volunteer *vol, int64_t hours_id, int64_t points);

#endif
