#ifndef YINHUI_TRANSFERS_H
#define YINHUI_TRANSFERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

struct branch;
struct member;

/* Transfers of the party relationship (组织关系转接) between offices and between branches
 * of one office (service/org/transfers*.c): the rules (transfers_rules.c, plain functions
 * pinned by tests/unit/test_transfer_rules.c) and the store (transfers_db.c). The store
 * reads a transfer by id for either side: another office's is NOT_FOUND. */

/* A transfer as stored, with the names of both offices and branches and what the
 * receiver may see of the member before acceptance. Empty strings stand for NULL. */
struct transfer {
    int64_t id, batch_id, member_id, new_member_id, from_branch_id, to_branch_id;
    char from_office[7], to_office[7];
    char from_office_name[401], to_office_name[401];
    char from_branch_name[401], to_branch_name[401];
    char state[12]; /* pending | accepted | refused | cancelled */
    char reason[801], letter_no[161], note[2001], decision_reason[2001];
    char started_by[101], started_on[11], decided_by[101], decided_on[11], decided_at[32];
    int64_t version;
    char created_at[32], updated_at[32];
    /* the sender's record: name (masked for the receiver), gender, birth date (the birth
     * year only is shown), category, joined_on and full_member_on */
    char member_name[201], gender[8], birth_date[11], category[12], joined_on[11], full_member_on[11];
};

/* ---- rules ---- */
#define TRANSFER_BATCH_MAX 50   /* members in one start */
#define TRANSFER_REASON_MAX 200 /* characters */
#define TRANSFER_LETTER_MAX 40
#define TRANSFER_NOTE_MAX 500
#define TRANSFER_REFUSAL_MAX 500

/* The caller's side of a transfer from office from to office to. */
enum transfer_side {
    TS_NONE,     /* a third office: the transfer does not exist for it (404) */
    TS_SENDER,   /* the sending office */
    TS_RECEIVER, /* the receiving office */
    TS_BOTH,     /* a transfer within the caller's own office */
};
enum transfer_side transfer_side_of(const char *office, const char *from, const char *to);
/* "within_office" when from is to, else "between_offices". */
const char *transfer_kind(const char *from, const char *to);

/* What a step of a transfer is: accept, refuse (the receiver), cancel (the sender). */
enum transfer_action { TA_ACCEPT, TA_REFUSE, TA_CANCEL };
/* The verdict on a step: 0 allowed, else the status to answer (404 a third office, 403
 * the wrong side, 409 the state does not allow it) with why in msg. */
int transfer_action_check(enum transfer_action a, enum transfer_side side, const char *state, char *msg,
                          size_t len);
/* The state a step leads to: accepted, refused or cancelled. */
const char *transfer_state_after(enum transfer_action a);

/* Why a transfer from office from to office to cannot name to_branch_id at its start
 * (given: the body has it), for the to_branch_id field: within an office the branch is
 * required at the start; between offices the receiver chooses it on acceptance. NULL:
 * fine. */
const char *transfer_start_branch_refusal(const char *from, const char *to, bool given);
/* Why member m cannot be transferred (a 409's detail into msg, false), or true: only an
 * active member's relationship moves; within an office not into its own branch
 * (to_branch_id, 0 between offices). */
bool transfer_member_allowed(const struct member *m, int64_t to_branch_id, char *msg, size_t len);
/* Why branch b cannot receive a transferred member's formal affiliation (for branch_id /
 * to_branch_id), or NULL: only an open regular branch of the receiving office holds 组织关系
 * (RULES.md, Temporary and functional branches). */
const char *transfer_branch_refusal(const struct branch *b);
/* The name as the receiver sees it before acceptance: the first character then one * per
 * further character (张** for 张三丰), UTF-8 aware; out holds at least 4 + 3 * 50 bytes. */
