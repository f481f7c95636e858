/* The care due list's rules (see care_due.h): plain functions over typed members and
 * holidays, without the database, so tests/unit/test_care_rules.c can pin them. */
#include "yinhui/care_due.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "yinhui/calendar.h"
#include "yinhui/care_db.h"
#include "yinhui/json_out.h"
#include "yinhui/lunar.h"

/* Days since 1970-01-01 of the date ymd (YYYY-MM-DD). */
static int64_t day_number(const char *ymd)
{
    return (int64_t)(cal_seconds(atoi(ymd), atoi(ymd + 5), atoi(ymd + 8), 12, 0, 0) / 86400);
}

/* The date (YYYY-MM-DD) of day number day into out. */
static void day_string(int64_t day, char out[11])
{
    cal_date_of((long)day, out);
}

/* The next birthday on or after today of someone born on birth; one born on 29 February
 * celebrates on 28 February in common years. Writes the date and returns the age then. */
static int next_birthday(const char *birth, const char *today, char out[11])
{
    int by = atoi(birth), bm = atoi(birth + 5), bd = atoi(birth + 8);
    int y = atoi(today);
    for (int k = 0; k < 2; k++) {
        int d = (bm == 2 && bd == 29 && !cal_leap_year(y + k)) ? 28 : bd;
        snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y + k) % 10000u, (unsigned)bm % 100u,
                 (unsigned)d % 100u);
        if (strcmp(out, today) >= 0) {
            return y + k - by;
        }
    }
    return y + 1 - by;
}

/* The birthday in a month from first_month to last_month (both "YYYY-MM") of someone born
 * on birth: writes "YYYY-MM" and returns the age then, or -1 when it falls outside. */
static int birthday_month_in(const char *birth, const char *first_month, const char *last_month, char out[8])
{
    int by = atoi(birth), bm = atoi(birth + 5);
    int fy = atoi(first_month), ly = atoi(last_month);
    /* months since year 0: formatted only when it falls in (every member is asked) */
    int first = fy * 12 + atoi(first_month + 5) - 1, last = ly * 12 + atoi(last_month + 5) - 1;
    for (int y = fy; y <= ly; y++) {
        if (y * 12 + bm - 1 >= first && y * 12 + bm - 1 <= last) {
            snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)bm % 100u);
            return y - by;
        }
    }
    return -1;
}

/* The items are written as JSON text (json_buf_*), not built as a cJSON tree: a county's
 * holiday round lists every member, and the tree's allocations, printing and freeing were
 * most of the request. The bytes are those cJSON_PrintUnformatted wrote before. */

/* Opens item {member_id, name, branch_id, kind, ...} of member m in items (after a comma
 * unless first); the caller writes the rest (due_entry_end, or its own fields). */
static void due_entry_start(struct buf *items, const struct care_member *m, const char *kind)
{
    buf_puts(items, items->len > 0 ? ",{\"member_id\":" : "{\"member_id\":");
    json_buf_id(items, m->id);
    buf_puts(items, ",\"name\":");
    json_buf_str(items, m->name);
    buf_puts(items, ",\"branch_id\":");
    json_buf_id(items, m->branch_id);
    buf_puts(items, ",\"kind\":\"");
    buf_puts(items, kind);
    buf_puts(items, "\"");
}

/* due_on NULL: a masked birthday, known by its month only. Leaves the item open. */
static void due_entry(struct buf *items, const struct care_member *m, const char *kind, const char *due_on,
                      const char *due_month, const char *why)
{
    due_entry_start(items, m, kind);
    buf_puts(items, ",\"due_on\":");
    json_buf_str(items, due_on);
    if (due_month != NULL) {
        buf_puts(items, ",\"due_month\":");
        json_buf_str(items, due_month);
    }
    buf_puts(items, ",\"why\":");
    json_buf_str(items, why);
}

/* Appends ,"name":s (null when s is NULL or empty, json_add_opt). */
static void due_field(struct buf *items, const char *name, const char *s)
{
    buf_puts(items, ",\"");
    buf_puts(items, name);
    buf_puts(items, "\":");
    json_buf_str(items, s && s[0] ? s : NULL);
}

/* What the due list is computed against: today, the window and the holiday in it. */
struct due_window {
    const struct due_params *p;
    int64_t t0;
    char month_start[11], quarter_start[11], last_day[11], first_month[8], last_month[8];
    const char *hname; /* the major holiday in the window, or NULL (borrowed from the table: past
                        * care_due_begin only whether there is one) */
    char hday[11], hfrom[11];
    struct buf hitem; /* a holiday item's fields after kind: the same for every member */
};

/* A birthday that falls due: its day (exact lists), its month, the age then, and the
 * first day of the month (solar, or lunar for a lunar birthday) it is listed by. */
