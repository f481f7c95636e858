/* GET /v1/auth/jwks: the public keys other departments verify our tokens with. */
#include <stdlib.h>

#include "yinhui/auth_db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/offices.h"

/* The JWK of key k, or NULL when its PEM is not a P-256 public key. Caller owns it. */
static cJSON *jwk_of(const struct public_key *k)
{
    char x[48], y[48];
    cJSON *j = NULL;
    if (key_public_jwk(k->pem, x, y) != 0) {
        return NULL;
    }
    j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "kty", "EC");
    cJSON_AddStringToObject(j, "crv", "P-256");
    cJSON_AddStringToObject(j, "x", x);
    cJSON_AddStringToObject(j, "y", y);
    cJSON_AddStringToObject(j, "kid", k->kid);
    cJSON_AddStringToObject(j, "alg", "ES256");
    cJSON_AddStringToObject(j, "use", "sig");
    return j;
}

/* Public route; ?office= narrows the set to one office's keys. */
void auth_jwks(struct req *r)
{
    const char *office = query_get(&r->q, "office");
    struct public_key *keys = NULL;
    size_t n = 0;
    enum yh_err err;
    if (office != NULL && gbt2260_level(office) == LEVEL_INVALID) {
        struct verrs v = {0};
        verr_add(&v, "office", "must be a six-digit GB/T 2260 division code");
        reply_problem(r, YH_ERR_BAD_REQUEST, "office must be a division code", &v);
        return;
    }
    err = keys_db_public(r->db, office, &keys, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "keys");
    for (size_t i = 0; i < n; i++) {
        cJSON *k = jwk_of(&keys[i]);
        if (k != NULL) {
            cJSON_AddItemToArray(arr, k);
        }
    }
    free(keys);
    reply_json_take(r, 200, o);
}
