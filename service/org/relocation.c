/* Members living elsewhere (issue 15, 四就近): the member's consent to the host office
 * of the place it lives in, the home office's grants to host offices, and the host's
 * read-only list of the consenting members living in its area. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/relocation.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* The body of PUT /v1/members/{id}/nearby-consent. */
struct consent_body {
    bool consent;
};
static const struct field consent_fields[] = {
    FIELD_BOOL("consent", struct consent_body, consent, FF_REQUIRED),
};

/* Sets member id's consent to c inside the caller's unit of work when the member is at
 * version (PRECONDITION otherwise), the day following a change, and reads the member back
 * into m. */
static enum yh_err consent_write(struct req *r, int64_t id, int64_t version, bool c, struct member *m)
{
    enum yh_err err = members_db_get_for_update(r->db, r->claims.office, id, m);
    if (err == YH_OK && m->version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK && (m->nearby_consent != c || !m->nearby_consent_on[0])) {
        m->nearby_consent = c;
        today_cn(m->nearby_consent_on);
        err = members_db_update(r->db, m, m->version);
        if (err == YH_OK) {
            err = req_audit(r, c ? "member.nearby_consent" : "member.nearby_consent_withdrawn", "member", id);
        }
        if (err == YH_OK) {
            err = members_db_get(r->db, r->claims.office, id, m);
        }
    }
    return err;
}

/* PUT /v1/members/{id}/nearby-consent {consent} (If-Match: the member's version, the app's
 * too): the member itself in the app (its own id only) or staff set whether the host office of the place it
 * lives in may see it. */
void members_nearby_consent_put(struct req *r)
{
    struct consent_body b = {false};
    struct member m;
    char today[11];
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !member_reachable_or_reply(r, id) ||
        !req_if_match_or_reply(r, &version) ||
        !body_read_or_reply(r, consent_fields, ARRAY_LEN(consent_fields), &b, true, NULL)) {
        return;
    }
    if (req_is_client(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the member or office staff give consent, not an integration",
                      NULL);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = consent_write(r, id, version, b.consent, &m);
    }
    if (!commit_or_reply(r, err, "member")) {
        return;
    }
    today_cn(today);
    cJSON *j = member_json(&r->app->cfg, &m, false, today);
    if (j == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, "a personal value could not be decrypted", NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

/* The body of POST /v1/relocation-grants. */
struct grant_body {
    char host_office[7];
};
static const struct field grant_fields[] = {
    FIELD_TEXT("host_office", struct grant_body, host_office, 6, FF_REQUIRED),
};

/* Reads and checks the grant's host office; false when it has replied. */
static bool grant_body_or_reply(struct req *r, struct grant_body *b)
{
    struct verrs v = {0};
    bool exists = false;
    if (!body_read_or_reply(r, grant_fields, ARRAY_LEN(grant_fields), b, true, NULL)) {
        return false;
    }
    const char *why = relocation_host_refusal(r->claims.office, b->host_office);
    enum yh_err err = why == NULL ? relocation_db_office_exists(r->db, b->host_office, &exists) : YH_OK;
    if (why != NULL || (err == YH_OK && !exists)) {
        verr_add(&v, "host_office", why != NULL ? why : "no such office");
    }
    if (!checks_ok_or_reply(r, err, &v)) {
        return false;
    }
    /* said before the write (the unique key still holds concurrent posts) */
    err = relocation_db_grant_open(r->db, r->claims.office, b->host_office, &exists);
    if (err != YH_OK || exists) {
        reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT,
                      err != YH_OK ? NULL : "a grant to this host office is open already (revoke it first)",
                      NULL);
        return false;
    }
    return true;
}

/* Replies status with grant id of the caller's office (read in the unit of work err ends). */
static void grant_reply(struct req *r, enum yh_err err, int64_t id, bool created)
{
    struct relocation_grant g;
    if (err == YH_OK) {
        err = relocation_db_grant_get(r->db, r->claims.office, id, &g);
    }
    if (!commit_or_reply_conflict(r, err, "grant",
                                  created ? "a grant to this host office is open already (revoke it first)"
                                          : "the grant is revoked already")) {
        return;
    }
    if (created) {
        reply_created_take(r, "/v1/relocation-grants", id, relocation_grant_json(&g));
    } else {
        reply_json_take(r, 200, relocation_grant_json(&g));
    }
}

/* POST /v1/relocation-grants {host_office}: the office lets a host office read its
 * consenting members living in the host's area. */
void relocation_grants_create(struct req *r)
{
    struct grant_body b = {""};
    int64_t id = 0;
    if (!grant_body_or_reply(r, &b)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = relocation_db_grant(r->db, r->claims.office, b.host_office, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "relocation.grant", "relocation_grant", id);
    }
    grant_reply(r, err, id, true);
}

static cJSON *grant_page_json(const void *row)
{
    return relocation_grant_json(row);
}

