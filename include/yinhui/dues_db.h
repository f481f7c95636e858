#ifndef YINHUI_DUES_DB_H
#define YINHUI_DUES_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

/* Party dues (/v1/dues): payments per member and month. */

struct due {
    int64_t member_id, amount_fen;
    char month[8], paid_on[11], paid_by[8], proxy_name[401], channel[8];
};
/* Records d in office (by: the caller's subject); CONFLICT when the month is already
 * recorded for the member. */
enum yh_err dues_db_insert(struct db *db, const char *office, const struct due *d, const char *by);

/* One active member with what it paid in a window (a row of dues_db_paid); payer_map
 * shows member_id, name, branch_id and paid_fen. */
struct due_payer {
    int64_t member_id, branch_id, paid, paid_fen;
    char name[201], branch_name[401], joined_month[8]; /* joined_month "" when unknown */
};
extern const struct fm payer_map[];
extern const size_t payer_map_n;
/* Active members (of branch, 0: all) of the office with the months they paid in
 * [from, to] (YYYY-MM), into a new array *out (caller frees), *n of them. */
enum yh_err dues_db_paid(struct db *db, const char *office, int64_t branch_id, const char *from,
                         const char *to, struct due_payer **out, size_t *n);

/* One payment for the export; text "" for none. */
struct due_line {
    int64_t amount_fen;
    char month[8], member_id[21], name[201], branch[401], paid_on[11], paid_by[8], proxy_name[401],
        channel[8];
};
/* Calls each(line, ctx) for the office's payments for months [from, to], by month and
 * member (one line at a time: an export may be long). */
enum yh_err dues_db_export(struct db *db, const char *office, const char *from, const char *to,
                           void (*each)(const struct due_line *l, void *ctx), void *ctx);

#endif