struct birthday {
    char on[11], month[8], period[11];
    int age;
    bool lunar;
    struct lunar_date lm; /* lunar: the lunar month (day 1) */
};

/* The solar birthday of m due in window w into *b; false when none is. */
static bool solar_birthday(const struct care_member *m, const struct due_window *w, struct birthday *b)
{
    if (w->p->exact) {
        b->age = next_birthday(m->birth_date, w->p->today, b->on);
        if (day_number(b->on) - w->t0 >= w->p->days) {
            return false;
        }
        snprintf(b->month, sizeof(b->month), "%.7s", b->on);
    } else if ((b->age = birthday_month_in(m->birth_date, w->first_month, w->last_month, b->month)) < 0) {
        return false;
    }
    snprintf(b->period, sizeof(b->period), "%.7s-01", b->month);
    return true;
}

/* The lunar birthday of someone born on lunar date born, in lunar year ly, into *b (its
 * day, month and the lunar month's first and last days); false outside the calendar. */
static bool lunar_birthday_in(const struct lunar_date *born, int ly, struct birthday *b, char last[11])
{
    bool leap = born->leap && lunar_month_days(ly, born->month, true) > 0;
    int len = lunar_month_days(ly, born->month, leap);
    struct lunar_date on = {ly, born->month, leap, born->day < len ? born->day : len};
    b->lm = (struct lunar_date){ly, born->month, leap, 1};
    if (len == 0 || !lunar_to_solar(&on, b->on) || !lunar_to_solar(&b->lm, b->period)) {
        return false;
    }
    day_string(day_number(b->period) + len - 1, last);
    snprintf(b->month, sizeof(b->month), "%.7s", b->on);
    b->age = ly - born->year;
    b->lunar = true;
    return true;
}

/* The lunar birthday of m due in window w into *b: exact, the next one within the days;
 * masked, the one whose lunar month the window touches. False when none is (or the
 * date is outside the calendar: *solar then tells the caller to use the solar date). */
static bool lunar_birthday(const struct care_member *m, const struct due_window *w, struct birthday *b,
                           bool *solar)
{
    struct lunar_date born;
    char last[11];
    *solar = !lunar_from_solar(m->birth_date, &born);
    for (int ly = atoi(w->p->today) - 1; !*solar && ly <= atoi(w->p->today) + 1; ly++) {
        if (!lunar_birthday_in(&born, ly, b, last)) {
            *solar = true;
        } else if (w->p->exact && strcmp(b->on, w->p->today) >= 0) {
            return day_number(b->on) - w->t0 < w->p->days;
        } else if (!w->p->exact && strcmp(b->period, w->last_day) <= 0 && strcmp(last, w->p->today) >= 0) {
            return true;
        }
    }
    return false;
}

/* Whether a visit for the birthday's reason on last (NULL: none) clears it: made from the
 * first day of the month before the one it is listed by (a day the list never shows). */
static bool birthday_visited(const char *last, const struct birthday *b)
{
    char from[11];
    int y = atoi(b->period), mo = atoi(b->period + 5);
    snprintf(from, sizeof(from), "%04u-%02u-01", (unsigned)(mo == 1 ? y - 1 : y) % 10000u,
             (unsigned)(mo == 1 ? 12 : mo - 1) % 100u);
    return last != NULL && strcmp(last, from) >= 0;
}

/* The birthday entry of member m, if due and not yet visited for: by day when exact,
 * else by month (lunar birthdays by lunar month). */
static bool birthday_due(struct buf *items, const struct care_member *m, const struct due_window *w)
{
    struct birthday b = {0};
    char why[224], lmonth[16];
    bool solar = !m->lunar_birthday;
    if (m->lunar_birthday && !lunar_birthday(m, w, &b, &solar) && !solar) {
        return false;
    }
    if (solar) {
        b = (struct birthday){0}; /* a lunar date outside the calendar: the solar one */
        if (!solar_birthday(m, w, &b)) {
            return false;
        }
    }
    bool round = b.age >= 80 && b.age % 10 == 0;
    if (birthday_visited(round ? m->last_round : m->last_birthday, &b)) {
        return false;
    }
    snprintf(lmonth, sizeof(lmonth), "%04u-%02u", (unsigned)b.lm.year % 10000u, (unsigned)b.lm.month % 100u);
    snprintf(why, sizeof(why), "%s%d岁生日%s (%sbirthday in %s%s, %d%s)", b.lunar ? "农历" : "", b.age,
             round ? "，整寿" : "", b.lunar ? "lunar " : "", b.lunar ? "lunar month " : "",
             b.lunar && !w->p->exact ? lmonth : b.month, b.age, round ? ", a round one" : "");
    due_entry(items, m, round ? "round_birthday" : "birthday", w->p->exact ? b.on : NULL,
              b.lunar && !w->p->exact ? NULL : b.month, why);
    if (b.lunar) {
        due_field(items, "lunar_month", lmonth);
        buf_puts(items, b.lm.leap ? ",\"lunar_leap\":true" : ",\"lunar_leap\":false");
    }
    buf_puts(items, "}");
    return true;
}

