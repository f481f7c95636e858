#ifndef YINHUI_GUIDES_DB_H
#define YINHUI_GUIDES_DB_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"

/* The store of guides and contact points (service/org/guides.c): links of staff accounts
 * to the branches they guide, their contacts and the follow-ups of problems found. Every
 * statement filters by office_code. */

/* A link of a guide (staff account) to a branch, with both names. ended_on "" while open;
 * last_contact_on "" when never contacted; since_on the day the overdue rule counts from. */
struct guide_link {
    int64_t id, branch_id, account_id, open_problems, version;
    char role[16], started_on[11], ended_on[11], last_contact_on[11], since_on[11];
    char branch_name[401], guide_name[401];
};
/* l as the API shows it (no since_on). */
cJSON *guide_link_json(const struct guide_link *l);

/* The office's account id: its role and whether disabled; NOT_FOUND. */
enum yh_err guides_db_account(struct db *db, const char *office, int64_t id, char role[16], bool *disabled);
/* Opens a link; CONFLICT when the account guides the branch already (open link). */
enum yh_err guides_db_link_insert(struct db *db, const char *office, int64_t branch_id, int64_t account_id,
                                  const char *role, const char *started_on, const char *by, int64_t *id);
enum yh_err guides_db_link_get(struct db *db, const char *office, int64_t branch_id, int64_t id,
                               struct guide_link *l);
/* The branch's links, open ones first, then the ended (history), at most 200. */
enum yh_err guides_db_links_of_branch(struct db *db, const char *office, int64_t branch_id,
                                      struct guide_link **out, size_t *n);
/* The open links of account_id (its branches), at most 200. */
enum yh_err guides_db_links_of_account(struct db *db, const char *office, int64_t account_id,
                                       struct guide_link **out, size_t *n);
/* The open link of account_id to branch_id; NOT_FOUND when none. */
enum yh_err guides_db_open_link(struct db *db, const char *office, int64_t branch_id, int64_t account_id,
                                struct guide_link *l);
/* Ends open link id at version on ended_on: NOT_FOUND, PRECONDITION when it changed or
 * ended since (the caller tells an ended link apart first: 409). */
enum yh_err guides_db_link_end(struct db *db, const char *office, int64_t id, int64_t version,
                               const char *ended_on);
/* Moves the open link's last contact to on when later. */
enum yh_err guides_db_touch(struct db *db, const char *office, int64_t branch_id, int64_t account_id,
                            const char *on);
/* The office's contact rule in days (offices.guide_contact_days). */
enum yh_err guides_db_contact_days(struct db *db, const char *office, int64_t *days);

/* Open links of open branches and enabled accounts whose since_on is before cutoff, oldest
 * first, after (after_since, after_id) ("" and 0: from the start), limit + 1 rows. */
enum yh_err guides_db_overdue(struct db *db, const char *office, const char *cutoff, const char *after_since,
                              int64_t after_id, int limit, struct guide_link **out, size_t *n);

/* A branch without a guide. */
struct guide_branch {
    int64_t id;
    char name[401], nature[16], host_type[24], demo_level[16];
};
cJSON *guide_branch_json(const void *row);
/* Open branches (level branch) of nature (NULL: any) without an open link of an enabled
 * account, by id after after_id, limit + 1 rows. */
enum yh_err guides_db_without(struct db *db, const char *office, const char *nature, int64_t after_id,
                              int limit, struct guide_branch **out, size_t *n);

/* A guide: an account with open links. */
struct guide_account {
    int64_t id;
    char name[401];
};
/* Accounts with open links, by id after after_id, limit + 1 rows. */
enum yh_err guides_db_accounts(struct db *db, const char *office, int64_t after_id, int limit,
                               struct guide_account **out, size_t *n);

/* A contact of a guide with a branch (the sealed texts apart). */
struct guide_contact {
    int64_t id, branch_id, account_id, version;
    bool has_problem;
    char kind[12], on[11], problem_state[12], resolved_on[11], recorded_by[81], created_at[32];
    char branch_name[401], guide_name[401];
};
cJSON *guide_contact_json(const void *row);
/* The sealed texts of a contact (problem_len 0: none). */
struct guide_contact_texts {
    unsigned char summary[4200], problem[4200];
    size_t summary_len, problem_len;
};
enum yh_err guides_db_contact_insert(struct db *db, const char *office, const struct guide_contact *c,
                                     const struct guide_contact_texts *t, int64_t *id);
enum yh_err guides_db_contact_get(struct db *db, const char *office, int64_t id, struct guide_contact *c);
enum yh_err guides_db_contact_texts(struct db *db, const char *office, int64_t id,
                                    struct guide_contact_texts *t);
/* Contacts by id descending after after_id (0: from the newest), limit + 1 rows: of
 * branch_id (0: any), of account_id (0: any), only open problems when open_only. */
enum yh_err guides_db_contacts(struct db *db, const char *office, int64_t branch_id, int64_t account_id,
                               bool open_only, int64_t after_id, int limit, struct guide_contact **out,
                               size_t *n);
/* Sets the problem's state (open or resolved, resolved_on "" for none) when version
 * matches: NOT_FOUND / PRECONDITION. */
enum yh_err guides_db_contact_state(struct db *db, const char *office, int64_t id, int64_t version,
                                    const char *state, const char *resolved_on);

/* A follow-up of a problem. */
struct guide_follow_up {
    int64_t id;
    bool resolved;
    char followed_on[11], created_by[81], created_at[32];
    unsigned char note[4200];
    size_t note_len;
};
enum yh_err guides_db_follow_up_insert(struct db *db, const char *office, int64_t contact_id,
                                       const struct guide_follow_up *f);
/* A contact's follow-ups, oldest first, at most 100 (caller frees *out). */
enum yh_err guides_db_follow_ups(struct db *db, const char *office, int64_t contact_id,
                                 struct guide_follow_up **out, size_t *n);

#endif
