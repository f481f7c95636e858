/* The automatic check-out (issue 16, truthful hours): a volunteer still checked in when
 * the event ended more than the office's checkout_margin_minutes ago (volunteer_settings,
 * default 60) is checked out by the service, with an 'auto_checkout' entry of the
 * minutes served up to the event's end, pending: nothing is credited until staff confirm
 * it (POST /v1/volunteer-hours/{id}/confirm) or reject it. Run by the outbox worker's
 * thread 0 every few seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/util.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* Checks sign-up l out in one transaction; *done false when another process did. The
 * conditional update decides which process writes the entry; the entry's once_key
 * backs it up. */
static enum yh_err auto_checkout_one(struct db *db, const struct vleft_in *l, bool *done)
{
    /* a volunteer checked in after the end (inside the check-in window) is checked out
     * when it checked in: the entry's minute is the least a check-out records */
    const char *at = strcmp(l->checked_in_at, l->ends_at) > 0 ? l->checked_in_at : l->ends_at;
    struct vhours h = {.volunteer_id = l->volunteer_id,
                       .event_id = l->event_id,
                       .team_id = l->team_id,
                       .minutes = vhours_auto_minutes(l->starts_at, l->ends_at, l->checked_in_at)};
    int64_t id = 0;
    snprintf(h.source, sizeof(h.source), "auto_checkout");
    snprintf(h.status, sizeof(h.status), "pending");
    snprintf(h.served_on, sizeof(h.served_on), "%.10s", l->checked_in_at);
    enum yh_err err = db_begin(db);
    if (err == YH_OK) {
        err = hours_db_check_out_left(db, l->signup_id, at, done);
    }
    if (err == YH_OK && *done) {
        err = hours_db_insert(db, l->office, &h,
                              "left checked in: checked out at the event's end, for review", &id);
    }
    db_finish(db, err);
    return err;
}

/* Sign-up l whose check-out failed (its entry could not be written: say one of that
 * volunteer and event exists already) is checked out without an entry and logged, so the
 * next pass does not take it again: the list is the first rows in id order, and rows
 * that keep failing would otherwise hold up every sign-up after them for good. A
 * database that is down fails this too, and the row is tried again. */
static void auto_checkout_skip(struct db *db, const struct vleft_in *l, enum yh_err why)
{
    const char *at = strcmp(l->checked_in_at, l->ends_at) > 0 ? l->checked_in_at : l->ends_at;
    bool done = false;
    enum yh_err err = db_begin(db);
    if (err == YH_OK) {
        err = hours_db_check_out_left(db, l->signup_id, at, &done);
    }
    db_finish(db, err);
    fprintf(stderr,
            "{\"level\":\"warn\",\"msg\":\"auto_checkout_skipped\",\"office\":\"%s\",\"signup_id\":%lld,"
            "\"error\":%d,\"checked_out\":%s}\n",
            l->office, (long long)l->signup_id, (int)why, err == YH_OK && done ? "true" : "false");
}

int vhours_auto_checkout(struct db *db)
{
    struct vleft_in *left = NULL;
    size_t n = 0;
    int done_n = 0;
    char now[20];
    time_cn(now_s(), now);
    if (hours_db_left_in(db, now, &left, &n) != YH_OK) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        bool done = false;
        enum yh_err err = auto_checkout_one(db, &left[i], &done);
        if (err == YH_OK && done) {
            done_n++;
        } else if (err != YH_OK) {
            auto_checkout_skip(db, &left[i], err);
        }
    }
    free(left);
    return done_n;
}
