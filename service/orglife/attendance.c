/* Attendance of an activity: PUT /v1/activities/{id}/attendance, the whole list in one
 * request. Only expected members (formal and participating members of the activity's
 * branches) are recorded; study delivered at home (送学上门) counts as attending. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife.h"
#include "yinhui/orglife_db.h"
#include "yinhui/reach.h"

#define ATTENDANCE_MAX 5000

/* Reads one line it into a, adding its faults to e; held is the activity's China time
 * (a delivery's default day). */
static void line_read(const cJSON *it, const char *held, struct attendance *a, struct verrs *e)
{
    static const char *const fields[] = {"member_id",    "status",       "reason", "asked_by",
                                         "delivered_by", "delivered_on", NULL};
    static const char *const statuses[] = {"present", "leave", "absent", "delivered", NULL};
    json_check_fields(it, fields, e);
    json_take_id(it, "member_id", false, &a->member_id, e);
    json_take_enum(it, "status", false, statuses, a->status, sizeof(a->status), e);
    json_take_text(it, "reason", true, 200, a->reason, sizeof(a->reason), e);
    json_take_text(it, "asked_by", true, 100, a->asked_by, sizeof(a->asked_by), e);
    json_take_text(it, "delivered_by", true, 100, a->delivered_by, sizeof(a->delivered_by), e);
    json_take_date(it, "delivered_on", true, a->delivered_on, e);
    if (e->n == 0 && (a->member_id == 0 || !a->status[0])) {
        verr_add(e, a->member_id == 0 ? "member_id" : "status", "is required");
    }
    if (e->n == 0 && strcmp(a->status, "leave") == 0 && !a->reason[0]) {
        verr_add(e, "reason", "is required for leave");
    }
    if (e->n == 0 && strcmp(a->status, "delivered") == 0 && !a->delivered_by[0]) {
        verr_add(e, "delivered_by", "names who took the study to the member (送学上门)");
    }
    if (e->n == 0 && strcmp(a->status, "delivered") == 0 && !a->delivered_on[0]) {
        snprintf(a->delivered_on, sizeof(a->delivered_on), "%.10s", held);
    }
}

/* Reads every line of items into list, checking each member is expected (and once);
 * *n gets the count. False when it has replied (422 naming the lines, or the store's
 * error). */
static bool lines_read_or_reply(struct req *r, int64_t id, const char *held, const cJSON *items,
                                struct attendance *list, size_t *n)
{
    struct expected_member *expected = NULL;
    size_t nexp = 0;
    struct verrs v = {0};
    const cJSON *it = NULL;
    size_t k = 0;
    enum yh_err err = activities_db_expected(r->db, r->claims.office, id, &expected, &nexp);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    cJSON_ArrayForEach(it, items)
    {
        struct verrs e = {0};
        struct attendance *a = &list[k];
        if (!cJSON_IsObject(it)) {
            verr_add(&e, "", "must be an object");
        } else {
            line_read(it, held, a, &e);
            if (e.n == 0 && !activities_db_expected_branch(expected, nexp, a->member_id, &a->branch_id)) {
                verr_add(&e, "member_id",
                         "is not a member (formal or participating) of the activity's branches");
            }
            for (size_t x = 0; e.n == 0 && x < k; x++) {
                if (list[x].member_id == a->member_id) {
                    verr_add(&e, "member_id", "appears twice");
                }
            }
        }
        items_errors(&v, "items", k, &e);
        k++;
    }
    free(expected);
    *n = k;
    return verrs_ok_or_reply(r, &v);
}

/* Replaces the attendance of activity id with list[0..n) (held on held's day). */
static bool lines_write_or_reply(struct req *r, int64_t id, const char *held, const struct attendance *list,
                                 size_t n)
{
    char held_on[11];
    snprintf(held_on, sizeof(held_on), "%.10s", held);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = attendance_db_replace(r->db, r->claims.office, id, held_on, list, n);
    }
    if (err == YH_OK) { /* a member meeting's quorum follows its attendance */
        err = activities_db_judge_facts(r->db, r->claims.office, id, held_on);
    }
    if (err == YH_OK) {
        err = req_audit(r, "activity.attendance", "activity", id);
    }
    return commit_or_reply(r, err, "activity");
}

/* PUT /v1/activities/{id}/attendance {items: [{member_id, status, ...}]}. */
void activities_attendance(struct req *r)
{
    static const char *const wrap[] = {"items", NULL};
    struct activity a;
    struct verrs v = {0};
    struct attendance *list = NULL;
    int64_t id = 0;
    size_t n = 0;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, wrap)) {
        return;
    }
    enum yh_err err = activity_reach(r, id, &a);
    if (err != YH_OK) {
        reply_error(r, err, "activity");
        return;
    }
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(r->json, "items");
    if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) > ATTENDANCE_MAX) {
        verr_add(&v, "items", "must be an array of at most 5000 {member_id, status, ...}");
        verrs_ok_or_reply(r, &v);
        return;
    }
    list = calloc((size_t)cJSON_GetArraySize(items) + 1, sizeof(*list));
    if (list == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (lines_read_or_reply(r, id, a.held_at, items, list, &n) &&
        lines_write_or_reply(r, id, a.held_at, list, n)) {
        activity_reply(r, 200, id);
    }
    free(list);
}
