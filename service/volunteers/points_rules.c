/* Points with limits: how much of an earning the office's day and year caps let the
 * ledger credit (issue 16; RULES.md, Volunteers). */
#include "yinhui/volunteer_rules.h"

/* The room left under a cap (negative: none, so unlimited), never below 0. */
static int64_t room(int64_t cap, int64_t earned)
{
    if (cap < 0) {
        return INT64_MAX;
    }
    return cap > earned ? cap - earned : 0;
}

int64_t vpoints_creditable(int64_t points, int64_t day, int64_t year, int64_t day_cap, int64_t year_cap,
                           enum vpoints_cut *cut)
{
    int64_t day_room = room(day_cap, day), year_room = room(year_cap, year);
    *cut = VPOINTS_CUT_NONE;
    if (points <= 0 || (points <= day_room && points <= year_room)) {
        return points;
    }
    *cut = year_room < day_room ? VPOINTS_CUT_YEAR : VPOINTS_CUT_DAY;
    return year_room < day_room ? year_room : day_room;
}
