#ifndef YINHUI_PARTNERS_HTTP_H
#define YINHUI_PARTNERS_HTTP_H

/* What the partners domain's handler files share (service/partners only). */
#include <cjson/cJSON.h>

#include "yinhui/partners.h"

/* Adds tally t's counts (agreed, held, not_held, overdue, upcoming) to o (overview.c). */
void joint_tally_add_json(cJSON *o, const struct joint_tally *t);

#endif
