#ifndef YINHUI_MEMBERS_DB_H
#define YINHUI_MEMBERS_DB_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/pinyin.h"

struct view;

/* A member row. Personal data are kept sealed here (AES-256-GCM, see pii.h); the
 * handlers open and mask them. Empty strings stand for NULL. */
struct member {
    int64_t id;
    char office[7];
    char name[201];
    char gender[8];
    char birth_date[11];
    unsigned char id_hmac[32];
    unsigned char id_enc[128];
    size_t id_enc_len;
    unsigned char phone_enc[128];
    size_t phone_enc_len; /* 0: none */
    unsigned char address_enc[700];
    size_t address_enc_len;
    unsigned char health_enc[64];
    size_t health_enc_len;
    unsigned char health_idx[8];
    char residence_code[7];
    bool relocated;
    char joined_on[11];
    char full_member_on[11];        /* 转正 (standing.h) */
    bool full_member_estimated;     /* full_member_on is joined_on + 1 year, not a record */
    char party_probation_until[11]; /* the last day of 留党察看 */
    char medal_ineligible_reason[801];
    char category[12]; /* lixiu | retired | in_service */
    char work_unit[401];
    char status[16]; /* active | transferred_out | deceased */
    char status_on[11];
    char transferred_to[401];
    char notes[2001];
    int64_t branch_id; /* primary branch, 0: none */
    char branch_name[401];
    int64_t liaison_id;  /* 0: unpaired */
    bool hardship;       /* family hardship: visited every quarter (四必访) */
    bool lunar_birthday; /* keeps the birthday by the lunar calendar (care due list) */

    /* political treatment: a code of the office's treatment levels (treatment.h; "": none)
     * and the former position (原任职务) */
    char treatment_level[25];
    char former_position[401];

    /* h2 (issue 15): consent to the host office of the place it lives in (四就近; the day
     * of the last change), and 混编: the in-service unit and its branch a member without a
     * branch here is managed with ("": none) */
    bool nearby_consent;
    char nearby_consent_on[11];
    char managed_with_unit[401];
    char managed_with_branch[401];
    int64_t version;
    char created_at[32];
    char updated_at[32];
};
/* Adds m's plain members to j as the API shows them (never the personal or sealed
 * ones: member_json opens and masks those). */
void member_add_plain_json(cJSON *j, const struct member *m);

/* List filters; zero/NULL means any. */
struct member_filter {
    int64_t branch_id; /* primary branch */
    const char *category;
    bool has_health;
    unsigned char health_idx[8];
    const char *status;                       /* NULL: active; "all": every status */
    int relocated;                            /* -1 any, 0, 1 */
    const char *joined_before, *joined_after; /* YYYY-MM-DD, exclusive / inclusive */
    const char *born_before, *born_after;     /* from the age range */
    const struct pinyin_query *name_query;    /* the ?name search (name_search.h) */
    bool unpaired;                            /* retired members without a liaison */
    const char *treatment_level;
    const char *residence; /* a division code prefix of residence_code (h2) */
    int64_t after_id;
    int limit;
};

/* The store functions return YH_OK, NOT_FOUND (absent or another office's) or a db
 * error; the member's office is always the caller's. */
/* Reads member id of office into m. */
enum yh_err members_db_get(struct db *db, const char *office, int64_t id, struct member *m);
/* Row-locks the member inside a transaction (YH_OK also when there is no such member:
 * the read that follows says so). */
enum yh_err members_db_lock(struct db *db, const char *office, int64_t id);
/* Row-locks the member (inside a transaction) and reads it, as the latest committed
 * version (one locking read, not the transaction's snapshot). */
enum yh_err members_db_get_for_update(struct db *db, const char *office, int64_t id, struct member *m);
/* By the ID-number HMAC. */
enum yh_err members_db_by_hmac(struct db *db, const char *office, const unsigned char h[32],
                               struct member *m);
