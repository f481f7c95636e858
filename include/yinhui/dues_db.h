#ifndef YINHUI_DUES_DB_H
#define YINHUI_DUES_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Party dues (/v1/dues): payments per member and month. */

struct due {
    int64_t member_id, amount_fen;
    char month[8], paid_on[11], paid_by[8], proxy_name[401], channel[8];
};
/* Records d in office (by: the caller's subject); CONFLICT when the month is already
 * recorded for the member. */
enum yh_err dues_db_insert(struct db *db, const char *office, const struct due *d, const char *by);

/* One active member with what it paid in a window (a row of dues_db_paid). Strings are
 * borrowed from the rows. */
struct due_payer {
    int64_t member_id, branch_id, paid, paid_fen;
    const char *name, *branch_name, *joined_month; /* joined_month "" when unknown */
};
/* Active members (of branch, 0: all) of the office with the months they paid in
 * [from, to] (YYYY-MM); read each with dues_db_payer. */
enum yh_err dues_db_paid(struct db *db, const char *office, int64_t branch_id, const char *from,
                         const char *to, struct db_rows *rows);
/* Row i of dues_db_paid's rows. */
void dues_db_payer(const struct db_rows *rows, size_t i, struct due_payer *out);

/* One payment for the export (a row of dues_db_export); strings borrowed, "" for none. */
struct due_line {
    int64_t amount_fen;
    const char *month, *member_id, *name, *branch, *paid_on, *paid_by, *proxy_name, *channel;
};
/* The office's payments for months [from, to], by month and member; read each with
 * dues_db_line. */
enum yh_err dues_db_export(struct db *db, const char *office, const char *from, const char *to,
                           struct db_rows *rows);
/* Row i of dues_db_export's rows. */
void dues_db_line(const struct db_rows *rows, size_t i, struct due_line *out);

#endif
