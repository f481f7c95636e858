/* Organisational life (/v1/branches/{id}/activities, /v1/activities/{id}, attendance,
 * /v1/org-life/rules and compliance) and party dues (/v1/dues). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/csv.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/orglife_db.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"

static const char *const kinds[] = {"member_meeting", "committee_meeting", "group_meeting", "lecture",
                                    "theme_day",      "study",             "other",         NULL};

#define JOINT_MAX 10
#define ATTACH_MAX 10

static const struct jcol act_cols[] = {
    {"id", JC_ID},         {"kind", JC_STR},        {"title", JC_STR},       {"held_at", JC_STR},
    {"place", JC_STR},     {"host", JC_STR},        {"summary", JC_STR},     {"attachments", JC_SKIP},
    {"created_by", JC_STR}, {"version", JC_INT},    {"created_at", JC_STR},  {"held_at_cn", JC_SKIP},
};

/* attachments: one reference per line, as a JSON array. */
static cJSON *attachments_json(const char *lines)
{
    cJSON *a = cJSON_CreateArray();
    for (const char *p = lines ? lines : ""; *p;) {
        size_t n = strcspn(p, "\n");
        char ref[512];
        snprintf(ref, sizeof(ref), "%.*s", (int)(n < 511 ? n : 511), p);
        cJSON_AddItemToArray(a, cJSON_CreateString(ref));
        p += n;
        p += *p == '\n';
    }
    return a;
}

/* The activity with its branches and attendance; NOT_FOUND for a secretary whose branch
 * is not among them. */
static enum yh_err activity_json(struct req *r, int64_t id, cJSON **out, char held_cn[20])
{
    static const struct jcol bcols[] = {{"id", JC_ID}, {"name", JC_STR}};
    static const struct jcol acols[] = {{"member_id", JC_ID},    {"name", JC_STR},         {"status", JC_STR},
                                        {"reason", JC_STR},      {"asked_by", JC_STR},     {"delivered_by", JC_STR},
                                        {"delivered_on", JC_STR}};
    struct db_rows a, b, att;
    enum yh_err err = activities_db_get(r->db, r->claims.office, id, &a);
    if (err != YH_OK) {
        return err;
    }
    err = activities_db_branches(r->db, id, &b);
    if (err != YH_OK) {
        db_rows_free(&a);
        return err;
    }
    bool mine = req_whole_office(r);
    for (size_t i = 0; i < b.nrows && !mine; i++) {
        mine = req_is_secretary(r) && db_i64(&b, i, 0) == r->claims.branch_id;
    }
    if (!mine) {
        db_rows_free(&a);
        db_rows_free(&b);
        return YH_ERR_NOT_FOUND;
    }
    err = attendance_db_list(r->db, id, &att);
    if (err != YH_OK) {
        db_rows_free(&a);
        db_rows_free(&b);
        return err;
    }
    cJSON *j = json_row(&a, 0, act_cols);
    cJSON_AddItemToObject(j, "attachments", attachments_json(db_str(&a, 0, 7)));
    cJSON_AddItemToObject(j, "branches", json_rows(&b, b.nrows, bcols));
    cJSON_AddItemToObject(j, "attendance", json_rows(&att, att.nrows, acols));
    if (held_cn) {
        snprintf(held_cn, 20, "%s", db_str(&a, 0, 11));
    }
    db_rows_free(&a);
    db_rows_free(&b);
    db_rows_free(&att);
    *out = j;
    return YH_OK;
}

static void reply_activity(struct req *r, int status, int64_t id)
{
    cJSON *j = NULL;
    enum yh_err err = activity_json(r, id, &j, NULL);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such activity" : NULL, NULL);
        return;
    }
    if (status == 201) {
        char loc[48];
        snprintf(loc, sizeof(loc), "/v1/activities/%lld", (long long)id);
        reply_header(r, "Location", loc);
    }
    reply_json_take(r, status, j);
}

static const char *const act_fields[] = {"kind", "title", "held_at", "place", "host", "summary",
                                         "attachments", "joint_branch_ids", NULL};

