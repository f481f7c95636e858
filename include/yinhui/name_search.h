#ifndef YINHUI_NAME_SEARCH_H
#define YINHUI_NAME_SEARCH_H

/* The stored search keys of names (sql/0059, pinyin.h) and the name search that reads
 * them: written with each record that has them, filled for rows without them by
 * names_reindex (run by `yinhui migrate`, `yinhui reindex-names` and the generator). */

#include <stdbool.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/pinyin.h"
#include "yinhui/util.h"

/* A table with keyed text columns: for each field F (name, speciality) the columns
 * F_simplified, F_py, F_initials. after, when set, runs for each row keyed by
 * names_reindex (the talents' folded grams). */
struct keyed_table {
    const char *table;
    int nfields;
    const char *field[2];
    bool is_name[2];
    enum yh_err (*after)(struct db *db, int64_t id);
};
extern const struct keyed_table keyed_members, keyed_volunteers, keyed_talents;

/* Writes the keys of texts (one per field of t) into row id of t in office. */
enum yh_err search_keys_write(struct db *db, const struct keyed_table *t, const char *office, int64_t id,
                              const char *const *texts);

/* Fills the keys of every row of the three tables whose keys are NULL; *n: rows keyed. */
enum yh_err names_reindex(struct db *db, long *n);

/* Appends "(...)": the keyed field f of alias a matches pq: its simplified form contains
 * the query's; for LATIN queries also its full pinyin or its initials start with the
 * query's letters; for MIXED its full pinyin starts with the query's pinyin and it holds
 * the query's Chinese characters. Parameters into p from np (up to 3), pointing
 * into pq. Returns the new np. */
size_t name_match_cond(struct buf *sql, struct db_param *p, size_t np, const char *a, const char *f,
                       const struct pinyin_query *pq);
/* Appends " AND (...)": the keyed field f (name) of alias a matches pq (pinyin.h's
 * modes); parameters into p from np (up to 3), pointing into pq. Returns the new np. */
size_t name_match_sql(struct buf *sql, struct db_param *p, size_t np, const char *a, const char *f,
                      const struct pinyin_query *pq);

#endif
