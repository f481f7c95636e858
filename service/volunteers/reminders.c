/* Reminders of volunteer events (issue 16): volunteer_event.reminder through the outbox,
 * N days before an event for each N of the office's reminder_days (China days), to every
 * confirmed sign-up of an event still open or closed and not begun, from the office hour
 * YH_REMINDER_HOUR (never at night). Run by the outbox
 * worker's thread 0 in every process: each sign-up's look is claimed by a conditional
 * update and each reminder recorded under a unique key (sign-up, offset), in the
 * transaction that publishes it, so it goes out once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/outbox.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

#define REMINDERS_PER_PASS 200

/* Looks at sign-up w at now (China time) on today: the due reminder, if any, is recorded
 * and published, and the next look set, in one transaction; a process that lost the
 * claim does nothing. */
static void remind_one(struct db *db, const struct config *cfg, const struct vreminder_row *w,
                       const char *now, const char *today)
{
    char next[11] = "", data[320], starts[26];
    int parsed[VREMIND_MAX];
    bool won = false, fresh = false;
    bool live = (strcmp(w->event_status, "open") == 0 || strcmp(w->event_status, "closed") == 0) &&
                strcmp(w->starts_at, now) > 0;
    /* a stored list that does not parse must not stop the sign-up's reminders for good */
    const char *days = vremind_days_parse(w->days, parsed) > 0 ? w->days : VREMIND_DEFAULT_DAYS;
    int due = live ? vreminder_due(days, w->starts_at, today, next) : -1;
    enum yh_err err = db_begin(db);
    /* the event first, then the sign-up: the order of the request paths */
    if (err == YH_OK) {
        err = vreminders_db_lock_event(db, w->office, w->event_id);
    }
    if (err == YH_OK) {
        err = vreminders_db_claim(db, w->office, w->signup_id, today, next, &won);
    }
    if (err == YH_OK && won && due >= 0) {
        err = vreminders_db_record(db, w->office, w->event_id, w->signup_id, due, now, &fresh);
    }
    if (err == YH_OK && fresh) {
        /* the actual days left and the start: a late 7-day reminder can say "in 3 days" */
        time_cn_rfc3339(w->starts_at, starts);
        snprintf(data, sizeof(data),
                 "{\"event_id\":\"%lld\",\"signup_id\":\"%lld\",\"volunteer_no\":\"%s\",\"days_before\":%d,"
                 "\"days_left\":%d,\"starts_at\":\"%s\"}",
                 (long long)w->event_id, (long long)w->signup_id, w->volunteer_no, due,
                 vreminder_days_left(w->starts_at, today), starts);
        err = outbox_publish(db, cfg, w->office, "volunteer_event.reminder", data);
    }
    db_finish(db, err);
}

void vreminders_publish_due(struct db *db, const struct config *cfg)
{
    struct vreminder_row *rows = NULL;
    size_t n = 0;
    char now[20], today[11];
    time_cn(now_s(), now);
    snprintf(today, sizeof(today), "%.10s", now);
    /* not at night: a pass before the hour leaves everything for the first pass after it */
    if (!vreminder_hour_ok(now, cfg->reminder_hour)) {
        return;
    }
    if (vreminders_db_due(db, today, REMINDERS_PER_PASS, &rows, &n) == YH_OK) {
        for (size_t i = 0; i < n; i++) {
            remind_one(db, cfg, &rows[i], now, today);
        }
    }
    free(rows);
}
