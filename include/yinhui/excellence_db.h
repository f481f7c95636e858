#ifndef YINHUI_EXCELLENCE_DB_H
#define YINHUI_EXCELLENCE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/eval_db.h"

#include "yinhui/typed_rows.h"

/* The store of 两优一先 (service/evaluation/excellence_db.c). Nominations are seen through
 * the evaluations' scope (struct eval_scope): the caller's office's own, and those of
 * offices under it that reached its level; a secretary only its branch's nominations. */

/* A round of an office and year. quota_*: named at its level; send_*: sent up by each
 * office directly below. */
struct exc_round {
    int64_t id;
    char office[7];
    int64_t year;
    char level[12];
    int64_t quota_member, quota_worker, quota_org, send_member, send_worker, send_org, notice_days, version;
    char created_by[81], created_at[20];
};
extern const struct fm exc_round_map[];
extern const size_t exc_round_map_n;
/* CONFLICT when the office has a round for the year. */
enum yh_err exc_db_round_insert(struct db *db, const struct exc_round *x, const char *by, int64_t *id);
/* The office's round id (NOT_FOUND otherwise). */
enum yh_err exc_db_round_get(struct db *db, const char *office, int64_t id, struct exc_round *out);
/* The office's round of year (NOT_FOUND when it has none); lock: FOR UPDATE (the office's
 * decisions of the year wait for each other). */
enum yh_err exc_db_round_of(struct db *db, const char *office, int64_t year, bool lock,
                            struct exc_round *out);
/* The round of year of the office's parent office (NOT_FOUND when it has none). */
enum yh_err exc_db_parent_round(struct db *db, const char *office, int64_t year, struct exc_round *out);
/* The office's rounds below id before (0: from the newest), newest first, limit + 1. */
enum yh_err exc_db_rounds_list(struct db *db, const char *office, int64_t before, int limit,
                               struct exc_round **out, size_t *n);

/* A nomination read back. member_id or branch_id names the subject. */
struct exc_nom {
    int64_t id;
    char office[7], office_name[101];
    int64_t year;
    char kind[20];
    int64_t member_id, branch_id;
    char subject_name[401], unit[401], nominated_by[8];
    int64_t by_branch_id;
    char deeds[8001], record[8001], stage[12], state[12], named_level[12], notice_from[11], notice_until[11];
    int64_t open_objections, version;
    char created_by[81], created_at[20];
    /* the subject now: a member's status, a branch "active" or "dissolved" */
    char subject_status[16];
    /* a member's joined_on, full_member_on, party_probation_until now ("" unknown) */
    char joined_on[11], full_member_on[11], probation_until[11];
    /* unit is the member's work unit (personal: masked unless revealed), not a branch name */
    bool unit_personal;
};
extern const struct fm exc_nom_map[];
extern const size_t exc_nom_map_n;

/* What a new nomination holds. */
struct exc_nom_new {
    char office[7], kind[20], nominated_by[8];
    int64_t year, member_id, branch_id, by_branch_id;
    const char *deeds, *record;
};
/* CONFLICT when the subject is already nominated for the kind in the year. */
enum yh_err exc_db_nom_insert(struct db *db, const struct exc_nom_new *x, const char *by, int64_t *id);
/* Nomination id as the caller of scope sees it (NOT_FOUND otherwise); lock: its own row
 * FOR UPDATE (not the rows the view joins), PRECONDITION if the view read is older. */
enum yh_err exc_db_nom_get(struct db *db, const struct eval_scope *scope, int64_t id, bool lock,
                           struct exc_nom *out);
/* Filters of a list (NULL/0: any). */
struct exc_filter {
    int64_t year;
    const char *kind, *stage, *state, *office;
    int64_t before;
    int limit;
};
enum yh_err exc_db_noms_list(struct db *db, const struct eval_scope *scope, const struct exc_filter *f,
                             struct exc_nom **out, size_t *n);
/* The nominations of year pending at stage in the caller's scope that are in notice
 * (notice_from set), for the published list, by kind and id (at most 300). */
enum yh_err exc_db_notice_list(struct db *db, const struct eval_scope *scope, int64_t year, const char *stage,
                               struct exc_nom **out, size_t *n);
/* Starts the notice from..until of every pending nomination of year at stage in scope
 * without one, each with a step by actor; *started: how many. */
enum yh_err exc_db_notice_start(struct db *db, const struct eval_scope *scope, int64_t year,
                                const char *stage, const char *from, const char *until, const char *actor,
                                int64_t *started);
/* Sets stage, state and named_level (NULL: unchanged) of nomination id at version (the
 * notice is cleared when the stage changes). PRECONDITION when not at version. */
enum yh_err exc_db_nom_decide(struct db *db, int64_t id, int64_t version, const char *stage,
                              const char *state, const char *named_level);
/* How many nominations of year and kind under prefix were named at rank or above. */
enum yh_err exc_db_named_count(struct db *db, const char *prefix, int64_t year, const char *kind, int rank,
                               int64_t *n);
/* How many of year and kind under prefix have been sent beyond rank (not withdrawn). */
enum yh_err exc_db_sent_count(struct db *db, const char *prefix, int64_t year, const char *kind, int rank,
                              int64_t *n);
/* Records a step of nomination id. */
enum yh_err exc_db_step(struct db *db, int64_t id, const char *action, const char *stage, const char *office,
                        const char *actor, const char *reason);
/* The steps (action, stage, office, actor, reason, at) of nomination id. */
extern const struct view exc_steps_view;
enum yh_err exc_db_steps(struct db *db, int64_t id, struct db_rows *rows);

/* The nominee's record: the member's party posts (current committee seats, elected seats
 * of past terms, party group leaderships) as a comma list and their count, organisational
 * life in year (attended: present or delivered; recorded: every row), dues months of year
 * paid. */
struct exc_member_facts {
    int64_t posts;
    char roles[401];
    int64_t attended, recorded, dues_paid;
};
enum yh_err exc_db_member_facts(struct db *db, const char *office, int64_t member, int64_t year,
                                struct exc_member_facts *out);
/* A branch's: its active primary members and activities held in year. */
struct exc_branch_facts {
    int64_t members, activities;
};
enum yh_err exc_db_branch_facts(struct db *db, const char *office, int64_t branch, int64_t year,
                                struct exc_branch_facts *out);
/* The honours (kind, title, level, year) of a member or branch (the other 0) in office. */
extern const struct view exc_honours_view;
enum yh_err exc_db_honours(struct db *db, const char *office, int64_t member, int64_t branch,
                           struct db_rows *rows);

/* An objection; text_enc sealed. */
struct exc_objection {
    int64_t id, nomination_id;
    char office[7], stage[12], received_on[11], state[12], resolution[2001], created_by[81], created_at[20],
        resolved_by[81], resolved_at[20];
    unsigned char text_enc[8300];
    size_t text_enc_len;
};
extern const struct fm *const exc_objection_map;
extern const size_t exc_objection_map_n;
enum yh_err exc_db_objection_insert(struct db *db, const struct exc_objection *o, int64_t *id);
/* The objections of nomination id, oldest first (at most 100), with their sealed texts. */
enum yh_err exc_db_objections(struct db *db, int64_t nomination, struct exc_objection **out, size_t *n);
/* Resolves open objection oid of nomination id (NOT_FOUND when none such is open). */
enum yh_err exc_db_objection_resolve(struct db *db, int64_t id, int64_t oid, const char *state,
                                     const char *resolution, const char *by);

#endif
