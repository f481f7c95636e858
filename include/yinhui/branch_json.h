#ifndef YINHUI_BRANCH_JSON_H
#define YINHUI_BRANCH_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "yinhui/branches_db.h"

/* b as JSON (caller owns) with its size advice; with_committee adds the nseats seats
 * and the secretary among them. */
cJSON *branch_json(const struct branch *b, const struct committee_seat *seats, size_t nseats,
                   bool with_committee);
/* The tree of office's n nodes (ordered by id): {office, count, items}, the items
 * nested under their parents (caller owns). */
cJSON *branch_tree_json(const char *office, const struct branch_node *nodes, size_t n);

#endif
