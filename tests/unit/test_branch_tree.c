/* The branch tree's nesting without a database (service/org/branch_json.c): nodes in id
 * order go under their parents found by bisection; a node whose parent is not in the
 * list (dissolved and left out) is a root; counts and demonstration are shown. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/branch_json.h"
#include "yinhui/branches_db.h"

static struct branch_node node(int64_t id, int64_t parent, int64_t members)
{
    struct branch_node b;
    memset(&b, 0, sizeof(b));
    b.id = id;
    b.parent_id = parent;
    b.members = members;
    snprintf(b.name, sizeof(b.name), "支部%lld", (long long)id);
    snprintf(b.level, sizeof(b.level), parent ? "branch" : "committee");
    snprintf(b.nature, sizeof(b.nature), "regular");
    snprintf(b.host_type, sizeof(b.host_type), "work_unit");
    return b;
}

/* The ids of arr's items, comma-separated, into out. */
static void ids_of(const cJSON *arr, char *out, size_t len)
{
    const cJSON *it = NULL;
    out[0] = '\0';
    cJSON_ArrayForEach(it, arr)
    {
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s", used ? "," : "",
                 cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring);
    }
}

/* The node of id anywhere under arr, or NULL. */
static const cJSON *find(const cJSON *arr, const char *id)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, arr)
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring, id) == 0) {
            return it;
        }
        const cJSON *below = find(cJSON_GetObjectItemCaseSensitive(it, "children"), id);
        if (below != NULL) {
            return below;
        }
    }
    return NULL;
}

static void nests_under_parents_found_by_id(void **s)
{
    (void)s;
    /* 3 and 9 under 2, 5 under 3, 8 under 1, 12 under 40 (not listed: a root), 2 a root */
    struct branch_node nodes[] = {node(1, 0, 0), node(2, 0, 0),  node(3, 2, 4),   node(5, 3, 6),
                                  node(8, 1, 7), node(9, 2, 11), node(12, 40, 2), node(13, 12, 3)};
    size_t n = sizeof(nodes) / sizeof(nodes[0]);
    char ids[128];
    cJSON *t = branch_tree_json("532801", nodes, n);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(t, "count")->valuedouble, 8);
    const cJSON *roots = cJSON_GetObjectItemCaseSensitive(t, "items");
    ids_of(roots, ids, sizeof(ids));
    assert_string_equal(ids, "1,2,12");
    static const struct {
        const char *id, *children;
    } want[] = {{"1", "8"}, {"2", "3,9"}, {"3", "5"},   {"5", ""},
                {"8", ""},  {"9", ""},    {"12", "13"}, {"13", ""}};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const cJSON *at = find(roots, want[i].id);
        assert_non_null(at);
        ids_of(cJSON_GetObjectItemCaseSensitive(at, "children"), ids, sizeof(ids));
        assert_string_equal(ids, want[i].children);
    }
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(find(roots, "9"), "members")->valuedouble, 11);
    cJSON_Delete(t);
}

static void an_empty_tree(void **s)
{
    (void)s;
    cJSON *t = branch_tree_json("532801", NULL, 0);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "items")), 0);
    cJSON_Delete(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nests_under_parents_found_by_id),
        cmocka_unit_test(an_empty_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
