#ifndef YINHUI_TALENTS_DB_H
#define YINHUI_TALENTS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* The silver talent pool's store. Rows returned name their columns; the caller frees. */

/* ---- categories ---- */
/* Seeds the common categories of an office that has none yet. */
enum yh_err tcat_db_ensure(struct db *db, const char *office);
/* Rows: id, code, name, retired, version, talents (admitted). */
enum yh_err tcat_db_list(struct db *db, const char *office, struct db_rows *rows);
enum yh_err tcat_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* CONFLICT when the code is taken in the office. */
enum yh_err tcat_db_insert(struct db *db, const char *office, const char *code, const char *name, int64_t *id);
enum yh_err tcat_db_update(struct db *db, const char *office, int64_t id, int64_t version, const char *name,
                           bool retired);

/* ---- talents ---- */
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
enum yh_err talents_db_get(struct db *db, const char *office, int64_t id, struct talent *t);
/* A talent of office or of any office under it (prefix match on the code). */
enum yh_err talents_db_get_under(struct db *db, const char *prefix, int64_t id, struct talent *t);
enum yh_err talents_db_get_for_update(struct db *db, const char *office, int64_t id, struct talent *t);
enum yh_err talents_db_by_member(struct db *db, const char *office, int64_t member_id, struct talent *t);
/* CONFLICT when the member already has an entry. */
enum yh_err talents_db_insert(struct db *db, const struct talent *t, int64_t *id);
/* Writes the profile columns when version matches (PRECONDITION otherwise). */
enum yh_err talents_db_update(struct db *db, const struct talent *t, int64_t version);
enum yh_err talents_db_set_status(struct db *db, const struct talent *t);
enum yh_err talents_db_add_step(struct db *db, int64_t id, const char *from, const char *to, const char *actor,
                                const char *reason);
/* Replaces category links (ids, comma-separated) and the skill index. */
enum yh_err talents_db_set_links(struct db *db, int64_t id, const int64_t *categories, size_t ncat,
                                 const char *skills_csv);
/* Rows: id, code, name. */
enum yh_err talents_db_categories(struct db *db, int64_t id, struct db_rows *rows);
/* Rows: from_status, to_status, actor, reason, at. */
enum yh_err talents_db_steps(struct db *db, int64_t id, struct db_rows *rows);
/* Rows: request_id, department, rating, comment, closed_at — feedback of closed requests. */
enum yh_err talents_db_feedback(struct db *db, int64_t id, struct db_rows *rows);
/* Rows: id, name, status, speciality, title, review_due_on, updated_at. */
enum yh_err talents_db_list(struct db *db, const char *office, const char *status, int64_t after, int limit,
                            struct db_rows *rows);
/* Admitted talents whose review is due on or before date. Rows as talents_db_list. */
enum yh_err talents_db_review_due(struct db *db, const char *office, const char *date, struct db_rows *rows);
enum yh_err offices_db_review_years(struct db *db, const char *office, int64_t *years);

struct talent_search {
    const char *prefix;    /* office code prefix: the office, or all offices under it */
    const char *category;  /* category code */
    const char *skills[8]; /* all of */
    int nskills;
    const char *area;      /* division code served */
    const char *availability;
    const char *language;
    const char *q;         /* free text in title, speciality, former position, bio */
    int offset, limit;
};
/* Admitted talents by relevance then recency. Rows: id, office_code, name, speciality,
 * title, service_area, '' (see below), score. limit+1 rows. */
enum yh_err talents_db_search(struct db *db, const struct talent_search *s, struct db_rows *rows);
/* Category names of talents ids[0..n) (n <= 101). Rows: talent_id, names (comma-separated). */
enum yh_err talents_db_category_names(struct db *db, const int64_t *ids, size_t n, struct db_rows *rows);

/* ---- groups ---- */
enum yh_err tgroups_db_insert(struct db *db, const char *office, const char *name, const char *kind,
                              const char *field, int64_t *id);
/* Rows: id, name, kind, field, members. */
enum yh_err tgroups_db_list(struct db *db, const char *office, struct db_rows *rows);
enum yh_err tgroups_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Rows: talent_id, name, role, speciality. */
enum yh_err tgroups_db_members(struct db *db, int64_t id, struct db_rows *rows);
enum yh_err tgroups_db_set_member(struct db *db, int64_t id, int64_t talent_id, const char *role);
enum yh_err tgroups_db_remove_member(struct db *db, int64_t id, int64_t talent_id);

/* ---- requests ---- */
struct talent_request {
    char posted_by[80], department[401], skills[401], area[7], starts_on[11], ends_on[11];
    char description[8001], contact[401];
    int64_t category_id;
};
enum yh_err treq_db_insert(struct db *db, const char *office, const struct talent_request *q, int64_t *id);
/* Rows: id, posted_by, department, category_id, category_code, skills, area, starts_on,
 * ends_on, description, contact, status, rating, comment, version, created_at. */
enum yh_err treq_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
enum yh_err treq_db_list(struct db *db, const char *office, const char *posted_by, const char *status,
                         int64_t after, int limit, struct db_rows *rows);
/* Moves status from (comma list) to `to`, version checked: NOT_FOUND / PRECONDITION /
 * CONFLICT (not in from). rating 0 leaves feedback alone. */
enum yh_err treq_db_move(struct db *db, const char *office, int64_t id, int64_t version, const char *from,
                         const char *to, int64_t rating, const char *comment);
/* Rows: id, talent_id, name, status, created_at. */
enum yh_err tassign_db_list(struct db *db, int64_t request_id, struct db_rows *rows);
/* CONFLICT when the talent is already assigned to the request. */
enum yh_err tassign_db_insert(struct db *db, int64_t request_id, int64_t talent_id, const char *by, int64_t *id);
/* Rows: id, request_id, talent_id, status, office_code, member_id (of the talent). */
enum yh_err tassign_db_get_for_update(struct db *db, const char *office, int64_t id, struct db_rows *rows);
enum yh_err tassign_db_decide(struct db *db, int64_t id, const char *status);
/* Adds rating to the talents that accepted the request. */
enum yh_err talents_db_rate(struct db *db, int64_t request_id, int64_t rating);
/* Candidates for a request: admitted talents of the office not yet assigned to it.
 * Rows: id, name, speciality, title, service_area, categories (codes), skills,
 * rating_sum, rating_count. */
enum yh_err treq_db_candidates(struct db *db, const char *office, int64_t request_id, struct db_rows *rows);

#endif
