/* GET /v1/branches/coverage: how many active members have a primary branch and an
 * organisational life in the last months, with samples of those who have not. */
#include <stdlib.h>

#include "yinhui/access.h"
#include "yinhui/branches_db.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/org.h"
#include "yinhui/org_body.h"
#include "yinhui/util.h"

/* The coverage report: counters c over months, with the two samples (taken). */
static cJSON *coverage_json(const struct coverage *c, int months, struct db_rows *uncovered,
                            struct db_rows *idle)
{
    cJSON *j = cJSON_CreateObject();
    coverage_add_json(j, c);
    /* 混编 members (managed_with_unit) are in an in-service unit's branch: their own line,
     * neither with a branch here nor without one (h2, issue 15) */
    cJSON_AddNumberToObject(j, "without_primary_branch",
                            (double)(c->active - c->with_primary - c->managed_with));
    cJSON_AddNumberToObject(j, "coverage_rate",
                            c->active ? (double)(c->with_primary + c->managed_with) / (double)c->active
                                      : 1.0);
    cJSON_AddItemToObject(j, "without_primary_sample",
                          view_rows(uncovered, uncovered->nrows, &branches_member_ref_view));
    cJSON_AddNumberToObject(j, "months", (double)months);
    cJSON_AddItemToObject(j, "without_org_life_sample",
                          view_rows(idle, idle->nrows, &branches_member_ref_view));
    db_rows_free(uncovered);
    db_rows_free(idle);
    return j;
}

/* GET /v1/branches/coverage: the office's coverage over ?months= (default 6). */
void branches_coverage(struct req *r)
{
    struct coverage c = {0};
    struct db_rows uncovered = {0}, idle = {0};
    long months = 6;
    char today[11];

    if (!org_query_int_or_reply(r, "months", "months", 1, 60, &months)) {
        return;
    }
    today_cn(today);
    enum yh_err err = branches_db_coverage(r->db, r->claims.office, today, months, &c);
    if (err == YH_OK) {
        err = branches_db_uncovered(r->db, r->claims.office, 100, &uncovered);
    }
    if (err == YH_OK) {
        err = branches_db_no_org_life(r->db, r->claims.office, today, months, 100, &idle);
    }
    if (err != YH_OK) {
        db_rows_free(&uncovered);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, coverage_json(&c, months, &uncovered, &idle));
}
