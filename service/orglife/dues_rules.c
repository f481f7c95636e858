/* The party dues standard as plain functions (include/yinhui/dues_rules.h). */
#include "yinhui/dues_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t dues_rate_bp(const char *category, int64_t base_fen)
{
    if (category != NULL && strcmp(category, "in_service") == 0) {
        return base_fen <= 300000 ? 50 : base_fen <= 500000 ? 100 : base_fen <= 1000000 ? 150 : 200;
    }
    /* lixiu and retired: the pension actually received */
    return base_fen <= 500000 ? 50 : 100;
}

int64_t dues_standard_fen(const char *category, int64_t base_fen)
{
    if (base_fen <= 0) {
        return 0;
    }
    return (base_fen * dues_rate_bp(category, base_fen) + 5000) / 10000;
}

int64_t dues_month_due(int64_t standard_fen, int64_t reduced_fen)
{
    return reduced_fen >= 0 && reduced_fen < standard_fen ? reduced_fen : standard_fen;
}

enum dues_month_state dues_month_judge(bool has_base, int64_t due_fen, bool paid, int64_t paid_fen)
{
    if (!paid) {
        /* an exempt month (nothing due) owes nothing */
        return has_base && due_fen == 0 ? DUES_PAID : DUES_UNPAID;
    }
    return has_base && paid_fen < due_fen ? DUES_UNDERPAID : DUES_PAID;
}

int64_t dues_voluntary_fen(bool has_base, int64_t due_fen, int64_t amount_fen)
{
    return has_base && amount_fen > due_fen ? amount_fen - due_fen : 0;
}

bool dues_remit_to_centre(int64_t voluntary_fen)
{
    return voluntary_fen >= DUES_CENTRE_FEN;
}

bool dues_in_advance(const char *month, const char *paid_on)
{
    return strncmp(month, paid_on, 7) > 0;
}

const char *dues_branch_refusal(const char *nature)
{
    if (nature != NULL && strcmp(nature, "temporary") == 0) {
        return "a temporary branch collects no dues: it holds no 组织关系 (RULES.md, Temporary and "
               "functional "
               "branches)";
    }
    if (nature != NULL && strcmp(nature, "functional") == 0) {
        return "a functional branch collects no dues: it holds no 组织关系, dues go to the member's regular "
               "branch (RULES.md, Temporary and functional branches)";
    }
    return NULL;
}

bool dues_year_months(int year, const char *joined_month, const char *today, int *first, int *last)
{
    int ty = atoi(today), tm = atoi(today + 5);
    int jy = joined_month && joined_month[0] ? atoi(joined_month) : 0;
    int jm = jy ? atoi(joined_month + 5) : 1;
    *first = jy == year ? jm : 1;
    *last = year == ty ? tm : 12;
    return year <= ty && jy <= year && *first <= *last;
}
