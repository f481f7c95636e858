#ifndef YINHUI_AFTERCARE_H
#define YINHUI_AFTERCARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"
#include "yinhui/util.h"

struct req;
struct view;

/* Death and aftercare (离世与善后): recording a member's death, the office's aftercare
 * checklist and one aftercare per death (service/care/aftercare*.c). */

/* ---- handlers (aftercare.c, aftercare_items.c) ---- */
void death_record(struct req *r);
void death_correct(struct req *r);
void death_withdraw(struct req *r);
void aftercare_items_list(struct req *r);
void aftercare_items_put(struct req *r);
void aftercares_list(struct req *r);
void aftercares_get(struct req *r);
void aftercare_step_done(struct req *r);
void aftercare_step_undo(struct req *r);
/* Shared by the handlers (aftercare.c): the caller's reach over aftercares (0: the whole
 * office, a branch id: a secretary's branch, -1: none); sealing text ("" or NULL: none);
 * the reply of aftercare id (masked, 201 with its Location or status). */
int64_t aftercare_scope(const struct req *r);
bool aftercare_seal_or_reply(struct req *r, const char *text, struct buf *out);
void aftercare_reply(struct req *r, int status, int64_t id);

/* ---- rules (aftercare_rules.c) ---- */
/* An item of one aftercare as the rules see it. */
struct aftercare_state {
    bool required;
    char done_on[11]; /* "" while not done */
};
/* Complete when every required item is done (an aftercare without required items is
 * complete at once). */
bool aftercare_complete(const struct aftercare_state *s, size_t n);
/* The day a complete aftercare was completed: the last done_on of its required items
 * (today when none is required). */
void aftercare_completed_on(const struct aftercare_state *s, size_t n, const char *today, char out[11]);
/* What is wrong with a date of death given the member's birth date ("" unknown) and
 * today: NULL when nothing. */
const char *aftercare_died_on_problem(const char *died_on, const char *birth_date, const char *today);
/* The survivor's payment is either paid (recipient, paid_on and amount_fen, all three)
 * or not (not_paid_reason alone). NULL when the given fields are one of the two; else
 * the message and *field the field to name. */
const char *aftercare_payment_problem(bool recipient, bool paid_on, bool amount, bool not_paid_reason,
                                      const char **field);

/* ---- the store (aftercare_db.c) ---- */
#define AFTERCARE_STEPS_MAX 30

struct aftercare {
    int64_t id;
    int64_t member_id;
    char member_name[201];
    int64_t branch_id;
    char died_on[11];
    char status[12];
    char completed_on[11];
    char withdrawn_reason[801];
    char recorded_by[81];
    int64_t version;
    char created_at[20];
    char updated_at[20];
    struct buf cause, reported_by, note; /* sealed; empty when none */
};
struct aftercare_step {
    char code[25];
    char name[241];
    bool required;
    int64_t position;
    char done_on[11];
    char done_by[81];
    int64_t visit_id;
    char paid_on[11];
    char not_paid_reason[801];
    struct buf note, recipient, amount; /* sealed; empty when none */
};
void aftercare_free(struct aftercare *a);
void aftercare_steps_free(struct aftercare_step *s, size_t n);

extern const struct view aftercare_items_view;
extern const struct view aftercares_view;
/* The office's effective checklist: its own rows over the defaults (retired ones too). */
enum yh_err aftercare_items_db_list(struct db *db, const char *office, struct db_rows *rows);
/* How many items the office's checklist has besides code (retired ones included), with
 * the office's row locked first (inside a transaction; the count is then the
 * transaction's first plain read): concurrent writers count in turn. */
enum yh_err aftercare_items_db_others(struct db *db, const char *office, const char *code, int64_t *n);
/* Writes the office's own row of code. */
enum yh_err aftercare_items_db_put(struct db *db, const char *office, const char *code, const char *name,
                                   bool required, bool retired);

/* Opens the aftercare of a death just recorded, with the office's unretired items. */
enum yh_err aftercare_db_open(struct db *db, const char *office, const struct aftercare *a, int64_t *id);
/* Row-locks aftercare id (inside a transaction). */
enum yh_err aftercare_db_lock(struct db *db, const char *office, int64_t id);
/* The aftercare id; scope 0: any of the office, >0: of that branch, -1: none. */
enum yh_err aftercare_db_get(struct db *db, const char *office, int64_t scope, int64_t id,
                             struct aftercare *a);
/* The standing (not withdrawn) aftercare of member_id, row-locked. */
enum yh_err aftercare_db_of_member(struct db *db, const char *office, int64_t member_id, struct aftercare *a);
/* Whether aftercare id has item code (the checklist it opened with). */
enum yh_err aftercare_db_has_step(struct db *db, const char *office, int64_t id, const char *code,
                                  bool *exists);
enum yh_err aftercare_db_steps(struct db *db, const char *office, int64_t id, struct aftercare_step **out,
                               size_t *n);
/* Rewrites the death's details (died_on, sealed cause, reporter, note). */
enum yh_err aftercare_db_update_death(struct db *db, const char *office, const struct aftercare *a);
/* Marks the aftercare withdrawn (a mistaken report) with the reason. */
enum yh_err aftercare_db_withdraw(struct db *db, const char *office, int64_t id, const char *reason);
/* Writes step code of aftercare id (done when s->done_on is set, undone otherwise). */
enum yh_err aftercare_db_step_put(struct db *db, const char *office, int64_t id,
                                  const struct aftercare_step *s);
/* Sets status open or complete (completed_on "" for open). */
enum yh_err aftercare_db_set_status(struct db *db, const char *office, int64_t id, const char *status,
                                    const char *completed_on);
/* A page of the office's aftercares of status (NULL: open and complete) in scope (as
 * aftercare_db_get), newest first, before id before (0: from the newest). */
enum yh_err aftercare_db_list(struct db *db, const char *office, int64_t scope, const char *status,
                              int64_t before, int limit, struct db_rows *rows);
/* Whether visit id is a visit of the office to member_id. */
enum yh_err aftercare_db_visit_of(struct db *db, const char *office, int64_t visit_id, int64_t member_id,
                                  bool *ok);

#endif
