/* Helpers for the domain's request and response bodies. Request bodies that carry a list (attendance lines,
 * payments, rules, candidates) validate each item on its own and report its faults under
 * the item's name; routes that look things up before reading a declared body refuse
 * unknown members first, as they always have. */
#include <stdio.h>

#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife.h"
#include "yinhui/typed_rows.h"

void items_errors(struct verrs *v, const char *list, size_t k, const struct verrs *e)
{
    for (int i = 0; i < e->n; i++) {
        char f[64];
        snprintf(f, sizeof(f), "%s[%zu]%s%s", list, k, e->e[i].field[0] ? "." : "", e->e[i].field);
        verr_add(v, f, e->e[i].message);
    }
}

cJSON *orglife_rows_json(const struct fm *map, size_t nmap, const void *a, size_t n, size_t size)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(arr, fm_to_json(map, nmap, (const char *)a + i * size));
    }
    return arr;
}