/* The first major holiday from today to last_day in this year's or next year's table (its
 * name, borrowed from the table; NULL if none): its day and the day its round starts, 30
 * days before, go to hday and hfrom. */
static const char *holiday_in_window(const struct holiday *hol, size_t nhol, const struct holiday *next,
                                     size_t nnext, const char *today, const char *last_day, char hday[11],
                                     char hfrom[11])
{
    for (int pass = 0; pass < 2; pass++) {
        const struct holiday *h = pass ? next : hol;
        size_t n = pass ? nnext : nhol;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(h[i].day, today) >= 0 && strcmp(h[i].day, last_day) <= 0) {
                snprintf(hday, 11, "%s", h[i].day);
                day_string(day_number(hday) - 30, hfrom);
                return h[i].name;
            }
        }
    }
    return NULL;
}

/* Makes out, which holds the items, the body {date, days, hospital_days, counts, items}:
 * the counts are known after the items, so the head goes in front of them in place (a
 * county's list is hundreds of KB: no second copy of it). */
static void due_body(const struct due_params *p, const int counts[5], struct buf *out)
{
    static const char *const names[] = {"birthdays", "hospitalised", "homebound", "hardship", "holiday"};
    struct buf head = {0};
    buf_puts(&head, "{\"date\":");
    json_buf_str(&head, p->today);
    buf_puts(&head, ",\"days\":");
    buf_put_int(&head, p->days);
    buf_puts(&head, ",\"hospital_days\":");
    buf_put_int(&head, p->hdays);
    buf_puts(&head, ",\"counts\":{");
    for (int k = 0; k < 5; k++) {
        buf_printf(&head, "%s\"%s\":%d", k ? "," : "", names[k], counts[k]);
    }
    buf_puts(&head, "},\"items\":[");
    size_t nitems = out->len;
    buf_grow(out, head.len + 2);
    memmove(out->data + head.len, out->data, nitems);
    memcpy(out->data, head.data, head.len);
    out->len += head.len;
    buf_puts(out, "]}");
    buf_free(&head);
}

/* Whether the member's health value is the one whose blind index is idx. */
static bool health_is(const struct care_member *m, const unsigned char idx[8])
{
    return m->health_len == 8 && m->health_idx != NULL && memcmp(m->health_idx, idx, 8) == 0;
}

bool care_hospital_due(const char *today, const char *admitted_on, const char *last_visit, long hdays,
                       char visit_by[11])
{
    /* a visit before this admission was for another stay */
    const char *last =
        last_visit && (!admitted_on || strcmp(last_visit, admitted_on) >= 0) ? last_visit : NULL;
    const char *from = last ? last : admitted_on;
    if (from != NULL) {
        day_string(day_number(from) + hdays, visit_by);
    } else {
        snprintf(visit_by, 11, "%s", today);
    }
    return last == NULL || day_number(today) - day_number(last) > hdays;
}

/* The hospital entry of member m (in hospital: an open stay, or hospitalised without a
 * recorded one), when a visit is due. */
static bool hospital_due(struct buf *items, const struct care_member *m, const struct due_window *w)
{
    char why[192], visit_by[11];
    const char *last = m->last_hospital;
    if ((m->admitted_on == NULL && !health_is(m, w->p->hosp)) ||
        !care_hospital_due(w->p->today, m->admitted_on, last, w->p->hdays, visit_by)) {
        return false;
    }
    if (last && m->admitted_on && strcmp(last, m->admitted_on) < 0) {
        last = NULL; /* made before this admission */
    }
    snprintf(why, sizeof(why), "hospitalised%s%s; %s%s", m->admitted_on ? " since " : "",
             m->admitted_on ? m->admitted_on : "", last ? "last hospital visit " : "no hospital visit yet",
             last ? last : "");
    due_entry(items, m, "hospitalised", w->p->today, NULL, why);
    due_field(items, "admitted_on", m->admitted_on);
    due_field(items, "visit_by", visit_by);
    buf_puts(items, strcmp(w->p->today, visit_by) > 0 ? ",\"overdue\":true}" : ",\"overdue\":false}");
    return true;
}

