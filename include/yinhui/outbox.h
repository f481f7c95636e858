#ifndef YINHUI_OUTBOX_H
#define YINHUI_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/db.h"

/* The notifications outbox. Handlers publish events inside their transaction; a worker
 * thread per process delivers them to the office's webhooks (see outbox.c). */

/* Event types a webhook may subscribe to (NULL-terminated). */
extern const char *const outbox_event_types[];

/* Publishes an event of office inside the caller's transaction: one outbox row and one
 * delivery per active webhook of the office subscribed to type. data is a JSON object
 * text of ids and non-personal fields; the payload sent is
 * {"id", "type", "office", "occurred_at", "data"}. */
enum yh_err outbox_publish(struct db *db, const struct config *cfg, const char *office, const char *type,
                           const char *data);

/* ---- the worker ---- */
struct outbox_worker;
/* Starts YH_WEBHOOK_WORKERS delivery threads (each with its own MariaDB connection).
 * NULL on failure. */
struct outbox_worker *outbox_start(const struct config *cfg);
/* Stops after the attempts in progress (each bounded by its deadline). */
void outbox_stop(struct outbox_worker *w);

/* Claims one due delivery, fairly across offices: the office served longest ago among
 * those with due deliveries and fewer than YH_WEBHOOK_OFFICE_MAX in flight, under a
 * fresh lease; then attempts it. Repeats up to limit times. Returns how many were
 * attempted (-1 on a database error). Used by the worker threads and tests. */
int outbox_run_once(struct db *db, const struct config *cfg, int limit);

#endif
