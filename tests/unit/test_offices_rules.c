/* The offices domain's rules without a database: usernames, roles, passwords, which
 * account changes end its sessions, what a refresh family may still grant, list levels. */
#include "support.h"

#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/offices_rules.h"

static void usernames(void **s)
{
    (void)s;
    assert_true(accounts_username_ok("abc"));
    assert_true(accounts_username_ok("li.wei_2-x"));
    assert_false(accounts_username_ok("ab"));     /* too short */
    assert_false(accounts_username_ok("Abc"));    /* upper case */
    assert_false(accounts_username_ok("a bc"));   /* space */
    assert_false(accounts_username_ok("张三丰")); /* not ASCII */
    char longest[66];
    memset(longest, 'a', 64);
    longest[64] = '\0';
    assert_true(accounts_username_ok(longest));
    longest[64] = 'a';
    longest[65] = '\0';
    assert_false(accounts_username_ok(longest));
}

static void roles_and_passwords(void **s)
{
    (void)s;
    assert_true(accounts_role_ok("admin"));
    assert_true(accounts_role_ok("secretary"));
    assert_true(accounts_role_ok("member"));
    assert_true(accounts_role_ok("relative"));
    assert_false(accounts_role_ok("integration")); /* a client's, never an account's */
    assert_false(accounts_role_ok("Admin"));
    assert_true(accounts_password_ok("0123456789"));
    assert_false(accounts_password_ok("012345678"));
    assert_true(accounts_password_ok("十个汉字的一个密码短语")); /* characters, not bytes */
    assert_false(accounts_password_ok("九个汉字的密码短语"));
}

static void changes_that_end_sessions(void **s)
{
    (void)s;
    struct account_grant was = {"secretary", 7, 0};
    struct account_grant same = {"secretary", 7, 0};
    struct account_grant role = {"admin", 7, 0};
    struct account_grant branch = {"secretary", 8, 0};
    struct account_grant member = {"secretary", 7, 3};
    assert_false(accounts_change_ends_sessions(&was, &same, false, false)); /* a display name */
    assert_true(accounts_change_ends_sessions(&was, &same, true, false));
    assert_true(accounts_change_ends_sessions(&was, &same, false, true));
    assert_true(accounts_change_ends_sessions(&was, &role, false, false));
    assert_true(accounts_change_ends_sessions(&was, &branch, false, false));
    assert_true(accounts_change_ends_sessions(&was, &member, false, false));
}

static void family_scopes_never_exceed_the_role(void **s)
{
    (void)s;
    unsigned member = role_scopes("member");
    /* a family from before scopes were kept gets the role's */
    assert_int_equal(tokens_family_scopes("*", "member"), member);
    /* a narrowed login stays narrowed */
    assert_int_equal(tokens_family_scopes("offices:read", "admin"), SC_OFFICES_READ);
    /* a role that lost a scope since the login loses it from the family too */
    assert_int_equal(tokens_family_scopes("accounts:write offices:read", "member"),
                     (SC_ACCOUNTS_WRITE | SC_OFFICES_READ) & member);
    assert_int_equal(tokens_family_scopes("accounts:write", "member") & SC_ACCOUNTS_WRITE, 0);
    /* an unreadable stored list falls back to the role's */
    assert_int_equal(tokens_family_scopes("no:such", "secretary"), role_scopes("secretary"));
}

static void list_levels(void **s)
{
    (void)s;
    assert_true(offices_level_ok("province"));
    assert_true(offices_level_ok("prefecture"));
    assert_true(offices_level_ok("county"));
    assert_false(offices_level_ok("township"));
    assert_false(offices_level_ok(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(usernames),
        cmocka_unit_test(roles_and_passwords),
        cmocka_unit_test(changes_that_end_sessions),
        cmocka_unit_test(family_scopes_never_exceed_the_role),
        cmocka_unit_test(list_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
