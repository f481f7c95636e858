#ifndef YINHUI_IDEM_DB_H
#define YINHUI_IDEM_DB_H

#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/util.h"

/* Idempotency records (see idempotency.h). */
struct idem_row {
    unsigned char hash[32];
    bool done;
    int64_t age_s;
    int status;
    char location[256];
    char content_type[64];
    struct buf body;
};
/* Inserts a running row; CONFLICT when one exists. */
enum yh_err idem_db_claim(struct db *db, const char *office, const char *principal,
                          const char *key, const unsigned char hash[32]);
/* Reads the row: NOT_FOUND when absent. Caller frees row->body. */
enum yh_err idem_db_get(struct db *db, const char *office, const char *principal,
                        const char *key, struct idem_row *row);
/* Takes over a row that is expired (>24 h) or abandoned (running > 60 s). */
enum yh_err idem_db_take_over(struct db *db, const char *office, const char *principal,
                              const char *key, const unsigned char hash[32], bool *taken);
enum yh_err idem_db_finish(struct db *db, const char *office, const char *principal,
                           const char *key, int status, const char *location,
                           const char *content_type, const char *body, size_t len);
enum yh_err idem_db_release(struct db *db, const char *office, const char *principal,
                            const char *key);

#endif
