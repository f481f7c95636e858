/* /v1/help-categories: the office's urgent-help categories and their deadlines (defaults
 * of office 000000, which an office overrides, retires or adds to). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/help.h"
#include "yinhui/help_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"

/* c as the API shows it (respond_hours null: the same day). Caller owns the result. */
static cJSON *category_json(const struct help_category *c)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "code", c->code);
    cJSON_AddStringToObject(j, "name", c->name);
    if (c->respond_hours > 0) {
        cJSON_AddNumberToObject(j, "respond_hours", (double)c->respond_hours);
    } else {
        cJSON_AddNullToObject(j, "respond_hours");
    }
    cJSON_AddNumberToObject(j, "resolve_hours", (double)c->resolve_hours);
    cJSON_AddBoolToObject(j, "retired", c->retired);
    cJSON_AddBoolToObject(j, "own", c->own);
    return j;
}

/* GET /v1/help-categories[?all=true]: the office's categories by code (retired ones only
 * with all), cached per office. */
void help_categories_list(struct req *r)
{
    static const char *const bools[] = {"true", "false", NULL};
    struct help_category *cats = NULL;
    struct cache_stamp stamp;
    bool have_stamp = false;
    const char *all = NULL;
    size_t n = 0;
    if (!query_enum_or_reply(r, "all", bools, &all)) {
        return;
    }
    bool with_retired = all != NULL && strcmp(all, "true") == 0;
    const char *key = with_retired ? "helpcat:all" : "helpcat:active";
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = help_categories_db_list(r->db, r->claims.office, with_retired, &cats, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(items, category_json(&cats[i]));
    }
    free(cats);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* The body of PUT /v1/help-categories/{code}; respond_hours (null: the same day) is read
 * by hand, a body field cannot be a nullable number. */
static const struct field category_fields[] = {
    FIELD_TEXT("name", struct help_category, name, 60, 0),
    FIELD_OTHER("respond_hours", 0),
    FIELD_INT("resolve_hours", struct help_category, resolve_hours, 1, HELP_HOURS_MAX, 0),
    FIELD_BOOL("retired", struct help_category, retired, 0),
};

/* Reads the body over *c (the category as it is, or a new one) and checks what a new one
 * needs and that a response is not due after the resolution. */
static bool category_read_or_reply(struct req *r, struct help_category *c, bool is_new)
{
    struct verrs v = {0};
    field_set given = 0;
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, category_fields, ARRAY_LEN(category_fields), c, false, &given, &v);
    const cJSON *rh = cJSON_GetObjectItemCaseSensitive(r->json, "respond_hours");
    if (cJSON_IsNull(rh)) {
        c->respond_hours = 0;
    } else if (rh != NULL) {
        bool present = false;
        json_get_int(r->json, "respond_hours", false, 1, HELP_HOURS_MAX, &c->respond_hours, &present, &v);
    }
    if (is_new && !body_given(category_fields, ARRAY_LEN(category_fields), given, "name")) {
        verr_add(&v, "name", "is required for a new category");
    }
    if (is_new && !body_given(category_fields, ARRAY_LEN(category_fields), given, "resolve_hours")) {
        verr_add(&v, "resolve_hours", "is required for a new category");
    }
    if (v.n == 0 && c->respond_hours > c->resolve_hours) {
        verr_add(&v, "respond_hours", "must not exceed resolve_hours");
    }
    return verrs_ok_or_reply(r, &v);
}

/* PUT /v1/help-categories/{code} (staff): overrides a category for the office (name,
 * deadlines, retired) or adds one; 201 for a new code, 200 otherwise. */
void help_categories_put(struct req *r)
{
    struct help_category c = {0};
    const char *code = path_param(&r->pp, "code");
    if (code == NULL || !help_code_ok(code)) {
        struct verrs v = {0};
        verr_add(&v, "code", "must be 1 to 24 of a-z and _");
        reply_problem(r, YH_ERR_BAD_REQUEST, "code must be 1 to 24 of a-z and _", &v);
        return;
    }
    enum yh_err err = help_categories_db_get(r->db, r->claims.office, code, &c);
    bool is_new = err == YH_ERR_NOT_FOUND;
    if (err != YH_OK && !is_new) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    snprintf(c.code, sizeof(c.code), "%s", code);
    if (!category_read_or_reply(r, &c, is_new)) {
        return;
    }
    int64_t own = 0;
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = help_categories_db_own_others(r->db, r->claims.office, code, &own);
    }
    if (err == YH_OK && own >= HELP_CATEGORIES_OWN_MAX) {
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = help_categories_db_put(r->db, r->claims.office, &c);
    }
    if (err == YH_OK) {
        err = help_categories_db_get(r->db, r->claims.office, code, &c);
    }
    if (commit_or_reply_conflict(r, err, "help category", "an office keeps at most 30 help categories of its own")) {
        char loc[64];
        snprintf(loc, sizeof(loc), "/v1/help-categories/%s", c.code);
        reply_header(r, "Location", loc);
        reply_json_take(r, is_new ? 201 : 200, category_json(&c));
    }
}
