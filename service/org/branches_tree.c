/* GET /v1/branches/tree: an office's organisations nested under their parents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/branch_json.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/org.h"

/* Reads ?name= as true or false (absent: false); false when it has replied 400. */
static bool query_bool_or_reply(struct req *r, const char *name, bool *out)
{
    const char *s = query_get(&r->q, name);
    char msg[64];
    *out = s != NULL && strcmp(s, "true") == 0;
    if (s != NULL && !*out && strcmp(s, "false") != 0) {
        struct verrs e = {0};
        snprintf(msg, sizeof(msg), "%s must be true or false", name);
        verr_add(&e, name, "must be true or false");
        reply_problem(r, YH_ERR_BAD_REQUEST, msg, &e);
        return false;
    }
    return true;
}

/* GET /v1/branches/tree: the office's organisations nested under their parents
 * (?dissolved=true includes dissolved ones; cached per office). */
void branches_tree(struct req *r)
{
    struct cache_stamp stamp;
    bool have_stamp = false, with_dissolved = false;
    struct branch_node *nodes = NULL;
    size_t n = 0;

    if (!query_bool_or_reply(r, "dissolved", &with_dissolved)) {
        return;
    }
    const char *key = with_dissolved ? "bt:all" : "bt";
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = branches_db_tree(r->db, r->claims.office, with_dissolved, &nodes, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = branch_tree_json(r->claims.office, nodes, n);
    free(nodes);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}
