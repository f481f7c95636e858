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
/* The token endpoint's one read: the client by client_id alone (it learns the office
 * from it) with its stored secret HMAC, and *retry_after, the seconds lock_key (the
 * address) stays locked when it has max failures or more in window_s, else 0.
 * NOT_FOUND when the client is absent (*retry_after is set all the same). */
enum yh_err clients_db_for_token(struct db *db, const char *client_id, const char *lock_key, int64_t max,
                                 int64_t window_s, struct client *c, unsigned char secret_hash[32],
                                 int64_t *retry_after);
/* The office's client id; NOT_FOUND when absent (or another office's). */
enum yh_err clients_db_get(struct db *db, const char *office, int64_t id, struct client *c);
/* Page of an office's clients after id `after`, at most limit+1 rows into *out
 * (caller frees). */
enum yh_err clients_db_list(struct db *db, const char *office, int64_t after, int limit, struct client **out,
                            size_t *n);
/* Disables (soft-deletes) a client when version matches: NOT_FOUND / PRECONDITION. */
enum yh_err clients_db_disable(struct db *db, const char *office, int64_t id, int64_t version);

#endif
