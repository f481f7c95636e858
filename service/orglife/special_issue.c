/* The special issue (专刊) of a branch: GET /v1/branches/{id}/special-issue, the
 * reflections a secretary or staff featured (study.c), for the branch's members' app,
 * its secretary and staff. */

#include <stdlib.h>

#include "yinhui/access.h"
#include "yinhui/branches_db.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/orglife.h"
#include "yinhui/study_db.h"

/* Whether the caller may read branch's special issue: staff, its secretary, or its
 * members (the branch is the caller's office's). NOT_FOUND otherwise. */
static enum yh_err special_issue_reach(struct req *r, int64_t branch)
{
    struct branch b;
    struct member m;
    enum yh_err err = branches_db_get(r->db, r->claims.office, branch, &b);
    if (err != YH_OK) {
        return err;
    }
    if (req_is_staff(r) || (req_is_secretary(r) && r->claims.branch_id == branch)) {
        return YH_OK;
    }
    if (req_is_member(r) && r->claims.member_id &&
        members_db_get(r->db, r->claims.office, r->claims.member_id, &m) == YH_OK && m.branch_id == branch) {
        return YH_OK;
    }
    return YH_ERR_NOT_FOUND;
}

/* GET /v1/branches/{id}/special-issue?year: the branch's featured reflections, for its
 * members' app, its secretary and staff. */
void study_special_issue(struct req *r)
{
    struct special_item *items = NULL;
    size_t n = 0;
    int64_t branch = 0;
    int year;
    char from[16], to[16];
    if (!id_param_or_reply(r, &branch) || !study_year_or_reply(r, from, to, &year)) {
        return;
    }
    enum yh_err err = special_issue_reach(r, branch);
    if (err == YH_OK) {
        err = study_db_special_issue(r->db, r->claims.office, branch, from, to, &items, &n);
    }
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return;
    }
    cJSON *body = cJSON_CreateObject();
    json_add_id(body, "branch_id", branch);
    cJSON_AddNumberToObject(body, "year", year);
    cJSON_AddItemToObject(body, "items",
                          orglife_rows_json(special_map, special_map_n, items, n, sizeof(*items)));
    free(items);
    reply_json_take(r, 200, body);
}
