/* /v1/offices: the GB/T 2260 tree. A caller sees its own office and descendants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/keys.h"
#include "yinhui/offices.h"
#include "yinhui/offices_db.h"
#include "yinhui/offices_rules.h"
#include "yinhui/page.h"
#include "yinhui/typed_rows.h"

/* typed_page's view of an office: its JSON, and its code as the cursor key. */
static cJSON *office_item(const void *o)
{
    return office_json(o);
}
static void office_key(const void *o, char *out, size_t len)
{
    snprintf(out, len, "%s", ((const struct office *)o)->code);
}

/* The body of POST (code, name) and PATCH (the rest, and name). Settings the body does
 * not give stay -1, which the store reads as unchanged. */
struct office_body {
    char code[7];
    char name[401];
    int64_t liaison_cap, points_per_hour, talent_review_years, survey_min_responses, hospital_visit_days,
        guide_contact_days;
};
static const struct field create_fields[] = {
    FIELD_TEXT("code", struct office_body, code, 6, FF_REQUIRED),
    FIELD_TEXT("name", struct office_body, name, 100, FF_REQUIRED),
};
static const struct field patch_fields[] = {
    FIELD_TEXT("name", struct office_body, name, 100, 0),
    FIELD_INT("liaison_cap", struct office_body, liaison_cap, 1, 200, 0),
    FIELD_INT("points_per_hour", struct office_body, points_per_hour, 0, 1000, 0),
    FIELD_INT("talent_review_years", struct office_body, talent_review_years, 1, 10, 0),
    FIELD_INT("survey_min_responses", struct office_body, survey_min_responses, 2, 1000, 0),
    FIELD_INT("hospital_visit_days", struct office_body, hospital_visit_days, 1, 60, 0),
    FIELD_INT("guide_contact_days", struct office_body, guide_contact_days, 1, 365, 0),
};

/* Reads path parameter {code}; 400 unless it is a GB/T 2260 code. */
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

/* GET /v1/offices/{code}: cached per caller office; 404 outside the caller's subtree. */
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
        reply_error(r, err, "office");
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, office_json(&o));
}

/* Checks ?parent= and ?level=; false when it has replied 400. */
static bool list_filters_or_reply(struct req *r, const char *parent, const char *level)
{
    struct verrs v = {0};
    if (parent != NULL && gbt2260_level(parent) == LEVEL_INVALID) {
        verr_add(&v, "parent", "must be a six-digit GB/T 2260 division code");
    }
    if (level != NULL && !offices_level_ok(level)) {
        verr_add(&v, "level", "must be province, prefecture or county");
    }
    if (v.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return false;
    }
    return true;
}

/* GET /v1/offices: the caller's subtree by code, optionally one parent's or one level's. */
void offices_list(struct req *r)
{
    const char *parent = query_get(&r->q, "parent");
    const char *level = query_get(&r->q, "level");
    struct office *rows = NULL;
    size_t n = 0;
    int limit;
    char after[16];

    if (!page_params_or_reply(r, "offices", &limit, after, sizeof(after)) ||
        !list_filters_or_reply(r, parent, level)) {
        return;
    }
    enum yh_err err = offices_db_list(r->db, r->claims.office, parent, level, after, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, typed_page(r, "offices", rows, n, sizeof(*rows), limit, office_item, office_key));
    free(rows);
}

/* Reads POST's body; the code must sit directly under the caller's. False when it has replied. */
static bool create_body_or_reply(struct req *r, struct office_body *b)
{
    struct verrs v = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, create_fields, ARRAY_LEN(create_fields), b, true, NULL, &v);
    if (b->code[0] && !gbt2260_is_child(r->claims.office, b->code)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "must be a GB/T 2260 division code directly under %s", r->claims.office);
        verr_add(&v, "code", msg);
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/offices: a child office with its first signing key, so it can issue tokens
 * at once. 201 with the office; 409 when the code exists. */
void offices_create(struct req *r)
{
    struct office_body b = {0};
    struct office o;
    char kid[40];
    enum yh_err err;

    if (!create_body_or_reply(r, &b)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = offices_db_create(r->db, b.code, r->claims.office, b.name,
                                gbt2260_level_name(gbt2260_level(b.code)));
    }
    if (err == YH_OK) {
        err = keys_rotate(&r->app->cfg, r->db, b.code, kid);
    }
    if (err == YH_OK) {
        err = offices_db_get(r->db, r->claims.office, b.code, &o);
    }
    if (err == YH_ERR_CONFLICT) {
        db_rollback(r->db);
        reply_problem(r, err, "an office with this code exists", NULL);
        return;
    }
    if (!commit_or_reply(r, err, "office")) {
        return;
    }
    req_invalidate(r, b.code);
    /* a GB/T 2260 code has no leading zero: as a number it prints as itself */
    reply_created_take(r, "/v1/offices", strtoll(b.code, NULL, 10), office_json(&o));
}

/* Oversight is read-only: a prefecture or province sees its descendants (404 for any
 * other office) but only an office's own admin changes its settings. Returns true when
 * code is the caller's own office; otherwise it has replied 403 or 404. */
static bool own_office_or_reply(struct req *r, const char *code)
{
    struct office o;
    enum yh_err err;
    if (strcmp(code, r->claims.office) == 0) {
        return true;
    }
    err = offices_db_get(r->db, r->claims.office, code, &o);
    if (err == YH_OK) {
        reply_problem(r, YH_ERR_FORBIDDEN, "only the office's own staff change its settings", NULL);
    } else {
        reply_error(r, err, "office");
    }
    return false;
}

/* Reads PATCH's body; at least one field must be given. False when it has replied. */
static bool patch_body_or_reply(struct req *r, struct office_body *b)
{
    struct verrs v = {0};
    field_set given = 0;
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    b->liaison_cap = b->points_per_hour = b->talent_review_years = b->survey_min_responses =
        b->hospital_visit_days = b->guide_contact_days = -1;
    if (body_read(r, patch_fields, ARRAY_LEN(patch_fields), b, false, &given, &v) && given == 0) {
        verr_add(&v, "name",
                 "give name, liaison_cap, points_per_hour, talent_review_years, survey_min_responses, "
                 "hospital_visit_days or guide_contact_days");
    }
    return verrs_ok_or_reply(r, &v);
}

/* PATCH /v1/offices/{code}: the caller's own office's name and settings, under If-Match. */
void offices_patch(struct req *r)
{
    struct office_body b = {0};
    const char *code = NULL;
    int64_t version = 0;
    struct office o;
    enum yh_err err;

    if (!code_param_or_reply(r, &code) || !own_office_or_reply(r, code) || !patch_body_or_reply(r, &b) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = offices_db_update(r->db, r->claims.office, code, version, b.name[0] ? b.name : NULL,
                                b.liaison_cap, b.points_per_hour, b.talent_review_years,
                                b.survey_min_responses, b.hospital_visit_days, b.guide_contact_days);
    }
    if (err == YH_OK) {
        err = offices_db_get(r->db, r->claims.office, code, &o);
    }
    if (commit_or_reply(r, err, "office")) {
        reply_json_take(r, 200, office_json(&o));
    }
}
