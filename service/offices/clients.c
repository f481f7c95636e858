/* /v1/clients: integration clients of other departments and mini-program backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/clients_db.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/offices.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/typed_rows.h"

/* typed_page's view of a client: its JSON, and its id as the cursor key. */
static cJSON *client_item(const void *c)
{
    return client_json(c);
}
static void client_key(const void *c, char *out, size_t len)
{
    snprintf(out, len, "%lld", (long long)((const struct client *)c)->id);
}

/* GET /v1/clients: the caller's office's clients by id. */
void clients_list(struct req *r)
{
    struct client *rows = NULL;
    size_t n = 0;
    int limit;
    char after[24];
    enum yh_err err;
    if (!page_params_or_reply(r, "clients", &limit, after, sizeof(after))) {
        return;
    }
    err = clients_db_list(r->db, r->claims.office, strtoll(after, NULL, 10), limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, typed_page(r, "clients", rows, n, sizeof(*rows), limit, client_item, client_key));
    free(rows);
}

/* GET /v1/clients/{id}: 404 for another office's client. */
void clients_get(struct req *r)
{
    struct client c;
    int64_t id;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = clients_db_get(r->db, r->claims.office, id, &c);
    if (err != YH_OK) {
        reply_error(r, err, "client");
        return;
    }
    reply_json_take(r, 200, client_json(&c));
}

/* The body of POST /v1/clients: scope is read apart, into scope bits. */
struct client_body {
    char name[401];
};
static const struct field create_fields[] = {
    FIELD_TEXT("name", struct client_body, name, 100, FF_REQUIRED),
    FIELD_OTHER("scope", 0),
};

/* Reads the body into *b and the scope into *bits; false when it has replied 400/422. */
static bool create_body_or_reply(struct req *r, struct client_body *b, unsigned *bits)
{
    const char *scope = NULL;
    char bad[48];
    struct verrs v = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, create_fields, ARRAY_LEN(create_fields), b, true, NULL, &v);
    if (json_get_string(r->json, "scope", true, 400, &scope, &v) &&
        (scopes_parse(scope, bits, bad, sizeof(bad)) != 0 || *bits == 0 ||
         (*bits & ~client_grantable_scopes()) != 0)) {
        verr_add(&v, "scope",
                 "must list scopes an integration client may hold (offices:read branches:read members:read "
                 "volunteers:read volunteers:write talents:read talents:request pii:read)");
    }
    return verrs_ok_or_reply(r, &v);
}

/* New credentials for a client of the caller's office: cid "<office>-<24 hex>", a
 * random secret, and h, the secret's HMAC under the master key (all the store keeps). */
static void client_credentials_new(struct req *r, char cid[40], char secret[64], unsigned char h[32])
{
    unsigned char rnd[12];
    random_bytes(rnd, sizeof(rnd));
    hex_encode(rnd, sizeof(rnd), cid + snprintf(cid, 40, "%s-", r->claims.office));
    random_token(32, secret);
    hmac_sha256(r->app->cfg.master_key, secret, strlen(secret), h);
}

/* POST /v1/clients: 201 with the client and its secret, shown this once (stored as an
 * HMAC). A client given pii:read is audited. */
void clients_create(struct req *r)
{
    struct client_body b = {0};
    unsigned bits = 0;
    char canon[512], cid[40], secret[64];
    unsigned char h[32];
    struct client c;
    int64_t id = 0;
    enum yh_err err;

    if (!create_body_or_reply(r, &b, &bits)) {
        return;
    }
    client_credentials_new(r, cid, secret, h);
    scopes_format(bits, canon, sizeof(canon));
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = clients_db_create(r->db, r->claims.office, cid, b.name, h, canon, &id);
    }
    if (err == YH_OK && (bits & SC_PII_READ)) {
        err = req_audit(r, "client.grant_pii", "client", id); /* a grant of personal data is audited */
    }
    if (err == YH_OK) {
        err = clients_db_get(r->db, r->claims.office, id, &c);
    }
    if (!commit_or_reply(r, err, "client")) {
        return;
    }
    cJSON *o = client_json(&c);
    cJSON_AddStringToObject(o, "client_secret", secret);
    reply_header(r, "Cache-Control", "no-store");
    reply_created_take(r, "/v1/clients", id, o);
}

/* DELETE /v1/clients/{id}: disables the client under If-Match; its tokens expire. */
void clients_delete(struct req *r)
{
    int64_t id, version;
    if (!id_param_or_reply(r, &id) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = clients_db_disable(r->db, r->claims.office, id, version);
    if (err != YH_OK) {
        /* a 404 here has always carried the bare title, unlike GET's "no such client" */
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the client changed since you read it" : NULL,
                      NULL);
        return;
    }
    reply_empty(r, 204);
}
