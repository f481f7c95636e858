#include "yinhui/json_out.h"

#include <stdio.h>

void json_add_id(cJSON *obj, const char *name, int64_t id)
{
    char s[24];
    if (id == 0) {
        cJSON_AddNullToObject(obj, name);
        return;
    }
    snprintf(s, sizeof(s), "%lld", (long long)id);
    cJSON_AddStringToObject(obj, name, s);
}

void json_add_opt(cJSON *obj, const char *name, const char *s)
{
    if (s[0]) {
        cJSON_AddStringToObject(obj, name, s);
    } else {
        cJSON_AddNullToObject(obj, name);
    }
}
