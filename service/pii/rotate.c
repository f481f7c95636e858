/* `yinhui key rotate-data`: re-seals every personal value under the current data key. */
#include "yinhui/pii_rotate.h"

#include <stdlib.h>
#include <string.h>

#include "yinhui/members_db.h"
#include "yinhui/pii.h"

/* Opens one sealed column and seals it again under the current key, in place. */
static int reseal(const struct config *cfg, unsigned char *v, size_t cap, size_t *len)
{
    struct buf plain = {0}, sealed = {0};
    int rc = -1;
    if (*len == 0 || pii_key_id(v, *len) == cfg->data_key_id) {
        return 0;
    }
    if (pii_open(cfg, v, *len, &plain) == 0 && pii_seal(cfg, plain.data, &sealed) == 0 && sealed.len <= cap) {
        memcpy(v, sealed.data, sealed.len);
        *len = sealed.len;
        rc = 0;
    }
    if (plain.data) {
        memset(plain.data, 0, plain.len);
    }
    buf_free(&plain);
    buf_free(&sealed);
    return rc;
}

enum yh_err pii_rotate_data(const struct config *cfg, struct db *db, size_t *count)
{
    int64_t after = 0;
    enum yh_err err = YH_OK;
    *count = 0;
    for (;;) {
        struct db_rows rows;
        err = members_db_stale_keys(db, (int)cfg->data_key_id, after, 500, &rows);
        if (err != YH_OK || rows.nrows == 0) {
            if (err == YH_OK) {
                db_rows_free(&rows);
            }
            break;
        }
        err = db_begin(db);
        for (size_t i = 0; err == YH_OK && i < rows.nrows; i++) {
            struct member m;
            const char *office = NULL;
            members_db_stale_at(&rows, i, &after, &office);
            err = members_db_get_for_update(db, office, after, &m);
            if (err == YH_OK &&
                (reseal(cfg, m.id_enc, sizeof(m.id_enc), &m.id_enc_len) != 0 ||
                 reseal(cfg, m.phone_enc, sizeof(m.phone_enc), &m.phone_enc_len) != 0 ||
                 reseal(cfg, m.address_enc, sizeof(m.address_enc), &m.address_enc_len) != 0 ||
                 reseal(cfg, m.health_enc, sizeof(m.health_enc), &m.health_enc_len) != 0)) {
                err = YH_ERR_INTERNAL; /* a value no configured key opens */
            }
            if (err == YH_OK) {
                err = members_db_reseal(db, &m);
            }
            if (err == YH_OK) {
                (*count)++;
            }
        }
        db_rows_free(&rows);
        err = db_finish(db, err);
        if (err != YH_OK) {
            break;
        }
    }
    return err;
}