/* Applies the body to a; reads joint branches (open, this office) into joint. */
static enum yh_err activity_apply(struct req *r, struct activity *a, int64_t *joint, int *njoint, struct verrs *v)
{
    json_take_enum(r->json, "kind", false, kinds, a->kind, sizeof(a->kind), v);
    json_take_text(r->json, "title", false, 100, a->title, sizeof(a->title), v);
    json_take_datetime(r->json, "held_at", false, a->held_at, v);
    json_take_text(r->json, "place", true, 200, a->place, sizeof(a->place), v);
    json_take_text(r->json, "host", true, 100, a->host, sizeof(a->host), v);
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(r->json, "summary");
    if (sum != NULL && !cJSON_IsNull(sum)) {
        if (!cJSON_IsString(sum) || utf8_len(sum->valuestring) > 4000 || strlen(sum->valuestring) >= sizeof(a->summary)) {
            verr_add(v, "summary", "must be text of at most 4000 characters");
        } else {
            snprintf(a->summary, sizeof(a->summary), "%s", sum->valuestring);
        }
    } else if (sum != NULL) {
        a->summary[0] = '\0';
    }
    const cJSON *att = cJSON_GetObjectItemCaseSensitive(r->json, "attachments");
    if (att != NULL) {
        const cJSON *it = NULL;
        struct buf b = {0};
        int n = 0;
        if (!cJSON_IsArray(att) || cJSON_GetArraySize(att) > ATTACH_MAX) {
            verr_add(v, "attachments", "must be an array of at most 10 references (URLs or file ids)");
        } else {
            cJSON_ArrayForEach(it, att)
            {
                if (!cJSON_IsString(it) || it->valuestring[0] == '\0' || strlen(it->valuestring) > 180 ||
                    strpbrk(it->valuestring, "\r\n\t ")) {
                    verr_add(v, "attachments", "each reference is 1-180 characters without spaces");
                    break;
                }
                buf_printf(&b, "%s%s", n++ ? "\n" : "", it->valuestring);
            }
            snprintf(a->attachments, sizeof(a->attachments), "%s", b.data ? b.data : "");
        }
        buf_free(&b);
    }
    *njoint = 0;
    const cJSON *jb = cJSON_GetObjectItemCaseSensitive(r->json, "joint_branch_ids");
    if (jb != NULL) {
        const cJSON *it = NULL;
        if (!cJSON_IsArray(jb) || cJSON_GetArraySize(jb) > JOINT_MAX) {
            verr_add(v, "joint_branch_ids", "must be an array of at most 10 branch ids");
            return YH_OK;
        }
        cJSON_ArrayForEach(it, jb)
        {
            int64_t id = 0;
            struct branch b;
            if (!cJSON_IsString(it) || !id_parse(it->valuestring, &id)) {
                verr_add(v, "joint_branch_ids", "holds a value that is not an id");
                return YH_OK;
            }
            enum yh_err err = branches_db_get(r->db, r->claims.office, id, &b);
            if (err == YH_ERR_NOT_FOUND || (err == YH_OK && b.dissolved_on[0])) {
                verr_add(v, "joint_branch_ids", "holds no open branch of this office");
                return YH_OK;
            }
            if (err != YH_OK) {
                return err;
            }
            joint[(*njoint)++] = id;
        }
    }
    return YH_OK;
}

/* activity.scheduled: ids, kind and time only (titles can name people). */
static enum yh_err publish_scheduled(struct req *r, int64_t id, const struct activity *a, const int64_t *branches,
                                     size_t n)
{
    char held[26], data[512];
    time_cn_rfc3339(a->held_at, held);
    int used = snprintf(data, sizeof(data), "{\"activity_id\":\"%lld\",\"kind\":\"%s\",\"held_at\":\"%s\",\"branch_ids\":[",
                        (long long)id, a->kind, held);
    for (size_t i = 0; i < n && used < (int)sizeof(data) - 32; i++) {
        used += snprintf(data + used, sizeof(data) - (size_t)used, "%s\"%lld\"", i ? "," : "", (long long)branches[i]);
    }
    snprintf(data + used, sizeof(data) - (size_t)used, "]}");
    return outbox_publish(r->db, &r->app->cfg, r->claims.office, "activity.scheduled", data);
}

