#ifndef YINHUI_KEYS_H
#define YINHUI_KEYS_H

#include <stdbool.h>

#include "yinhui/app.h"
#include "yinhui/db.h"
#include "yinhui/err.h"

/* Per-office signing keys: rotation, loading the verification table, signing. */

/* Creates a new ES256 key for office; keeps it and the previous one active, retires
 * older ones (valid until tokens they signed expire). Writes the new kid. */
enum yh_err keys_rotate(const struct config *cfg, struct db *db, const char *office, char kid[40]);
/* Reloads the verification table when older than YH_KEY_REFRESH_S. */
void keys_refresh_if_stale(struct app *app, struct db *db);
/* Reloads now unless that happened within the last second; true when it reloaded. */
bool keys_refresh_forced(struct app *app, struct db *db);
/* Signs claims with office's newest key, read from the store and parsed for this call
 * (the command line's tokens). Returns malloc'd token, or NULL with *err. */
char *keys_sign(const struct config *cfg, struct db *db, const struct claims *c, enum yh_err *err);
/* The same with the key the process's table holds for the office (parsed once), the
 * store's only for an office the table does not have yet. */
char *keys_sign_held(struct app *app, struct db *db, const struct claims *c, enum yh_err *err);

#endif
