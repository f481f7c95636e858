#ifndef YINHUI_CARE_DUE_H
#define YINHUI_CARE_DUE_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "yinhui/config.h"
#include "yinhui/db.h"

/* Who must be visited on today and why (branch 0: the office; -1: nobody): birthdays in
 * the next days (80, 90, 100 marked), hospitalised members not visited within hdays,
 * homebound members not visited this month, members in hardship not visited this
 * quarter, and the holiday round when a major holiday falls in the window. *out is
 * {date, days, counts, items}.
 * exact false (the masked list): birthdays go by whole months — everyone whose birthday
 * falls in a month from today's to the one holding the window's last day, passed or not,
 * with due_month and no due_on — so that no sequence of lists, over any dates and windows,
 * tells a birth date (with the division code and the birth year it would leave about 500
 * ID numbers). exact true (revealed, or counts that never leave the process): the day. */
enum yh_err care_due_compute(struct db *db, const struct config *cfg, const char *office, int64_t branch,
                             const char *today, long days, long hdays, bool exact, cJSON **out);

#endif
