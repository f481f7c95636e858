#ifndef YINHUI_OFFICES_RULES_H
#define YINHUI_OFFICES_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* The offices domain's rules, plain functions without a database
 * (service/offices/rules.c, tests/unit/test_offices_rules.c). */

/* Whether u is a username: 3-64 characters of a-z, 0-9, '_', '.', '-'. */
bool accounts_username_ok(const char *u);
/* Whether role is a staff role an account may have (admin, secretary, member). */
bool accounts_role_ok(const char *role);
/* Whether pw is long enough to be a password (10 characters or more). */
bool accounts_password_ok(const char *pw);

/* What an account's tokens carry as claims besides its id. */
struct account_grant {
    const char *role;
    int64_t branch_id, member_id; /* 0: none */
};
/* Whether a change of an account ends its sessions: one that disables it (sets
 * disabled to true, even again), sets a password, or changes what its tokens carry
 * (was to now). */
bool accounts_change_ends_sessions(const struct account_grant *was, const struct account_grant *now,
                                   bool disables, bool new_password);

/* What a refresh family may still grant: the scopes its login was granted (fscopes;
 * "*" for a family from before they were kept: the role's), never more than the role
 * has now. */
unsigned tokens_family_scopes(const char *fscopes, const char *role);

/* Whether level is an office level a list may filter on. */
bool offices_level_ok(const char *level);

#endif