void transfer_masked_name(const char *name, char *out, size_t len);
/* The health the receiving office records for a member whose record says health: a
 * member in hospital arrives with the health before the admission (before, "" when not
 * known: frail), since the stay stays with the sender (the receiver records its own
 * admission). Any other health is kept. */
const char *transfer_health_on_arrival(const char *health, const char *before);

/* ---- the move (transfers_move.c) ---- */
struct config;
/* What accepting pending transfer t (locked) into branch on day on does to the records:
 * between offices a new record in the receiving office (*new_id: personal values opened and
 * sealed again, the health index for the new office, relocated against its area, honours
 * copied, a primary membership from on, entered_on for the statistics) and the sender's
 * closed as transferred_out to the receiving office's name; within an office the same
 * record (*new_id = member_id) moves to branch. A record the receiving office holds closed
 * as transferred_out with the member's ID number (the member comes back) is made active
 * again instead of a new one. CONFLICT with msg when the member is no longer active (or
 * already in branch), or the receiving office holds its ID number in an active or deceased
 * record. */
enum yh_err transfer_accept_move(struct db *db, const struct config *cfg, const struct transfer *t,
                                 int64_t branch, const char *on, int64_t *new_id, char *msg, size_t len);

struct req;
/* The member's death recorded (care's POST /v1/members/{id}/death, in its unit of work, the
 * member locked): its pending transfer, if any, cancelled today with the death as the
 * reason, audited in both offices, the other office's cached reads invalidated. */
enum yh_err transfers_cancel_for_death(struct req *r, int64_t member_id);

/* ---- store ---- */
/* Transfer id when office is one of its sides (NOT_FOUND otherwise); for update locks it
 * (inside a transaction). */
enum yh_err transfers_db_get(struct db *db, const char *office, int64_t id, bool for_update,
                             struct transfer *t);
/* The pending transfer of member_id (*id 0: none). */
enum yh_err transfers_db_pending_of(struct db *db, int64_t member_id, int64_t *id);
/* Inserts t (from, to, member, branches, reason, letter, note, by, on) into *id, in batch
 * batch (0: this one starts its batch: its id). CONFLICT when the member already has a
 * pending transfer (ux_transfers_pending). */
enum yh_err transfers_db_insert(struct db *db, const struct transfer *t, int64_t batch, int64_t *id);
/* Moves pending transfer id (locked) to state at version: by, on, the receiver's member
 * record and branch (0: unchanged), the refusal reason (NULL: none). PRECONDITION when the
 * version moved on. */
enum yh_err transfers_db_decide(struct db *db, int64_t id, int64_t version, const char *state, const char *by,
                                const char *on, int64_t new_member_id, int64_t to_branch_id,
                                const char *refusal);
/* The name of office code into name (NOT_FOUND when there is no such office). */
enum yh_err transfers_db_office_name(struct db *db, const char *code, char *name, size_t len);
/* The health before the admission of member id's open hospital stay in office, sealed
 * (n 0: none or not in hospital). */
enum yh_err transfers_db_stay_health(struct db *db, const char *office, int64_t id, unsigned char *enc,
                                     size_t cap, size_t *n);
/* After the receiver's record new_id was inserted: the day it entered the office (the
 * statistics' flow in), its treatment level kept only when the office has it, and the
 * honours of the sender's record old_id copied to it. */
enum yh_err transfers_db_arrive(struct db *db, const char *from, int64_t old_id, const char *to,
                                int64_t new_id, const char *on);

/* The list's filters: incoming (to the office) or outgoing (from it), state (NULL: any),
 * before: ids below it (0: from the newest). */
struct transfer_filter {
    bool incoming;
    const char *state;
    int64_t before;
    int limit;
};
/* Up to limit + 1 transfers of office, newest first, into a new array *out (caller
 * frees) of *n. */
enum yh_err transfers_db_list(struct db *db, const char *office, const struct transfer_filter *f,
                              struct transfer **out, size_t *n);

#endif
