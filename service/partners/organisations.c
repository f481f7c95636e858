/* /v1/organisations: the office's associations (涉老社团, seed 002: 21 of them share the
 * centre) and partner organisations (多联一, seed 001: the organisation department, the
 * party school, the 直属机关工委, the health and civil-affairs bureaus; seed 002: the
 * hospital, the library). A name is unique per office (a unique key, so concurrent
 * duplicates get 409 too); one that is referenced is retired (active false), not deleted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/page.h"
#include "yinhui/partners.h"
#include "yinhui/partners_db.h"
#include "yinhui/reach.h"

/* kind only on create; active only on a patch. */
static const struct field org_fields[] = {
    FIELD_ENUM("kind", struct organisation, kind, org_kinds, FF_REQUIRED),
    FIELD_ENUM("partner_type", struct organisation, partner_type, org_partner_types, FF_NULLABLE),
    FIELD_TEXT("name", struct organisation, name, ORG_NAME_MAX, FF_REQUIRED),
    FIELD_TEXT("contact", struct organisation, contact, ORG_CONTACT_MAX, FF_NULLABLE),
    FIELD_TEXT("notes", struct organisation, notes, ORG_NOTES_MAX, FF_NULLABLE),
    FIELD_BOOL("active", struct organisation, active, 0),
};
#define ORG_CREATE_FIELDS (ARRAY_LEN(org_fields) - 1)
#define ORG_PATCH_FIELDS (org_fields + 1)
#define ORG_PATCH_N (ARRAY_LEN(org_fields) - 1)

/* Replies status with organisation id of the caller's office (its open pairings with it
 * when with_pairings: a GET of one). */
static void reply_org(struct req *r, int status, int64_t id, bool with_pairings)
{
    struct db_rows rows, prow;
    enum yh_err err = orgs_db_row(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_error(r, err, "organisation");
        return;
    }
    cJSON *j = view_row(&rows, 0, &org_view);
    db_rows_free(&rows);
    if (with_pairings) {
        struct pairing_filter f = {.organisation_id = id, .state = "open", .limit = PAGE_MAX};
        err = pairings_db_list(r->db, r->claims.office, &f, &prow);
        if (err != YH_OK) {
            cJSON_Delete(j);
            reply_problem(r, err, NULL, NULL);
            return;
        }
        cJSON_AddItemToObject(j, "branches", view_rows(&prow, prow.nrows, &pairing_view));
        db_rows_free(&prow);
    }
    if (status == 201) {
        reply_created_take(r, "/v1/organisations", id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* GET /v1/organisations?kind=&active=: the office's organisations, newest first, cached
 * per office (every write of the office invalidates it). */
void orgs_list(struct req *r)
{
    static const char *const bools[] = {"true", "false", NULL};
    const char *kind = NULL, *active = NULL;
    struct db_rows rows;
    struct cache_stamp stamp;
    bool have_stamp = false;
    int limit;
    char after[24], key[96];
    if (!page_params_or_reply(r, "organisations", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "kind", org_kinds, &kind) ||
        !query_enum_or_reply(r, "active", bools, &active)) {
        return;
    }
    int act = active == NULL ? -1 : strcmp(active, "true") == 0;
    snprintf(key, sizeof(key), "orgs:%s:%d:%d:%s", kind ? kind : "", act, limit, after);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = orgs_db_list(r->db, r->claims.office, kind ? kind : "", act,
                                   after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp,
                         page_of_view(r, "organisations", &rows, limit, &org_view));
}

/* Checks that o's kind and partner_type go together. False when it has replied 422. */
static bool org_type_ok_or_reply(struct req *r, const struct organisation *o)
{
    struct verrs v = {0};
    const char *why = org_type_refusal(o->kind, o->partner_type);
    if (why != NULL) {
        verr_add(&v, "partner_type", why);
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/organisations {kind, partner_type?, name, contact?, notes?}: 409 when the name
 * is taken in the office or the office keeps ORGS_PER_OFFICE_MAX already. */
void orgs_create(struct req *r)
{
    struct organisation o = {.active = true};
    int64_t id = 0, n = 0;
    char msg[96] = "an organisation of this office has this name: names are unique per office";
    if (!body_read_or_reply(r, org_fields, ORG_CREATE_FIELDS, &o, true, NULL) ||
        !org_type_ok_or_reply(r, &o)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = orgs_db_count_locked(r->db, r->claims.office, &n);
    }
    if (err == YH_OK && n >= ORGS_PER_OFFICE_MAX) {
        snprintf(msg, sizeof(msg), "an office keeps at most %d organisations", ORGS_PER_OFFICE_MAX);
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = orgs_db_insert(r->db, r->claims.office, &o, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "organisation.create", "organisation", id);
    }
    if (commit_or_reply_conflict(r, err, "organisation", msg)) {
        reply_org(r, 201, id, false);
    }
}

/* GET /v1/organisations/{id}: the organisation and the branches it is paired with now. */
void orgs_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_org(r, 200, id, true);
    }
}

/* PATCH /v1/organisations/{id} (If-Match): partner_type, name, contact, notes, active
 * (false retires it: kept with its history, no new pairings or joint activities). */
void orgs_patch(struct req *r)
{
    struct organisation o;
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, ORG_PATCH_FIELDS, ORG_PATCH_N) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = orgs_db_get(r->db, r->claims.office, id, false, &o);
    if (err != YH_OK) {
        reply_error(r, err, "organisation");
        return;
    }
    if (!body_read_or_reply(r, ORG_PATCH_FIELDS, ORG_PATCH_N, &o, false, NULL) ||
        !org_type_ok_or_reply(r, &o)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = orgs_db_update(r->db, r->claims.office, &o, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "organisation.update", "organisation", id);
    }
    if (commit_or_reply_conflict(
            r, err, "organisation",
            "an organisation of this office has this name: names are unique per office")) {
        reply_org(r, 200, id, false);
    }
}

/* DELETE /v1/organisations/{id} (If-Match): only one never paired, without joint
 * activities and without room bookings (a mistake); 409 otherwise, naming what refers to
 * it: retire it instead. */
void orgs_delete(struct req *r)
{
    struct organisation o;
    int64_t id = 0, version = 0, pairings = 0, joints = 0, bookings = 0;
    char msg[240] = "";
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = orgs_db_get(r->db, r->claims.office, id, true, &o);
    }
    if (err == YH_OK && o.version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK) {
        err = orgs_db_references(r->db, r->claims.office, id, &pairings, &joints, &bookings);
    }
    if (err == YH_OK && pairings + joints + bookings > 0) {
        snprintf(msg, sizeof(msg),
                 "the organisation has %lld pairings, %lld joint activities and %lld room bookings: its "
                 "history stays, retire it (PATCH active false) instead",
                 (long long)pairings, (long long)joints, (long long)bookings);
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = orgs_db_delete(r->db, r->claims.office, id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "organisation.delete", "organisation", id);
    }
    if (commit_or_reply_conflict(r, err, "organisation", msg)) {
        reply_empty(r, 204);
    }
}
