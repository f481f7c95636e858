#ifndef YINHUI_PARTY_GROUPS_DB_H
#define YINHUI_PARTY_GROUPS_DB_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* The store of party groups (党小组, service/org/party_groups.c): every statement filters
 * by office_code. */

/* A party group of a branch, with its leader's name ("" when none) and member count. */
struct party_group {
    int64_t id, branch_id, leader_id, members, version;
    char name[401], formed_on[11], leader_name[201];
};
/* g as the API shows it: {id, branch_id, member_count, version, name, formed_on, leader}. */
cJSON *party_group_json(const struct party_group *g);

/* Each returns YH_OK, NOT_FOUND (absent, another office's or another branch's), CONFLICT
 * (a unique key: the name in the branch, a member in a second group), or a db error. */
enum yh_err party_groups_db_list(struct db *db, const char *office, int64_t branch_id,
                                 struct party_group **out, size_t *n);
enum yh_err party_groups_db_get(struct db *db, const char *office, int64_t branch_id, int64_t id,
                                struct party_group *g);
/* Inserts g (name, leader_id 0: none, formed_on) under g->branch_id; *id the new id. */
enum yh_err party_groups_db_insert(struct db *db, const char *office, const struct party_group *g,
                                   int64_t *id);
/* Writes name, leader_id and formed_on when version matches: PRECONDITION when it changed. */
enum yh_err party_groups_db_update(struct db *db, const char *office, const struct party_group *g,
                                   int64_t version);
enum yh_err party_groups_db_delete(struct db *db, const char *office, int64_t branch_id, int64_t id);

/* {member_id, name} of a group's active members. */
struct party_group_member {
    int64_t member_id;
    char name[201];
};
cJSON *party_group_members_json(const struct party_group_member *m, size_t n);
enum yh_err party_groups_db_members(struct db *db, const char *office, int64_t id,
                                    struct party_group_member **out, size_t *n);
/* The group (*group_id, 0: none) member_id belongs to in branch_id. */
enum yh_err party_groups_db_group_of(struct db *db, const char *office, int64_t branch_id, int64_t member_id,
                                     int64_t *group_id);
/* Adds member_id to group id of branch_id: CONFLICT when it is in a group of the branch. */
enum yh_err party_groups_db_add_member(struct db *db, const char *office, int64_t branch_id, int64_t id,
                                       int64_t member_id);
enum yh_err party_groups_db_remove_member(struct db *db, const char *office, int64_t id, int64_t member_id);
/* Takes member_id out of every group outside branch_id (its primary branch moved). */
enum yh_err party_groups_db_leave_others(struct db *db, const char *office, int64_t member_id,
                                         int64_t branch_id);

/* Group meetings of group id held (held_at on or before now, China time) in each month
 * of year: held[m-1] for month m. */
enum yh_err party_groups_db_meetings(struct db *db, const char *office, int64_t id, int year, const char *now,
                                     int held[12]);
/* Group g's months of year judged under 党小组会 monthly (group_meetings_judge over the
 * meetings that took place by now, China time): months[0..12), *missed of them missed.
 * The group's read and its branch's compliance share it (party_groups.c). */
struct group_month;
enum yh_err party_group_year(struct db *db, const char *office, const struct party_group *g, int year,
                             struct group_month *months, int *missed);
/* How many groups branch_id has. */
enum yh_err party_groups_db_count(struct db *db, const char *office, int64_t branch_id, int64_t *n);
/* The branch (*branch_id) of group id of office; NOT_FOUND when none. */
enum yh_err party_groups_db_branch(struct db *db, const char *office, int64_t id, int64_t *branch_id);

/* A member's group in their primary branch and its active leader (0: none), for the
 * service card. NOT_FOUND when the member is in no group. */
struct member_group {
    int64_t id, leader_id;
    char name[401];
};
enum yh_err party_groups_db_of_member(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                      struct member_group *g);

#endif
