/* /v1/offices: the GB/T 2260 tree. A caller sees its own office and descendants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/json_in.h"
#include "yinhui/offices.h"
#include "yinhui/http.h"
#include "yinhui/keys.h"
#include "yinhui/offices_db.h"
#include "yinhui/page.h"

static cJSON *office_json(const struct office *o)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "code", o->code);
    cJSON_AddStringToObject(j, "name", o->name);
    cJSON_AddStringToObject(j, "level", o->level);
    if (o->parent[0]) {
        cJSON_AddStringToObject(j, "parent_code", o->parent);
    } else {
        cJSON_AddNullToObject(j, "parent_code");
    }
    cJSON_AddNumberToObject(j, "liaison_cap", (double)o->liaison_cap);
    cJSON_AddNumberToObject(j, "points_per_hour", (double)o->points_per_hour);
    cJSON_AddNumberToObject(j, "talent_review_years", (double)o->talent_review_years);
    cJSON_AddNumberToObject(j, "survey_min_responses", (double)o->survey_min_responses);
    cJSON_AddNumberToObject(j, "version", (double)o->version);
    cJSON_AddStringToObject(j, "created_at", o->created_at);
    cJSON_AddStringToObject(j, "updated_at", o->updated_at);
    return j;
}

/* A write to office code changes what it and its ancestors (who read it as
 * oversight) have cached. */
static void invalidate_chain(struct req *r, const char *code)
{
    char a[7];
    req_invalidate(r, code);
    snprintf(a, sizeof(a), "%.2s0000", code);
    req_invalidate(r, a);
    if (gbt2260_level(code) == LEVEL_COUNTY) {
        snprintf(a, sizeof(a), "%.4s00", code);
        req_invalidate(r, a);
    }
}

static bool code_param_or_reply(struct req *r, const char **code)
{
    *code = path_param(&r->pp, "code");
    if (gbt2260_level(*code) == LEVEL_INVALID) {
        struct verrs v = {0};
        verr_add(&v, "code", "must be a six-digit GB/T 2260 division code");
        reply_problem(r, YH_ERR_BAD_REQUEST, "code must be a six-digit GB/T 2260 division code", &v);
        return false;
    }
    return true;
}

void offices_get(struct req *r)
{
    struct office o;
    struct cache_stamp stamp;
    bool have_stamp = false;
    const char *code = NULL;
    char key[16];
    enum yh_err err;

    if (!code_param_or_reply(r, &code)) {
        return;
    }
    snprintf(key, sizeof(key), "o:%s", code);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    err = offices_db_get(r->db, r->claims.office, code, &o);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such office" : NULL, NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, office_json(&o));
}

void offices_list(struct req *r)
{
    const char *parent = query_get(&r->q, "parent");
    const char *level = query_get(&r->q, "level");
    struct office *rows = NULL;
    size_t n = 0;
    int limit;
    char after[16];
    struct verrs v = {0};

    if (!page_params_or_reply(r, "offices", &limit, after, sizeof(after))) {
        return;
    }
    if (parent != NULL && gbt2260_level(parent) == LEVEL_INVALID) {
        verr_add(&v, "parent", "must be a six-digit GB/T 2260 division code");
    }
    if (level != NULL && strcmp(level, "province") != 0 && strcmp(level, "prefecture") != 0 &&
        strcmp(level, "county") != 0) {
        verr_add(&v, "level", "must be province, prefecture or county");
    }
    if (v.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return;
    }
    enum yh_err err = offices_db_list(r->db, r->claims.office, parent, level, after, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, office_json(&rows[i]));
    }
    reply_json_take(r, 200, page_body(r, "offices", items, n > shown ? rows[shown - 1].code : NULL));
    free(rows);
}

static const char *const create_fields[] = {"code", "name", NULL};

void offices_create(struct req *r)
{
    const char *code = NULL;
    const char *name = NULL;
    struct verrs v = {0};
    struct office o;
    char kid[40];
    char loc[32];
    enum yh_err err;

    if (!req_fields_or_reply(r, create_fields)) {
        return;
    }
    json_get_string(r->json, "code", true, 6, &code, &v);
    json_get_string(r->json, "name", true, 100, &name, &v);
    if (code != NULL && !gbt2260_is_child(r->claims.office, code)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "must be a GB/T 2260 division code directly under %s", r->claims.office);
        verr_add(&v, "code", msg);
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = offices_db_create(r->db, code, r->claims.office, name, gbt2260_level_name(gbt2260_level(code)));
    }
    if (err == YH_OK) {
        err = keys_rotate(&r->app->cfg, r->db, code, kid); /* it can issue tokens at once */
    }
    if (err == YH_OK) {
        err = offices_db_get(r->db, r->claims.office, code, &o);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "an office with this code exists" : NULL, NULL);
        return;
    }
    invalidate_chain(r, code);
    snprintf(loc, sizeof(loc), "/v1/offices/%s", code);
    reply_header(r, "Location", loc);
    reply_json_take(r, 201, office_json(&o));
}

static const char *const patch_fields[] = {
    "name", "liaison_cap", "points_per_hour", "talent_review_years", "survey_min_responses", NULL};

void offices_patch(struct req *r)
{
    const char *code = NULL;
    const char *name = NULL;
    int64_t version = 0;
    struct verrs v = {0};
    struct office o;
    enum yh_err err;

    if (!code_param_or_reply(r, &code)) {
        return;
    }
    if (strcmp(code, r->claims.office) != 0) {
        /* oversight is read-only: a prefecture or province sees its descendants (404 for
         * any other office) but only an office's own admin changes its settings */
        err = offices_db_get(r->db, r->claims.office, code, &o);
        if (err == YH_OK) {
            reply_problem(r, YH_ERR_FORBIDDEN, "only the office's own staff change its settings", NULL);
        } else {
            reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such office" : NULL, NULL);
        }
        return;
    }
    if (!req_fields_or_reply(r, patch_fields) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    int64_t cap = -1, pph = -1, years = -1, kmin = -1;
    json_get_string(r->json, "name", false, 100, &name, &v);
    json_get_int(r->json, "liaison_cap", false, 1, 200, &cap, NULL, &v);
    json_get_int(r->json, "points_per_hour", false, 0, 1000, &pph, NULL, &v);
    json_get_int(r->json, "talent_review_years", false, 1, 10, &years, NULL, &v);
    json_get_int(r->json, "survey_min_responses", false, 2, 1000, &kmin, NULL, &v);
    if (v.n == 0 && name == NULL && cap < 0 && pph < 0 && years < 0 && kmin < 0) {
        verr_add(&v, "name",
                 "give name, liaison_cap, points_per_hour, talent_review_years or survey_min_responses");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = offices_db_update(r->db, r->claims.office, code, version, name, cap, pph, years, kmin);
    if (err == YH_OK) {
        err = offices_db_get(r->db, r->claims.office, code, &o);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the office changed since you read it" : NULL, NULL);
        return;
    }
    invalidate_chain(r, code);
    reply_json_take(r, 200, office_json(&o));
}
