/* SQL shared by the engagement stores (include/yinhui/engagement.h). */
#include "yinhui/db.h"
#include "yinhui/engagement.h"

enum yh_err engagement_db_move(struct db *db, const char *sql, const struct db_param *p, size_t n,
                               const char *exists, const char *office, int64_t id)
{
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, n, NULL, &affected, NULL);
    if (err != YH_OK || affected == 1) {
        return err;
    }
    err = db_why_not_updated(db, exists, office, id);
    return err == YH_ERR_PRECONDITION ? YH_ERR_CONFLICT : err;
}
