/* The volunteers domain's rules: event status moves, the slot an event takes, served
 * minutes, the steps of a need and report periods. */
#include "yinhui/volunteer_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/json_in.h"

bool vevent_status_move_ok(const char *from, const char *to)
{
    if (strcmp(from, to) == 0) {
        return true;
    }
    if (strcmp(to, "cancelled") == 0) {
        return strcmp(from, "done") != 0;
    }
    if (strcmp(to, "open") == 0) {
        return strcmp(from, "draft") == 0 || strcmp(from, "closed") == 0;
    }
    if (strcmp(to, "closed") == 0 || strcmp(to, "done") == 0) {
        return strcmp(from, "open") == 0 || strcmp(from, "closed") == 0;
    }
    return false;
}

void vevent_slot(const char *starts_at, int *wday, int *part)
{
    int64_t t = time_cn_parse(starts_at) + 8 * 3600;
    int hour = atoi(starts_at + 11);
    *wday = (int)((t / 86400 + 3) % 7); /* 1970-01-01 was a Thursday: Monday = 0 */
    *part = hour < 12 ? 0 : hour < 18 ? 1 : 2;
}

int64_t vhours_served_minutes(const char *starts, const char *ends, const char *in, const char *out)
{
    int64_t m = (time_cn_parse(out) - time_cn_parse(in)) / 60;
    int64_t cap = (time_cn_parse(ends) - time_cn_parse(starts)) / 60 + 60;
    if (m < 1) {
        m = 1;
    }
    return m > cap ? cap : m;
}

int64_t vevent_length_minutes(const char *starts, const char *ends)
{
    return (time_cn_parse(ends) - time_cn_parse(starts)) / 60;
}

int64_t vhours_auto_minutes(const char *starts, const char *ends, const char *in)
{
    return vhours_served_minutes(starts, ends, in, ends);
}

int64_t vpoints_correction(int64_t worth, int64_t credited, int64_t target, int64_t balance,
                           int64_t *unrecovered)
{
    /* above what the chain was worth: the rise is earned anew (the caps may cut it);
     * between what was credited and what it was worth: what a cap withheld stays
     * withheld, a correction must not hand it back */
    int64_t delta = target > worth ? target - worth : target < credited ? target - credited : 0;
    *unrecovered = 0;
    if (delta < 0 && -delta > balance) {
        *unrecovered = -delta - balance;
        delta = -balance;
    }
    return delta;
}

const struct vneed_step *vneed_step_of(const char *verb)
{
    /* who may take each step is the handler's concern (staff, the team's leader, the
     * client that posted the need) */
    static const struct vneed_step steps[] = {
        {"dispatch", "requested", "dispatched", "dispatched"},
        {"accept", "dispatched", "accepted", "accepted"},
        {"complete", "accepted", "done", "completed"},
        {"cancel", "requested,dispatched", "cancelled", "cancelled"},
    };
    for (size_t i = 0; verb != NULL && i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (strcmp(steps[i].verb, verb) == 0) {
            return &steps[i];
        }
    }
    return NULL;
}

bool vperiod_bounds(bool year, const char *at, const char *today, char from[11], char to[11])
{
    int y = atoi(today), m = atoi(today + 5);
    if (at != NULL) {
        int n = 0;
        bool ok = year ? sscanf(at, "%4d%n", &y, &n) == 1 && n == 4 && strlen(at) == 4
                       : sscanf(at, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && strlen(at) == 7;
        if (!ok || y < 1990 || y > 2100 || m < 1 || m > 12) {
            return false;
        }
    }
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u;
    if (year) {
        snprintf(from, 11, "%04u-01-01", uy);
        snprintf(to, 11, "%04u-01-01", (uy + 1) % 10000u);
    } else {
        snprintf(from, 11, "%04u-%02u-01", uy, um);
        snprintf(to, 11, "%04u-%02u-01", (um == 12 ? uy + 1 : uy) % 10000u, (um == 12 ? 1 : um + 1) % 100u);
    }
    return true;
}

/* Sorts days (n <= VREMIND_MAX) largest first; false when two are equal. */
static bool remind_days_sort(int *days, int n)
{
    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && days[j - 1] < days[j]; j--) {
            int t = days[j];
            days[j] = days[j - 1];
            days[j - 1] = t;
        }
    }
    for (int i = 1; i < n; i++) {
        if (days[i] == days[i - 1]) {
            return false;
        }
    }
    return true;
}

int vremind_days_parse(const char *csv, int out[VREMIND_MAX])
{
    int n = 0;
    const char *p = csv;
    if (p == NULL || *p == '\0') {
        return -1;
    }
    while (*p) {
        int v = 0, digits = 0;
        for (; *p >= '0' && *p <= '9' && digits < 3; p++, digits++) {
            v = v * 10 + (*p - '0');
        }
        if (digits == 0 || v < 1 || v > VREMIND_DAY_MAX || n == VREMIND_MAX || (*p != ',' && *p != '\0')) {
            return -1;
        }
        out[n++] = v;
        if (*p == ',' && *++p == '\0') {
            return -1;
        }
    }
    return remind_days_sort(out, n) ? n : -1;
}

