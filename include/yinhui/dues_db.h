#ifndef YINHUI_DUES_DB_H
#define YINHUI_DUES_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

/* Party dues (/v1/dues): payments per member and month. */

struct due {
    int64_t member_id, amount_fen;
    int64_t voluntary_fen; /* the part above the month's due amount (dues_voluntary_fen) */
    bool remit_centre;     /* voluntary part of 1,000 yuan or more: remitted to the Centre */
    char month[8], paid_on[11], paid_by[8], proxy_name[401], channel[8];
};
/* Records d in office (by: the caller's subject); CONFLICT when the month is already
 * recorded for the member. */
enum yh_err dues_db_insert(struct db *db, const char *office, const struct due *d, const char *by);

/* One active member with what it paid in a window (a row of dues_db_paid); payer_map
 * shows member_id, name, branch_id and paid_fen. */
struct due_payer {
    int64_t member_id, branch_id, paid, paid_fen;
    char name[201], branch_name[401], joined_month[8]; /* joined_month "" when unknown */
};
extern const struct fm payer_map[];
extern const size_t payer_map_n;
/* Active members (of branch, 0: all) of the office with the months they paid in
 * [from, to] (YYYY-MM), into a new array *out (caller frees), *n of them. */
enum yh_err dues_db_paid(struct db *db, const char *office, int64_t branch_id, const char *from,
                         const char *to, struct due_payer **out, size_t *n);

/* One payment for the export; text "" for none. */
struct due_line {
    int64_t amount_fen, voluntary_fen;
    bool remit_centre;
    char month[8], member_id[21], name[201], branch[401], paid_on[11], paid_by[8], proxy_name[401],
        channel[8];
};
/* Calls each(line, ctx) for the office's payments for months [from, to], by month and
 * member (one line at a time: an export may be long). */
enum yh_err dues_db_export(struct db *db, const char *office, const char *from, const char *to,
                           void (*each)(const struct due_line *l, void *ctx), void *ctx);

/* What recording a payment of a member for a month needs to know: the nature of the
 * member's formal branch ("" without one), whether that branch consented to quarterly or
 * advance payment, and the year's base (has_base, standard_fen, reduced_fen -1: none). */
struct due_context {
    char nature[12];
    bool advance_consent, has_base;
    int64_t standard_fen, reduced_fen;
};
/* The context of member_id's payment for a month of year; NOT_FOUND when the member is
 * not the office's. */
enum yh_err dues_db_context(struct db *db, const char *office, int64_t member_id, int year,
                            struct due_context *c);

/* A member's base for a year: the sealed base (base_enc) and what follows from it. */
struct dues_base {
    int64_t member_id, year, standard_fen, reduced_fen; /* reduced_fen -1: none */
    char category[12], reduction_reason[801], decided_on[11], approval_ref[401], updated_by[81];
    unsigned char base_enc[128];
    size_t base_enc_len;
};
/* Sets (inserts or replaces) the base of member_id for year: sealed base, the category it
 * was judged by and the standard; a reduction already decided stays. */
enum yh_err dues_db_base_put(struct db *db, const char *office, const struct dues_base *b, const char *by);
/* The base of member_id for year into b; NOT_FOUND when none is set. */
enum yh_err dues_db_base_get(struct db *db, const char *office, int64_t member_id, int year,
                             struct dues_base *b);
/* Records the reduction in b (reduced_fen, reason, decided_on, approval_ref) on the year's
 * base; NOT_FOUND when the year has no base. */
enum yh_err dues_db_reduction_put(struct db *db, const char *office, const struct dues_base *b,
                                  const char *by);
/* Lifts the reduction of member_id's base for year; NOT_FOUND when there is none. */
enum yh_err dues_db_reduction_lift(struct db *db, const char *office, int64_t member_id, int year,
                                   const char *by);

/* A branch's dues setting: consent to quarterly or advance payment. */
struct dues_setting {
    int64_t branch_id;
    bool advance_consent;
    char nature[12], decided_on[11];
};
/* The branch's nature and setting (consent false when never set); NOT_FOUND when the
 * branch is not the office's. */
enum yh_err dues_db_setting_get(struct db *db, const char *office, int64_t branch_id, struct dues_setting *s);
enum yh_err dues_db_setting_put(struct db *db, const char *office, const struct dues_setting *s,
                                const char *by);

/* One active member judged for a year: its base's standard and reduction. */
struct dues_standing {
    int64_t member_id, branch_id, standard_fen, reduced_fen; /* reduced_fen -1: none */
    bool has_base;
    char name[201], branch_name[401], joined_month[8], category[12];
};
/* One payment of the year: member, month (YYYY-MM) and amount. */
struct dues_paid {
    int64_t member_id, amount_fen;
    char month[8];
};
/* Active members (of branch, 0: all) of the office with year's base, by member id, into
 * a new array *out (caller frees) — in-service members only when the office set their base
 * (otherwise they pay at their workplace, as /v1/dues/arrears has it); and their payments
 * for months [from, to] by member and month into *paid. */
enum yh_err dues_db_year(struct db *db, const char *office, int64_t branch_id, int year, const char *from,
                         const char *to, struct dues_standing **out, size_t *n, struct dues_paid **paid,
                         size_t *npaid);

#endif
