/* The rules of transfers (组织关系转接) as plain functions: sides, steps and states, the
 * kind of transfer, which members and branches may take part (include/yinhui/transfers.h;
 * tests/unit/test_transfer_rules.c). */
#include <stdio.h>
#include <string.h>

#include "yinhui/members_db.h"
#include "yinhui/org_rules.h"
#include "yinhui/transfers.h"

enum transfer_side transfer_side_of(const char *office, const char *from, const char *to)
{
    bool sender = strcmp(office, from) == 0, receiver = strcmp(office, to) == 0;
    if (sender && receiver) {
        return TS_BOTH;
    }
    return sender ? TS_SENDER : receiver ? TS_RECEIVER : TS_NONE;
}

const char *transfer_kind(const char *from, const char *to)
{
    return strcmp(from, to) == 0 ? "within_office" : "between_offices";
}

static const char *const action_names[] = {"accept", "refuse", "cancel"};

int transfer_action_check(enum transfer_action a, enum transfer_side side, const char *state, char *msg,
                          size_t len)
{
    if (side == TS_NONE) {
        snprintf(msg, len, "no such transfer");
        return 404;
    }
    /* the receiver decides, the sender may withdraw; within an office it is both */
    bool receiver_step = a != TA_CANCEL;
    if (side != TS_BOTH && receiver_step != (side == TS_RECEIVER)) {
        snprintf(msg, len, "only the %s office may %s a transfer", receiver_step ? "receiving" : "sending",
                 action_names[a]);
        return 403;
    }
    if (strcmp(state, "pending") != 0) {
        snprintf(msg, len, "the transfer is %s: only a pending transfer is accepted, refused or cancelled",
                 state);
        return 409;
    }
    return 0;
}

const char *transfer_state_after(enum transfer_action a)
{
    static const char *const states[] = {"accepted", "refused", "cancelled"};
    return states[a];
}

const char *transfer_start_branch_refusal(const char *from, const char *to, bool given)
{
    bool within = strcmp(from, to) == 0;
    if (within && !given) {
        return "is required for a transfer within the office: the branch the member moves to";
    }
    if (!within && given) {
        return "is only for a transfer within the office: the receiving office chooses its branch on "
               "acceptance";
    }
    return NULL;
}

bool transfer_member_allowed(const struct member *m, int64_t to_branch_id, char *msg, size_t len)
{
    if (strcmp(m->status, "active") != 0) {
        snprintf(msg, len, "member %lld is %s since %s: only an active member's relationship is transferred",
                 (long long)m->id, m->status, m->status_on);
        return false;
    }
    if (to_branch_id != 0 && m->branch_id == to_branch_id) {
        snprintf(msg, len, "member %lld already has its formal affiliation in that branch", (long long)m->id);
        return false;
    }
    return true;
}

const char *transfer_branch_refusal(const struct branch *b)
{
    static const struct member none = {0};
    return membership_target_refusal(b, &none, "primary");
}

void transfer_masked_name(const char *name, char *out, size_t len)
{
    size_t first = 1, o = 0;
    unsigned char c = (unsigned char)name[0];
    if (c >= 0xF0) {
        first = 4;
    } else if (c >= 0xE0) {
        first = 3;
    } else if (c >= 0xC0) {
        first = 2;
    }
    if (len == 0) {
        return;
    }
    for (size_t i = 0; i < first && name[i] && o + 1 < len; i++) {
        out[o++] = name[i];
    }
    /* one * per further character: count the code points (bytes that start one) */
    for (size_t i = o; name[i]; i++) {
        if (((unsigned char)name[i] & 0xC0) != 0x80 && o + 1 < len) {
            out[o++] = '*';
        }
    }
    out[o] = '\0';
}

const char *transfer_health_on_arrival(const char *health, const char *before)
{
    if (strcmp(health, "hospitalised") != 0) {
        return health;
    }
    return before[0] && strcmp(before, "hospitalised") != 0 ? before : "frail";
}
