/* libFuzzer: bearer token verification with a real ES256 key in the key table — header
 * checks before libjwt, claims checks after. Nothing but TOK_INVALID or
 * TOK_UNKNOWN_KID may come out of random input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/config.h"

static struct config cfg;
static struct keyring *keys;

static const char *cfg_get(const char *name)
{
    static const char k[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    if (strcmp(name, "YH_MASTER_KEY") == 0 || strcmp(name, "YH_DATA_KEY") == 0 || strcmp(name, "YH_PII_HMAC_KEY") == 0) {
        return k;
    }
    if (strcmp(name, "YH_REDIS_PASSWORD") == 0) {
        return "fuzz-redis-password-unused";
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    struct claims c;
    if (keys == NULL) {
        char err[256], *priv = NULL, *pub = NULL;
        if (config_load(&cfg, cfg_get, err, sizeof(err)) != 0 || key_generate_es256(&priv, &pub) != 0) {
            abort();
        }
        const struct key_row row = {"532801-fuzz", "532801", "ES256", pub, NULL, 0};
        keys = keyring_new();
        keyring_replace(keys, 1, &row);
        free(priv);
        free(pub);
    }
    char *tok = malloc(n + 1);
    if (tok == NULL) {
        return 0;
    }
    memcpy(tok, data, n);
    tok[n] = '\0';
    if (token_verify(&cfg, keys, NULL, tok, 1795000000, &c) == TOK_OK) {
        abort(); /* random input never carries a valid ES256 signature */
    }
    free(tok);
    return 0;
}
