#ifndef YINHUI_TALENTS_DB_H
#define YINHUI_TALENTS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/pinyin.h"
#include "yinhui/json_out.h"
#include "yinhui/talents_rules.h"
#include "yinhui/typed_rows.h"

/* The silver talent pool's store (the service/talents store files). Every function takes the
 * caller's office; rows handed out are read through the view declared next to their
 * SELECT, or turned into typed structs by the store itself. The caller frees rows. */

/* ---- categories (categories_db.c) ---- */
struct talent_category {
    int64_t id;
    char code[41], name[241];
    bool retired;
    int64_t version;
};
/* id, code, name, retired, version, admitted_talents. */
extern const struct view tcat_view;
/* Seeds the common categories of an office that has none yet. */
enum yh_err tcat_db_ensure(struct db *db, const char *office);
/* The office's categories through tcat_view. */
enum yh_err tcat_db_list(struct db *db, const char *office, struct db_rows *rows);
/* One category through tcat_view (NOT_FOUND when not the office's). */
enum yh_err tcat_db_row(struct db *db, const char *office, int64_t id, struct db_rows *rows);
enum yh_err tcat_db_get(struct db *db, const char *office, int64_t id, struct talent_category *c);
/* The category of the office with code (NOT_FOUND when none). */
enum yh_err tcat_db_by_code(struct db *db, const char *office, const char *code, struct talent_category *c);
/* CONFLICT when the code is taken in the office. */
enum yh_err tcat_db_insert(struct db *db, const char *office, const char *code, const char *name,
                           int64_t *id);
/* Writes name and retired when version matches (PRECONDITION otherwise, NOT_FOUND). */
enum yh_err tcat_db_update(struct db *db, const char *office, const struct talent_category *c,
                           int64_t version);

/* ---- talents (talents_db.c) ---- */
struct talent {
    int64_t id;
    char office[7];
    int64_t member_id;
    char name[201];
    char gender[8];
    int64_t birth_year;
    unsigned char phone_enc[128];
    size_t phone_enc_len;
    char speciality[801];
    char title[401];
    char former_position[801];
    char bio[4001];
    char skills[401];
    char availability[16];
    bool travel;
    char service_area[201];
    char languages[201];
    char status[16];
    char reason[1201];
    char admitted_on[11], review_due_on[11];
    int64_t rating_sum, rating_count;
    int64_t version;
    char created_at[32], updated_at[32];
};
/* A talent's columns (all but the phone's blob) and JSON members (birth_year, phone,
 * the lists, rating and pii are added by the handler). */
extern const struct fm talent_map[];
extern const size_t talent_map_len;
/* The views of a talent's record: its categories (id, code, name), its steps (from, to,
 * by, reason, at), the feedback of closed requests (request_id, department, rating,
 * comment, closed_at), and list rows (id, name, status, speciality, title,
 * review_due_on, updated_at). */
extern const struct view talent_cats_view, talent_steps_view, talent_feedback_view, talent_list_view;
enum yh_err talents_db_get(struct db *db, const char *office, int64_t id, struct talent *t);
/* A talent of an office under prefix (the caller's office code without its trailing zeros). */
enum yh_err talents_db_get_under(struct db *db, const char *prefix, int64_t id, struct talent *t);
enum yh_err talents_db_get_for_update(struct db *db, const char *office, int64_t id, struct talent *t);
enum yh_err talents_db_by_member(struct db *db, const char *office, int64_t member_id, struct talent *t);
/* Inserts t in t->office: CONFLICT when the member already has an entry. */
enum yh_err talents_db_insert(struct db *db, const struct talent *t, int64_t *id);
/* Writes the profile columns when version matches (PRECONDITION otherwise). */
enum yh_err talents_db_update(struct db *db, const struct talent *t, int64_t version);
/* Writes status, reason, admitted_on and review_due_on of t (in t->office). */
enum yh_err talents_db_set_status(struct db *db, const struct talent *t);
/* Records a step of talent id of office (from NULL: the application itself). */
enum yh_err talents_db_add_step(struct db *db, const char *office, int64_t id, const char *from,
                                const char *to, const char *actor, const char *reason);
/* Replaces the category links (categories[0..ncat)) and the skill index (skills_csv) of
 * talent id of office. */
enum yh_err talents_db_set_links(struct db *db, const char *office, int64_t id, const int64_t *categories,
                                 size_t ncat, const char *skills_csv);
/* The category ids of talent id of office (at most max) into ids; *n gets how many. */
enum yh_err talents_db_category_ids(struct db *db, const char *office, int64_t id, int64_t *ids, size_t max,
                                    size_t *n);