void activities_create(struct req *r)
{
    struct activity a;
    struct branch b;
    struct verrs v = {0};
    int64_t bid = 0, id = 0, branches[JOINT_MAX + 1];
    int n = 0;
    if (!id_param_or_reply(r, &bid) || !branch_reachable_or_reply(r, bid) || !req_fields_or_reply(r, act_fields)) {
        return;
    }
    enum yh_err err = branches_db_get(r->db, r->claims.office, bid, &b);
    if (err != YH_OK || b.dissolved_on[0]) {
        reply_problem(r, err == YH_OK ? YH_ERR_CONFLICT : err,
                      err == YH_ERR_NOT_FOUND ? "no such branch" : "the branch is dissolved", NULL);
        return;
    }
    memset(&a, 0, sizeof(a));
    err = activity_apply(r, &a, branches + 1, &n, &v);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (v.n == 0 && (!a.kind[0] || !a.title[0] || !a.held_at[0])) {
        verr_add(&v, !a.kind[0] ? "kind" : !a.title[0] ? "title" : "held_at", "is required");
    }
    if (v.n == 0 && n > 0 && req_is_secretary(r)) {
        verr_add(&v, "joint_branch_ids", "joint activities are recorded by office staff");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    branches[0] = bid;
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = activities_db_insert(r->db, r->claims.office, &a, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = activities_db_set_branches(r->db, id, branches, (size_t)n + 1);
    }
    if (err == YH_OK) {
        err = req_audit(r, "activity.create", "activity", id);
    }
    if (err == YH_OK) {
        err = publish_scheduled(r, id, &a, branches, (size_t)n + 1);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_activity(r, 201, id);
}

void activities_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_activity(r, 200, id);
    }
}

