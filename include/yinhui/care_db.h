#ifndef YINHUI_CARE_DB_H
#define YINHUI_CARE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Care visits, the holiday table, the due list's inputs, and honours. */

/* Seeds the office's visit reasons (四必访 and the rest) when it has none. */
enum yh_err reasons_db_ensure(struct db *db, const char *office);
/* Rows: code, name, retired. */
enum yh_err reasons_db_list(struct db *db, const char *office, struct db_rows *rows);

struct visit {
    char reason[25], visited_on[11], visitors[801];
    int64_t gift_fen;
    bool follow_up;
    unsigned char notes_enc[4200];
    size_t notes_enc_len;
};
enum yh_err visits_db_insert(struct db *db, const char *office, const struct visit *v, const int64_t *members, size_t n,
                             const char *by, int64_t *id);
/* Rows: id, reason, visited_on, visitors, gift_fen, notes_enc, follow_up, created_by, created_at. */
enum yh_err visits_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Rows: member_id, name, branch_id. */
enum yh_err visits_db_members(struct db *db, int64_t id, struct db_rows *rows);
/* Visits of the office (of member, 0: any; reason NULL: any), newest first. Rows as visits_db_get. */
enum yh_err visits_db_list(struct db *db, const char *office, int64_t member_id, const char *reason, int64_t before,
                           int limit, struct db_rows *rows);

/* The holidays of a year: the office's own if it has any, else the defaults. Rows: code, name, day. */
enum yh_err holidays_db_year(struct db *db, const char *office, int64_t year, struct db_rows *rows);
enum yh_err holidays_db_replace_year(struct db *db, const char *office, int64_t year, const char (*codes)[25],
                                     const char (*names)[241], const char (*days)[11], size_t n);

/* Active members (of branch, 0: all) with what the due list needs. Rows: id, name,
 * birth_date, branch_id, health_idx, hardship, last hospital visit, last home-service or
 * any visit this month's base (last visit of any reason), last holiday visit. */
enum yh_err care_db_members(struct db *db, const char *office, int64_t branch_id, struct db_rows *rows);

/* ---- honours ---- */
struct honour {
    char kind[28], title[401], level[12];
    int64_t year, member_id, branch_id, team_id;
};
/* CONFLICT for a second fifty-years medal of a member. */
enum yh_err honours_db_insert(struct db *db, const char *office, const struct honour *h, const char *by, int64_t *id);
/* Rows: id, kind, title, level, year, member_id, member_name, branch_id, branch_name, team_id. */
enum yh_err honours_db_list(struct db *db, const char *office, int64_t year, const char *kind, struct db_rows *rows);
enum yh_err honours_db_delete(struct db *db, const char *office, int64_t id);
/* Members who joined on or before joined_by and were alive on alive_on (active, or died
 * on or after it). Rows: id, name, joined_on, status, branch_id, awarded (0/1), award year. */
enum yh_err honours_db_fifty(struct db *db, const char *office, const char *joined_by, const char *alive_on,
                             struct db_rows *rows);

#endif