/* The hospital, homebound, hardship and holiday entries of member m, counted. */
static void visits_due(struct buf *items, const struct care_member *m, const struct due_window *w,
                       int counts[5])
{
    char why[192];
    const char *last_home = m->last_home, *last_hol = m->last_holiday;
    if (hospital_due(items, m, w)) {
        counts[1]++;
    }
    if (health_is(m, w->p->home) && (!last_home || strcmp(last_home, w->month_start) < 0)) {
        snprintf(why, sizeof(why), "homebound; no home service visit this month%s%s%s",
                 last_home ? " (last " : "", last_home ? last_home : "", last_home ? ")" : "");
        due_entry(items, m, "homebound", w->p->today, NULL, why);
        buf_puts(items, "}");
        counts[2]++;
    }
    if (m->hardship && (!m->last_hardship || strcmp(m->last_hardship, w->quarter_start) < 0)) {
        due_entry(items, m, "hardship", w->p->today, NULL, "family hardship; no hardship visit this quarter");
        buf_puts(items, "}");
        counts[3]++;
    }
    if (w->hname && (!last_hol || strcmp(last_hol, w->hfrom) < 0)) {
        due_entry_start(items, m, "holiday");
        buf_append(items, w->hitem.data, w->hitem.len);
        counts[4]++;
    }
}

/* The window of p: the month, quarter, last day and months it spans (no holiday yet). */
static void window_init(struct due_window *w, const struct due_params *p)
{
    const char *today = p->today;
    memset(w, 0, sizeof(*w));
    w->p = p;
    w->t0 = day_number(today);
    snprintf(w->month_start, sizeof(w->month_start), "%.8s01", today);
    unsigned qm = ((unsigned)atoi(today + 5) - 1u) / 3u * 3u + 1u;
    snprintf(w->quarter_start, sizeof(w->quarter_start), "%.5s%02u-01", today, qm % 100u);
    day_string(w->t0 + p->days - 1, w->last_day);
    snprintf(w->first_month, sizeof(w->first_month), "%.7s", today);
    snprintf(w->last_month, sizeof(w->last_month), "%.7s", w->last_day);
}

void care_due_filter(const struct due_params *p, const struct holiday *hol, size_t nhol,
                     const struct holiday *next, size_t nnext, struct due_filter *f)
{
    struct due_window w;
    window_init(&w, p);
    /* months since year 0 (0-based) of the window's first and last days */
    int first = atoi(w.first_month) * 12 + atoi(w.first_month + 5) - 1;
    int last = atoi(w.last_month) * 12 + atoi(w.last_month + 5) - 1;
    *f = (struct due_filter){.hosp = p->hosp, .home = p->home};
    /* a window over more than three months (never with days <= 60): no month filter */
    f->everyone = holiday_in_window(hol, nhol, next, nnext, p->today, w.last_day, w.hday, w.hfrom) != NULL ||
                  last - first >= 3;
    for (int k = 0; k < 3; k++) {
        f->months[k] = (first + k < last ? first + k : last) % 12 + 1;
    }
}

/* The holiday item's fields after its kind, written once for every member due it. */
static void holiday_item_tail(struct due_window *w)
{
    char why[192];
    snprintf(why, sizeof(why), "%s (%s) holiday round", w->hname, w->hday);
    buf_puts(&w->hitem, ",\"due_on\":");
    json_buf_str(&w->hitem, w->hday);
    buf_puts(&w->hitem, ",\"why\":");
    json_buf_str(&w->hitem, why);
    buf_puts(&w->hitem, "}");
}

/* A due list being written (care_due_begin): its window, the counts so far and the text. */
struct due_list {
    struct due_window w;
    int counts[5];
    struct buf *out;
};

struct due_list *care_due_begin(const struct due_params *p, const struct holiday *hol, size_t nhol,
                                const struct holiday *next, size_t nnext, struct buf *out)
{
    struct due_list *l = calloc(1, sizeof(*l));
    if (l == NULL) {
        abort(); /* out of memory: nothing sensible to do in a request */
    }
    window_init(&l->w, p);
    l->w.hname = holiday_in_window(hol, nhol, next, nnext, p->today, l->w.last_day, l->w.hday, l->w.hfrom);
    if (l->w.hname != NULL) {
        holiday_item_tail(&l->w);
    }
    l->out = out;
    out->len = 0; /* the items first (due_entry_start's comma), then due_body's head */
    return l;
}

/* Birthdays first, then the visits due. */
void care_due_add(struct due_list *l, const struct care_member *m)
{
    if (birthday_due(l->out, m, &l->w)) {
        l->counts[0]++;
    }
    visits_due(l->out, m, &l->w, l->counts);
}

void care_due_end(struct due_list *l)
{
    due_body(l->w.p, l->counts, l->out);
    buf_free(&l->w.hitem);
    free(l);
}

/* See care_due.h: one pass over the members. */
void care_due_list(const struct due_params *p, const struct care_member *m, size_t n,
                   const struct holiday *hol, size_t nhol, const struct holiday *next, size_t nnext,
                   struct buf *out)
{
    struct due_list *l = care_due_begin(p, hol, nhol, next, nnext, out);
    for (size_t i = 0; i < n; i++) {
        care_due_add(l, &m[i]);
    }
    care_due_end(l);
}
