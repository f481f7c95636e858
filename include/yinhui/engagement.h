#ifndef YINHUI_ENGAGEMENT_H
#define YINHUI_ENGAGEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "yinhui/err.h"
#include "yinhui/router.h"

struct db;
struct db_param;
struct field;
struct req;

/* The engagement domain: its part of the route table (service/engagement/routes.c) and its handlers. */
extern const struct route engagement_routes[];
extern const size_t engagement_nroutes;
/* Replies 200 {items: [...]} with rows[0..n) (size bytes each) through to_json, or the
 * problem of err when it is not YH_OK. */
void engagement_items_reply(struct req *r, enum yh_err err, const void *rows, size_t n, size_t size,
                            cJSON *(*to_json)(const void *row));
/* Runs the move sql (params p, n), an UPDATE of row id of office guarded by its state:
 * CONFLICT when the row exists (exists: db_why_not_updated's query) but its state did not
 * allow the move, NOT_FOUND when office has no such row. */
enum yh_err engagement_db_move(struct db *db, const char *sql, const struct db_param *p, size_t n,
                               const char *exists, const char *office, int64_t id);

/* suggestions.c */
void suggestions_list(struct req *r);
void suggestions_create(struct req *r);
void suggestions_get(struct req *r);
void suggestions_forward(struct req *r);
void suggestions_answer(struct req *r);
void suggestions_close(struct req *r);
/* surveys.c */
void surveys_list(struct req *r);
void surveys_create(struct req *r);
void surveys_get(struct req *r);
void surveys_status(struct req *r);
void surveys_ballot(struct req *r);
void surveys_respond(struct req *r);
void surveys_results(struct req *r);
/* webhooks.c */
void webhooks_list(struct req *r);
void webhooks_create(struct req *r);
void webhooks_get(struct req *r);
void webhooks_patch(struct req *r);
/* webhook_deliveries.c */
void webhooks_deliveries(struct req *r);
void webhooks_redeliver(struct req *r);

#endif
