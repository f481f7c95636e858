#ifndef YINHUI_CLIENTS_DB_H
#define YINHUI_CLIENTS_DB_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"

/* Store of integration clients (service/offices/clients_db.c). */
struct client {
    int64_t id;
    char office[7];
    char client_id[65];
    char name[401];
    char scopes[501];
    bool disabled;
    int64_t version;
    char created_at[32];
};

/* The client as the API shows it (never its secret). Caller owns the result. */
cJSON *client_json(const struct client *c);

/* Creates a client of office with the HMAC of its secret; *id gets the new id. */
enum yh_err clients_db_create(struct db *db, const char *office, const char *client_id, const char *name,
                              const unsigned char secret_hash[32], const char *scopes, int64_t *id);
/* By client_id alone (the token endpoint learns the office from it), with the stored
 * secret HMAC. NOT_FOUND when absent. */
enum yh_err clients_db_by_client_id(struct db *db, const char *client_id, struct client *c,
                                    unsigned char secret_hash[32]);
/* The office's client id; NOT_FOUND when absent (or another office's). */
enum yh_err clients_db_get(struct db *db, const char *office, int64_t id, struct client *c);
/* Page of an office's clients after id `after`, at most limit+1 rows into *out
 * (caller frees). */
enum yh_err clients_db_list(struct db *db, const char *office, int64_t after, int limit, struct client **out,
                            size_t *n);
/* Disables (soft-deletes) a client when version matches: NOT_FOUND / PRECONDITION. */
enum yh_err clients_db_disable(struct db *db, const char *office, int64_t id, int64_t version);

#endif
