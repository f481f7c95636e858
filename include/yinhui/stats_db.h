#ifndef YINHUI_STATS_DB_H
#define YINHUI_STATS_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Figures per office under a code prefix (the office itself for a county; every office
 * below a prefecture or province). Each returns rows beginning with office_code. */

/* Active members' marginal counts (sql/0010) of the offices under prefix. Rows:
 * office_code, dim (1 category, 2 health blind index, 3 birth year, 4 year joined or
 * '', 5 has a primary branch '1'/'0'), val, count. */
enum yh_err stats_db_members(struct db *db, const char *prefix, struct db_rows *rows);
/* Rows: office_code, level, nature, demo_level, count (open branches). */
enum yh_err stats_db_branches(struct db *db, const char *prefix, struct db_rows *rows);
/* Rows: office_code, quarter (1-4), activities, attendance records, attended (present or delivered). */
enum yh_err stats_db_activities(struct db *db, const char *prefix, const char *year_from, const char *year_to,
                                struct db_rows *rows);
/* Rows: office_code, reason, visits. */
enum yh_err stats_db_visits(struct db *db, const char *prefix, const char *from, const char *to, struct db_rows *rows);
/* Rows: office_code, fen. */
enum yh_err stats_db_dues(struct db *db, const char *prefix, const char *from_month, const char *to_month,
                          struct db_rows *rows);
/* Rows: office_code, confirmed minutes. */
enum yh_err stats_db_hours(struct db *db, const char *prefix, const char *from, const char *to, struct db_rows *rows);
/* Rows: office_code, category code, admitted talents. */
enum yh_err stats_db_talents(struct db *db, const char *prefix, struct db_rows *rows);
/* Rows: code, name, parent_code, level — the office and every office under it. */
enum yh_err stats_db_offices(struct db *db, const char *prefix, struct db_rows *rows);

#endif
