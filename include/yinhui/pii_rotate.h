#ifndef YINHUI_PII_ROTATE_H
#define YINHUI_PII_ROTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/config.h"
#include "yinhui/db.h"

/* One column of the schema holding values sealed with pii_seal under the data key: its
 * table, the table's primary key (key, a BIGINT column, then key2 when the key has two
 * columns) and the column. */
struct pii_sealed_col {
    const char *table;
    const char *key;
    const char *key2; /* NULL: the key is one column */
    const char *col;
};

/* Every sealed column (service/pii/rotate_db.c), a table's columns side by side. A new
 * sealed column goes into this list, or rotation leaves it under the old key
 * (tests/integration/test_rotate.c compares it with the schema's *_enc columns). */
extern const struct pii_sealed_col pii_sealed_cols[];
extern const size_t pii_sealed_ncols;
#define PII_SEALED_MAX 40

struct pii_rotate_report {
    size_t resealed[PII_SEALED_MAX]; /* values re-sealed, per entry of pii_sealed_cols */
    size_t total;
    const struct pii_sealed_col *failed; /* a value no configured key opens is there, or NULL */
    char failed_row[80];                 /* its row's key ("12" or "12/2026") */
};

/* Re-seals every value of every sealed column that is not under YH_DATA_KEY_ID with the
 * current data key (opening it with YH_DATA_KEY_OLD), 500 rows per transaction, each
 * row by compare-and-swap: a value the service rewrote meanwhile is never overwritten
 * (it is looked at again, and counts as current when it is). INTERNAL with rep->failed
 * set when a value opens with no configured key (the values re-sealed before stay: each
 * is whole under the new key). */
enum yh_err pii_rotate_data(const struct config *cfg, struct db *db, struct pii_rotate_report *rep);
/* The values rep counts re-sealed in table (all its sealed columns). */
size_t pii_rotate_table_count(const struct pii_rotate_report *rep, const char *table);

/* ---- the store (rotate_db.c) ---- */
/* A row's primary key: the first column, and the second as text ("" without one). */
struct pii_row_key {
    int64_t id;
    char sub[64];
};
/* Rows of c after `after` in key order whose value is sealed but does not start with hdr
 * (the header of values under the current key; empty and NULL values are skipped), at
 * most limit. */
enum yh_err rotate_db_stale(struct db *db, const struct pii_sealed_col *c, const unsigned char *hdr,
                            size_t hdrlen, const struct pii_row_key *after, int limit, struct db_rows *rows);
/* Row i of rotate_db_stale: its key and sealed value (borrowed from rows). */
void rotate_db_at(const struct db_rows *rows, size_t i, struct pii_row_key *k, const unsigned char **v,
                  size_t *len);
/* Sets c of row k to the n bytes of v only while it still holds the old bytes; *swapped
 * tells whether it did (false: the service wrote the row meanwhile). */
enum yh_err rotate_db_swap(struct db *db, const struct pii_sealed_col *c, const struct pii_row_key *k,
                           const void *old, size_t oldlen, const void *v, size_t n, bool *swapped);

#endif
