#ifndef YINHUI_ORGLIFE_DB_H
#define YINHUI_ORGLIFE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/compliance.h"
#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

/* The organisational-life store: activities and their attendance (activities_db.c),
 * the office's rules and the compliance counts (org_life_db.c). Every function takes the
 * caller's office. */

/* fm_all of sql (params p, np) through map (nmap columns) into the caller's array out of
 * max structs of size bytes: the first max rows, *n of them (fixed tables: rules,
 * credits). */
enum yh_err orglife_db_fill(struct db *db, const char *sql, const struct db_param *p, size_t np,
                            const struct fm *map, size_t nmap, size_t size, void *out, size_t max, size_t *n);

/* An activity as written (held_at in China time "YYYY-MM-DD HH:MM:SS"). */
struct activity {
    char kind[20], title[401], held_at[20], place[801], host[401], summary[16001], attachments[2001];
    int64_t speaker_id; /* the member who gave a lecture (0: not recorded) */
    int64_t group_id;   /* the party group holding a group_meeting (0: none) */
    int64_t booking_id; /* the room booked for it (venues, issue 15; 0: none) */
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
/* An activity as the API shows it (activity_map, which leaves out attachments: its
 * stored lines, one reference per line, shown as an array): held_at and created_at
 * RFC 3339. */
struct activity_row {
    int64_t id, version, speaker_id, group_id;
    char kind[20], title[401], held_at[32], place[801], host[401], summary[16001], attachments[2001],
        created_by[81], created_at[32];
    int64_t booking_id; /* venues (issue 15): the booked room, its venue's and its own name */
    char venue_name[401], room_name[241];
};
extern const struct fm activity_map[];
extern const size_t activity_map_n;
/* *ok: member is a member of office (a lecture's speaker). */
enum yh_err activities_db_member_of(struct db *db, const char *office, int64_t member, bool *ok);
/* Activity id of office; NOT_FOUND when absent. */
enum yh_err activities_db_get(struct db *db, const char *office, int64_t id, struct activity_row *a);
/* Activity id of office as written (the current record of a patch); NOT_FOUND when absent. */
enum yh_err activities_db_read(struct db *db, const char *office, int64_t id, struct activity *a);
/* A branch holding an activity (activity_branch_map). */
struct activity_branch {
    int64_t id;
    char name[401];
};
extern const struct fm activity_branch_map[];
extern const size_t activity_branch_map_n;
/* Activity id's branches, by id, into a new array *out (caller frees), *n of them. */
enum yh_err activities_db_branches(struct db *db, const char *office, int64_t id,
                                   struct activity_branch **out, size_t *n);
/* Activities of office for a branch (0: any) in [from, to) China times, newest first,
 * ids below before (0: no bound), limit + 1 of them into a new array *out (caller
 * frees), *n of them. */
enum yh_err activities_db_list(struct db *db, const char *office, int64_t branch_id, const char *from,
                               const char *to, int64_t before, int limit, struct activity_row **out,
                               size_t *n);
/* A member expected at an activity, through the branch it is expected by. */
struct expected_member {
    int64_t member_id, branch_id;
    char name[201], kind[16];
};
/* Members expected at activity id: open memberships (either kind) in its branches, into
 * a new array *out (caller frees), *n of them; look one up with
 * activities_db_expected_branch. */
enum yh_err activities_db_expected(struct db *db, const char *office, int64_t id,
                                   struct expected_member **out, size_t *n);
/* Whether member is among e[0..n); *branch gets the branch it is expected through. */
bool activities_db_expected_branch(const struct expected_member *e, size_t n, int64_t member,
                                   int64_t *branch);

struct attendance {
    int64_t member_id, branch_id;
    char status[12], reason[801], asked_by[401], delivered_by[401], delivered_on[11];
};
/* Replaces the attendance of activity_id (of office), held on held_on, with a[0..n). */
enum yh_err attendance_db_replace(struct db *db, const char *office, int64_t activity_id, const char *held_on,
                                  const struct attendance *a, size_t n);
/* An attendance line as the API shows it (attendance_map). */
struct attendance_row {
    int64_t member_id;
    char name[201], status[12], reason[801], asked_by[401], delivered_by[401], delivered_on[11];
};
extern const struct fm attendance_map[];
extern const size_t attendance_map_n;
/* The attendance of activity_id (of office), by member, into a new array *out (caller
 * frees), *n of them. */
enum yh_err attendance_db_list(struct db *db, const char *office, int64_t activity_id,
                               struct attendance_row **out, size_t *n);

/* Rules: seeds the service's default rules (compliance_default_rules) for each branch
 * nature of which the office has none. */
enum yh_err rules_db_ensure(struct db *db, const char *office);
/* The office's rules by nature and kind into out (at most RULES_MAX), *n of them. */
enum yh_err rules_db_list(struct db *db, const char *office, struct orglife_rule out[RULES_MAX], size_t *n);
/* Adds rule (after rules_db_clear of its nature, in one unit of work). */
enum yh_err rules_db_set(struct db *db, const char *office, const struct orglife_rule *rule);
/* Removes the office's rules for branches of nature (a PUT replaces a nature's rules). */
enum yh_err rules_db_clear(struct db *db, const char *office, const char *nature);
/* A rule of an office under a prefix. */
struct office_rule {
    char office[7];
    struct orglife_rule rule;
};
/* The rules of every office whose code starts with prefix, by office, into a new array
 * *out (caller frees), *n of them. Offices that never set theirs have none here. */
enum yh_err rules_db_under(struct db *db, const char *prefix, struct office_rule **out, size_t *n);

/* An open branch judged for compliance (compliance_branch_map shows it as branch_id,
 * name, nature, founded_on). */
struct compliance_branch {
    int64_t id;
    char office[7], name[401], nature[12], founded_on[11];
};
extern const struct fm compliance_branch_map[];
extern const size_t compliance_branch_map_n;
/* Open branches (level branch) of the offices whose code starts with prefix, by office
 * and id (only branch when not 0), into a new array *out (caller frees), *n of them. */
enum yh_err compliance_db_branches(struct db *db, const char *prefix, int64_t branch,
                                   struct compliance_branch **out, size_t *n);
/* The activities held in [from, to) and at or before now (China times) by the branches
 * of office (only branch when not 0), one line per holding branch, by branch and time,
 * into a new array *out (caller frees), *n of them. */
enum yh_err compliance_db_acts(struct db *db, const char *office, int64_t branch, const char *from,
                               const char *to, const char *now, struct compliance_act **out, size_t *n);
/* The member meetings of office held in [from, to) and at or before now, as
 * compliance_db_acts gives activities (the report lists those without their quorum). */
enum yh_err compliance_db_meetings(struct db *db, const char *office, const char *from, const char *to,
                                   const char *now, struct compliance_act **out, size_t *n);
/* The compliance tallies of year (sql/0057) of the offices whose code starts with
 * prefix, by branch and kind, into a new array *out (caller frees), *n of them. */
enum yh_err compliance_db_tallies(struct db *db, const char *prefix, int year, struct compliance_tally **out,
                                  size_t *n);
/* Records for each branch holding activity id (of office), held on held_on, what the
 * compliance rule reads as of that day: for a member meeting its voting members (open
 * primary members, active, who may vote: STANDING_SQL_MAY_VOTE) and how many of them were
 * present or had it delivered; for a lecture whether the speaker is the branch's
 * secretary. Run after every write of the activity or its attendance. */
enum yh_err activities_db_judge_facts(struct db *db, const char *office, int64_t id, const char *held_on);

#endif
