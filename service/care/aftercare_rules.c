/* The rules of death and aftercare (离世与善后): when an aftercare is complete, the date
 * of death, and the survivor's payment (抚恤金) paid or not. */
#include <stdio.h>
#include <string.h>

#include "yinhui/aftercare.h"

bool aftercare_complete(const struct aftercare_state *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i].required && !s[i].done_on[0]) {
            return false;
        }
    }
    return true;
}

void aftercare_completed_on(const struct aftercare_state *s, size_t n, const char *today, char out[11])
{
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (s[i].required && strcmp(s[i].done_on, out) > 0) {
            snprintf(out, 11, "%s", s[i].done_on);
        }
    }
    if (!out[0]) {
        snprintf(out, 11, "%s", today);
    }
}

const char *aftercare_died_on_problem(const char *died_on, const char *birth_date, const char *today)
{
    if (strcmp(died_on, today) > 0) {
        return "is in the future";
    }
    if (birth_date[0] && strcmp(died_on, birth_date) < 0) {
        return "is before the member's birth date";
    }
    return NULL;
}

const char *aftercare_payment_problem(bool recipient, bool paid_on, bool amount, bool not_paid_reason,
                                      const char **field)
{
    bool any_paid = recipient || paid_on || amount;
    if (not_paid_reason && any_paid) {
        *field = "not_paid_reason";
        return "give either the payment (recipient, paid_on, amount_fen) or not_paid_reason, not both";
    }
    if (not_paid_reason) {
        return NULL;
    }
    *field = !recipient ? "recipient" : !paid_on ? "paid_on" : !amount ? "amount_fen" : NULL;
    if (*field == NULL) {
        return NULL;
    }
    return any_paid ? "is required with the rest of the payment (recipient, paid_on, amount_fen)"
                    : "is required: the payment (recipient, paid_on, amount_fen) or not_paid_reason";
}