void activities_patch(struct req *r)
{
    static const char *const fields[] = {"kind", "title", "held_at", "place", "host", "summary", "attachments", NULL};
    struct activity a;
    struct db_rows cur;
    struct verrs v = {0};
    int64_t id = 0, version = 0, unused[JOINT_MAX];
    int n = 0;
    cJSON *probe = NULL;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, fields) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = activity_json(r, id, &probe, NULL); /* reachability */
    cJSON_Delete(probe);
    if (err == YH_OK) {
        err = activities_db_get(r->db, r->claims.office, id, &cur);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such activity" : NULL, NULL);
        return;
    }
    memset(&a, 0, sizeof(a));
    snprintf(a.kind, sizeof(a.kind), "%s", db_str(&cur, 0, 1));
    snprintf(a.title, sizeof(a.title), "%s", db_str(&cur, 0, 2));
    snprintf(a.held_at, sizeof(a.held_at), "%s", db_str(&cur, 0, 11));
    snprintf(a.place, sizeof(a.place), "%s", db_str(&cur, 0, 4) ? db_str(&cur, 0, 4) : "");
    snprintf(a.host, sizeof(a.host), "%s", db_str(&cur, 0, 5) ? db_str(&cur, 0, 5) : "");
    snprintf(a.summary, sizeof(a.summary), "%s", db_str(&cur, 0, 6) ? db_str(&cur, 0, 6) : "");
    snprintf(a.attachments, sizeof(a.attachments), "%s", db_str(&cur, 0, 7) ? db_str(&cur, 0, 7) : "");
    db_rows_free(&cur);
    err = activity_apply(r, &a, unused, &n, &v);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = activities_db_update(r->db, r->claims.office, id, version, &a);
    }
    if (err == YH_OK) {
        err = req_audit(r, "activity.update", "activity", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the activity changed since you read it" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_activity(r, 200, id);
}

void activities_list(struct req *r)
{
    struct db_rows rows;
    int64_t bid = 0;
    int limit;
    char after[24], last[24], from[20] = "1990-01-01 00:00:00", to[20] = "2100-01-01 00:00:00";
    struct verrs v = {0};
    if (!id_param_or_reply(r, &bid) || !branch_reachable_or_reply(r, bid) ||
        !page_params_or_reply(r, "activities", &limit, after, sizeof(after))) {
        return;
    }
    const char *fs = query_get(&r->q, "from"), *ts = query_get(&r->q, "to");
    if (fs && !datetime_parse(fs, from)) {
        verr_add(&v, "from", "must be a time like 2026-01-01T00:00:00+08:00");
    }
    if (ts && !datetime_parse(ts, to)) {
        verr_add(&v, "to", "must be a time like 2027-01-01T00:00:00+08:00");
    }
    if (v.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return;
    }
    struct branch b;
    enum yh_err err = branches_db_get(r->db, r->claims.office, bid, &b);
    if (err == YH_OK) {
        err = activities_db_list(r->db, r->claims.office, bid, from, to, after[0] ? strtoll(after, NULL, 10) : 0, limit,
                                 &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such branch" : NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)limit ? (size_t)limit : rows.nrows;
    cJSON *items = json_rows(&rows, shown, act_cols);
    cJSON *it = NULL;
    size_t i = 0;
    cJSON_ArrayForEach(it, items)
    {
        cJSON_AddItemToObject(it, "attachments", attachments_json(db_str(&rows, i++, 7)));
    }
    snprintf(last, sizeof(last), "%s", shown ? db_str(&rows, shown - 1, 0) : "0");
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    reply_json_take(r, 200, page_body(r, "activities", items, more ? last : NULL));
}

static const char *const att_fields[] = {"member_id", "status", "reason", "asked_by", "delivered_by", "delivered_on", NULL};

/* PUT /v1/activities/{id}/attendance: the whole list in one request. Only expected
 * members (formal and participating members of the activity's branches). */
void activities_attendance(struct req *r)
{
    static const char *const statuses[] = {"present", "leave", "absent", "delivered", NULL};
    static const char *const wrap[] = {"items", NULL};
    struct db_rows expected;
    struct verrs v = {0};
    char held[20], today[11];
    int64_t id = 0;
    cJSON *probe = NULL;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, wrap)) {
        return;
    }
    enum yh_err err = activity_json(r, id, &probe, held);
    cJSON_Delete(probe);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such activity" : NULL, NULL);
        return;
    }
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(r->json, "items");
    if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) > 5000) {
        verr_add(&v, "items", "must be an array of at most 5000 {member_id, status, ...}");
        verrs_ok_or_reply(r, &v);
        return;
    }
    err = activities_db_expected(r->db, id, &expected);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(items);
    struct attendance *list = calloc(n ? n : 1, sizeof(*list));
    size_t k = 0;
    const cJSON *it = NULL;
    today_cn(today);
    cJSON_ArrayForEach(it, items)
    {
        struct verrs e = {0};
        struct attendance *a = &list[k];
        if (!cJSON_IsObject(it)) {
            verr_add(&e, "", "must be an object");
        } else {
            json_check_fields(it, att_fields, &e);
            json_take_id(it, "member_id", false, &a->member_id, &e);
            json_take_enum(it, "status", false, statuses, a->status, sizeof(a->status), &e);
            json_take_text(it, "reason", true, 200, a->reason, sizeof(a->reason), &e);
            json_take_text(it, "asked_by", true, 100, a->asked_by, sizeof(a->asked_by), &e);
            json_take_text(it, "delivered_by", true, 100, a->delivered_by, sizeof(a->delivered_by), &e);
            json_take_date(it, "delivered_on", true, a->delivered_on, &e);
            if (e.n == 0 && (a->member_id == 0 || !a->status[0])) {
                verr_add(&e, a->member_id == 0 ? "member_id" : "status", "is required");
            }
            if (e.n == 0 && strcmp(a->status, "leave") == 0 && !a->reason[0]) {
                verr_add(&e, "reason", "is required for leave");
            }
            if (e.n == 0 && strcmp(a->status, "delivered") == 0 && !a->delivered_by[0]) {
                verr_add(&e, "delivered_by", "names who took the study to the member (送学上门)");
            }
            if (e.n == 0 && strcmp(a->status, "delivered") == 0 && !a->delivered_on[0]) {
                snprintf(a->delivered_on, sizeof(a->delivered_on), "%.10s", held);
            }
            bool expected_here = false;
            for (size_t x = 0; e.n == 0 && x < expected.nrows && !expected_here; x++) {
                if (db_i64(&expected, x, 0) == a->member_id) {
                    expected_here = true;
                    a->branch_id = db_i64(&expected, x, 3);
                }
            }
            if (e.n == 0 && !expected_here) {
                verr_add(&e, "member_id", "is not a member (formal or participating) of the activity's branches");
            }
            for (size_t x = 0; e.n == 0 && x < k; x++) {
                if (list[x].member_id == a->member_id) {
                    verr_add(&e, "member_id", "appears twice");
                }
            }
        }
        for (int i = 0; i < e.n && v.n < VERR_MAX; i++) {
            char f[64];
            snprintf(f, sizeof(f), "items[%zu]%s%s", k, e.e[i].field[0] ? "." : "", e.e[i].field);
            verr_add(&v, f, e.e[i].message);
        }
        k++;
    }
    db_rows_free(&expected);
    if (!verrs_ok_or_reply(r, &v)) {
        free(list);
        return;
    }
    char held_on[11];
    snprintf(held_on, sizeof(held_on), "%.10s", held);
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = attendance_db_replace(r->db, r->claims.office, id, held_on, list, k);
    }
    if (err == YH_OK) {
        err = req_audit(r, "activity.attendance", "activity", id);
    }
    err = db_finish(r->db, err);
    free(list);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_activity(r, 200, id);
}

/* ---- rules and compliance ---- */

