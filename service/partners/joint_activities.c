/* /v1/organisations/{id}/joint-activities and /v1/joint-activities/{id}: the joint
 * activities (共建) agreed with an organisation for a year — seed 001: one a year with
 * each 多联一 partner (a study session with the organisation department, a party-affairs
 * class with the party school, a garden party with the 直属机关工委, a health class with
 * the health bureau) — and whether each took place: held (a day, people served) or not
 * held (a reason), optionally the office's own activity record of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/cache.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife_db.h"
#include "yinhui/partners.h"
#include "yinhui/partners_db.h"
#include "yinhui/reach.h"

#include "partners_http.h"

/* year only on create; the outcome (status onwards) only on a patch. */
static const struct field joint_fields[] = {
    FIELD_INT("year", struct joint_activity, plan.year, 1990, 2100, FF_REQUIRED),
    FIELD_TEXT("title", struct joint_activity, title, JOINT_TITLE_MAX, FF_REQUIRED),
    FIELD_ENUM("kind", struct joint_activity, kind, joint_kinds, FF_REQUIRED),
    FIELD_INT("planned_month", struct joint_activity, plan.month, 1, 12, 0),
    FIELD_DATE("planned_on", struct joint_activity, plan.day, FF_NULLABLE),
    FIELD_TEXT("notes", struct joint_activity, notes, JOINT_NOTES_MAX, FF_NULLABLE),
    FIELD_OTHER("branch_ids", 0),
    FIELD_ENUM("status", struct joint_activity, outcome.status, joint_statuses, 0),
    FIELD_DATE("held_on", struct joint_activity, outcome.held_on, FF_NULLABLE),
    FIELD_OTHER("people_served", 0),
    FIELD_TEXT("reason", struct joint_activity, outcome.reason, JOINT_REASON_MAX, FF_NULLABLE),
    FIELD_ID("activity_id", struct joint_activity, activity_id, FF_NULLABLE),
};
#define JOINT_CREATE_N 7
#define JOINT_PATCH_FIELDS (joint_fields + 1)
#define JOINT_PATCH_N (ARRAY_LEN(joint_fields) - 1)

/* Row i as the API shows it: branch_ids an array, people_served null unless held, and
 * overdue judged on today. Caller owns it. */
static cJSON *joint_json(const struct db_rows *rows, size_t i, const char *today)
{
    cJSON *j = view_row(rows, i, &joint_view);
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "branch_ids");
    cJSON_ReplaceItemInObjectCaseSensitive(j, "branch_ids", json_split(cJSON_GetStringValue(b), ',', 20));
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "status"));
    if (status == NULL || strcmp(status, "held") != 0) {
        cJSON_ReplaceItemInObjectCaseSensitive(j, "people_served", cJSON_CreateNull());
    }
    int64_t year = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "year"));
    int64_t month = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "planned_month"));
    cJSON_AddBoolToObject(j, "overdue", status != NULL && joint_overdue(year, month, status, today));
    return j;
}

/* Replies status with joint activity id of the caller's office. */
static void reply_joint(struct req *r, int status, int64_t id)
{
    struct db_rows rows;
    char today[11];
    enum yh_err err = joints_db_row(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_error(r, err, "joint activity");
        return;
    }
    today_cn(today);
    cJSON *j = joint_json(&rows, 0, today);
    db_rows_free(&rows);
    if (status == 201) {
        reply_created_take(r, "/v1/joint-activities", id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* GET /v1/organisations/{id}/joint-activities?year=: the year's (default this year)
 * joint activities by planned month with their tally; cached per office and day (overdue
 * turns with the month). */
void joints_list(struct req *r)
{
    struct organisation o;
    struct db_rows rows;
    struct cache_stamp stamp;
    struct joint_tally t = {0};
    bool have_stamp = false;
    int64_t org = 0, year = 0;
    char today[11], key[96];
    if (!id_param_or_reply(r, &org) || !year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    today_cn(today);
    snprintf(key, sizeof(key), "joints:%lld:%lld:%s", (long long)org, (long long)year, today);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = orgs_db_get(r->db, r->claims.office, org, false, &o);
    if (err == YH_OK) {
        err = joints_db_list(r->db, r->claims.office, org, year, &rows);
    }
    if (err != YH_OK) {
        reply_error(r, err, "organisation");
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < rows.nrows; i++) {
        cJSON *j = joint_json(&rows, i, today);
        cJSON_AddItemToArray(items, j);
        joint_tally_add(&t, 1, year,
                        (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "planned_month")),
                        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "status")), today);
    }
    db_rows_free(&rows);
    cJSON *body = cJSON_CreateObject();
    json_add_id(body, "organisation_id", org);
    cJSON_AddNumberToObject(body, "year", (double)year);
    cJSON *summary = cJSON_CreateObject();
    joint_tally_add_json(summary, &t);
    cJSON_AddItemToObject(body, "summary", summary);
    cJSON_AddItemToObject(body, "items", items);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* GET /v1/joint-activities/{id}. */
void joints_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_joint(r, 200, id);
    }
}

