/* /v1/talent-categories: the fields of expertise an office sorts its talent pool by. */
#include <stddef.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/reach.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/talents_rules.h"

#include "talents_http.h"

/* name at most 60 characters; code checked by talent_code_ok */
static const struct field tcat_fields[] = {
    FIELD_TEXT("code", struct talent_category, code, 40, 0),
    FIELD_TEXT("name", struct talent_category, name, 60, 0),
    FIELD_BOOL("retired", struct talent_category, retired, 0),
};
/* create takes code and name; patch name and retired */
#define TCAT_CREATE_FIELDS 2

/* GET /v1/talent-categories — the office's, seeded with the common ones on first use. */
void tcats_list(struct req *r)
{
    struct db_rows rows;
    enum yh_err err = tcat_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = tcat_db_list(r->db, r->claims.office, &rows);
    }
    vol_reply_items(r, err, &rows, &tcat_view);
}

/* Replies status with category id of the caller's office. */
static void reply_category(struct req *r, int status, int64_t id)
{
    struct db_rows rows;
    enum yh_err err = tcat_db_row(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = view_row(&rows, 0, &tcat_view);
    db_rows_free(&rows);
    reply_json_take(r, status, j);
}

/* POST /v1/talent-categories — 409 when the code is taken. */
void tcats_create(struct req *r)
{
    struct talent_category c = {0};
    struct verrs v = {0};
    int64_t id = 0;
    if (!body_read_or_reply(r, tcat_fields, TCAT_CREATE_FIELDS, &c, true, NULL)) {
        return;
    }
    if (!talent_code_ok(c.code)) {
        verr_add(&v, "code", "must be 2-40 characters of a-z, 0-9 and _");
    } else if (!c.name[0]) {
        verr_add(&v, "name", "is required");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = tcat_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = db_begin(r->db);
    }
    if (err == YH_OK) {
        err = tcat_db_insert(r->db, r->claims.office, c.code, c.name, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_category.create", "talent_category", id);
    }
    if (commit_or_reply_conflict(r, err, "category", "a category with this code exists")) {
        reply_category(r, 201, id);
    }
}

/* PATCH /v1/talent-categories/{id} — name and retired, If-Match the version. */
void tcats_patch(struct req *r)
{
    struct talent_category c = {0};
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, tcat_fields + 1, ARRAY_LEN(tcat_fields) - 1) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = tcat_db_get(r->db, r->claims.office, id, &c);
    if (err != YH_OK) {
        reply_error(r, err, "category");
        return;
    }
    if (!body_read_or_reply(r, tcat_fields + 1, ARRAY_LEN(tcat_fields) - 1, &c, false, NULL)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = tcat_db_update(r->db, r->claims.office, &c, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_category.update", "talent_category", id);
    }
    if (commit_or_reply(r, err, "category")) {
        reply_category(r, 200, id);
    }
}
