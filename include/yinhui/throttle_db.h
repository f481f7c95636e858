#ifndef YINHUI_THROTTLE_DB_H
#define YINHUI_THROTTLE_DB_H

#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"

/* Login throttling (service/offices/throttle_db.c): failures counted per key (an
 * account "a:<office>:<username>" or an address "ip:<addr>") in a window of window_s. */

/* For a store that reads a key's throttle with its own row in one statement: the
 * columns failures and seconds left (one parameter: window_s) of login_throttle, joined
 * ON k = ? AND THROTTLE_LIVE (one parameter: window_s), as throttle_db_wait reads them. */
#define THROTTLE_WAIT_COLS                                                                                   \
    "failures, GREATEST(1, CEIL(TIMESTAMPDIFF(MICROSECOND, NOW(3), window_start + INTERVAL ? SECOND) / "     \
    "1000000))"
#define THROTTLE_LIVE "window_start + INTERVAL ? SECOND > NOW(3)"

/* *retry_after gets the seconds to wait when key has max or more failures in the
 * current window, else 0. */
enum yh_err throttle_db_wait(struct db *db, const char *key, int64_t max, int64_t window_s,
                             int64_t *retry_after);
/* Counts one failure of key (a new window starts when the old one has passed). */
enum yh_err throttle_db_fail(struct db *db, const char *key, int64_t window_s);
/* Counts an attempt before it is evaluated; *count is the attempts in the window,
 * this one included (atomic: concurrent attempts get distinct counts). */
enum yh_err throttle_db_take(struct db *db, const char *key, int64_t window_s, int64_t *count);
/* Gives back one counted attempt (it succeeded, or was not evaluated). */
enum yh_err throttle_db_refund(struct db *db, const char *key);
/* Forgets key's failures (a successful login) and gives back one counted attempt of
 * refund (NULL: none), in one statement. */
enum yh_err throttle_db_clear(struct db *db, const char *key, const char *refund);

#endif
