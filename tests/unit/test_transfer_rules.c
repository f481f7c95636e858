/* The rules of transfers (组织关系转接) without a database: the caller's side, which step
 * each side may take in which state (and what follows), the within/between kind and its
 * branch at the start, the member's and the receiving branch's checks, the receiver's
 * masked name and the health a member in hospital arrives with. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/branches_db.h"
#include "yinhui/members_db.h"
#include "yinhui/transfers.h"

static void sides_and_kind(void **state)
{
    (void)state;
    assert_int_equal(transfer_side_of("532801", "532801", "532822"), TS_SENDER);
    assert_int_equal(transfer_side_of("532822", "532801", "532822"), TS_RECEIVER);
    assert_int_equal(transfer_side_of("532801", "532801", "532801"), TS_BOTH);
    assert_int_equal(transfer_side_of("440104", "532801", "532822"), TS_NONE);
    /* a prefecture above both is no side: it reads neither */
    assert_int_equal(transfer_side_of("532800", "532801", "532822"), TS_NONE);
    assert_string_equal(transfer_kind("532801", "532822"), "between_offices");
    assert_string_equal(transfer_kind("532801", "532801"), "within_office");
}

/* The receiver accepts or refuses, the sender cancels; within an office both; a third
 * office is 404, the wrong side 403 naming who may. */
static void who_may_act(void **state)
{
    (void)state;
    char msg[240];
    assert_int_equal(transfer_action_check(TA_ACCEPT, TS_RECEIVER, "pending", msg, sizeof(msg)), 0);
    assert_int_equal(transfer_action_check(TA_REFUSE, TS_RECEIVER, "pending", msg, sizeof(msg)), 0);
    assert_int_equal(transfer_action_check(TA_CANCEL, TS_SENDER, "pending", msg, sizeof(msg)), 0);
    assert_int_equal(transfer_action_check(TA_ACCEPT, TS_SENDER, "pending", msg, sizeof(msg)), 403);
    assert_non_null(strstr(msg, "receiving office"));
    assert_int_equal(transfer_action_check(TA_REFUSE, TS_SENDER, "pending", msg, sizeof(msg)), 403);
    assert_int_equal(transfer_action_check(TA_CANCEL, TS_RECEIVER, "pending", msg, sizeof(msg)), 403);
    assert_non_null(strstr(msg, "sending office"));
    for (int a = TA_ACCEPT; a <= TA_CANCEL; a++) {
        assert_int_equal(transfer_action_check(a, TS_BOTH, "pending", msg, sizeof(msg)), 0);
        assert_int_equal(transfer_action_check(a, TS_NONE, "pending", msg, sizeof(msg)), 404);
    }
}

/* pending → accepted | refused | cancelled, each once; nothing leaves a decided state. */
static void states(void **state)
{
    (void)state;
    char msg[240];
    assert_string_equal(transfer_state_after(TA_ACCEPT), "accepted");
    assert_string_equal(transfer_state_after(TA_REFUSE), "refused");
    assert_string_equal(transfer_state_after(TA_CANCEL), "cancelled");
    const char *decided[] = {"accepted", "refused", "cancelled"};
    for (int s = 0; s < 3; s++) {
        for (int a = TA_ACCEPT; a <= TA_CANCEL; a++) {
            assert_int_equal(transfer_action_check(a, TS_BOTH, decided[s], msg, sizeof(msg)), 409);
            assert_non_null(strstr(msg, decided[s]));
        }
    }
    /* a third office learns nothing of the state: 404 before 409 */
    assert_int_equal(transfer_action_check(TA_ACCEPT, TS_NONE, "accepted", msg, sizeof(msg)), 404);
    /* the wrong side is told so before the state */
    assert_int_equal(transfer_action_check(TA_CANCEL, TS_RECEIVER, "accepted", msg, sizeof(msg)), 403);
}

/* Within an office the branch is named at the start; between offices the receiver names
 * it on acceptance. */
static void branch_at_the_start(void **state)
{
    (void)state;
    assert_null(transfer_start_branch_refusal("532801", "532801", true));
    assert_non_null(transfer_start_branch_refusal("532801", "532801", false));
    assert_null(transfer_start_branch_refusal("532801", "532822", false));
    assert_non_null(strstr(transfer_start_branch_refusal("532801", "532822", true), "receiving office"));
}

static void members_that_move(void **state)
{
    (void)state;
    struct member m = {.id = 7, .status = "active", .branch_id = 3};
    char msg[240];
    assert_true(transfer_member_allowed(&m, 0, msg, sizeof(msg)));
    assert_true(transfer_member_allowed(&m, 4, msg, sizeof(msg)));
    /* not into the branch it is already in */
    assert_false(transfer_member_allowed(&m, 3, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "already"));
    snprintf(m.status, sizeof(m.status), "deceased");
    snprintf(m.status_on, sizeof(m.status_on), "2026-11-30");
    assert_false(transfer_member_allowed(&m, 0, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "deceased since 2026-11-30"));
    snprintf(m.status, sizeof(m.status), "transferred_out");
    assert_false(transfer_member_allowed(&m, 0, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "transferred_out"));
}

/* Only an open regular branch holds 组织关系 (RULES.md, Temporary and functional branches). */
static void receiving_branch(void **state)
{
    (void)state;
    struct branch b = {.id = 1, .nature = "regular"};
    assert_null(transfer_branch_refusal(&b));
    snprintf(b.nature, sizeof(b.nature), "temporary");
    assert_non_null(strstr(transfer_branch_refusal(&b), "组织关系"));
    snprintf(b.nature, sizeof(b.nature), "functional");
    assert_non_null(strstr(transfer_branch_refusal(&b), "组织关系"));
    snprintf(b.nature, sizeof(b.nature), "regular");
    snprintf(b.dissolved_on, sizeof(b.dissolved_on), "2026-01-01");
    assert_non_null(strstr(transfer_branch_refusal(&b), "dissolved"));
}

static void masked_names(void **state)
{
    (void)state;
    char out[160];
    transfer_masked_name("张三丰", out, sizeof(out));
    assert_string_equal(out, "张**");
    transfer_masked_name("欧阳", out, sizeof(out));
    assert_string_equal(out, "欧*");
    transfer_masked_name("李", out, sizeof(out));
    assert_string_equal(out, "李");
    transfer_masked_name("", out, sizeof(out));
    assert_string_equal(out, "");
    transfer_masked_name("Anna", out, sizeof(out));
    assert_string_equal(out, "A***");
    /* a 4-byte first character (𠀋, CJK extension B) stays whole */
    transfer_masked_name("𠀋小明", out, sizeof(out));
    assert_string_equal(out, "𠀋**");
    /* a small buffer is cut, never overrun */
    transfer_masked_name("张三丰", out, 5);
    assert_string_equal(out, "张*");
}

static void health_on_arrival(void **state)
{
    (void)state;
    assert_string_equal(transfer_health_on_arrival("able", ""), "able");
    assert_string_equal(transfer_health_on_arrival("homebound", "able"), "homebound");
    assert_string_equal(transfer_health_on_arrival("hospitalised", "homebound"), "homebound");
    assert_string_equal(transfer_health_on_arrival("hospitalised", ""), "frail");
    assert_string_equal(transfer_health_on_arrival("hospitalised", "hospitalised"), "frail");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sides_and_kind),
        cmocka_unit_test(who_may_act),
        cmocka_unit_test(states),
        cmocka_unit_test(branch_at_the_start),
        cmocka_unit_test(members_that_move),
        cmocka_unit_test(receiving_branch),
        cmocka_unit_test(masked_names),
        cmocka_unit_test(health_on_arrival),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
