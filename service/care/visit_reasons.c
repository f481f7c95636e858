/* GET /v1/visit-reasons: the office's visit reasons (seeded with 四必访 and the rest on
 * first use). */
#include "yinhui/care.h"
#include "yinhui/care_db.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"

/* GET /v1/visit-reasons. */
void visit_reasons_list(struct req *r)
{
    struct db_rows rows;
    enum yh_err err = reasons_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = reasons_db_list(r->db, r->claims.office, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", view_rows(&rows, rows.nrows, &reasons_view));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}
