#ifndef YINHUI_SUGGESTIONS_DB_H
#define YINHUI_SUGGESTIONS_DB_H

#include <stdint.h>

#include "yinhui/db.h"

/* Members' suggestions (建言献策). */
struct suggestion {
    int64_t member_id;
    char topic[401], body[16001], category[24];
};
enum yh_err suggestions_db_insert(struct db *db, const char *office, const struct suggestion *s, const char *by,
                                  int64_t *id);
/* Rows: id, member_id, member_name, topic, body, category, status, client_id, department,
 * answer, answered_by, answered_at, close_note, version, created_by, created_at. */
enum yh_err suggestions_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* The office's (member 0: any; client NULL: any; status NULL: any), newest first. */
enum yh_err suggestions_db_list(struct db *db, const char *office, int64_t member_id, const char *client_id,
                                const char *status, int64_t before, int limit, struct db_rows *rows);
/* Moves from one of the comma-separated states in from (CONFLICT when in none). */
enum yh_err suggestions_db_forward(struct db *db, const char *office, int64_t id, const char *client_id,
                                   const char *department);
enum yh_err suggestions_db_answer(struct db *db, const char *office, int64_t id, const char *answer, const char *by,
                                  const char *only_client);
enum yh_err suggestions_db_close(struct db *db, const char *office, int64_t id, const char *note);
/* CONFLICT... NOT_FOUND unless the client is an enabled client of the office. */
enum yh_err suggestions_db_client_ok(struct db *db, const char *office, const char *client_id);

#endif
