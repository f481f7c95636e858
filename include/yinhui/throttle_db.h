#ifndef YINHUI_THROTTLE_DB_H
#define YINHUI_THROTTLE_DB_H

#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"

/* Login throttling (service/offices/throttle_db.c): failures counted per key (an
 * account "a:<office>:<username>" or an address "ip:<addr>") in a window of window_s. */

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
/* Forgets key's failures (a successful login). */
enum yh_err throttle_db_clear(struct db *db, const char *key);

#endif
