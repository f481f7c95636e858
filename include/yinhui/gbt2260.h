#ifndef YINHUI_GBT2260_H
#define YINHUI_GBT2260_H

#include <stdbool.h>
#include <stddef.h>

/* GB/T 2260 administrative division codes: XX0000 province, XXYY00 prefecture,
 * XXYYZZ county. */
enum office_level { LEVEL_INVALID = 0, LEVEL_PROVINCE, LEVEL_PREFECTURE, LEVEL_COUNTY };

/* Level of code, or LEVEL_INVALID when it is not six digits with a known province. */
enum office_level gbt2260_level(const char *code);
const char *gbt2260_level_name(enum office_level level);
/* Significant prefix length: 2, 4 or 6 (0 when invalid). */
size_t gbt2260_prefix_len(const char *code);
/* True when child may be a direct child of parent (consistent prefix, lower level). */
bool gbt2260_is_child(const char *parent, const char *child);
/* True when code is ancestor itself or one of its descendants. */
bool gbt2260_covers(const char *ancestor, const char *code);

#endif