/* CONFLICT when the ID number exists in the office. */
enum yh_err members_db_insert(struct db *db, const struct member *m, int64_t *id);
/* Writes every mutable column when version matches (PRECONDITION otherwise). */
enum yh_err members_db_update(struct db *db, const struct member *m, int64_t version);
/* Sets status (transferred_out / deceased) with its date, ends every open membership
 * and the open hospital stay, and clears pairings with and of this member. */
enum yh_err members_db_close(struct db *db, const char *office, int64_t id, const char *status,
                             const char *on, const char *transferred_to);
/* A record closed as transferred_out made active again (a member transferred back to an
 * office it left: the ID number is held once per office); CONFLICT when it is not
 * transferred_out. The caller has written its values (members_db_update). */
enum yh_err members_db_return(struct db *db, const char *office, int64_t id);
/* *in: the member has an open hospital stay (care's hospital_stays), whose discharge
 * alone changes its health. */
enum yh_err members_db_in_hospital(struct db *db, const char *office, int64_t id, bool *in);
/* A recorded death's date corrected from old_on to on (the memberships it ended too). */
enum yh_err members_db_redate_death(struct db *db, const char *office, int64_t id, const char *old_on,
                                    const char *on);
/* A death recorded by mistake undone: active again, back in branch_id (0: none), the
 * memberships the death ended on died_on open again (pairings and committee seats the
 * death ended are not restored). */
enum yh_err members_db_reopen(struct db *db, const char *office, int64_t id, const char *died_on,
                              int64_t branch_id);
/* Up to limit+1 rows (caller frees *out). */
enum yh_err members_db_list(struct db *db, const char *office, const struct member_filter *f,
                            struct member **out, size_t *n);

/* ---- memberships ---- */
struct membership {
    int64_t id;
    int64_t member_id;
    int64_t branch_id;
    char branch_name[401];
    char kind[16];
    char started_on[11];
    char ended_on[11];
    char end_reason[401];
};
/* ms as the API shows it. Caller owns the result. */
cJSON *membership_json(const struct membership *ms);
/* Every membership of member_id, oldest first (caller frees *out). */
enum yh_err memberships_db_list(struct db *db, const char *office, int64_t member_id, struct membership **out,
                                size_t *n);
/* Membership id of member_id (NOT_FOUND when it is another member's). */
enum yh_err memberships_db_get(struct db *db, const char *office, int64_t member_id, int64_t id,
                               struct membership *ms);
/* Adds a participating membership: CONFLICT when one is already open in that branch. */
enum yh_err memberships_db_add(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                               const char *kind, const char *on, int64_t *id);
/* Ends the open primary membership (if any) on date on and opens one in branch_id;
 * updates the member's branch mirror and version. Caller holds the member row lock. */
enum yh_err memberships_db_move_primary(struct db *db, const char *office, int64_t member_id,
                                        int64_t branch_id, const char *on, int64_t *id);
/* Ends open membership id on date on for reason: CONFLICT when it is not open. */
enum yh_err memberships_db_end(struct db *db, const char *office, int64_t id, const char *on,
                               const char *reason);

/* True when the member is a formal member of branch: its open primary membership. */
enum yh_err memberships_db_is_primary(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                      bool *yes);
/* True when the member has an open membership (any kind) in branch. */
enum yh_err members_db_in_branch(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                                 bool *in);
/* Branch roster: open memberships of both kinds from after_member_id on, limit+1 rows
 * at most, fetched through memberships_roster_view (member_id first; caller frees). */
extern const struct view memberships_roster_view;
enum yh_err memberships_db_roster(struct db *db, const char *office, int64_t branch_id,
                                  int64_t after_member_id, int limit, struct db_rows *rows);

/* ---- pairing ---- */
/* Members paired with liaison (locks the liaison row first). */
enum yh_err members_db_count_paired(struct db *db, const char *office, int64_t liaison_id, int64_t *n);
/* Pairs member id with liaison_id (0: unpairs); bumps its version. */
enum yh_err members_db_set_liaison(struct db *db, const char *office, int64_t id, int64_t liaison_id);
/* How many members one liaison may look after in office (30 when unset). */
enum yh_err offices_db_liaison_cap(struct db *db, const char *office, int64_t *cap);

#endif
