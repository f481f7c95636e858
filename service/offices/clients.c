/* /v1/clients: integration clients of other departments and mini-program backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/auth_db.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/offices.h"
#include "yinhui/http.h"
#include "yinhui/page.h"

static cJSON *client_json(const struct client *c)
{
    char id[24];
    cJSON *j = cJSON_CreateObject();
    snprintf(id, sizeof(id), "%lld", (long long)c->id);
    cJSON_AddStringToObject(j, "id", id);
    cJSON_AddStringToObject(j, "office", c->office);
    cJSON_AddStringToObject(j, "client_id", c->client_id);
    cJSON_AddStringToObject(j, "name", c->name);
    cJSON_AddStringToObject(j, "scope", c->scopes);
    cJSON_AddBoolToObject(j, "disabled", c->disabled);
    cJSON_AddNumberToObject(j, "version", (double)c->version);
    cJSON_AddStringToObject(j, "created_at", c->created_at);
    return j;
}

void clients_list(struct req *r)
{
    struct client *rows = NULL;
    size_t n = 0;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "clients", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = clients_db_list(r->db, r->claims.office, after[0] ? strtoll(after, NULL, 10) : 0,
                                      limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, client_json(&rows[i]));
    }
    char last[24];
    snprintf(last, sizeof(last), "%lld", shown ? (long long)rows[shown - 1].id : 0LL);
    reply_json_take(r, 200, page_body(r, "clients", items, n > shown ? last : NULL));
    free(rows);
}

void clients_get(struct req *r)
{
    struct client c;
    int64_t id;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = clients_db_get(r->db, r->claims.office, id, &c);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such client" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, client_json(&c));
}

static const char *const create_fields[] = {"name", "scope", NULL};

void clients_create(struct req *r)
{
    const char *name = NULL, *scope = NULL;
    unsigned bits = 0;
    char bad[48], canon[512], cid[40], secret[64], loc[48];
    unsigned char rnd[12], h[32];
    struct verrs v = {0};
    struct client c;
    int64_t id = 0;
    enum yh_err err;

    if (!req_fields_or_reply(r, create_fields)) {
        return;
    }
    json_get_string(r->json, "name", true, 100, &name, &v);
    if (json_get_string(r->json, "scope", true, 400, &scope, &v) &&
        (scopes_parse(scope, &bits, bad, sizeof(bad)) != 0 || bits == 0 ||
         (bits & ~client_grantable_scopes()) != 0)) {
        verr_add(&v, "scope",
                 "must list scopes an integration client may hold (offices:read branches:read members:read "
                 "volunteers:read volunteers:write talents:read talents:request pii:read)");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    random_bytes(rnd, sizeof(rnd));
    hex_encode(rnd, sizeof(rnd), cid + snprintf(cid, sizeof(cid), "%s-", r->claims.office));
    random_token(32, secret);
    hmac_sha256(r->app->cfg.master_key, secret, strlen(secret), h);
    scopes_format(bits, canon, sizeof(canon));
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = clients_db_create(r->db, r->claims.office, cid, name, h, canon, &id);
    }
    if (err == YH_OK && (bits & SC_PII_READ)) {
        err = req_audit(r, "client.grant_pii", "client", id); /* a grant of personal data is audited */
    }
    err = db_finish(r->db, err);
    if (err == YH_OK) {
        err = clients_db_get(r->db, r->claims.office, id, &c);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *o = client_json(&c);
    cJSON_AddStringToObject(o, "client_secret", secret); /* shown once, stored as an HMAC */
    snprintf(loc, sizeof(loc), "/v1/clients/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_header(r, "Cache-Control", "no-store");
    reply_json_take(r, 201, o);
}

void clients_delete(struct req *r)
{
    int64_t id, version;
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = clients_db_disable(r->db, r->claims.office, id, version);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the client changed since you read it" : NULL, NULL);
        return;
    }
    reply_empty(r, 204);
}
