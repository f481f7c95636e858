/* The store of `yinhui key rotate-data`: the schema's sealed columns, and for any of them
 * the rows under another key and the compare-and-swap that re-seals one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/pii_rotate.h"

/* Every column sealed with pii_seal under the data key. Blind indexes and the ID-number
 * HMAC (YH_PII_HMAC_KEY) do not depend on the data key; signing keys (office_keys) are
 * under YH_MASTER_KEY; cached bodies and idempotent replies are sealed bound to where
 * they are stored and expire (README, key rotation). */
const struct pii_sealed_col pii_sealed_cols[] = {
    {"members", "id", NULL, "id_enc"},
    {"members", "id", NULL, "phone_enc"},
    {"members", "id", NULL, "address_enc"},
    {"members", "id", NULL, "health_enc"},
    {"volunteers", "id", NULL, "phone_enc"},
    {"talents", "id", NULL, "phone_enc"},
    {"visits", "id", NULL, "notes_enc"},
    {"webhooks", "id", NULL, "secret_enc"},
    {"dues_bases", "member_id", "year", "base_enc"},
    {"lapse_reasons", "member_id", NULL, "note_enc"},
    {"help_requests", "id", NULL, "description_enc"},
    {"help_requests", "id", NULL, "location_enc"},
    {"help_requests", "id", NULL, "resolution_enc"},
    {"hospital_stays", "id", NULL, "hospital_enc"},
    {"hospital_stays", "id", NULL, "ward_enc"},
    {"hospital_stays", "id", NULL, "health_before_enc"},
    {"aftercares", "id", NULL, "cause_enc"},
    {"aftercares", "id", NULL, "reported_by_enc"},
    {"aftercares", "id", NULL, "note_enc"},
    {"aftercare_steps", "aftercare_id", "code", "note_enc"},
    {"aftercare_steps", "aftercare_id", "code", "recipient_enc"},
    {"aftercare_steps", "aftercare_id", "code", "amount_enc"},
    {"excellence_objections", "id", NULL, "text_enc"}, /* 两优一先 (issue 15, h4) */
    /* guides' contact texts (issue 15, h3) */
    {"guide_contacts", "id", NULL, "summary_enc"},
    {"guide_contacts", "id", NULL, "problem_enc"},
    {"guide_follow_ups", "id", NULL, "note_enc"},
};
const size_t pii_sealed_ncols = sizeof(pii_sealed_cols) / sizeof(pii_sealed_cols[0]);
_Static_assert(sizeof(pii_sealed_cols) / sizeof(pii_sealed_cols[0]) <= PII_SEALED_MAX,
               "PII_SEALED_MAX too small");

/* The rows after the cursor: keyset on the primary key, so each batch starts where the
 * last ended and a pass reads the table once. */
enum yh_err rotate_db_stale(struct db *db, const struct pii_sealed_col *c, const unsigned char *hdr,
                            size_t hdrlen, const struct pii_row_key *after, int limit, struct db_rows *rows)
{
    char sql[512];
    if (c->key2 == NULL) {
        snprintf(
            sql, sizeof(sql),
            "SELECT %s, '', %s FROM %s WHERE %s > ? AND %s <> '' AND LEFT(%s, %zu) <> ? ORDER BY %s LIMIT ?",
            c->key, c->col, c->table, c->key, c->col, c->col, hdrlen, c->key);
        struct db_param p[] = {P_I64(after->id), P_BLOB(hdr, hdrlen), P_I64(limit)};
        return db_exec(db, sql, p, 3, rows, NULL, NULL);
    }
    snprintf(
        sql, sizeof(sql),
        "SELECT %s, %s, %s FROM %s WHERE (%s > ? OR (%s = ? AND %s > ?)) AND %s <> '' AND LEFT(%s, %zu) <> ? "
        "ORDER BY %s, %s LIMIT ?",
        c->key, c->key2, c->col, c->table, c->key, c->key, c->key2, c->col, c->col, hdrlen, c->key, c->key2);
    struct db_param p[] = {P_I64(after->id), P_I64(after->id), P_STR(after->sub), P_BLOB(hdr, hdrlen),
                           P_I64(limit)};
    return db_exec(db, sql, p, 5, rows, NULL, NULL);
}

void rotate_db_at(const struct db_rows *rows, size_t i, struct pii_row_key *k, const unsigned char **v,
                  size_t *len)
{
    k->id = db_i64(rows, i, 0);
    DB_CP(k->sub, db_str(rows, i, 1));
    *v = (const unsigned char *)db_str(rows, i, 2);
    *len = db_len(rows, i, 2);
}

enum yh_err rotate_db_swap(struct db *db, const struct pii_sealed_col *c, const struct pii_row_key *k,
                           const void *old, size_t oldlen, const void *v, size_t n, bool *swapped)
{
    char sql[320];
    uint64_t affected = 0; /* rows matched (the connection counts found rows) */
    enum yh_err err;
    if (c->key2 == NULL) {
        snprintf(sql, sizeof(sql), "UPDATE %s SET %s = ? WHERE %s = ? AND %s = ?", c->table, c->col, c->key,
                 c->col);
        struct db_param p[] = {P_BLOB(v, n), P_I64(k->id), P_BLOB(old, oldlen)};
        err = db_exec(db, sql, p, 3, NULL, &affected, NULL);
    } else {
        snprintf(sql, sizeof(sql), "UPDATE %s SET %s = ? WHERE %s = ? AND %s = ? AND %s = ?", c->table,
                 c->col, c->key, c->key2, c->col);
        struct db_param p[] = {P_BLOB(v, n), P_I64(k->id), P_STR(k->sub), P_BLOB(old, oldlen)};
        err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    }
    *swapped = err == YH_OK && affected == 1;
    return err;
}
