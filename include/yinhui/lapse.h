#ifndef YINHUI_LAPSE_H
#define YINHUI_LAPSE_H

#include <stdbool.h>
#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/db.h"

/* The 自行脱党 early warning (党章 art. 9): a member who, without proper reason, for six
 * consecutive months takes no part in organisational life or pays no dues is considered
 * to have left; the branch meeting decides. The service warns from LAPSE_WARN_MONTHS,
 * sends an event at LAPSE_EVENT_MONTHS and never removes anybody. Months are calendar
 * months in China time, written "YYYY-MM". */
#define LAPSE_WARN_MONTHS 3
#define LAPSE_EVENT_MONTHS 5
#define LAPSE_ARTICLE_MONTHS 6

/* A month "YYYY-MM" (or the month of a date "YYYY-MM-DD") as a running count
 * year * 12 + month - 1; -1 when s is not such a month. */
int lapse_month_index(const char *s);
/* The month of running count idx as "YYYY-MM". */
void lapse_month_text(int idx, char out[8]);
/* The month (China time) of the instant t, seconds since the epoch. */
void lapse_month_at(int64_t t, char out[8]);
/* The consecutive months up to and including current without the thing: last is the
 * month of its last occurrence ("" for never), start the first month it was owed (the
 * month the member joined). since gets the first month of the run ("" when 0), which
 * names the episode: a new run starts a new episode. */
int lapse_months(const char *last, const char *start, const char *current, char since[8]);
/* The run's level: "" below LAPSE_WARN_MONTHS, "warning", "event" from
 * LAPSE_EVENT_MONTHS, "article_9" from LAPSE_ARTICLE_MONTHS (the branch meeting decides). */
const char *lapse_level(int months);
/* Whether a proper reason recorded from since to until ("" for open) covers month. */
bool lapse_reason_covers(const char *since, const char *until, const char *month);
/* The last month that breaks a run, as of current: the later of last (the thing's last
 * occurrence, "" for never) and the last month a proper reason from since to until
 * covered (党章 art. 9: only months *without* proper reason count), into out ("" for
 * none). A member ill from January to May and absent since December starts a run in June. */
void lapse_last_with_reason(const char *last, const char *since, const char *until, const char *current,
                            char out[8]);
/* The reasons a member's absence may have (党章 art. 9 names illness; homebound care is
 * the office's other usual one), NULL-terminated. */
extern const char *const lapse_reason_kinds[];

struct req;
/* The routes (service/orglife/warnings.c). */
void lapse_warnings(struct req *r);
void lapse_reason_put(struct req *r);
void lapse_reason_get(struct req *r);

/* The daily member.lapse_warning events: for every office with a webhook subscribed, once
 * a day, one event per member and kind whose run reached LAPSE_EVENT_MONTHS without a
 * proper reason, once per run (episode). Called by the outbox worker. */
void lapse_publish_due(struct db *db, const struct config *cfg);

#endif
