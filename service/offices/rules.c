/* The offices domain's rules (include/yinhui/offices_rules.h). */
#include "yinhui/offices_rules.h"

#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/util.h"

bool accounts_username_ok(const char *u)
{
    size_t n = strlen(u);
    if (n < 3 || n > 64) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
            return false;
        }
    }
    return true;
}

bool accounts_role_ok(const char *role)
{
    return strcmp(role, "admin") == 0 || strcmp(role, "secretary") == 0 || strcmp(role, "member") == 0 ||
           strcmp(role, "relative") == 0;
}

bool accounts_password_ok(const char *pw)
{
    return utf8_len(pw) >= 10;
}

bool accounts_change_ends_sessions(const struct account_grant *was, const struct account_grant *now,
                                   bool disables, bool new_password)
{
    return disables || new_password || strcmp(now->role, was->role) != 0 ||
           now->branch_id != was->branch_id || now->member_id != was->member_id;
}

unsigned tokens_family_scopes(const char *fscopes, const char *role)
{
    unsigned granted = 0;
    char bad[48];
    if (strcmp(fscopes, "*") == 0 || scopes_parse(fscopes, &granted, bad, sizeof(bad)) != 0) {
        granted = role_scopes(role);
    }
    return granted & role_scopes(role);
}

bool offices_level_ok(const char *level)
{
    return strcmp(level, "province") == 0 || strcmp(level, "prefecture") == 0 || strcmp(level, "county") == 0;
}