/* Reads branch_ids (when given) into j: at most JOINT_BRANCHES_MAX distinct branches of
 * the office paired with the organisation during the year; adds to v when bad. Returns an
 * error only when the store fails. */
static enum yh_err branches_read(struct req *r, struct joint_activity *j, struct verrs *v)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(r->json, "branch_ids"), *it = NULL;
    if (a == NULL) {
        return YH_OK;
    }
    j->nbranches = 0;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > JOINT_BRANCHES_MAX) {
        verr_add(v, "branch_ids", "must be an array of at most 20 branch ids");
        return YH_OK;
    }
    cJSON_ArrayForEach(it, a)
    {
        int64_t id = 0;
        bool paired = false;
        if (!cJSON_IsString(it) || !id_parse(it->valuestring, &id)) {
            verr_add(v, "branch_ids", "holds a value that is not an id");
            return YH_OK;
        }
        for (size_t k = 0; k < j->nbranches; k++) {
            if (j->branch_ids[k] == id) {
                verr_add(v, "branch_ids", "names a branch twice");
                return YH_OK;
            }
        }
        enum yh_err err =
            pairings_db_in_year(r->db, r->claims.office, j->organisation_id, id, j->plan.year, &paired);
        if (err != YH_OK) {
            return err;
        }
        if (!paired) {
            verr_add(v, "branch_ids", "holds a branch not paired with the organisation during the year");
            return YH_OK;
        }
        j->branch_ids[j->nbranches++] = id;
    }
    return YH_OK;
}

/* Reads people_served (null: not counted) into j when given. */
static void people_read(struct req *r, struct joint_activity *j, struct verrs *v)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(r->json, "people_served");
    bool present = false;
    if (cJSON_IsNull(p)) {
        j->outcome.people_served = -1;
    } else if (p != NULL) {
        json_get_int(r->json, "people_served", false, 0, JOINT_PEOPLE_MAX, &j->outcome.people_served,
                     &present, v);
    }
}

/* A new status given without the values of the old one: those it no longer carries are
 * dropped, so recording "not held" after "held" needs no nulls. */
static void outcome_reset(struct joint_activity *j, const struct joint_outcome *before, field_set given)
{
    if (!body_given(JOINT_PATCH_FIELDS, JOINT_PATCH_N, given, "status") ||
        strcmp(before->status, j->outcome.status) == 0) {
        return;
    }
    if (!body_given(JOINT_PATCH_FIELDS, JOINT_PATCH_N, given, "held_on")) {
        j->outcome.held_on[0] = '\0';
    }
    if (!body_given(JOINT_PATCH_FIELDS, JOINT_PATCH_N, given, "people_served")) {
        j->outcome.people_served = -1;
    }
    if (!body_given(JOINT_PATCH_FIELDS, JOINT_PATCH_N, given, "reason")) {
        j->outcome.reason[0] = '\0';
    }
    if (!body_given(JOINT_PATCH_FIELDS, JOINT_PATCH_N, given, "activity_id")) {
        j->activity_id = 0;
    }
}

/* The rules over j as read (plan, outcome, the linked activity of the office), on v.
 * Returns an error only when the store fails. */
static enum yh_err joint_checks(struct req *r, struct joint_activity *j, bool create, struct verrs *v)
{
    const char *field = NULL, *why = NULL;
    char today[11];
    today_cn(today);
    if ((why = joint_plan_refusal(&j->plan, !create, today, &field)) != NULL) {
        verr_add(v, field, why);
    }
    if ((why = joint_outcome_refusal(&j->outcome, j->plan.year, today, &field)) != NULL) {
        verr_add(v, field, why);
    }
    if (j->activity_id != 0 && strcmp(j->outcome.status, "held") != 0) {
        verr_add(v, "activity_id", "is only for a held activity");
    } else if (j->activity_id != 0) {
        struct activity_row *a = malloc(sizeof(*a));
        enum yh_err err =
            a == NULL ? YH_ERR_INTERNAL : activities_db_get(r->db, r->claims.office, j->activity_id, a);
        free(a);
        if (err == YH_ERR_NOT_FOUND) {
            verr_add(v, "activity_id", "is no activity of this office");
        } else if (err != YH_OK) {
            return err;
        }
    }
    return v->n == 0 ? branches_read(r, j, v) : YH_OK;
}

