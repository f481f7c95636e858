#ifndef YINHUI_STUDY_DB_H
#define YINHUI_STUDY_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Study records (三个一) and credits (sql/0016): the store of /v1/study and
 * /v1/branches/{id}/special-issue (study.c). Every function takes the caller's office. */

struct view;

#define STUDY_KINDS 4 /* book, reflection, deed, session: the kinds that earn credits */

struct study_record {
    int64_t member_id;
    char kind[12], title[801], done_on[11];
    char *body; /* may be NULL */
};
/* Inserts s (by: the caller's subject) into office; *id gets the new id. */
enum yh_err study_db_insert(struct db *db, const char *office, const struct study_record *s, const char *by,
                            int64_t *id);
/* A record as the API shows it: id, member_id, member_name, branch_id, kind, title, body,
 * done_on, featured_branch_id, created_at. */
extern const struct view study_view;
/* Record id of office through study_view; NOT_FOUND when absent. */
enum yh_err study_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Whose and what a fetched record is (row i of study_db_get's rows; kind borrowed). */
struct study_head {
    int64_t branch_id; /* the member's primary branch, 0 without one */
    const char *kind;
};
/* Row i of study_db_get's rows. */
void study_db_head(const struct db_rows *rows, size_t i, struct study_head *out);
/* Records through study_view, newest first, limit + 1 rows: member 0: any; branch 0: any
 * (members whose primary branch it is); kind NULL: any; done in [from, to). */
enum yh_err study_db_list(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                          const char *kind, const char *from, const char *to, int64_t before, int limit,
                          struct db_rows *rows);
/* Features record id in branch_id's special issue (0: unfeatures it). */
enum yh_err study_db_feature(struct db *db, const char *office, int64_t id, int64_t branch_id);
/* A featured reflection: id, author, title, body, done_on. */
extern const struct view special_issue_view;
/* The branch's featured reflections done in [from, to), newest first, through
 * special_issue_view. */
enum yh_err study_db_special_issue(struct db *db, const char *office, int64_t branch_id, const char *from,
                                   const char *to, struct db_rows *rows);
/* One kind's credits. */
struct study_credit {
    char kind[12];
    int64_t credits;
};
/* Credits per kind of the office (defaults: book 1, reflection 2, deed 1, session 1) into
 * out, *n of them. */
enum yh_err study_db_rules(struct db *db, const char *office, struct study_credit out[STUDY_KINDS],
                           size_t *n);
/* Sets office's credits for kind (inserting or replacing). */
enum yh_err study_db_set_rule(struct db *db, const char *office, const char *kind, int64_t credits);
/* One member's year (a row of study_db_summary; strings borrowed): books, reflections,
 * deeds and sessions attended, in that order. */
struct study_tally {
    int64_t member_id, branch_id, n[STUDY_KINDS];
    const char *name, *branch_name;
};
/* Per member (of branch, 0: all) with anything in [from, to): books, reflections, deeds,
 * sessions attended (study sessions and lectures, present or delivered at home); read
 * each with study_db_tally. */
enum yh_err study_db_summary(struct db *db, const char *office, int64_t branch_id, const char *from,
                             const char *to, struct db_rows *rows);
/* Row i of study_db_summary's rows. */
void study_db_tally(const struct db_rows *rows, size_t i, struct study_tally *out);

#endif