void vremind_days_format(const int *days, int n, char *csv, size_t len)
{
    size_t used = 0;
    csv[0] = '\0';
    for (int i = 0; i < n && used < len; i++) {
        int w = snprintf(csv + used, len - used, i ? ",%d" : "%d", days[i]);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* ---- reminders and attendance (issue 16, h4) ---- */

/* Seconds since the epoch of China midnight starting day d ("YYYY-MM-DD..."); -1 when
 * malformed. */
static int64_t day_start(const char *d)
{
    char t[20];
    if (strlen(d) < 10) {
        return -1;
    }
    snprintf(t, sizeof(t), "%.10s 00:00:00", d);
    return time_cn_parse(t);
}

int vreminder_due(const char *days, const char *start, const char *today, char next[11])
{
    int d[VREMIND_MAX];
    int n = vremind_days_parse(days, d), due = -1, look = -1;
    int64_t s = day_start(start), t = day_start(today);
    next[0] = '\0';
    if (n < 0 || s < 0 || t < 0 || t > s) {
        return -1;
    }
    int64_t left = (s - t) / 86400;
    /* d is largest first: the due one is the last not below the days left; the next look
     * is on the day of the one after it, or of the largest while none is due yet */
    for (int i = 0; i < n; i++) {
        if (d[i] >= left) {
            due = i;
        }
    }
    look = due < 0 ? d[0] : due + 1 < n ? d[due + 1] : -1;
    if (look >= 0) {
        char day[20];
        time_cn(s - (int64_t)look * 86400, day);
        snprintf(next, 11, "%.10s", day);
    }
    return due < 0 ? -1 : d[due];
}

int vreminder_days_left(const char *start, const char *today)
{
    int64_t s = day_start(start), t = day_start(today);
    return s < 0 || t < 0 ? -1 : (int)((s - t) / 86400);
}

bool vreminder_hour_ok(const char *now, int64_t from_hour)
{
    return strlen(now) >= 13 && atoi(now + 11) >= from_hour;
}

/* ---- safety and fit (issue 16) ---- */

int64_t vfit_age(const char *birth, const char *on)
{
    int by = atoi(birth), bm = atoi(birth + 5), bd = atoi(birth + 8);
    int oy = atoi(on), om = atoi(on + 5), od = atoi(on + 8);
    /* the birthday not yet reached this year: 29 February waits for 1 March */
    return oy - by - (om < bm || (om == bm && od < bd));
}

int64_t vfit_age_of(const struct vfit_who *w, const char *on)
{
    if (w->birth_date != NULL && w->birth_date[0]) {
        return vfit_age(w->birth_date, on);
    }
    return w->birth_year > 0 ? atoi(on) - w->birth_year : -1;
}

/* Whether item is one of the comma-separated list. */
static bool csv_has(const char *list, const char *item, size_t len)
{
    for (const char *p = list; p != NULL && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, item, len) == 0) {
            return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* Whether the two comma-separated lists share an item. */
static bool csv_meet(const char *a, const char *b)
{
    for (const char *p = a; p != NULL && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > 0 && csv_has(b, p, n)) {
            return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* The age bounds of n against age (-1 unknown) into v. The message states the bound
 * only, never the age found: an age read on chosen days would tell the birthday. */
static void vfit_ages(const struct vfit_need *n, int64_t age, struct verrs *v)
{
    char msg[160];
    const char *unknown = age < 0 ? ": the volunteer's age is unknown" : "";
    if (n->min_age > 0 && age < n->min_age) {
        snprintf(msg, sizeof(msg), "the event asks an age of at least %lld%s", (long long)n->min_age,
                 unknown);
        verr_add(v, "min_age", msg);
    }
    if (n->max_age > 0 && (age < 0 || age > n->max_age)) {
        snprintf(msg, sizeof(msg), "the event asks an age of at most %lld%s", (long long)n->max_age, unknown);
        verr_add(v, "max_age", msg);
    }
}

int vfit_check(const struct vfit_need *n, const struct vfit_who *w, struct verrs *v)
{
    int before = v->n;
    const char *health = w->health != NULL ? w->health : "";
    char msg[160];
    vfit_ages(n, vfit_age_of(w, n->on), v);
    if (n->health_allowed != NULL && n->health_allowed[0] &&
        (!health[0] || !csv_has(n->health_allowed, health, strlen(health)))) {
        snprintf(msg, sizeof(msg), "the event is for volunteers whose health is %s: %s", n->health_allowed,
                 health[0] ? "the volunteer's is not" : "the volunteer's is not recorded");
        verr_add(v, "health_allowed", msg);
    }
    if (n->intensity != NULL && strcmp(n->intensity, "vigorous") == 0 && strcmp(health, "able") != 0) {
        verr_add(v, "intensity",
                 "the event is physically vigorous: it asks a volunteer in good health (able)");
    }
    if (n->skills_required && n->skills != NULL && n->skills[0] && !csv_meet(n->skills, w->skills)) {
        snprintf(msg, sizeof(msg), "the event asks one of the skills %s: the volunteer holds none",
                 n->skills);
        verr_add(v, "skills", msg);
    }
    return v->n - before;
}

bool vfit_cursor_ok(const char *at, const char *now)
{
    static const char shape[] = "dddd-dd-dd dd:dd:dd";
    if (strlen(at) != sizeof(shape) - 1) {
        return false;
    }
    for (size_t i = 0; shape[i]; i++) {
        if (shape[i] == 'd' ? (at[i] < '0' || at[i] > '9') : at[i] != shape[i]) {
            return false;
        }
    }
    return strcmp(at, now) >= 0;
}

bool vevent_insured_ok(bool risky, bool insurance_arranged, const char *status)
{
    /* closed only stops sign-ups: the event is still held (art. 17), so it stays insured */
    return !risky || insurance_arranged || (strcmp(status, "open") != 0 && strcmp(status, "closed") != 0);
}
