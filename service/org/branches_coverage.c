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
#include "yinhui/util.h"

/* Reads ?months= (1..60, default 6); false when it has replied 400. */
static bool months_or_reply(struct req *r, int *months)
{
    const char *ms = query_get(&r->q, "months");
    char *end = NULL;
    long m = 6;
    if (ms != NULL) {
        m = strtol(ms, &end, 10);
        if (end == ms || *end != '\0' || m < 1 || m > 60) {
            struct verrs e = {0};
            verr_add(&e, "months", "must be an integer from 1 to 60");
            reply_problem(r, YH_ERR_BAD_REQUEST, "months must be an integer from 1 to 60", &e);
            return false;
        }
    }
    *months = (int)m;
    return true;
}

/* The coverage report: counters c over months, with the two samples (taken). */
static cJSON *coverage_json(const struct coverage *c, int months, struct db_rows *uncovered,
                            struct db_rows *idle)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "active_members", (double)c->active);
    cJSON_AddNumberToObject(j, "with_primary_branch", (double)c->with_primary);
    cJSON_AddNumberToObject(j, "without_primary_branch", (double)(c->active - c->with_primary));
    cJSON_AddNumberToObject(j, "coverage_rate",
                            c->active ? (double)c->with_primary / (double)c->active : 1.0);
    cJSON_AddItemToObject(j, "without_primary_sample",
                          view_rows(uncovered, uncovered->nrows, &branches_member_ref_view));
    cJSON_AddNumberToObject(j, "months", (double)months);
    cJSON_AddNumberToObject(j, "without_org_life", (double)c->without_org_life);
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
    int months = 6;
    char today[11];

    if (!months_or_reply(r, &months)) {
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
