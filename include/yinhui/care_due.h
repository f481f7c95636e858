#ifndef YINHUI_CARE_DUE_H
#define YINHUI_CARE_DUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "yinhui/config.h"
#include "yinhui/db.h"

struct care_member;
struct holiday;

/* Who must be visited on today and why: birthdays in the next days (80, 90, 100 marked),
 * hospitalised members not visited within hdays, homebound members not visited this
 * month, members in hardship not visited this quarter, and the holiday round when a
 * major holiday falls in the window.
 * exact false (the masked list): birthdays go by whole months — everyone whose birthday
 * falls in a month from today's to the one holding the window's last day, passed or not,
 * with due_month and no due_on — so that no sequence of lists, over any dates and windows,
 * tells a birth date (with the division code and the birth year it would leave about 500
 * ID numbers). exact true (revealed, or counts that never leave the process): the day. */
struct due_params {
    const char *today; /* YYYY-MM-DD */
    long days, hdays;
    bool exact;
    unsigned char hosp[8], home[8]; /* the office's blind indexes of "hospitalised" and "homebound" */
};

/* The due list (care_due.c, no database): {date, days, counts, items} over members
 * m[0..n) and the holidays of today's year (hol) and the next (next). Caller owns it. */
cJSON *care_due_list(const struct due_params *p, const struct care_member *m, size_t n,
                     const struct holiday *hol, size_t nhol, const struct holiday *next, size_t nnext);

/* The due list of the office (branch 0: the office; -1: nobody) read from the store
 * (due.c); shared by GET /v1/care/due and the daily care.visit_due events. *out as
 * care_due_list. */
enum yh_err care_due_compute(struct db *db, const struct config *cfg, const char *office, int64_t branch,
                             const char *today, long days, long hdays, bool exact, cJSON **out);

#endif
