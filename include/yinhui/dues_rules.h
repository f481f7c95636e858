#ifndef YINHUI_DUES_RULES_H
#define YINHUI_DUES_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* The party dues standard (中组发〔2008〕3号 《关于中国共产党党费收缴、使用和管理的规定》)
 * as plain functions: no SQL, no clock. Amounts are in fen (1 yuan = 100 fen); a base is
 * the monthly income the member's yearly base states. */

/* A single voluntary payment of this much or more is remitted whole to the Centre. */
#define DUES_CENTRE_FEN 100000
/* The largest monthly base accepted (1,000,000 yuan). */
#define DUES_BASE_MAX_FEN 100000000

/* The rate for a monthly base in basis points (50 = 0.5%). Retired (category "lixiu" or
 * "retired", base = pension): up to and including 5,000 yuan 0.5%, above it 1%. In
 * service (salary after tax): up to and including 3,000 yuan 0.5%, up to and including
 * 5,000 1%, up to and including 10,000 1.5%, above 2%. Always of the whole base (the
 * bracket is not marginal). */
int64_t dues_rate_bp(const char *category, int64_t base_fen);
/* The monthly standard: base × rate, rounded to the nearest fen, halves up. */
int64_t dues_standard_fen(const char *category, int64_t base_fen);
/* What a month is due: the standard, or the reduced amount (0: exempt) when a reduction
 * is decided (reduced_fen >= 0); a reduction never raises the amount. */
int64_t dues_month_due(int64_t standard_fen, int64_t reduced_fen);

/* How a month stands against what it is due. */
enum dues_month_state {
    DUES_PAID,      /* paid at least what is due, or nothing is due */
    DUES_UNPAID,    /* no payment recorded (arrears) */
    DUES_UNDERPAID, /* paid less than the standard that is due */
};
/* has_base: a base is set for the year (without one only a missing payment is known). */
enum dues_month_state dues_month_judge(bool has_base, int64_t due_fen, bool paid, int64_t paid_fen);

/* The voluntary part of a payment: what it pays above what the month is due (0 when no
 * base is known: the standard, hence any excess, is unknown). */
int64_t dues_voluntary_fen(bool has_base, int64_t due_fen, int64_t amount_fen);
/* Whether a voluntary part is remitted whole to the Centre (1,000 yuan or more). */
bool dues_remit_to_centre(int64_t voluntary_fen);
/* Whether paying month (YYYY-MM) on paid_on (YYYY-MM-DD) pays in advance: the month has
 * not begun. Monthly is the rule; quarterly or advance payment needs the branch's consent. */
bool dues_in_advance(const char *month, const char *paid_on);

/* Why a branch of nature ("regular", "functional", "temporary") collects no dues, or NULL
 * when it does: temporary and functional organisations hold no 组织关系. */
const char *dues_branch_refusal(const char *nature);

/* The months of year a member owes dues for, as of today (YYYY-MM-DD): from January, or
 * the month the member joined (a probationary member pays from admission; joined_month
 * "YYYY-MM", "" unknown: January), to
 * December, or to the current month in the current year. *first and *last (1-12); false
 * when none (a future year, or joined after it). */
bool dues_year_months(int year, const char *joined_month, const char *today, int *first, int *last);

#endif
