#ifndef YINHUI_GUIDES_H
#define YINHUI_GUIDES_H

#include <stdbool.h>
#include <stddef.h>

/* The rules of guides and contact points (service/org/guides_rules.c): plain functions
 * over China dates (YYYY-MM-DD), without the database. README, Guides and contact points. */

/* The office's default contact rule in days (offices.guide_contact_days). */
#define GUIDE_CONTACT_DAYS_DEFAULT 30
/* The longest free text of a contact (summary, problem, follow-up note), in characters. */
#define GUIDE_TEXT_MAX 1000

/* Days from date a to date b (negative when b is before a); false when either is not a
 * real date. */
bool guide_days_between(const char *a, const char *b, long *days);
/* The earliest day a guide×branch pair may count from (its last contact, or the link's
 * start when never contacted) without being overdue on today under a rule of days: a pair
 * whose day is before cutoff is overdue. False when today is not a date. */
bool guide_overdue_cutoff(const char *today, long days, char cutoff[11]);
/* Whether a pair counting from since is overdue on today under a rule of days (more than
 * days days without a contact; exactly days is still in time); *elapsed gets the days
 * since (may be NULL). */
bool guide_overdue(const char *today, const char *since, long days, long *elapsed);
/* Why a contact on the day on is refused for a link started_on (NULL: accepted): not in
 * the future (China time), not before the link started. */
const char *guide_contact_on_refusal(const char *on, const char *started_on, const char *today);
/* Why ending a link started_on on ended_on is refused (NULL: accepted): not before its
 * start, not in the future. */
const char *guide_end_refusal(const char *started_on, const char *ended_on, const char *today);
/* Why free text s is refused (NULL: accepted): 1..GUIDE_TEXT_MAX characters, not only
 * spaces; line breaks allowed, other control characters not. */
const char *guide_text_refusal(const char *s);

#endif