/* POST /v1/organisations/{id}/joint-activities {year, title, kind, planned_month and/or
 * planned_on, branch_ids?, notes?}: agreed, nothing recorded yet. 409 when the
 * organisation is retired or has JOINT_PER_YEAR_MAX of the year already. */
void joints_create(struct req *r)
{
    struct joint_activity *j = calloc(1, sizeof(*j));
    struct organisation o;
    struct verrs v = {0};
    int64_t id = 0, n = 0;
    char msg[128] = "";
    if (j == NULL || !id_param_or_reply(r, &j->organisation_id) ||
        !body_read_or_reply(r, joint_fields, JOINT_CREATE_N, j, true, NULL)) {
        if (j == NULL) {
            reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        }
        free(j);
        return;
    }
    snprintf(j->outcome.status, sizeof(j->outcome.status), "agreed");
    j->outcome.people_served = -1;
    enum yh_err err = orgs_db_get(r->db, r->claims.office, j->organisation_id, false, &o);
    if (err != YH_OK) {
        reply_error(r, err, "organisation");
    } else if (checks_ok_or_reply(r, joint_checks(r, j, true, &v), &v)) {
        err = db_begin(r->db);
        if (err == YH_OK) {
            err = orgs_db_get(r->db, r->claims.office, j->organisation_id, true, &o);
        }
        if (err == YH_OK && !o.active) {
            snprintf(msg, sizeof(msg), "the organisation is retired (active false): no new joint activities");
            err = YH_ERR_CONFLICT;
        }
        if (err == YH_OK) {
            err = joints_db_count(r->db, r->claims.office, j->organisation_id, j->plan.year, &n);
        }
        if (err == YH_OK && n >= JOINT_PER_YEAR_MAX) {
            snprintf(msg, sizeof(msg), "an organisation has at most %d joint activities a year",
                     JOINT_PER_YEAR_MAX);
            err = YH_ERR_CONFLICT;
        }
        if (err == YH_OK) {
            err = joints_db_insert(r->db, r->claims.office, j, r->claims.sub, &id);
        }
        if (err == YH_OK) {
            j->id = id;
            err = joints_db_set_branches(r->db, r->claims.office, j);
        }
        if (err == YH_OK) {
            err = req_audit(r, "joint_activity.create", "joint_activity", id);
        }
        if (commit_or_reply_conflict(r, err, "organisation", msg)) {
            reply_joint(r, 201, id);
        }
    }
    free(j);
}

/* Reads a patch's body onto j (the stored record) and checks it. False when it has replied. */
static bool joint_patch_read_or_reply(struct req *r, struct joint_activity *j)
{
    struct verrs v = {0};
    struct joint_outcome before = j->outcome;
    field_set given = 0;
    body_read(r, JOINT_PATCH_FIELDS, JOINT_PATCH_N, j, false, &given, &v);
    people_read(r, j, &v);
    if (v.n != 0) {
        return verrs_ok_or_reply(r, &v);
    }
    outcome_reset(j, &before, given);
    return checks_ok_or_reply(r, joint_checks(r, j, false, &v), &v);
}

/* PATCH /v1/joint-activities/{id} (If-Match): the plan, or what became of it — status
 * held (held_on, people_served, activity_id?) or not_held (reason), or back to agreed. */
void joints_patch(struct req *r)
{
    struct joint_activity *j = calloc(1, sizeof(*j));
    int64_t id = 0, version = 0;
    if (j == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (id_param_or_reply(r, &id) && body_known_or_reply(r, JOINT_PATCH_FIELDS, JOINT_PATCH_N) &&
        req_if_match_or_reply(r, &version)) {
        enum yh_err err = joints_db_get(r->db, r->claims.office, id, j);
        if (err != YH_OK) {
            reply_error(r, err, "joint activity");
        } else if (joint_patch_read_or_reply(r, j)) {
            err = db_begin(r->db);
            if (err == YH_OK) {
                err = joints_db_update(r->db, r->claims.office, j, version);
            }
            if (err == YH_OK && cJSON_GetObjectItemCaseSensitive(r->json, "branch_ids") != NULL) {
                err = joints_db_set_branches(r->db, r->claims.office, j);
            }
            if (err == YH_OK) {
                err = req_audit(r, "joint_activity.update", "joint_activity", id);
            }
            if (commit_or_reply(r, err, "joint activity")) {
                reply_joint(r, 200, id);
            }
        }
    }
    free(j);
}
