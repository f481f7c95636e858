/* Helpers the engagement domain's handlers and store files share (see engagement.h). */
#include "yinhui/engagement.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"

bool engagement_commit_or_reply(struct req *r, enum yh_err err, const char *what, const char *conflict)
{
    if (err == YH_ERR_CONFLICT) {
        db_finish(r->db, err);
        reply_problem(r, err, conflict, NULL);
        return false;
    }
    return commit_or_reply(r, err, what);
}

cJSON *engagement_split_json(const char *s, char sep, size_t max)
{
    cJSON *a = cJSON_CreateArray();
    const char seps[2] = {sep, '\0'};
    char t[401];
    size_t cap = max < sizeof(t) - 1 ? max : sizeof(t) - 1;
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, seps);
        snprintf(t, sizeof(t), "%.*s", (int)(n < cap ? n : cap), p);
        cJSON_AddItemToArray(a, cJSON_CreateString(t));
        p += n;
        p += *p == sep;
    }
    return a;
}

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

enum yh_err engagement_db_move(struct db *db, const char *sql, const struct db_param *p, size_t n,
                               const char *exists, const char *office, int64_t id)
{
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, n, NULL, &affected, NULL);
    if (err != YH_OK || affected == 1) {
        return err;
    }
    err = db_why_not_updated(db, exists, office, id);
    return err == YH_ERR_PRECONDITION ? YH_ERR_CONFLICT : err;
}
