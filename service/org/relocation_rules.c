/* The rules of relocated members, branches located elsewhere and 混编 as plain
 * functions (include/yinhui/relocation.h; README, Members living elsewhere). */
#include <stdio.h>
#include <string.h>

#include "yinhui/gbt2260.h"
#include "yinhui/relocation.h"

const char *relocation_code_refusal(const char *code)
{
    if (code == NULL || gbt2260_level(code) == LEVEL_INVALID) {
        return "must be a six-digit GB/T 2260 division code";
    }
    return NULL;
}

bool relocation_elsewhere(const char *office, const char *location)
{
    return location != NULL && location[0] != '\0' && !gbt2260_covers(office, location);
}

void relocation_place(const char *residence, char out[7])
{
    enum office_level l = gbt2260_level(residence);
    if (l == LEVEL_INVALID) {
        out[0] = '\0';
    } else if (l == LEVEL_PROVINCE) {
        snprintf(out, 7, "%s", residence);
    } else {
        snprintf(out, 7, "%.4s00", residence);
    }
}

const char *relocation_host_refusal(const char *home, const char *host)
{
    if (host == NULL || gbt2260_level(host) == LEVEL_INVALID) {
        return "must be an office's six-digit GB/T 2260 division code";
    }
    if (strcmp(home, host) == 0) {
        return "is this office: a host office is the office of the place members live in";
    }
    if (gbt2260_covers(host, home)) {
        return "is an office over this one, which oversees it already: a host office is the office of "
               "another place";
    }
    return NULL;
}

const char *relocation_managed_with_refusal(const char *category, int64_t branch_id, const char *unit,
                                            const char *branch)
{
    bool has_unit = unit != NULL && unit[0] != '\0';
    bool has_branch = branch != NULL && branch[0] != '\0';
    if (!has_unit && has_branch) {
        return "managed_with_branch needs managed_with_unit: the in-service unit the branch belongs to";
    }
    if (has_unit && category != NULL && strcmp(category, "in_service") == 0) {
        return "混编 records retirees (lixiu, retired) whose formal branch is an in-service unit's";
    }
    if (has_unit && branch_id != 0) {
        return "混编 is for a member without a branch in this office: the member's formal branch is here "
               "(end it first, or leave managed_with_unit empty)";
    }
    return NULL;
}

bool relocation_hosted_visible(const char *host, const char *status, bool relocated, const char *residence,
                               bool consent)
{
    return strcmp(status, "active") == 0 && relocated && consent && residence != NULL && residence[0] &&
           gbt2260_covers(host, residence);
}

void relocation_mask_name(const char *name, char *out, size_t len)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t at = 0, chars = 0;
    if (len < 6) {
        if (len > 0) {
            out[0] = '\0';
        }
        return;
    }
    while (*s && at + 2 < len) {
        size_t n = *s < 0x80 ? 1 : *s < 0xE0 ? 2 : *s < 0xF0 ? 3 : 4;
        size_t have = strnlen((const char *)s, n);
        if (chars++ == 0 && have == n) {
            memcpy(out + at, s, n); /* the first character as it is */
            at += n;
        } else {
            out[at++] = '*';
        }
        s += have;
    }
    if (chars == 1) {
        at = 0;
        out[at++] = '*';
    }
    out[at] = '\0';
}
