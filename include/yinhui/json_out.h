#ifndef YINHUI_JSON_OUT_H
#define YINHUI_JSON_OUT_H

#include <cjson/cJSON.h>
#include <stdint.h>

/* Response JSON helpers shared by the handlers. */
/* Adds id as a decimal string (ids are strings in JSON), or null when id is 0. */
void json_add_id(cJSON *obj, const char *name, int64_t id);
/* Adds s, or null when s is empty (the stores' NULL). */
void json_add_opt(cJSON *obj, const char *name, const char *s);

#endif
