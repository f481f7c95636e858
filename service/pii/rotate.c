/* `yinhui key rotate-data`: re-seals every personal value under the current data key,
 * one sealed column at a time (pii_sealed_cols), through the same keyset scan and
 * compare-and-swap for every table. */
#include "yinhui/pii_rotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/crypto.h"
#include "yinhui/pii.h"

#define BATCH 500
/* Batches in a row that lost their first row to the service's writes before rotation
 * gives up on a column (a row rewritten that often is a process still sealing under
 * the old key: restart it with the new one first). */
#define MAX_LOST 50

/* Opens one sealed value and seals its text again under the current key into out.
 * 0, or -1 when no configured key opens it. */
static int reseal(const struct config *cfg, const unsigned char *v, size_t len, struct buf *out)
{
    struct buf plain = {0};
    int rc = -1;
    /* every value was sealed from text (pii_seal), so a NUL inside is not one of ours */
    if (pii_open(cfg, v, len, &plain) == 0 && plain.data != NULL && strlen(plain.data) == plain.len &&
        pii_seal(cfg, plain.data, out) == 0) {
        rc = 0;
    }
    if (plain.data) {
        memset(plain.data, 0, plain.len);
    }
    buf_free(&plain);
    return rc;
}

static void name_row(struct pii_rotate_report *rep, const struct pii_sealed_col *c,
                     const struct pii_row_key *k)
{
    rep->failed = c;
    snprintf(rep->failed_row, sizeof(rep->failed_row), c->key2 ? "%lld/%s" : "%lld", (long long)k->id,
             k->sub);
}

/* Re-seals the rows of one batch in one transaction. *after moves to the last row done;
 * at a lost swap it stays before that row and the batch ends, so the next batch looks at
 * the row again (re-sealing it if the service wrote it under the old key, skipping it
 * if under the current one). *done counts the rows re-sealed, *lost whether it stopped. */
static enum yh_err rotate_batch(const struct config *cfg, struct db *db, const struct pii_sealed_col *c,
                                const struct db_rows *rows, struct pii_row_key *after, size_t *done,
                                bool *lost, struct pii_rotate_report *rep)
{
    struct pii_row_key last = *after;
    size_t n = 0;
    enum yh_err err = db_begin(db);
    *lost = false;
    for (size_t i = 0; err == YH_OK && !*lost && i < rows->nrows; i++) {
        struct pii_row_key k;
        const unsigned char *v;
        size_t len;
        struct buf sealed = {0};
        bool swapped = false;
        rotate_db_at(rows, i, &k, &v, &len);
        if (reseal(cfg, v, len, &sealed) != 0) {
            name_row(rep, c, &k);
            err = YH_ERR_INTERNAL;
        } else {
            err = rotate_db_swap(db, c, &k, v, len, sealed.data, sealed.len, &swapped);
        }
        buf_free(&sealed);
        *lost = err == YH_OK && !swapped;
        if (err == YH_OK && swapped) {
            last = k;
            n++;
        }
    }
    err = db_finish(db, err);
    if (err == YH_OK) {
        *after = last;
        *done += n;
    }
    return err;
}

/* One column, from its first row to its last. */
static enum yh_err rotate_col(const struct config *cfg, struct db *db, const struct pii_sealed_col *c,
                              const unsigned char *hdr, size_t *done, struct pii_rotate_report *rep)
{
    struct pii_row_key after = {0};
    int lost_in_row = 0;
    enum yh_err err = YH_OK;
    while (err == YH_OK) {
        struct db_rows rows;
        size_t before = *done;
        bool lost = false;
        err = rotate_db_stale(db, c, hdr, CRYPTO_HDR, &after, BATCH, &rows);
        if (err != YH_OK) {
            break;
        }
        if (rows.nrows == 0) {
            db_rows_free(&rows);
            break;
        }
        err = rotate_batch(cfg, db, c, &rows, &after, done, &lost, rep);
        db_rows_free(&rows);
        lost_in_row = lost && *done == before ? lost_in_row + 1 : 0;
        if (err == YH_OK && lost_in_row > MAX_LOST) {
            err = YH_ERR_CONFLICT;
        }
    }
    return err;
}

enum yh_err pii_rotate_data(const struct config *cfg, struct db *db, struct pii_rotate_report *rep)
{
    unsigned char hdr[CRYPTO_HDR];
    enum yh_err err = YH_OK;
    memset(rep, 0, sizeof(*rep));
    crypto_header((uint8_t)cfg->data_key_id, hdr);
    for (size_t i = 0; err == YH_OK && i < pii_sealed_ncols; i++) {
        err = rotate_col(cfg, db, &pii_sealed_cols[i], hdr, &rep->resealed[i], rep);
        rep->total += rep->resealed[i];
    }
    return err;
}

size_t pii_rotate_table_count(const struct pii_rotate_report *rep, const char *table)
{
    size_t n = 0;
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        n += strcmp(pii_sealed_cols[i].table, table) == 0 ? rep->resealed[i] : 0;
    }
    return n;
}
