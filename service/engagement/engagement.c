/* Helpers the engagement domain's handlers and store files share (see engagement.h). */
#include "yinhui/engagement.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"



void engagement_items_reply(struct req *r, enum yh_err err, const void *rows, size_t n, size_t size,
                            cJSON *(*to_json)(const void *row))
{
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(items, to_json((const char *)rows + i * size));
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}

