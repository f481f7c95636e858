/* /v1/treatment-levels: the office's list of treatment levels (现享受待遇), the defaults
 * of office 000000 (正部级 to 正科级 and 其他) with the office's own rows over them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/reach.h"
#include "yinhui/treatment.h"
#include "yinhui/treatment_db.h"
#include "yinhui/util.h"

static cJSON *level_json(const struct treatment_level *l)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "code", l->code);
    cJSON_AddStringToObject(j, "name", l->name);
    cJSON_AddNumberToObject(j, "rank", (double)l->rank);
    cJSON_AddBoolToObject(j, "retired", l->retired);
    cJSON_AddBoolToObject(j, "own", l->own);
    cJSON_AddNumberToObject(j, "version", (double)l->version);
    return j;
}

/* Replies status with the office's list. */
static void reply_levels(struct req *r, int status, const char *code)
{
    struct treatment_level *l = NULL;
    size_t n = 0;
    enum yh_err err = treatment_levels_db_all(r->db, r->claims.office, &l, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    const struct treatment_level *one = treatment_level_find(l, n, code);
    if (code != NULL && one != NULL) {
        reply_json_take(r, status, level_json(one));
    } else {
        cJSON *body = cJSON_CreateObject();
        cJSON *items = cJSON_AddArrayToObject(body, "items");
        for (size_t i = 0; i < n; i++) {
            cJSON_AddItemToArray(items, level_json(&l[i]));
        }
        reply_json_take(r, status, body);
    }
    free(l);
}

/* GET /v1/treatment-levels: by rank, the highest first. */
void treatment_levels_list(struct req *r)
{
    reply_levels(r, 200, NULL);
}

static const struct field level_fields[] = {
    FIELD_TEXT("name", struct treatment_level, name, 30, FF_REQUIRED),
    FIELD_INT("rank", struct treatment_level, rank, 1, 999, FF_REQUIRED),
    FIELD_BOOL("retired", struct treatment_level, retired, 0),
};

/* PUT /v1/treatment-levels/{code} {name, rank, retired?}: the office's own level of that
 * code (a default's code overrides it); at most TREATMENT_OWN_MAX own rows (409 for a new
 * one; at the cap the existing ones are still renamed or retired). */
void treatment_levels_put(struct req *r)
{
    struct treatment_level l = {0};
    const char *code = path_param(&r->pp, "code");
    int64_t others = 0;
    if (code == NULL || !treatment_code_valid(code)) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "code must be 1 to 24 of a-z, 0-9 and _", NULL);
        return;
    }
    if (!body_read_or_reply(r, level_fields, ARRAY_LEN(level_fields), &l, true, NULL)) {
        return;
    }
    snprintf(l.code, sizeof(l.code), "%s", code);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = treatment_levels_db_others(r->db, r->claims.office, code, &others);
    }
    if (err == YH_OK && others >= TREATMENT_OWN_MAX) {
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = treatment_levels_db_put(r->db, r->claims.office, &l);
    }
    if (err == YH_OK) {
        err = req_audit(r, "treatment_level.put", "treatment_level", 0);
    }
    if (commit_or_reply_conflict(r, err, "treatment level", "an office keeps at most 30 levels of its own")) {
        reply_levels(r, 200, code);
    }
}
