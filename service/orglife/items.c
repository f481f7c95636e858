/* Bodies that carry a list (attendance lines, payments, rules, candidates) validate each
 * item on its own and report its faults under the item's name. */
#include <stdio.h>

#include "yinhui/json_in.h"
#include "yinhui/orglife.h"

void items_errors(struct verrs *v, const char *list, size_t k, const struct verrs *e)
{
    for (int i = 0; i < e->n; i++) {
        char f[64];
        snprintf(f, sizeof(f), "%s[%zu]%s%s", list, k, e->e[i].field[0] ? "." : "", e->e[i].field);
        verr_add(v, f, e->e[i].message);
    }
}