/* GET /v1/relocation-grants: the office's grants, revoked ones included, oldest first. */
void relocation_grants_list(struct req *r)
{
    struct relocation_grant *rows = NULL;
    size_t n = 0;
    int limit = 0;
    char after[24];
    if (!page_params_or_reply(r, "relocation-grants", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = relocation_db_grants(r->db, r->claims.office, after[0] ? strtoll(after, NULL, 10) : 0,
                                           limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(
        r, 200,
        typed_page(r, "relocation-grants", rows, n, sizeof(*rows), limit, grant_page_json, typed_key_id));
    free(rows);
}

/* DELETE /v1/relocation-grants/{id} (If-Match): revokes the grant (kept, with who and
 * when); the host's list loses the office's members at once. */
void relocation_grants_revoke(struct req *r)
{
    struct relocation_grant g;
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = relocation_db_grant_get(r->db, r->claims.office, id, &g);
    }
    if (err == YH_OK && g.revoked_at[0]) {
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = relocation_db_revoke(r->db, r->claims.office, id, version, r->claims.sub);
    }
    if (err == YH_OK) {
        err = req_audit(r, "relocation.revoke", "relocation_grant", id);
    }
    grant_reply(r, err, id, false);
}

/* What a page of hosted members shows and whom it audits. */
struct hosted_ctx {
    struct req *r;
    bool reveal;
    bool failed;
};

/* A revealed hosted member is audited twice: in the host's log, and in the home
 * office's trail as a read by the host office (actor "<host>/<account>"). */
static enum yh_err hosted_audit(struct req *r, const struct hosted_member *m)
{
    enum yh_err err = req_audit(r, "member.read_pii_hosted", "member", m->id);
    return err == YH_OK ? req_audit_in(r, m->office, "member.read_by_host", "member", m->id) : err;
}

/* One hosted member as its host sees it: masked name and phone unless revealed. */
static cJSON *hosted_json(const void *row, void *vctx)
{
    const struct hosted_member *m = row;
    struct hosted_ctx *c = vctx;
    char phone[32] = "", shown[64];
    if (m->phone_enc_len &&
        pii_open_into(&c->r->app->cfg, m->phone_enc, m->phone_enc_len, phone, sizeof(phone))) {
        return NULL;
    }
    if (c->reveal && hosted_audit(c->r, m) != YH_OK) {
        c->failed = true;
        return NULL;
    }
    cJSON *j = cJSON_CreateObject();
    hosted_member_add_json(j, m);
    if (c->reveal) {
        cJSON_AddStringToObject(j, "name", m->name);
    } else {
        relocation_mask_name(m->name, shown, sizeof(shown));
        cJSON_AddStringToObject(j, "name", shown);
    }
    cJSON_AddNumberToObject(j, "birth_year", atoi(m->birth_date));
    if (phone[0] && !c->reveal) {
        mask_phone(phone, shown, sizeof(shown));
    }
    if (phone[0]) {
        cJSON_AddStringToObject(j, "phone", c->reveal ? phone : shown);
    } else {
        cJSON_AddNullToObject(j, "phone");
    }
    cJSON_AddStringToObject(j, "pii", c->reveal ? "full" : "masked");
    return j;
}

/* Reads ?from_office= (an office code or absent); false when it has replied 400. */
static bool from_office_or_reply(struct req *r, const char **from)
{
    *from = query_get(&r->q, "from_office");
    if (*from != NULL && relocation_code_refusal(*from) != NULL) {
        struct verrs e = {0};
        verr_add(&e, "from_office", "must be an office's six-digit GB/T 2260 division code");
        reply_problem(r, YH_ERR_BAD_REQUEST, "from_office must be an office code", &e);
        return false;
    }
    return true;
}

/* GET /v1/hosted-members: the relocated members living in the caller's area whose home
 * offices granted it and who consented (四就近), masked unless ?reveal=true (audited
 * here and in each home office). Never cached: a grant, a revocation or a consent in
 * another office changes it at once. */
void hosted_members_list(struct req *r)
{
    struct hosted_member *rows = NULL;
    size_t n = 0;
    int limit = 0;
    bool ok = true;
    char after[24];
    const char *from = NULL;
    struct hosted_ctx c = {r, reveal_requested(r, &ok), false};
    if (!ok || !page_params_or_reply(r, "hosted-members", &limit, after, sizeof(after)) ||
        !from_office_or_reply(r, &from)) {
        return;
    }
    enum yh_err err = relocation_db_hosted(r->db, r->claims.office, from, 0,
                                           after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body =
        typed_page_ctx(r, "hosted-members", rows, n, sizeof(*rows), limit, hosted_json, &c, typed_key_id);
    free(rows);
    if (body == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, c.failed ? "the read could not be audited" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, body);
}

/* GET /v1/hosted-members/{id}: one of them; 404 for anyone the list would not show. */
void hosted_members_get(struct req *r)
{
    struct hosted_member *rows = NULL;
    size_t n = 0;
    int64_t id = 0;
    bool ok = true;
    struct hosted_ctx c = {r, reveal_requested(r, &ok), false};
    if (!ok || !id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = relocation_db_hosted(r->db, r->claims.office, NULL, id, 0, 1, &rows, &n);
    if (err == YH_OK && n == 0) {
        err = YH_ERR_NOT_FOUND;
    }
    cJSON *j = err == YH_OK ? hosted_json(&rows[0], &c) : NULL;
    free(rows);
    if (err != YH_OK) {
        reply_error(r, err, "member");
        return;
    }
    if (j == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, c.failed ? "the read could not be audited" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}
