#ifndef YINHUI_OUTBOX_DB_H
#define YINHUI_OUTBOX_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/util.h"

/* The outbox's store (service/engagement/outbox_db.c): the events, the deliveries the
 * worker claims under a lease, their outcomes, and the daily care.visit_due marker. */

/* Inserts the event (payload: the JSON sent) and one delivery, due now with a deadline
 * ttl_s from now, per active webhook of office subscribed to type. */
enum yh_err outbox_db_publish(struct db *db, const char *office, const char *event_id, const char *type,
                              const char *payload, int64_t ttl_s);

/* Offices with due, unclaimed deliveries, the one served longest ago (or never) first:
 * up to max codes into offices, their number into *n. */
enum yh_err outbox_db_due_offices(struct db *db, char (*offices)[7], size_t max, size_t *n);
/* Claims one due delivery of office under lease for lease_s seconds unless the office
 * already has office_max in flight. 1 claimed, 0 not, -1 database error. */
int outbox_db_claim(struct db *db, const char *office, const char *lease, int64_t lease_s,
                    int64_t office_max);

/* A claimed delivery with what its attempt needs. */
struct outbox_claim {
    int64_t id, attempts;
    bool expired;          /* its deadline has passed: dead-letter it, do not send */
    char *url;             /* owned */
    struct buf secret_enc; /* the webhook's sealed secret */
    char event_id[33], type[48];
    char *payload; /* owned */
};
/* The deliveries claimed under lease (caller frees with outbox_db_claims_free). */
enum yh_err outbox_db_claimed(struct db *db, const char *lease, struct outbox_claim **out, size_t *n);
void outbox_db_claims_free(struct outbox_claim *c, size_t n);

/* Extends the lease of delivery id by lease_s seconds; *renewed is 1 when it was still
 * pending under lease (0: another worker took it). */
enum yh_err outbox_db_renew(struct db *db, int64_t id, const char *lease, int64_t lease_s, uint64_t *renewed);
/* Records a 2xx (status) for delivery id under lease. */
enum yh_err outbox_db_delivered(struct db *db, int64_t id, const char *lease, int64_t status);
/* Records a failure (status <= 0: no response) with error; retried delay_ms from now,
 * or dead when that is past the deadline. */
enum yh_err outbox_db_failed(struct db *db, int64_t id, const char *lease, int64_t status, const char *error,
                             int64_t delay_ms);
/* Dead-letters a delivery claimed after its deadline. */
enum yh_err outbox_db_expire(struct db *db, int64_t id, const char *lease);

/* Offices with an active care.visit_due webhook and no marker for day (at most max). */
enum yh_err outbox_db_visit_due_offices(struct db *db, const char *day, char (*offices)[7], size_t max,
                                        size_t *n);
/* Sets office's care.visit_due marker for day; *won is 1 when this call set it. */
enum yh_err outbox_db_mark_visit_due(struct db *db, const char *office, const char *day, uint64_t *won);
/* Ids of office's open branches (level 'branch'), ascending (caller frees *ids). */
enum yh_err outbox_db_open_branches(struct db *db, const char *office, int64_t **ids, size_t *n);

#endif
