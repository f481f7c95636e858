#include <argon2.h>
#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/util.h"

/* OWASP's Argon2id minimum: 19 MiB, 2 passes, 1 lane. */
#define A_T 2
#define A_M 19456
#define A_P 1

int password_hash(const char *password, char *out, size_t outlen)
{
    unsigned char salt[16];
    if (random_bytes(salt, sizeof(salt)) != 0) {
        return -1;
    }
    return argon2id_hash_encoded(A_T, A_M, A_P, password, strlen(password), salt, sizeof(salt),
                                 32, out, outlen) == ARGON2_OK
               ? 0
               : -1;
}

bool password_verify(const char *encoded, const char *password)
{
    /* a fixed hash of a random string: unknown accounts cost the same as known ones */
    static const char dummy[] =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
        "0Lqsw2C0Ps5OaD5oyDyQmhHXGfOB1a2hFsN0kmD5m6o";
    if (encoded == NULL) {
        argon2id_verify(dummy, password, strlen(password));
        return false;
    }
    return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
}
