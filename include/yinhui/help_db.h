#ifndef YINHUI_HELP_DB_H
#define YINHUI_HELP_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

/* The urgent-help store: categories (help_categories_db.c), requests and their log
 * (help_db.c). Every function takes the caller's office; another office's rows are
 * NOT_FOUND. */

/* ---- categories ---- */
/* A category as the office sees it: the default of office 000000 merged with the
 * office's own row of that code, or the office's own code. */
struct help_category {
    char code[25], name[241]; /* 60 characters */
    int64_t respond_hours;    /* 0: the same day */
    int64_t resolve_hours;
    bool retired;
    bool own; /* the office has its own row (an override or its own code) */
};
/* The office's categories by code (retired ones too when all) into a new array *out
 * (caller frees) of *n. */
enum yh_err help_categories_db_list(struct db *db, const char *office, bool all, struct help_category **out,
                                    size_t *n);
/* The office's category code into *c, retired or not; NOT_FOUND when it has none. */
enum yh_err help_categories_db_get(struct db *db, const char *office, const char *code,
                                   struct help_category *c);
/* How many rows of its own the office has besides code, locking them (the cap). */
enum yh_err help_categories_db_own_others(struct db *db, const char *office, const char *code, int64_t *n);
/* Writes c as the office's own row of c->code (an override or a new code). */
enum yh_err help_categories_db_put(struct db *db, const char *office, const struct help_category *c);

/* ---- requests ---- */
/* A request as stored; times are China time "YYYY-MM-DD HH:MM:SS" ("" when not yet). */
struct help_request {
    int64_t id, member_id, branch_id; /* branch_id: the member's primary branch (0: none) */
    char member_name[401], category[25], urgency[8], channel[10], status[10];
    char filed_by[81], filed_at[20], respond_by[20], resolve_by[20];
    char assignee_kind[10];
    int64_t assignee_member_id, assignee_account_id, assignee_team_id, need_id;
    char assigned_at[20], accepted_at[20], resolved_at[20], confirmed_at[20], cancelled_at[20];
    char confirmed_via[8]; /* app | phone */
    int64_t satisfaction;  /* 0: not rated */
    char cancel_reason[801];
    int64_t version;
};
extern const struct fm help_request_map[];
extern const size_t help_request_map_n;
/* The sealed texts of a request (len 0: none). */
struct help_sealed {
    unsigned char description[4200], location[1300], resolution[4200]; /* sql/0038 */
    size_t description_len, location_len, resolution_len;
};
/* A new request: q's member, category, urgency, channel, filed_at, respond_by and
 * resolve_by, sealed description and location (s), filed by; writes its 'filed' log row.
 * *id gets its id. */
enum yh_err help_db_insert(struct db *db, const char *office, const struct help_request *q,
                           const struct help_sealed *s, const char *by, int64_t *id);
/* The office's request id into *q and its sealed texts into *s (may be NULL). */
enum yh_err help_db_get(struct db *db, const char *office, int64_t id, struct help_request *q,
                        struct help_sealed *s);
/* q as JSON without its texts (caller owns): a list's item, a flow step's reply. */
struct cJSON *help_request_json(const struct help_request *q);
/* The log of request id (action, actor, at) in order. */
extern const struct view help_log_view;
enum yh_err help_db_log(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Appends action (help_request_log's) by actor at now to request id's history. */
enum yh_err help_db_log_add(struct db *db, const char *office, int64_t id, const char *action,
                            const char *actor, const char *now);

/* Which requests a list shows. */
struct help_filter {
    bool open_only;       /* only those not resolved, confirmed or cancelled */
    const char *status;   /* NULL: any; else exactly this status */
    const char *category; /* NULL: any */
    int64_t member_id;    /* 0: any */
    int64_t branch_id;    /* 0: any; a member of this branch; -1: none */
    int64_t before;       /* 0: from the newest; else ids below */
    int limit;            /* rows fetched: limit + 1 */
};
/* The office's requests by f, newest first, into a new array *out (caller frees) of *n. */
enum yh_err help_db_list(struct db *db, const char *office, const struct help_filter *f,
                         struct help_request **out, size_t *n);
/* The requests assigned to member (0: none), to account (0: none), or to a volunteer
 * team that member leads, newest first below before (0: from the newest). */
enum yh_err help_db_assigned(struct db *db, const char *office, int64_t member, int64_t account,
                             int64_t before, int limit, struct help_request **out, size_t *n);

/* Statistics of requests filed from from to to (China dates, inclusive), in their state
 * now: filed; resolved (resolved or confirmed); within: resolved with resolved_at <=
 * resolve_by (the one definition of "within the deadline"); rated and the sum of their
 * satisfaction scores. office: the office counted (help_db_totals_offices). */
struct help_totals {
    char office[7];
    int64_t filed, resolved, within, rated, satisfaction_sum;
    int64_t overdue; /* help_db_overdue_offices only */
};
enum yh_err help_db_totals(struct db *db, const char *office, const char *from, const char *to,
                           struct help_totals *t);
/* The same totals per office for the n offices codes (a prefecture's or province's
 * roll-up), read per batch of offices so that each office stays its own index range
 * (ix_help_span, sql/0039): one row per office with requests, into a new array *out
 * (caller frees) of *nout. */
enum yh_err help_db_totals_offices(struct db *db, const char *const *codes, size_t n, const char *from,
                                   const char *to, struct help_totals **out, size_t *nout);
/* Overdue now (the overdue list's condition, help_db_overdue, and the statistics'): not
 * resolved, confirmed or cancelled, past the response deadline, and once accepted past
 * the resolution deadline too. Takes now twice. */
#define HELP_SQL_OVERDUE                                                                                     \
    "h.status IN ('open', 'assigned', 'accepted') AND h.respond_by < ? AND (h.status <> 'accepted' OR "      \
    "h.resolve_by < ?)"
/* The requests overdue at now (HELP_SQL_OVERDUE), whenever filed, per office of the n
 * offices codes: rows with office and overdue set, into a new array *out (caller frees)
 * of *nout. */
enum yh_err help_db_overdue_offices(struct db *db, const char *const *codes, size_t n, const char *now,
                                    struct help_totals **out, size_t *nout);
/* Adds t's figures to j: filed, resolved, resolved_within_deadline,
 * share_within_deadline (help_share of the counts; null when none resolved), rated,
 * satisfaction_average (help_average; null when none rated). */
void help_totals_json(struct cJSON *j, const struct help_totals *t);
/* Counts by category and by status: rows through help_count_view (key, count). */
extern const struct view help_count_view;
enum yh_err help_db_by_category(struct db *db, const char *office, const char *from, const char *to,
                                struct db_rows *rows);
enum yh_err help_db_by_status(struct db *db, const char *office, const char *from, const char *to,
                              struct db_rows *rows);

#endif
