#ifndef YINHUI_HELP_H
#define YINHUI_HELP_H

#include <stdbool.h>
#include <stdint.h>

struct req;

/* Urgent help (急事快办, seed 001: "水坏不过夜，电坏不过天"): the office's categories with
 * their deadlines, requests filed by a member, a relative, a secretary or staff, their
 * lists and statistics. Handlers in service/care/help*.c, rules in help_rules.c. */

/* ---- rules (help_rules.c) ---- */
#define HELP_HOURS_MAX 720 /* a deadline is at most 30 days */
#define HELP_DESCRIPTION_MAX 1000
#define HELP_LOCATION_MAX 300
#define HELP_CATEGORIES_OWN_MAX 30 /* rows of its own an office keeps (overrides and new codes) */
/* A category code: [a-z_]{1,24}. */
bool help_code_ok(const char *code);
/* The deadlines of a request filed at filed_at (seconds since the epoch): respond_hours 0
 * means the same day (23:59:59 China time of the day filed), otherwise filed_at + hours;
 * resolve_by = filed_at + resolve_hours. A response is never due after the resolution:
 * respond_by is at most resolve_by. */
void help_deadlines(int64_t filed_at, int64_t respond_hours, int64_t resolve_hours, int64_t *respond_by,
                    int64_t *resolve_by);
/* num / den rounded to 3 decimals (a share), -1 when den is 0 (nothing to share). */
double help_share(int64_t num, int64_t den);
/* sum / n rounded to 2 decimals (an average score), -1 when n is 0 (nobody rated). */
double help_average(int64_t sum, int64_t n);

/* ---- handlers ---- */
/* help_categories.c */
void help_categories_list(struct req *r);
void help_categories_put(struct req *r);
/* help.c */
void help_requests_create(struct req *r);
void help_requests_get(struct req *r);
void help_requests_list(struct req *r);
void help_requests_assigned(struct req *r);
void help_requests_stats(struct req *r);

#endif