/* Talent id of office's categories, steps and feedback through the views above. */
enum yh_err talents_db_categories(struct db *db, const char *office, int64_t id, struct db_rows *rows);
enum yh_err talents_db_steps(struct db *db, const char *office, int64_t id, struct db_rows *rows);
enum yh_err talents_db_feedback(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* A page (limit+1 rows after id after) through talent_list_view; status NULL: any. */
enum yh_err talents_db_list(struct db *db, const char *office, const char *status, int64_t after, int limit,
                            struct db_rows *rows);
/* Admitted talents whose review is due on or before date, through talent_list_view. */
enum yh_err talents_db_review_due(struct db *db, const char *office, const char *date, struct db_rows *rows);
/* The office's review period in years. */
enum yh_err offices_db_review_years(struct db *db, const char *office, int64_t *years);

/* ---- search (search_db.c) ---- */
struct talent_search {
    const char *prefix;    /* office code prefix: the office, or all offices under it */
    const char *category;  /* category code */
    const char *skills[8]; /* all of */
    int nskills;
    const char *area; /* division code served */
    const char *availability;
    const char *language;
    const char *q;                 /* free text in name, title, speciality, former position, bio */
    const struct pinyin_query *pq; /* q normalised (pinyin.h), set with q */
    int offset, limit;
};
/* One search hit, its strings borrowed from the rows it was read from. */
struct talent_hit {
    int64_t id;
    const char *office, *name, *speciality, *title, *service_area;
    int64_t score;
};
/* Admitted talents by relevance then recency, limit+1 rows (read them with talent_hit_at). */
enum yh_err talents_db_search(struct db *db, const struct talent_search *s, struct db_rows *rows);
void talent_hit_at(const struct db_rows *rows, size_t i, struct talent_hit *h);
/* Category names of talents ids[0..n) (n <= 101) under prefix: names[i] (caller frees
 * each with free) gets talent ids[i]'s, comma-separated, or NULL when it has none. */
enum yh_err talents_db_category_names(struct db *db, const char *prefix, const int64_t *ids, size_t n,
                                      char **names);

/* ---- groups (groups_db.c) ---- */
/* id, name, kind, field, members (a count, or an array in a group's own view). */
extern const struct view tgroup_view;
/* talent_id, name, role, speciality. */
extern const struct view tgroup_member_view;
enum yh_err tgroups_db_insert(struct db *db, const char *office, const char *name, const char *kind,
                              const char *field, int64_t *id);
enum yh_err tgroups_db_list(struct db *db, const char *office, struct db_rows *rows);
/* One group through tgroup_view (NOT_FOUND when not the office's). */
enum yh_err tgroups_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Members of group id of office through tgroup_member_view. */
enum yh_err tgroups_db_members(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Sets the role of talent_id in group id (both already read under the office). */
enum yh_err tgroups_db_set_member(struct db *db, const char *office, int64_t id, int64_t talent_id,
                                  const char *role);
/* NOT_FOUND when the talent is not in the group. */
enum yh_err tgroups_db_remove_member(struct db *db, const char *office, int64_t id, int64_t talent_id);

/* ---- requests (requests_db.c) ---- */
struct talent_request {
    int64_t id;
    char posted_by[80], department[401], skills[401], area[7], starts_on[11], ends_on[11];
    char description[8001], contact[401];
    int64_t category_id;
    char category[41]; /* the category's code */
    char status[16];
    bool rated;
    int64_t rating;
    char comment[2001];
    int64_t version;
    char created_at[32];
};
/* A request's columns and JSON members (skills, rating and assignments are added by the
 * handler). */
extern const struct fm treq_map[];
extern const size_t treq_map_len;
/* Request list rows: id, posted_by, department, category_id, category, skills, area,
 * starts_on, ends_on, description, contact, status, rating, comment, version, created_at. */
extern const struct view treq_view;
enum yh_err treq_db_insert(struct db *db, const char *office, const struct talent_request *q, int64_t *id);
enum yh_err treq_db_get(struct db *db, const char *office, int64_t id, struct talent_request *q);
/* A page through treq_view; posted_by NULL: anyone's, status NULL: any. */
enum yh_err treq_db_list(struct db *db, const char *office, const char *posted_by, const char *status,
                         int64_t after, int limit, struct db_rows *rows);
/* Moves status from (comma list) to `to`, version checked: NOT_FOUND / PRECONDITION /
 * CONFLICT (not in from). rating 0 leaves feedback alone. */
enum yh_err treq_db_move(struct db *db, const char *office, int64_t id, int64_t version, const char *from,
                         const char *to, int64_t rating, const char *comment);
/* Adds rating to the talents (of office) that accepted the request. */
enum yh_err talents_db_rate(struct db *db, const char *office, int64_t request_id, int64_t rating);
/* Candidates for a request: admitted talents of the office not yet assigned to it
 * (read them with talent_candidate_at). */
enum yh_err treq_db_candidates(struct db *db, const char *office, int64_t request_id, struct db_rows *rows);
void talent_candidate_at(const struct db_rows *rows, size_t i, struct talent_candidate *c);

/* ---- assignments (assignments_db.c) ---- */
struct talent_assignment {
    int64_t id, request_id, talent_id;
    char status[16];
    int64_t member_id; /* of the talent (0: none) */
    char request_status[16];
};
/* id, talent_id, name, status, created_at. */
extern const struct view tassign_view;
/* The assignments of request request_id of office through tassign_view. */
enum yh_err tassign_db_list(struct db *db, const char *office, int64_t request_id, struct db_rows *rows);
/* Assigns talent_id to request request_id of office; CONFLICT when it is already. */
enum yh_err tassign_db_insert(struct db *db, const char *office, int64_t request_id, int64_t talent_id,
                              const char *by, int64_t *id);
/* The assignment id of a request of office, locked. */
enum yh_err tassign_db_get_for_update(struct db *db, const char *office, int64_t id,
                                      struct talent_assignment *a);
/* Answers assignment id (of a request of office) with status. */
enum yh_err tassign_db_decide(struct db *db, const char *office, int64_t id, const char *status);

#endif
