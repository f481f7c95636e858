/* JSON of branches: one branch (with its size advice and committee) and the tree. */
#include "yinhui/branch_json.h"

#include <stdlib.h>
#include <string.h>

#include "yinhui/json_out.h"
#include "yinhui/org_rules.h"
#include "yinhui/relocation.h"

/* The size advice of b as a JSON array of strings. */
static cJSON *branch_warnings(const struct branch *b)
{
    char advice[BRANCH_ADVICE_MAX][160];
    int n = branch_size_advice(b, advice);
    cJSON *w = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        cJSON_AddItemToArray(w, cJSON_CreateString(advice[i]));
    }
    return w;
}

/* Adds {level, year} or null as "demonstration" of j. */
static void add_demonstration(cJSON *j, const char *level, int64_t year)
{
    if (level[0]) {
        cJSON *d = cJSON_AddObjectToObject(j, "demonstration");
        cJSON_AddStringToObject(d, "level", level);
        cJSON_AddNumberToObject(d, "year", (double)year);
    } else {
        cJSON_AddNullToObject(j, "demonstration");
    }
}

cJSON *branch_json(const struct branch *b, const struct committee_seat *seats, size_t nseats,
                   bool with_committee)
{
    cJSON *j = cJSON_CreateObject();
    branch_add_json(j, b);
    cJSON_AddBoolToObject(j, "located_elsewhere", relocation_elsewhere(b->office, b->location_code));
    add_demonstration(j, b->demo_level, b->demo_year);
    cJSON *counts = cJSON_AddObjectToObject(j, "member_count");
    cJSON_AddNumberToObject(counts, "primary", (double)b->primary_count);
    cJSON_AddNumberToObject(counts, "participating", (double)b->participants);
    if (with_committee) {
        cJSON *c = cJSON_AddArrayToObject(j, "committee");
        cJSON_AddNullToObject(j, "secretary");
        for (size_t i = 0; i < nseats; i++) {
            cJSON_AddItemToArray(c, committee_seat_json(&seats[i]));
            if (strcmp(seats[i].role, "secretary") == 0) {
                cJSON *sec = cJSON_CreateObject();
                json_add_id(sec, "member_id", seats[i].member_id);
                cJSON_AddStringToObject(sec, "name", seats[i].name);
                cJSON_ReplaceItemInObjectCaseSensitive(j, "secretary", sec);
            }
        }
    }
    cJSON_AddItemToObject(j, "warnings", branch_warnings(b));
    return j;
}

/* One node of the tree, with an empty children array. */
static cJSON *node_json(const struct branch_node *b)
{
    cJSON *j = branch_node_json(b);
    add_demonstration(j, b->demo_level, b->demo_year);
    cJSON_AddArrayToObject(j, "children");
    return j;
}

cJSON *branch_tree_json(const char *office, const struct branch_node *nodes, size_t n)
{
    cJSON *body = cJSON_CreateObject();
    cJSON **made = calloc(n ? n : 1, sizeof(*made));
    cJSON *roots = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        made[i] = node_json(&nodes[i]);
    }
    for (size_t i = 0; i < n; i++) {
        cJSON *home = roots;
        /* nodes are ordered by id: the parent by bisection, not a scan per node */
        size_t lo = 0, hi = nodes[i].parent_id != 0 ? n : 0;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (nodes[mid].id < nodes[i].parent_id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (nodes[i].parent_id != 0 && lo < n && nodes[lo].id == nodes[i].parent_id) {
            home = cJSON_GetObjectItemCaseSensitive(made[lo], "children");
        }
        cJSON_AddItemToArray(home, made[i]);
    }
    free(made);
    cJSON_AddStringToObject(body, "office", office);
    cJSON_AddNumberToObject(body, "count", (double)n);
    cJSON_AddItemToObject(body, "items", roots);
    return body;
}
