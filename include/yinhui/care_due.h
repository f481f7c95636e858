#ifndef YINHUI_CARE_DUE_H
#define YINHUI_CARE_DUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "yinhui/config.h"
#include "yinhui/db.h"
#include "yinhui/util.h"

struct care_member;
struct due_filter;

/* ---- the days that matter (care_days.c; RULES.md "Care: the days that matter") ---- */
/* An office's own day (care_days): every year (year 0) or in one year, on a solar date
 * or a lunar one (of the regular month; a 30th in a month of 29 days falls on the 29th;
 * a solar 29 February on the 28th in common years). */
struct care_day {
    int64_t id;
    char name[241];
    char calendar[8]; /* solar | lunar */
    int64_t month, day, year;
    int64_t version;
};
#define CARE_DAYS_MAX 50 /* an office's own days */
/* A day of the holiday round in a year: a festival the service computes (code
 * spring_festival 春节 lunar 1/1, party_day 七一, mid_autumn 中秋 lunar 8/15, national_day
 * 国庆 10/1, double_ninth 重阳节 lunar 9/9, also the statutory 老年节) or an office's own
 * (code office_<id>, day_id its id). */
struct holiday {
    char code[32], name[241], day[11];
    bool lunar;
    int64_t day_id; /* 0: a computed festival */
};
/* a lunar day of an office can fall twice in one solar year (January, and December after a
 * leap lunar year) */
#define HOLIDAYS_MAX (5 + 2 * CARE_DAYS_MAX)
/* The holiday round of year (LUNAR_FIRST..LUNAR_LAST) into out[0..HOLIDAYS_MAX): the
 * festivals and the office's own days own[0..nown) falling in it, by day. Returns how
 * many. */
size_t care_holidays_of_year(int year, const struct care_day *own, size_t nown, struct holiday *out);
/* Whether (calendar, month, day) names a day some year has (lunar: months of 29 or 30
 * days, a 30th allowed; solar: 29 February allowed); the error goes to *why. */
bool care_day_valid(const char *calendar, int64_t month, int64_t day, const char **why);

/* Who must be visited on today and why: retirees only (the store leaves in-service staff
 * out). Birthdays in the next days (80, 90, 100: round_birthday, a reason of its own; a
 * member with lunar_birthday by the lunar date of birth), hospitalised members not
 * visited within hdays, homebound members not visited this month, members in hardship
 * not visited this quarter, and the holiday round when a holiday falls in the window.
 * An item is cleared only by a visit for its own reason (RULES.md): hospitalisation,
 * home_service, hardship, holiday (within 30 days before the day), birthday or
 * round_birthday (from the first day of the month before the birthday's month).
 * A lunar birthday: the birth date's lunar month and day in each lunar year; born in a
 * leap month, the leap month in years that have it and the regular month otherwise; a
 * 30th in a month of 29 days, on the 29th; the age counts lunar years.
 * exact false (the masked list): birthdays go by whole months — everyone whose birthday
 * falls in a month from today's to the one holding the window's last day, passed or not,
 * with due_month and no due_on — so that no sequence of lists, over any dates and windows,
 * tells a birth date (with the division code and the birth year it would leave about 500
 * ID numbers); a lunar birthday likewise by its whole lunar month (lunar_month, no
 * due_month). exact true (revealed, or counts that never leave the process): the day. */
struct due_params {
    const char *today; /* YYYY-MM-DD */
    long days, hdays;
    bool exact;
    unsigned char hosp[8], home[8]; /* the office's blind indexes of "hospitalised" and "homebound" */
};

/* The hospital visit rule (四必访: 生病住院必访, seeds 000 and 001; hdays is the office's
 * hospital_visit_days): a member in hospital since admitted_on (NULL: hospitalised without
 * a recorded stay) is due a visit while none was made since that admission (last_visit,
 * the last hospital visit, NULL: none; one made before the admission does not count), and
 * again once the last one is more than hdays days old. visit_by gets the day the visit is
 * expected by: hdays days after the last visit since the admission, or after the
 * admission (today when neither is known). */
bool care_hospital_due(const char *today, const char *admitted_on, const char *last_visit, long hdays,
                       char visit_by[11]);

/* The due list (care_due.c, no database): {date, days, hospital_days, counts, items} over members
 * m[0..n) and the holidays of today's year (hol) and the next (next), as JSON text in out
 * (what it held is dropped; a county's list is thousands of items). */
void care_due_list(const struct due_params *p, const struct care_member *m, size_t n,
                   const struct holiday *hol, size_t nhol, const struct holiday *next, size_t nnext,
                   struct buf *out);

/* care_due_list one member at a time, for members read from the store as they arrive
 * (due.c): begin (out emptied; the holidays are not kept), add each member in id order,
 * end (writes the head and frees the list). The same text as care_due_list. */
struct due_list;
struct due_list *care_due_begin(const struct due_params *p, const struct holiday *hol, size_t nhol,
                                const struct holiday *next, size_t nnext, struct buf *out);
void care_due_add(struct due_list *l, const struct care_member *m);
void care_due_end(struct due_list *l);

/* Which members care_due_list can list for p and these holidays, into *f (its blind
 * indexes borrowed from p): a superset the store reads instead of every retiree — a
 * birthday can only fall due in a month the window touches (by day or by month, 29
 * February on the 28th), a lunar one in any; visits fall due only for the hospitalised,
 * homebound or in hardship, or for everyone in a holiday's window. */
void care_due_filter(const struct due_params *p, const struct holiday *hol, size_t nhol,
                     const struct holiday *next, size_t nnext, struct due_filter *f);

/* The holiday round of the office in year (due.c): the festivals and the office's own
 * days (care_holidays_of_year) into out[0..HOLIDAYS_MAX), *n of them. */
enum yh_err care_holidays_read(struct db *db, const char *office, int year, struct holiday *out, size_t *n);

/* The due list of the office (branch 0: the office; -1: nobody) read from the store
 * (due.c); shared by GET /v1/care/due and the daily care.visit_due events; hdays 0: the
 * office's hospital_visit_days. *out as care_due_list. */
enum yh_err care_due_compute(struct db *db, const struct config *cfg, const char *office, int64_t branch,
                             const char *today, long days, long hdays, bool exact, struct buf *out);

#endif
