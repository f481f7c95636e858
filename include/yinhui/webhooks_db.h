#ifndef YINHUI_WEBHOOKS_DB_H
#define YINHUI_WEBHOOKS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

/* An office's webhooks and their deliveries (service/engagement/webhooks_db.c). */
#define WEBHOOKS_MAX 100
struct webhook {
    int64_t id, version;
    char url[2001];   /* up to 500 characters */
    char events[600]; /* event types, comma-separated */
    bool active;
    char created_by[81], created_at[32];
};
/* Inserts a webhook of office (secret_enc: the sealed secret, n bytes); *id gets its id. */
enum yh_err webhooks_db_insert(struct db *db, const char *office, const char *url, const void *secret_enc,
                               size_t n, const char *events, const char *by, int64_t *id);
/* A webhook's columns, its struct members and their JSON names (events is not mapped to
 * JSON: the API shows it as an array). */
extern const struct fm webhook_map[];
extern const size_t webhook_map_n;
/* Office's webhooks by id (at most WEBHOOKS_MAX) into a new array *out (caller frees),
 * their number into *n. */
enum yh_err webhooks_db_list(struct db *db, const char *office, struct webhook **out, size_t *n);
/* Webhook id of office (NOT_FOUND when another office's or none). */
enum yh_err webhooks_db_get(struct db *db, const char *office, int64_t id, struct webhook *w);
/* Stores w's url, events and active if its version is still version (PRECONDITION: it
 * changed; NOT_FOUND: no such webhook of office). */
enum yh_err webhooks_db_update(struct db *db, const char *office, const struct webhook *w, int64_t version);

struct view;
/* The deliveries' columns and JSON: id, event_id, type, state, attempts, next_at,
 * deadline, last_status, last_error, delivered_at, created_at. */
extern const struct view deliveries_view;
/* Webhook's deliveries in office, newest first, older than before (0: from the newest),
 * limit + 1 of them (the extra one tells there are more); state NULL: any. Rows through
 * deliveries_view. */
enum yh_err deliveries_db_list(struct db *db, const char *office, int64_t webhook_id, const char *state,
                               int64_t before, int limit, struct db_rows *rows);
/* Puts a delivery back in the queue (any state) with a fresh deadline ttl_s from now
 * (NOT_FOUND when office has no such delivery). */
enum yh_err deliveries_db_redeliver(struct db *db, const char *office, int64_t id, int64_t ttl_s);

#endif
