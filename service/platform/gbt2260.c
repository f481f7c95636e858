#include "yinhui/gbt2260.h"

#include <string.h>

/* Province-level prefixes in GB/T 2260 (including 71 Taiwan, 81/82 HK/Macao). */
static bool province_known(int p)
{
    return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
           (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
           p == 81 || p == 82;
}

enum office_level gbt2260_level(const char *code)
{
    if (code == NULL || strlen(code) != 6) {
        return LEVEL_INVALID;
    }
    for (int i = 0; i < 6; i++) {
        if (code[i] < '0' || code[i] > '9') {
            return LEVEL_INVALID;
        }
    }
    if (!province_known((code[0] - '0') * 10 + (code[1] - '0'))) {
        return LEVEL_INVALID;
    }
    if (strcmp(code + 2, "0000") == 0) {
        return LEVEL_PROVINCE;
    }
    if (strcmp(code + 4, "00") == 0) {
        return LEVEL_PREFECTURE;
    }
    return LEVEL_COUNTY;
}

const char *gbt2260_level_name(enum office_level level)
{
    switch (level) {
    case LEVEL_PROVINCE:
        return "province";
    case LEVEL_PREFECTURE:
        return "prefecture";
    case LEVEL_COUNTY:
        return "county";
    default:
        return "invalid";
    }
}

size_t gbt2260_prefix_len(const char *code)
{
    switch (gbt2260_level(code)) {
    case LEVEL_PROVINCE:
        return 2;
    case LEVEL_PREFECTURE:
        return 4;
    case LEVEL_COUNTY:
        return 6;
    default:
        return 0;
    }
}

bool gbt2260_is_child(const char *parent, const char *child)
{
    enum office_level pl = gbt2260_level(parent);
    enum office_level cl = gbt2260_level(child);
    size_t plen = gbt2260_prefix_len(parent);
    if (pl == LEVEL_INVALID || cl == LEVEL_INVALID || cl <= pl) {
        return false;
    }
    /* a county may sit directly under a province (省直辖县级行政区划) */
    if (pl == LEVEL_COUNTY) {
        return false;
    }
    return strncmp(parent, child, plen) == 0;
}

bool gbt2260_covers(const char *ancestor, const char *code)
{
    size_t plen = gbt2260_prefix_len(ancestor);
    if (plen == 0 || gbt2260_level(code) == LEVEL_INVALID) {
        return false;
    }
    return strncmp(ancestor, code, plen) == 0;
}
