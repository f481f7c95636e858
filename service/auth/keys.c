#include "yinhui/keys.h"

#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/auth_db.h"
#include "yinhui/crypto.h"
#include "yinhui/util.h"

enum yh_err keys_rotate(const struct config *cfg, struct db *db, const char *office, char kid[40])
{
    char *priv = NULL;
    char *pub = NULL;
    unsigned char rnd[9];
    char rtxt[16];
    struct buf sealed = {0};
    enum yh_err err = YH_ERR_INTERNAL;

    if (key_generate_es256(&priv, &pub) != 0 || random_bytes(rnd, sizeof(rnd)) != 0 ||
        crypto_seal(cfg->master_key, KEY_SEAL_ID, priv, strlen(priv), &sealed) != 0) {
        goto out;
    }
    b64url_encode(rnd, sizeof(rnd), rtxt);
    snprintf(kid, 40, "%s-%s", office, rtxt);
    err = db_begin(db);
    if (err != YH_OK) {
        goto out;
    }
    err = keys_db_insert(db, kid, office, "ES256", pub, sealed.data, sealed.len);
    if (err == YH_OK) {
        /* the new key alone stays active; the ones before it retire once every token
         * they signed has expired: a process signs with the key its table named newest
         * when loaded, up to YH_KEY_REFRESH_S ago, and a token lives YH_ACCESS_TTL_S
         * (+ the skew a verifier allows). Verifiers drop a retired key at their next
         * reload of the table, at most YH_KEY_REFRESH_S later. */
        err = keys_db_retire_old(db, office, 1, cfg->access_ttl_s + cfg->clock_skew_s + cfg->key_refresh_s);
    }
    err = db_finish(db, err);
out:
    if (priv != NULL) {
        memset(priv, 0, strlen(priv));
    }
    free(priv);
    free(pub);
    if (sealed.data != NULL) {
        memset(sealed.data, 0, sealed.len);
    }
    buf_free(&sealed);
    return err;
}

static bool reload(struct app *app, struct db *db)
{
    struct db_rows rows;
    struct key_row *keys;
    if (keys_db_load_valid(db, &rows) != YH_OK) {
        return false;
    }
    keys = calloc(rows.nrows + 1, sizeof(*keys));
    if (keys == NULL) {
        abort();
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        keys_db_valid_at(&rows, i, &keys[i]);
    }
    keyring_replace(app->keys, rows.nrows, keys);
    free(keys);
    db_rows_free(&rows);
    return true;
}

static pthread_mutex_t stale_lock = PTHREAD_MUTEX_INITIALIZER;

void keys_refresh_if_stale(struct app *app, struct db *db)
{
    /* one thread reloads while the others go on with the table they have (it was
     * loaded before the server started serving) */
    if (keyring_age(app->keys) >= (double)app->cfg.key_refresh_s && pthread_mutex_trylock(&stale_lock) == 0) {
        if (keyring_age(app->keys) >= (double)app->cfg.key_refresh_s) {
            reload(app, db);
        }
        pthread_mutex_unlock(&stale_lock);
    }
}

static pthread_mutex_t forced_lock = PTHREAD_MUTEX_INITIALIZER;

bool keys_refresh_forced(struct app *app, struct db *db)
{
    double asked = mono_s();
    bool ok = false;
    /* one forced reload at a time; a thread that waited for another's reload verifies
     * again against that fresh table (a new office's first tokens arrive together) */
    pthread_mutex_lock(&forced_lock);
    if (mono_s() - keyring_age(app->keys) >= asked) {
        ok = true;
    } else {
        int now = (int)mono_s();
        int last = atomic_load(&app->key_reload_at);
        /* an unknown kid is cheap to send: reload at most once a second */
        if (now != last && atomic_compare_exchange_strong(&app->key_reload_at, &last, now)) {
            ok = reload(app, db);
        }
    }
    pthread_mutex_unlock(&forced_lock);
    return ok;
}

char *keys_sign(const struct config *cfg, struct db *db, const struct claims *c, enum yh_err *err)
{
    struct db_rows rows;
    struct buf pem = {0};
    char *token = NULL;
    *err = keys_db_signing(db, c->office, &rows);
    if (*err != YH_OK) {
        return NULL;
    }
    if (rows.nrows == 0) {
        *err = YH_ERR_UNAVAILABLE; /* office has no key yet: `yinhui key rotate` */
        db_rows_free(&rows);
        return NULL;
    }
    const char *kid = NULL;
    const void *sealed = NULL;
    size_t sealed_len = 0;
    keys_db_signing_key(&rows, &kid, &sealed, &sealed_len);
    if (crypto_open(cfg->master_key, KEY_SEAL_ID, sealed, sealed_len, &pem) != 0) {
        *err = YH_ERR_INTERNAL;
        db_rows_free(&rows);
        return NULL;
    }
    token = token_sign(c, cfg->jwt_aud, kid, pem.data);
    *err = token ? YH_OK : YH_ERR_INTERNAL;
    memset(pem.data, 0, pem.len);
    buf_free(&pem);
    db_rows_free(&rows);
    return token;
}

char *keys_sign_held(struct app *app, struct db *db, const struct claims *c, enum yh_err *err)
{
    bool no_key = false;
    char *token;
    keys_refresh_if_stale(app, db);
    token = keyring_sign(app->keys, app->cfg.master_key, c, app->cfg.jwt_aud, &no_key);
    if (token == NULL && no_key) {
        /* an office whose first key was made after the table was loaded */
        return keys_sign(&app->cfg, db, c, err);
    }
    *err = token != NULL ? YH_OK : YH_ERR_INTERNAL;
    return token;
}