void orglife_rules_get(struct req *r)
{
    static const struct jcol cols[] = {{"kind", JC_STR}, {"period", JC_STR}, {"times", JC_INT}};
    struct db_rows rows;
    enum yh_err err = rules_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = rules_db_list(r->db, r->claims.office, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "rules", json_rows(&rows, rows.nrows, cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

void orglife_rules_put(struct req *r)
{
    static const char *const periods[] = {"month", "quarter", "year", NULL};
    static const char *const wrap[] = {"rules", NULL};
    static const char *const fields[] = {"kind", "period", "times", NULL};
    struct verrs v = {0};
    if (!req_fields_or_reply(r, wrap)) {
        return;
    }
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(r->json, "rules");
    if (!cJSON_IsArray(rules) || cJSON_GetArraySize(rules) > 7) {
        verr_add(&v, "rules", "must be an array of at most 7 {kind, period, times}");
        verrs_ok_or_reply(r, &v);
        return;
    }
    char kind[7][20], period[7][8];
    int64_t times[7];
    int n = 0;
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, rules)
    {
        struct verrs e = {0};
        kind[n][0] = period[n][0] = '\0';
        times[n] = 0;
        if (!cJSON_IsObject(it)) {
            verr_add(&e, "", "must be an object");
        } else {
            json_check_fields(it, fields, &e);
            json_take_enum(it, "kind", false, kinds, kind[n], sizeof(kind[n]), &e);
            json_take_enum(it, "period", false, periods, period[n], sizeof(period[n]), &e);
            json_get_int(it, "times", true, 1, 31, &times[n], NULL, &e);
            if (e.n == 0 && (!kind[n][0] || !period[n][0])) {
                verr_add(&e, kind[n][0] ? "period" : "kind", "is required");
            }
            for (int k = 0; e.n == 0 && k < n; k++) {
                if (strcmp(kind[k], kind[n]) == 0) {
                    verr_add(&e, "kind", "appears twice");
                }
            }
        }
        for (int i = 0; i < e.n; i++) {
            char f[64];
            snprintf(f, sizeof(f), "rules[%d]%s%s", n, e.e[i].field[0] ? "." : "", e.e[i].field);
            verr_add(&v, f, e.e[i].message);
        }
        n++;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = rules_db_clear(r->db, r->claims.office);
    }
    for (int i = 0; err == YH_OK && i < n; i++) {
        err = rules_db_set(r->db, r->claims.office, kind[i], period[i], times[i]);
    }
    if (err == YH_OK) {
        err = req_audit(r, "org_life.rules", "office", atoll(r->claims.office));
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    orglife_rules_get(r);
}

/* GET /v1/org-life/compliance?year=&quarter=[&all=true]: per branch and ruled kind, the
 * number held against the number required in the quarter (monthly rules x3; yearly rules
 * are judged on the whole year in the fourth quarter). Branches behind by default. */
void orglife_compliance(struct req *r)
{
    struct db_rows rules, branches, counts;
    char today[11], from[32], to[32], yfrom[32];
    const char *ys = query_get(&r->q, "year"), *qs = query_get(&r->q, "quarter"), *all = query_get(&r->q, "all");
    struct verrs e = {0};
    today_cn(today);
    int year = ys ? atoi(ys) : atoi(today);
    int quarter = qs ? atoi(qs) : (atoi(today + 5) - 1) / 3 + 1;
    if ((ys && (strlen(ys) != 4 || year < 1990 || year > 2100)) || (qs && (strlen(qs) != 1 || quarter < 1 || quarter > 4))) {
        verr_add(&e, ys && (year < 1990 || year > 2100 || strlen(ys) != 4) ? "year" : "quarter",
                 "must be a year YYYY and a quarter 1-4");
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return;
    }
    unsigned uy = (unsigned)year % 10000u, uq = (unsigned)quarter % 5u;
    snprintf(from, sizeof(from), "%04u-%02u-01 00:00:00", uy, ((uq - 1) * 3 + 1) % 100u);
    snprintf(to, sizeof(to), "%04u-%02u-01 00:00:00", (uq == 4 ? uy + 1 : uy) % 10000u, (uq == 4 ? 1 : uq * 3 + 1) % 100u);
    snprintf(yfrom, sizeof(yfrom), "%04u-01-01 00:00:00", uy);
    enum yh_err err = rules_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = rules_db_list(r->db, r->claims.office, &rules);
    }
    if (err == YH_OK) {
        err = compliance_db_branches(r->db, r->claims.office, &branches);
        if (err != YH_OK) {
            db_rows_free(&rules);
        }
    }
    if (err == YH_OK) {
        /* quarter counts for monthly/quarterly rules; year-to-date for yearly ones */
        err = compliance_db_counts(r->db, r->claims.office, yfrom, to, &counts);
        if (err != YH_OK) {
            db_rows_free(&rules);
            db_rows_free(&branches);
        }
    }
    struct db_rows qcounts;
    if (err == YH_OK) {
        err = compliance_db_counts(r->db, r->claims.office, from, to, &qcounts);
        if (err != YH_OK) {
            db_rows_free(&rules);
            db_rows_free(&branches);
            db_rows_free(&counts);
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    bool show_all = all && strcmp(all, "true") == 0;
    cJSON *items = cJSON_CreateArray();
    int behind_n = 0;
    for (size_t b = 0; b < branches.nrows; b++) {
        int64_t bid = db_i64(&branches, b, 0);
        cJSON *kinds_a = cJSON_CreateArray();
        bool behind = false;
        for (size_t k = 0; k < rules.nrows; k++) {
            const char *kind = db_str(&rules, k, 0), *period = db_str(&rules, k, 1);
            int64_t times = db_i64(&rules, k, 2);
            bool yearly = strcmp(period, "year") == 0;
            int64_t required = strcmp(period, "month") == 0 ? times * 3 : yearly ? (quarter == 4 ? times : 0) : times;
            const struct db_rows *c = yearly ? &counts : &qcounts;
            int64_t held = 0;
            for (size_t x = 0; x < c->nrows; x++) {
                if (db_i64(c, x, 0) == bid && strcmp(db_str(c, x, 1), kind) == 0) {
                    held = db_i64(c, x, 2);
                }
            }
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "kind", kind);
            cJSON_AddNumberToObject(o, "required", (double)required);
            cJSON_AddNumberToObject(o, "held", (double)held);
            cJSON_AddBoolToObject(o, "behind", held < required);
            behind = behind || held < required;
            cJSON_AddItemToArray(kinds_a, o);
        }
        behind_n += behind;
        if (!behind && !show_all) {
            cJSON_Delete(kinds_a);
            continue;
        }
        cJSON *j = cJSON_CreateObject();
        json_add_id(j, "branch_id", bid);
        cJSON_AddStringToObject(j, "name", db_str(&branches, b, 1));
        cJSON_AddBoolToObject(j, "behind", behind);
        cJSON_AddItemToObject(j, "kinds", kinds_a);
        cJSON_AddItemToArray(items, j);
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", year);
    cJSON_AddNumberToObject(body, "quarter", quarter);
    cJSON_AddNumberToObject(body, "branches", (double)branches.nrows);
    cJSON_AddNumberToObject(body, "behind", behind_n);
    cJSON_AddItemToObject(body, "items", items);
    db_rows_free(&rules);
    db_rows_free(&branches);
    db_rows_free(&counts);
    db_rows_free(&qcounts);
    reply_json_take(r, 200, body);
}

/* ---- dues ---- */

static bool month_ok(const char *m)
{
    char d[11];
    snprintf(d, sizeof(d), "%.7s-01", m ? m : "");
    return m && strlen(m) == 7 && date_valid(d);
}

static const char *const due_fields[] = {"member_id", "month", "amount_fen", "paid_on", "paid_by", "proxy_name", "channel", NULL};

/* POST /v1/dues {items: [...]}: one or many months, all or nothing; a month recorded
 * twice (here or before) is refused. */
void dues_record(struct req *r)
{
    static const char *const payers[] = {"self", "proxy", NULL};
    static const char *const channels[] = {"cash", "wechat", "alipay", "bank", "other", NULL};
    static const char *const wrap[] = {"items", NULL};
    struct verrs v = {0};
    if (!req_fields_or_reply(r, wrap)) {
        return;
    }
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(r->json, "items");
    if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) == 0 || cJSON_GetArraySize(items) > 500) {
        verr_add(&v, "items", "must be an array of 1 to 500 payments");
        verrs_ok_or_reply(r, &v);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(items), k = 0;
    struct due *list = calloc(n, sizeof(*list));
    const cJSON *it = NULL;
    char today[11];
    today_cn(today);
    enum yh_err err = YH_OK;
    cJSON_ArrayForEach(it, items)
    {
        struct verrs e = {0};
        struct due *d = &list[k];
        snprintf(d->paid_by, sizeof(d->paid_by), "self");
        if (!cJSON_IsObject(it)) {
            verr_add(&e, "", "must be an object");
        } else {
            json_check_fields(it, due_fields, &e);
            json_take_id(it, "member_id", false, &d->member_id, &e);
            json_take_text(it, "month", false, 7, d->month, sizeof(d->month), &e);
            json_get_int(it, "amount_fen", true, 1, 100000000, &d->amount_fen, NULL, &e);
            json_take_date(it, "paid_on", false, d->paid_on, &e);
            json_take_enum(it, "paid_by", false, payers, d->paid_by, sizeof(d->paid_by), &e);
            json_take_text(it, "proxy_name", true, 100, d->proxy_name, sizeof(d->proxy_name), &e);
            json_take_enum(it, "channel", false, channels, d->channel, sizeof(d->channel), &e);
            if (e.n == 0 && (d->member_id == 0 || !d->month[0] || !d->paid_on[0] || !d->channel[0])) {
                verr_add(&e, d->member_id == 0 ? "member_id" : !d->month[0] ? "month" : !d->paid_on[0] ? "paid_on" : "channel",
                         "is required");
            }
            if (e.n == 0 && !month_ok(d->month)) {
                verr_add(&e, "month", "must be a month YYYY-MM");
            }
            if (e.n == 0 && strcmp(d->paid_on, today) > 0) {
                verr_add(&e, "paid_on", "is in the future");
            }
            if (e.n == 0 && strcmp(d->paid_by, "proxy") == 0 && !d->proxy_name[0]) {
                verr_add(&e, "proxy_name", "names who paid for the member");
            }
            if (e.n == 0) {
                struct member m;
                bool in = true;
                err = members_db_get(r->db, r->claims.office, d->member_id, &m);
                if (err == YH_OK && req_is_secretary(r)) {
                    err = members_db_in_branch(r->db, r->claims.office, d->member_id, r->claims.branch_id, &in);
                }
                if (err == YH_ERR_NOT_FOUND || (err == YH_OK && !in)) {
                    err = YH_OK;
                    verr_add(&e, "member_id", "no such member in this office");
                } else if (err != YH_OK) {
                    break;
                }
            }
            for (size_t x = 0; d->member_id != 0 && x < k; x++) {
                if (list[x].member_id == d->member_id && strcmp(list[x].month, d->month) == 0) {
                    verr_add(&e, "month", "appears twice for this member");
                }
            }
        }
        for (int i = 0; i < e.n && v.n < VERR_MAX; i++) {
            char f[64];
            snprintf(f, sizeof(f), "items[%zu]%s%s", k, e.e[i].field[0] ? "." : "", e.e[i].field);
            verr_add(&v, f, e.e[i].message);
        }
        k++;
    }
    if (err != YH_OK) {
        free(list);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        free(list);
        return;
    }
    err = db_begin(r->db);
    size_t failed = 0;
    for (size_t i = 0; err == YH_OK && i < k; i++) {
        err = dues_db_insert(r->db, r->claims.office, &list[i], r->claims.sub);
        failed = i;
    }
    if (err == YH_OK) {
        err = req_audit(r, "dues.record", "dues", (int64_t)k);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        char msg[160];
        snprintf(msg, sizeof(msg), "items[%zu]: month %s is already recorded for member %lld; nothing was recorded", failed,
                 list[failed].month, (long long)list[failed].member_id);
        free(list);
        reply_problem(r, err, err == YH_ERR_CONFLICT ? msg : NULL, NULL);
        return;
    }
    free(list);
    req_invalidate(r, r->claims.office);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "recorded", (double)k);
    reply_json_take(r, 201, body);
}

/* Months from a to b inclusive (YYYY-MM); 0 when b < a. */
static int months_between(const char *a, const char *b)
{
    int n = (atoi(b) - atoi(a)) * 12 + (atoi(b + 5) - atoi(a + 5)) + 1;
    return n > 0 ? n : 0;
}

/* The [from, to] months of a query (default: January to the current month). */
static bool month_range_or_reply(struct req *r, char from[11], char to[11])
{
    const char *fs = query_get(&r->q, "from"), *ts = query_get(&r->q, "to");
    char today[11];
    today_cn(today);
    snprintf(from, 11, "%.4s-01", today);
    snprintf(to, 11, "%.7s", today);
    if ((fs && !month_ok(fs)) || (ts && !month_ok(ts))) {
        struct verrs e = {0};
        verr_add(&e, fs && !month_ok(fs) ? "from" : "to", "must be a month YYYY-MM");
        reply_problem(r, YH_ERR_BAD_REQUEST, "from and to are months YYYY-MM", &e);
        return false;
    }
    if (fs) {
        snprintf(from, 11, "%.7s", fs);
    }
    if (ts) {
        snprintf(to, 11, "%.7s", ts);
    }
    return true;
}

/* GET /v1/dues/arrears: months owed per member (from the later of `from` and the month
 * the member joined) and per branch. */
void dues_arrears(struct req *r)
{
    struct db_rows rows;
    char from[11], to[11];
    int64_t bid = 0;
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "arrears are for staff and secretaries", NULL);
        return;
    }
    if (!month_range_or_reply(r, from, to) || !query_id_or_reply(r, "branch", &bid)) {
        return;
    }
    if (req_is_secretary(r)) {
        if (bid != 0 && bid != r->claims.branch_id) {
            reply_problem(r, YH_ERR_NOT_FOUND, "no such branch", NULL);
            return;
        }
        bid = r->claims.branch_id ? r->claims.branch_id : -1;
    }
    enum yh_err err = dues_db_paid(r->db, r->claims.office, bid, from, to, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *members = cJSON_CreateArray();
    cJSON *branches = cJSON_CreateObject(); /* keyed by branch id while counting */
    int64_t total = 0;
    for (size_t i = 0; i < rows.nrows; i++) {
        const char *joined = db_str(&rows, i, 4);
        const char *start = joined[0] && strcmp(joined, from) > 0 ? joined : from;
        int64_t owed = months_between(start, to) - db_i64(&rows, i, 5);
        if (owed <= 0) {
            continue;
        }
        total += owed;
        cJSON *m = cJSON_CreateObject();
        json_add_id(m, "member_id", db_i64(&rows, i, 0));
        cJSON_AddStringToObject(m, "name", db_str(&rows, i, 1));
        json_add_id(m, "branch_id", db_i64(&rows, i, 2));
        cJSON_AddNumberToObject(m, "months_owed", (double)owed);
        cJSON_AddNumberToObject(m, "paid_fen", (double)db_i64(&rows, i, 6));
        cJSON_AddItemToArray(members, m);
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)db_i64(&rows, i, 2));
        cJSON *b = cJSON_GetObjectItemCaseSensitive(branches, key);
        if (b == NULL) {
            b = cJSON_AddObjectToObject(branches, key);
            json_add_id(b, "branch_id", db_i64(&rows, i, 2));
            cJSON_AddStringToObject(b, "name", db_str(&rows, i, 3));
            cJSON_AddNumberToObject(b, "members_owing", 0);
            cJSON_AddNumberToObject(b, "months_owed", 0);
        }
        cJSON *mo = cJSON_GetObjectItemCaseSensitive(b, "members_owing");
        cJSON_SetNumberValue(mo, mo->valuedouble + 1);
        cJSON *mm = cJSON_GetObjectItemCaseSensitive(b, "months_owed");
        cJSON_SetNumberValue(mm, mm->valuedouble + (double)owed);
    }
    db_rows_free(&rows);
    cJSON *blist = cJSON_CreateArray();
    cJSON *b = branches->child;
    while (b != NULL) {
        cJSON *next = b->next;
        cJSON_AddItemToArray(blist, cJSON_DetachItemViaPointer(branches, b));
        b = next;
    }
    cJSON_Delete(branches);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "from", from);
    cJSON_AddStringToObject(body, "to", to);
    cJSON_AddNumberToObject(body, "months_owed", (double)total);
    cJSON_AddItemToObject(body, "branches", blist);
    cJSON_AddItemToObject(body, "members", members);
    reply_json_take(r, 200, body);
}

/* GET /v1/dues/export: CSV for the finance side. */
void dues_export(struct req *r)
{
    struct db_rows rows;
    char from[11], to[11];
    if (!month_range_or_reply(r, from, to)) {
        return;
    }
    enum yh_err err = dues_db_export(r->db, r->claims.office, from, to, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    struct buf out = {0};
    buf_puts(&out, "\xEF\xBB\xBFmonth,member_id,name,branch,amount_yuan,paid_on,paid_by,proxy_name,channel\r\n");
    for (size_t i = 0; i < rows.nrows; i++) {
        int64_t fen = db_i64(&rows, i, 4);
        /* every text cell through csv_field, which neutralises formula starts */
        for (size_t c = 0; c < 9; c++) {
            if (c > 0) {
                buf_puts(&out, ",");
            }
            if (c == 4) {
                buf_printf(&out, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
            } else {
                csv_field(&out, db_str(&rows, i, c) ? db_str(&rows, i, c) : "");
            }
        }
        buf_puts(&out, "\r\n");
    }
    db_rows_free(&rows);
    reply_header(r, "Content-Disposition", "attachment; filename=\"dues.csv\"");
    reply_raw(r, 200, "text/csv; charset=utf-8", out.data, out.len);
    buf_free(&out);
}
