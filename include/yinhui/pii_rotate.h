#ifndef YINHUI_PII_ROTATE_H
#define YINHUI_PII_ROTATE_H

#include <stddef.h>

#include "yinhui/config.h"
#include "yinhui/db.h"

/* Re-seals every personal value not under YH_DATA_KEY_ID with the current data key
 * (reading old values with YH_DATA_KEY_OLD), 500 members per transaction. *count is
 * the number of members rewritten. INTERNAL when a value opens with no configured key. */
enum yh_err pii_rotate_data(const struct config *cfg, struct db *db, size_t *count);

#endif
