/* Uses of check-in codes (each code once per volunteer): the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

enum yh_err checkin_code_db_use(struct db *db, const char *office, const unsigned char hash[32],
                                int64_t volunteer_id, int64_t event_id, const char *at)
{
    static const char ins[] =
        "INSERT INTO checkin_code_uses (code_hash, volunteer_id, office_code, event_id, used_at) "
        "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_BLOB(hash, 32), P_I64(volunteer_id), P_STR(office), P_I64(event_id), P_STR(at)};
    return db_exec(db, ins, p, 5, NULL, NULL, NULL);
}

enum yh_err checkin_code_db_prune(struct db *db, const char *at)
{
    static const char sql[] =
        "DELETE FROM checkin_code_uses WHERE used_at < CAST(? AS DATETIME) - INTERVAL 1 DAY "
        "LIMIT 100";
    struct db_param p[] = {P_STR(at)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}
