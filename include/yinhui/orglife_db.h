#ifndef YINHUI_ORGLIFE_DB_H
#define YINHUI_ORGLIFE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Organisational life and party dues. Rows returned name their columns. */

struct activity {
    char kind[20], title[401], held_at[20], place[801], host[401], summary[16001], attachments[2001];
};
enum yh_err activities_db_insert(struct db *db, const char *office, const struct activity *a, const char *by,
                                 int64_t *id);
enum yh_err activities_db_update(struct db *db, const char *office, int64_t id, int64_t version,
                                 const struct activity *a);
enum yh_err activities_db_set_branches(struct db *db, int64_t id, const int64_t *branches, size_t n);
/* Rows: id, kind, title, held_at (RFC 3339), place, host, summary, attachments,
 * created_by, version, created_at, held_at (China "YYYY-MM-DD HH:MM:SS"). */
enum yh_err activities_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Rows: branch_id, name. */
enum yh_err activities_db_branches(struct db *db, int64_t id, struct db_rows *rows);
/* Rows as activities_db_get, for a branch (0: any) in [from, to) China times, newest first. */
enum yh_err activities_db_list(struct db *db, const char *office, int64_t branch_id, const char *from,
                               const char *to, int64_t before, int limit, struct db_rows *rows);
/* Members expected at an activity: open memberships (either kind) in its branches.
 * Rows: member_id, name, kind, branch_id. */
enum yh_err activities_db_expected(struct db *db, int64_t id, struct db_rows *rows);

struct attendance {
    int64_t member_id, branch_id;
    char status[12], reason[801], asked_by[401], delivered_by[401], delivered_on[11];
};
/* Replaces the attendance of an activity held on held_on. */
enum yh_err attendance_db_replace(struct db *db, const char *office, int64_t activity_id, const char *held_on,
                                  const struct attendance *a, size_t n);
/* Rows: member_id, name, status, reason, asked_by, delivered_by, delivered_on. */
enum yh_err attendance_db_list(struct db *db, int64_t activity_id, struct db_rows *rows);

/* Rules: seeds the default (committee monthly, member meeting and lecture quarterly). */
enum yh_err rules_db_ensure(struct db *db, const char *office);
/* Rows: kind, period, times. */
enum yh_err rules_db_list(struct db *db, const char *office, struct db_rows *rows);
enum yh_err rules_db_set(struct db *db, const char *office, const char *kind, const char *period, int64_t times);
enum yh_err rules_db_clear(struct db *db, const char *office);
/* Open branches (level branch) of the office. Rows: id, name. */
enum yh_err compliance_db_branches(struct db *db, const char *office, struct db_rows *rows);
/* Activities held per branch and kind in [from, to). Rows: branch_id, kind, count. */
enum yh_err compliance_db_counts(struct db *db, const char *office, const char *from, const char *to,
                                 struct db_rows *rows);

struct due {
    int64_t member_id, amount_fen;
    char month[8], paid_on[11], paid_by[8], proxy_name[401], channel[8];
};
/* CONFLICT when the month is already recorded for the member. */
enum yh_err dues_db_insert(struct db *db, const char *office, const struct due *d, const char *by);
/* Active members (of branch, 0: all) with the months they paid in [from, to] (YYYY-MM).
 * Rows: member_id, name, branch_id, branch_name, joined_month, paid, paid_fen. */
enum yh_err dues_db_paid(struct db *db, const char *office, int64_t branch_id, const char *from, const char *to,
                         struct db_rows *rows);
/* Rows: month, member_id, name, branch, amount_fen, paid_on, paid_by, proxy_name, channel. */
enum yh_err dues_db_export(struct db *db, const char *office, const char *from, const char *to, struct db_rows *rows);

#endif
