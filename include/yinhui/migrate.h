#ifndef YINHUI_MIGRATE_H
#define YINHUI_MIGRATE_H

#include <stddef.h>

#include "yinhui/db.h"

/* Applies sql/NNNN_*.sql from dir in order, each once, recorded in schema_migrations
 * with its SHA-256, under GET_LOCK so processes starting together are safe. A landed
 * migration whose file changed stops it. Returns 0, or -1 with a message in msg. */
int migrate_run(struct db *db, const char *dir, char *msg, size_t msglen);

#endif
