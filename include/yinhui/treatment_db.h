#ifndef YINHUI_TREATMENT_DB_H
#define YINHUI_TREATMENT_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

struct treatment_level;

/* The store of political treatment: treatment levels (treatment_levels_db.c), events and
 * their invitations (briefings_db.c), documents and their readers (documents_db.c). Every
 * function takes the caller's office; another office's records are NOT_FOUND. */

/* ---- treatment levels ---- */
/* The office's list: its own rows and the defaults (office 000000) it does not override,
 * by rank, retired ones included; at most TREATMENT_LEVELS_MAX + 1 (caller frees *out). */
enum yh_err treatment_levels_db_all(struct db *db, const char *office, struct treatment_level **out,
                                    size_t *n);
/* How many rows of its own the office has besides the one of code (the row a PUT
 * replaces does not count against the cap). */
enum yh_err treatment_levels_db_others(struct db *db, const char *office, const char *code, int64_t *n);
/* Writes the office's own row of l->code (new or replaced). */
enum yh_err treatment_levels_db_put(struct db *db, const char *office, const struct treatment_level *l);

/* ---- events ---- */
struct briefing {
    int64_t id;
    char kind[20], title[401], held_at[20], place[401], audience[1001];
    int64_t invited, accepted, present, suggestions; /* counts, set by briefings_db_get */
    int64_t version;
    char created_by[81], created_at[32];
};
extern const struct fm briefing_map[];
extern const size_t briefing_map_n;
enum yh_err briefings_db_insert(struct db *db, const char *office, const struct briefing *b, const char *by,
                                int64_t *id);
/* Briefing id with its counts. */
enum yh_err briefings_db_get(struct db *db, const char *office, int64_t id, struct briefing *b);
/* Writes b's kind, title, held_at, place and audience when version is the stored one
 * (PRECONDITION otherwise, NOT_FOUND for another office's). */
enum yh_err briefings_db_update(struct db *db, const char *office, const struct briefing *b, int64_t version);
/* Deletes briefing id with its invitations, unlinking its suggestions, when version is the
 * stored one (PRECONDITION otherwise, NOT_FOUND for another office's). */
enum yh_err briefings_db_delete(struct db *db, const char *office, int64_t id, int64_t version);
/* The office's briefings (kind NULL: any; year 0: any; member_id not 0: those it is
 * invited to) below id before (0: from the newest), newest first, limit + 1 of them
 * (caller frees *out). */
enum yh_err briefings_db_list(struct db *db, const char *office, const char *kind, int64_t year,
                              int64_t member_id, int64_t before, int limit, struct briefing **out, size_t *n);
/* When the office's briefings of kind in year were held (China times "YYYY-MM-DD
 * HH:MM:SS"; at most 100, caller frees *out). */
struct briefing_held {
    char at[20];
};
enum yh_err briefings_db_held(struct db *db, const char *office, const char *kind, int64_t year,
                              struct briefing_held **out, size_t *n);
/* The ids of the suggestions linked to briefing id (at most 100; caller frees *out). */
struct briefing_suggestion {
    int64_t id;
};
enum yh_err briefings_db_suggestion_ids(struct db *db, const char *office, int64_t id,
                                        struct briefing_suggestion **out, size_t *n);
/* Links suggestion sid of the office to briefing id: NOT_FOUND for another office's. */
enum yh_err briefings_db_link_suggestion(struct db *db, const char *office, int64_t id, int64_t sid);

/* ---- the rule's input: active members of the office ---- */
struct audience_row {
    int64_t id;
    char category[12], treatment_level[25];
    unsigned char health_idx[8];
};
/* Active members of the office after id after, by id, at most limit (caller frees *out). */
enum yh_err audience_db_members(struct db *db, const char *office, int64_t after, int limit,
                                struct audience_row **out, size_t *n);

/* ---- invitations ---- */
/* Invites member_id (added: rule | hand); *added false when it already was. */
enum yh_err invitations_db_add(struct db *db, const char *office, int64_t briefing, int64_t member_id,
                               const char *added, bool *inserted);
/* NOT_FOUND when the member is not invited. */
enum yh_err invitations_db_remove(struct db *db, const char *office, int64_t briefing, int64_t member_id);
/* NOT_FOUND when the member is not invited. reason NULL: none. */
enum yh_err invitations_db_reply(struct db *db, const char *office, int64_t briefing, int64_t member_id,
                                 const char *reply, const char *reason, const char *at);
enum yh_err invitations_db_attendance(struct db *db, const char *office, int64_t briefing, int64_t member_id,
                                      const char *attendance);
/* Invitations of briefing (member_id NULL-safe 0: all) after member after, by member id,
 * limit + 1 rows through invitations_view (member_id, name, branch_id, category,
 * treatment_level, added, reply, reply_reason, replied_at, attendance). */
extern const struct view invitations_view;
enum yh_err invitations_db_list(struct db *db, const char *office, int64_t briefing, int64_t member_id,
                                int64_t after, int limit, struct db_rows *rows);

/* ---- documents ---- */
struct document {
    int64_t id;
    char title[801], level[12], issued_on[11], audience[1001];
    int64_t readers, read, to_deliver; /* counts, set by documents_db_get */
    char created_by[81], created_at[32];
};
extern const struct fm document_map[];
extern const size_t document_map_n;
enum yh_err documents_db_insert(struct db *db, const char *office, const struct document *d, const char *by,
                                int64_t *id);
enum yh_err documents_db_get(struct db *db, const char *office, int64_t id, struct document *d);
/* Newest first below before (0: from the newest; member_id not 0: those it is a reader
 * of), limit + 1 (caller frees *out). */
enum yh_err documents_db_list(struct db *db, const char *office, int64_t member_id, int64_t before, int limit,
                              struct document **out, size_t *n);
/* Adds member_id as a reader (deliver: homebound, to be delivered). */
enum yh_err readers_db_add(struct db *db, const char *office, int64_t doc, int64_t member_id, bool deliver);
/* Records the read; NOT_FOUND when the member is not a reader. */
enum yh_err readers_db_read(struct db *db, const char *office, int64_t doc, int64_t member_id,
                            const char *how, const char *on, const char *by);
/* Readers of doc (status: "read", "unread" or NULL: all; member_id 0: all) after member
 * after, limit + 1 rows through readers_view (member_id, name, branch_id, deliver, read_on,
 * how). */
extern const struct view readers_view;
enum yh_err readers_db_list(struct db *db, const char *office, int64_t doc, const char *status,
                            int64_t member_id, int64_t after, int limit, struct db_rows *rows);

#endif
