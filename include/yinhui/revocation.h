#ifndef YINHUI_REVOCATION_H
#define YINHUI_REVOCATION_H

#include <stdbool.h>
#include <stdint.h>

#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/err.h"

/* The jti denylist. MariaDB is the source of truth; Redis holds a copy with a TTL
 * until the token's exp so the hot path is one EXISTS (or part of a cached read), and
 * each process's local layer (lcache.h) holds the answers it read, dropped by the
 * tracker when the key changes: a known token costs no round trip.
 * Redis down: the check falls back to MariaDB (correct, slower). A revocation made
 * while Redis was down reaches Redis when any thread reconnects (revocation_resync). */

/* Sets *revoked. Returns YH_OK or YH_ERR_UNAVAILABLE when neither store answers. */
enum yh_err revocation_check(struct db *db, struct cache *c, const char *jti, bool *revoked);
/* Denylists jti until exp (unix seconds). */
enum yh_err revocation_add(struct db *db, struct cache *c, const char *jti, int64_t exp);
/* Writes jti's denylist entry to Redis only (its row is already in MariaDB). */
void revocation_publish(struct cache *c, const char *jti, int64_t exp);
/* Ends every session of an account, inside the caller's transaction: its refresh
 * families are revoked and the access tokens still alive (rows jti, exp) denylisted in
 * MariaDB. After the commit the caller publishes each row (revocation_publish) and
 * frees live. Access tokens carry no account state, so this is what refuses them from
 * that moment: the hot path stays the one jti lookup it was. */
enum yh_err revocation_end_sessions(struct db *db, const char *office, int64_t account_id,
                                    struct db_rows *live);
/* Copies every unexpired revocation from MariaDB into Redis. */
enum yh_err revocation_resync(struct db *db, struct cache *c);

#endif
