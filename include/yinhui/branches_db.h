#ifndef YINHUI_BRANCHES_DB_H
#define YINHUI_BRANCHES_DB_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

struct view;

/* A party organisation. Empty strings stand for NULL. */
struct branch {
    int64_t id;
    char office[7];
    char name[401];
    char level[16];     /* committee | general_branch | branch */
    char nature[12];    /* regular | functional | temporary */
    char host_type[20]; /* work_unit | community | retirement_home | university_class |
                           activity_team | association */
    char host_name[401];
    int64_t parent_id; /* 0: none */
    char founded_on[11];
    char dissolved_on[11];
    char address[801];
    char demo_level[12]; /* county | prefecture | province | "" */
    int64_t demo_year;   /* 0 when demo_level is "" */
    int64_t version;
    char created_at[32];
    char updated_at[32];
    int64_t primary_count; /* active members whose primary branch it is */
    int64_t participants;  /* open participating memberships */
    char location_code[7]; /* h2: where it meets (GB/T 2260); "": the office's own area */
};
/* Adds b's plain members to j as the API shows them (the nested demonstration, counts,
 * committee and warnings are branch_json's). */
void branch_add_json(cJSON *j, const struct branch *b);

struct committee_seat {
    int64_t member_id;
    char name[201];
    char role[20];
};
/* {member_id, name, role}. Caller owns the result. */
cJSON *committee_seat_json(const struct committee_seat *s);

/* List filters; NULL/0 means any. state: "active" (default), "dissolved", "all". */
struct branch_filter {
    const char *level, *nature, *host_type, *demo_level, *name_contains, *state;
    int64_t parent_id;
    int64_t only_id; /* a secretary sees its own branch only */
    const char *located; /* h2: "elsewhere" (outside the office's area), "here", NULL: any */
    int64_t after_id;
    int limit;
};

/* Rank of a level (committee 3, general_branch 2, branch 1; 0 when unknown). */
int branch_level_rank(const char *level);

/* Each returns YH_OK, NOT_FOUND (absent or another office's), or a db error. */
enum yh_err branches_db_get(struct db *db, const char *office, int64_t id, struct branch *b);
/* Takes a row lock on the branch (inside a transaction). */
enum yh_err branches_db_lock(struct db *db, const char *office, int64_t id);
enum yh_err branches_db_insert(struct db *db, const char *office, const struct branch *b, int64_t *id);
/* Writes every mutable column when version matches: PRECONDITION when it changed. */
enum yh_err branches_db_update(struct db *db, const char *office, const struct branch *b, int64_t version);
/* Rows of limit+1 at most; *n tells how many (caller frees *out). */
enum yh_err branches_db_list(struct db *db, const char *office, const struct branch_filter *f,
                             struct branch **out, size_t *n);
/* Open child branches of id. */
enum yh_err branches_db_count_children(struct db *db, const char *office, int64_t id, int64_t *n);
/* Highest level rank among open children (0 when none). */
enum yh_err branches_db_max_child_rank(struct db *db, const char *office, int64_t id, int *rank);
/* Marks dissolved and ends its participating memberships. */
enum yh_err branches_db_dissolve(struct db *db, const char *office, int64_t id, const char *on,
                                 int64_t version);

/* Committee: set_committee replaces the seats of branch_id (which the caller has read
 * in its office: kept without an office for orglife's terms.c); branches_db_committee
 * reads the seats of office's members with their names (caller frees *out). */
enum yh_err branches_db_set_committee(struct db *db, int64_t branch_id, const struct committee_seat *s,
                                      size_t n);
enum yh_err branches_db_committee(struct db *db, const char *office, int64_t branch_id,
                                  struct committee_seat **out, size_t *n);

/* One organisation of an office's tree, with its parent for nesting. */
struct branch_node {
    int64_t id;
    int64_t parent_id; /* 0: a root */
    char name[401];
    char level[16];
    char nature[12];
    char host_type[20];
    char demo_level[12]; /* "" when not a demonstration branch */
    int64_t demo_year;
    int64_t members; /* active members whose primary branch it is */
    bool dissolved;
};
/* A node's plain members as the API shows them (no demonstration, no children). Caller
 * owns the result. */
cJSON *branch_node_json(const struct branch_node *b);
/* The whole tree of an office ordered by id, open organisations only unless
 * with_dissolved. *out (caller frees, NULL when *n is 0) gets *n nodes. */
enum yh_err branches_db_tree(struct db *db, const char *office, bool with_dissolved, struct branch_node **out,
                             size_t *n);

/* Coverage counters of an office. */
struct coverage {
    int64_t active, with_primary, without_org_life;
    int64_t managed_with; /* h2: 混编, no branch here but an in-service unit's */
};
/* Adds c's counters to j as the API shows them. */
void coverage_add_json(cJSON *j, const struct coverage *c);
/* today (YYYY-MM-DD, China, from the service's clock) ends the window of months. */
enum yh_err branches_db_coverage(struct db *db, const char *office, const char *today, int months,
                                 struct coverage *c);
/* {member_id, name} of a member: the rows of the two samples below. */
extern const struct view branches_member_ref_view;
/* Up to limit active members without a primary branch (nor 混编) / without organisational life
 * in the months before today, fetched through branches_member_ref_view (caller frees
 * rows). */
enum yh_err branches_db_uncovered(struct db *db, const char *office, int limit, struct db_rows *rows);
enum yh_err branches_db_no_org_life(struct db *db, const char *office, const char *today, int months,
                                    int limit, struct db_rows *rows);

/* The secretary (member id, 0 when none) of branch_id when it is office's branch. */
enum yh_err branches_db_secretary(struct db *db, const char *office, int64_t branch_id, int64_t *member_id);

#endif
