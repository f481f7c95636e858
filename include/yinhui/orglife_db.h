#ifndef YINHUI_ORGLIFE_DB_H
#define YINHUI_ORGLIFE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/compliance.h"
#include "yinhui/db.h"

/* The organisational-life store: activities and their attendance (activities_db.c),
 * the office's rules and the compliance counts (org_life_db.c). Every function takes the
 * caller's office. */

struct view;

/* An activity as written (held_at in China time "YYYY-MM-DD HH:MM:SS"). */
struct activity {
    char kind[20], title[401], held_at[20], place[801], host[401], summary[16001], attachments[2001];
};
/* Inserts a (by: the caller's subject) into office; *id gets the new id. */
enum yh_err activities_db_insert(struct db *db, const char *office, const struct activity *a, const char *by,
                                 int64_t *id);
/* NOT_FOUND when absent, PRECONDITION when version is not the stored one. */
enum yh_err activities_db_update(struct db *db, const char *office, int64_t id, int64_t version,
                                 const struct activity *a);
/* Replaces the branches holding activity id (of office) with branches[0..n). */
enum yh_err activities_db_set_branches(struct db *db, const char *office, int64_t id, const int64_t *branches,
                                       size_t n);
/* The activity as the API shows it: id, kind, title, held_at (RFC 3339), place, host,
 * summary, attachments (its stored lines: one reference per line), created_by, version,
 * created_at. Rows of activities_db_get and activities_db_list. */
extern const struct view activities_view;
/* Activity id of office through activities_view; NOT_FOUND when absent. */
enum yh_err activities_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Activity id of office as written (the current record of a patch); NOT_FOUND when absent. */
enum yh_err activities_db_read(struct db *db, const char *office, int64_t id, struct activity *a);
/* The branches holding an activity: id, name. */
extern const struct view activity_branches_view;
/* Activity id's branches through activity_branches_view, by id. */
enum yh_err activities_db_branches(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* The id of row i of activities_db_branches' rows. */
int64_t activities_db_branch_id(const struct db_rows *rows, size_t i);
/* Activities of office for a branch (0: any) in [from, to) China times, newest first,
 * ids below before (0: no bound), limit + 1 rows, through activities_view. */
enum yh_err activities_db_list(struct db *db, const char *office, int64_t branch_id, const char *from,
                               const char *to, int64_t before, int limit, struct db_rows *rows);
/* Members expected at activity id: open memberships (either kind) in its branches; look
 * one up with activities_db_expected_branch. */
enum yh_err activities_db_expected(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Whether member is among the expected rows; *branch gets the branch it is expected
 * through. */
bool activities_db_expected_branch(const struct db_rows *rows, int64_t member, int64_t *branch);

struct attendance {
    int64_t member_id, branch_id;
    char status[12], reason[801], asked_by[401], delivered_by[401], delivered_on[11];
};
/* Replaces the attendance of activity_id (of office), held on held_on, with a[0..n). */
enum yh_err attendance_db_replace(struct db *db, const char *office, int64_t activity_id, const char *held_on,
                                  const struct attendance *a, size_t n);
/* An attendance line: member_id, name, status, reason, asked_by, delivered_by, delivered_on. */
extern const struct view attendance_view;
/* The attendance of activity_id (of office) through attendance_view, by member. */
enum yh_err attendance_db_list(struct db *db, const char *office, int64_t activity_id, struct db_rows *rows);

/* Rules: seeds the default (committee monthly, member meeting and lecture quarterly). */
enum yh_err rules_db_ensure(struct db *db, const char *office);
/* The office's rules by kind into out (at most RULES_MAX), *n of them. */
enum yh_err rules_db_list(struct db *db, const char *office, struct orglife_rule out[RULES_MAX], size_t *n);
/* Adds the rule kind: times per period (after rules_db_clear, in one unit of work). */
enum yh_err rules_db_set(struct db *db, const char *office, const char *kind, const char *period,
                         int64_t times);
/* Removes every rule of office (a PUT replaces them all). */
enum yh_err rules_db_clear(struct db *db, const char *office);

/* An open branch judged for compliance (a row of compliance_db_branches; name borrowed). */
struct compliance_branch {
    int64_t id;
    const char *name;
};
/* Open branches (level branch) of the office by id; read each with compliance_db_branch. */
enum yh_err compliance_db_branches(struct db *db, const char *office, struct db_rows *rows);
/* Row i of compliance_db_branches' rows. */
void compliance_db_branch(const struct db_rows *rows, size_t i, struct compliance_branch *out);
/* Activities held per branch and kind in [from, to) into *out (caller frees with free),
 * *n of them. */
enum yh_err compliance_db_counts(struct db *db, const char *office, const char *from, const char *to,
                                 struct compliance_count **out, size_t *n);

#endif
