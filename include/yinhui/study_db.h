#ifndef YINHUI_STUDY_DB_H
#define YINHUI_STUDY_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

/* Study records (三个一) and credits (sql/0016): the store of /v1/study and
 * /v1/branches/{id}/special-issue (study.c). Every function takes the caller's office. */

#define STUDY_KINDS 4 /* book, reflection, deed, session: the kinds that earn credits */

struct study_record {
    int64_t member_id;
    char kind[12], title[801], done_on[11];
    char *body; /* may be NULL */
};
/* Inserts s (by: the caller's subject) into office; *id gets the new id. */
enum yh_err study_db_insert(struct db *db, const char *office, const struct study_record *s, const char *by,
                            int64_t *id);
/* A record as the API shows it (study_map); branch_id: the member's primary branch, 0
 * without one. */
struct study_row {
    int64_t id, member_id, branch_id, featured_branch_id;
    char member_name[201], kind[12], title[801], body[32001], done_on[11], created_at[32];
};
extern const struct fm study_map[];
extern const size_t study_map_n;
/* Record id of office; NOT_FOUND when absent. */
enum yh_err study_db_get(struct db *db, const char *office, int64_t id, struct study_row *s);
/* A page of records: member 0: any; branch 0: any (members whose primary branch it is;
 * with a member too, that member's only if in it); kind NULL: any; done in [from, to);
 * after a cursor's record (after_on "" for the first page). */
struct study_list_query {
    int64_t member_id, branch_id;
    const char *kind, *from, *to;
    char after_on[11];
    int64_t after_id;
    int limit;
};
/* Records, newest first (the day done, then id), limit + 1 of them into a new array *out
 * (caller frees), *n of them. */
enum yh_err study_db_list(struct db *db, const char *office, const struct study_list_query *q,
                          struct study_row **out, size_t *n);
/* Features record id in branch_id's special issue (0: unfeatures it). */
enum yh_err study_db_feature(struct db *db, const char *office, int64_t id, int64_t branch_id);
/* A featured reflection as the API shows it (special_map). */
struct special_item {
    int64_t id;
    char author[201], title[801], body[32001], done_on[11];
};
extern const struct fm special_map[];
extern const size_t special_map_n;
/* The branch's featured reflections done in [from, to), newest first, into a new array
 * *out (caller frees), *n of them. */
enum yh_err study_db_special_issue(struct db *db, const char *office, int64_t branch_id, const char *from,
                                   const char *to, struct special_item **out, size_t *n);
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
/* One member's year: books, reflections, deeds and sessions attended, in that order
 * (tally_map shows member_id, name, branch_id and the four counts). */
struct study_tally {
    int64_t member_id, branch_id, n[STUDY_KINDS];
    char name[201], branch_name[401]; /* branch_name "" without a branch */
};
extern const struct fm tally_map[];
extern const size_t tally_map_n;
/* Per member (of branch, 0: all) with anything in [from, to): books, reflections, deeds,
 * sessions attended (study sessions and lectures, present or delivered at home), into a
 * new array *out (caller frees), *n of them. */
enum yh_err study_db_summary(struct db *db, const char *office, int64_t branch_id, const char *from,
                             const char *to, struct study_tally **out, size_t *n);

#endif
