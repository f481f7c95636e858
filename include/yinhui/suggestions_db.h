#ifndef YINHUI_SUGGESTIONS_DB_H
#define YINHUI_SUGGESTIONS_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

/* Members' suggestions (建言献策). */
struct suggestion {
    int64_t member_id;
    char topic[401], body[16001], category[24];
};
/* Inserts s for office, created by by; *id gets its id. */
enum yh_err suggestions_db_insert(struct db *db, const char *office, const struct suggestion *s,
                                  const char *by, int64_t *id);
/* A suggestion as stored (empty strings for NULL cells). */
struct suggestion_rec {
    int64_t id, member_id, version;
    int64_t briefing_id; /* the event it was raised at (/v1/briefings), 0: none */
    char member_name[401], topic[401], category[24], status[12], client_id[65], department[401];
    char answered_by[81], answered_at[32], close_note[2001], created_by[81], created_at[32];
    char *body, *answer; /* owned (answer "" when none): suggestion_rec_free */
};
/* The record's columns but body and answer, their members and JSON names (the API shows
 * id, topic, category, status, department, answered_at, version and created_at so; the
 * handler adds the rest a viewer may see). */
extern const struct fm suggestion_map[];
extern const size_t suggestion_map_n;
/* Frees the texts of n records of s (not s itself). */
void suggestion_rec_free(struct suggestion_rec *s, size_t n);
/* Suggestion id of office with its member's name (NOT_FOUND when another office's). */
enum yh_err suggestions_db_get(struct db *db, const char *office, int64_t id, struct suggestion_rec *s);
/* The office's (member 0: any; client NULL: any; status NULL: any), newest first, older
 * than before (0: from the newest), limit + 1 of them into a new array *out (caller
 * frees with suggestion_rec_free and free), *n of them. */
enum yh_err suggestions_db_list(struct db *db, const char *office, int64_t member_id, const char *client_id,
                                const char *status, int64_t before, int limit, struct suggestion_rec **out,
                                size_t *n);
/* The moves: each CONFLICT when the suggestion's state does not allow it, NOT_FOUND
 * when office has no such suggestion. Forward: from submitted or forwarded. */
enum yh_err suggestions_db_forward(struct db *db, const char *office, int64_t id, const char *client_id,
                                   const char *department);
/* Answer: from submitted or forwarded; only_client (not NULL): only when forwarded to it. */
enum yh_err suggestions_db_answer(struct db *db, const char *office, int64_t id, const char *answer,
                                  const char *by, const char *only_client);
/* Close: from any state but closed. */
enum yh_err suggestions_db_close(struct db *db, const char *office, int64_t id, const char *note);
/* NOT_FOUND unless client_id is an enabled integration client of office. */
enum yh_err suggestions_db_client_ok(struct db *db, const char *office, const char *client_id);

#endif
