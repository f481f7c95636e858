#ifndef YINHUI_STUDY_DB_H
#define YINHUI_STUDY_DB_H

#include <stdint.h>

#include "yinhui/db.h"

/* Study records (三个一) and credits (sql/0016). */
struct study_record {
    int64_t member_id;
    char kind[12], title[801], done_on[11];
    char *body; /* may be NULL */
};
enum yh_err study_db_insert(struct db *db, const char *office, const struct study_record *s, const char *by, int64_t *id);
/* Rows: id, member_id, member_name, branch_id, kind, title, body, done_on, featured_branch_id, created_at. */
enum yh_err study_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* member 0: any; branch 0: any (members whose primary branch it is); kind NULL: any. */
enum yh_err study_db_list(struct db *db, const char *office, int64_t member_id, int64_t branch_id, const char *kind,
                          const char *from, const char *to, int64_t before, int limit, struct db_rows *rows);
enum yh_err study_db_feature(struct db *db, const char *office, int64_t id, int64_t branch_id);
/* Rows: id, member_name, title, body, done_on — the branch's featured reflections. */
enum yh_err study_db_special_issue(struct db *db, int64_t branch_id, const char *from, const char *to,
                                   struct db_rows *rows);
/* Credits per kind of the office (defaults: book 1, reflection 2, deed 1, session 1).
 * Rows: kind, credits. */
enum yh_err study_db_rules(struct db *db, const char *office, struct db_rows *rows);
enum yh_err study_db_set_rule(struct db *db, const char *office, const char *kind, int64_t credits);
/* Per member (of branch, 0: all) in [from, to): books, reflections, deeds, sessions
 * attended (study sessions and lectures, present or delivered at home). Rows: member_id,
 * name, branch_id, branch_name, books, reflections, deeds, sessions. */
enum yh_err study_db_summary(struct db *db, const char *office, int64_t branch_id, const char *from, const char *to,
                             struct db_rows *rows);

#endif
